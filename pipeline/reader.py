"""Stage 1, reading: YAML source files into plain values, with the position of every value.

YAML is composed node by node, never constructed by PyYAML, so no tag can run code, an alias
cannot expand, and a duplicate key is seen instead of silently overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

MAX_SOURCE_BYTES = 256 * 1024
# libyaml's parser when PyYAML was built with it (several times faster), else PyYAML's own.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STANDARD_TAGS = {f"tag:yaml.org,2002:{name}" for name in
                 ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


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


def read_yaml(path: Path, problems: Problems) -> Document | None:
    """Read one file into plain values, or report why it cannot be read and return None."""
    text = _text_of(path, problems)
    readable, node = _compose(path, text, problems) if text is not None else (False, None)
    if not readable:
        return None
    document = Document(path, None)
    if node is not None:  # an empty file has no node: its fields are reported missing
        if not _check_nodes(node, (), document, problems, set()):
            return None
        document.value = _to_value(node, ())
    return document


def _text_of(path: Path, problems: Problems) -> str | None:
    """The file as text: not too large, UTF-8, indented with spaces."""
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        problems.error(problems.where(path), f"file is {size} bytes; a source record may be at "
                       f"most {MAX_SOURCE_BYTES} bytes", "yaml.too-large")
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        problems.error(problems.where(path, line), "file is not UTF-8 text; save it as UTF-8",
                       "yaml.encoding")
        return None
    tabbed = [n for n, line in enumerate(text.splitlines(), 1) if re.match(r"^ *\t", line)]
    for line in tabbed:
        problems.error(problems.where(path, line, 1),
                       "tab in indentation; indent with spaces", "yaml.tab")
    return None if tabbed else text


def _compose(path: Path, text: str, problems: Problems) -> tuple[bool, Any]:
    """Whether the text is YAML without aliases, and its node tree (None when empty)."""
    try:
        # Aliases are refused where they are written, before anything could expand them.
        aliases = [event.start_mark for event in yaml.parse(text, Loader=LOADER)
                   if isinstance(event, yaml.AliasEvent)]
        for mark in aliases:
            problems.error(problems.where(path, mark.line + 1, mark.column + 1),
                           "YAML aliases (*name) are not allowed in source records",
                           "yaml.alias")
        return (False, None) if aliases else (True, yaml.compose(text, Loader=LOADER))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problems.error(problems.where(path, line, column),
                       f"YAML syntax: {error.problem or error.context}", "yaml.syntax")
        return False, None


def _check_nodes(node, at: tuple, document: Document, problems: Problems, seen: set) -> bool:
    """Refuse aliases, non-standard tags and duplicate keys; record each value's position."""
    where = problems.where(document.path, node.start_mark.line + 1, node.start_mark.column + 1)
    document.marks[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if id(node) in seen:  # read_yaml refuses aliases first; this guards the recursion
        return False
    seen.add(id(node))
    if node.tag not in STANDARD_TAGS:
        problems.error(where, f"tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not "
                       "allowed; write plain values", "yaml.tag")
        return False
    ok = True
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            key_where = problems.where(document.path, key_node.start_mark.line + 1,
                                       key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                problems.error(key_where, "a key must be a plain name", "yaml.key")
                ok = False
                continue
            if key in keys:
                problems.error(key_where, f"{dotted(at + (key,))}: duplicate key, already "
                               f"given on line {keys[key]}", "yaml.duplicate-key")
                ok = False
            keys[key] = key_node.start_mark.line + 1
            document.key_marks[at + (key,)] = (key_node.start_mark.line + 1,
                                               key_node.start_mark.column + 1)
            ok = _check_nodes(value_node, at + (key,), document, problems, seen) and ok
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            ok = _check_nodes(item, at + (index,), document, problems, seen) and ok
    return ok


_SCALARS = yaml.constructor.SafeConstructor()


def _to_value(node, at: tuple) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {k.value: _to_value(v, at + (k.value,)) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_to_value(item, at + (i,)) for i, item in enumerate(node.value)]
    return _SCALARS.construct_object(node)


def dotted(at: tuple) -> str:
    """A field's path as editors write it: achievements[0].actions[1]."""
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


