"""Copyfitting: what of a document runs past the pages its kind allows, measured on the
layout WeasyPrint made, before any PDF is written.

The templates mark each editor's field with `data-field` ("summary", "results"…); the text
that falls on a page past the limit is counted in lines and characters, and named by the
field it belongs to, so the editor is told what to cut and by about how much.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Overflow:
    field: str  # the editor's field the overflowing text belongs to ("" when none)
    lines: int
    characters: int


def overflow(rendered, max_pages: int | None) -> Overflow | None:
    """What falls on the pages past `max_pages`, or None when the document fits."""
    if not max_pages or len(rendered.pages) <= max_pages:
        return None
    fields: list[str] = []
    counts = [0, 0]
    for page in rendered.pages[max_pages:]:
        _count(page._page_box, "", fields, counts)
    field = next((name for name in fields if name), "")
    return Overflow(field, counts[0], counts[1])


def _count(box, field: str, fields: list[str], counts: list[int]) -> None:
    """Walk a box tree: count line boxes and their characters, note each field met."""
    element = getattr(box, "element", None)
    if element is not None and hasattr(element, "get") and element.get("data-field"):
        field = element.get("data-field")
    name = type(box).__name__
    if name == "LineBox":
        counts[0] += 1
        fields.append(field)
    elif name == "TextBox":
        counts[1] += len(box.text.strip())
    for child in getattr(box, "children", ()):
        _count(child, field, fields, counts)
