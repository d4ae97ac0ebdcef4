"""Stage 1, reading: YAML source files into plain values, with the position of every value.

YAML is composed node by node, never constructed by PyYAML, so no tag can run code, an alias
cannot expand, and a duplicate key is seen instead of silently overwritten. It is read as
YAML 1.2 reads it: `NO` (Norway) and `on` are text, only `true` and `false` are yes/no values.
A file is read only if it is a regular file inside the project; a value that cannot be what
its tag says (a date that does not exist) is a located problem, like every other.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..files import Fenced, read_within, within
from ..model import SOURCE_LANGUAGE
from ..problems import Problems, shown

MAX_SOURCE_BYTES = 256 * 1024
MAX_DEPTH = 32  # mappings and lists inside each other; records use five at most
# libyaml's parser when PyYAML was built with it (several times faster), else PyYAML's own.
PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STANDARD_TAGS = {f"tag:yaml.org,2002:{name}" for name in
                 ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
# Characters YAML takes for line breaks that editors do not show as such: the positions of
# everything after them would be wrong.
HIDDEN_BREAKS = re.compile("[\u0085\u2028\u2029]")


class Loader(PARSER):
    """PyYAML's safe parser with YAML 1.2's booleans (true, false) instead of 1.1's (yes,
    no, on, off, y, n), which read the country code NO as False."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in PARSER.yaml_implicit_resolvers.copy().items()}
for _first in "tTfF":
    Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                 re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), [_first])


@dataclass
class Document:
    """One YAML file: its plain value and the position of every value in it."""

    path: Path
    value: Any
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)

    def mark(self, at: tuple) -> tuple[int, int]:
        """Where the value at `at` starts, or where its nearest given parent starts."""
        while at not in self.marks and at:
            at = at[:-1]
        return self.marks.get(at, (1, 1))

    def key_mark(self, at: tuple) -> tuple[int, int]:
        """Where the key of the field at `at` is written."""
        return self.key_marks.get(at) or self.mark(at)


def read_yaml(path: Path, problems: Problems, root: Path | None = None) -> Document | None:
    """Read one file into plain values, or report why it cannot be read and return None.
    The file must be a regular file inside `root` (the project's sources, by default)."""
    text = _text_of(path, problems, root or problems.root)
    return None if text is None else _parsed(path, text, problems)


def _parsed(path: Path, text: str, problems: Problems) -> Document | None:
    """The text's plain values, refused as `read_yaml` refuses them (aliases, deep nesting,
    tags, duplicate keys)."""
    readable, node = _compose(path, text, problems)
    if not readable:
        return None
    document = Document(path, None)
    if node is not None:  # an empty file has no node: its fields are reported missing
        if not _check_nodes(node, (), document, problems):
            return None
        document.value = _to_value(node, (), document, problems)
        if document.value is _UNREADABLE:
            return None
    return document


def _text_of(path: Path, problems: Problems, root: Path) -> str | None:
    """The file as text: a regular file in the project, not too large, UTF-8, indented with
    spaces, with no hidden line break."""
    try:
        size = within(path, root).stat().st_size
        if size > MAX_SOURCE_BYTES:
            problems.error(problems.where(path), f"file is {size} bytes; a source record may "
                           f"be at most {MAX_SOURCE_BYTES} bytes", "yaml.too-large")
            return None
        raw = read_within(path, root, MAX_SOURCE_BYTES)
    except Fenced as refused:
        problems.error(problems.where(path), f"file {refused.message}", refused.code)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        problems.error(problems.where(path, line), "file is not UTF-8 text; save it as UTF-8",
                       "yaml.encoding")
        return None
    found = False
    for number, line in enumerate(text.split("\n"), 1):
        if re.match(r"^ *\t", line):
            problems.error(problems.where(path, number, 1),
                           "tab in indentation; indent with spaces", "yaml.tab")
            found = True
        for hidden in HIDDEN_BREAKS.finditer(line):
            problems.error(problems.where(path, number, hidden.start() + 1),
                           f"an invisible line break (U+{ord(hidden.group()):04X}); end the "
                           "line with a real one, or leave a blank line for a paragraph",
                           "yaml.character")
            found = True
    return None if found else text


