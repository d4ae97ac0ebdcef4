"""The glossary: agreed translations of the programme's terms, in kits and in the status."""

from __future__ import annotations

import pytest

from pipeline.config import Settings
from pipeline.sources.glossary import Term, load
from pipeline.kit import make_kit
from pipeline.problems import Problems
from pipeline.translations import completeness

GLOSSARY = """terms:
  - en: [test, tests]
    fr: [essai, essais]
  - en: Action
    fr: Action
"""


def test_a_capitalised_term_matches_with_its_capital_and_others_in_any_case():
    action, country = Term(("Action", "Actions"), ("Action",)), Term(("partner country",), ("x",))
    assert action.found_in("The *Actions* of 2017") and not action.found_in("the action taken")
    assert country.found_in("Partner Country") and not country.found_in("partner countryside")


def test_a_translation_without_the_agreed_term_is_a_warning_and_the_kit_names_the_terms(sample):
    (sample / "sources/glossary").mkdir()
    (sample / "sources/glossary/fr.yaml").write_text(GLOSSARY)
    state = completeness(Settings(project=sample))
    assert state.complete  # a warning: the translator may have had a reason
    assert state.terms[0] == (
        "sources/editions/2017/actions/sample-action.yaml:17:7: warning: summary.fr: the English "
        "says 'test'; the glossary's agreed fr term is 'essai or essais' [glossary.term]")
    assert len(state.terms) == 6  # the Action's three texts, the edition's about, two credits
    kit = make_kit(Settings(project=sample), "fr", everything=True)
    summary = next(u for u in kit.units if u.id.endswith("sample-action.yaml#summary"))
    assert summary.terms == "Glossary: test → essai / essais; Action → Action."


@pytest.mark.parametrize("text", ["terms: {en: x}\n", "terms:\n  - en: Action\n    fr: [1]\n"])
def test_a_glossary_entry_that_is_not_a_term_is_a_located_problem(tmp_path, text):
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary/fr.yaml").write_text(text)
    problems = Problems(tmp_path)
    assert load(tmp_path, "fr", problems) == ()
    assert [p.code for p in problems.found] == ["glossary.invalid"]
