"""Outlines at their printed size: within the tolerance of the data, no more than the frame
and its margin, no specks, and all land as one outline whose neighbours still meet."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pipeline.maps import geography
from pipeline.maps.geography import Frame, country_key, load, shown_lines, shown_rings
from pipeline.maps.outlines import (MARGIN_MM, TOLERANCE_MM, cut_shown, island, merged, shown_land,
                               speck)
from pipeline.maps.projection import (EARTH_RADIUS_KM, EqualEarth, LambertAzimuthal, inside,
                                 ring_points, signed_area)
from tests.conftest import segment_distance

DATA = Path(geography.__file__).resolve().parents[2] / "assets" / "maps" / "countries-50m.json"


def locator_on(code: str) -> tuple[Frame, object]:
    """A 52 by 36 mm azimuthal frame on a country, 2600 km wide, as a locator draws it."""
    topology = load(DATA)
    lon0, lat0 = geography.middle(topology, [country_key(code)])
    frame = Frame(LambertAzimuthal(lon0, lat0), 52.0, 36.0, 52.0 / (2600 / EARTH_RADIUS_KM),
                  0.0, 0.0, centre=geography.unit(lon0, lat0), reach=math.radians(15),
                  middle=(lon0, lat0))
    return frame, topology


def arcs_of(topology, *codes: str) -> list[int]:
    return sorted({i if i >= 0 else ~i for code in codes
                   for polygon in topology.countries[country_key(code)]
                   for ring in polygon for i in ring})


@pytest.mark.parametrize("codes", [("MD", "UA", "RO"), ("PH",)])
def test_every_point_of_the_data_is_within_the_tolerance_of_the_drawn_line(codes):
    frame, topology = locator_on(codes[0])
    data = drawn = 0
    for index in arcs_of(topology, *codes):
        [line] = frame.arc(topology, index)  # an azimuthal view: never cut
        points = frame.line(topology.arcs[index])
        assert line[0] == points[0] and line[-1] == points[-1]  # where neighbours meet
        for point in points:
            assert min(segment_distance(point, a, b) for a, b in zip(line, line[1:])) \
                <= TOLERANCE_MM + 1e-9, (codes, index, point)
        data, drawn = data + len(points), drawn + len(line)
    assert drawn < data / 2  # and it is simplified: the tolerance is used, not only obeyed


def squares(folder: Path, *corners: tuple[float, float, float]) -> Path:
    """A TopoJSON file of square countries, each one arc, turning clockwise: (west, south,
    side) in degrees; country i has the ISO numeric code 100 + i."""
    arcs, geometries = [], []
    for i, (west, south, side) in enumerate(corners):
        ring = [(west, south), (west, south + side), (west + side, south + side),
                (west + side, south), (west, south)]
        arcs.append([[round(x * 1000), round(y * 1000)] for x, y in ring])
        geometries.append({"type": "Polygon", "arcs": [[i]], "id": str(100 + i),
                           "properties": {"name": f"Square {i}"}})
    for arc in arcs:  # delta-encoded, as TopoJSON stores them
        arc[1:] = [[q[0] - p[0], q[1] - p[1]] for p, q in zip(arc, arc[1:])]
    path = folder / "squares.json"
    path.write_text(json.dumps({
        "type": "Topology", "transform": {"scale": [0.001, 0.001], "translate": [0, 0]},
        "arcs": arcs, "objects": {"countries": {"type": "GeometryCollection",
                                                "geometries": geometries}}}))
    return path


def plane(width: float = 10.0) -> Frame:
    """A frame of the lon/lat plane: one degree a millimetre, (0, 0) at the bottom left."""
    return Frame(lambda lon, lat: (lon, lat), width, 10.0, 1.0, width / 2, 5.0)


def test_a_polygon_outside_the_frame_is_dropped_and_one_across_its_edge_clipped(tmp_path):
    topology = load(squares(tmp_path, (2, 2, 2), (8, 4, 6), (30, 2, 2)))
    frame = plane()
    land = sorted(shown_land(topology, frame), key=lambda ring: max(x for x, _ in ring))
    assert len(land) == 2  # the square far east of the frame is not drawn
    inner, across = land
    assert {round(x, 9) for x, _ in inner} == {2, 4}
    # Cut at the margin beyond the edge, where the image itself is cut: no more of it.
    assert max(x for x, _ in across) == 10 + MARGIN_MM and min(x for x, _ in across) == 8
    assert set(shown_rings(topology, frame)) == {"100", "101"}
    coasts = shown_lines(topology, frame)[1]
    assert len(coasts) == 3 and max(x for line in coasts for x, _ in line) == 10 + MARGIN_MM


def test_a_margin_too_narrow_to_hide_a_line_end_would_fail():
    assert MARGIN_MM > 0.18 / 2  # the widest line the maps draw, half on each side


def test_specks_are_dropped_from_fills_and_coasts_and_a_small_shape_kept(tmp_path):
    speck_side, small_side = TOLERANCE_MM * 0.8, TOLERANCE_MM * 1.5
    topology = load(squares(tmp_path, (2, 2, speck_side), (5, 5, small_side)))
    frame = plane()
    assert len(shown_land(topology, frame)) == 1
    assert set(shown_rings(topology, frame)) == {"101"}
    assert len(shown_lines(topology, frame)[1]) == 1
    assert speck([(0, 0), (speck_side, speck_side)]) and not speck([(0, 0), (small_side, 0)])
    assert island([(1, 1), (1, 1)]) and not island([(1, 1), (1.05, 1)])  # an open line stays


def test_land_is_one_outline_neighbours_meeting_on_one_line_and_a_lake_a_hole():
    # Two squares sharing their middle arc (2), and round both a lake (arc 5, turning back).
    arcs = [((0, 0), (0, 1)), ((0, 1), (1, 1)), ((1, 1), (1, 0)), ((1, 0), (0, 0)),
            ((1, 1), (2, 1), (2, 0), (1, 0)), ((0.5, 0.5), (0.7, 0.5), (0.5, 0.5))]
    west, east = [0, 1, 2, 3], [~2, 4]
    outline = merged([west, east, [5]], arcs)
    assert outline == [[0, 1, 4, 3], [5]]  # the border is gone, each coast once
    assert ring_points(arcs, outline[0]) == [(0, 0), (0, 1), (1, 1), (2, 1), (2, 0), (1, 0),
                                             (0, 0)]
    # The real data: Moldova's land is inside the one outline, with no border through it.
    frame, topology = locator_on("MD")
    land = shown_land(topology, frame)
    chisinau = frame.point(28.86, 47.0)
    assert sum(inside(chisinau, ring) for ring in land) == 1
    borders = {p for line in shown_lines(topology, frame)[0] for p in line[1:-1]}
    assert len(borders) > 100 and not borders & {p for ring in land for p in ring}
    frame, topology = locator_on("AZ")
    caspian = frame.point(51.0, 41.0)  # the sea turns the other way: a hole in the land
    around = [signed_area(ring) for ring in shown_land(topology, frame) if inside(caspian, ring)]
    assert len(around) == 2 and min(around) < 0 < max(around)


def test_a_cut_shows_only_in_a_view_that_reaches_it():
    world = Frame(EqualEarth(0.0), 160.0, 80.0, 29.0, 0.0, 0.0, cut=10.0)
    crop = Frame(EqualEarth(0.0), 52.0, 36.0, 20.0, 0.0, 0.0, cut=-60.0)
    assert cut_shown(world) and not cut_shown(crop)
    assert not cut_shown(plane())  # not cut at all
