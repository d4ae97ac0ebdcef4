"""Copyfitting: what runs past a kind's pages is counted and named by its field."""

from __future__ import annotations

import weasyprint

from pipeline.pdf.copyfit import overflow

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


def test_the_repeated_foot_is_furniture_not_text_to_cut():
    # The same overflowing text, with and without a long running foot on every page: the
    # foot's lines are never counted as lines to cut (they were: 4 lines a page more).
    foot = ("<footer style='position: running(foot)' data-field='about'>"
            + "The programme, what it does and how to reach it, on every page. " * 6
            + "</footer>")
    with_foot = weasyprint.HTML(string=(
        "<html lang='en'><style>@page { size: A6; margin: 10mm 10mm 30mm; "
        "@bottom-center { content: element(foot); width: 100% } }</style><body>" + foot +
        "<h1>Title</h1><div data-field='summary'><p>Short.</p></div>"
        f"<div data-field='results'><p>{LINE * 60}</p></div></body></html>")).render()
    assert len(with_foot.pages) > 1
    found = overflow(with_foot, 1)
    assert found.field == "results"
    # Lines of results alone: all but the first page's share of the paragraph.
    past = sum(1 for page in with_foot.pages[1:] for _ in _line_boxes(page._page_box.children[0]))
    assert found.lines == past


def _line_boxes(box):
    if type(box).__name__ == "LineBox":
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _line_boxes(child)
