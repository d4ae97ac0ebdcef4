"""Locator maps and the world map, drawn as vector SVG for WeasyPrint.

`locator_svg` shows one country among its neighbours (or a region's countries), `world_svg`
the world with numbered markers. Lengths are millimetres (the viewBox is the size in mm). The
colours are the caller's strings, used as given ("#rrggbb", or "device-cmyk(c m y k)" for
print), on every painted element: the document's CSS does not reach into an SVG in an <img>,
and the SVG default (black) would be RGB. Nothing is transparent and text is set from its
start (text-anchor="middle" and opacity make WeasyPrint 70 paint through a transparency
group, which the print house refuses). The boundary caveat is the layout's to print.

Names go over the map, set by the layout (WeasyPrint 70 sets SVG text a letter at a time):
`locator_rooms` says where they may go, `world_legend` what the world map's legend lists.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .geography import (Frame, Topology, angle, country_keys, largest_piece, load, main_rings,
                        middle, shown_lines, shown_rings, small_states, unit)
from .lettering import Room, _face, text_width
from .outlines import TOLERANCE_MM, cut_shown, shown_land
from .projection import (EARTH_RADIUS_KM, Box, EqualEarth, LambertAzimuthal, Point, bounds,
                         centroid, clip_line, cut_line, inside, number, path_data, signed_area,
                         simplify)

# The reviewed design's colours; the caller passes them converted for print.
PALETTE = {"sea": "#e4ebf6", "land": "#ffffff", "border": "#b7c2d4", "coast": "#9fb0c9",
           "graticule": "#d3ddec", "highlight": "#1f3a68", "region": "#1f3a68",
           "symbol": "#e0a526", "marker": "#e0a526", "marker_text": "#0f213f",
           "marker_outline": "#ffffff", "world_land": "#d5dbe6", "world_border": "#ffffff",
           "world_highlight": "#1f3a68", "world_region": "#6f8fbf", "outline": "#9fb0c9"}
NONE = '"none"'  # quoted, like the palette's colours
LOCATOR_COLOURS = ("sea", "land", "border", "coast", "graticule", "highlight", "region", "symbol")
WORLD_COLOURS = ("sea", "graticule", "world_land", "world_region", "world_highlight",
                 "world_border", "outline", "marker", "marker_text", "marker_outline")
MARKS = "<!--marks-->"  # the world map's drawn base ends here: the web serves it as a picture


@dataclass(frozen=True)
class Mark:
    """A numbered marker on the world map: one country, or a region's countries."""

    number: int
    iso_codes: tuple[str, ...]
    region: bool = False  # drawn lighter; a country also marked on its own stays strong
    anchor: Point | None = None  # lon/lat the marker points at; default: the largest piece


# --- locator maps -----------------------------------------------------------------------------

def locator_svg(data: Path, iso_codes: Sequence[str], palette: Mapping[str, str],
                width_mm: float = 48.0, height_mm: float = 36.0, *, title: str | None = None,
                desc: str | None = None, symbols: bool | None = None,
                fill_ratio: float | None = None, min_radius_km: float = 1300.0,
                symbol_below_mm: float = 2.2, azimuthal_up_to_deg: float = 40.0,
                centre: Point | None = None) -> str:
    """A locator map: the countries `iso_codes` (ISO 3166-1 alpha-2) filled among the others.

    Lambert azimuthal equal-area centred on them, at least 2 * min_radius_km wide, the
    countries taking at most `fill_ratio` of it (default 55 % for one country, 85 % for a
    region); an Equal Earth crop instead when the frame would reach more than
    azimuthal_up_to_deg from its centre (an azimuthal view that wide shows the globe's
    curve). A country smaller than symbol_below_mm gets a circle (by default only on a
    one-country map: in a region, the others show where it is)."""
    colours = _colours(palette, LOCATOR_COLOURS)
    topology, keys, frame, shown = _view(
        data, data.stat().st_mtime_ns, tuple(iso_codes), width_mm, height_mm, fill_ratio,
        min_radius_km, azimuthal_up_to_deg, centre)
    borders, coasts = shown_lines(topology, frame)
    line_width = 0.18 if width_mm / frame.scale < 1.0 else 0.12  # thicker when zoomed in
    highlight = colours["highlight"] if len(keys) == 1 else colours["region"]
    circled = keys if (len(keys) == 1 if symbols is None else symbols) else []
    coast, apart = (colours["coast"], line_width * 0.85), cut_shown(frame)  # see shown_land
    out = [*_svg_open(width_mm, height_mm, title, desc),
           f'<rect width="{number(width_mm)}" height="{number(height_mm)}" '
           f'fill={colours["sea"]} stroke="none"/>',
           _path(_graticule(frame), NONE, colours["graticule"], 0.12, closed=False),
           _path(shown_land(topology, frame), colours["land"], *(() if apart else coast)),
           _path(coasts, NONE, *coast, closed=False) if apart else "",
           _path([ring for key in keys for ring in shown.get(key, [])], highlight),
           _path(borders, NONE, colours["border"], line_width, closed=False),
           *(f'<circle cx="{number(x)}" cy="{number(y)}" r="1.9" fill="none" '
             f'stroke={colours["symbol"]} stroke-width="0.45"/>'
             for x, y in small_states(topology, frame, circled, symbol_below_mm)),
           f'<rect x="0.05" y="0.05" width="{number(width_mm - 0.1)}" '
           f'height="{number(height_mm - 0.1)}" fill="none" stroke={colours["border"]} '
           f'stroke-width="0.1"/></svg>']
    return "".join(part for part in out if part)


