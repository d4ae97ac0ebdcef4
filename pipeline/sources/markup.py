"""The small inline subset a source text may use, checked in stage 1 and turned into HTML in stage 3.

Paragraphs (a blank line), *emphasis*, **strong**, [links](https://…) and mailto: links, a hard
line break (a backslash at the end of a line), and lists (lines starting with "- " or "1. ").
Nothing else: raw HTML is refused, and any other Markdown stays literal text.

What is checked is what the reader will see, after parsing: a link the parser did not take
(javascript:, file:, data:) would print as brackets and a target, an entity as `&eacute;`, an
invisible character would hide or reverse words. Each is a problem, said where it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from babel.core import get_global
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from ..problems import shown

_PARSER = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False}).enable(
    ["emphasis", "link", "list", "newline", "escape"])
RAW_HTML = re.compile(r"<[A-Za-z/!?][^<>]*>?")
AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^<>\s]*>", re.I)
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)
UNTAKEN_LINK = re.compile(r"\[[^\]]*\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
LINK_TARGET = re.compile(rf"^(https://[^\s/]+\.[^\s]+|mailto:{EMAIL})$")
LONGEST_WORD = 40  # characters: about the most a column of the layouts holds on one line
# Invisible characters a language may need: joiners where letters join (Arabic and the
# Indic scripts), direction marks where text runs right to left. Nowhere an override.
JOINERS = {"\u200c", "\u200d"}
MARKS = {"\u200e", "\u200f", "\u061c"}
JOINING_SCRIPTS = {"Arab", "Syrc", "Nkoo", "Mong", "Deva", "Beng", "Guru", "Gujr", "Orya",
                   "Taml", "Telu", "Knda", "Mlym", "Sinh"}
RIGHT_TO_LEFT_SCRIPTS = {"Arab", "Hebr", "Syrc", "Thaa", "Nkoo"}


def problems(text: str, language: str | None = None) -> list[tuple[str, str]]:
    """What is wrong with a text, as (message, code) pairs."""
    found = characters(text, language)
    autolink = AUTOLINK.search(text)
    tag = RAW_HTML.search(text)
    if autolink:
        found.append((f"'{shown(autolink.group(0))}' would print as written; write "
                      "[text](https://…)", "text.link"))
    elif tag:
        found.append((f"raw HTML '{shown(tag.group(0))}' is not allowed; use *emphasis*, "
                      "**strong** or [text](https://…)", "text.html"))
    entity = ENTITY.search(text)
    if entity:
        found.append((f"'{shown(entity.group(0))}' would print as written; type the character "
                      "itself", "text.entity"))
    for token in _PARSER.parse(text):
        for child in token.children or ():
            if child.type == "link_open" and not LINK_TARGET.match(str(child.attrs["href"])):
                found.append((_bad_link(str(child.attrs["href"])), "text.link"))
            elif child.type == "text":
                found += [(_bad_link(m.group(1)), "text.link")
                          for m in UNTAKEN_LINK.finditer(child.content)]
                found += _long_words(child.content)
    return found


def formatting(text: str) -> Counter:
    """What a text's formatting is made of (paragraphs, list items, emphasis, strong, line
    breaks, each link's target), to hold a translation to its source's."""
    found = Counter()
    for token in _PARSER.parse(text):
        if token.type in ("paragraph_open", "list_item_open"):
            found[token.type.removesuffix("_open").replace("_", " ")] += 1
        for child in token.children or ():
            if child.type in ("em_open", "strong_open", "hardbreak"):
                found[{"em_open": "emphasis", "strong_open": "strong"}.get(child.type,
                                                                         "line break")] += 1
            elif child.type == "link_open":
                found[f"link to {child.attrs['href']}"] += 1
    return found


def label_problems(text: str, language: str | None = None) -> list[tuple[str, str]]:
    """A name (a region, a theme, a country) prints as it is written: no formatting."""
    found = characters(text, language)
    if RAW_HTML.search(text) or ENTITY.search(text) or plain(text) != " ".join(text.split()):
        found.append(("a name takes no formatting (*, _, [ ], HTML); write it as it reads",
                      "text.formatting"))
    return found + _long_words(text)


def characters(text: str, language: str | None = None) -> list[tuple[str, str]]:
    """Control and invisible characters, except those the language's script needs."""
    script = _script(language)
    allowed = (JOINERS if script in JOINING_SCRIPTS else set()) | \
        (MARKS if script in RIGHT_TO_LEFT_SCRIPTS else set())
    found = []
    for index, character in enumerate(text, 1):
        category = unicodedata.category(character)
        if character in "\n\t" or character in allowed or category not in ("Cc", "Cf", "Co",
                                                                              "Cs", "Zl", "Zp"):
            continue
        name = unicodedata.name(character, "a control character")
        need = (" (kept only in texts whose script joins letters: Arabic, the Indic scripts)"
                if character in JOINERS else " (kept only in right-to-left texts)"
                if character in MARKS else "")
        found.append((f"an invisible character, U+{ord(character):04X} {name}, at character "
                      f"{index}: it can hide or reverse what the text says; remove it{need}",
                      "text.invisible"))
        break  # one line per field: the first says what to look for
    return found


