"""Stage 1, checking: one document against its schema, each problem where it is written."""

from __future__ import annotations

from pathlib import Path

from pipeline.sources.checks import Checker
from pipeline.problems import Problems
from pipeline.sources.reader import Document
from pipeline.sources.schema import Field, text

LANGUAGES = ("en", "fr", "es")


def checker(value, draft=False):
    document = Document(Path("/p/sources/actions/a.yaml"), value,
                        marks={(): (1, 1), ("summary",): (3, 3)})
    return Checker(document, "action", Problems(Path("/p")), LANGUAGES, LANGUAGES + ("pt",),
                   Path("/p/assets"), draft)


def test_a_text_lacking_a_language_is_an_error_and_a_draft_falls_back():
    value = {"summary": {"en": "Hello", "es": "Hola"}}
    strict = checker(value)
    assert strict.record(value, {"summary": text()}) == {"summary": None}
    assert [str(p) for p in strict.problems.found] == [
        "sources/actions/a.yaml:3:3: error: summary.fr: missing French text "
        "[translation.missing]"]
    draft = checker(value, draft=True)
    (checked,) = draft.record(value, {"summary": text()}).values()
    assert checked.languages == ("en", "es")
    assert [p.level for p in draft.problems.found] == ["warning"]


def test_a_text_may_be_given_in_another_language_of_the_programme_but_no_other():
    value = {"summary": {"en": "Hello", "fr": "Bonjour", "es": "Hola", "pt": "Olá",
                         "de": "Hallo"}}
    seen = checker(value)
    (checked,) = seen.record(value, {"summary": text()}).values()
    assert checked.languages == ("en", "es", "fr", "pt")
    assert [p.code for p in seen.problems.found] == ["translation.unknown-language"]


def test_every_translation_seen_is_recorded_for_the_completeness_report():
    value = {"summary": {"en": "Hello", "fr": "Bonjour", "es": ""}}
    seen = checker(value)
    seen.record(value, {"summary": text()})
    assert [(t.kind, t.record, t.field, t.language, t.status) for t in seen.translations] == [
        ("action", "actions/a.yaml", "summary", "en", "current"),
        ("action", "actions/a.yaml", "summary", "fr", "untracked"),  # no fingerprint yet
        ("action", "actions/a.yaml", "summary", "es", "missing")]


def test_a_reference_is_kept_for_the_cross_check():
    value = {"images": ["photo"]}
    seen = checker(value)
    seen.record(value, {"images": Field("list", item=Field("reference", refers_to="image"))})
    assert seen.references == [("image", "photo", ("images", 0))]