@lru_cache(maxsize=4)  # a locator and the rooms for its names share one view: made once
def _view(data: Path, _mtime: int, codes: tuple, *frame_options) -> tuple:
    topology = load(data)
    keys = country_keys(topology, codes)
    frame = locator_frame(topology, keys, *frame_options)
    return topology, keys, frame, shown_rings(topology, frame)


def locator_frame(topology: Topology, keys: list[str], width: float, height: float,
                  ratio: float | None, min_radius_km: float, up_to_deg: float,
                  centre: Point | None = None) -> Frame:
    """The frame of a locator map (see locator_svg; ratio None: its default)."""
    ratio = ratio if ratio is not None else 0.55 if len(keys) == 1 else 0.85
    framing = [ring for key in keys for ring in main_rings(topology, key)]
    lon0, lat0 = centre or middle(topology, keys)
    aspect, least = width / height, min_radius_km / EARTH_RADIUS_KM
    projection = LambertAzimuthal(lon0, lat0)
    cx, cy, half_w, half_h = _extent(framing, projection, ratio, aspect, least)
    reach = 2 * math.asin(min(1.0, math.hypot(half_w + abs(cx), half_h + abs(cy)) / 2))
    if math.degrees(reach) <= up_to_deg:
        return Frame(projection, width, height, width / (2 * half_w), cx, cy,
                     centre=unit(lon0, lat0), reach=reach, middle=(lon0, lat0))
    crop = EqualEarth(lon0)
    cx, cy, half_w, half_h = _extent(framing, crop, ratio, aspect, least)
    reach = 0.0
    for x in (cx - half_w, cx, cx + half_w):  # the frame's corners and edges, on the globe
        for y in (cy - half_h, cy, cy + half_h):
            lonlat = crop.inverse(x, y)
            reach = max(reach, angle(unit(lon0, lat0), unit(*lonlat)) if lonlat else math.pi)
    # Drawn at 0 with longitudes taken relative to lon0: cut once, at the antimeridian.
    return Frame(EqualEarth(0.0), width, height, width / (2 * half_w), cx, cy, cut=lon0,
                 centre=unit(lon0, lat0), reach=reach, middle=(lon0, lat0))


def _extent(rings, projection, ratio: float, aspect: float, least: float):
    """The frame round the rings: projected centre, half width and half height."""
    x0, y0, x1, y1 = bounds([projection(lon, lat) for ring in rings for lon, lat in ring])
    half_w = max((x1 - x0) / 2 / ratio, (y1 - y0) / 2 / ratio * aspect, least)
    return (x0 + x1) / 2, (y0 + y1) / 2, half_w, half_w / aspect


