"""The slug line of a print sheet: what the sheet is, set beyond the trim and the bleed."""

from __future__ import annotations

import datetime

from ..model import Output
from ..profiles import Press


def slug_line(output: Output, programme: str, published: datetime.date, press: Press) -> str:
    """The slug line of a print PDF, as CSS: what the sheet is (file, edition, the edition's
    date, page n of N), under the trim, in the slug between the bleed and the sheet's edge.

    In the bottom corner margin boxes, the only ones the layouts leave free: their negative
    margins take them out of the page, the same distance from the trim on every page (a
    corner box is as wide as the page's margin, none on a full-bleed cover). The file and
    edition run right from the left crop mark and the page number left from the right one,
    so neither meets the register cross at the middle. In registration colour, like the
    marks: the line is on every plate, so each plate says which sheet it is."""
    clear = 6  # mm from the crop marks at the trim's corners
    corner = (f"font: 400 6pt/1 Inter, sans-serif; color: device-cmyk(1 1 1 1); direction: ltr; "
              f"white-space: nowrap; vertical-align: bottom; margin-bottom: "
              f"-{press.slug_mm - 1:g}mm;")
    about = f"{output.filename} · {programme} edition {output.year} · {published.isoformat()}"
    return ("@page { @bottom-left-corner { content: %s; text-align: left; margin-left: %gmm; "
            "margin-right: -150mm; %s } @bottom-right-corner { content: \"page \" counter(page) "
            "\" of \" counter(pages); text-align: right; margin-right: %gmm; margin-left: -150mm; "
            "%s } }" % (_css_string(about), clear, corner, clear, corner))


def _css_string(text: str) -> str:
    """A text as a CSS string: every character that could end it (or the <style> element
    it is written into) escaped by its code point."""
    return '"%s"' % "".join(c if c.isalnum() or c in " .-_·" else f"\\{ord(c):x} " for c in text)
