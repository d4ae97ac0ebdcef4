"""The pages of a written PDF as pdfium lays them out, for preflight: each page's sheet and
bleed, the words set on it with their boxes, and the images drawn on it with their placed sizes.

Everything is measured in PDF user space (points, from the bottom left corner), as the page's
boxes are, so a word's box and the BleedBox compare as they stand. pdfium reads the file once,
in this process; preflight reads the file's structure with pikepdf.
"""

from __future__ import annotations

import ctypes
import math
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Box = tuple[float, float, float, float]  # left, bottom, right, top
IDENTITY = (1, 0, 0, 1, 0, 0)
DEPTH = 8  # drawings within drawings, at most; deeper is a loop in a damaged file


@contextmanager
def read(path: Path):
    """The PDF's pages, laid out: a list of Sheet, valid inside the `with` block."""
    with pdfium.PdfDocument(str(path)) as document:
        yield [Sheet(document[index]) for index in range(len(document))]


class Sheet:
    """One page: the sheet (the MediaBox within the CropBox, what is printed or shown), the
    BleedBox (the CropBox where there is none), and what is set and drawn on it."""

    def __init__(self, page):
        self.page, self.sheet, self.bleed = page, page.get_bbox(), page.get_bleedbox()

    def text_bounds(self):
        """The bounds of each text object on the page, and of each drawing (a form XObject,
        for the text it may hold): they enclose the boxes of the letters in them."""
        left, bottom, right, top = (ctypes.c_float() for _ in range(4))
        for index in range(pdfium_c.FPDFPage_CountObjects(self.page)):
            item = pdfium_c.FPDFPage_GetObject(self.page, index)
            if pdfium_c.FPDFPageObj_GetType(item) in (pdfium_c.FPDF_PAGEOBJ_TEXT,
                                                      pdfium_c.FPDF_PAGEOBJ_FORM):
                pdfium_c.FPDFPageObj_GetBounds(item, left, bottom, right, top)
                yield left.value, bottom.value, right.value, top.value

    @cached_property
    def words(self) -> list[tuple[str, Box]]:
        """Each word (letters between white space) with the box around its letters' glyphs,
        in reading order."""
        textpage = self.page.get_textpage()
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        words, letters, boxes = [], [], []
        count = textpage.count_chars()
        for index in range(count):
            letter = chr(pdfium_c.FPDFText_GetUnicode(textpage, index))
            if not letter.isspace():
                pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
                letters.append(letter)
                boxes.append((left.value, bottom.value, right.value, top.value))
            if letters and (letter.isspace() or index == count - 1):
                lefts, bottoms, rights, tops = zip(*boxes)
                words.append(("".join(letters), (min(lefts), min(bottoms), max(rights),
                                                 max(tops))))
                letters, boxes = [], []
        return words

    def images(self):
        """(width, height in pixels, placed width, height in points) of every image drawn on
        the page, in a drawing too (placed by the drawing's matrix as well)."""
        return _drawn(self.page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject,
                      IDENTITY, 0)


def _drawn(container, count, get, outer, depth):
    matrix, width, height = pdfium_c.FS_MATRIX(), ctypes.c_uint(), ctypes.c_uint()
    for index in range(count(container) if depth <= DEPTH else 0):
        item = get(container, index)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            continue
        pdfium_c.FPDFPageObj_GetMatrix(item, matrix)
        placed = _multiply((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            pdfium_c.FPDFImageObj_GetImagePixelSize(item, width, height)
            yield (width.value, height.value, math.hypot(placed[0], placed[1]),
                   math.hypot(placed[2], placed[3]))
        else:
            yield from _drawn(item, pdfium_c.FPDFFormObj_CountObjects,
                              pdfium_c.FPDFFormObj_GetObject, placed, depth + 1)


def _multiply(m, n):
    return (m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
            m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
            m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5])


def within(box: Box, area: Box) -> bool:
    return area[0] <= box[0] and area[1] <= box[1] and box[2] <= area[2] and box[3] <= area[3]


def overlaps(box: Box, area: Box) -> bool:
    return box[0] < area[2] and area[0] < box[2] and box[1] < area[3] and area[1] < box[3]
