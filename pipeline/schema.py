"""The record schemas: what each field of the programme, an edition, an Action and an image holds.

This is the one definition of the records: stage 1 checks against it (checks.py) and
`make schemas` exports it as JSON Schema files under sources/schema/, so editors validate as
they type.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pycountry
import yaml

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


RECORDS = {"programme": PROGRAMME, "edition": EDITION, "action": ACTION, "image": IMAGE}


# ---------------------------------------------------------------- export as JSON Schema

TITLES = {"programme": "The programme (sources/programme.yaml)",
          "edition": "An edition (sources/editions/<year>.yaml)",
          "action": "An Action (sources/actions/<id>.yaml)",
          "image": "An image record (sources/images/<id>.yaml)"}


def json_schema(kind: str, languages: tuple[str, ...]) -> dict:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{kind}.schema.json", "title": TITLES[kind]}
    schema.update(_record(RECORDS[kind], languages))
    return schema


def _record(fields: dict, languages) -> dict:
    return {"type": "object",
            "properties": {name: _field(spec, languages) for name, spec in fields.items()},
            "required": [name for name, spec in fields.items() if spec.required],
            "additionalProperties": False}


def _field(spec: Field, languages) -> dict:
    kind = spec.kind
    if kind == "text":
        return {"type": "object", "description": "A text in each language; " + MARKUP_HELP,
                "properties": {lang: {"type": "string", "minLength": 1} for lang in languages},
                "required": list(languages), "additionalProperties": False}
    if kind == "record":
        return _record(spec.fields, languages)
    if kind == "list":
        schema = {"type": "array", "items": _field(spec.item, languages)}
        if spec.required:
            schema["minItems"] = 1
        return schema
    return dict(SCALARS[kind](spec))


MARKUP_HELP = ("paragraphs (a blank line), *emphasis*, **strong**, [text](https://…), a line "
               "break (a backslash at the end of a line), lists (- or 1.); no HTML.")
SCALARS = {
    "string": lambda spec: {"type": "string", "minLength": 1},
    "id": lambda spec: {"type": "string", "pattern": ID_PATTERN.pattern,
                        "description": "lower-case letters, digits and hyphens"},
    "integer": lambda spec: {"type": "integer"},
    "choice": lambda spec: {"enum": list(spec.choices)},
    "country": lambda spec: {"enum": sorted(c.alpha_2 for c in pycountry.countries),
                             "description": "ISO 3166-1 alpha-2 country code"},
    "month": lambda spec: {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$",
                           "description": "YYYY-MM"},
    "date": lambda spec: {"type": "string",
                          "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
                          "description": "YYYY-MM-DD or YYYY-MM"},
    "colour": lambda spec: {"type": "string", "pattern": COLOUR_PATTERN.pattern},
    "url": lambda spec: {"type": "string", "pattern": URL_PATTERN.pattern},
    "email": lambda spec: {"type": "string", "pattern": EMAIL_PATTERN.pattern},
    "language-list": lambda spec: {"type": "array", "minItems": 1,
                                   "items": {"enum": list(LANGUAGE_NAMES)}},
    "asset": lambda spec: {"type": "string",
                           "pattern": r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/\\])(?!(.*/)?\.\.(/|$)).+$",
                           "description": "a path under assets/, e.g. images/photo.jpg"},
    "reference": lambda spec: {"type": "string", "pattern": ID_PATTERN.pattern,
                               "description": f"the id of an {spec.refers_to} record"},
}


def programme_languages(project: Path) -> tuple[str, ...]:
    with (project / "sources" / "programme.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return tuple(data.get("languages") or LANGUAGE_NAMES)


def render_schemas(project: Path) -> dict[str, str]:
    languages = programme_languages(project)
    return {f"{kind}.schema.json": json.dumps(json_schema(kind, languages), indent=2,
                                              ensure_ascii=False) + "\n" for kind in RECORDS}


def write_schemas(project: Path) -> list[Path]:
    folder = project / "sources" / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas(project).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
