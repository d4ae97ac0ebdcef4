"""Translation completeness: strict builds fail, drafts fall back visibly, the report counts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.problems import PipelineError
from pipeline.build import check
from pipeline.translations import completeness, layout_words, record_untracked, report
from tests.conftest import edit, overlay

ACTION = "sources/editions/2017/actions/sample-action.yaml"
MISSING_SUMMARY = ("  fr: L’Action d’exemple aide les tests.\n", "")


def test_real_edition_is_complete():
    state = completeness(Settings(project=REPOSITORY))
    assert state.complete, report(state)
    assert state.given[("action-year", "fr")] == state.given[("action-year", "en")] > 40
    # Migrated: every translation knows what it was made from, and none is outdated.
    assert state.untracked == 0 and not state.outdated


NEW_SUMMARY = ("  en: The sample Action helps the tests.\n",
               "  en: The sample Action, since March, helps the tests.\n")
OUTDATED = ("{action}:{line}:7: error: summary.{lang}: {lang} translation outdated: the English "
            "changed since it was translated (fingerprint 8c2ccc4f7d6b → 5482b2580738); `make "
            "translation-kit LANG={lang}` gives the translator the old and new text "
            "[translation.outdated]")


def test_changing_one_english_field_marks_exactly_it_outdated_in_every_language(sample):
    settings = Settings(project=sample)
    assert record_untracked(settings) == [
        "sources/translations/es.yaml: 20 Spanish translations recorded",
        "sources/translations/fr.yaml: 20 French translations recorded"]
    assert completeness(settings).complete and record_untracked(settings) == []
    edit(sample, ACTION, *NEW_SUMMARY)
    state = completeness(settings)
    assert not state.complete
    assert state.outdated == {("action-year", "fr"): 1, ("action-year", "es"): 1}
    text = report(state)
    assert "4/5 (1 outdated)" in text  # the year's Action texts in French
    lines = [OUTDATED.format(action=ACTION, line=line, lang=lang)
             for lang, line in (("fr", 17), ("es", 18))]
    assert [line for line in text.splitlines() if "[translation." in line] == lines
    # A normal build refuses it with the same line; it would print what English no longer says.
    with pytest.raises(PipelineError) as caught:
        check(settings)
    assert [str(p) for p in caught.value.problems] == lines
    # Recording again does not make it current: only a new translation does.
    assert record_untracked(settings) == []
    assert completeness(settings).outdated == state.outdated


def test_a_draft_prints_an_outdated_translation_marked(sample):
    record_untracked(Settings(project=sample))
    edit(sample, ACTION, *NEW_SUMMARY)
    result = build(Settings(project=sample, jobs=1, draft=True, profiles=("office",),
                            names=("factsheet-sample-action-fr.pdf",)))
    (written,) = result.written
    assert written.pending == 1
    assert [p.code for p in result.warnings] == ["translation.outdated"] * 2
    text = " ".join(subprocess.run(["pdftotext", str(written.path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "L’Action d’exemple aide les tests." in text  # the French as it is, marked
    assert "FR — traduction à revoir" in text


def test_a_damaged_fingerprint_file_is_a_located_problem(sample):
    record_untracked(Settings(project=sample))
    edit(sample, "sources/translations/fr.yaml", "    fingerprint: ", "    fingerprint: x")
    with pytest.raises(PipelineError) as caught:
        check(Settings(project=sample))
    assert [str(p) for p in caught.value.problems] == [
        "sources/translations/fr.yaml:6:5: error: expected, for each record and field, the "
        "`fingerprint` (12 hex digits) and `source` text a translation was made from; this "
        "file is the pipeline's: restore it from version control [translation.fingerprints]"]


def test_a_catalog_missing_words_fails_check_and_build_naming_them(sample):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    po = sample / "layouts/locale/fr/LC_MESSAGES/layout.po"
    text = po.read_text()
    line = text.splitlines().index('msgid "Partners"') + 1
    po.write_text(text.replace('msgstr "Sommaire"', 'msgstr ""')
                  .replace('msgid "Partners"', '#, fuzzy\nmsgid "Partners"'))
    contents = text.splitlines().index('msgstr "Sommaire"')
    expected = [
        f"layouts/locale/fr/LC_MESSAGES/layout.po:{contents}: error: 'Contents' has no French "
        "translation; the layout would print it in English [layout.missing-word]",
        f"layouts/locale/fr/LC_MESSAGES/layout.po:{line + 1}: error: 'Partners': the French "
        "translation is marked fuzzy (a guess); review it and remove the flag "
        "[layout.fuzzy-word]"]
    settings = Settings(project=sample, jobs=1, profiles=("office",),
                        names=("factsheet-sample-action-fr.pdf",))
    for step in (check, build):
        with pytest.raises(PipelineError) as caught:
            step(settings)
        assert [str(p) for p in caught.value.problems] == expected
    text = report(completeness(settings))  # the status lists them the same way
    assert all(line in text.splitlines() for line in expected)
    # A draft prints the English word and warns.
    result = build(Settings(project=sample, jobs=1, draft=True, profiles=("office",),
                            names=("factsheet-sample-action-fr.pdf",)))
    assert [p.code for p in result.warnings] == ["layout.missing-word", "layout.fuzzy-word"]


def test_check_reports_a_missing_catalog(sample):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    (sample / "layouts/locale/es/LC_MESSAGES/layout.po").unlink()
    with pytest.raises(PipelineError) as caught:
        check(Settings(project=sample))
    assert [p.code for p in caught.value.problems] == ["layout.missing-catalog"]


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
    assert text.endswith("incomplete: translations are missing or outdated (listed above)")


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
    # A catalog missing words stops the build, naming each (it would print them in English).
    with pytest.raises(PipelineError) as caught:
        build(settings)
    assert len(caught.value.problems) == len(layout_words(sample / "layouts")) - 1
    assert {p.code for p in caught.value.problems} == {"layout.missing-word"}
    assert "'Dates' has no Portuguese translation" in str(caught.value)
    _translate_the_rest(po)
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
    assert state.complete


def _translate_the_rest(po):
    """A translator's stand-in: every word left is "translated" as itself."""
    from babel.messages.pofile import read_po, write_po
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and not message.string:
            message.string = message.id
    with po.open("wb") as handle:
        write_po(handle, catalog)


def test_layout_words_are_extracted_again_when_a_template_changes(tmp_path):
    """The extraction is kept between builds (the preview asks at every save), but a word a
    template gains is seen at once."""
    layouts = tmp_path / "layouts"
    shutil.copytree(REPOSITORY / "layouts", layouts)
    before = layout_words(layouts)
    assert "A brand-new layout word" not in before and layout_words(layouts) == before
    template = layouts / "factsheet.html"
    template.write_text(template.read_text(encoding="utf-8")
                        + '{{ _("A brand-new layout word") }}\n', encoding="utf-8")
    assert "A brand-new layout word" in layout_words(layouts)
