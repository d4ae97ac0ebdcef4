"""Drawing primitives for the sample illustrations: colours, float fields, masks, stamps, terrain.

Everything is anti-aliased: smooth fields are computed in floating point (on a coarse grid,
enlarged bicubically) and turned into colour through signed distances in pixels, so every edge
and line has a one-pixel soft rim at any size; small shapes are drawn four times larger and
reduced with Lanczos.
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageMath

# Fields are computed on a grid this many times coarser than the picture, then enlarged.
COARSE = 10
# Small shapes are drawn this many times larger, then reduced.
SUPERSAMPLE = 4


# --- colour helpers -------------------------------------------------------------------------

def rgb(colour) -> tuple[int, int, int]:
    return ImageColor.getrgb(colour) if isinstance(colour, str) else tuple(colour)


def mix(a, b, t: float) -> tuple[int, int, int]:
    a, b = rgb(a), rgb(b)
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def ramp(colours, t: float) -> tuple[int, int, int]:
    """The colour at t in [0, 1] along a list of colours, interpolated linearly."""
    t = min(1.0, max(0.0, t)) * (len(colours) - 1)
    i = min(int(t), len(colours) - 2)
    return mix(colours[i], colours[i + 1], t - i)


def flat(size, colour) -> Image.Image:
    return Image.new("RGB", size, rgb(colour))


# --- float-field helpers (Pillow's "F" images and ImageMath) ---------------------------------

def evaluate(expression, **images) -> Image.Image:
    return ImageMath.lambda_eval(expression, **images)


def to_mask(field: Image.Image, scale: float = 1.0) -> Image.Image:
    """An "L" mask from a float image holding coverage in [0, 1] (clamped, rounded)."""
    return evaluate(lambda a: a["x"] * (255.0 * scale) + 0.5, x=field).convert("L")


def coverage(distance: Image.Image, offset: float = 0.5) -> Image.Image:
    """Coverage in [0, 1] from a signed distance in pixels (positive inside): a one-pixel rim."""
    return evaluate(lambda a: a["min"](a["max"](a["d"] + offset, 0.0), 1.0), d=distance)


def coarse_image(values: list[float], width: int, height: int) -> Image.Image:
    image = Image.new("F", (width, height))
    image.putdata(values)
    return image


def enlarge(values: list[float], coarse_size, size) -> Image.Image:
    """A field computed at the centres of a coarse grid, enlarged bicubically to `size`."""
    return coarse_image(values, *coarse_size).resize(size, Image.Resampling.BICUBIC)


def row_image(values: list[float], size) -> Image.Image:
    """A float image whose every row holds `values` (one per column)."""
    return coarse_image(values, size[0], 1).resize(size, Image.Resampling.NEAREST)


def column_image(values: list[float], size) -> Image.Image:
    """A float image whose every column holds `values` (one per row)."""
    return coarse_image(values, 1, size[1]).resize(size, Image.Resampling.NEAREST)


def falloff(dx: float, dy: float) -> float:
    """1 at the centre of an ellipse (dx, dy in units of its radii), easing to 0 at its rim."""
    t = 1.0 - min(1.0, math.sqrt(dx * dx + dy * dy))
    return t * t * (3 - 2 * t)


def backdrop(size, stops, angle_degrees: float = 90.0, glows=()) -> Image.Image:
    """A smooth background: a gradient through `stops` along `angle_degrees` (90: downwards),
    tinted by soft elliptical glows (centre, radii, colour, strength). Computed in floating
    point and rounded once, so its 8-bit steps are smooth curves."""
    cw, ch = size[0] // COARSE, size[1] // COARSE
    ux, uy = math.cos(math.radians(angle_degrees)), math.sin(math.radians(angle_degrees))
    extent = abs(ux) * size[0] + abs(uy) * size[1]
    glows = [((cx, cy), (rx, ry), rgb(colour), strength) for (cx, cy), (rx, ry), colour, strength in glows]
    channels = [[], [], []]
    for j in range(ch):
        y = (j + 0.5) * COARSE
        for i in range(cw):
            x = (i + 0.5) * COARSE
            colour = ramp_float(stops, 0.5 + ((x - size[0] / 2) * ux + (y - size[1] / 2) * uy) / extent)
            for (cx, cy), (rx, ry), tint, strength in glows:
                g = falloff((x - cx) / rx, (y - cy) / ry) * strength
                if g:
                    colour = tuple(c + (t - c) * g for c, t in zip(colour, tint))
            for channel, value in zip(channels, colour):
                channel.append(value)
    return Image.merge("RGB", [to_mask(enlarge(c, (cw, ch), size), 1 / 255) for c in channels])


def ramp_float(colours, t: float) -> tuple[float, float, float]:
    t = min(1.0, max(0.0, t)) * (len(colours) - 1)
    i = min(int(t), len(colours) - 2)
    a, b, f = rgb(colours[i]), rgb(colours[i + 1]), t - i
    return tuple(x + (y - x) * f for x, y in zip(a, b))


def paint(picture: Image.Image, colour, mask: Image.Image) -> Image.Image:
    return Image.composite(flat(picture.size, colour), picture, mask)


# --- supersampled stamps ------------------------------------------------------------------

def stamp(size, centre, radius: float, width: float | None = None) -> tuple[Image.Image, tuple]:
    """An anti-aliased disc (or ring of `width` pixels) as a small mask and its place."""
    cx, cy = centre
    reach = radius + (width or 0) / 2 + 3
    left, top = math.floor(cx - reach), math.floor(cy - reach)
    side = math.ceil(2 * reach) + 2
    big = Image.new("L", (side * SUPERSAMPLE, side * SUPERSAMPLE), 0)
    ox, oy = (cx - left) * SUPERSAMPLE, (cy - top) * SUPERSAMPLE
    r = radius * SUPERSAMPLE
    draw = ImageDraw.Draw(big)
    if width is None:
        draw.ellipse((ox - r, oy - r, ox + r, oy + r), fill=255)
    else:
        w = width * SUPERSAMPLE / 2
        draw.ellipse((ox - r - w, oy - r - w, ox + r + w, oy + r + w), fill=255)
        draw.ellipse((ox - r + w, oy - r + w, ox + r - w, oy + r - w), fill=0)
    return big.resize((side, side), Image.Resampling.LANCZOS), (left, top)


def put(picture: Image.Image, colour, mask: Image.Image, place, opacity: float = 1.0) -> None:
    if opacity < 1:
        mask = mask.point(lambda v: round(v * opacity))
    picture.paste(rgb(colour), (*place, place[0] + mask.width, place[1] + mask.height), mask)


def put_mask(canvas: Image.Image, mask: Image.Image, place) -> None:
    """Add a stamp into a full-size mask (keeping the larger value)."""
    box = (*place, place[0] + mask.width, place[1] + mask.height)
    canvas.paste(ImageChops.lighter(canvas.crop(box), mask), box)


def soft_spot(centre, radius: float) -> tuple[Image.Image, tuple]:
    """A soft round glow as a small mask and its place: 255 in the middle, fading smoothly
    (with no visible rim) to 0 at `radius`."""
    cx, cy = centre
    left, top = math.floor(cx - radius) - 1, math.floor(cy - radius) - 1
    side = math.ceil(2 * radius) + 3
    cells = max(8, side // 8)
    cell = side / cells
    values = []
    for j in range(cells):
        y = top + (j + 0.5) * cell - cy
        for i in range(cells):
            x = left + (i + 0.5) * cell - cx
            q = max(0.0, 1 - (x * x + y * y) / (radius * radius))
            values.append(q * q * (3 - 2 * q))
    return to_mask(enlarge(values, (cells, cells), (side, side))), (left, top)


def diagonal_shade(centre, radius: float) -> tuple[Image.Image, tuple]:
    """A mask over a disc's square: 0 at its upper left, rising smoothly to 255 at its lower right."""
    cx, cy = centre
    left, top = math.floor(cx - radius), math.floor(cy - radius)
    side = math.ceil(2 * radius) + 2
    cells = max(8, side // 10)
    cell = side / cells
    values = []
    for j in range(cells):
        y = (top + (j + 0.5) * cell - cy) / radius
        for i in range(cells):
            x = (left + (i + 0.5) * cell - cx) / radius
            t = min(1.0, max(0.0, 0.5 + (0.6 * x + 0.8 * y) / 2.2))
            values.append(t * t * (3 - 2 * t))
    return to_mask(enlarge(values, (cells, cells), (side, side))), (left, top)


# --- height fields for the topographic maps ------------------------------------------------

def terrain(rng: random.Random, size):
    """A smooth organic height field (values, gradient x, gradient y) on the coarse grid."""
    width, height = size
    unit = height  # isotropic: lengths are fractions of the height
    bumps = []
    for k in range(3):  # the main high ground: two or three summits near the middle
        bumps.append((width * (0.5 + (k - 1) * 0.16 + rng.uniform(-0.06, 0.06)),
                      height * rng.uniform(0.38, 0.62),
                      unit * rng.uniform(0.17, 0.27), unit * rng.uniform(0.11, 0.19),
                      rng.uniform(0, math.pi), rng.uniform(0.6, 1.0)))
    for k in range(8):  # secondary hills and hollows around it
        bumps.append((width * rng.uniform(0.08, 0.92), height * rng.uniform(0.12, 0.88),
                      unit * rng.uniform(0.09, 0.2), unit * rng.uniform(0.07, 0.14),
                      rng.uniform(0, math.pi), rng.uniform(-0.3, 0.45)))
    prepared = []
    for x0, y0, sa, sb, angle, amplitude in bumps:
        c, s = math.cos(angle), math.sin(angle)
        prepared.append((x0, y0, c / sa, s / sa, -s / sb, c / sb, amplitude))
    warps = [(rng.uniform(0.6, 1.6) / unit, rng.uniform(0, math.tau), rng.uniform(0, math.tau),
              unit * rng.uniform(0.03, 0.06)) for _ in range(3)]
    tilt = (rng.uniform(-0.12, 0.12) / unit, rng.uniform(-0.12, 0.12) / unit)

    def height_at(x, y):
        wx = wy = 0.0
        for frequency, direction, phase, strength in warps:
            along = (x * math.cos(direction) + y * math.sin(direction)) * frequency * math.tau
            wx += strength * math.sin(along + phase)
            wy += strength * math.cos(along * 0.8 + phase * 1.3)
        x, y = x + wx, y + wy
        total = tilt[0] * (x - width / 2) + tilt[1] * (y - height / 2)
        for x0, y0, a, b, c, d, amplitude in prepared:
            dx, dy = x - x0, y - y0
            u, v = dx * a + dy * b, dx * c + dy * d
            q = u * u + v * v
            if q < 30:
                total += amplitude * math.exp(-q)
        return total

    cw, ch = width // COARSE, height // COARSE
    padded = [[height_at((i - 0.5) * COARSE, (j - 0.5) * COARSE) for i in range(cw + 2)]
              for j in range(ch + 2)]
    values, gx, gy = [], [], []
    for j in range(1, ch + 1):
        above, row, below = padded[j - 1], padded[j], padded[j + 1]
        for i in range(1, cw + 1):
            values.append(row[i])
            gx.append((row[i + 1] - row[i - 1]) / (2 * COARSE))
            gy.append((below[i] - above[i]) / (2 * COARSE))
    return values, gx, gy, (cw, ch)


def extrema(values: list[float], coarse) -> tuple[list[float], list[float]]:
    """The values of the strict local maxima and minima of a coarse field (inner cells only)."""
    cw, ch = coarse
    highs, lows = [], []
    for j in range(1, ch - 1):
        for i in range(1, cw - 1):
            v = values[j * cw + i]
            around = [values[(j + b) * cw + i + a] for a in (-1, 0, 1) for b in (-1, 0, 1) if a or b]
            if v > max(around):
                highs.append(v)
            elif v < min(around):
                lows.append(v)
    return highs, lows


def bend_heights(values: list[float], gx: list[float], gy: list[float]):
    """The heights rescaled to [0, 1] on a logarithmic scale, and their gradients on that scale."""
    lo, hi = min(values), max(values)
    # Normalise to [0, 1], then bend the scale so the lines spread over the lower ground too.
    # The bend: log(1 + k·v) / log(1 + k), with k chosen so the median height comes to 0.4.
    middle = (sorted(values)[len(values) // 2] - lo) / (hi - lo)
    low_k, high_k = 1e-3, 60.0
    for _ in range(40):
        k = (low_k + high_k) / 2
        low_k, high_k = (k, high_k) if math.log1p(k * middle) / math.log1p(k) < 0.4 else (low_k, k)
    k = min(k, 12.0)
    normalised = [math.log1p(k * (v - lo) / (hi - lo)) / math.log1p(k) for v in values]
    factor = [k / (1 + k * (v - lo) / (hi - lo)) / math.log1p(k) / (hi - lo) for v in values]
    gx = [g * f for g, f in zip(gx, factor)]
    gy = [g * f for g, f in zip(gy, factor)]
    return normalised, gx, gy
