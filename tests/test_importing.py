"""Importing a translator's kit: every unit checked first, then only the values written."""

from __future__ import annotations

import re
import subprocess

import pytest
from translate.storage import po, xliff

from pipeline.build import build
from pipeline.importing import import_translations, spliced
from pipeline.kit import write_kit
from pipeline.problems import PipelineError
from pipeline.translations import completeness
from tests.conftest import edit, overlay
from tests.test_kit import ACTION, UNIT, outdated

NEW_FRENCH = "L’Action d’exemple, depuis mars, aide les tests."


def filled(path, target=NEW_FRENCH, unit_index=0, **changes):
    """What a translator's tool returns: the target typed and confirmed (not fuzzy)."""
    store = (po.pofile if path.suffix == ".po" else xliff.xlifffile).parsefile(str(path))
    unit = [u for u in store.units if not u.isheader()][unit_index]
    unit.target = target
    unit.markfuzzy(False)
    for name, value in changes.items():
        setattr(unit, name, value)
    path.write_bytes(bytes(store))
    return path


def sources_bytes(project):
    return {p.relative_to(project).as_posix(): p.read_bytes()
            for p in sorted((project / "sources").rglob("*.yaml"))}


@pytest.mark.parametrize("form", ["xliff", "po"])
def test_a_filled_kit_imported_writes_only_the_value_and_its_fingerprint(sample, form):
    settings = outdated(sample)
    before = sources_bytes(sample)
    kit = filled(write_kit(settings, "fr", form)[0])
    changes, left = import_translations(settings, kit)
    assert (changes, left) == ([f"sources/{ACTION.removeprefix('sources/')}: summary.fr: new "
                                "translation (was outdated)"], 0)
    after = sources_bytes(sample)
    assert sorted(n for n in after if after[n] != before.get(n)) == [
        ACTION, "sources/translations/fr.yaml"]
    diff = [line for line in after[ACTION].decode().splitlines()
            if line not in before[ACTION].decode().splitlines()]
    assert diff == [f"  fr: {NEW_FRENCH}"]
    state = completeness(settings)
    assert state.outdated == {("action-year", "es"): 1}  # French fixed, Spanish still to do
    # Imported twice: nothing changes.
    assert import_translations(settings, kit) == ([], 0)
    assert sources_bytes(sample) == after