def _graticule(frame: Frame) -> list[list[Point]]:
    """Meridians and parallels near the view (finer for small areas), in mm, clipped."""
    lon0, lat0 = frame.middle
    half_w = frame.width / 2 / frame.scale
    step = 5 if half_w < 0.35 else 10 if half_w < 0.8 else 20
    reach = math.degrees(frame.reach) + 5
    lat_lo, lat_hi = max(-89.0, lat0 - reach), min(89.0, lat0 + reach)
    widest = math.cos(math.radians(max(abs(lat_lo), abs(lat_hi))))
    polar = lat_hi >= 89.0 or lat_lo <= -89.0
    lon_reach = 180.0 if polar else min(180.0, reach / max(widest, 0.05))
    sample = 0.5 if half_w < 0.8 else 1.0
    lines = []
    lon = math.floor((lon0 - lon_reach) / step) * step
    while lon <= lon0 + lon_reach:
        n = int((lat_hi - lat_lo) / sample)
        lines.append([(lon, lat_lo + i * (lat_hi - lat_lo) / n) for i in range(n + 1)])
        lon += step
    lat = math.ceil(lat_lo / step) * step
    while lat <= lat_hi:
        n = int(2 * lon_reach / sample)
        lines.append([(lon0 - lon_reach + i * 2 * lon_reach / n, lat) for i in range(n + 1)])
        lat += step
    return [run for line in lines for run in _near_runs(frame, line)]


def _near_runs(frame: Frame, line: list[Point]) -> list[list[Point]]:
    """The runs of a lon/lat line near the view's centre, in mm, clipped (in an azimuthal
    view, far points fold back over the near side)."""
    shift = 0.0 if frame.cut is None else frame.cut
    runs, near = [], min(frame.reach + 0.3, 2.5)
    for piece in [line] if frame.cut is None else cut_line(line, frame.cut):
        run = []
        for lon, lat in [*piece, (0.0, None)]:  # the end closes the last run
            if lat is not None and angle(frame.centre, unit(lon + shift, lat)) < near:
                run.append(frame.to_mm(*frame.projection(lon, lat)))
            elif run:
                runs.extend(clip_line(simplify(run, 0.05), frame.box))
                run = []
    return runs


def locator_rooms(data: Path, iso_codes: Sequence[str], others: Sequence[str],
                  width_mm: float = 48.0, height_mm: float = 36.0, *, fill_ratio=None,
                  min_radius_km=1300.0, azimuthal_up_to_deg=40.0, centre=None) -> tuple[Room, ...]:
    """Rooms for names on `locator_svg`'s map: its one country's, then `others`', largest first."""
    topology, keys, frame, shown = _view(
        data, data.stat().st_mtime_ns, tuple(iso_codes), width_mm, height_mm, fill_ratio,
        min_radius_km, azimuthal_up_to_deg, centre)
    rooms = []
    for code, own in [*([(iso_codes[0], True)] if len(keys) == 1 else []),
                      *((code, False) for code in others if code not in iso_codes)]:
        key = country_keys(topology, [code])[0]
        rings = tuple(tuple(simplify(ring, 0.1)) for ring in shown.get(key, ())
                      if abs(signed_area(ring)) > 0.5)  # no room in a speck
        if rings and (own or key not in keys):
            rooms.append(Room(code, rings, own))
    area = {room.code: sum(signed_area(ring) for ring in room.rings) for room in rooms}
    return tuple(sorted(rooms, key=lambda room: (not room.own, -area[room.code], room.code)))


# --- the world map ----------------------------------------------------------------------------

def world_svg(data: Path, marks: Sequence[Mark], palette: Mapping[str, str], font: Path,
              width_mm: float = 170.0, *, title: str | None = None, desc: str | None = None,
              lon0: float = 0.0, marker_radius: float = 2.1, font_size_pt: float = 6.5,
              tolerance: float = TOLERANCE_MM) -> str:
    """The world in Equal Earth (central meridian lon0; the height follows from the width),
    each Mark's countries filled and its number on a disc: inside a country that holds the
    disc, else beside it with a leader line. `font` is the font the numbers are set in (the
    SVG names its family and weight), measured to centre them."""
    colours = _colours(palette, WORLD_COLOURS)
    topology = load(data)
    groups = _world_fills(topology, marks)
    projection = EqualEarth(0.0)
    scale = (width_mm - 2.0) / (2 * projection(180, 0)[0])  # 1 mm free round the map
    frame = Frame(projection, width_mm, 2 * projection(0, 90)[1] * scale + 2.0, scale, 0.0,
                  0.0, tolerance, cut=lon0)
    fills: dict[str, list] = {"land": [], "light": [], "strong": []}
    for key, rings in shown_rings(topology, frame).items():
        fills[groups.get(key, "land")].extend(rings)  # each country's, to place the markers
    outline = frame.line([(180.0, -90.0 + i) for i in range(181)]
                         + [(-180.0, 90.0 - i) for i in range(181)])
    out = [*_svg_open(frame.width, frame.height, title, desc),
           _path([outline], colours["sea"]),
           _path(_world_graticule(frame), NONE, colours["graticule"], 0.15, closed=False),
           _path(shown_land(topology, frame), colours["world_land"]),  # all land, at once
           _path(fills["light"], colours["world_region"]),
           _path(fills["strong"], colours["world_highlight"]),
           _path(shown_lines(topology, frame)[0], NONE, colours["world_border"], 0.12,
                 closed=False),
           _path([outline], NONE, colours["outline"], 0.2)]
    targets = [_target(topology, frame, mark) for mark in marks]
    spots = place_markers(targets, fills["land"] + fills["light"] + fills["strong"],
                          marker_radius, frame.width, frame.height)
    out += [MARKS, *_markers(marks, targets, spots, colours, font, marker_radius, font_size_pt)]
    return "".join(part for part in out if part) + "</svg>"


