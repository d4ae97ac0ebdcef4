"""Stage 1, checking: one YAML document against its record schema, each problem with its place.

The Checker turns plain values into checked ones (texts per language, dates, paths under
assets/), records the references between records and every translation it saw, and reports
what is wrong at the line and column where it is written.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from pathlib import Path
from typing import Any, Callable

import pycountry
from babel import Locale, UnknownLocaleError

from ..maps import geography
from . import markup
from ..model import Text
from ..files import Fenced, read_within, within
from .fingerprints import Fingerprints, TextState, fingerprint
from ..fonts import uncovered
from ..images import svg_problem
from ..problems import Problems, shown
from .reader import Document, dotted
from .schema import (COLOUR_PATTERN, EMAIL_PATTERN, ID_PATTERN, LANGUAGE_PATTERN, MONTH_PATTERN,
                     URL_PATTERN, Field)


def language_name(code: str) -> str:
    """A language's English name, for messages ("missing French text")."""
    return Locale("en").languages.get(code, code)


class Checker:
    """Checks one document against a schema, reporting each problem with its position.

    Texts must be given in `required` (the languages of the documents that show the record)
    and may be given in any of `known` (the programme's languages); in a draft a missing text
    falls back to the first required language, which must be there."""

    def __init__(self, document: Document, kind: str, problems: Problems,
                 required: tuple[str, ...], known: tuple[str, ...], assets: Path,
                 draft: bool = False, covered: frozenset[int] | None = None,
                 fingerprints: Fingerprints | None = None):
        self.document = document
        self.kind = kind
        self.problems = problems
        self.required = required
        self.known = known
        self.assets = assets
        self.draft = draft
        self.covered = covered  # the code points the project's fonts can set
        self.references: list[tuple[str, str, tuple]] = []  # (kind, id, position)
        self.fingerprints = fingerprints or Fingerprints({}, assets.parent / "sources")
        self.record_name = self.fingerprints.name(document.path)
        self.translations: list[TextState] = []

    def error(self, at: tuple, message: str, code: str, on_key: bool = False,
              level: str = "error") -> None:
        line, column = (self.document.key_mark if on_key else self.document.mark)(at)
        report = self.problems.warning if level == "warning" else self.problems.error
        report(self.problems.where(self.document.path, line, column),
               f"{dotted(at)}: {message}" if at else message, code)

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
        self._in_order(result, at)
        return result

    def _in_order(self, result: dict, at: tuple) -> None:
        """A period's end (`until`) comes after its start (`date`)."""
        start, end = result.get("date"), result.get("until")
        if start and end and end[0] < start[0]:
            self.error(at + ("until",), f"{end[0].isoformat()} comes before the date it ends "
                       f"({start[0].isoformat()}); `until` is the last day", "schema.date-order")

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
        if spec.item.kind == "reference":
            seen: dict[str, int] = {}
            for index, item in enumerate(value):
                if isinstance(item, str) and item in seen:
                    self.error(at + (index,), f"'{shown(item)}' is listed already, as item "
                               f"{seen[item] + 1}; list it once", "schema.repeated")
                seen.setdefault(item, index) if isinstance(item, str) else None
        return [self.value(item, spec.item, at + (i,)) for i, item in enumerate(value)]

    def check_text(self, value, spec, at, label: bool = False):
        if not isinstance(value, dict):
            self.error(at, f"expected a text in each language ({', '.join(self.required)}), "
                       f"found {_kind_of(value)}", "schema.type")
            return None
        texts = self._texts(value, at, spec, label)
        outdated = []
        for language in self.required:
            state = self._state(texts, language, at, spec, label)
            self.translations.append(state)
            if value.get(language) is None:
                name = language_name(language)
                if self.draft and language != self.required[0]:
                    self.error(at + (language,), f"missing {name} text; the draft shows the "
                               f"{language_name(self.required[0])} text, marked",
                               "translation.missing", level="warning")
                else:
                    self.error(at + (language,), f"missing {name} text", "translation.missing")
            elif state.status == "outdated":
                # It would print what the source no longer says; a draft prints it, marked.
                outdated.append(language)
                self.error(at + (language,), outdated_message(state)
                           + ("; the draft prints it, marked" if self.draft else ""),
                           "translation.outdated", level="warning" if self.draft else "error")
        complete = all(language in texts for language in self.required)
        return Text.of(texts, outdated) if complete or (self.draft and self.required[0] in texts) \
            else None

    def _state(self, texts: dict, language: str, at: tuple, spec: Field,
               label: bool) -> TextState:
        """Whether a translation is there, and made from the source text as it is now."""
        source_language = self.required[0]
        source, translation = texts.get(source_language), texts.get(language)
        made = None
        if translation is None:
            status = "missing"
        elif language == source_language or source is None:
            status = "current"
        else:
            made = self.fingerprints.made_from(language, self.record_name, dotted(at))
            status = "untracked" if made is None else \
                "current" if made.fingerprint == fingerprint(source) else "outdated"
        where = self.problems.where(self.document.path, *self.document.mark(at + (language,)))
        return TextState(self.kind, self.record_name, dotted(at), language, status,
                         source_language, source, translation, where, spec.max_length, label,
                         made.source if status == "outdated" else None)

    def check_names(self, value, spec, at):
        """Texts in some languages only (a country's name where CLDR's differs)."""
        if not isinstance(value, dict):
            self.error(at, f"expected a name in some languages, found {_kind_of(value)}",
                       "schema.type")
            return None
        return Text.of(self._texts(value, at, spec, label=True))

    def check_label(self, value, spec, at):
        """A name in every language the documents need: plain text, no formatting."""
        return self.check_text(value, spec, at, label=True)

    def _texts(self, value: dict, at: tuple, spec: Field, label: bool = False) -> dict[str, str]:
        """The well-formed texts of a language mapping; each problem reported."""
        texts = {}
        for language, given in value.items():
            where = at + (language,)
            if language not in self.known:
                self.error(where, f"language '{language}' is not one of the programme's "
                           f"languages ({', '.join(self.known)})",
                           "translation.unknown-language", on_key=True)
            elif not isinstance(given, str):
                self.error(where, f"expected text, found {_kind_of(given)}", "schema.type")
            elif not markup.visible(given):
                self.error(where, f"empty {language_name(language)} text", "schema.empty")
            else:
                found = (markup.label_problems if label else markup.problems)(given, language)
                for message, code in found + self._length(given, spec) + self._fonts(given):
                    self.error(where, message, code)
                texts[language] = given.strip()
        return texts

    @staticmethod
    def _length(text: str, spec: Field) -> list[tuple[str, str]]:
        length = len(markup.plain(text)) if "\n\n" not in text else len(text)
        if spec.max_length and length > spec.max_length:
            return [(f"{length:,} characters; this field holds at most {spec.max_length:,} "
                     "(it must fit where the layouts set it)", "text.too-long")]
        return []

    def check_string(self, value, spec, at):
        if not isinstance(value, str) or not markup.visible(value):
            self.error(at, f"expected text, found {_kind_of(value)}", "schema.type")
            return None
        for message, code in (markup.label_problems(value) + self._length(value, spec)
                              + self._fonts(value)):
            self.error(at, message, code)
        return value.strip()

    def _fonts(self, text: str) -> list[tuple[str, str]]:
        missing = uncovered(text, self.covered) if self.covered is not None else None
        return [(missing, "text.no-font")] if missing else []

    def check_id(self, value, spec, at):
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            self.error(at, f"'{shown(value)}' is not an id; use lower-case letters, digits and "
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
            self.error(at, f"'{shown(value)}' is not one of: {', '.join(spec.choices)}{hint}",
                       "schema.choice")
            return None
        return value

    def check_country(self, value, spec, at):
        if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{2}", value) \
                or pycountry.countries.get(alpha_2=value) is None:
            near = pycountry.countries.get(alpha_2=str(value).upper()) \
                if len(str(value)) == 2 else None
            hint = f"; did you mean '{near.alpha_2}' ({near.name})?" if near else ", e.g. 'SL'"
            self.error(at, f"'{shown(value)}' is not an ISO 3166 alpha-2 country code{hint}",
                       "schema.country")
            return None
        return value

    def check_mapped(self, value, spec, at):
        """A country an Action is in: one the map data draws (Natural Earth draws some
        territories as part of another country, and leaves some islands out at 1:50m)."""
        value = self.check_country(value, spec, at)
        if value is not None and not geography.drawn(value):
            self.error(at, f"the map data has no outline for {value}; expected a country it "
                       "draws at 1:50m (assets/maps/README.md says which it leaves out)",
                       "action.unmapped")
        return value

    def check_month(self, value, spec, at):
        match = MONTH_PATTERN.match(str(value))
        if not match or not 1 <= int(match[2]) <= 12:
            self.error(at, f"'{shown(value)}' is not a month; write YYYY-MM, e.g. 2017-12",
                       "schema.date")
            return None
        return datetime.date(int(match[1]), int(match[2]), 1)

    def check_date(self, value, spec, at):
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value, "day"
        month = MONTH_PATTERN.match(str(value))
        if month and 1 <= int(month[2]) <= 12:
            return datetime.date(int(month[1]), int(month[2]), 1), "month"
        self.error(at, f"'{shown(value)}' is not a date; write YYYY-MM-DD or YYYY-MM",
                   "schema.date")
        return None

    def check_colour(self, value, spec, at):
        if not isinstance(value, str) or not COLOUR_PATTERN.match(value):
            self.error(at, f"'{shown(value)}' is not a colour; write #rrggbb", "schema.colour")
            return None
        return value.lower()

    def check_url(self, value, spec, at):
        if not isinstance(value, str) or not URL_PATTERN.match(value):
            self.error(at, f"'{shown(value)}' is not a web address; write https://…", "schema.url")
            return None
        return value

    def check_email(self, value, spec, at):
        if not isinstance(value, str) or not EMAIL_PATTERN.match(value):
            self.error(at, f"'{shown(value)}' is not an e-mail address (name@domain, nothing "
                       "after it)", "schema.email")
            return None
        return value

    def check_language(self, value, spec, at):
        if not isinstance(value, str) or not LANGUAGE_PATTERN.match(value):
            self.error(at, f"'{shown(value)}' is not a language code; write an ISO 639 code, e.g. "
                       "'pt'", "schema.language")
            return None
        return value

    def check_locale(self, value, spec, at):
        try:
            Locale.parse(str(value))
        except (ValueError, TypeError, UnknownLocaleError):
            self.error(at, f"'{shown(value)}' is not a CLDR locale; write e.g. en_GB, pt_PT, ar_JO",
                       "schema.locale")
            return None
        return str(value)

    def check_asset(self, value, spec, at):
        if not isinstance(value, str) or not value:
            self.error(at, f"expected a file path under assets/, found {_kind_of(value)}",
                       "schema.type")
            return None
        if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I) or value.startswith(("/", "\\")):
            self.error(at, f"'{shown(value)}' must be a path relative to assets/, not an "
                       "absolute path or a URL", "path.outside")
            return None
        if os.path.normpath(value).split(os.sep)[0] == "..":
            self.error(at, f"'{shown(value)}' leaves the assets/ folder", "path.outside")
            return None
        try:
            return within(self.assets / value, self.assets)
        except Fenced as refused:
            if refused.code == "path.missing":
                self.error(at, f"file assets/{shown(value)} does not exist", "image.missing-file")
            else:
                self.error(at, f"file assets/{shown(value)} {refused.message}", refused.code)
            return None

    def check_svg(self, value, spec, at):
        """An asset placed as a vector (an emblem): a plain SVG file."""
        path = self.check_asset(value, spec, at)
        try:
            wrong = path and svg_problem(path, read_within(path, self.assets))
        except Fenced as refused:
            wrong = f"{path.name} {refused.message}"
        if wrong:
            self.error(at, wrong, "image.format")
            return None
        return path

    def check_reference(self, value, spec, at):
        if not isinstance(value, str):
            self.error(at, f"expected an {spec.refers_to} id, found {_kind_of(value)}",
                       "schema.type")
            return None
        pattern = LANGUAGE_PATTERN if spec.refers_to == "language" else ID_PATTERN
        if not pattern.match(value):
            self.error(at, f"'{shown(value)}' is not an {spec.refers_to} id (lower-case "
                       "letters, digits and hyphens)", "schema.id")
            return None
        self.references.append((spec.refers_to, value, at))
        return value


def outdated_message(state: TextState) -> str:
    return (f"{state.language} translation outdated: the {language_name(state.source_language)} "
            f"changed since it was translated (fingerprint {fingerprint(state.previous)} → "
            f"{fingerprint(state.source)}); `make translation-kit LANG={state.language}` gives "
            "the translator the old and new text")


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
    return f"'{shown(value)}'"


