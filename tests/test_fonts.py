"""Font coverage: what the project's fonts can set, and the advice for what they cannot."""

from __future__ import annotations

from pipeline.config import REPOSITORY
from pipeline.fonts import coverage, uncovered

FONTS = REPOSITORY / "assets" / "fonts"


def test_the_fonts_cover_the_programmes_languages():
    covered = coverage(FONTS)
    assert uncovered("Côte d’Ivoire — «œuvre», ¿Qué?, naïve, 19–21 € 10.7", covered) is None


def test_a_script_no_font_has_is_named_with_the_fonts_to_add():
    covered = coverage(FONTS)
    assert uncovered("中华人民共和国", covered) == (
        "7 character(s) no font of the project has: 中 (U+4E2D) 华 (U+534E) 人 (U+4EBA) 民 "
        "(U+6C11) and 3 more, Han script; add Noto Serif CJK and Noto Sans CJK (the variant of "
        "the language: SC, TC, JP or KR) to assets/fonts, or write them otherwise")
    assert "Noto Naskh Arabic" in uncovered("تعاون", covered)
    assert uncovered("a\u200bb", covered) is None  # an invisible character is not drawn