def _compose(path: Path, text: str, problems: Problems) -> tuple[bool, Any]:
    """Whether the text is YAML without aliases or deep nesting, and its node tree (None when
    empty)."""
    try:
        # Aliases are refused where they are written, before anything could expand them.
        refused, depth = False, 0
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                _error(problems, path, event.start_mark, "YAML aliases (*name) are not allowed "
                       "in source records", "yaml.alias")
                refused = True
            depth += isinstance(event, yaml.CollectionStartEvent)
            depth -= isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_DEPTH:
                _error(problems, path, event.start_mark, f"lists and fields nested more than "
                       f"{MAX_DEPTH} deep; a record is never so deep", "yaml.too-deep")
                return False, None
        return (False, None) if refused else (True, yaml.compose(text, Loader=Loader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        _error(problems, path, mark, f"YAML syntax: {error.problem or error.context}",
               "yaml.syntax")
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        problems.error(problems.where(path, line, column), f"the character "
                       f"U+{error.character:04X} cannot be in a YAML file; remove it",
                       "yaml.character")
    except yaml.YAMLError as error:
        problems.error(problems.where(path), f"YAML: {shown(str(error))}", "yaml.syntax")
    return False, None


def _error(problems: Problems, path: Path, mark, message: str, code: str) -> None:
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problems.error(problems.where(path, line, column), message, code)


def _check_nodes(node, at: tuple, document: Document, problems: Problems) -> bool:
    """Refuse non-standard tags (on keys too) and duplicate keys; record each value's
    position."""
    document.marks[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in STANDARD_TAGS:
        where = problems.where(document.path, *document.marks[at])
        problems.error(where, f"tag {shown(node.tag.replace('tag:yaml.org,2002:', '!!'))} is "
                       "not allowed; write plain values", "yaml.tag")
        return False
    ok = True
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            # Located only when reported: naming a place costs more than reading the node.
            key_where = lambda mark=key_node.start_mark: problems.where(  # noqa: E731
                document.path, mark.line + 1, mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.error(key_where(), "a key must be a plain name", "yaml.key")
                ok = False
                continue
            if key_node.tag not in STANDARD_TAGS:
                problems.error(key_where(), f"tag {shown(key_node.tag.replace('tag:yaml.org,2002:', '!!'))} "
                               "is not allowed on a key; "
                               "write plain names", "yaml.tag")
                ok = False
                continue
            key = key_node.value
            if key in keys:
                problems.error(key_where(), f"{dotted(at + (key,))}: duplicate key, already "
                               f"given on line {keys[key]}", "yaml.duplicate-key")
                ok = False
            keys[key] = key_node.start_mark.line + 1
            document.key_marks[at + (key,)] = (key_node.start_mark.line + 1,
                                               key_node.start_mark.column + 1)
            ok = _check_nodes(value_node, at + (key,), document, problems) and ok
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            ok = _check_nodes(item, at + (index,), document, problems) and ok
    return ok


_SCALARS = yaml.constructor.SafeConstructor()
_UNREADABLE = object()


def _to_value(node, at: tuple, document: Document, problems: Problems) -> Any:
    if isinstance(node, yaml.MappingNode):
        values = {k.value: _to_value(v, at + (k.value,), document, problems)
                  for k, v in node.value}
        return _UNREADABLE if _UNREADABLE in values.values() else values
    if isinstance(node, yaml.SequenceNode):
        values = [_to_value(item, at + (i,), document, problems)
                  for i, item in enumerate(node.value)]
        return _UNREADABLE if _UNREADABLE in values else values
    try:
        return _SCALARS.construct_object(node)
    except (ValueError, TypeError, OverflowError, yaml.constructor.ConstructorError) as error:
        reason = f" ({shown(str(error).splitlines()[-1])})" if str(error) else ""
        tag = node.tag.replace("tag:yaml.org,2002:", "")
        what = {"timestamp": "date", "int": "whole number", "float": "number",
                "bool": "yes/no value"}.get(tag, tag)
        problems.error(problems.where(document.path, *document.mark(at)),
                       f"{dotted(at)}: '{shown(node.value)}' is not a {what}{reason}",
                       "schema.date" if tag == "timestamp" else "yaml.value")
        return _UNREADABLE


def dotted(at: tuple) -> str:
    """A field's path as editors write it: achievements[0].actions[1]."""
    text = ""
    for part in at:
        part = part if isinstance(part, int) else shown(part)
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def language_view(data: bytes, languages) -> bytes:
    """A record as the documents made from its texts in `languages` read it, to key them by:
    each of its texts (a mapping of language codes with the source language's) in those
    languages and the source language (which a translation is made from), everything else as
    it is. An edit of the French leaves the Spanish report alone. A record that does not parse
    is its bytes (stage 1 says why)."""
    kept = {SOURCE_LANGUAGE, *languages}
    try:
        # Parsed as the reader parses (no alias is expanded): the build's fast path reads a
        # changed record before stage 1 has seen it.
        document = _parsed(Path("record"), data.decode("utf-8"), Problems(Path(".")))
    except UnicodeDecodeError:
        return data
    if document is None:
        return data

    def seen(value):
        if isinstance(value, dict):
            if SOURCE_LANGUAGE in value and all(isinstance(k, str) and LANGUAGE_CODE.match(k)
                                                for k in value):
                return {k: seen(v) for k, v in value.items() if k in kept}
            return {f"{type(k).__name__}:{k}": seen(v) for k, v in value.items()}
        if isinstance(value, list):
            return [seen(v) for v in value]
        return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)

    return json.dumps(seen(document.value), sort_keys=True, ensure_ascii=False).encode()
