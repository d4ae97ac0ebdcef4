"""Planning: which outputs, from which inputs; the templates a layout uses are found by Jinja."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import ClassVar

import pytest

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.kinds import ANNUAL_REPORT, FACTSHEET, KINDS, DocumentKind
from pipeline.plan import outputs_for, templates_of
from pipeline.problems import PipelineError
from pipeline.sources.assemble import read_sources
from tests.conftest import copy_project, edit


def test_templates_are_found_by_jinjas_own_parse():
    layouts = REPOSITORY / "layouts"
    assert templates_of(layouts, FACTSHEET.template) == ("factsheet.html", "base.html", "figure.html")
    assert templates_of(layouts, ANNUAL_REPORT.template) == (
        "annual-report.html", "base.html", "figure.html")


def test_an_include_added_to_a_layout_rebuilds_what_uses_it(sample):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    settings = Settings(project=sample, jobs=2, profiles=("office",))
    build(settings)
    factsheet = sample / "layouts/factsheet.html"
    factsheet.write_text(factsheet.read_text().replace(
        "<main class=\"story\">", "{% include \"note.html\" %}\n<main class=\"story\">"))
    (sample / "layouts/note.html").write_text("<p class=\"note\">A note.</p>\n")
    rebuilt = sorted(w.output.name for w in build(settings).written)
    assert rebuilt == [f"office/factsheet-sample-action-{lang}.pdf" for lang in ("en", "es", "fr")]
    # The included file is an input of the factsheets now: editing it alone rebuilds them.
    (sample / "layouts/note.html").write_text("<p class=\"note\">Another note.</p>\n")
    assert sorted(w.output.name for w in build(settings).written) == rebuilt


def test_outputs_follow_the_selection(sample):
    sources = read_sources(sample, 2017)
    everything = outputs_for(sources, Settings(project=sample))
    assert len(everything) == 4 * 3 + 3 * 3  # reports in 4 profiles, factsheets in 3
    letter = outputs_for(sources, Settings(project=sample, paper="letter", languages=("fr",),
                                           kinds=("factsheet",)))
    assert [o.name for o in letter] == ["office-letter/factsheet-sample-action-fr.pdf",
                                        "screen/factsheet-sample-action-fr.pdf",
                                        "archive/factsheet-sample-action-fr.pdf"]


def test_a_layout_edited_between_two_papers_rebuilds_both(sample):
    """Another build (the Letter one) sees the edited stylesheet first: the A4 PDFs, written
    with the old one, are still out of date (the fast path compares each PDF's own key)."""
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    a4 = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",))
    letter = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",),
                      paper="letter")
    build(a4)
    build(letter)
    css = sample / "layouts/css/factsheet.css"
    css.write_text(css.read_text() + "\n.story h2 { color: #000000; }\n")
    assert len(build(letter).written) == 3
    assert sorted(w.output.name for w in build(a4).written) == [
        f"office/factsheet-sample-action-{lang}.pdf" for lang in ("en", "es", "fr")]


def test_what_a_languages_translations_were_made_from_is_an_input_of_its_documents(sample):
    # In a draft, an outdated translation is printed marked: the record of what each was
    # made from decides the PDF, so a change to it rebuilds that language only.
    from pipeline.sources.fingerprints import record
    settings = Settings(project=sample, jobs=1, draft=True, profiles=("office",),
                        kinds=("factsheet",))
    assert len(build(settings).written) == 3
    record(sample / "sources", "fr", {("editions/2017/actions/sample-action.yaml", "summary"):
                                      "What the English said before."})
    rebuilt = build(settings)
    assert [w.output.name for w in rebuilt.written] == ["office/factsheet-sample-action-fr.pdf"]
    assert rebuilt.written[0].pending == 1  # now marked outdated


