"""The pages as pdfium lays them out: words, boxes and placed images agree with poppler's
reading of the same PDF (pdftotext -bbox, pdfimages -list), an independent witness."""

from __future__ import annotations

import html
import re
import subprocess

import pikepdf
import pytest
from PIL import Image

from pipeline.pdf import sheets

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                  r"([^<]*)</word>")


def written(tmp_path, body, page="size: A4; margin: 20mm"):
    import weasyprint

    path = tmp_path / "sheet.pdf"
    weasyprint.HTML(string=f'<html lang="en"><style>@page {{ {page} }} body {{ font-family: '
                    f'Inter }}</style><body>{body}</body></html>',
                    base_url=str(tmp_path)).write_pdf(path)
    return path


def poppler_words(path):
    """Each page's words with their boxes in user space: pdftotext measures from the sheet's
    top left corner, downwards, so they are turned with the sheet's own box."""
    text = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [[(html.unescape(w[4]), tuple(float(v) for v in w[:4])) for w in WORD.findall(page)]
            for page in text.split("</page>")[:-1]]


@pytest.mark.parametrize("page", ["size: A4; margin: 20mm",
                                  "size: A4; margin: 20mm; bleed: 8mm; marks: crop"])
def test_words_and_their_boxes_agree_with_poppler(tmp_path, page):
    """With bleed the sheet's origin is below and left of (0, 0): the boxes still agree."""
    path = written(tmp_path, "<h1>Migration policy</h1><p>" + "Capacity building with "
                   "partner countries, in three languages. " * 12 + "</p>"
                   '<p style="break-before: page">page 2 of 2</p>', page)
    with sheets.read(path) as pages:
        assert len(pages) == 2
        if "bleed" in page:
            assert pages[0].sheet[0] < -20 and pages[0].bleed[0] < 0
        for sheet, theirs in zip(pages, poppler_words(path)):
            ours = sheet.words
            assert [text for text, _ in ours] == [text for text, _ in theirs]
            for (_, box), (_, (left, top, right, bottom)) in zip(ours, theirs):
                # poppler's box is the line's (ascent to descent), ours the glyphs' ink
                turned = (sheet.sheet[0] + left, sheet.sheet[3] - bottom,
                          sheet.sheet[0] + right, sheet.sheet[3] - top)
                assert sheets.within(box, (turned[0] - 1, turned[1] - 0.5, turned[2] + 1,
                                           turned[3] + 0.5)), (box, turned)
                side_bearing = 0.1 * (turned[3] - turned[1])  # of the first and last letter
                assert abs(box[0] - turned[0]) < side_bearing > abs(box[2] - turned[2])


def test_text_objects_enclose_the_boxes_of_their_words(tmp_path):
    """What lets preflight read no further on a page whose text objects lie on the sheet: a
    word lies within the bounds of the objects it is set in (one a letter, in a drawing)."""
    path = written(tmp_path, "<h1>Key facts</h1><p>Budget, duration and partners.</p>"
                   '<svg width="60mm" height="20mm"><text x="5" y="30">In a drawing</text>'
                   "</svg>")
    with sheets.read(path) as (page,):
        bounds = list(page.text_bounds())
        assert len(page.words) == 9 and len(bounds) > 9
        for _, box in page.words:
            lefts, bottoms, rights, tops = zip(*[b for b in bounds if sheets.overlaps(b, box)])
            assert sheets.within(box, (min(lefts), min(bottoms), max(rights), max(tops))), box


def test_placed_images_agree_with_poppler(tmp_path):
    """An image placed in the page and one in an SVG; then the same page drawn as a drawing
    (a form XObject) at half its size, placed at half that: the resolutions pdfimages works
    out, four times as high (pdfium keeps the drawing's placement apart from what is in it)."""
    Image.new("RGB", (300, 150), "teal").save(tmp_path / "picture.png")
    (tmp_path / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="200" height="100"><image width="100" height="50" '
        'xlink:href="picture.png"/></svg>')
    path = written(tmp_path, '<img src="picture.png" style="width: 2in">'
                   '<img src="drawing.svg" style="width: 4in">')
    assert resolutions(path) == [(150, 150)] * 2
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].contents_coalesce()
        page = pdf.pages[0].obj
        drawing = pdf.make_stream(page.Contents.read_bytes())
        drawing.update({"/Type": pikepdf.Name.XObject, "/Subtype": pikepdf.Name.Form,
                        "/BBox": page.MediaBox, "/Resources": page.Resources,
                        "/Matrix": pikepdf.Array([0.5, 0, 0, 0.5, 0, 0])})
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm0=drawing))
        page.Contents = pdf.make_stream(b"q 0.5 0 0 0.5 20 20 cm /Fm0 Do Q")
        pdf.save(path)
    assert resolutions(path) == [(600, 600)] * 2


def resolutions(path):
    """(ours, poppler's) resolution of every image on the first page, in pixels per inch."""
    with sheets.read(path) as (page,):
        ours = sorted(round(pixels / (width / 72)) for pixels, _, width, _ in page.images())
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    return list(zip(ours, sorted(int(row.split()[12]) for row in listed)))
