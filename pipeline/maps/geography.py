"""The map data: country outlines by ISO 3166 code, from Natural Earth's admin-0 countries,
and what of them a map frame shows.

Reads the TopoJSON file of npm world-atlas 2.0.2 (Natural Earth 4.1.0, 1:50m): quantized,
delta-encoded arcs, and each country as polygons of rings made of shared arcs, so a border is
one line for both countries. Draws the boundaries the programme draws otherwise than the data
(Crimea). A Frame places a projection on the page; through it, the countries and lines a map
shows, in millimetres, and the countries too small to see there. Decoded once per file version.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

import pycountry

from .outlines import MARGIN_MM, TOLERANCE_MM, island, near_polygons, speck
from .projection import (Box, Point, bounds, centroid, clip_line, clip_ring, cut_line, cut_ring,
                         densify, inside, ring_points, signed_area, simplify, unwrapped)

Ring = list[int]  # arc indexes; ~i is arc i reversed
Polygon = list[Ring]  # the exterior ring first, then holes
Vector = tuple[float, float, float]  # a point of the unit sphere

# The map data every project draws with (like the print colour profile, it is the
# repository's: see assets/maps/README.md).
DATA = Path(__file__).resolve().parents[2] / "assets" / "maps" / "countries-50m.json"

# Places the data names but gives no ISO numeric code, by the code the records would use.
UNNUMBERED = {"XK": "Kosovo"}

# Natural Earth draws de facto control. The programme follows the EU's position (and the UN's):
# Crimea is part of Ukraine (804; UN General Assembly resolution 68/262), the north of Cyprus
# part of Cyprus (196; Security Council resolution 541), Somaliland part of Somalia (706). Each
# change moves the polygon holding the point (lon, lat) from one unit to the other; the line
# between them is then inside one country and not drawn.
BOUNDARY_CHANGES = (("643", "804", (34.1, 44.95)), ("name:N. Cyprus", "196", (33.6, 35.25)),
                    ("name:Somaliland", "706", (45.0, 9.6)))


@dataclass(frozen=True)
class Topology:
    """A decoded countries file; shared between callers (it is cached), so never changed."""

    arcs: tuple[tuple[Point, ...], ...]  # lon/lat, degrees
    countries: dict[str, list[Polygon]]  # ISO numeric code (or "name:<name>") -> polygons
    names: dict[str, str]  # the data's English name of each country
    borders: frozenset[int]  # arcs between two countries
    inner: frozenset[int]  # arcs inside one country (after the boundary changes): not drawn
    arc_caps: tuple[tuple[Vector, float], ...]  # a cap around each arc, on the unit sphere
    polygon_caps: dict[tuple[str, int], tuple[Vector, float]]  # around each exterior ring
    circumpolar: frozenset[tuple[str, int]]  # polygons that go round a pole (Antarctica)


def load(path: Path | str, changes: tuple = BOUNDARY_CHANGES) -> Topology:
    """The countries of a world-atlas TopoJSON file, decoded once per path and version."""
    path = Path(path).resolve()
    return _load(str(path), path.stat().st_mtime_ns, changes)


class Outlines(NamedTuple):
    """The outlines alone, without a Topology's costly caps (0.4 s): what `drawn` and
    `neighbours` need, asked of every Action when the sources are read."""

    arcs: tuple[tuple[Point, ...], ...]
    countries: dict[str, list[Polygon]]
    names: dict[str, str]


def outlines(path: Path | str, changes: tuple = BOUNDARY_CHANGES) -> Outlines:
    path = Path(path).resolve()
    return _outlines(str(path), path.stat().st_mtime_ns, changes)


@lru_cache(maxsize=4)
def _load(path: str, _mtime: int, changes: tuple) -> Topology:
    arcs, countries, names = _outlines(path, _mtime, changes)
    borders, inner = _arc_kinds(countries, len(arcs))
    polygon_caps, circumpolar = {}, set()
    for key, polygons in countries.items():
        for p, polygon in enumerate(polygons):
            points = ring_points(arcs, polygon[0])
            polygon_caps[(key, p)] = cap([unit(*q) for q in points])
            lonlat = unwrapped(points)
            if abs(lonlat[-1][0] - lonlat[0][0]) > 180:
                circumpolar.add((key, p))
    return Topology(arcs, countries, names, borders, inner,
                    tuple(cap([unit(*q) for q in arc]) for arc in arcs),
                    polygon_caps, frozenset(circumpolar))


@lru_cache(maxsize=4)
def _outlines(path: str, _mtime: int, changes: tuple) -> Outlines:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    countries: dict[str, list[Polygon]] = {}
    names: dict[str, str] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = geometry["properties"]["name"]
        key = geometry.get("id") or f"name:{name}"
        polygons = _polygons(geometry, arcs)
        if polygons:  # two geometries share 036 (Australia, Ashmore and Cartier Islands)
            countries.setdefault(key, []).extend(polygons)
            names.setdefault(key, name)
    for source, target, point in changes:
        for polygon in list(countries.get(source, ())):
            if inside(point, ring_points(arcs, polygon[0])):
                countries[source].remove(polygon)
                countries.setdefault(target, []).append(polygon)
    return Outlines(arcs, countries, names)


def decode_arcs(topo: Mapping) -> tuple[tuple[Point, ...], ...]:
    """A TopoJSON file's arcs in lon/lat: each position is the sum of the deltas so far,
    scaled and translated by the file's transform."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    return tuple(tuple((x * sx + tx, y * sy + ty) for x, y in zip(
        accumulate(dx for dx, _ in arc), accumulate(dy for _, dy in arc))) for arc in topo["arcs"])


