"""Stage 1: read the YAML source records with their line numbers, validate them, cross-check them.

Every problem of every file is collected, then the stage stops once with all of them.
YAML is composed node by node, never constructed by PyYAML, so no tag can run code, an alias
cannot expand, and a duplicate key is seen instead of silently overwritten.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pycountry
import yaml

from . import markup

from .model import (Achievement, Action, Colours, Edition, ImageRecord, Milestone, Partner,
                    Programme, Sources, Text)
from .problems import Location, PipelineError, Problem, Problems

MAX_SOURCE_BYTES = 256 * 1024
# libyaml's parser when PyYAML was built with it (several times faster), else PyYAML's own.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STANDARD_TAGS = {f"tag:yaml.org,2002:{name}" for name in
                 ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish"}
THEMES = ("policy-development", "migration-and-development", "integration", "communication",
          "trafficking-and-smuggling")
STATUSES = ("ongoing", "delivered")
SOCIAL_NETWORKS = ("facebook", "twitter", "linkedin", "youtube", "instagram")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
URL_PATTERN = re.compile(r"^https://[^\s/]+\.[^\s]+$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


# ---------------------------------------------------------------- reading YAML safely


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
    where = problems.where(path)
    size = path.stat().st_size
    if size > MAX_SOURCE_BYTES:
        problems.error(where, f"file is {size} bytes; a source record may be at most "
                       f"{MAX_SOURCE_BYTES} bytes", "yaml.too-large")
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
    if tabbed:
        return None
    try:
        # Aliases are refused where they are written, before anything could expand them.
        aliases = [event.start_mark for event in yaml.parse(text, Loader=LOADER)
                   if isinstance(event, yaml.AliasEvent)]
        for mark in aliases:
            problems.error(problems.where(path, mark.line + 1, mark.column + 1),
                           "YAML aliases (*name) are not allowed in source records",
                           "yaml.alias")
        if aliases:
            return None
        node = yaml.compose(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problems.error(problems.where(path, line, column),
                       f"YAML syntax: {error.problem or error.context}", "yaml.syntax")
        return None
    document = Document(path, None)
    if node is not None:
        ok = _check_nodes(node, (), document, problems, set())
        if not ok:
            return None
        document.value = _to_value(node, ())
    return document


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
                problems.error(key_where, f"{_dotted(at + (key,))}: duplicate key, already "
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


def _dotted(at: tuple) -> str:
    text = ""
    for part in at:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# ---------------------------------------------------------------- the schema


@dataclass(frozen=True)
class Field:
    """What one field of a record must hold."""

    kind: str  # text, string, id, integer, choice, country, month, date, colour, url, email,
    #            language-list, asset, reference, list, record
    required: bool = True
    choices: tuple[str, ...] = ()
    item: "Field | None" = None
    fields: dict[str, "Field"] | None = None
    refers_to: str = ""


def text(required=True):
    return Field("text", required)


def record(fields, required=True):
    return Field("record", required, fields=fields)


def listing(item, required=True):
    return Field("list", required, item=item)


PROGRAMME = {
    "id": Field("id"),
    "name": Field("string"),
    "description": text(),
    "languages": Field("language-list"),
    "contact": record({
        "web": Field("url", False),
        "email": Field("email", False),
        "social": listing(record({"network": Field("choice", choices=SOCIAL_NETWORKS)}), False),
    }, False),
    "colours": record({"primary": Field("colour"), "accent": Field("colour"),
                       "tint": Field("colour")}),
}
EDITION = {
    "year": Field("integer"),
    "published": Field("month"),
    "title": text(),
    "introduction": text(),
    "cover_image": Field("reference", refers_to="image"),
    "achievements": listing(record({
        "heading": text(),
        "text": text(),
        "actions": listing(Field("reference", refers_to="action")),
    })),
    "outlook": record({"heading": text(), "text": text()}),
    "closing": text(),
}
ACTION = {
    "id": Field("id"),
    "country": Field("country", False),
    "region": text(False),
    "coverage": text(False),
    "theme": Field("choice", choices=THEMES),
    "status": Field("choice", choices=STATUSES),
    "partners": listing(record({"name": text(), "acronym": Field("string", False)}), False),
    "milestones": listing(record({"date": Field("date"), "until": Field("date", False),
                                  "text": text()}), False),
    "summary": text(),
    "activities": text(),
    "results": text(),
    "images": listing(Field("reference", refers_to="image")),
}
IMAGE = {
    "id": Field("id"),
    "file": Field("asset"),
    "caption": text(),
    "credit": text(),
    "alt": text(),
    "licence": Field("string", False),
}


# ---------------------------------------------------------------- checking values


class Checker:
    """Checks one document against a schema, reporting each problem with its position."""

    def __init__(self, document: Document, kind: str, problems: Problems,
                 languages: tuple[str, ...], assets: Path, draft: bool = False):
        self.document = document
        self.kind = kind
        self.problems = problems
        self.languages = languages
        self.assets = assets
        self.draft = draft
        self.references: list[tuple[str, str, tuple]] = []  # (kind, id, position)
        self.translations: list[tuple[str, str, str, bool]] = []  # (kind, field, language, given)

    def error(self, at: tuple, message: str, code: str, on_key: bool = False,
              level: str = "error") -> None:
        line, column = (self.document.key_mark if on_key else self.document.mark)(at)
        report = self.problems.warning if level == "warning" else self.problems.error
        report(self.problems.where(self.document.path, line, column),
               f"{_dotted(at)}: {message}" if at else message, code)

    def record(self, value: Any, fields: dict[str, Field], at: tuple = ()) -> dict | None:
        if not isinstance(value, dict):
            self.error(at, f"expected a mapping of fields (name: value), found {_kind_of(value)}",
                       "schema.type")
            return None
        result: dict[str, Any] = {}
        misspelt = set()
        for key in value:
            if key not in fields:
                near = difflib.get_close_matches(str(key), [f for f in fields if f not in value],
                                                 n=1)
                misspelt.update(near)
                hint = f"; did you mean '{near[0]}'?" if near else \
                    f"; expected one of: {', '.join(fields)}"
                self.error(at + (key,), f"unknown field{hint}", "schema.unknown-field",
                           on_key=True)
        for name, spec in fields.items():
            if name not in value or value[name] is None:
                # A misspelt key was reported already, with the right name to use.
                if spec.required and name not in misspelt:
                    self.error(at + (name,), "missing required field", "schema.missing")
                continue
            result[name] = self.value(value[name], spec, at + (name,))
        return result

    def value(self, value: Any, spec: Field, at: tuple) -> Any:
        check: Callable = getattr(self, "check_" + spec.kind.replace("-", "_"))
        return check(value, spec, at)

    def check_record(self, value, spec, at):
        return self.record(value, spec.fields, at)

    def check_list(self, value, spec, at):
        if not isinstance(value, list):
            self.error(at, f"expected a list, found {_kind_of(value)}", "schema.type")
            return None
        if spec.required and not value:
            self.error(at, "the list is empty; give at least one item", "schema.empty")
        return [self.value(item, spec.item, at + (i,)) for i, item in enumerate(value)]

    def check_text(self, value, spec, at):
        if not isinstance(value, dict):
            self.error(at, f"expected a text in each language ({', '.join(self.languages)}), "
                       f"found {_kind_of(value)}", "schema.type")
            return None
        texts = {}
        for language in value:
            if language not in self.languages:
                self.error(at + (language,), f"language '{language}' is not one of the "
                           f"programme's languages ({', '.join(self.languages)})",
                           "translation.unknown-language", on_key=True)
        for language in self.languages:
            given = value.get(language)
            self.translations.append((self.kind, _dotted(at), language,
                                      isinstance(given, str) and bool(given.strip())))
            name = LANGUAGE_NAMES.get(language, language)
            if given is None:
                if self.draft and language != self.languages[0]:
                    self.error(at + (language,), f"missing {name} text; the draft shows the "
                               f"{LANGUAGE_NAMES[self.languages[0]]} text, marked",
                               "translation.missing", level="warning")
                else:
                    self.error(at + (language,), f"missing {name} text", "translation.missing")
            elif not isinstance(given, str):
                self.error(at + (language,), f"expected text, found {_kind_of(given)}",
                           "schema.type")
            elif not given.strip():
                self.error(at + (language,), f"empty {name} text", "schema.empty")
            else:
                for message, code in markup.problems(given):
                    self.error(at + (language,), message, code)
                texts[language] = given.strip()
        complete = len(texts) == len(self.languages)
        return Text.of(texts) if complete or (self.draft and self.languages[0] in texts) \
            else None

    def check_string(self, value, spec, at):
        if not isinstance(value, str) or not value.strip():
            self.error(at, f"expected text, found {_kind_of(value)}", "schema.type")
            return None
        return value.strip()

    def check_id(self, value, spec, at):
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.error(at, f"'{value}' is not an id; use lower-case letters, digits and "
                       "hyphens, e.g. 'sierra-leone'", "schema.id")
            return None
        return value

    def check_integer(self, value, spec, at):
        if not isinstance(value, int) or isinstance(value, bool):
            self.error(at, f"expected a whole number, found {_kind_of(value)}", "schema.type")
            return None
        return value

    def check_choice(self, value, spec, at):
        if value not in spec.choices:
            near = difflib.get_close_matches(str(value), spec.choices, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            self.error(at, f"'{value}' is not one of: {', '.join(spec.choices)}{hint}",
                       "schema.choice")
            return None
        return value

    def check_country(self, value, spec, at):
        if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value) \
                or pycountry.countries.get(alpha_2=value) is None:
            near = pycountry.countries.get(alpha_2=str(value).upper()) \
                if len(str(value)) == 2 else None
            hint = f"; did you mean '{near.alpha_2}' ({near.name})?" if near else ", e.g. 'SL'"
            self.error(at, f"'{value}' is not an ISO 3166 alpha-2 country code{hint}",
                       "schema.country")
            return None
        return value

    def check_month(self, value, spec, at):
        match = MONTH_PATTERN.match(str(value))
        if not match or not 1 <= int(match[2]) <= 12:
            self.error(at, f"'{value}' is not a month; write YYYY-MM, e.g. 2017-12",
                       "schema.date")
            return None
        return datetime.date(int(match[1]), int(match[2]), 1)

    def check_date(self, value, spec, at):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value, "day"
        month = MONTH_PATTERN.match(str(value))
        if month and 1 <= int(month[2]) <= 12:
            return datetime.date(int(month[1]), int(month[2]), 1), "month"
        self.error(at, f"'{value}' is not a date; write YYYY-MM-DD or YYYY-MM", "schema.date")
        return None

    def check_colour(self, value, spec, at):
        if not isinstance(value, str) or not COLOUR_PATTERN.match(value):
            self.error(at, f"'{value}' is not a colour; write #rrggbb", "schema.colour")
            return None
        return value.lower()

    def check_url(self, value, spec, at):
        if not isinstance(value, str) or not URL_PATTERN.match(value):
            self.error(at, f"'{value}' is not a web address; write https://…", "schema.url")
            return None
        return value

    def check_email(self, value, spec, at):
        if not isinstance(value, str) or not EMAIL_PATTERN.match(value):
            self.error(at, f"'{value}' is not an e-mail address", "schema.email")
            return None
        return value

    def check_language_list(self, value, spec, at):
        if not isinstance(value, list) or not value:
            self.error(at, "expected a list of language codes, e.g. [en, fr, es]", "schema.type")
            return None
        for i, code in enumerate(value):
            if code not in LANGUAGE_NAMES:
                self.error(at + (i,), f"'{code}' is not a supported language "
                           f"({', '.join(LANGUAGE_NAMES)})", "schema.language")
                return None
        return tuple(value)

    def check_asset(self, value, spec, at):
        if not isinstance(value, str) or not value:
            self.error(at, f"expected a file path under assets/, found {_kind_of(value)}",
                       "schema.type")
            return None
        if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I) or value.startswith(("/", "\\")):
            self.error(at, f"'{value}' must be a path relative to assets/, not an absolute "
                       "path or a URL", "path.outside")
            return None
        target = (self.assets / value).resolve()
        if not target.is_relative_to(self.assets.resolve()):
            self.error(at, f"'{value}' leaves the assets/ folder", "path.outside")
            return None
        if not target.is_file():
            self.error(at, f"file assets/{value} does not exist", "image.missing-file")
            return None
        return target

    def check_reference(self, value, spec, at):
        if not isinstance(value, str):
            self.error(at, f"expected an {spec.refers_to} id, found {_kind_of(value)}",
                       "schema.type")
            return None
        self.references.append((spec.refers_to, value, at))
        return value


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"yes/no value '{value}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"number {value}"
    return f"'{value}'"


# ---------------------------------------------------------------- the stage


@dataclass(frozen=True)
class Review:
    """What checking the sources found: the records if usable, every problem, every text."""

    sources: Sources | None
    problems: tuple[Problem, ...]
    translations: tuple[tuple[str, str, str, bool], ...]  # (record kind, field, language, given)


def read_sources(root: Path, year: int, draft: bool = False) -> Sources:
    """Read and check every record; raise PipelineError with all problems if any is an error.

    In a draft, a missing translation is a warning and the text falls back to the first
    language; the warnings travel with the returned sources."""
    review = review_sources(root, year, draft)
    if review.sources is None:
        raise PipelineError(review.problems)
    return review.sources


def review_sources(root: Path, year: int, draft: bool = False) -> Review:
    problems = Problems(root)
    folder = root / "sources"
    assets = root / "assets"

    programme_doc = _read(folder / "programme.yaml", problems)
    languages = tuple(programme_doc.value.get("languages") or ()) \
        if programme_doc and isinstance(programme_doc.value, dict) else ()
    if not languages or not all(code in LANGUAGE_NAMES for code in languages):
        languages = tuple(LANGUAGE_NAMES)

    checkers: list[Checker] = []

    def check(document: Document | None, kind: str, schema: dict) -> dict | None:
        if document is None:
            return None
        checker = Checker(document, kind, problems, languages, assets, draft)
        checkers.append(checker)
        return checker.record(document.value, schema)

    programme = check(programme_doc, "programme", PROGRAMME)
    edition_doc = _read(folder / "editions" / f"{year}.yaml", problems)
    edition = check(edition_doc, "edition", EDITION)
    if edition and edition.get("year") not in (None, year):
        problems.error(problems.where(edition_doc.path, *edition_doc.mark(("year",))),
                       f"year: {edition['year']} does not match the file name {year}.yaml",
                       "edition.year")

    actions = _check_folder(folder / "actions", "action", ACTION, check, problems)
    images = _check_folder(folder / "images", "image", IMAGE, check, problems)
    # A file that could not be read still names its record: no second error for each use.
    known = {"action": set(actions) | _stems(folder / "actions"),
             "image": set(images) | _stems(folder / "images")}
    for checker in checkers:
        for kind, ref, at in checker.references:
            if ref not in known[kind]:
                near = difflib.get_close_matches(ref, sorted(known[kind]), n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                checker.error(at, f"unknown {kind} '{ref}'{hint}", f"reference.unknown-{kind}")
    for _, document in actions.values():
        if isinstance(document.value, dict) and \
                ("country" in document.value) == ("region" in document.value):
            problems.error(problems.where(document.path, 1, 1), "give either 'country' (ISO "
                           "3166 code) or 'region' (a text), not both or neither",
                           "action.country-or-region")

    found = tuple(sorted(problems.found))
    translations = tuple(t for checker in checkers for t in checker.translations)
    if any(p.level == "error" for p in found):
        return Review(None, found, translations)
    sources = Sources(
        root=root,
        programme=_programme(programme),
        edition=_edition(edition, problems.where(edition_doc.path)),
        actions=tuple(_action(data, problems.where(doc.path)) for data, doc in actions.values()),
        images=tuple(_image(data, problems.where(doc.path)) for data, doc in images.values()),
        warnings=found,
    )
    return Review(sources, found, translations)


def _read(path: Path, problems: Problems) -> Document | None:
    if not path.is_file():
        problems.error(problems.where(path), "file is missing", "source.missing-file")
        return None
    return read_yaml(path, problems)


def _stems(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.yaml")}


def _check_folder(folder: Path, kind: str, schema: dict, check, problems: Problems) -> dict:
    """Check each record file of a folder; ids must match file names and be unique."""
    records: dict[str, tuple[dict, Document]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        document = _read(path, problems)
        data = check(document, kind, schema)
        if not data or not data.get("id"):
            continue
        record_id = data["id"]
        if record_id != path.stem:
            problems.error(problems.where(path, *document.mark(("id",))),
                           f"id: '{record_id}' differs from the file name '{path.stem}.yaml'",
                           "record.id-mismatch")
        if record_id in records:
            problems.error(problems.where(path, *document.mark(("id",))),
                           f"id: '{record_id}' is already used by "
                           f"{problems.where(records[record_id][1].path).path}",
                           "record.duplicate-id")
            continue
        records[record_id] = (data, document)
    return records


def _programme(data: dict) -> Programme:
    contact = data.get("contact") or {}
    return Programme(
        id=data["id"], name=data["name"], description=data["description"],
        languages=data["languages"], colours=Colours(**data["colours"]),
        social=tuple(s["network"] for s in contact.get("social") or ()),
        web=contact.get("web"), email=contact.get("email"))


def _edition(data: dict, source: Location) -> Edition:
    return Edition(
        year=data["year"], published=data["published"], title=data["title"],
        introduction=data["introduction"], cover_image=data["cover_image"],
        achievements=tuple(Achievement(a["heading"], a["text"], tuple(a["actions"]))
                           for a in data["achievements"]),
        outlook_heading=data["outlook"]["heading"], outlook_text=data["outlook"]["text"],
        closing=data["closing"], source=source)


def _action(data: dict, source: Location) -> Action:
    milestones = []
    for m in data.get("milestones") or ():
        start, precision = m["date"]
        until = m["until"][0] if m.get("until") else None
        milestones.append(Milestone(start, m["text"], precision, until))
    return Action(
        id=data["id"], theme=data["theme"], status=data["status"], summary=data["summary"],
        activities=data["activities"], results=data["results"], images=tuple(data["images"]),
        source=source, country=data.get("country"), region=data.get("region"),
        coverage=data.get("coverage"),
        partners=tuple(Partner(p["name"], p.get("acronym")) for p in data.get("partners") or ()),
        milestones=tuple(milestones))


def _image(data: dict, source: Location) -> ImageRecord:
    return ImageRecord(
        id=data["id"], file=data["file"], caption=data["caption"], credit=data["credit"],
        alt=data["alt"], licence=data.get("licence"), source=source)
