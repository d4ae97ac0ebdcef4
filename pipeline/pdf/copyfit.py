"""Copyfitting on the layout WeasyPrint made, before any PDF is written: what of a document
runs past the pages its kind allows, and a factsheet's design fitted to its page.

The templates mark each editor's field with `data-field` ("summary", "results"…); the text
that falls on a page past the limit is measured and told as lines and characters of the field
where it passes the last page, so the editor is told what to cut and by about how much. The
page's margins (a running foot, the folio) are furniture, never text to cut.

A factsheet's design is chosen from the records (designs.py, the estimate `check` shares);
here its layout is fitted: a larger design if the text still runs over, then its picture
grown into the white under the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..designs import DESIGNS, Design
from .pageplan import classes, image_height

@dataclass(frozen=True)
class Overflow:
    field: str  # the editor's field where the text passes the last page ("" when none)
    lines: int  # lines of that field to cut to bring what follows it back onto the pages
    characters: int


def overflow_mark(too_long: Overflow, max_pages: int) -> str:
    """A draft that runs too long: in every page's foot (a draft's is free: it says "DRAFT"),
    what to cut; the pages past the limit tinted, so the overflow shows at a glance."""
    text = f"OVERFLOW — cut about {too_long.lines} lines"
    if too_long.field:
        text += f" from “{too_long.field}”"
    return ('body::before { content: "%s"; position: fixed; bottom: -14mm; right: 0; '
            'font: 700 9pt/1 Inter, sans-serif; color: #b5400d; background: #ffffff; '
            'padding: 1.5mm 2mm; }\n'
            '@page :nth(n+%d) { background: #fbe3d9; }</style>' % (text, max_pages + 1))


@dataclass
class _Line:
    field: str
    height: float
    characters: int


def overflow(rendered, max_pages: int | None) -> Overflow | None:
    """What falls on the pages past `max_pages`, as lines of the field where the text passes
    the last page; None when the document fits. The page's margins (its running foot, its
    folio) are furniture, repeated on every page: never text to cut."""
    if not max_pages or len(rendered.pages) <= max_pages:
        return None
    kept: list[_Line] = []
    past: list[_Line] = []
    for number, page in enumerate(rendered.pages):
        _lines_of(page._page_box.children[0], "", past if number >= max_pages else kept)
    field = next((line.field for line in past if line.field), "")
    own = [line for line in kept + past if line.field == field and line.height]
    if not field or not own:
        return Overflow(field, len(past), sum(line.characters for line in past))
    return _as_lines_of(field, own, sum(line.height for line in past))


def _as_lines_of(field: str, own: list["_Line"], height: float) -> Overflow:
    """What runs over (`height`), in lines of the field as it is set: cut them, and what
    follows it comes back onto the pages."""
    count = -int(-height // (sum(line.height for line in own) / len(own)))
    return Overflow(field, count, round(count * sum(line.characters for line in own) / len(own)))


def _lines_of(box, field: str, found: list[_Line]) -> None:
    """The line boxes of a box tree, in order, each with the field it belongs to."""
    element = getattr(box, "element", None)
    if element is not None and hasattr(element, "get") and element.get("data-field"):
        field = element.get("data-field")
    if type(box).__name__ == "LineBox":
        found.append(_Line(field, box.height, _characters(box)))
        return
    for child in getattr(box, "children", ()):
        _lines_of(child, field, found)


def _characters(box) -> int:
    if type(box).__name__ == "TextBox":
        return len(box.text.strip())
    return sum(_characters(child) for child in getattr(box, "children", ()))


# ---------------------------------------------------------------- a factsheet's layout fitted

PX_PER_MM = 96 / 25.4
SAFETY_MM = 3  # kept free at the last page's foot: a line pushed over the break is a page more
LOCATOR_NOTES_MM = 17  # the larger locator's rule and margins above it, its notes under it
LOCATOR_LEAST_MM = 45  # a larger locator not much larger than the first page's says nothing new


def fitted(html: str, rendered, render) -> tuple[str, object]:
    """A factsheet laid out in the design chosen for it, fitted (`render(html)` lays out
    again): a larger design if its text still runs past the chosen one's pages; the picture
    grown into the white left under the text; then, on a second page with room still, the
    locator at a larger scale. Each step kept only if the document is no longer for it."""
    chosen = design_of(html)
    larger = [d for d in DESIGNS if chosen and d.pages > chosen.pages]
    if chosen and len(rendered.pages) > chosen.pages and larger:
        html = in_design(html, chosen, larger[0])
        rendered = render(html)
    if len(rendered.pages) > DESIGNS[-1].pages:
        return html, rendered  # too long for every design: nothing to grow into
    for share in (1, 0.5):  # half the growth, if all of it pushes a block over the page
        grown = _kept(html, rendered, render, picture_growth(
            rendered, white_mm(rendered) - SAFETY_MM, share))
        if grown:
            html, rendered = grown
            break
    if len(rendered.pages) > 1:
        html, rendered = _kept(html, rendered, render, large_locator(
            rendered, white_mm(rendered) - SAFETY_MM)) or (html, rendered)
    return html, rendered


def _kept(html: str, rendered, render, css: str):
    """The layout with `css` added, if there is any and the document is no longer for it."""
    if not css:
        return None
    html = html.replace("</style>", css + "\n</style>", 1)
    again = render(html)
    return (html, again) if len(again.pages) == len(rendered.pages) else None


def large_locator(rendered, white: float) -> str:
    """The CSS that shows the second page's larger locator (`#locator-large`, its width to
    height in `data-ratio`) in the white under the text, as large as the white and the
    page's width allow; "" when there is too little white for it to say more than the
    first page's."""
    page = rendered.pages[-1]._page_box
    details = next((box for box in _descendants(page) if "details" in classes(box)), None)
    element = details and next((e for e in details.element.iter()
                                if e.get("id") == "locator-large"), None)
    if element is None:
        return ""
    ratio = float(element.get("data-ratio"))
    height = min(white - LOCATOR_NOTES_MM, details.width / PX_PER_MM / ratio)
    if height < LOCATOR_LEAST_MM:
        return ""
    return ("#locator-large { display: block !important; } "
            f"#locator-large img {{ width: {height * ratio:.2f}mm !important; "
            f"height: {height:.2f}mm !important; }}")


