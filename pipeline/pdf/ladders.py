"""Hyphenation ladders: never more than two hyphenated lines in a row.

WeasyPrint hyphenates each line on its own and has no `hyphenate-limit-lines`. So the writer
reads the lines of a first layout; where a paragraph has a third hyphenated line in a row, the
word broken at the end of that line is kept whole (the `.whole` class the renderer already
gives words no line may break), and the document is laid out again. Only the lines from that
word on move; a new ladder further down is found on the next pass.
"""

from __future__ import annotations

import re

HYPHEN = "\u2010"  # what WeasyPrint sets at a hyphenated line's end (hyphenate-character)
LIMIT = 2  # hyphenated lines in a row a paragraph may have
PASSES = 3  # layouts after the first, at most


def broken_words(rendered) -> list[str]:
    """The words to keep whole: each broken at the end of a paragraph's LIMIT+1-th
    hyphenated line in a row."""
    words: list[str] = []
    for page in rendered.pages:
        _paragraphs(page._page_box, words)
    return words


def _paragraphs(box, words: list[str]) -> None:
    children = getattr(box, "children", ())
    lines = [_text(child) for child in children if type(child).__name__ == "LineBox"]
    run = 0
    for i, line in enumerate(lines):
        run = run + 1 if line.endswith(HYPHEN) else 0
        if run > LIMIT and i + 1 < len(lines):
            head = line[:-1].split()[-1:] or [""]
            tail = lines[i + 1].split()[:1] or [""]
            word = re.sub(r"\W+$", "", head[0] + tail[0])
            if word and word not in words:
                words.append(word)
            run = 0
    for child in children:
        if type(child).__name__ != "LineBox":
            _paragraphs(child, words)


def _text(line) -> str:
    parts: list[str] = []

    def walk(box):
        if type(box).__name__ == "TextBox":
            parts.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)
    walk(line)
    return "".join(parts).rstrip()


TAG = re.compile(r"(<[^>]*>)")


def kept_whole(html: str, words: list[str]) -> str:
    """The HTML with each of these words, in the body's text, in a `.whole` span. Not inside
    a link: a span there becomes an annotation outside the link's structure (PDF/UA)."""
    if not words:
        return html
    pattern = re.compile(r"(?<![\w\-‐])(" + "|".join(map(re.escape, words)) + r")(?![\w‐])")
    pieces, in_body, in_link = TAG.split(html), False, False
    for i, piece in enumerate(pieces):
        if i % 2:
            name = piece[1:].split(None, 1)[0].rstrip(">").lower() if len(piece) > 2 else ""
            in_body = in_body or name == "body"
            in_link = name == "a" or (in_link and name != "/a")
        elif in_body and not in_link and piece:
            pieces[i] = pattern.sub(r'<span class="whole">\1</span>', piece)
    return "".join(pieces)
