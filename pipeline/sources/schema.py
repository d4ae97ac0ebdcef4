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

from ..maps import geography
from ..files import write_atomically

STATUSES = ("ongoing", "delivered")
SOCIAL_NETWORKS = ("facebook", "twitter", "linkedin", "youtube", "instagram")
PAPER_NAMES = ("a4", "letter")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
EMAIL_PATTERN = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
URL_PATTERN = re.compile(r"^https://[^\s/]+\.[^\s]+$")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Field:
    """What one field of a record must hold."""

    kind: str  # text, names, string, id, language, locale, integer, choice, country, mapped
    #            (a country the map data draws), month,
    #            date, colour, url, email, asset, svg (an asset that is plain SVG),
    #            reference, list, record
    required: bool = True
    choices: tuple[str, ...] = ()
    item: "Field | None" = None
    fields: dict[str, "Field"] | None = None
    refers_to: str = ""
    max_length: int = 0  # characters a reader sees, where the layouts set a limit


def text(required=True, max_length=0):
    """A text a reader sees, in every language of the documents that show it."""
    return Field("text", required, max_length=max_length)


def label(required=True, max_length=80):
    """A name in every language of the documents that show it, without formatting."""
    return Field("label", required, max_length=max_length)


def record(fields, required=True):
    return Field("record", required, fields=fields)


def listing(item, required=True):
    return Field("list", required, item=item)


def reference(kind, required=True):
    return Field("reference", required, refers_to=kind)


# sources/programme.yaml: who publishes, who pays for it and who runs it, and its colours.
# What changes from year to year (the description of the programme, its contact) belongs to
# each edition.
PROGRAMME = {
    "id": Field("id"),
    "name": Field("string"),
    "full_name": Field("string", False, max_length=80),  # what the name stands for
    "colours": record({"primary": Field("colour"), "accent": Field("colour"),
                       "tint": Field("colour")}),
    # A funder's emblem, the words set beside it and its disclaimer go on every publication
    # (the EU's communication and visibility requirements ask for all three).
    "funders": listing(record({
        "name": label(),
        "emblem": Field("svg"),  # an SVG file under assets/
        "statement": label(max_length=80),  # beside the emblem: "Funded by the European Union"
        "disclaimer": text(max_length=400),
    }), False),
    "implementer": record({"name": label(max_length=120), "acronym": Field("string", False,
                                                                        max_length=20),
                           "web": Field("url", False)}, False),
}
# sources/languages/<code>.yaml: a language the programme publishes in, and the CLDR locale
# that formats its dates and names countries (en_GB, pt_PT, ar_JO…).
LANGUAGE = {
    "id": Field("language"),
    "locale": Field("locale"),
    # Western digits (0-9) are usual in the programme's documents, whatever the locale.
    "digits": Field("choice", False, choices=("western", "native")),
}
# sources/themes/<id>.yaml: an area of work, with its label in each language.
THEME = {
    "id": Field("id"),
    "label": label(),
}
# sources/countries/<CODE>.yaml: where the programme's style differs from CLDR: the country's
# name in some languages, and what its desk prints.
COUNTRY = {
    "id": Field("country"),
    "name": Field("names", False, max_length=60),
    "desk": record({"languages": listing(reference("language"), False),
                    "paper": Field("choice", False, choices=PAPER_NAMES),
                    # Dates and month names as the partner writes them (ar_JO: أيلول).
                    "locales": listing(Field("locale"), False)}, False),
}
# sources/actions/<id>.yaml: an Action for all its years: where it is and what it is about.
ACTION = {
    "id": Field("id"),
    "country": Field("mapped", False),
    "region": label(False),
    "covers": listing(Field("mapped"), False),  # a region's countries, for its map
    "theme": reference("theme"),
    "languages": listing(reference("language"), False),  # its factsheet's extra languages
}
# sources/editions/<year>/edition.yaml: the year's report, and which Actions it shows.
EDITION = {
    "year": Field("integer"),
    "published": Field("month"),
    "languages": listing(reference("language")),
    "title": text(max_length=120),
    "introduction": text(max_length=1500),
    "about": text(max_length=800),
    "contact": record({
        "web": Field("url", False),
        "email": Field("email", False),
        "social": listing(record({"network": Field("choice", choices=SOCIAL_NETWORKS),
                                  "handle": Field("string", False, max_length=60)}), False),
    }, False),
    "cover_image": reference("image"),
    "achievements": listing(record({
        "heading": text(max_length=160),
        "text": text(max_length=1500),
        "actions": listing(reference("action")),
        # The picture that opens the chapter; without it, the first Action's opens it.
        "image": reference("image", False),
    })),
    "factsheets": listing(reference("action"), False),
    "outlook": record({"heading": text(max_length=80), "text": text(max_length=2500),
                       "image": reference("image", False)}),  # the picture opening it
    "closing": text(max_length=400),
}
# sources/editions/<year>/actions/<id>.yaml: the Action in that year.
ACTION_YEAR = {
    "id": Field("id"),
    "status": Field("choice", choices=STATUSES),
    "coverage": text(False, max_length=120),
    "partners": listing(record({"name": text(max_length=200),
                                "acronym": Field("string", False, max_length=20)}), False),
    "milestones": listing(record({"date": Field("date"), "until": Field("date", False),
                                  "text": text(max_length=200)}), False),
    "summary": text(max_length=600),
    "activities": text(max_length=1500),
    "results": text(max_length=1500),
    "images": listing(reference("image")),
}
# sources/editions/<year>/images/<id>.yaml: an image as that year's editors describe it.
IMAGE = {
    "id": Field("id"),
    "file": Field("asset"),
    "caption": text(max_length=250),
    "credit": text(max_length=160),
    "alt": text(max_length=300),
    "licence": Field("string", False, max_length=40),
}