def _polygons(geometry: Mapping, arcs: Sequence[Sequence[Point]]) -> list[Polygon]:
    kinds = {"Polygon": lambda a: [a], "MultiPolygon": lambda a: a}
    if geometry["type"] not in kinds:
        return []
    polygons = []
    for polygon in kinds[geometry["type"]](geometry["arcs"]):
        # Antarctica comes as a ring round the pole at -89.999° with the coast as its hole:
        # the spherical way of saying "south of the coast". A plane map wants the coast as
        # the outline, so each hole becomes a polygon, reversed to turn like other outlines.
        first = ring_points(arcs, polygon[0])
        if len(polygon) > 1 and all(abs(lat) > 89.9 for _, lat in first):
            polygons.extend([[~i for i in reversed(hole)]] for hole in polygon[1:])
        else:
            polygons.append(polygon)
    return polygons


def _arc_kinds(countries: Mapping[str, list[Polygon]], count: int):
    users: list[list[str]] = [[] for _ in range(count)]
    for key, polygons in countries.items():
        for ring in (ring for polygon in polygons for ring in polygon):
            for index in ring:
                users[index if index >= 0 else ~index].append(key)
    borders = frozenset(i for i, keys in enumerate(users) if len(set(keys)) > 1)
    inner = frozenset(i for i, keys in enumerate(users) if len(keys) > 1 and len(set(keys)) == 1)
    return borders, inner


def country_key(code: str) -> str:
    """The data's key for an ISO 3166-1 alpha-2 code: the ISO numeric code, or the name of a
    place the data gives none (Kosovo)."""
    if not isinstance(code, str):
        raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {code!r}")
    if code.upper() in UNNUMBERED:
        return f"name:{UNNUMBERED[code.upper()]}"
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if country is None:
        raise ValueError(f"unknown ISO 3166-1 alpha-2 country code: {code!r}")
    return country.numeric


def country_keys(topology: Topology, codes: Iterable[str]) -> list[str]:
    """The data's keys for ISO codes, each once; a ValueError naming every code that is not
    a country, or that the data has no outline for."""
    codes = list(codes)
    if not codes:
        raise ValueError("no country code given")
    keys, unknown, absent = [], [], []
    for code in codes:
        try:
            key = country_key(code)
        except ValueError:
            unknown.append(repr(code))
            continue
        if key not in topology.countries:
            country = pycountry.countries.get(alpha_2=code)
            absent.append(f"{code!r} ({country.name})" if country else repr(code))
        elif key not in keys:
            keys.append(key)
    problems = []
    if unknown:
        problems.append(f"unknown ISO 3166-1 alpha-2 country code(s): {', '.join(unknown)}")
    if absent:
        # Natural Earth draws some territories as part of another country (Réunion: France)
        # and leaves out some islands at 1:50m (Tuvalu).
        problems.append(f"no outline in the map data for {', '.join(absent)}")
    if problems:
        raise ValueError("; ".join(problems))
    return keys


def drawn(code: str, data: Path = DATA) -> bool:
    """Whether the map data draws a country (Natural Earth draws some territories as part of
    another country, and leaves some islands out at 1:50m); a code that is not a country's
    is the schema's to explain."""
    try:
        return country_key(code) in outlines(data).countries
    except ValueError:
        return True


