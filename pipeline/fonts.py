"""Which characters the project's fonts can set, and what to add for those they cannot.

Read from the fonts' own character maps (fontTools, which WeasyPrint already uses), so stage 1
can say, per field and language, that a text uses a script no bundled font covers, and which
font to add, before WeasyPrint would print a `.notdef` box for each glyph.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools import unicodedata as scripts
from fontTools.ttLib import TTFont

FONT_FILES = ("*.otf", "*.ttf")
# Fonts to suggest where the Noto family names a script otherwise than "Noto Serif <Script>".
SUGGESTIONS = {"Hani": "Noto Serif CJK and Noto Sans CJK (the variant of the language: SC, "
                       "TC, JP or KR)",
               "Hira": "Noto Serif CJK JP and Noto Sans CJK JP",
               "Kana": "Noto Serif CJK JP and Noto Sans CJK JP",
               "Hang": "Noto Serif CJK KR and Noto Sans CJK KR",
               "Arab": "Noto Naskh Arabic and Noto Sans Arabic",
               "Zyyy": "a font that has these signs (Noto Sans Symbols 2)",
               "Zinh": "a font that has these marks"}
SILENT = {"Cc", "Cf", "Zl", "Zp", "Zs"}  # not drawn: never a missing glyph


def font_files(folder: Path) -> list[Path]:
    """The font files of a folder, in name order."""
    return sorted(p for pattern in FONT_FILES for p in folder.glob(pattern) if p.is_file())


def coverage(folder: Path) -> frozenset[int]:
    """Every code point some font of the folder has a glyph for."""
    return _coverage(tuple((str(p), p.stat().st_mtime_ns) for p in font_files(folder)))


@lru_cache(maxsize=4)
def _coverage(files: tuple[tuple[str, int], ...]) -> frozenset[int]:
    covered: set[int] = set()
    for path, _ in files:
        with TTFont(path, lazy=True, fontNumber=0) as font:
            covered |= set(font.getBestCmap() or {})
    return frozenset(covered)


def uncovered(text: str, covered: frozenset[int]) -> str | None:
    """What is wrong when a text has characters no font covers: which, which script, what
    to add; None when every character can be set."""
    missing = [c for c in dict.fromkeys(text)
               if ord(c) not in covered and unicodedata.category(c) not in SILENT]
    if not missing:
        return None
    script = scripts.script(missing[0])
    name = scripts.script_name(script)
    font = SUGGESTIONS.get(script, f"Noto Serif {name} and Noto Sans {name}")
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:4])
    more = f" and {len(missing) - 4} more" if len(missing) > 4 else ""
    return (f"{len(missing)} character(s) no font of the project has: {shown}{more}, "
            f"{name} script; add {font} to assets/fonts, or write them otherwise")
