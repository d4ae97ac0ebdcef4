"""Outlines at the size they are printed: how closely a map's lines follow the data, what is
too small to draw, how far beyond the frame lines are kept, and all land as one outline.

WeasyPrint parses and draws every point of a map's paths again in each document that places
it, and the 1:50m data holds far more detail than a 52 mm locator can print (issue 23): each
point drawn should be one the print can show. Lengths are millimetres on the page (a map's
SVG units). Works on a geography Topology and Frame, which it takes as given.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .projection import Point, bounds, clip_ring, signed_area

# How far a drawn line may stray from the data: a tenth of a millimetre, under the width of
# the thinnest line the maps draw (0.12 mm) and about one dot of a 300 dpi proof. At a
# locator's scale the 1:50m data has a point every 0.13 to 0.3 mm (median), and about two in
# three go. The world map (160 mm) and the locator (52 mm) are drawn at their printed size,
# so one tolerance serves both; the larger locator a two-page factsheet may show (pdf/copyfit.py)
# enlarges it, up to 3.3 times (170 mm, the type area of A4).
TOLERANCE_MM = 0.1
# Lines and fills are kept this far beyond the frame's edges, where the image is cut: more than
# half the widest line (0.18 mm), so no end of a line cut at the edge shows there.
MARGIN_MM = 0.25


def speck(points: Sequence[Point], tolerance: float = TOLERANCE_MM) -> bool:
    """Whether an outline spans less than the tolerance either way: a dot, not a shape."""
    left, top, right, bottom = bounds(points)
    return right - left < tolerance and bottom - top < tolerance


def island(line: Sequence[Point], tolerance: float = TOLERANCE_MM) -> bool:
    """Whether a line is a closed speck: an islet drawn as one arc, too small to show."""
    return len(line) >= 2 and line[0] == line[-1] and speck(line, tolerance)


def merged(rings: Iterable[Sequence[int]], arcs: Sequence[Sequence[Point]]) -> list[list[int]]:
    """The outline of the union of rings made of shared arcs (~i: arc i reversed): the arcs
    used once, each followed by one that starts where it ends. A border between two of the
    rings is used twice, once each way, and drops out; a coast stays, turning as its ring
    turned, so a lake or an inland sea stays a hole."""
    rings = [list(ring) for ring in rings]
    used = Counter(i if i >= 0 else ~i for ring in rings for i in ring)
    once = [i for ring in rings for i in ring if used[i if i >= 0 else ~i] == 1]
    starting: dict[Point, list[int]] = {}
    for i in once:
        starting.setdefault(_ends(arcs, i)[0], []).append(i)
    done: set[int] = set()
    return [_chained(first, arcs, starting, done) for first in once if first not in done]


def _ends(arcs: Sequence[Sequence[Point]], i: int) -> tuple[Point, Point]:
    return (arcs[i][0], arcs[i][-1]) if i >= 0 else (arcs[~i][-1], arcs[~i][0])


def _chained(first: int, arcs, starting: dict, done: set) -> list[int]:
    """The arcs from `first` on, each the first not yet taken that starts where the last
    ends, until one ends where `first` starts."""
    ring, arc, start = [], first, _ends(arcs, first)[0]
    while arc is not None:
        done.add(arc)
        ring.append(arc)
        end = _ends(arcs, arc)[1]
        arc = None if end == start else next(
            (i for i in starting.get(end, ()) if i not in done), None)
    return ring


def cut_shown(frame) -> bool:
    """Whether a view cut at the antimeridian shows the cut, or a pole (where a ring cut
    there is closed): a quarter of a degree apart, its points are checked against the box."""
    if frame.cut is None:
        return False
    edge = [(side, lat / 4) for side in (-180.0, 180.0) for lat in range(-360, 361)]
    edge += [(lon / 4, pole) for pole in (-90.0, 90.0) for lon in range(-720, 721)]
    x0, y0, x1, y1 = frame.box
    return any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in frame.line(edge))


def near_polygons(topology, frame) -> list[tuple[str, list]]:
    """The polygons a frame may show, by country: those whose cap reaches the view, less, in
    an azimuthal view, those on the far side of the globe (an exterior ring that turns the
    other way in mm encloses the antipode)."""
    near = []
    for key, polygons in topology.countries.items():
        for p, polygon in enumerate(polygons):
            if not frame.visible(topology.polygon_caps[(key, p)]):
                continue
            if frame.cut is None and (key, p) not in topology.circumpolar:
                exterior = frame.ring(topology, polygon[0])[0]
                if len(exterior) > 3 and signed_area(exterior) < 0:
                    continue
            near.append((key, polygon))
    return near


def shown_land(topology, frame) -> list[list[Point]]:
    """All land in view as one outline, in mm, clipped to the frame's box, without specks:
    the union of the polygons the frame shows, from the same simplified arcs as each
    country's outline. One fill draws what a fill per country drew, with no border in it;
    stroked, it is the coast, but for its edges along the box (outside the image) and along
    a cut (see cut_shown): where a cut shows, the coast is drawn apart."""
    polygons = [polygon for _, polygon in near_polygons(topology, frame)]
    land = []
    for ring in merged((ring for polygon in polygons for ring in polygon), topology.arcs):
        for points in frame.ring(topology, ring):
            clipped = clip_ring(points, frame.box) if len(points) >= 3 else []
            if clipped and not speck(clipped):
                land.append(clipped)
    return land