def neighbours(topology: "Topology | Outlines", code: str) -> list[str]:
    """The ISO alpha-2 codes of the countries that share a land border with one country."""
    key = country_key(code)
    own = {abs(~arc if arc < 0 else arc) for polygon in topology.countries.get(key, ())
           for ring in polygon for arc in ring}
    found = []
    for other, polygons in topology.countries.items():
        arcs = {abs(~arc if arc < 0 else arc) for polygon in polygons for ring in polygon
                for arc in ring}
        if other != key and arcs & own:
            country = pycountry.countries.get(numeric=other) if other.isdigit() else None
            if country is not None:
                found.append(country.alpha_2)
    return sorted(found)


def main_rings(topology: Topology, key: str, keep: float = 0.02) -> list[list[Point]]:
    """A country's exterior rings that matter for framing it: at least `keep` of the area of
    its largest (a far small island is drawn, but the map is not centred to show it)."""
    rings = [ring_points(topology.arcs, polygon[0]) for polygon in topology.countries[key]]
    areas = [abs(signed_area(unwrapped(r))) for r in rings]
    return [r for r, a in zip(rings, areas) if a >= keep * max(areas)]


def largest_ring(topology: Topology, key: str) -> list[Point]:
    """The exterior ring of a country's largest piece (by area in degrees)."""
    return max(main_rings(topology, key), key=lambda r: abs(signed_area(unwrapped(r))))


def middle(topology: Topology, keys: Sequence[str]) -> Point:
    """Where to centre a map of countries: the middle of their main rings' extent, with
    longitudes continuous across ±180°."""
    ref, lons, lats = None, [], []
    for ring in (ring for key in keys for ring in main_rings(topology, key)):
        ring = unwrapped(ring, ref)
        ref = ring[0][0] if ref is None else ref
        lons += [p[0] for p in ring]
        lats += [p[1] for p in ring]
    return ((min(lons) + max(lons)) / 2 + 180) % 360 - 180, (min(lats) + max(lats)) / 2


# --- on the globe: caps tell quickly what may reach a view ----------------------------------

def unit(lon: float, lat: float) -> Vector:
    """The point at lon/lat (degrees) as a vector on the unit sphere."""
    lam, phi = math.radians(lon), math.radians(lat)
    return (math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi))


def angle(a: Vector, b: Vector) -> float:
    """The distance between two points of the unit sphere, in radians."""
    return math.acos(max(-1.0, min(1.0, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])))


def cap(vectors: Sequence[Vector]) -> tuple[Vector, float]:
    """A cap holding every vector: its centre and radius (not the smallest such cap)."""
    sx, sy, sz = (sum(p[i] for p in vectors) for i in range(3))
    n = math.sqrt(sx * sx + sy * sy + sz * sz) or 1.0
    centre = (sx / n, sy / n, sz / n)
    return centre, max(angle(centre, p) for p in vectors)


# --- a map frame: what the data looks like on the page -------------------------------------

@dataclass
class Frame:
    """A projection placed in a rectangle of millimetres (y down), and what it shows."""

    projection: Callable[[float, float], Point]
    width: float
    height: float
    scale: float  # mm per projected unit
    cx: float  # the projected point at the middle of the rectangle
    cy: float
    tolerance: float = TOLERANCE_MM  # how far a drawn line may stray from the data
    cut: float | None = None  # central meridian of a view cut at its antimeridian
    centre: Vector | None = None  # the view's middle on the globe
    reach: float = math.pi  # radians from the centre to the farthest corner
    middle: Point = (0.0, 0.0)  # the centre in lon/lat
    _arcs: dict = field(default_factory=dict)

    @property
    def box(self) -> Box:
        # Beyond the edges, where the image is cut: what clipping adds along them never shows.
        return (-MARGIN_MM, -MARGIN_MM, self.width + MARGIN_MM, self.height + MARGIN_MM)

    def to_mm(self, x: float, y: float) -> Point:
        return (self.width / 2 + (x - self.cx) * self.scale,
                self.height / 2 - (y - self.cy) * self.scale)

    def point(self, lon: float, lat: float) -> Point:
        if self.cut is not None:
            lon = ((lon - self.cut + 180) % 360) - 180
        return self.to_mm(*self.projection(lon, lat))

    def line(self, points: Sequence[Point]) -> list[Point]:
        """Points in lon/lat, already relative to the cut meridian if there is one."""
        return [self.to_mm(*self.projection(lon, lat)) for lon, lat in points]

    def trace(self, points: Sequence[Point]) -> list[Point]:
        """A lon/lat line in mm, with as many points as the scale needs: every point of the
        data within the tolerance of it (simplified once projected, every point weighed)."""
        return simplify(self.line(densify(points, 1.0)), self.tolerance)

    def visible(self, cap: tuple[Vector, float]) -> bool:
        """Whether something inside a cap may be in view (anything, without a centre)."""
        return self.centre is None or angle(self.centre, cap[0]) - cap[1] <= self.reach + 0.05

    def arc(self, topology: Topology, index: int) -> list[list[Point]]:
        """One arc in mm, as pieces (several where it crosses the cut); kept, as two
        countries share it and must share its simplified line."""
        if index not in self._arcs:
            points = topology.arcs[index]
            pieces = [points] if self.cut is None else cut_line(points, self.cut)
            self._arcs[index] = [self.trace(piece) for piece in pieces]
        return self._arcs[index]

    def ring(self, topology: Topology, ring: Ring) -> list[list[Point]]:
        """A ring in mm, from its shared arcs; cut and closed along the cut meridian (and a
        pole it goes round) when it crosses it."""
        traced = {i: self.arc(topology, i) for i in (j if j >= 0 else ~j for j in ring)}
        if all(len(pieces) == 1 for pieces in traced.values()):
            return [ring_points({i: pieces[0] for i, pieces in traced.items()}, ring)]
        return [self.trace(piece) for piece in cut_ring(ring_points(topology.arcs, ring), self.cut)]


