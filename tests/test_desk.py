"""Country desks: their factsheets, in their languages, on their paper, in one PDF to print."""

from __future__ import annotations

import pikepdf
import pytest

from pipeline.build import build
from pipeline.config import Settings
from pipeline.desk import combine, desk_settings
from tests.conftest import edit


def test_desk_of_cote_d_ivoire_prints_french_on_a4(sample):
    settings = desk_settings(Settings(project=sample, jobs=1), "ci", None)
    assert (settings.actions, settings.languages, settings.paper) == (
        ("sample-action",), ("fr",), "a4")
    result = build(settings)
    assert [w.output.name for w in result.written] == ["office/factsheet-sample-action-fr.pdf"]
    combined = combine(settings, "ci")
    assert combined.name == "desk-CI-a4.pdf"
    with pikepdf.open(combined) as pdf:
        assert len(pdf.pages) == 1


def test_desk_in_the_americas_prints_on_letter(sample):
    edit(sample, "sources/actions/sample-action.yaml", "country: CI", "country: MX")
    settings = desk_settings(Settings(project=sample, jobs=1), "MX", None)
    assert (settings.languages, settings.paper) == (("es",), "letter")
    build(settings)
    with pikepdf.open(combine(settings, "MX")) as pdf:
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (round(width), round(height)) == (612, 792)  # US Letter in points


def test_desk_of_a_country_without_actions_says_which_countries_have_some(sample):
    with pytest.raises(SystemExit, match="no Action in country 'FR'; Actions are in: CI"):
        desk_settings(Settings(project=sample, jobs=1), "FR", None)