def design_of(html: str) -> Design | None:
    """The design a rendered factsheet was written in (its body's `data-design`)."""
    return next((d for d in DESIGNS if f'data-design="{d.name}"' in html), None)


def in_design(html: str, old: Design, new: Design) -> str:
    return html.replace(f'data-design="{old.name}"', f'data-design="{new.name}"', 1)


def white_mm(rendered) -> float:
    """The height left free under the text column (and what follows it) on the last page."""
    page = rendered.pages[-1]._page_box
    bottom = page.content_box_y() + page.height
    lowest = page.content_box_y()
    for box in _flow(page.children[0]):
        lowest = max(lowest, box.position_y + box.margin_height())
    return (bottom - lowest) / PX_PER_MM


def picture_growth(rendered, grow_mm: float, share: float = 1.0) -> str:
    """The CSS that sets the growing picture (a figure with `data-tallest`) taller: by
    `share` of `grow_mm` or of what it can grow to its slot's height, whichever is less;
    "" when it has no room or there is no white."""
    for box in _descendants(rendered.pages[0]._page_box):
        element = getattr(box, "element", None)
        if element is None or element.tag != "figure" or not element.get("data-tallest"):
            continue
        height = image_height(box) / PX_PER_MM
        tallest = float(element.get("data-tallest"))
        taller = height + share * min(tallest - height, grow_mm)
        if taller - height < 0.5:
            return ""
        return f"#{element.get('id')} img {{ height: {taller:.2f}mm !important; }}"
    return ""


def _flow(box):
    """The boxes of the text column and what follows it, as laid out on a page: the side
    column (a float) is left out, as the picture's growth does not move it."""
    for child in getattr(box, "children", ()):
        element = getattr(child, "element", None)
        classes = (element.get("class") or "").split() if hasattr(element, "get") else []
        if "key-facts" in classes:
            continue
        if "columns" in classes or element is not None and element.tag in ("html", "body"):
            yield from _flow(child)
        else:
            yield child


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)