def shown_rings(topology: Topology, frame: Frame) -> dict[str, list[list[Point]]]:
    """The rings of every country in view, in mm, clipped to the frame, without specks, by
    country (outlines.near_polygons: which)."""
    shown: dict[str, list[list[Point]]] = {}
    for key, polygon in near_polygons(topology, frame):
        for points in (points for ring in polygon for points in frame.ring(topology, ring)):
            clipped = clip_ring(points, frame.box) if len(points) >= 3 else []
            if clipped and not speck(clipped):
                shown.setdefault(key, []).append(clipped)
    return shown


def shown_lines(topology: Topology, frame: Frame) -> tuple[list, list]:
    """The borders between countries, and the coasts, in view, in mm, clipped: each once;
    no islet too small to show."""
    borders, coasts = [], []
    for index, arc_cap in enumerate(topology.arc_caps):
        if index not in topology.inner and frame.visible(arc_cap):
            lines = borders if index in topology.borders else coasts
            for points in frame.arc(topology, index):
                lines.extend([] if island(points) else clip_line(points, frame.box))
    return borders, coasts


def largest_piece(topology: Topology, frame: Frame, keys: Sequence[str]) -> list[Point]:
    """The largest exterior ring of the countries in mm, each traced whole (the world map's
    markers were placed and reviewed on these); from the data if simplified away."""
    rings = [frame.trace(piece) for key in keys for polygon in topology.countries[key]
             for piece in cut_ring(ring_points(topology.arcs, polygon[0]), frame.cut)]
    rings = [ring for ring in rings if len(ring) >= 3]
    if not rings:
        rings = [[frame.point(*p) for p in largest_ring(topology, keys[0])]]
    return max(rings, key=lambda ring: abs(signed_area(ring)))


def small_states(topology: Topology, frame: Frame, keys: Sequence[str],
                 below: float) -> list[Point]:
    """Where the countries too small to see in a frame are: those none of whose pieces in
    view spans `below` mm either way (an archipelago of atolls strewn over an ocean, such as
    Kiribati, is as invisible as one islet), at the middle of their largest piece. Measured
    on the data itself, not on the drawn outline, which may have lost a microstate."""
    spots = []
    for key in keys:
        if _span(topology, key, frame, below) < below:
            x, y = centroid([frame.point(*p) for p in largest_ring(topology, key)])
            if 0 <= x <= frame.width and 0 <= y <= frame.height:
                spots.append((x, y))
    return spots


def _span(topology: Topology, key: str, frame: Frame, enough: float) -> float:
    """How far a country's largest piece in view spans, the larger way (mm); once it
    reaches `enough`, no further."""
    rings = [ring_points(topology.arcs, polygon[0]) for polygon in topology.countries[key]]
    x0, y0, x1, y1 = frame.box
    span = 0.0
    for step in (16, 1):  # a sample first: it tells most countries are large enough
        for ring in rings:
            placed = [frame.point(*p) for p in ring[::step]]
            shown = [(x, y) for x, y in placed if x0 <= x <= x1 and y0 <= y <= y1]
            if shown:
                left, top, right, bottom = bounds(shown)
                span = max(span, right - left, bottom - top)
            if span >= enough:
                return span
    return span