LEGEND = (("world_highlight", "strong"), ("world_region", "light"), ("marker", "mark"))


def _world_fills(topology: Topology, marks: Sequence[Mark]) -> dict[str, str]:
    """Each marked country's fill: "strong" (its own Action), or "light" (a region's)."""
    groups: dict[str, str] = {}
    for mark in sorted(marks, key=lambda mark: not mark.region):  # a country's own mark wins
        groups.update(dict.fromkeys(country_keys(topology, mark.iso_codes),
                                    "light" if mark.region else "strong"))
    return groups


def world_legend(data: Path, marks: Sequence[Mark]) -> tuple[str, ...]:
    """The palette colours of the fills and symbols `world_svg` draws for these marks."""
    used = {*_world_fills(load(data), marks).values(), *(["mark"] if marks else [])}
    return tuple(name for name, group in LEGEND if group in used)


def _world_graticule(frame: Frame) -> list[list[Point]]:
    """Meridians and parallels every 30°, sampled every degree, in mm."""
    lines = ([[(-180.0 + k * 30, -90.0 + i) for i in range(181)] for k in range(12)]
             + [[(-180.0 + i, -90.0 + k * 30) for i in range(361)] for k in range(1, 6)])
    return [simplify(frame.line(piece), 0.05)
            for line in lines for piece in cut_line(line, frame.cut)]


# --- markers ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """Where a marker points: the anchor, and the largest piece of its countries (in mm)."""

    anchor: Point
    box: Box
    piece: list[Point]


def _target(topology: Topology, frame: Frame, mark: Mark) -> Target:
    piece = largest_piece(topology, frame, country_keys(topology, mark.iso_codes))
    anchor = frame.point(*mark.anchor) if mark.anchor else centroid(piece)
    return Target(anchor, bounds(piece), piece)


def place_markers(targets: Sequence[Target], land: Sequence[list[Point]], radius: float,
                  width: float, height: float, gap: float = 0.5) -> list[Point]:
    """Where each marker's disc goes. Inside its country when the country holds it; else
    beside it, the best of 16 directions at four distances: not over another disc, nor
    another marked country, preferably over the sea, with a short leader. The most crowded
    are placed first, while there is room."""
    land_boxes = [(bounds(ring), ring) for ring in land]

    def on_land(x: float, y: float) -> bool:
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] and inside((x, y), ring)
                   for b, ring in land_boxes)

    placed: list[Point | None] = [t.anchor if _holds(t, radius) else None for t in targets]
    order = sorted((i for i, spot in enumerate(placed) if spot is None),
                   key=lambda i: -sum(math.dist(targets[i].anchor, t.anchor) < 12
                                      for t in targets))
    for i in order:
        placed[i] = _best_spot(i, targets, placed, radius, (width, height), gap, on_land)
    return placed


def _best_spot(i: int, targets: Sequence[Target], placed: list[Point | None], radius: float,
               size: Point, gap: float, on_land) -> Point:
    target = targets[i]
    reach = max(target.box[2] - target.box[0], target.box[3] - target.box[1]) / 2
    best = None
    for distance in (0.6 * reach + radius + 0.8, reach + radius + 1.0,
                     reach + 2 * radius + 2.5, reach + 3 * radius + 4):
        for k in range(16):
            turn = math.pi / 4 + k * math.pi / 8  # up-right first, then round
            x = target.anchor[0] + distance * math.cos(turn)
            y = target.anchor[1] - distance * math.sin(turn)
            if radius < x < size[0] - radius and radius < y < size[1] - radius:
                cost = _cost(x, y, distance, i, targets, placed, radius, gap, on_land)
                if best is None or cost < best[0]:
                    best = (cost, x, y)
    return (best[1], best[2]) if best else target.anchor


