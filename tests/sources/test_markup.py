"""The inline subset of source texts: rendered escaped, links kept, plain text for metadata."""

from __future__ import annotations

from markupsafe import Markup

from pipeline.sources import markup
from pipeline.render import css_string


def test_a_paragraphs_tail_and_words_in_capitals_are_kept_whole():
    """No word of a paragraph's last TAIL characters is hyphenated, so its last line never
    begins with a word's tail ("rein- / tegration opportunities.")."""
    html = markup.block("Work with GLO.ACT and (SEGOB) on *monitoring* the alternative legal "
                        "migration channels and reintegration opportunities.\n\n- one item")
    assert html == Markup(
        '<p>Work with <span class="whole">GLO.ACT</span> and <span class="whole">(SEGOB)</span> '
        'on <em><span class="whole">monitoring</span></em><span class="whole"> the alternative '
        'legal migration channels and reintegration opportunities.</span></p>\n'
        '<ul>\n<li><span class="whole">one\u00a0item</span></li>\n'
        '</ul>\n')
    assert markup.TAIL == 75


def test_text_is_escaped_everywhere():
    assert markup.block("a <b>\n\nc") == Markup(
        '<p><span class="whole">a\u00a0&lt;b&gt;</span></p>\n'
        '<p><span class="whole">c</span></p>\n')
    assert markup.inline("*MIEUX’s* [site](https://example.org)") == Markup(
        '<em>MIEUX’s</em> <a href="https://example.org">site</a>')
    assert markup.plain("**MIEUX’s** [site](https://example.org)") == "MIEUX’s site"
    assert css_string(Markup("l&#39;a \"b\" </style>")) == '"l\'a \\"b\\" \\3c /style>"'


def test_a_short_last_word_is_held_to_the_one_before():
    """A heading or a lead never ends on a line of one short word ("…with / it")."""
    assert markup.inline("Linking migration with *development* in it") == Markup(
        "Linking migration with <em>development</em> in\u00a0it")
    assert markup.inline("Enhancing migration governance") == Markup(
        "Enhancing migration governance")  # five letters or more: free
    assert "Costa\u00a0Rica." in markup.block("The work in Costa Rica.")


def test_no_span_inside_a_link():
    """A span inside a link becomes an annotation outside the link's structure element
    (PDF/UA-1 refuses it): a link's words are neither wrapped nor held by a span."""
    html = markup.block("Read more on [the programme's site](https://example.org/mieux).")
    assert '<a href="https://example.org/mieux">the programme\'s site</a>' in html
    assert "<a" in markup.inline("[So what is next](https://example.org)")
    assert "<span" not in markup.inline("[So what is next](https://example.org)")
