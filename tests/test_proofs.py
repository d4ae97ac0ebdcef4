"""Proofs and page fill: every page as a PNG, a contact sheet per PDF, and how full each page is."""

from __future__ import annotations

import subprocess

import pikepdf
import pytest
from PIL import Image, ImageDraw

from pipeline.build import build
from pipeline.config import Settings
from pipeline.images import PRINT_ICC, cmyk_of
from pipeline.proofs import fill, make_proofs, page_fills, render

LANGUAGES = ("en", "fr", "es")
MINIMUM_FILL = 0.55


def test_proofs_make_a_contact_sheet_per_pdf(sample):
    settings = Settings(project=sample, jobs=1, profiles=("office",))
    build(settings)
    sheets = make_proofs(settings)
    assert len(sheets) == 6 and all("fill per page" in sheet for sheet in sheets)
    assert sorted((sample / "build/2017/proofs/office/factsheet-sample-action-en").glob("*.png"))


def test_fill_measures_how_far_down_the_type_area_content_runs():
    page = Image.new("RGB", (413, 585), "white")  # A4 at 50 dpi
    draw = ImageDraw.Draw(page)
    top = round(22 * 50 / 25.4)
    for line in range(0, 250, 10):  # lines of text, 10 px apart, a third of the type area
        if top + line < top + 166:
            draw.rectangle((60, top + line, 300, top + line + 5), fill="black")
    assert 0.3 < fill(page) < 0.36
    assert fill(Image.new("RGB", (413, 585), "white")) == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_body_page_of_the_report_is_filled(edition_2017, language):
    settings, _ = edition_2017
    fills = page_fills(settings.output_folder / "office" / f"annual-report-2017-{language}.pdf")
    # The cover and the back cover are not body pages.
    body = [(number, f) for number, f in enumerate(fills[1:-1], 2) if f > 0]
    assert len(body) >= 9
    assert [(n, round(f, 2)) for n, f in body if f < MINIMUM_FILL] == []


def test_every_factsheet_page_is_filled(edition_2017):
    settings, written = edition_2017
    factsheets = [w.path for w in written if w.output.name.startswith("office/factsheet-")]
    assert len(factsheets) == 33
    thin = [(path.name, [round(f, 2) for f in page_fills(path)]) for path in factsheets
            if min(page_fills(path)) < MINIMUM_FILL]
    assert thin == []


GOLD, OCEAN = "#e0a526", "#e4ebf6"  # the accent, and the sea of the maps


def _patches(path, colours, output_intent=True):
    """A PDF of one 72 pt patch per colour, painted in the print profile's inks (the
    device-cmyk values the print-house profile writes for them), for FOGRA39 if asked."""
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(72 * len(colours), 72))
    page.obj.Contents = pdf.make_stream(b"".join(
        b"%.3f %.3f %.3f %.3f k %d 0 72 72 re f\n" % (*cmyk_of(colour), 72 * index)
        for index, colour in enumerate(colours)))
    if output_intent:
        profile = pdf.make_stream(PRINT_ICC.read_bytes())
        profile.N = 4
        pdf.Root.OutputIntents = [pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
            OutputConditionIdentifier="FOGRA39", DestOutputProfile=profile)]
    pdf.save(path)
    return path


def _colours(png, count):
    page = Image.open(png).convert("RGB")
    return [page.getpixel((round((index + 0.5) * page.width / count), page.height // 2))
            for index in range(count)]


def _naive(pdf, folder):
    """Poppler's own CMYK to RGB, what the proofs showed before."""
    subprocess.run(["pdftoppm", "-png", "-r", "36", str(pdf), str(folder / "naive")], check=True)
    return sorted(folder.glob("naive-*.png"))[0]


def test_a_print_proof_shows_the_inks_through_the_press_profile(tmp_path):
    """The gold, printed on FOGRA39 paper, is the gold the designer chose (the inks were
    made from it with the same profile); poppler's formula shows it darker and redder."""
    pdf = _patches(tmp_path / "patches.pdf", [GOLD, OCEAN])
    managed_gold, managed_ocean = _colours(render(pdf, tmp_path, 36)[0], 2)
    naive_gold, naive_ocean = _colours(_naive(pdf, tmp_path), 2)
    chosen = Image.new("RGB", (1, 1), GOLD).getpixel((0, 0))
    assert max(abs(a - b) for a, b in zip(managed_gold, chosen)) <= 3, managed_gold
    # Naive: darker (every channel lower) and redder (green falls more than red).
    assert all(n < m for n, m in zip(naive_gold, managed_gold)), (naive_gold, managed_gold)
    assert managed_gold[1] - naive_gold[1] > managed_gold[0] - naive_gold[0]
    # The sea: naive is a darker grey; managed keeps it light and blue (blue above red).
    assert sum(naive_ocean) < sum(managed_ocean) - 15, (naive_ocean, managed_ocean)
    assert managed_ocean[2] - managed_ocean[0] >= 8, managed_ocean


def test_a_pdf_without_a_press_is_proofed_as_poppler_shows_it(tmp_path):
    """No output intent: no press to simulate, the proof is poppler's own (office, screen,
    archive PDFs are RGB and stay as they were)."""
    pdf = _patches(tmp_path / "patches.pdf", [GOLD], output_intent=False)
    proof = render(pdf, tmp_path, 36)[0]
    assert Image.open(proof).convert("RGB").tobytes() == \
        Image.open(_naive(pdf, tmp_path)).convert("RGB").tobytes()


def test_print_house_proofs_keep_contact_sheets_and_figures(edition_2017, tmp_path):
    settings, _ = edition_2017
    report = settings.output_folder / "print-house" / "annual-report-2017-en.pdf"
    pages = render(report, tmp_path)
    assert len(pages) % 4 == 0 and Image.open(pages[0]).mode == "RGB"
    assert all(0 <= fill(Image.open(page)) <= 1 for page in pages)
