"""Copyfitting: what runs past a kind's pages is counted and named by its field."""

from __future__ import annotations

import weasyprint

from pipeline.copyfit import overflow

LINE = "A line of the story that the page will not hold, told again and again. "


def rendered(paragraphs: int):
    html = ("<html lang='en'><style>@page { size: A6; margin: 10mm }</style><body>"
            "<h1>Title</h1><div data-field='summary'><p>Short.</p></div>"
            f"<div data-field='results'><p>{LINE * paragraphs}</p></div></body></html>")
    return weasyprint.HTML(string=html).render()


def test_a_document_that_fits_has_no_overflow():
    assert overflow(rendered(2), 1) is None
    assert overflow(rendered(60), None) is None  # a kind without a page limit


def test_what_runs_past_the_pages_is_counted_and_named():
    document = rendered(60)
    assert len(document.pages) > 1
    found = overflow(document, 1)
    assert found.field == "results" and found.lines > 5
    assert found.characters > 20 * found.lines  # lines of text, not empty boxes
    assert overflow(document, len(document.pages)) is None
