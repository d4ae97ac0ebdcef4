"""Stage 4, last touch for Arabic: a ToUnicode that gives copied text and screen readers the
letters, not what WeasyPrint 70 guessed.

WeasyPrint builds each font's ToUnicode from the first text a glyph is drawn with, giving a
whole cluster to its first glyph and nothing to the others: an Arabic letter with a mark reads
back wrong, a mark glyph gets an empty entry (PDF/UA-1 and PDF/A-3a validators call that a
malformed CMap), a lam-alef ligature reads back in the wrong order. Here each such entry is
rewritten with the character the glyph stands for in the font itself: its character map, then
its substitutions (a letter's initial, medial and final forms are that letter). For a
ligature, the presentation-form character, which NFKC expands in logical order (a two-letter
entry comes back reversed from poppler's pdftotext). Fonts without Arabic are not touched, so
PDFs in other scripts are byte for byte what they were.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from ..fonts import font_files

ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFC]")
PRESENTATION = re.compile(r"[\uFB50-\uFDFF\uFE70-\uFEFC]")
ENTRY = re.compile(rb"<([0-9a-f]{4})> <([0-9a-f]*)>")


def repair(document, pdf, fonts: Path) -> None:
    """Rewrite the ToUnicode entries of the Arabic fonts of a PDF pydyf is about to write."""
    by_name = {font.name: font for font in document.fonts.values()}
    for obj in pdf.objects:
        if not isinstance(obj, dict) or obj.get("Type") != "/Font" \
                or obj.get("Subtype") != "/Type0" or "ToUnicode" not in obj:
            continue
        stream = pdf.objects[int(obj["ToUnicode"].split()[0])]
        if not any(_guessed(line) for line in stream.stream):
            continue  # the usual case: nothing to mend, no font file opened
        font = by_name.get(obj["BaseFont"])
        path = _font_file(font, fonts) if font is not None else None
        own = glyph_characters(path) if path else {}
        if own:
            stream.stream[:] = [_entry(line, own) for line in stream.stream]


def _guessed(line) -> tuple[int, str] | None:
    """An entry WeasyPrint guessed: empty, or a cluster's text given to one glyph ("أُ" on
    the damma, "لا" on lam-alef); its glyph and text."""
    match = ENTRY.fullmatch(line) if isinstance(line, bytes) else None
    if not match:
        return None
    text = bytes.fromhex(match.group(2).decode()).decode("utf-16-be")
    if text and not (len(text) > 1 and ARABIC.search(text)):
        return None
    return int(match.group(1), 16), text


def _entry(line, own: dict[int, str]):
    guessed = _guessed(line)
    if guessed is None:
        return line
    glyph, text = guessed
    new = own.get(glyph) or text or "\u200d"  # an entry is never left empty
    return f"<{glyph:04x}> <{new.encode('utf-16-be').hex()}>".encode()


def _character(char: str) -> str:
    """A presentation form as the text it stands for: one letter, a ligature kept whole (NFKC
    expands it in logical order), the marks of a mark ligature without its space."""
    if not PRESENTATION.match(char):
        return char
    normal = unicodedata.normalize("NFKC", char)
    if len(normal) == 1:
        return normal
    return normal.replace(" ", "") if " " in normal else char


@lru_cache(maxsize=None)
def _font_files(folder: Path) -> dict:
    """(typographic family, weight class, italic) -> font file, for the fonts folder."""
    files = {}
    for path in font_files(folder):
        with TTFont(path, lazy=True) as font:
            family = font["name"].getDebugName(16) or font["name"].getDebugName(1)
            italic = bool(font["OS/2"].fsSelection & 1)
            files[(family, font["OS/2"].usWeightClass, italic)] = path
    return files


def _font_file(font, folder: Path) -> Path | None:
    files = _font_files(Path(folder))
    italic = font.style != 0
    for weight in (font.weight, 700 if font.weight > 500 else 400):
        path = files.get((font.family, weight, italic)) or files.get((font.family, weight, False))
        if path:
            return path
    return None


@lru_cache(maxsize=None)
def glyph_characters(path: Path) -> dict[int, str]:
    """Glyph id -> the text it stands for, for a font with Arabic ({} for any other)."""
    font = TTFont(path)
    cmap = font.getBestCmap() or {}
    if not any(ARABIC.match(chr(code)) for code in cmap):
        return {}
    own = {glyph: chr(code) for code, glyph in sorted(cmap.items(), reverse=True)
           if not PRESENTATION.match(chr(code))}  # the lowest code point wins
    subtables = _substitutions(font)
    _close(own, subtables)
    _presentation_forms(own, cmap)
    _close(own, subtables)
    _decomposed(own, subtables)
    return {font.getGlyphID(glyph): text for glyph, text in own.items()}


def _presentation_forms(own: dict[str, str], cmap: dict[int, str]) -> None:
    """Glyphs only a presentation form reaches (lam-alef, isolated mark ligatures)."""
    for code, glyph in sorted(cmap.items()):
        if PRESENTATION.match(chr(code)):
            text = _character(chr(code))
            if glyph not in own or len(own[glyph]) > 1 and len(text) == 1:
                own[glyph] = text


def _decomposed(own: dict[str, str], subtables: list) -> None:
    """The other outputs of a decomposition read as the letter decomposed."""
    for sub in subtables:
        if type(sub).__name__ == "MultipleSubst":
            for first, sequence in sub.mapping.items():
                for glyph in sequence[1:]:
                    if first in own and glyph not in own:
                        own[glyph] = own[first]


def _substitutions(font) -> list:
    found = []
    if "GSUB" in font:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for sub in lookup.SubTable:
                while getattr(sub, "ExtSubTable", None) is not None:
                    sub = sub.ExtSubTable
                found.append(sub)
    return found


def _close(own: dict[str, str], subtables: list) -> None:
    """Give each glyph a substitution reaches the text of the glyph it replaces, to a fixed
    point; a ligature the text of its parts."""
    changed = True
    while changed:
        changed = False
        for sub in subtables:
            for source, target in _pairs(sub, own):
                if source in own and target not in own:
                    own[target] = own[source]
                    changed = True
            if type(sub).__name__ == "LigatureSubst":
                for first, ligatures in sub.ligatures.items():
                    for ligature in ligatures:
                        parts = [first, *ligature.Component]
                        if ligature.LigGlyph not in own and all(p in own for p in parts):
                            own[ligature.LigGlyph] = "".join(own[p] for p in parts)
                            changed = True


def _pairs(sub, own) -> list[tuple[str, str]]:
    kind = type(sub).__name__
    if kind == "SingleSubst":
        return list(sub.mapping.items())
    if kind == "AlternateSubst":
        return [(a, b) for a, alternates in sub.alternates.items() for b in alternates]
    if kind == "MultipleSubst":
        return [(a, sequence[0]) for a, sequence in sub.mapping.items() if sequence]
    return []
