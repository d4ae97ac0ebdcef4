"""Map projections and plane geometry for the maps, in plain Python.

On the unit sphere (x east, y north): Lambert azimuthal equal-area, for locator maps centred on
a place, and Equal Earth (Šavrič, Patterson and Jenny, 2018), for the world map and for locator
maps of regions that span an ocean. In the plane (millimetres, y down): simplification, clipping
of rings and lines to a rectangle, cutting at the antimeridian, and SVG path data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1
EARTH_RADIUS_KM = 6371.0  # the mean radius: both projections are equal-area on a sphere


# --- projections ----------------------------------------------------------------------------

class LambertAzimuthal:
    """Lambert azimuthal equal-area on the unit sphere, centred on (lon0, lat0)."""

    def __init__(self, lon0: float, lat0: float):
        self.lon0, self.lat0 = lon0, lat0
        self._sin0, self._cos0 = math.sin(math.radians(lat0)), math.cos(math.radians(lat0))

    def __call__(self, lon: float, lat: float) -> Point:
        lam = math.radians(lon - self.lon0)
        phi = math.radians(lat)
        sp, cp, cl = math.sin(phi), math.cos(phi), math.cos(lam)
        d = 1 + self._sin0 * sp + self._cos0 * cp * cl
        k = math.sqrt(2 / d) if d > 1e-12 else 0.0  # the antipode has no single image
        return k * cp * math.sin(lam), k * (self._cos0 * sp - self._sin0 * cp * cl)


class EqualEarth:
    """Equal Earth on the unit sphere, central meridian lon0."""

    A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
    M = math.sqrt(3) / 2

    def __init__(self, lon0: float = 0.0):
        self.lon0 = lon0

    def __call__(self, lon: float, lat: float) -> Point:
        d = lon - self.lon0
        d = d - 360 if d > 180 else d + 360 if d < -180 else d
        theta = math.asin(self.M * math.sin(math.radians(lat)))
        t2 = theta * theta  # _height and _slope written out: this runs for every point
        t6 = t2 * t2 * t2
        slope = self.A1 + 3 * self.A2 * t2 + t6 * (7 * self.A3 + 9 * self.A4 * t2)
        return (math.radians(d) * math.cos(theta) / (self.M * slope),
                theta * (self.A1 + self.A2 * t2 + t6 * (self.A3 + self.A4 * t2)))

    def inverse(self, x: float, y: float, iterations: int = 12) -> Point | None:
        """The lon/lat at (x, y), by Newton's method on the parametric latitude; None off the
        map. Used to find how far a cropped view reaches on the globe."""
        theta = y
        for _ in range(iterations):
            theta -= (self._height(theta) - y) / self._slope(theta)
        if abs(math.sin(theta) / self.M) > 1:
            return None
        lam = self.M * x * self._slope(theta) / math.cos(theta)
        if abs(lam) > math.pi:
            return None
        return self.lon0 + math.degrees(lam), math.degrees(math.asin(math.sin(theta) / self.M))

    def _height(self, theta: float) -> float:
        t2 = theta * theta
        t6 = t2 * t2 * t2
        return theta * (self.A1 + self.A2 * t2 + t6 * (self.A3 + self.A4 * t2))

    def _slope(self, theta: float) -> float:
        t2 = theta * theta
        t6 = t2 * t2 * t2
        return self.A1 + 3 * self.A2 * t2 + t6 * (7 * self.A3 + 9 * self.A4 * t2)


# --- lines: fewer points, more points ----------------------------------------------------------

def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker. Both ends stay: an arc's ends are where borders meet."""
    n = len(points)
    if n < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        seg2 = dx * dx + dy * dy
        worst, index = -1.0, -1
        for i in range(first + 1, last):  # inline: the maps' hottest loop
            px, py = points[i]
            t = ((px - x1) * dx + (py - y1) * dy) / seg2 if seg2 else 0.0
            t = 0.0 if t < 0 else 1.0 if t > 1 else t
            d2 = (px - x1 - t * dx) ** 2 + (py - y1 - t * dy) ** 2
            if d2 > worst:
                worst, index = d2, i
        if worst > tolerance * tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep) if k]


