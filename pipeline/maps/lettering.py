"""Names on maps: what a name measures in the layout's fonts, where it fits on a map (inside
its country's shape, inside the frame, clear of the names placed before it), and which
countries an Action's documents name.

Measured with the fonts' advances (fontTools), without kerning or Arabic joining: a little
wider than WeasyPrint sets it, so a name placed in its box stays in it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from . import geography
from .projection import Point, signed_area


@dataclass(frozen=True)
class Room:
    """Where a country's name may go on a map: its shape there, in mm (outlines turn
    clockwise, holes the other way), clipped to the frame. `own`: the map's own country."""

    code: str
    rings: tuple[tuple[Point, ...], ...]
    own: bool = False


@dataclass(frozen=True)
class Label:
    """A name set on a map: its box in mm from the map's top left (the text centred in it)."""

    code: str
    text: str
    x: float
    y: float
    width: float
    height: float
    own: bool = False


PER_MM = 4  # the grid names are fitted on: a quarter millimetre


def place_labels(rooms: Sequence[Room], names: Mapping[str, str], fonts: Sequence[Path],
                 size_pt: float, width_mm: float, height_mm: float, *, margin: float = 1.2,
                 gap: float = 1.0, pad: float = 0.4, line: float = 1.25) -> tuple[Label, ...]:
    """Each room's name where it fits whole inside its country's shape and `margin` inside
    the frame, at least `gap` from the names placed before it, in the roomiest place it can
    have; a name that fits nowhere is left out. Rooms come in order of importance (the own
    country, then the largest). Names are measured in `fonts` (the first that has a
    character sets it), at `size_pt`."""
    size = size_pt * 25.4 / 72
    height = size * line
    placed: list[Label] = []
    for room in rooms:
        text = names.get(room.code)
        if not text:
            continue
        width = text_width(text, size, fonts) + 2 * pad
        spot = _spot(room, width, height, placed, width_mm, height_mm, margin, gap)
        if spot is not None:
            placed.append(Label(room.code, text, spot[0], spot[1], width, height, room.own))
    return tuple(placed)


def _spot(room: Room, width: float, height: float, placed: Sequence[Label], frame_w: float,
          frame_h: float, margin: float, gap: float) -> Point | None:
    """The top left of the roomiest place for a box in a room, or None. On a grid: the
    country's cells, less the frame's margin and the names already placed (with their gap);
    a box fits where all its cells are left."""
    k = PER_MM
    size = (math.ceil(frame_w * k), math.ceil(frame_h * k))
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for ring in sorted(room.rings, key=lambda ring: signed_area(ring) < 0):  # holes last
        draw.polygon([(x * k, y * k) for x, y in ring],
                     fill=255 if signed_area(ring) > 0 else 0)
    # A filled polygon takes every cell its outline touches: one cell less all round keeps a
    # box that fits on the grid inside the shape itself.
    mask = mask.filter(ImageFilter.MinFilter(3))
    draw = ImageDraw.Draw(mask)
    m = round(margin * k)
    for box in ((0, 0, size[0], m), (0, 0, m, size[1]), (0, size[1] - m, size[0], size[1]),
                (size[0] - m, 0, size[0], size[1])):
        draw.rectangle(box, fill=0)
    for label in placed:  # the collision check: no name within `gap` of another
        draw.rectangle(((label.x - gap) * k, (label.y - gap) * k,
                        (label.x + label.width + gap) * k, (label.y + label.height + gap) * k),
                       fill=0)
    for clearance in (1.0, 0.5, 0.25):  # a quarter mm at least: the grid's own uncertainty
        box_w = math.ceil((width + 2 * clearance) * k)
        box_h = math.ceil((height + 2 * clearance) * k)
        fits = _fits(mask, box_w, box_h)
        if fits.getbbox():
            x, y = _middlemost(fits)
            return x / k + clearance, y / k + clearance
    return None


def _fits(mask: Image.Image, width: int, height: int) -> Image.Image:
    """255 where a box of width x height cells with its top left there is all 255 in mask."""
    return _run_min(_run_min(mask, width, 0), height, 1)


def _run_min(image: Image.Image, length: int, axis: int) -> Image.Image:
    """The smallest value over `length` cells from each cell, along x (0) or y (1): by
    doubling runs, a few whole-image operations instead of a loop over cells."""
    def shifted(im: Image.Image, by: int) -> Image.Image:
        out = Image.new("L", im.size, 0)
        box = (by, 0, im.width, im.height) if axis == 0 else (0, by, im.width, im.height)
        if box[2] > box[0] and box[3] > box[1]:
            out.paste(im.crop(box), (0, 0))
        return out
    run, span = image, 1
    while span * 2 <= length:
        run = ImageChops.darker(run, shifted(run, span))
        span *= 2
    return ImageChops.darker(run, shifted(run, length - span)) if length > span else run


def _middlemost(fits: Image.Image) -> tuple[int, int]:
    """The cell of the fitting ones nearest to their centre of mass."""
    width, data = fits.width, fits.tobytes()
    cells = [(i % width, i // width) for i, value in enumerate(data) if value == 255]
    mx = sum(x for x, _ in cells) / len(cells)
    my = sum(y for _, y in cells) / len(cells)
    return min(cells, key=lambda c: ((c[0] - mx) ** 2 + (c[1] - my) ** 2, c[1], c[0]))


def named_by(action: Mapping) -> set[str]:
    """The countries an Action's documents name (its record as read): its country and the
    land neighbours its locator names, or the countries its region covers. What is not a
    country code is the checks' to refuse."""
    country, covers = action.get("country"), action.get("covers")
    named = {c for c in covers if isinstance(c, str)} if isinstance(covers, list) else set()
    if isinstance(country, str):
        named.add(country)
        try:
            named.update(geography.neighbours(geography.outlines(geography.DATA), country))
        except ValueError:
            pass
    return named


# --- fonts ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Face:
    """What the map needs of a font: its names for the SVG, cap height and advances (em)."""

    family: str
    weight: int
    cap_height: float
    advances: dict[str, float]


def _face(font: Path) -> Face:
    path = Path(font).resolve()
    return _read_face(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_face(path: str, _mtime: int) -> Face:
    with TTFont(path, lazy=True, fontNumber=0) as font:
        names, os2, units = font["name"], font["OS/2"], font["head"].unitsPerEm
        # The typographic family (16) groups the weights, as fontconfig matches them.
        family = str(names.getDebugName(16) or names.getDebugName(1))
        cap = getattr(os2, "sCapHeight", 0) or 0.7 * units
        widths = font["hmtx"]
        advances = {chr(code): widths[glyph][0] / units
                    for code, glyph in sorted((font.getBestCmap() or {}).items())}
        return Face(family, os2.usWeightClass, cap / units, advances)


def text_width(text: str, size: float, font: Path | Sequence[Path]) -> float:
    """The advance width of a text set in `font` at `size` (in the unit of size); with
    several fonts, each character in the first that has it, as a browser falls back. No
    kerning and unjoined Arabic forms: a little wider than set, never narrower by much."""
    faces = [_face(f).advances for f in ([font] if isinstance(font, (str, Path)) else font)]
    return sum(next((face[ch] for face in faces if ch in face), 0.6) for ch in text) * size
