"""Translation completeness: strict builds fail, drafts fall back visibly, the report counts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.problems import PipelineError
from pipeline.translations import completeness, report
from tests.conftest import edit, overlay

ACTION = "sources/editions/2017/actions/sample-action.yaml"
MISSING_SUMMARY = ("  fr: L’Action d’exemple aide les tests.\n", "")


def test_real_edition_is_complete():
    state = completeness(Settings(project=REPOSITORY))
    assert state.complete, report(state)
    assert state.given[("action-year", "fr")] == state.given[("action-year", "en")] > 40


def test_report_counts_and_lists_each_missing_text(sample):
    edit(sample, ACTION, *MISSING_SUMMARY)
    edit(sample, "sources/editions/2017/images/sample-photo.yaml", "  es: Un rectángulo azul liso.\n", "")
    state = completeness(Settings(project=sample))
    assert not state.complete
    assert state.missing == {("action-year", "fr"): 1, ("image", "es"): 1}
    text = report(state)
    assert "5/6 (1 missing)" in text  # the year's Action texts in French: 6, 1 missing
    assert (f"{ACTION}:16:3: warning: summary.fr: missing French text; the draft shows the "
            "English text, marked [translation.missing]") in text
    assert text.endswith("incomplete: translations are missing (listed above)")


def test_make_translations_exits_non_zero_when_incomplete(sample):
    edit(sample, ACTION, *MISSING_SUMMARY)
    result = subprocess.run([sys.executable, "-m", "pipeline", "translations", "--project",
                             str(sample)], capture_output=True, text=True, cwd=REPOSITORY)
    assert result.returncode == 1
    assert "summary.fr: missing French text" in result.stdout


def test_catalog_entries_missing_or_fuzzy_are_reported(tmp_path):
    import shutil
    layouts = tmp_path / "layouts"
    shutil.copytree(REPOSITORY / "layouts", layouts)
    po = layouts / "locale/fr/LC_MESSAGES/layout.po"
    text = po.read_text()
    text = text.replace('msgstr "Sommaire"', 'msgstr ""')
    text = text.replace('msgid "Partners"', '#, fuzzy\nmsgid "Partners"')
    po.write_text(text)
    from pipeline.translations import catalog_state
    state = catalog_state(layouts, "fr")
    assert state.untranslated == ("Contents",)
    assert state.fuzzy == ("Partners",)


def test_draft_build_falls_back_to_english_and_marks_it(sample):
    edit(sample, ACTION, *MISSING_SUMMARY)
    result = build(Settings(project=sample, jobs=1, draft=True, profiles=("office",),
                            names=("factsheet-sample-action-fr.pdf",)))
    (written,) = result.written
    assert written.pending == 1
    assert [p.code for p in result.warnings] == ["translation.missing"]
    text = subprocess.run(["pdftotext", str(written.path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "The sample Action helps the tests." in text
    assert "EN — traduction en attente" in " ".join(text.split())
    assert "BROUILLON — ne pas imprimer" in text


def test_a_language_is_added_by_data_alone(sample):
    # Portuguese: a language record, the Action's own extra language, the texts its factsheet
    # shows (tests/projects/portuguese), and a catalog that `make catalogs` starts.
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    overlay(sample, "portuguese")
    settings = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",))
    with pytest.raises(PipelineError) as caught:
        build(settings)
    assert [str(p) for p in caught.value.problems] == [
        "layouts/locale/pt/LC_MESSAGES/layout.po: error: the layout words have no Portuguese "
        "(pt) catalog; `make catalogs` starts it, then translate it [layout.missing-catalog]"]
    subprocess.run([sys.executable, "-m", "pipeline", "catalogs", "--project", str(sample)],
                   check=True, capture_output=True, cwd=REPOSITORY)
    po = sample / "layouts/locale/pt/LC_MESSAGES/layout.po"
    po.write_text(po.read_text().replace('msgid "Key facts"\nmsgstr ""',
                                         'msgid "Key facts"\nmsgstr "Factos essenciais"'))
    result = build(settings)
    assert sorted(w.output.language for w in result.written) == ["en", "es", "fr", "pt"]
    text = " ".join(subprocess.run(
        ["pdftotext", str(sample / "build/2017/office/factsheet-sample-action-pt.pdf"), "-"],
        capture_output=True, text=True, check=True).stdout.split()).casefold()
    assert "a ação de exemplo ajuda os testes." in text and "factos essenciais" in text
    assert "cabo verde" in text  # the programme's own name for the country, in every language
    english = subprocess.run(
        ["pdftotext", str(sample / "build/2017/office/factsheet-sample-action-en.pdf"), "-"],
        capture_output=True, text=True, check=True).stdout
    assert "Cabo Verde" in english and "Cape Verde" not in english
    state = completeness(Settings(project=sample))
    assert state.languages == ("en", "fr", "es", "pt")
    assert not state.complete  # the rest of the Portuguese layout words are still to translate
