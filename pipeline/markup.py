"""The small inline subset a source text may use, checked in stage 1 and turned into HTML in stage 3.

Paragraphs (a blank line), *emphasis*, **strong**, [links](https://…) and mailto: links, a hard
line break (a backslash at the end of a line), and lists (lines starting with "- " or "1. ").
Nothing else: raw HTML is refused, and any other Markdown stays literal text.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markupsafe import Markup

_PARSER = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
    ["emphasis", "link", "list", "newline", "escape"])
RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--|<![A-Za-z]")
LINK_TARGET = re.compile(r"^(https://[^\s/]+\.[^\s]+|mailto:[^@\s]+@[^@\s]+\.[a-z]{2,})$", re.I)


def problems(text: str) -> list[tuple[str, str]]:
    """What is wrong with a text, as (message, code) pairs."""
    found = []
    tag = RAW_HTML.search(text)
    if tag:
        found.append((f"raw HTML '{tag.group(0)}' is not allowed; use *emphasis*, **strong** "
                      "or [text](https://…)", "text.html"))
    for token in _PARSER.parse(text):
        for child in token.children or ():
            if child.type == "link_open" and not LINK_TARGET.match(str(child.attrs["href"])):
                found.append((f"link target '{child.attrs['href']}' is not allowed; links go to "
                              "https:// addresses or mailto:", "text.link"))
    return found


def block(text: str) -> Markup:
    """A text as HTML paragraphs and lists."""
    return Markup(_PARSER.render(text))


def inline(text: str) -> Markup:
    """A text inside a line (a heading, a caption): its inline markup only."""
    return Markup(_PARSER.renderInline(" ".join(text.split())))


def plain(text: str) -> str:
    """A text without markup, for metadata and attributes (title, alt)."""
    tokens = _PARSER.parseInline(" ".join(text.split()))
    return "".join(child.content for token in tokens for child in token.children or ()
                   if child.type in ("text", "softbreak")) or text