def _holds(target: Target, radius: float) -> bool:
    """Whether the country's largest piece holds the disc (with a little room)."""
    ax, ay = target.anchor
    return all(inside((ax + 1.15 * radius * math.cos(k * math.pi / 4),
                       ay + 1.15 * radius * math.sin(k * math.pi / 4)), target.piece)
               for k in range(8))


def _cost(x: float, y: float, distance: float, i: int, targets: Sequence[Target],
          placed: list[Point | None], radius: float, gap: float, on_land) -> float:
    def over(box: Box) -> bool:
        dx, dy = max(box[0] - x, 0, x - box[2]), max(box[1] - y, 0, y - box[3])
        return math.hypot(dx, dy) < radius + 0.3

    cost = distance * 0.3
    for spot in placed:
        if spot is not None and math.hypot(spot[0] - x, spot[1] - y) < 2 * radius + gap:
            cost += 100
    for j, target in enumerate(targets):
        if j != i and over(target.box):
            cost += 30
    if over(targets[i].box):  # over its own country: allowed, not liked
        cost += 6
    if on_land(x, y):
        cost += 3
    return cost


def _markers(marks, targets, spots, colours, font: Path, radius: float, size_pt: float):
    """Leader lines first, then the discs and their numbers over every leader."""
    face = _face(font)
    size = size_pt * 25.4 / 72
    out = []
    for target, (x, y) in zip(targets, spots):
        (ax, ay), d = target.anchor, math.dist(target.anchor, (x, y))
        if d > radius:
            ex, ey = x - (x - ax) / d * radius, y - (y - ay) / d * radius
            out.append(f'<path d="M{number(ax)} {number(ay)}L{number(ex)} {number(ey)}" '
                       f'fill="none" stroke={colours["marker_text"]} stroke-width="0.2"/>'
                       f'<circle cx="{number(ax)}" cy="{number(ay)}" r="0.4" '
                       f'fill={colours["marker_text"]} stroke="none"/>')
    for mark, (x, y) in zip(marks, spots):
        label = str(mark.number)
        left = x - text_width(label, size, font) / 2  # no text-anchor: see the top
        out.append(f'<circle cx="{number(x)}" cy="{number(y)}" r="{number(radius)}" '
                   f'fill={colours["marker"]} stroke={colours["marker_outline"]} '
                   f'stroke-width="0.3"/><text x="{number(left)}" '
                   f'y="{number(y + face.cap_height / 2 * size)}" '
                   f'font-family={quoteattr(face.family)} font-weight="{face.weight}" '
                   f'font-size="{number(size)}" fill={colours["marker_text"]} '
                   f'stroke="none">{escape(label)}</text>')
    return out


# --- SVG --------------------------------------------------------------------------------

def _svg_open(width: float, height: float, title: str | None, desc: str | None) -> list[str]:
    size = (f'viewBox="0 0 {number(width)} {number(height)}" width="{number(width)}mm" '
            f'height="{number(height)}mm"')
    return [f'<svg xmlns="http://www.w3.org/2000/svg" {size}>',
            *(f"<{tag}>{escape(text)}</{tag}>" for tag, text in (("title", title), ("desc", desc))
              if text)]


def _path(lines, fill: str, stroke: str = NONE, width: float | None = None,
          closed: bool = True) -> str:
    """One path for many lines ("" when there is nothing to draw); colours come quoted."""
    d = path_data(lines, closed)
    if not d:
        return ""
    line = "" if width is None else f' stroke-width="{number(width)}"'
    join = ' stroke-linejoin="round"' if width is not None else ""
    return f'<path d="{d}" fill={fill} stroke={stroke}{line}{join}/>'


def _colours(palette: Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    """The palette's colours a map uses, quoted for an attribute; a ValueError naming any
    that is missing (a default would be RGB in a print PDF)."""
    missing = [name for name in names
               if not isinstance(palette.get(name), str) or not palette[name].strip()]
    if missing:
        raise ValueError(f"the palette has no colour for: {', '.join(missing)}")
    return {name: quoteattr(palette[name]) for name in names}
