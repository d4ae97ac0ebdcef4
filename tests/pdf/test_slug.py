"""The slug line: on every print-house page, beyond the bleed, saying what the sheet is."""

from __future__ import annotations

import datetime
import subprocess

import pikepdf

from pipeline.kinds import ANNUAL_REPORT
from pipeline.model import Output
from pipeline.pdf.preflight import preflight
from pipeline.profiles import PROFILES
from pipeline.pdf.slug import slug_line


def test_real_print_house_pages_carry_their_slug_line_outside_the_bleed(edition_2017):
    """File, edition, the edition's date (not the day it was built) and page n of N, under
    the trim and clear of the BleedBox, in registration colour like the crop marks."""
    settings, _ = edition_2017
    built = settings.output_folder
    for path in sorted((built / "print-house").glob("*.pdf")):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout.split("\f")[:-1]
        for number, page_text in enumerate(text, 1):
            slug = f"{path.name} · MIEUX edition 2017 · 2017-12-01"
            assert slug in page_text, (path.name, number)
            assert f"page {number} of {len(text)}" in page_text, (path.name, number)
    report = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["print-house"])
    assert [p for p in preflight(built / "print-house/annual-report-2017-en.pdf", report)
            if p.code == "preflight.slug"] == []
    with pikepdf.open(built / "print-house/annual-report-2017-en.pdf") as pdf:
        assert b"1 1 1 1 scn" in pdf.pages[1].obj.Contents.read_bytes()


def test_a_programme_name_is_written_as_it_is(tmp_path):
    """Quotes, braces and a closing tag in a name stay text: the line cannot end early."""
    import weasyprint

    report = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["print-house"])
    name = 'M"}</style> {x'
    css = slug_line(report, name, datetime.date(2017, 12, 1), PROFILES["print-house"].press)
    html = (f"<html><style>@page {{ size: A4; bleed: 8mm; margin: 20mm }} {css}</style>"
            "<p>Page.</p></html>")
    weasyprint.HTML(string=html).write_pdf(tmp_path / "slug.pdf")
    text = subprocess.run(["pdftotext", str(tmp_path / "slug.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"annual-report-2017-en.pdf · {name} edition 2017 · 2017-12-01" in text
    assert "page 1 of 1" in text