def visible(text: str) -> str:
    """The text without the characters a reader cannot see, for telling it is empty."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf", "Zs", "Zl",
                                                                       "Zp")).strip()


def _bad_link(target: str) -> str:
    return (f"link target '{shown(target)}' is not allowed; links go to https:// addresses or "
            "mailto: an e-mail address")


def _long_words(text: str) -> list[tuple[str, str]]:
    for word in re.split(r"[\s/\-‐–—]+", text):
        if len(word) > LONGEST_WORD:
            return [(f"a word of {len(word)} characters ('{shown(word, 24)}') cannot break "
                     f"across lines; a column holds about {LONGEST_WORD}", "text.long-word")]
    return []


def _script(language: str | None) -> str | None:
    if not language:
        return None
    likely = get_global("likely_subtags").get(language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 1 and len(parts[1]) == 4 else None


def block(text: str) -> Markup:
    """A text as HTML paragraphs and lists, with the words no line may break marked: the
    words of each paragraph's last TAIL characters (its last line never begins with the tail
    of a hyphenated word) and words in capitals (acronyms are not hyphenated)."""
    tokens = _PARSER.parse(text)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _together(_kept_whole(token.children))
    return Markup(_PARSER.renderer.render(tokens, _PARSER.options, {}))


SHORT = 5  # letters: a last word shorter than this does not stand alone on a line
LAST_TWO = re.compile(r"(\S+\s+(\S+))$")


def _together(children: list) -> list:
    """A short last word is held to the word before it (a line of one short word looks like
    a mistake under a heading or a lead) by a no-break space: a span would, inside a link,
    become an annotation of its own outside the link's structure element (PDF/UA)."""
    last = max((i for i, c in enumerate(children) if c.type == "text" and c.content.strip()),
               default=None)
    if last is None:
        return children
    text = children[last].content
    found = LAST_TWO.search(text)
    if not found or sum(c.isalpha() for c in found.group(2)) >= SHORT:
        return children
    start, end = found.span(1)
    joined = re.sub(r"\s+(?=\S+$)", "\u00a0", text[start:end])
    return children[:last] + [Token("text", "", 0, content=text[:start] + joined)] \
        + children[last + 1:]


KEEP = re.compile(r"(\s+)")
TAIL = 75  # characters: a line of the widest column that hyphenates (the report's text)


def _kept_whole(children: list) -> list:
    """From the paragraph's end back: words are kept whole until TAIL characters are
    counted (a closing full stop or bracket counts, and cannot start a line anyway). A link's
    words are counted but not wrapped: a span inside a link breaks its PDF/UA structure."""
    budget, result, in_link = TAIL, [], False
    for child in reversed(children):
        if child.type in ("link_close", "link_open"):
            in_link = child.type == "link_close"
        if child.type == "text" and not in_link:
            tokens, budget = _words(child.content, budget)
            result = tokens + result
        else:
            if child.type == "text":
                budget -= len(child.content)
            result = [child] + result
    return result


def _words(text: str, budget: int) -> tuple[list, int]:
    """A text's words as tokens: those still within the paragraph's tail (`budget`
    characters from its end) in one span kept whole, and before them each word in capitals;
    and the budget left."""
    pieces = KEEP.split(text)
    start = len(pieces)
    while start and budget > 0:
        start -= 1
        budget -= len(pieces[start])
    tokens = []
    for piece in pieces[:start]:
        if piece.strip() and sum(c.isupper() for c in piece) >= 2:
            tokens += _whole(piece)
        elif piece:
            tokens.append(Token("text", "", 0, content=piece))
    tail = "".join(pieces[start:])
    return tokens + (_whole(tail) if _has_letters(tail) else
                     [Token("text", "", 0, content=tail)] if tail else []), budget


def _whole(text: str) -> list:
    return [Token("html_inline", "", 0, content='<span class="whole">'),
            Token("text", "", 0, content=text), Token("html_inline", "", 0, content="</span>")]


def _has_letters(text: str) -> bool:
    return any(c.isalpha() for c in text)


def inline(text: str) -> Markup:
    """A text inside a line (a heading, a caption): its inline markup only, a short last
    word held to the one before it."""
    tokens = _PARSER.parseInline(" ".join(text.split()))
    for token in tokens:
        token.children = _together(token.children or [])
    return Markup(_PARSER.renderer.render(tokens, _PARSER.options, {}))


def plain(text: str) -> str:
    """A text without markup, for metadata and attributes (title, alt)."""
    tokens = _PARSER.parseInline(" ".join(text.split()))
    return "".join(child.content for token in tokens for child in token.children or ()
                   if child.type in ("text", "softbreak")) or text
