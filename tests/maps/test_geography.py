"""The map data: the TopoJSON decoded, countries found by ISO code, the programme's boundaries,
and what a map frame shows of them."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from pipeline.maps import geography
from pipeline.maps.geography import (Frame, neighbours, country_key, country_keys, load, shown_lines,
                                shown_rings, small_states)
from pipeline.maps.projection import EARTH_RADIUS_KM, LambertAzimuthal, inside, ring_points

REPOSITORY = Path(geography.__file__).resolve().parents[2]
DATA = REPOSITORY / "assets" / "maps" / "countries-50m.json"
CRIMEA = (34.1, 44.95)  # Simferopol, roughly


def outline(topology, code):
    """Every exterior ring of a country, in lon/lat."""
    return [ring_points(topology.arcs, polygon[0])
            for polygon in topology.countries[country_key(code)]]


def two_squares(folder: Path) -> Path:
    """A TopoJSON file of two neighbours sharing one arc: Sierra Leone (west) and Liberia."""
    topo = {"type": "Topology",
            "transform": {"scale": [0.5, 0.25], "translate": [-10, 5]},
            "arcs": [[[4, 0], [0, 4]],  # the border, south to north
                     [[4, 4], [-4, 0], [0, -4], [4, 0]],  # the rest of the west square
                     [[4, 0], [4, 0], [0, 4], [-4, 0]]],  # the rest of the east square
            "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "id": "694",
                 "properties": {"name": "Sierra Leone"}},
                {"type": "MultiPolygon", "arcs": [[[-1, 2]]], "id": "430",
                 "properties": {"name": "Liberia"}},
                {"type": None, "id": "004", "properties": {"name": "Afghanistan"}}]}}}
    path = folder / "squares.json"
    path.write_text(json.dumps(topo), encoding="utf-8")
    return path


def test_sierra_leone_is_decoded_inside_its_known_bounds():
    points = [p for ring in outline(load(DATA), "SL") for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    # About 13.3°W to 10.3°W and 6.9°N to 10.0°N, reached on every side.
    assert -13.35 < min(lons) < -13.2 and -10.35 < max(lons) < -10.2
    assert 6.85 < min(lats) < 6.95 and 9.95 < max(lats) < 10.05
    assert len(points) > 100


def test_arcs_are_delta_decoded_scaled_translated_and_reversed_when_negative(tmp_path):
    topology = load(two_squares(tmp_path))
    assert topology.arcs[0] == ((-8.0, 5.0), (-8.0, 6.0))
    assert ring_points(topology.arcs, topology.countries["694"][0][0]) == [
        (-8.0, 5.0), (-8.0, 6.0), (-10.0, 6.0), (-10.0, 5.0), (-8.0, 5.0)]
    assert ring_points(topology.arcs, topology.countries["430"][0][0]) == [
        (-8.0, 6.0), (-8.0, 5.0), (-6.0, 5.0), (-6.0, 6.0), (-8.0, 6.0)]
    assert topology.borders == {0} and topology.inner == set()
    assert "004" not in topology.countries  # a geometry without an outline is no country


def test_a_decoded_file_is_kept_until_it_changes(tmp_path):
    path = two_squares(tmp_path)
    first = load(path)
    assert load(path) is first
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    assert load(path) is not first


def test_countries_are_found_by_alpha_2_code():
    topology = load(DATA)
    assert country_key("SL") == "694" and country_key("mu") == "480"
    assert country_keys(topology, ["MX", "XK", "MX"]) == ["484", "name:Kosovo"]
    assert topology.names["name:Kosovo"] == "Kosovo"
    assert len(topology.countries["036"]) > 1  # Australia: two geometries in the data


def test_an_unknown_code_or_one_without_an_outline_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown ISO 3166-1 alpha-2 country code: 'QQ'"):
        country_key("QQ")
    with pytest.raises(ValueError) as error:
        country_keys(load(DATA), ["SL", "QQ", "TV", "Sierra Leone"])
    message = str(error.value)
    assert "'QQ'" in message and "'Sierra Leone'" in message
    assert "no outline in the map data for 'TV' (Tuvalu)" in message
    with pytest.raises(ValueError, match="no country code"):
        country_keys(load(DATA), [])


def test_crimea_is_drawn_as_part_of_ukraine():
    topology = load(DATA)
    assert any(inside(CRIMEA, ring) for ring in outline(topology, "UA"))
    assert not any(inside(CRIMEA, ring) for ring in outline(topology, "RU"))
    # No line across the isthmus, across Cyprus or between Somalia and Somaliland.
    assert len(topology.inner) == 3
    as_published = load(DATA, changes=())
    assert any(inside(CRIMEA, ring) for ring in outline(as_published, "RU"))
    assert as_published.inner == set()


def test_no_border_is_drawn_inside_cyprus_or_somalia():
    topology = load(DATA)
    assert neighbours(topology, "CY") == []
    assert neighbours(topology, "SO") == ["DJ", "ET", "KE"]  # Somaliland is Somalia
    assert neighbours(topology, "SL") == ["GN", "LR"]


def test_antarctica_is_outlined_by_its_coast_not_round_the_pole():
    topology = load(DATA)
    rings = outline(topology, "AQ")
    assert all(max(lat for _, lat in ring) > -89.9 for ring in rings)
    assert any(key == "010" for key, _ in topology.circumpolar)


def frame_on(code: str, width_km: float = 2600.0) -> tuple[Frame, object]:
    """A 48 mm azimuthal frame centred on a country, width_km wide."""
    topology = load(DATA)
    lon0, lat0 = geography.middle(topology, [country_key(code)])
    scale = 48.0 / (width_km / EARTH_RADIUS_KM)
    frame = Frame(LambertAzimuthal(lon0, lat0), 48.0, 36.0, scale, 0.0, 0.0,
                  centre=geography.unit(lon0, lat0), reach=math.radians(15),
                  middle=(lon0, lat0))
    return frame, topology


def test_a_small_island_state_is_found_small_and_a_larger_country_not():
    frame, topology = frame_on("MU")
    [(x, y)] = small_states(topology, frame, [country_key("MU")], 2.2)
    assert abs(x - 24.0) < 1.5 and abs(y - 18.0) < 1.5  # Mauritius is in the middle
    frame, topology = frame_on("SL")
    assert small_states(topology, frame, [country_key("SL")], 2.2) == []


def test_a_frame_shows_the_countries_in_view_clipped_with_shared_borders():
    frame, topology = frame_on("SL")
    shown = shown_rings(topology, frame)
    assert {"694", "430", "324"} <= set(shown)  # Sierra Leone, Liberia, Guinea
    assert "036" not in shown  # Australia is not in view
    assert all(-1 <= x <= 49 and -1 <= y <= 37 for rings in shown.values()
               for ring in rings for x, y in ring)
    borders, coasts = shown_lines(topology, frame)
    assert borders and coasts
    # Neighbours are drawn from the same simplified line: a border point is on both outlines.
    border_points = {p for line in borders for p in line}
    sierra_leone = {p for ring in shown["694"] for p in ring}
    liberia = {p for ring in shown["430"] for p in ring}
    assert len(border_points & sierra_leone & liberia) >= 3


def test_drawn_answers_as_the_decoded_outlines_do_for_every_country():
    """`drawn` reads only the file's keys; it must agree with the outlines themselves."""
    import pycountry  # noqa: PLC0415
    topology = geography.load(geography.DATA)
    for country in pycountry.countries:
        assert geography.drawn(country.alpha_2) == (
            geography.country_key(country.alpha_2) in topology.countries), country.alpha_2


def test_a_country_the_file_names_without_an_outline_is_not_drawn(tmp_path):
    data = tmp_path / "countries.json"
    data.write_text(json.dumps({"type": "Topology", "arcs": [[[0, 0], [1, 0], [0, 1], [-1, -1]]],
                                "transform": {"scale": [1, 1], "translate": [0, 0]},
                                "objects": {"countries": {"geometries": [
                                    {"type": None, "id": "250", "properties": {"name": "France"}},
                                    {"type": "Polygon", "arcs": [[0]], "id": "276",
                                     "properties": {"name": "Germany"}}]}}}))
    assert not geography.drawn("FR", data) and geography.drawn("DE", data)
    assert not geography.drawn("IT", data)
