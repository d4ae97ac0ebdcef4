"""Importing a translator's work: a filled-in kit (XLIFF 1.2 or PO) into the records.

Every unit is checked first, and nothing is written when any is wrong: an id the edition does
not have, an English changed since the kit was made (a conflict), formatting that differs
from the English's, a text over its budget, an empty target, a language the edition does not
translate into. Then each new translation replaces just its value in its record (comments,
order, quoting and wrapping of everything else stay as they were: ruamel.yaml finds the
value, the text around it is kept byte for byte) and its fingerprint is recorded.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml as pyyaml
from babel.messages.pofile import PoFileError, read_po
from lxml import etree
from ruamel.yaml import YAML

from .sources import fingerprints, markup
from .sources.checks import language_name
from .config import Settings
from .files import write_atomically
from .kit import XLIFF, unit_id, unwrapped
from .problems import Location, PipelineError, Problem, shown
from .sources.assemble import review_sources

MAX_KIT_BYTES = 16 * 1024 * 1024
WIDTH = 96  # where the records' folded texts wrap
# States a CAT tool gives a target nobody has confirmed: left as it is, still outdated.
UNREVIEWED = {"needs-review-translation", "needs-review-adaptation", "needs-review-l10n",
              "needs-translation"}


@dataclass(frozen=True)
class Returned:
    """A unit as the translator returned it."""

    id: str
    source: str
    target: str
    reviewed: bool  # not still marked for review (fuzzy, needs-review-…)
    location: Location  # its line in the kit
    inline_tags: bool = False  # XLIFF elements inside the target (the kit has none)


def import_translations(settings: Settings, path: Path) -> tuple[list[str], int]:
    """Check every unit of a kit, then write the translations: what changed, one line each,
    and how many units were left because the kit still marks them for review."""
    language, units = read_kit(path)
    review = review_sources(settings.project, settings.year, draft=True)
    states = {unit_id(s): s for s in review.translations if s.language == language}
    languages = sorted({s.language for s in review.translations} -
                       {s.source_language for s in review.translations})
    problems = _checked(language, units, states, languages, path)
    if problems:
        raise PipelineError(problems)
    changed = [(unit, states[unit.id]) for unit in units if unit.reviewed and (
        states[unit.id].status != "current"
        or unwrapped(states[unit.id].translation or "") != unwrapped(unit.target))]
    sources = settings.project / "sources"
    written, lines = _records_with(changed, sources, language)
    for target, text in written.items():  # all made before any is written
        write_atomically(target, text)
    if changed:
        fingerprints.record(sources, language, {(s.record, s.field): s.source
                                                for _, s in changed})
    return lines, sum(not unit.reviewed for unit in units)


def _records_with(changed: list, sources: Path, language: str) -> tuple[dict, list[str]]:
    """Each record's new text, with what changed in it."""
    by_record: dict[str, list] = {}
    for unit, state in changed:
        by_record.setdefault(state.record, []).append((unit, state))
    written, lines = {}, []
    for record, pairs in sorted(by_record.items()):
        text = (sources / record).read_text(encoding="utf-8")
        for unit, state in pairs:
            try:
                text = spliced(text, _path(state.field), language, unit.target)
            except ValueError as error:
                raise PipelineError([Problem(
                    Location(f"sources/{record}", error.args[0]), f"{state.field}: written on "
                    "one line ({en: …}); write it as a block, one language a line, to import "
                    "into it", "import.unwritable")]) from None
            lines.append(f"sources/{record}: {state.field}.{language}: "
                         + ("translated" if state.status == "missing" else
                            f"new translation (was {state.status})"))
        written[sources / record] = text
    return written, lines


def _checked(language, units, states, languages, path) -> list[Problem]:
    if language not in languages:
        where = Location(path.as_posix(), 1)
        return [Problem(where, f"the kit's target language is '{shown(language)}'; this "
                        f"edition translates into {', '.join(languages)}", "import.language")]
    problems = []
    for unit in units:
        state = states.get(unit.id)
        found = _unit_problems(unit, state, language)
        problems += [Problem(unit.location, f"{unit.id}: {message}", code)
                     for message, code in found]
    return problems


def _unit_problems(unit: Returned, state, language: str) -> list[tuple[str, str]]:
    if state is None or state.source is None:
        return [("no such text in this edition (record#field); was the kit made for another "
                 "edition?", "import.unknown-id")]
    if unwrapped(unit.source) != unwrapped(state.source):
        return [(f"the English changed since the kit was made: the kit has "
                 f"'{shown(unwrapped(unit.source))}', the record now "
                 f"'{shown(unwrapped(state.source))}'; make a new kit", "import.conflict")]
    if not unit.reviewed:
        return []
    if not markup.visible(unit.target):
        return [(f"empty {language_name(language)} text", "import.empty")]
    found = []
    if unit.inline_tags:
        found.append(("the target holds XLIFF inline tags; the kit has none: type the text "
                      "only", "import.markup"))
    source, target = markup.formatting(state.source), markup.formatting(unit.target)
    if source != target:
        found.append((f"formatting differs from the English's: English {_listed(source)}; "
                      f"translation {_listed(target)}", "import.markup"))
    length = len(markup.plain(unit.target))
    if state.max_length and length > state.max_length:
        found.append((f"{length} characters; where it is printed at most {state.max_length} "
                      "fit", "import.too-long"))
    check = markup.label_problems if state.label else markup.problems
    return found + check(unit.target, language)


def _listed(counts: Counter) -> str:
    return ", ".join(f"{n} × {kind}" for kind, n in sorted(counts.items())) or "none"


