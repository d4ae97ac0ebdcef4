"""The inline subset of source texts: rendered escaped, links kept, plain text for metadata."""

from __future__ import annotations

from markupsafe import Markup

from pipeline import markup
from pipeline.render import css_string


def test_text_is_escaped_everywhere():
    assert markup.block("a <b>\n\nc") == Markup("<p>a &lt;b&gt;</p>\n<p>c</p>\n")
    assert markup.inline("*MIEUX’s* [site](https://example.org)") == Markup(
        '<em>MIEUX’s</em> <a href="https://example.org">site</a>')
    assert markup.plain("**MIEUX’s** [site](https://example.org)") == "MIEUX’s site"
    assert css_string(Markup("l&#39;a \"b\" </style>")) == '"l\'a \\"b\\" \\3c /style>"'
