"""Which characters the project's fonts can set, what to add for those they cannot, and how
wide a text is set in them.

Read from the fonts' own character maps (fontTools, which WeasyPrint already uses), so stage 1
can say, per field and language, that a text uses a script no bundled font covers, and which
font to add, before WeasyPrint would print a `.notdef` box for each glyph.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb
from fontTools import unicodedata as scripts
from fontTools.ttLib import TTFont

from .files import remembered

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


def coverage(folder: Path, cache: Path | None = None) -> frozenset[int]:
    """Every code point some font of the folder has a glyph for (remembered in `cache`, the
    build's: reading the fonts' character maps is a quarter of a second)."""
    return _coverage(tuple((str(p), p.stat().st_mtime_ns) for p in font_files(folder)), cache)


@lru_cache(maxsize=4)
def _coverage(files: tuple[tuple[str, int], ...], cache: Path | None) -> frozenset[int]:
    def read() -> list[int]:
        covered: set[int] = set()
        for path, _ in files:
            with TTFont(path, lazy=True, fontNumber=0) as font:
                covered |= set(font.getBestCmap() or {})
        return sorted(covered)
    return frozenset(remembered(cache, "coverage", [Path(p) for p, _ in files], read))


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


# The faces the layouts set text in, each with the one that sets the characters it lacks
# (Arabic): for measuring a text's width without a layout (designs.py).
BUNDLED = Path(__file__).resolve().parent.parent / "assets" / "fonts"
SERIF = ("NotoSerif-Regular.ttf", "NotoNaskhArabic-Regular.ttf")
SANS = ("Inter-Regular.otf", "NotoSansArabic-Regular.ttf")
SANS_MEDIUM = ("Inter-Medium.otf", "NotoSansArabic-Regular.ttf")
SANS_SEMIBOLD = ("Inter-SemiBold.otf", "NotoSansArabic-Bold.ttf")
SANS_BOLD = ("Inter-Bold.otf", "NotoSansArabic-Bold.ttf")


@lru_cache(maxsize=16)
def _advances(file: str) -> tuple[dict[int, float], float]:
    """A font's advance width of each character, in ems, and its widest (read by HarfBuzz:
    a tenth of the time fontTools takes, which a one-factsheet build waits for)."""
    face = hb.Face(hb.Blob.from_file_path(str(BUNDLED / file)))
    font = hb.Font(face)
    glyphs = {code: font.get_nominal_glyph(code) for code in face.unicodes}
    widths = {code: font.get_glyph_h_advance(glyph) / face.upem
              for code, glyph in glyphs.items() if glyph is not None}
    return widths, max(widths.values())


def width(text: str, face: tuple[str, ...], size: float, spacing: float = 0.0) -> float:
    """A text's width in mm at `size` pt, each character in the first font of `face` that has
    it (advance widths: no kerning, which errs wide)."""
    fonts = [_advances(file) for file in face]
    ems = 0.0
    for character in text:
        code = ord(character)
        ems += next((widths[code] for widths, _ in fonts if code in widths), fonts[0][1])
        ems += spacing
    return ems * size * 25.4 / 72


def lines(text: str, face: tuple[str, ...], size: float, measure: float) -> list[str]:
    """A text broken into lines of `measure` mm, word by word, never hyphenated."""
    space = width(" ", face, size)
    found: list[str] = []
    line: list[str] = []
    used = 0.0
    for word in text.split():
        wide = _word(word, face, size)
        if line and used + space + wide > measure:
            found.append(" ".join(line))
            line, used = [], 0.0
        used += (space if line else 0.0) + wide
        line.append(word)
    return found + [" ".join(line)] if line else found


@lru_cache(maxsize=65536)
def _word(word: str, face: tuple[str, ...], size: float) -> float:
    return width(word, face, size)
