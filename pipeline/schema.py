"""Export the record schemas of sources.py as JSON Schema files, so editors validate as people type.

The schemas in sources.py stay the one definition; these files are generated from them
(`make schemas`) and committed under sources/schema/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pycountry
import yaml

from . import sources
from .config import Settings

KINDS = {"programme": sources.PROGRAMME, "edition": sources.EDITION,
         "action": sources.ACTION, "image": sources.IMAGE}
TITLES = {"programme": "The programme (sources/programme.yaml)",
          "edition": "An edition (sources/editions/<year>.yaml)",
          "action": "An Action (sources/actions/<id>.yaml)",
          "image": "An image record (sources/images/<id>.yaml)"}


def json_schema(kind: str, languages: tuple[str, ...]) -> dict:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{kind}.schema.json", "title": TITLES[kind]}
    schema.update(_record(KINDS[kind], languages))
    return schema


def _record(fields: dict, languages) -> dict:
    return {"type": "object",
            "properties": {name: _field(spec, languages) for name, spec in fields.items()},
            "required": [name for name, spec in fields.items() if spec.required],
            "additionalProperties": False}


def _field(spec: sources.Field, languages) -> dict:
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
    "id": lambda spec: {"type": "string", "pattern": sources.ID_PATTERN.pattern,
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
    "colour": lambda spec: {"type": "string", "pattern": sources.COLOUR_PATTERN.pattern},
    "url": lambda spec: {"type": "string", "pattern": sources.URL_PATTERN.pattern},
    "email": lambda spec: {"type": "string", "pattern": sources.EMAIL_PATTERN.pattern},
    "language-list": lambda spec: {"type": "array", "minItems": 1,
                                   "items": {"enum": list(sources.LANGUAGE_NAMES)}},
    "asset": lambda spec: {"type": "string",
                           "pattern": r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/\\])(?!(.*/)?\.\.(/|$)).+$",
                           "description": "a path under assets/, e.g. images/photo.jpg"},
    "reference": lambda spec: {"type": "string", "pattern": sources.ID_PATTERN.pattern,
                               "description": f"the id of an {spec.refers_to} record"},
}


def programme_languages(project: Path) -> tuple[str, ...]:
    with (project / "sources" / "programme.yaml").open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return tuple(data.get("languages") or sources.LANGUAGE_NAMES)


def render_schemas(project: Path) -> dict[str, str]:
    languages = programme_languages(project)
    return {f"{kind}.schema.json": json.dumps(json_schema(kind, languages), indent=2,
                                              ensure_ascii=False) + "\n" for kind in KINDS}


def write_schemas(settings: Settings) -> list[Path]:
    folder = settings.project / "sources" / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas(settings.project).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written
