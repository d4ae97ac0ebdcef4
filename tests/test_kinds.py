"""Document kinds: each kind owns its documents, records, images, metadata and page rules;
a new kind is one class, a template and a stylesheet."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from dataclasses import dataclass
from typing import ClassVar

import pikepdf

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.kinds import ANNUAL_REPORT, FACTSHEET, KINDS, DocumentKind, Metadata
from pipeline.model import Output
from pipeline.profiles import PROFILES
from pipeline.sources.assemble import read_sources


@dataclass(frozen=True)
class SummaryCard(DocumentKind):
    """A kind defined here only: one card per Action, a single page, no image."""

    name: ClassVar[str] = "summary-card"
    profiles: ClassVar[tuple[str, ...]] = ("office", "screen")
    max_pages: ClassVar[int | None] = 1

    def documents(self, sources):
        return tuple((action.id, sources.edition.languages) for action in sources.actions)

    def stem(self, output):
        return f"card-{output.about}-{output.language}"

    def actions(self, sources, output):
        return (sources.action(output.about),)

    def describe(self, sources, output, words, texts):
        place = words.place(sources.action(output.about))
        return Metadata(f"{place} — summary card", texts.plain(
            sources.action(output.about).summary), (place,))

    def context(self, sources, output, words, texts, figure, drawn, say):
        action = sources.action(output.about)
        return {"action": action, "place": words.place(action)}


CARD_TEMPLATE = """{% extends "base.html" %}
{% block body %}<h1>{{ place }}</h1>{{ block(action.summary) }}{% endblock %}
"""


def test_a_new_kind_is_a_class_a_template_and_a_stylesheet(sample, monkeypatch):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    (sample / "layouts/summary-card.html").write_text(CARD_TEMPLATE)
    (sample / "layouts/css/summary-card.css").write_text("h1 { color: var(--accent); }\n")
    monkeypatch.setitem(KINDS, "summary-card", SummaryCard())
    result = build(Settings(project=sample, jobs=1, kinds=("summary-card",)))
    assert sorted(w.output.name for w in result.written) == sorted(
        f"{profile}/card-sample-action-{lang}.pdf"
        for profile in ("office", "screen") for lang in ("en", "fr", "es"))
    card = sample / "build/2017/screen/card-sample-action-fr.pdf"
    with pikepdf.open(card) as pdf:
        assert len(pdf.pages) == 1 and str(pdf.docinfo.Title) == "Côte d’Ivoire — summary card"
    # It places no image, so it is built from no image record.
    assert SummaryCard().records_of(read_sources(sample, 2017), result.written[0].output) == (
        "sources/programme.yaml", f"sources/languages/{result.written[0].output.language}.yaml",
        "sources/editions/2017/edition.yaml", "sources/actions/sample-action.yaml",
        "sources/editions/2017/actions/sample-action.yaml")
    text = subprocess.run(["pdftotext", str(card), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "L’Action d’exemple aide les tests." in text


def test_each_kind_says_what_it_is_built_from(sample):
    sources = read_sources(sample, 2017)
    factsheet = Output(FACTSHEET, "fr", 2017, "sample-action")
    assert FACTSHEET.records_of(sources, factsheet) == (
        "sources/programme.yaml", "sources/languages/fr.yaml",
        "sources/editions/2017/edition.yaml", "sources/actions/sample-action.yaml",
        "sources/editions/2017/actions/sample-action.yaml",
        "sources/editions/2017/images/sample-photo.yaml",
        "sources/themes/policy-development.yaml")
    assert FACTSHEET.placements(sources, factsheet) == (("sample-photo", "factsheet-hero"),)
    report = Output(ANNUAL_REPORT, "fr", 2017)
    # The chapter has no picture of its own: its first Action's opens it, and is not
    # placed again beside that Action.
    assert ANNUAL_REPORT.placements(sources, report) == (
        ("sample-cover", "report-cover"), ("sample-photo", "report-chapter"))
    assert report.filename == "annual-report-2017-fr.pdf"
    assert FACTSHEET.documents(sources) == (("sample-action", ("en", "fr", "es")),)


def test_page_rules_belong_to_the_kind_and_the_profile():
    factsheet = Output(FACTSHEET, "en", 2017, "niger")
    assert FACTSHEET.page_problems(factsheet, 2) == []
    assert FACTSHEET.page_problems(factsheet, 3) == [(
        "the factsheet of Action 'niger' in en runs to 3 pages; a factsheet has at most 2",
        "pages")]
    printed = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["print-house"])
    assert ANNUAL_REPORT.page_problems(printed, 16) == []
    assert ANNUAL_REPORT.page_problems(printed, 14) == [
        ("the report has 14 pages; print-house prints in multiples of 4", "imposition")]
    office = dataclasses.replace(printed, profile=PROFILES["office"])
    assert ANNUAL_REPORT.page_problems(office, 14) == []  # both sides of each sheet
    assert ANNUAL_REPORT.page_problems(office, 13) == [
        ("the report has 13 pages; office prints in multiples of 2", "imposition")]


@dataclass(frozen=True)
class EnglishBrief(DocumentKind):
    """A kind defined here only: one English brief per Action."""

    name: ClassVar[str] = "english-brief"
    profiles: ClassVar[tuple[str, ...]] = ("office",)

    def needs(self, asked):
        return {action: ("en",) for action in asked.actions}


def test_stage_1_checks_the_texts_the_kinds_need_in_the_languages_they_need(sample, monkeypatch):
    """The sample Action's French summary gone: the kinds of the programme need it (the report
    and the factsheet are in French too); a programme of English briefs alone does not."""
    from pipeline.problems import PipelineError
    record = sample / "sources/editions/2017/actions/sample-action.yaml"
    record.write_text(record.read_text().replace("  fr: L’Action d’exemple aide les tests.\n", ""))
    try:
        read_sources(sample, 2017)
        raise AssertionError("the missing French summary was not seen")
    except PipelineError as stopped:
        assert [p.code for p in stopped.problems] == ["translation.missing"]
        assert "summary" in str(stopped.problems[0]) and "fr" in str(stopped.problems[0])
    monkeypatch.setattr("pipeline.kinds.KINDS", {"english-brief": EnglishBrief()})
    assert read_sources(sample, 2017).action("sample-action").summary["en"]
