"""The inline subset of source texts: rendered escaped, links kept, plain text for metadata."""

from __future__ import annotations

from markupsafe import Markup

from pipeline import markup
from pipeline.render import css_string


def test_a_paragraphs_last_word_and_words_in_capitals_are_kept_whole():
    html = markup.block("Work with GLO.ACT and (SEGOB) on *monitoring*.\n\n- one item")
    assert html == Markup(
        '<p>Work with <span class="whole">GLO.ACT</span> and <span class="whole">(SEGOB)'
        '</span> on <em><span class="whole">monitoring</span></em>.</p>\n'
        '<ul>\n<li>one <span class="whole">item</span></li>\n</ul>\n')


def test_text_is_escaped_everywhere():
    assert markup.block("a <b>\n\nc") == Markup(
        '<p>a <span class="whole">&lt;b&gt;</span></p>\n<p><span class="whole">c</span></p>\n')
    assert markup.inline("*MIEUX’s* [site](https://example.org)") == Markup(
        '<em>MIEUX’s</em> <a href="https://example.org">site</a>')
    assert markup.plain("**MIEUX’s** [site](https://example.org)") == "MIEUX’s site"
    assert css_string(Markup("l&#39;a \"b\" </style>")) == '"l\'a \\"b\\" \\3c /style>"'
