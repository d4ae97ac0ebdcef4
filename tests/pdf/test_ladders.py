"""No paragraph has more than two hyphenated lines in a row."""

from __future__ import annotations

import weasyprint

from pipeline.config import REPOSITORY
from pipeline.pdf.ladders import HYPHEN, broken_words, kept_whole
from pipeline.pdf.writer import english_hyphenation

TEXT = ("Comprehensive internationalisation characterisation organisation implementation "
        "administration")
FONT = (REPOSITORY / "assets/fonts/Inter-Regular.otf").as_uri()
# The project's font and English patterns, as the writer sets them: the same breaks anywhere.
PAGE = ('<html lang="en"><head><title>organisation</title><style>@font-face {{ font-family: '
        'Body; src: url(' + FONT + ') }} .whole {{ hyphens: manual }}</style></head>'
        '<body style="width: 40mm; hyphens: auto; font: 11pt Body"><p>{}</p></body></html>')


def runs(rendered) -> list[int]:
    """The longest run of hyphenated lines in a row, per paragraph."""
    found = []
    for box in rendered.pages[0]._page_box.descendants():
        lines = [line for line in getattr(box, "children", ())
                 if type(line).__name__ == "LineBox"]
        if lines:
            run = longest = 0
            for line in lines:
                ends = [b.text for b in line.descendants() if type(b).__name__ == "TextBox"]
                run = run + 1 if ends and ends[-1].endswith(HYPHEN) else 0
                longest = max(longest, run)
            found.append(longest)
    return found


def test_a_third_hyphenated_line_in_a_row_keeps_its_word_whole():
    english_hyphenation()
    html = PAGE.format(TEXT)
    first = weasyprint.HTML(string=html).render()
    assert max(runs(first)) == 3  # the ladder to mend
    assert broken_words(first) == ["organisation"]
    again = weasyprint.HTML(string=kept_whole(html, broken_words(first))).render()
    assert max(runs(again)) <= 2
    assert broken_words(again) == []


def test_words_are_kept_whole_in_the_body_text_only_and_never_inside_a_link():
    html = PAGE.format('organisation, <a href="https://example.org">organisation</a> '
                       'disorganisation organisation')
    marked = kept_whole(html, ["organisation"])
    assert "<title>organisation</title>" in marked
    assert '<a href="https://example.org">organisation</a>' in marked
    assert marked.count('<span class="whole">organisation</span>') == 2
    assert "disorganisation" in marked
    assert kept_whole(html, []) == html
