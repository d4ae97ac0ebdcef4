"""Profiles say what they do; the bleed is one number that the CSS, the slots, the PDF's
BleedBox and preflight all use."""

from __future__ import annotations

from pipeline.images import load_slots
from pipeline.config import REPOSITORY
from pipeline.profiles import PAPERS, PROFILES


def test_only_the_office_profile_follows_the_desks_paper():
    letter = PAPERS["letter"]
    assert [name for name, p in PROFILES.items() if p.paper(letter) == letter] == ["office"]
    assert PROFILES["office"].folder(letter) == "office-letter"
    assert PROFILES["screen"].folder(PROFILES["screen"].paper(letter)) == "screen"


def test_the_bleed_is_one_number_used_by_the_slots():
    press = PROFILES["print-house"]
    assert press.bleed_mm == 3 and press.pages_multiple_of == 4
    plain = load_slots(REPOSITORY / "layouts", PAPERS["a4"])
    bled = load_slots(REPOSITORY / "layouts", PAPERS["a4"], press.bleed_mm)
    # The cover runs past the trim at the top, left and right: it grows by the bleed there.
    assert bled["report-cover"].width_mm == plain["report-cover"].width_mm + 2 * 3
    assert bled["report-cover"].height_mm == plain["report-cover"].height_mm + 3
    assert bled["factsheet-hero"] == plain["factsheet-hero"]


def test_what_each_profile_does():
    said = {name: (p.cmyk, bool(p.press), p.tagged, p.attaches_sources,
                   p.validator.profile if p.validator else None)
            for name, p in PROFILES.items()}
    assert said == {"print-house": (True, True, False, False, None),
                    "office": (False, False, False, False, None),
                    "screen": (False, False, True, False, "ua1"),
                    "archive": (False, False, False, True, "3a"),
                    "web": (False, False, True, False, None)}
    assert {name: p.format for name, p in PROFILES.items()} == {
        "print-house": "pdf", "office": "pdf", "screen": "pdf", "archive": "pdf", "web": "html"}
