"""Stage 4: only the project's files are fetched; a WeasyPrint warning fails the output."""

from __future__ import annotations

import datetime
import re

from pipeline.config import REPOSITORY
from pipeline.kinds import FACTSHEET
from pipeline.model import Output, RenderedDocument
from pipeline.pdf import PdfWriter


def document(html):
    return RenderedDocument(Output(FACTSHEET, "en", 2017, "x"), html, "t", "a", "s", (),
                            datetime.date(2017, 12, 1))


def writer(tmp_path):
    return PdfWriter({"project": tmp_path}, REPOSITORY / "assets" / "fonts", tmp_path / "build")


def test_files_outside_the_project_and_network_urls_are_refused(tmp_path):
    html = ('<html lang="en"><title>t</title><body><p>x</p><img src="file:///etc/hostname">'
            '<img src="../../../../etc/passwd"><img src="http://example.org/a.png">'
            '<link rel="attachment" href="file:///project/../../etc/passwd"></body></html>')
    target = tmp_path / "out.pdf"
    pages, problems = writer(tmp_path).write(document(html), target)
    refused = sorted(re.search(r"(\S+) is outside the project's folders", p.message)[1]
                     for p in problems if "outside" in p.message)
    assert refused == ["file:///etc/hostname", "file:///etc/passwd",
                       "file:///project/../../etc/passwd", "http://example.org/a.png"]
    assert not target.exists()  # a failing output leaves no PDF behind
    assert not list(tmp_path.glob(".out.pdf.*"))


def test_project_files_are_served_through_the_mount(tmp_path):
    from PIL import Image
    Image.new("RGB", (30, 20), "red").save(tmp_path / "dot.png")
    pages, problems = writer(tmp_path).write(
        document('<html lang="en"><title>t</title><body><img src="dot.png" alt="dot" style="width: 5mm"></body></html>'),
        tmp_path / "out.pdf")
    assert problems == []


def test_clean_document_is_written(tmp_path):
    target = tmp_path / "out.pdf"
    pages, problems = writer(tmp_path).write(
        document('<html lang="en"><title>t</title><body><p style="font-family: Inter">Hello</p>'
                 '</body></html>'), target)
    assert (pages, problems) == (1, [])
    assert target.read_bytes().startswith(b"%PDF-")