def test_the_next_build_prints_the_imported_text(sample):
    settings = outdated(sample)
    import_translations(settings, filled(write_kit(settings, "fr")[0]))
    edit(sample, ACTION, "  es: La Acción de ejemplo ayuda a las pruebas.\n",
         "  es: La Acción de ejemplo, desde marzo, ayuda a las pruebas.\n")
    spanish = "La Acción de ejemplo, desde marzo, ayuda a las pruebas."
    import_translations(settings, filled(write_kit(settings, "es")[0], spanish))
    assert completeness(settings).complete
    result = build(settings.__class__(project=sample, jobs=1, profiles=("office",),
                                      names=("factsheet-sample-action-fr.pdf",)))
    (written,) = result.written
    text = " ".join(subprocess.run(["pdftotext", str(written.path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert NEW_FRENCH in text


def test_a_kit_nobody_edited_changes_no_byte(sample):
    settings = outdated(sample)
    before = sources_bytes(sample)
    for form in ("xliff", "po"):
        kit = write_kit(settings, "fr", form, everything=True)[0]
        assert import_translations(settings, kit) == ([], 1)  # the outdated one, still fuzzy
    assert sources_bytes(sample) == before


KIT = "build/2017/translation/2017-fr.xlf"


@pytest.mark.parametrize("change, line", [
    (dict(target="L’Action d’exemple, depuis mars, aide les tests.", setid="x"),
     f"{KIT}:7: error: editions/2017/actions/sample-action.yaml#summaryx: no such text in this "
     "edition (record#field); was the kit made for another edition? [import.unknown-id]"),
    (dict(target=""),
     f"{KIT}:7: error: {UNIT}: empty French text [import.empty]"),
    (dict(target="L’Action d’exemple, *depuis mars*, aide les tests."),
     f"{KIT}:7: error: {UNIT}: formatting differs from the English's: English 1 × paragraph; "
     "translation 1 × emphasis, 1 × paragraph [import.markup]"),
    (dict(target="Trop long. " * 60),
     f"{KIT}:7: error: {UNIT}: 659 characters; where it is printed at most 600 fit "
     "[import.too-long]"),
    (dict(target="Voir <b>ceci</b>."),
     f"{KIT}:7: error: {UNIT}: raw HTML '<b>' is not allowed; use *emphasis*, **strong** or "
     "[text](https://…) [text.html]"),
])
def test_each_refusal_is_one_located_line_and_nothing_is_written(sample, change, line):
    settings = outdated(sample)
    kit = write_kit(settings, "fr")[0]
    new_id = change.pop("setid", None)
    filled(kit, **change)
    if new_id:
        kit.write_text(kit.read_text().replace(f'id="{UNIT}"', f'id="{UNIT}{new_id}"'))
    before = sources_bytes(sample)
    with pytest.raises(PipelineError) as caught:
        import_translations(settings, kit)
    assert [str(p).replace(f"{sample}/", "") for p in caught.value.problems] == [line]
    assert sources_bytes(sample) == before


def test_a_conflict_says_what_changed_since_the_kit_was_made(sample):
    settings = outdated(sample)
    kit = filled(write_kit(settings, "fr")[0])
    edit(sample, ACTION, "since March", "since April")
    with pytest.raises(PipelineError) as caught:
        import_translations(settings, kit)
    assert [str(p).replace(f"{sample}/", "") for p in caught.value.problems] == [
        f"{KIT}:7: error: {UNIT}: the English changed since the kit was made: the kit has "
        "'The sample Action, since March, helps the tests.', the record now 'The sample "
        "Action, since April, helps the tests.'; make a new kit [import.conflict]"]


def test_the_wrong_target_language_is_refused(sample):
    settings = outdated(sample)
    kit = filled(write_kit(settings, "fr")[0])
    kit.write_text(kit.read_text().replace('target-language="fr"', 'target-language="de"'))
    with pytest.raises(PipelineError) as caught:
        import_translations(settings, kit)
    assert [str(p).replace(f"{sample}/", "") for p in caught.value.problems] == [
        f"{KIT}:1: error: the kit's target language is 'de'; this edition translates into es, "
        "fr [import.language]"]


def test_an_entity_in_a_returned_kit_is_not_expanded(sample, tmp_path):
    settings = outdated(sample)
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the records")
    kit = write_kit(settings, "fr")[0]
    text = kit.read_text().replace(
        "<xliff ", f'<!DOCTYPE xliff [<!ENTITY leak SYSTEM "file://{secret}">]>\n<xliff ', 1)
    kit.write_text(text.replace('<target state="needs-review-translation">L’Action',
                                '<target state="translated">&leak;L’Action'))
    with pytest.raises(PipelineError) as caught:
        import_translations(settings, kit)
    assert "not for the records" not in str(caught.value)  # the file was never read
    assert sorted(p.code for p in caught.value.problems) == ["import.markup", "text.entity"]


def test_a_value_is_replaced_or_added_in_the_style_around_it():
    record = ("# a comment kept\nid: a\nname:\n  en: Ministry of Samples\n"
              "  fr: \"Ministère : des Exemples\"\nsummary:\n  en: >-\n    One.\n"
              "  # the French is to come\nother: 1\n")
    changed = spliced(record, ("name",), "fr", "Ministère : des Essais")
    assert changed == record.replace("des Exemples", "des Essais")
    added = spliced(record, ("summary",), "fr", "Un.\n\nDeux.")
    assert added == record.replace("    One.\n", "    One.\n  fr: |-\n    Un.\n\n    Deux.\n")


def test_arabic_behaves_the_same_outdated_marked_in_a_draft_and_imported(sample):
    overlay(sample, "arabic")
    settings = outdated(sample)
    state = completeness(settings)
    assert state.outdated == {("action-year", language): 1 for language in ("fr", "es", "ar")}
    result = build(settings.__class__(project=sample, jobs=1, draft=True, profiles=("office",),
                                      names=("factsheet-sample-action-ar.pdf",)))
    (written,) = result.written
    text = subprocess.run(["pdftotext", str(written.path), "-"], capture_output=True,
                          text=True, check=True).stdout
    text = re.sub("[\u202a-\u202e]", "", text)  # poppler's direction marks
    assert "— AR" in text and "تحديث" in text  # "AR — الترجمة بحاجة إلى تحديث", right to left
    kit = write_kit(settings, "ar", "po")[0]
    new = "منذ آذار، يخدم الإجراء النموذجي الاختبارات."
    changes, _ = import_translations(settings, filled(kit, new))
    assert changes == [f"{ACTION}: summary.ar: new translation (was outdated)"]
    assert f"  ar: {new}\n" in (sample / ACTION).read_text()
    assert completeness(settings).outdated == {("action-year", "fr"): 1, ("action-year", "es"): 1}


def test_a_text_written_on_one_line_is_not_rewritten_but_said(sample):
    settings = outdated(sample)
    kit = filled(write_kit(settings, "fr")[0])
    edit(sample, ACTION, "summary:\n  en: The sample Action, since March, helps the tests.\n"
         "  fr: L’Action d’exemple aide les tests.\n  es: La Acción de ejemplo ayuda a las "
         "pruebas.\n", "summary: {en: 'The sample Action, since March, helps the tests.', "
         "fr: L’Action d’exemple aide les tests., es: La Acción de ejemplo ayuda a las pruebas.}\n")
    before = sources_bytes(sample)
    with pytest.raises(PipelineError) as caught:
        import_translations(settings, kit)
    assert [str(p) for p in caught.value.problems] == [
        f"{ACTION}:15: error: summary: written on one line ({{en: …}}); write it as a block, one "
        "language a line, to import into it [import.unwritable]"]
    assert sources_bytes(sample) == before
