"""Names on maps: each inside its country's shape and the frame, clear of the others, measured
in the layout's fonts; the countries an Action's documents name."""

from __future__ import annotations

from itertools import combinations

import pytest
from babel import Locale

from pipeline.maps import geography
from pipeline.maps.lettering import Room, named_by, place_labels, text_width
from pipeline.maps.svg import locator_rooms
from pipeline.maps.projection import inside

from tests.maps.test_svg import DATA, REPOSITORY

FONTS = (REPOSITORY / "assets/fonts/Inter-Medium.otf",
         REPOSITORY / "assets/fonts/NotoSansArabic-Regular.ttf")
GAP, MARGIN = 1.0, 1.2


def square(code: str, x0: float, y0: float, x1: float, y1: float, own=False) -> Room:
    return Room(code, (((x0, y0), (x1, y0), (x1, y1), (x0, y1)),), own)  # clockwise, y down


def apart(a, b, gap: float) -> bool:
    return (a.x + a.width + gap <= b.x + 1e-9 or b.x + b.width + gap <= a.x + 1e-9
            or a.y + a.height + gap <= b.y + 1e-9 or b.y + b.height + gap <= a.y + 1e-9)


def within(label, room: Room) -> bool:
    """The box's corners and points along its edges are all inside the room's shape."""
    xs = [label.x + label.width * i / 8 for i in range(9)]
    ys = [label.y + label.height * i / 4 for i in range(5)]
    points = [(x, y) for x in xs for y in (ys[0], ys[-1])] + [(x, y) for y in ys
                                                             for x in (xs[0], xs[-1])]
    return all(sum(inside(p, ring) for ring in room.rings) % 2 == 1 for p in points)


def test_two_names_wanting_the_same_place_never_overlap():
    # Two rooms over the same ground (as a country's name and an enclave's might): without
    # the collision check the second name lands on the first.
    rooms = (square("AA", 2, 2, 40, 14, own=True), square("BB", 2, 2, 40, 14))
    labels = place_labels(rooms, {"AA": "Aaaaaa", "BB": "Bbbbbb"}, FONTS, 6, 52, 36,
                          gap=GAP, margin=MARGIN)
    assert [label.code for label in labels] == ["AA", "BB"]
    assert apart(*labels, GAP)


def test_a_name_stays_inside_the_frame_and_its_shape_or_is_left_out():
    big = square("AA", -10, -10, 70, 50)  # beyond the frame on every side
    (label,) = place_labels([big], {"AA": "Somewhere"}, FONTS, 6, 52, 36, margin=MARGIN)
    assert MARGIN <= label.x and label.x + label.width <= 52 - MARGIN
    assert MARGIN <= label.y and label.y + label.height <= 36 - MARGIN
    small = square("BB", 10, 10, 18, 14.5)
    assert place_labels([small], {"BB": "A name far too long for it"}, FONTS, 6, 52, 36) == ()
    (fits,) = place_labels([small], {"BB": "Bb"}, FONTS, 6, 52, 36)
    assert within(fits, small)


def test_arabic_letters_are_measured_in_the_arabic_font():
    assert text_width("غينيا", 10, FONTS) > 0
    assert text_width("غينيا", 10, FONTS) != text_width("غينيا", 10, FONTS[:1])


@pytest.mark.parametrize("code", "SL CF MW CI MU CR MX NE MD PH".split())
def test_names_on_the_2017_locators_fit_their_country_and_the_frame_in_every_language(code):
    topology = geography.load(DATA)
    rooms = locator_rooms(DATA, [code], geography.neighbours(topology, code), 52, 36)
    by_code = {room.code: room for room in rooms}
    for language in ("en", "fr", "es", "ar"):
        names = {room.code: Locale.parse(language).territories[room.code] for room in rooms}
        labels = place_labels(rooms, names, FONTS, 6, 52, 36, gap=GAP, margin=MARGIN)
        for label in labels:
            assert MARGIN - 1e-9 <= label.x and label.x + label.width <= 52 - MARGIN + 1e-9
            assert MARGIN - 1e-9 <= label.y and label.y + label.height <= 36 - MARGIN + 1e-9
            assert within(label, by_code[label.code]), (code, language, label)
        for a, b in combinations(labels, 2):
            assert apart(a, b, GAP), (code, language, a, b)


def test_a_country_with_room_gets_its_name_and_its_largest_neighbours_theirs():
    topology = geography.load(DATA)
    rooms = locator_rooms(DATA, ["NE"], geography.neighbours(topology, "NE"), 52, 36)
    assert rooms[0].code == "NE" and rooms[0].own
    names = {room.code: Locale.parse("en").territories[room.code] for room in rooms}
    labels = place_labels(rooms, names, FONTS, 6, 52, 36)
    assert {"Niger", "Algeria", "Nigeria", "Chad", "Mali", "Libya"} <= {l.text for l in labels}


def test_an_action_names_its_country_and_neighbours_or_its_region():
    assert named_by({"country": "SL"}) == {"SL", "GN", "LR"}
    assert named_by({"region": {"en": "X"}, "covers": ["CO", "PE", 3]}) == {"CO", "PE"}
    assert named_by({"country": "QQ"}) == {"QQ"}  # the checks say what is wrong with it
