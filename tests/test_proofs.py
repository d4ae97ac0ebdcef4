"""Proofs and page fill: every page as a PNG, a contact sheet per PDF, and how full each page is."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from pipeline.build import build
from pipeline.config import Settings
from pipeline.proofs import fill, make_proofs, page_fills

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
