"""The ToUnicode repair: Arabic glyphs read back as the letters they stand for; other fonts are
left alone."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import page
import pikepdf
import pytest
from fontTools.ttLib import TTFont

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.sources.assemble import read_sources
from pipeline.pdf.tounicode import _entry, glyph_characters
from tests.conftest import copy_project, overlay

FONTS = REPOSITORY / "assets" / "fonts"
NASKH = FONTS / "NotoNaskhArabic-Regular.ttf"


def glyph(path, code: int) -> int:
    font = TTFont(path)
    return font.getGlyphID(font.getBestCmap()[code])


def test_a_letters_joining_forms_read_as_the_letter_and_lam_alef_as_its_two_letters():
    own = glyph_characters(NASKH)
    assert own[glyph(NASKH, 0xFE92)] == "ب"  # beh, medial form
    assert unicodedata.normalize("NFKC", own[glyph(NASKH, 0xFEFB)]) == "لا"  # in logical order


def test_a_font_without_arabic_is_not_touched():
    assert glyph_characters(FONTS / "Inter-Regular.otf") == {}
    assert glyph_characters(FONTS / "NotoSerif-Regular.ttf") == {}


def test_only_empty_entries_and_arabic_clusters_are_rewritten():
    own = {0x0101: "ب", 0x0102: "\u064f"}
    assert _entry(b"<0101> <>", own) == b"<0101> <0628>"  # empty: the glyph's own letter
    cluster = "أُ".encode("utf-16-be").hex().encode()
    assert _entry(b"<0102> <" + cluster + b">", own) == b"<0102> <064f>"
    assert _entry(b"<0103> <00660069>", own) == b"<0103> <00660069>"  # "fi": Latin, kept
    assert _entry(b"<0104> <>", own) == b"<0104> <200d>"  # unknown: never empty


# --- An Arabic factsheet and report, built (tests/projects/arabic over the minimal project) ---

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MM = 72 / 25.4


@pytest.fixture(scope="module")
def arabic(tmp_path_factory):
    project = copy_project("minimal", tmp_path_factory.mktemp("arabic"))
    overlay(project, "arabic")
    settings = Settings(project=project, languages=("ar", "en"), profiles=(
        "office", "screen", "archive"))
    build(settings)
    return settings.output_folder, read_sources(project, 2017)


def words_of(text: str) -> list[str]:
    """Text as a reader gets it, compared word by word: NFKC (presentation forms and
    ligatures back to letters), bidi controls as the run boundaries they are, no space before
    a mark, no punctuation (poppler places a neutral comma by its own reading of the line)."""
    text = BIDI_CONTROLS.sub(" ", unicodedata.normalize("NFKC", text))
    text = re.sub(r"\s+(?=[\u064b-\u065f\u0670])", "", text)
    return re.findall(r"\w+", text)


@pytest.mark.parametrize("profile", ["screen", "archive"])
def test_copied_arabic_text_is_the_source_text_in_logical_order(arabic, profile):
    folder, sources = arabic
    action = sources.action("sample-action")
    extracted = " ".join(words_of(subprocess.run(
        ["pdftotext", str(folder / profile / "factsheet-sample-action-ar.pdf"), "-"],
        capture_output=True, text=True, check=True).stdout))
    for text in (action.summary, action.activities, action.results):
        assert " ".join(words_of(text["ar"])) in extracted


@pytest.mark.parametrize("folder_name, rules", [("screen", "ua1"), ("archive", "3a")])
def test_arabic_pdfs_pass_pdfua1_and_pdfa3a_and_say_they_are_arabic(arabic, folder_name, rules):
    folder, _ = arabic
    for name in ("factsheet-sample-action-ar.pdf", "annual-report-2017-ar.pdf"):
        report = page.validate_pdf(str(folder / folder_name / name), profile=rules)
        assert report.is_compliant and not report.failures, (name, report.failures)
        with pikepdf.open(folder / folder_name / name) as pdf:
            assert str(pdf.Root.Lang) == "ar"


def title_line(path) -> tuple[float, float, float]:
    """(page width, left, right) of the tallest line of page 1: the document's title."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', layout).group(1))
    lines = [tuple(float(v) for v in match) for match in re.findall(
        r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', layout)]
    left, _, right, _ = max(lines, key=lambda box: box[3] - box[1])
    return width, left, right


def test_the_arabic_title_sits_at_the_right_margin_and_the_english_at_the_left(arabic):
    folder, _ = arabic
    width, left, right = title_line(folder / "office/factsheet-sample-action-ar.pdf")
    assert abs(right - (width - 20 * MM)) < 1 and left > width / 2
    width, left, right = title_line(folder / "office/factsheet-sample-action-en.pdf")
    assert abs(left - 20 * MM) < 1 and right < width / 2


def test_the_arabic_report_has_the_english_page_plan(arabic):
    folder, _ = arabic
    with pikepdf.open(folder / "office/annual-report-2017-ar.pdf") as ar, \
            pikepdf.open(folder / "office/annual-report-2017-en.pdf") as en:
        assert len(ar.pages) == len(en.pages)