# ---------------------------------------------------------------- reading a kit

def read_kit(path: Path) -> tuple[str, list[Returned]]:
    """The target language and units of an XLIFF 1.2 or PO kit; a file that is neither is
    one problem."""
    try:
        data = path.read_bytes()[:MAX_KIT_BYTES + 1]
    except OSError as error:
        raise PipelineError([Problem(Location(path.as_posix()), f"cannot read the kit: "
                                     f"{error.strerror}", "import.unreadable")]) from None
    if len(data) > MAX_KIT_BYTES:
        raise _unreadable(path, f"over {MAX_KIT_BYTES // 2 ** 20} MiB; a kit is far smaller")
    if path.suffix == ".po":
        return _read_po(path, data)
    return _read_xliff(path, data)


def _unreadable(path: Path, why: str, line: int = 0) -> PipelineError:
    return PipelineError([Problem(Location(path.as_posix(), line), f"not a translation kit: "
                                  f"{why}", "import.unreadable")])


def _read_xliff(path: Path, data: bytes) -> tuple[str, list[Returned]]:
    # A translator's file is untrusted: no entity expanded, no DTD or network fetched.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _unreadable(path, f"XML: {shown(error.msg)}", error.lineno) from None
    ns = {"x": XLIFF}
    files = root.findall("x:file", ns)
    if root.tag != f"{{{XLIFF}}}xliff" or len(files) != 1:
        raise _unreadable(path, "expected XLIFF 1.2 with one <file>", root.sourceline or 0)
    units = []
    for element in files[0].iterfind("x:body/x:trans-unit", ns):
        source, target = element.find("x:source", ns), element.find("x:target", ns)
        units.append(Returned(
            element.get("id", ""), _joined(source), _joined(target),
            target is None or target.get("state") not in UNREVIEWED,
            Location(path.as_posix(), (target if target is not None else element).sourceline),
            target is not None and len(target) > 0))
    return files[0].get("target-language", ""), units


def _joined(element) -> str:
    return "".join(element.itertext()) if element is not None else ""


def _read_po(path: Path, data: bytes) -> tuple[str, list[Returned]]:
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except (PoFileError, ValueError, UnicodeDecodeError) as error:
        raise _unreadable(path, f"PO: {shown(str(error))}") from None
    units = [Returned(m.context or "", m.id, m.string or "", not m.fuzzy,
                      Location(path.as_posix(), m.lineno or 0))
             for m in catalog if m.id and isinstance(m.id, str)]
    return str(catalog.locale or ""), units


# ---------------------------------------------------------------- writing one value

def _path(field: str) -> tuple:
    """summary → ("summary",); milestones[0].text → ("milestones", 0, "text")."""
    parts = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        parts.append(int(index) if index else name)
    return tuple(parts)


def spliced(text: str, at: tuple, language: str, value: str) -> str:
    """The record's text with one language's value of the text at `at` replaced (or added
    after the others), in the style the old one had; every other byte kept."""
    yaml = YAML(typ="rt")
    texts = yaml.load(text)
    for part in at:
        texts = texts[part]
    if texts.fa.flow_style():  # {en: …, fr: …} on one line: no line of its own to replace
        raise ValueError(texts.lc.line + 1)
    lines = text.split("\n")
    if language in texts:
        start, column = texts.lc.key(language)
        end = _last_line(lines, start, column)
        style = _style_of(lines[start], column, language)
    else:
        last = list(texts)[-1]
        start, column = texts.lc.key(last)
        start = end = _last_line(lines, start, column) + 1
        end -= 1
        style = _style_of(lines[texts.lc.key(last)[0]], column, last)
    new = lines[:start] + _entry(language, value, column, style) + lines[end + 1:]
    result = "\n".join(new)
    check = YAML(typ="safe").load(result)
    for part in at:
        check = check[part]
    if unwrapped(str(check[language])) != unwrapped(value):  # never write what reads otherwise
        raise RuntimeError(f"writing {at} {language} would not read back the same")
    return result


def _last_line(lines: list[str], start: int, column: int) -> int:
    """The last line of the entry whose key starts at (start, column): its continuation
    lines are indented deeper (blank lines inside a block belong to it)."""
    end = start
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= column:
            break
        if line.strip():
            end = number
    return end


def _style_of(line: str, column: int, key: str) -> str:
    after = line[column + len(key) + 1:].strip()
    return {">": "folded", "|": "literal", '"': "double", "'": "single"}.get(after[:1], "plain")


def _entry(language: str, value: str, column: int, style: str) -> list[str]:
    indent, inner = " " * column, " " * (column + 2)
    head = f"{indent}{language}: "
    value = value.strip()
    if "\n" in value:  # paragraphs or a list: a literal block, each line as it is
        return [f"{head}|-"] + [inner + line if line.strip() else "" for line in
                                value.split("\n")]
    if style in ("plain", "double", "single") and len(head) + len(value) + 2 <= 100:
        return [head + _one_line(value, style)]
    if "  " in value:  # a folded block would fold the spaces away: quoted, on one line
        return [head + _one_line(value, "double")]
    wrapped = textwrap.wrap(value, WIDTH - len(inner), break_long_words=False,
                            break_on_hyphens=False)
    return [f"{head}>-"] + [inner + line for line in wrapped]


def _one_line(value: str, style: str) -> str:
    if style == "double":
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML one
    dumped = pyyaml.safe_dump(value, allow_unicode=True, width=10 ** 6).rstrip("\n")
    return dumped.removesuffix("\n...")
