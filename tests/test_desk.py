"""Country desks: their factsheets, in their languages, on their paper, in one PDF, saying why."""

from __future__ import annotations

import subprocess
import sys

import pikepdf
import pytest

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.desk import DeskError, combine, desk_for
from tests.conftest import edit

ACTION = "sources/actions/sample-action.yaml"


def test_desk_of_cote_d_ivoire_prints_french_on_a4_and_says_why(sample):
    desk = desk_for(Settings(project=sample, jobs=1), "ci", None)
    settings = desk.settings
    assert (settings.actions, settings.languages, settings.paper) == (
        ("sample-action",), ("fr",), "a4")
    assert desk.reasons == ("languages: fr (CLDR: Côte d’Ivoire's official languages)",
                            "paper: a4 (CLDR: offices in Côte d’Ivoire use A4)")
    result = build(settings)
    assert [w.output.name for w in result.written] == ["office/factsheet-sample-action-fr.pdf"]
    combined = combine(desk)
    assert combined.name == "desk-CI-a4.pdf"
    with pikepdf.open(combined) as pdf:
        assert len(pdf.pages) == 1
        assert str(pdf.Root.Lang) == "fr" and str(pdf.docinfo.Author) == "SAMPLE"
        assert str(pdf.docinfo.Title) == "SAMPLE factsheets 2017: Côte d’Ivoire desk"


def test_desk_in_the_americas_prints_on_letter(sample):
    edit(sample, ACTION, "country: CI", "country: MX")
    desk = desk_for(Settings(project=sample, jobs=1), "MX", None)
    assert (desk.settings.languages, desk.settings.paper) == (("es",), "letter")
    build(desk.settings)
    with pikepdf.open(combine(desk)) as pdf:
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (round(width), round(height)) == (612, 792)  # US Letter in points


def test_a_desk_whose_language_the_edition_does_not_publish_says_so(sample):
    edit(sample, ACTION, "country: CI", "country: JO")
    desk = desk_for(Settings(project=sample, jobs=1), "JO", None)
    assert desk.settings.languages == ("en",)
    assert desk.reasons[0] == ("languages: en; CLDR: Jordan's official languages are Arabic "
                               "(ar), which edition 2017 does not publish (it publishes "
                               "English (en), French (fr), Spanish (es))")


def test_a_desk_declared_in_the_sources_wins_over_cldr(sample):
    (sample / "sources/countries").mkdir()
    (sample / "sources/countries/CI.yaml").write_text(
        "id: CI\ndesk:\n  languages: [en, fr]\n  paper: letter\n")
    desk = desk_for(Settings(project=sample, jobs=1), "CI", None)
    assert (desk.settings.languages, desk.settings.paper) == (("en", "fr"), "letter")
    assert desk.reasons == (
        "languages: en, fr (the desk's choice in sources/countries/CI.yaml)",
        "paper: letter (the desk's choice in sources/countries/CI.yaml)")


def test_desk_of_a_country_without_actions_says_which_countries_have_some(sample):
    with pytest.raises(DeskError, match="no factsheet in country 'FR' in edition 2017; its "
                                        "factsheets are in: CI"):
        desk_for(Settings(project=sample, jobs=1), "FR", None)


def test_make_desk_prints_its_reasons_and_where_the_pdf_went(sample):
    result = subprocess.run([sys.executable, "-m", "pipeline", "desk", "--country", "CI",
                             "--project", str(sample), "--jobs", "1"], capture_output=True,
                            text=True, cwd=REPOSITORY)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "desk CI: languages: fr (CLDR: Côte d’Ivoire's official languages)"
    assert lines[-1] == f"to print: {sample / 'build/2017/desk-CI-a4.pdf'}"
