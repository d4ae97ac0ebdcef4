"""The preview's pages: what the project says is escaped; side by side shows each language."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace

from pipeline.preview import Edition, Page, Shown
from pipeline.preview_pages import document_page, index_page


def preview(*documents: Shown, problems=()) -> SimpleNamespace:
    edition = Edition({d.name: d for d in documents}, tuple(problems), 3, False, 1.5,
                      threading.Condition())
    # No web edition written: the output folder does not exist.
    return SimpleNamespace(edition=edition, settings=SimpleNamespace(
        year=2017, output_folder=Path("/nonexistent/build/2017")))


def factsheet(language: str, text: str = "words") -> Shown:
    page = Page(f"/image/office/factsheet-niger-{language}/1-1.png", text, 595, 842)
    return Shown(f"office/factsheet-niger-{language}.pdf", "factsheet", language, "niger",
                 (page,))


def test_what_the_project_says_is_escaped():
    shown = factsheet("en", text="<script>alert(1)</script>")
    page = document_page(preview(shown, problems=["a.yaml:1: error: <b> [x.y]"]),
                         shown.name, False)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;" in page and 'id="problems"' in page
    assert 'id="problems"' not in index_page(preview(shown))


def test_side_by_side_puts_the_document_first_then_every_other_language():
    documents = [factsheet(language) for language in ("es", "en", "fr")]
    page = document_page(preview(*documents), "office/factsheet-niger-fr.pdf", True)
    columns = [part.split('"', 1)[0] for part in page.split('class="column" lang="')[1:]]
    assert columns == ["fr", "en", "es"]
    alone = document_page(preview(*documents), "office/factsheet-niger-fr.pdf", False)
    assert alone.count('class="column"') == 1