RECORDS = {"programme": PROGRAMME, "language": LANGUAGE, "theme": THEME, "country": COUNTRY,
           "action": ACTION, "edition": EDITION, "action-year": ACTION_YEAR, "image": IMAGE}


# ---------------------------------------------------------------- export as JSON Schema

TITLES = {"programme": "The programme (sources/programme.yaml)",
          "language": "A language (sources/languages/<code>.yaml)",
          "theme": "A theme (sources/themes/<id>.yaml)",
          "country": "A country's names and desk (sources/countries/<CODE>.yaml)",
          "action": "An Action (sources/actions/<id>.yaml)",
          "edition": "An edition (sources/editions/<year>/edition.yaml)",
          "action-year": "An Action in an edition (sources/editions/<year>/actions/<id>.yaml)",
          "image": "An image record (sources/editions/<year>/images/<id>.yaml)"}
# Where the files of each record kind are, for the editor settings the README gives.
PLACES = {"programme": "sources/programme.yaml", "language": "sources/languages/*.yaml",
          "theme": "sources/themes/*.yaml", "country": "sources/countries/*.yaml",
          "action": "sources/actions/*.yaml", "edition": "sources/editions/*/edition.yaml",
          "action-year": "sources/editions/*/actions/*.yaml",
          "image": "sources/editions/*/images/*.yaml"}