def test_a_french_edit_rebuilds_the_documents_made_from_the_french(sample):
    settings = Settings(project=sample, jobs=2, profiles=("office", "archive"))
    assert len(build(settings).written) == 12
    office = sample / "build/2017/office"
    stamps = {path.name: path.stat().st_mtime_ns for path in office.glob("*.pdf")}
    edit(sample, "sources/editions/2017/actions/sample-action.yaml",
         "  fr: L’Action d’exemple aide les tests.",
         "  fr: L’Action d’exemple aide nos tests.")
    result = build(settings)
    assert sorted(w.output.name for w in result.written) == [
        # The archive carries the records themselves.
        *(f"archive/{stem}-{code}.pdf" for stem in ("annual-report-2017",
                                                     "factsheet-sample-action")
          for code in ("en", "es", "fr")),
        "office/annual-report-2017-fr.pdf", "office/factsheet-sample-action-fr.pdf"]
    # A factsheet's design fits every language of it, so each is made again from the French
    # (DocumentKind.read_in); in English and Spanish it is the same document as before, and
    # its PDF is kept as it is (build.Sameness).
    kept = [f"factsheet-sample-action-{code}.pdf" for code in ("en", "es")]
    assert {f"office/{name}" for name in kept} <= set(result.up_to_date)
    assert all((office / name).stat().st_mtime_ns == stamps[name] for name in kept)


def french_changed(project) -> None:
    """Every French text of the project's records changed (what the other languages' views
    leave out), the records otherwise as they were."""
    import yaml

    def changed(value):
        if isinstance(value, dict):
            text = "en" in value and all(isinstance(k, str) and len(k) in (2, 3) for k in value)
            return {k: (v + " changé" if text and k == "fr" and isinstance(v, str) else
                        changed(v)) for k, v in value.items()}
        return [changed(v) for v in value] if isinstance(value, list) else value
    for path in sorted((project / "sources").rglob("*.yaml")):
        if "translations" not in path.parts and "schema" not in path.parts:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            path.write_text(yaml.safe_dump(changed(data), allow_unicode=True), encoding="utf-8")


def test_no_document_shows_a_text_its_language_view_leaves_out(tmp_path):
    # A document's key leaves out its records' texts in the languages it is not made from
    # (DocumentKind.read_in): a document that showed one would not be rebuilt when it
    # changes. After every French text of 2017 changed, every document, printed and on the
    # web, not made from the French is the same HTML; the French ones are not.
    from pipeline.build import rendered
    from pipeline.render import Layouts
    project = copy_project("mieux", tmp_path)
    settings = Settings(project=project, year=2017, profiles=("office", "web"))
    sources = read_sources(project, 2017)
    # The reports, and the factsheets of a region and of a country.
    outputs = [o for o in outputs_for(sources, settings)
               if o.about in (None, "latin-america-caribbean-prosecutors", "niger")]
    from_french = {o.name for o in outputs if "fr" in o.kind.read_in(sources, o)}

    def pages():
        documents = rendered(read_sources(project, 2017), outputs, settings,
                             Layouts(settings.layouts))[0]
        return {d.output.name: d.html for d in documents}
    before = pages()
    french_changed(project)
    after = pages()
    changed = {name for name in before if before[name] != after[name]}
    assert len(before) == 2 * (3 + 2 * 3) and changed <= from_french
    assert {name for name in before if name.split(".")[0].endswith("-fr")} <= changed
    assert "office/annual-report-2017-en.pdf" not in from_french


def test_a_kind_in_a_language_the_programme_has_no_record_of_is_one_line(sample, monkeypatch):
    """A throw-away kind in Portuguese, which the sample programme does not publish in: a
    located problem, not a crash in the middle of the plan."""
    @dataclass(frozen=True)
    class Leaflet(DocumentKind):
        name: ClassVar[str] = "leaflet"
        profiles: ClassVar[tuple[str, ...]] = ("office",)

        def documents(self, sources):
            return ((None, ("pt",)),)

        def stem(self, output):
            return f"leaflet-{output.language}"

    monkeypatch.setitem(KINDS, "leaflet", Leaflet())
    with pytest.raises(PipelineError) as refused:
        build(Settings(project=sample, jobs=1, kinds=("leaflet",)))
    assert [str(p) for p in refused.value.problems] == [
        "sources/languages/pt.yaml: error: leaflet documents are asked for in pt, which the "
        "programme has no record of [reference.unknown-language]"]
