"""Projections and plane geometry, against published values and by their properties."""

from __future__ import annotations

import math

import pytest

from pipeline.maps.projection import (EqualEarth, LambertAzimuthal, centroid, clip_line, clip_ring,
                                 cut_line, cut_ring, densify, inside, number, path_data,
                                 ring_points, signed_area, simplify, unwrapped)
from tests.conftest import segment_distance


def close(a, b, tolerance=1e-9) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def test_equal_earth_matches_the_published_formula():
    project = EqualEarth()
    assert project(0, 0) == (0.0, 0.0)
    # PROJ 9.5, +proj=eqearth +R=1 (Šavrič, Patterson and Jenny, 2018).
    assert close(project(30, 45), (0.386618166368, 0.860231085522))
    assert close(project(-120, -60), (-1.359373391714, -1.088300835505))
    # The map's extent as published: 2.70663 by 1.31736 on the unit sphere.
    assert close(project(180, 0), (2.706629983696, 0.0))
    assert close(project(0, 90), (0.0, 1.317362759157))


def test_equal_earth_turns_round_its_central_meridian_and_inverts():
    assert close(EqualEarth(170)(-170, 10), EqualEarth()(20, 10))
    project = EqualEarth(-60)
    for lon, lat in ((-60, 0), (10, 45), (-170, -80), (100, 89)):
        assert close(project.inverse(*project(lon, lat)), (lon, lat), 1e-7)
    assert project.inverse(3.0, 0.0) is None  # beyond the map's edge
    assert project.inverse(0.0, 1.4) is None


def test_lambert_azimuthal_matches_proj_and_keeps_distances_from_the_centre():
    project = LambertAzimuthal(-11.8, 8.5)
    assert close(project(-11.8, 8.5), (0.0, 0.0))
    # PROJ 9.5, +proj=laea +lon_0=-11.8 +lat_0=8.5 +R=1.
    assert close(project(0, 20), (0.194100283633, 0.204342210199))
    assert close(project(57.5, -20.3), (1.098138410004, -0.490810938181))
    # Equal-area azimuthal: a point at angle d from the centre lies at 2 sin(d/2).
    x, y = LambertAzimuthal(0, 0)(60, 0)
    assert close((math.hypot(x, y),), (2 * math.sin(math.radians(30)),))


def test_simplify_keeps_the_ends_and_every_point_within_the_tolerance():
    line = [(i * 0.1, math.sin(i / 5)) for i in range(100)]
    simple = simplify(line, 0.01)
    assert simple[0] == line[0] and simple[-1] == line[-1]
    assert 5 < len(simple) < 80
    for p in line:  # every dropped point is close to the simplified line
        nearest = min(segment_distance(p, a, b) for a, b in zip(simple, simple[1:]))
        assert nearest <= 0.01 + 1e-12
    assert simplify([(0, 0), (1, 0), (2, 0), (3, 0)], 0.01) == [(0, 0), (3, 0)]


def test_densify_keeps_the_ends_and_bounds_the_steps():
    dense = densify([(0.0, 0.0), (10.0, 5.0)], 1.0)
    assert len(dense) == 12 and dense[-1] == (10.0, 5.0)
    assert all(max(abs(q[0] - p[0]), abs(q[1] - p[1])) <= 1.0 for p, q in zip(dense, dense[1:]))
    across = densify([(175.0, 0.0), (-175.0, 0.0)], 1.0)  # the short way, over 180°
    assert all(abs(lon) >= 175.0 for lon, _ in across) and len(across) == 12


def test_areas_centres_and_insides():
    square = [(0, 0), (2, 0), (2, 2), (0, 2)]
    assert signed_area(square) == 4 and signed_area(square[::-1]) == -4
    assert centroid(square) == (1, 1)
    assert inside((1, 1), square) and not inside((3, 1), square)
    assert unwrapped([(179, 0), (-179, 1), (-178, 2)]) == [(179, 0), (181, 1), (182, 2)]


def test_rings_are_made_of_arcs_reversed_when_negative():
    arcs = [[(0, 0), (1, 0)], [(1, 0), (1, 1), (0, 0)]]
    assert ring_points(arcs, [0, 1]) == [(0, 0), (1, 0), (1, 1), (0, 0)]
    assert ring_points(arcs, [~1, ~0]) == [(0, 0), (1, 1), (1, 0), (0, 0)]


def test_rings_are_clipped_to_the_frame():
    box = (0.0, 0.0, 10.0, 10.0)
    inner = [(1, 1), (9, 1), (9, 9), (1, 9)]
    assert clip_ring(inner, box) is inner
    assert clip_ring([(20, 20), (30, 20), (30, 30)], box) == []
    half_out = [(5, 2), (15, 2), (15, 8), (5, 8)]
    clipped = clip_ring(half_out, box)
    assert abs(signed_area(clipped)) == pytest.approx(30.0)
    assert all(0 <= x <= 10 and 0 <= y <= 10 for x, y in clipped)


def test_lines_are_clipped_into_the_pieces_inside():
    box = (0.0, 0.0, 10.0, 10.0)
    [piece] = clip_line([(-5, 5), (15, 5)], box)
    assert piece == [(0.0, 5.0), (10.0, 5.0)]
    pieces = clip_line([(2, 5), (12, 5), (12, 7), (2, 7)], box)  # out and back in
    assert pieces == [[(2, 5), (10.0, 5.0)], [(10.0, 7.0), (2, 7)]]
    assert clip_line([(20, 20), (30, 30)], box) == []


def test_a_ring_across_the_antimeridian_is_cut_in_two():
    ring = [(170.0, -10.0), (-170.0, -10.0), (-170.0, 10.0), (170.0, 10.0)]
    pieces = cut_ring(ring, 0.0)
    assert len(pieces) == 2
    assert all(-180 <= lon <= 180 for piece in pieces for lon, _ in piece)
    assert sum(abs(signed_area(p)) for p in pieces) == pytest.approx(400.0)
    # Centred on 180°, the same ring is whole, its longitudes relative to the centre.
    [whole] = cut_ring(ring, 180.0)
    assert sorted({lon for lon, _ in whole}) == [-10.0, 10.0]


def test_a_ring_round_the_pole_is_closed_along_it():
    ring = [(float(lon), -70.0) for lon in range(-180, 181, 30)]  # closed, as in TopoJSON
    pieces = cut_ring(ring, 0.0)
    assert pieces and any(lat == -90.0 for piece in pieces for _, lat in piece)
    assert all(-180 <= lon <= 180 for piece in pieces for lon, _ in piece)


def test_a_line_across_the_antimeridian_is_cut_where_it_crosses():
    first, second = cut_line([(170.0, 0.0), (-170.0, 10.0)], 0.0)
    assert first == [(170.0, 0.0), (180.0, 5.0)]
    assert second == [(-180.0, 5.0), (-170.0, 10.0)]
    assert cut_line([(0.0, 0.0), (10.0, 0.0)], 0.0) == [[(0.0, 0.0), (10.0, 0.0)]]


def test_path_data_is_rounded_and_always_written_the_same_way():
    assert [number(v) for v in (2.0, 0.125, -0.001, 12.3456, -3.1)] == [
        "2", "0.12", "0", "12.35", "-3.1"]
    assert path_data([[(0, 0), (1.5, 2)], [(3, 3)]]) == "M0 0 1.5 2Z"
    assert path_data([[(0, 0), (1, 1)]], closed=False) == "M0 0 1 1"