def densify(points: Sequence[Point], max_step: float) -> list[Point]:
    """Add lon/lat points so that no edge is longer than max_step degrees: a border along a
    parallel, or a cut along a meridian, then follows the projection's curve. An edge across
    the antimeridian (the data stitches Russia, Fiji and Antarctica across it) is filled in
    the short way round."""
    out = [points[0]]
    for p, q in zip(points, points[1:]):
        dlon = _wrap(q[0] - p[0])
        d = max(abs(dlon), abs(q[1] - p[1]))
        if d > max_step:
            n = int(d / max_step)
            out.extend((_wrap(p[0] + i / (n + 1) * dlon), p[1] + i / (n + 1) * (q[1] - p[1]))
                       for i in range(1, n + 1))
        out.append(q)
    return out


def _wrap(lon: float) -> float:
    return lon - 360 if lon > 180 else lon + 360 if lon < -180 else lon


def unwrapped(ring: Sequence[Point], ref: float | None = None) -> list[Point]:
    """Longitudes made continuous (no jump of 360°), the first one near ref."""
    out = []
    prev = ring[0][0] if ref is None else ref
    for lon, lat in ring:
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
        prev = lon
    return out


# --- areas ---------------------------------------------------------------------------------

def signed_area(ring: Sequence[Point]) -> float:
    """Shoelace area; positive when counter-clockwise with y up (clockwise in mm, y down)."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]])) / 2


def centroid(ring: Sequence[Point]) -> Point:
    """The centre of mass of a ring (its mean point when it has no area)."""
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]]):
        f = x1 * y2 - x2 * y1
        a += f
        cx += (x1 + x2) * f
        cy += (y1 + y2) * f
    if abs(a) < 1e-12:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    return cx / (3 * a), cy / (3 * a)


def inside(point: Point, ring: Sequence[Point]) -> bool:
    """Whether a point is inside a ring (even-odd)."""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def bounds(points: Sequence[Point]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


# --- clipping ------------------------------------------------------------------------------

def clip_half_plane(ring: list[Point], keep: Callable[[Point], bool],
                    meet: Callable[[Point, Point], Point]) -> list[Point]:
    """One Sutherland-Hodgman pass. The result may have zero-width bridges along the clip
    line: harmless for a fill, and these rings are never stroked."""
    out: list[Point] = []
    if not ring:
        return out
    prev, prev_in = ring[-1], keep(ring[-1])
    for cur in ring:
        cur_in = keep(cur)
        if cur_in != prev_in:
            out.append(meet(prev, cur))
        if cur_in:
            out.append(cur)
        prev, prev_in = cur, cur_in
    return out


def _at_x(x0: float) -> Callable[[Point, Point], Point]:
    def meet(p: Point, q: Point) -> Point:
        return (x0, p[1] + (x0 - p[0]) / (q[0] - p[0]) * (q[1] - p[1]))
    return meet


def _at_y(y0: float) -> Callable[[Point, Point], Point]:
    def meet(p: Point, q: Point) -> Point:
        return (p[0] + (y0 - p[1]) / (q[1] - p[1]) * (q[0] - p[0]), y0)
    return meet


def clip_ring(ring: list[Point], box: Box) -> list[Point]:
    """A polygon ring clipped to a rectangle; [] when nothing of it is inside."""
    x0, y0, x1, y1 = box
    left, top, right, bottom = bounds(ring)
    if left >= x0 and right <= x1 and top >= y0 and bottom <= y1:
        return ring
    if right < x0 or left > x1 or bottom < y0 or top > y1:
        return []
    ring = clip_half_plane(ring, lambda p: p[0] >= x0, _at_x(x0))
    ring = clip_half_plane(ring, lambda p: p[0] <= x1, _at_x(x1))
    ring = clip_half_plane(ring, lambda p: p[1] >= y0, _at_y(y0))
    ring = clip_half_plane(ring, lambda p: p[1] <= y1, _at_y(y1))
    return ring if len(ring) >= 3 else []


def _clip_segment(p: Point, q: Point, box: Box) -> tuple[float, float] | None:
    """Liang-Barsky: the part of p-q inside the box, as (t0, t1) along it; None outside."""
    x0, y0, x1, y1 = box
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for step, room in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if step == 0:
            if room < 0:
                return None
        elif step < 0:
            t0 = max(t0, room / step)
        else:
            t1 = min(t1, room / step)
    return None if t0 > t1 else (t0, t1)


def clip_line(points: Sequence[Point], box: Box) -> list[list[Point]]:
    """A polyline clipped to a rectangle: the pieces inside."""
    pieces, current = [], []
    for p, q in zip(points, points[1:]):
        part = _clip_segment(p, q, box)
        if part is None:
            if current:
                pieces.append(current)
                current = []
            continue
        t0, t1 = part
        dx, dy = q[0] - p[0], q[1] - p[1]
        current = current or [(p[0] + t0 * dx, p[1] + t0 * dy)]
        current.append((p[0] + t1 * dx, p[1] + t1 * dy))
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [piece for piece in pieces if len(piece) >= 2]


# --- the antimeridian ----------------------------------------------------------------------

def _shifted(points: Sequence[Point], lon0: float) -> list[Point]:
    return [(((lon - lon0 + 180) % 360) - 180, lat) for lon, lat in points]


def cut_ring(ring: Sequence[Point], lon0: float) -> list[list[Point]]:
    """A lon/lat ring as pieces between lon0 - 180 and lon0 + 180, longitudes given relative
    to lon0. A ring the data stitches across the cut is unwrapped and clipped at it; one that
    goes round a pole (Antarctica) is first closed along the pole."""
    shifted = _shifted(ring, lon0)
    if all(abs(q[0] - p[0]) <= 180 for p, q in zip(shifted, shifted[1:])):
        return [shifted]
    ring = unwrapped(shifted)
    if abs(ring[-1][0] - ring[0][0]) > 180:
        pole = -90.0 if sum(p[1] for p in ring) < 0 else 90.0
        ring = [*ring, (ring[-1][0], pole), (ring[0][0], pole)]
    lo, hi = min(p[0] for p in ring), max(p[0] for p in ring)
    pieces = []
    k = math.floor((lo + 180) / 360)
    while -180 + 360 * k < hi:
        left, right = -180 + 360 * k, 180 + 360 * k
        piece = clip_half_plane(ring, lambda p, a=left: p[0] >= a, _at_x(left))
        piece = clip_half_plane(piece, lambda p, b=right: p[0] <= b, _at_x(right))
        if len(piece) >= 3:
            pieces.append([(lon - 360 * k, lat) for lon, lat in piece])
        k += 1
    return pieces


def cut_line(points: Sequence[Point], lon0: float) -> list[list[Point]]:
    """A lon/lat line as pieces between lon0 - 180 and lon0 + 180, split where it crosses
    the cut, longitudes given relative to lon0."""
    shifted = _shifted(points, lon0)
    pieces, current = [], [shifted[0]]
    for p, q in zip(shifted, shifted[1:]):
        if abs(q[0] - p[0]) > 180:
            edge = 180.0 if p[0] > 0 else -180.0
            across = q[0] + (360 if p[0] > 0 else -360)
            lat = p[1] + (edge - p[0]) / (across - p[0]) * (q[1] - p[1])
            current.append((edge, lat))
            pieces.append(current)
            current = [(-edge, lat)]
        current.append(q)
    pieces.append(current)
    return pieces


def ring_points(arcs: Mapping[int, Sequence[Point]] | Sequence[Sequence[Point]],
                ring: Sequence[int]) -> list[Point]:
    """A ring's points from the arcs it is made of (~i is arc i reversed; each arc begins
    where the one before ends)."""
    points: list[Point] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


# --- SVG path data -------------------------------------------------------------------------

def number(value: float) -> str:
    """A length rounded to 0.01 mm, written short and always the same way ("-0" is "0")."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def path_data(lines: Sequence[Sequence[Point]], closed: bool = True) -> str:
    """SVG path data: one subpath per line (closed for rings), in rounded millimetres."""
    end = "Z" if closed else ""
    return "".join("M" + " ".join(f"{number(x)} {number(y)}" for x, y in line) + end
                   for line in lines if len(line) >= 2)
