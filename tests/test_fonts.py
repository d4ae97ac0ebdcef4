"""Font coverage: what the project's fonts can set, and the advice for what they cannot."""

from __future__ import annotations

import hashlib
import re

from pipeline.config import REPOSITORY
from pipeline.fonts import coverage, uncovered

FONTS = REPOSITORY / "assets" / "fonts"


def test_the_fonts_cover_the_programmes_languages():
    covered = coverage(FONTS)
    assert uncovered("Côte d’Ivoire — «œuvre», ¿Qué?, naïve, 19–21 € 10.7", covered) is None
    # Arabic, with its comma, question mark, lam-alef and the tatweel editors type.
    assert uncovered("التعاون، الهجرة؟ لا بدّ من ذلك — GLO.ACT 2017 ـ", covered) is None


def test_the_fonts_are_the_ones_the_readme_pins():
    """Every font file is listed in assets/fonts/README.md with its SHA-256, and is that file."""
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^\| `([^`]+\.(?:otf|ttf))` \| `([0-9a-f]{64})` \|$", readme, re.M))
    files = sorted(p.name for p in FONTS.iterdir() if p.suffix in (".otf", ".ttf"))
    assert sorted(pinned) == files
    for name, digest in pinned.items():
        assert hashlib.sha256((FONTS / name).read_bytes()).hexdigest() == digest, name


def test_a_script_no_font_has_is_named_with_the_fonts_to_add():
    covered = coverage(FONTS)
    assert uncovered("中华人民共和国", covered) == (
        "7 character(s) no font of the project has: 中 (U+4E2D) 华 (U+534E) 人 (U+4EBA) 民 "
        "(U+6C11) and 3 more, Han script; add Noto Serif CJK and Noto Sans CJK (the variant of "
        "the language: SC, TC, JP or KR) to assets/fonts, or write them otherwise")
    assert "Noto Serif Hebrew and Noto Sans Hebrew" in uncovered("שיתוף", covered)
    assert uncovered("a\u200bb", covered) is None  # an invisible character is not drawn
