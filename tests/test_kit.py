"""Translation kits: what a language lacks or has outdated, read by an independent reader
(translate-toolkit's XLIFF and PO stores)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from translate.storage import po, xliff

from pipeline.config import REPOSITORY, Settings
from pipeline import designs
from pipeline.kit import make_kit, write_kit
from pipeline.problems import PipelineError
from pipeline.translations import record_untracked
from tests.conftest import edit

ACTION = "sources/editions/2017/actions/sample-action.yaml"
OLD, NEW = "The sample Action helps the tests.", "The sample Action, since March, helps the tests."
UNIT = "editions/2017/actions/sample-action.yaml#summary"


def outdated(sample) -> Settings:
    """The sample project with its translations recorded, then one English text changed."""
    settings = Settings(project=sample)
    record_untracked(settings)
    edit(sample, ACTION, f"  en: {OLD}\n", f"  en: {NEW}\n")
    return settings


def test_an_xliff_kit_holds_exactly_the_outdated_unit_with_old_and_new_english(sample):
    settings = outdated(sample)
    path, kit = write_kit(settings, "fr")
    assert path == sample / "build/2017/translation/2017-fr.xlf"
    store = xliff.xlifffile.parsefile(str(path))
    assert store.getsourcelanguage() == "en" and store.gettargetlanguage() == "fr"
    (unit,) = store.units
    assert unit.getid().endswith(UNIT)  # the toolkit prefixes the <file>'s name
    assert (unit.source, unit.target) == (NEW, "L’Action d’exemple aide les tests.")
    assert unit.isfuzzy()  # needs-review-translation
    (previous,) = unit.getalttrans()
    assert previous.source == OLD
    note = unit.getnotes()
    assert note.startswith("The Action in brief") and "At most" not in note
    assert re.search(r"About \d+ more characters fit where it is printed \(the factsheet's "
                     r"one-page design, A4\); the English has 48\.", note)
    # The same sources give the same bytes.
    first = path.read_bytes()
    assert write_kit(settings, "fr")[0].read_bytes() == first


def test_a_po_kit_marks_the_outdated_unit_fuzzy_with_its_previous_english(sample):
    settings = outdated(sample)
    path, _ = write_kit(settings, "es", "po")
    store = po.pofile.parsefile(str(path))
    (unit,) = [u for u in store.units if not u.isheader()]
    assert unit.getcontext() == UNIT
    assert (unit.source, unit.target) == (NEW, "La Acción de ejemplo ayuda a las pruebas.")
    assert unit.isfuzzy() and unit.prev_source == OLD
    assert store.gettargetlanguage() == "es"


def test_a_missing_text_is_a_unit_without_target_and_all_gives_every_text(sample):
    edit(sample, ACTION, "  fr: L’Action d’exemple aide les tests.\n", "")
    kit = make_kit(Settings(project=sample), "fr")
    assert [(u.id, u.target, u.state) for u in kit.units] == [(UNIT, None, "new")]
    everything = make_kit(Settings(project=sample), "fr", everything=True)
    assert len(everything.units) == 20 and {u.state for u in everything.units} == {
        "new", "translated"}


def test_make_translation_kit_names_the_file_and_counts(sample):
    outdated(sample)
    result = subprocess.run([sys.executable, "-m", "pipeline", "translation-kit", "--language",
                             "fr", "--project", str(sample)], capture_output=True, text=True,
                            cwd=REPOSITORY, check=True)
    assert result.stdout == (f"{sample}/build/2017/translation/2017-fr.xlf: 1 French texts to "
                             "translate (1 outdated)\n")


def test_a_kit_for_a_language_the_edition_does_not_translate_into_says_what_there_is(sample):
    with pytest.raises(PipelineError) as caught:
        make_kit(Settings(project=sample), "de")
    assert [str(p) for p in caught.value.problems] == [
        "LANG: error: de: edition 2017 has no text to translate into it; choose one of: es, fr "
        "[settings.language]"]


def test_a_factsheet_text_s_note_tells_the_room_the_copyfit_model_leaves(sample):
    """A 2017 Action's summary: the note gives designs.room in the language (its translation
    as it is now, the English where it has none), on A4, in the design the factsheet gets;
    a text the model does not measure keeps its schema's budget."""
    from pipeline.render import Layouts, Words  # noqa: PLC0415
    from pipeline.profiles import PAPERS  # noqa: PLC0415
    from pipeline.sources.assemble import read_sources  # noqa: PLC0415
    settings = Settings(project=sample)
    sources = read_sources(sample, 2017)
    action = sources.action("sample-action")
    layouts = Layouts(settings.layouts)

    def say(code):
        return Words.of(sources, code, layouts)
    around = designs.around_of(sources, action, say)
    expected = designs.room(action, say("fr"), "summary", designs.DESIGNS[0],
                            designs.Sheet.of(PAPERS["a4"]), around("fr"))
    assert 0 < expected
    units = {u.id: u for u in make_kit(settings, "fr", everything=True).units}
    assert (f"About {expected} more characters fit where it is printed (the factsheet's "
            "one-page design, A4); the English has 34.") in units[UNIT].note
    assert units[UNIT].max_length == 600  # still the import's hard limit
    # Missing in French: the English stands in, and the room is told for it.
    edit(sample, ACTION, "  fr: L’Action d’exemple aide les tests.\n", "")
    (missing,) = make_kit(settings, "fr").units
    assert "more characters fit where it is printed" in missing.note
    title = units["editions/2017/edition.yaml#title"]
    assert "At most 120 characters fit where it is printed" in title.note