def json_schema(kind: str, languages: tuple[str, ...], required: tuple[str, ...]) -> dict:
    """The JSON Schema of one record kind: texts may be in any of `languages` and must be in
    `required` (the newest edition's); `make check` remains the authority on what each
    document needs."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{kind}.schema.json", "title": TITLES[kind]}
    schema.update(_record(RECORDS[kind], (languages, required)))
    return schema


def _record(fields: dict, languages) -> dict:
    return {"type": "object",
            "properties": {name: _field(spec, languages) for name, spec in fields.items()},
            "required": [name for name, spec in fields.items() if spec.required],
            "additionalProperties": False}


def _field(spec: Field, languages) -> dict:
    known, required = languages
    kind = spec.kind
    if kind in ("text", "label", "names"):
        one = {"type": "string", "minLength": 1}
        if spec.max_length:
            one["maxLength"] = spec.max_length
        return {"type": "object", "description": DESCRIPTIONS[kind],
                "properties": {lang: dict(one) for lang in known},
                "required": list(required) if kind != "names" else [],
                "additionalProperties": False}
    if kind == "record":
        return _record(spec.fields, languages)
    if kind == "list":
        schema = {"type": "array", "items": _field(spec.item, languages)}
        if spec.required:
            schema["minItems"] = 1
        return schema
    if kind == "language" or (kind == "reference" and spec.refers_to == "language"):
        return {"enum": list(known), "description": "a language of the programme"}
    return dict(SCALARS[kind](spec))


MARKUP_HELP = ("paragraphs (a blank line), *emphasis*, **strong**, [text](https://…), a line "
               "break (a backslash at the end of a line), lists (- or 1.); no HTML.")
DESCRIPTIONS = {"text": "A text in each language; " + MARKUP_HELP,
                "label": "A name in each language, as it reads: no formatting",
                "names": "Names in some languages; the others come from CLDR"}
SCALARS = {
    "string": lambda spec: {"type": "string", "minLength": 1}
    | ({"maxLength": spec.max_length} if spec.max_length else {}),
    "id": lambda spec: {"type": "string", "pattern": ID_PATTERN.pattern,
                        "description": "lower-case letters, digits and hyphens"},
    "locale": lambda spec: {"type": "string", "pattern": r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2}|_\d{3})?$",
                            "description": "a CLDR locale, e.g. en_GB, pt_PT, ar_JO"},
    "integer": lambda spec: {"type": "integer"},
    "choice": lambda spec: {"enum": list(spec.choices)},
    "country": lambda spec: {"enum": sorted(c.alpha_2 for c in pycountry.countries),
                             "description": "ISO 3166-1 alpha-2 country code"},
    "mapped": lambda spec: {"enum": sorted(c.alpha_2 for c in pycountry.countries
                                           if geography.drawn(c.alpha_2)),
                            "description": "ISO 3166-1 alpha-2 code of a country the map data "
                                           "draws (assets/maps/README.md)"},
    "month": lambda spec: {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$",
                           "description": "YYYY-MM"},
    "date": lambda spec: {"type": "string",
                          "pattern": r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$",
                          "description": "YYYY-MM-DD or YYYY-MM"},
    "colour": lambda spec: {"type": "string", "pattern": COLOUR_PATTERN.pattern},
    "url": lambda spec: {"type": "string", "pattern": URL_PATTERN.pattern},
    "email": lambda spec: {"type": "string", "pattern": EMAIL_PATTERN.pattern},
    "asset": lambda spec: {"type": "string",
                           "pattern": r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/\\])(?!(.*/)?\.\.(/|$)).+$",
                           "description": "a path under assets/, e.g. images/photo.jpg"},
    "svg": lambda spec: {"type": "string",
                         "pattern": r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?![/\\])(?!(.*/)?\.\.(/|$)).+\.svg$",
                         "description": "an SVG file under assets/, e.g. identity/emblem.svg"},
    "reference": lambda spec: {"type": "string", "pattern": ID_PATTERN.pattern,
                               "description": f"the id of an {spec.refers_to} record"},
}


def schema_languages(project: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The programme's languages (one record each), and the newest edition's."""
    folder = project / "sources"
    known = tuple(sorted(p.stem for p in (folder / "languages").glob("*.yaml")))
    editions = sorted((p for p in (folder / "editions").glob("*/edition.yaml")
                       if p.parent.name.isdigit()), key=lambda p: int(p.parent.name))
    newest = ()
    if editions:
        data = yaml.safe_load(editions[-1].read_text(encoding="utf-8"))
        newest = tuple(data.get("languages") or ()) if isinstance(data, dict) else ()
    return known, tuple(code for code in newest if code in known)


def render_schemas(project: Path) -> dict[str, str]:
    known, required = schema_languages(project)
    return {f"{kind}.schema.json": json.dumps(json_schema(kind, known, required), indent=2,
                                              ensure_ascii=False) + "\n" for kind in RECORDS}


def write_schemas(project: Path) -> list[Path]:
    folder = project / "sources" / "schema"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in render_schemas(project).items():
        write_atomically(folder / name, content)
        written.append(folder / name)
    for stale in set(folder.glob("*.schema.json")) - set(written):
        stale.unlink()
    return written
