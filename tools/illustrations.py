"""Generate the edition's sample illustrations (abstract, map-like pictures) under assets/images.

Not a build stage: the seed's photographs are not available, so this script draws stand-ins
at a realistic photo size. Its results are committed; the image records in sources/images
credit them as illustrations. Run with `make illustrations`; the same seed gives the same pixels.

Everything is anti-aliased (see drawing.py); there is no grain or noise texture. The
interesting part of each picture sits in its middle, so every slot's crop (from 3.7:1 to 1.2:1)
keeps it.
"""

from __future__ import annotations

import itertools
import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw

from .drawing import (COARSE, backdrop, bend_heights, column_image, coverage, diagonal_shade,
                              enlarge, evaluate, extrema, falloff, flat, mix, paint, put, put_mask, ramp,
                              rgb, row_image, soft_spot, stamp, terrain, to_mask)

SIZE = (3000, 2000)
# The cover fills a 210×178 mm slot (216×181 mm with the print house's bleed): it needs more
# pixels than a photo placed in the text to reach 300 ppi.
COVER_SIZE = (4500, 3000)

BLUE, NAVY, GOLD, SAND = "#1f3a68", "#0f213f", "#e0a526", "#f3e3c0"
PALETTES = {
    "blue-gold": ["#0f213f", "#1f3a68", "#35598f", "#6f8fbf", "#b9c9e2", "#e0a526"],
    "blue-green": ["#12303a", "#1d4d52", "#2f7165", "#5e9a7c", "#a9cca0", "#e6efd6"],
    "teal": ["#0d2e36", "#15505a", "#23737a", "#4f9d9c", "#98c9c2", "#e1f0ec"],
    "orange-blue": ["#1f3a68", "#e07a26", "#e0a526", "#35598f", "#f0b85c", "#6f8fbf"],
    "warm": ["#5a2a12", "#9a4a1c", "#d07a2e", "#e0a526", "#f0cf8a", "#f7ead0"],
    "violet": ["#1b1f4a", "#2e3a7a", "#5a4f9a", "#8a7fc0", "#c2bce0", "#eceaf7"],
    "red-gold": ["#3a0f16", "#7a1f2a", "#b8372f", "#e0a526", "#f0cf8a", "#faf1dc"],
    "green": ["#0f2a1c", "#1e4d33", "#2f7a4e", "#5fa572", "#a8d3a4", "#e5f2df"],
}

# (image id, style, palette): one per image record in sources/images (chapter-: to open one).
ILLUSTRATIONS = [
    ("cover-2017", "contours", "blue-gold"),
    ("sierra-leone-policy", "contours", "blue-gold"),
    ("central-african-republic-policy", "contours", "blue-green"),
    ("malawi-policy", "contours", "teal"),
    ("cote-d-ivoire-diaspora", "circles:6", "orange-blue"),
    ("mauritius-pillars", "circles:4", "blue-gold"),
    ("costa-rica-study-visit", "network", "blue-gold"),
    ("mexico-coordination", "network", "green"),
    ("niger-youth-guide", "waves", "warm"),
    ("moldova-toolkit", "waves", "violet"),
    ("cartagena-network-meeting", "network", "red-gold"),
    ("philippines-handbook", "waves", "teal"),
    ("chapter-governance", "contours", "violet"),
    ("chapter-development", "circles:5", "blue-gold"),
    ("chapter-cohesion", "network", "teal"),
    ("chapter-communication", "waves", "blue-green"),
    ("chapter-cooperation", "contours", "red-gold"),
    ("chapter-outlook", "circles:3", "orange-blue"),
]


# --- contours: a soft topographic map ---------------------------------------------------------

def contours(rng: random.Random, palette: list[str], size, accent: str | None) -> Image.Image:
    values, gx, gy, coarse = terrain(rng, size)
    values, gx, gy = bend_heights(values, gx, gy)
    scale = size[0] / 3000  # line widths grow with the picture
    levels = 15
    step = 1.0 / levels
    offset = _level_offset(values, coarse, step)

    field = enlarge(values, coarse, size)
    slope = enlarge([math.hypot(a, b) for a, b in zip(gx, gy)], coarse, size)
    slope = evaluate(lambda a: a["max"](a["g"], step / 600.0), g=slope)
    # t: the field in contour intervals (one added so it stays positive); the nearest line's
    # number; the signed distance to it in pixels; the distance between lines in pixels.
    t = evaluate(lambda a: (a["f"] - offset) / step + 1.0, f=field)
    nearest = evaluate(lambda a: a["float"](a["int"](a["t"] + 0.5)), t=t)
    distance = evaluate(lambda a: (a["t"] - a["n"]) * step / a["g"], t=t, n=nearest, g=slope)
    spacing = evaluate(lambda a: step / a["g"], g=slope)
    # One level drawn as an accent line around the high ground.
    level = offset + round(levels * 0.7) * step
    accent_distance = evaluate(lambda a: (a["f"] - level) / a["g"], f=field, g=slope)

    picture = _contour_bands(palette[:4], levels, nearest, distance)
    picture, vignette = _contour_shading(picture, palette[0], gx, gy, coarse, size, 180 * scale)
    return _contour_lines(picture, palette, accent, 1.25 * scale, distance, spacing, nearest,
                          accent_distance, vignette)


def _level_offset(values: list[float], coarse, step: float) -> float:
    # Shift the levels so no line passes just below a summit or just above a hollow (which
    # would draw a speck or a tiny loop there).
    highs, lows = extrema(values, coarse)

    def margin(offset):
        room = [(v - offset) % step for v in highs + lows]
        return min((min(r, step - r) for r in room), default=step)

    return max((step * i / 40 for i in range(40)), key=margin)


def _contour_bands(tints: list[str], levels: int, nearest, distance) -> Image.Image:
    # Hypsometric tints: one flat colour per band, the band edges anti-aliased.
    band_colours = [ramp(tints, 0.08 + 0.9 * ((k - 1) / levels) ** 0.9 if k > 0 else 0.05)
                    for k in range(levels + 3)]
    upper_index = nearest.convert("I").convert("L")  # the band above the nearest line
    lower_index = upper_index.point(lambda v: max(0, v - 1))

    def band_picture(index):
        return Image.merge("RGB", [index.point([band_colours[min(v, levels + 2)][c] for v in range(256)])
                                   for c in range(3)])

    return Image.composite(band_picture(upper_index), band_picture(lower_index),
                           to_mask(coverage(distance)))


def _contour_shading(picture: Image.Image, darkest: str, gx, gy, coarse, size,
                     relief: float) -> tuple[Image.Image, Image.Image]:
    """The picture shaded, and the vignette it was darkened with (the lines fade with it too)."""
    # Soft relief shading (light from the upper left) and a gentle darkening towards the
    # corners, applied in floating point and rounded once.
    width, height = size
    cw = coarse[0]
    lighting, vignette = [], []
    for n, (a, b) in enumerate(zip(gx, gy)):
        x, y = (n % cw + 0.5) * COARSE, (n // cw + 0.5) * COARSE
        lighting.append(1.0 + 0.16 * max(-1.0, min(1.0, (a + b) * 0.7 * relief)))
        vignette.append(0.45 * (1.0 - falloff((x - width / 2) / (width * 0.8),
                                              (y - height / 2) / (height * 0.95))))
    lighting, vignette = enlarge(lighting, coarse, size), enlarge(vignette, coarse, size)
    picture = Image.merge("RGB", [
        evaluate(lambda a, dark=dark: a["c"] * a["l"] * (1.0 - a["v"]) + a["v"] * dark + 0.5,
                 c=channel.convert("F"), l=lighting, v=vignette).convert("L")
        for channel, dark in zip(picture.split(), rgb(darkest))])
    return picture, vignette


def _contour_lines(picture: Image.Image, palette: list[str], accent: str | None, half: float,
                   distance, spacing, nearest, accent_distance, vignette) -> Image.Image:
    # The lines: thin and light, every fourth a little wider and brighter; faded out where
    # they would crowd together (never closer than about 14 px), and towards the corners.
    line = evaluate(
        lambda a: a["min"](a["max"](half * (1.0 + 0.9 * a["i"]) + 0.5 - abs(a["d"]), 0.0), 1.0)
        * a["min"](a["max"]((a["s"] - 14.0) / 18.0, 0.0), 1.0) * (0.4 + 0.2 * a["i"])
        * (1.0 - a["v"]), d=distance, s=spacing, v=vignette,
        i=evaluate(lambda a: a["float"](a["equal"](a["int"](a["n"]) % 4, 2)), n=nearest))
    line_colour = mix(palette[-2] if palette[-1] == GOLD else palette[-1], "#ffffff", 0.35)
    picture = paint(picture, line_colour, to_mask(line))
    accent_line = evaluate(lambda a: a["min"](a["max"](half * 2.2 + 0.5 - abs(a["d"]), 0.0), 1.0)
                           * (1.0 - a["v"]), d=accent_distance, v=vignette)
    return paint(picture, accent or line_colour, to_mask(accent_line, 0.95 if accent else 0.75))


# --- circles: overlapping translucent discs, joined where they meet --------------------------

# Per palette: the two alternating disc colours and the colour where neighbours overlap.
CIRCLE_COLOURS = {
    "orange-blue": ("#e07a26", "#6f8fbf", "#f0b85c"),
    "blue-gold": ("#35598f", "#6f8fbf", GOLD),
}


def circles(rng: random.Random, palette: list[str], count: int, size, colours) -> Image.Image:
    width, height = size
    base = palette[0]
    picture = backdrop(size, [mix(base, "#000000", 0.25), base, mix(base, colours[1], 0.2)], 75,
                       [((width / 2, height / 2), (width * 0.55, height * 0.65),
                         mix(base, colours[1], 0.45), 0.6)])

    first, second, meeting = colours
    # Faint concentric rings behind the row, like ripples from a shared centre.
    xs = row_image([x + 0.5 for x in range(width)], size)
    ys = column_image([y + 0.5 for y in range(height)], size)
    centre = (width / 2, height / 2)
    reach = evaluate(lambda a: ((a["x"] - centre[0]) ** 2.0 + (a["y"] - centre[1]) ** 2.0) ** 0.5, x=xs, y=ys)
    for k in range(5):
        ring_radius = height * (0.3 + 0.17 * k)
        ring = evaluate(lambda a, at=ring_radius: a["min"](a["max"](1.6 - abs(a["r"] - at), 0.0), 1.0),
                        r=reach)
        picture = paint(picture, mix(base, "#ffffff", 0.6), to_mask(ring, 0.16 - 0.025 * k))
    radius = height * (0.115 if count > 4 else 0.17)  # the row stays within a 1.2:1 crop
    spacing = radius * (1.52 if count > 4 else 1.5)
    span = spacing * (count - 1)
    centres = []
    for i in range(count):
        u = i / (count - 1) * 2 - 1  # from -1 to 1
        centres.append((width / 2 + span * u / 2,
                        height * (0.475 + 0.05 * u * u + rng.uniform(-0.008, 0.008))))
    light = mix(palette[-1] if palette[-1] != GOLD else palette[4], "#ffffff", 0.6)

    masks = []
    for i, centre in enumerate(centres):
        mask = Image.new("L", size, 0)
        put_mask(mask, *stamp(size, centre, radius))
        masks.append(mask)
        colour = first if i % 2 == 0 else second
        # Each disc: its colour, lighter towards the upper left, four fifths opaque.
        shade, place = diagonal_shade(centre, radius + 4)
        box = (*place, place[0] + shade.width, place[1] + shade.height)
        fill = Image.composite(flat(shade.size, mix(colour, base, 0.2)),
                               flat(shade.size, mix(colour, "#ffffff", 0.18)), shade)
        region = Image.composite(fill, picture.crop(box), mask.crop(box).point(lambda v: round(v * 0.86)))
        picture.paste(region, box)
    # Where neighbours overlap: a luminous lens.
    for a, b in itertools.pairwise(masks):
        lens = ImageChops.multiply(a, b).point(lambda v: round(v * 0.88))
        picture = paint(picture, mix(meeting, "#ffffff", 0.12), lens)
    # Thin light outlines.
    for centre in centres:
        put(picture, light, *stamp(size, centre, radius, 2.6 * width / 3000), opacity=0.55)
    return picture


# --- network: nodes joined by calm lines ------------------------------------------------------

def network(rng: random.Random, palette: list[str], size) -> Image.Image:
    width, height = size
    picture = backdrop(size, [palette[0], mix(palette[0], palette[1], 0.6), palette[0]], 60,
                       [((width / 2, height / 2), (width * 0.55, height * 0.7), palette[2], 0.5)])
    gap = width * 0.062
    nodes, depth = _place_nodes(rng, size, gap)
    centrality = [_centrality(node, size) for node in nodes]
    links = _choose_links(nodes, gap)
    degree = [sum(k in link for link in links) for k in range(len(nodes))]
    light = mix(palette[-1] if palette[-1] != GOLD else palette[4], "#ffffff", 0.3)
    picture = paint(picture, light, _link_mask(size, nodes, depth, centrality, links))
    _draw_nodes(picture, palette, light, nodes, depth, centrality, degree)
    return picture


def _place_nodes(rng: random.Random, size, gap: float) -> tuple[list[tuple[float, float]], list[float]]:
    width, height = size
    # Nodes: spread evenly (no two too close), denser towards the middle band; each with a
    # depth that makes it a little smaller and fainter.
    nodes: list[tuple[float, float]] = []
    depth: list[float] = []
    tries = 0
    while len(nodes) < 54 and tries < 20000:
        tries += 1
        x, y = rng.uniform(width * 0.04, width * 0.96), rng.uniform(height * 0.08, height * 0.92)
        weight = math.exp(-((y - height / 2) / (height * 0.26)) ** 2) \
            * math.exp(-((x - width / 2) / (width * 0.55)) ** 4)
        if rng.random() > weight:
            continue
        if all((x - a) ** 2 + (y - b) ** 2 > gap * gap for a, b in nodes):
            nodes.append((x, y))
            depth.append(rng.uniform(0.45, 1.0))
    return nodes, depth


def _centrality(node, size) -> float:
    """1 at the middle of the picture, fading towards its edges."""
    (x, y), (width, height) = node, size
    return math.exp(-((x - width / 2) / (width * 0.42)) ** 2 - ((y - height / 2) / (height * 0.32)) ** 2)


def _choose_links(nodes: list[tuple[float, float]], gap: float) -> list[tuple[int, int]]:
    # Links: each node to its nearest neighbours, never crossing another link.
    def crosses(p, q, r, s):
        def side(a, b, c):
            return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        if {p, q} & {r, s}:
            return False
        return side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0

    candidates = set()
    for i, p in enumerate(nodes):
        near = sorted(range(len(nodes)), key=lambda j: math.dist(p, nodes[j]))
        for j in near[1:4]:
            length = math.dist(p, nodes[j])
            if length < gap * 2.8:
                candidates.add((length, min(i, j), max(i, j)))
    links: list[tuple[int, int]] = []
    for _, i, j in sorted(candidates):
        if (i, j) not in links and not any(crosses(nodes[i], nodes[j], nodes[a], nodes[b]) for a, b in links):
            links.append((i, j))
    return links


def _link_mask(size, nodes, depth, centrality, links) -> Image.Image:
    width, height = size
    scale = width / 3000
    # All links on one supersampled mask; a link's brightness and weight follow its place and depth.
    big = Image.new("L", (width * 2, height * 2), 0)
    draw = ImageDraw.Draw(big)
    weighted = []
    for i, j in links:
        c = (centrality[i] + centrality[j]) / 2
        near = min(depth[i], depth[j])
        weighted.append((c * near, i, j, (1.8 + 2.4 * c) * (0.7 + 0.3 * near) * scale,
                         0.22 + 0.55 * c * near ** 0.5))
    for _, i, j, line_width, opacity in sorted(weighted):
        (x1, y1), (x2, y2) = nodes[i], nodes[j]
        draw.line((x1 * 2, y1 * 2, x2 * 2, y2 * 2), fill=round(255 * opacity),
                  width=max(1, round(line_width * 2)))
    return big.resize(size, Image.Resampling.LANCZOS)


def _draw_nodes(picture: Image.Image, palette: list[str], light, nodes, depth, centrality, degree) -> None:
    size = picture.size
    scale = size[0] / 3000
    # Nodes: most small and light; a few well-connected central ones larger, in the accent
    # colour, with a soft glow and a thin ring around them.
    accent = GOLD if GOLD in palette else palette[3]
    ranked = sorted((k for k in range(len(nodes)) if degree[k]),
                    key=lambda k: -(degree[k] + 2.5 * centrality[k]) * depth[k])
    hubs = set(ranked[:4])
    for k in ranked:
        p, z, c = nodes[k], depth[k], centrality[k]
        if k in hubs:
            radius = (19 + 2.5 * degree[k]) * scale
            put(picture, accent, *soft_spot(p, radius * 4.2), opacity=0.3)
            put(picture, palette[0], *stamp(size, p, radius + 3 * scale), opacity=0.5)
            put(picture, accent, *stamp(size, p, radius))
            put(picture, accent, *stamp(size, p, radius * 1.8, 2.2 * scale), opacity=0.5)
        else:
            radius = (7 + 2 * degree[k] + 5 * c) * (0.65 + 0.35 * z) * scale
            put(picture, palette[0], *stamp(size, p, radius + 3 * scale), opacity=0.6)
            put(picture, mix(palette[1], light, 0.5 + 0.5 * z * (0.6 + 0.4 * c)), *stamp(size, p, radius))


# --- waves: layered horizon ribbons -------------------------------------------------------------

def waves(rng: random.Random, palette: list[str], size) -> Image.Image:
    width, height = size
    picture = backdrop(size, [palette[-1], mix(palette[-1], palette[-2], 0.7)], 90,
                       [((width * 0.5, height * 0.3), (width * 0.5, height * 0.45), "#ffffff", 0.3)])
    ys = column_image([y + 0.5 for y in range(height)], size)
    layers = 5
    behind: list[float] = []
    for layer in range(layers):
        level = height * (0.33 + 0.4 * layer / (layers - 1))
        terms = [(height * rng.uniform(0.02, 0.05) * (1 - 0.3 * n), width * rng.uniform(1.1, 2.4) / (n + 1),
                  rng.uniform(0, math.tau)) for n in range(3)]
        crest = [level + sum(amplitude * math.sin(phase + math.tau * x / period)
                             for amplitude, period, phase in terms) for x in range(width)]
        if layer:
            # Never closer to the ribbon behind than `gap`: a smooth maximum, so no kinks and
            # no thin slivers where two crests would cross.
            gap, ease = height * 0.05, height * 0.04
            crest = [(a + b + math.sqrt((a - b) ** 2 + ease * ease)) / 2
                     for a, b in zip(crest, (y + gap for y in behind))]
        behind = crest
        # 1/√(1 + y′²) turns vertical distances to the crest into true distances.
        slope = [1 / math.sqrt(1 + ((crest[min(x + 1, width - 1)] - crest[max(x - 1, 0)]) / 2) ** 2)
                 for x in range(width)]
        distance = evaluate(lambda a: (a["y"] - a["c"]) * a["k"], y=ys, c=row_image(crest, size),
                            k=row_image(slope, size))
        # A soft shadow on what lies behind, just above the crest.
        softness = 60.0 + 30 * layer
        shadow = evaluate(lambda a, s=softness: a["min"](a["max"](1.0 + a["d"] / s, 0.0), 1.0) ** 2.0,
                          d=distance)
        picture = paint(picture, palette[0], to_mask(shadow, 0.14 if layer else 0.07))
        # The ribbon: lighter at its crest, deeper below.
        top = ramp(palette[1:-1][::-1], (layer + 0.5) / layers)
        bottom = mix(ramp(palette[:-1][::-1], (layer + 1.2) / layers), palette[0], 0.2)
        depth = height * 0.35
        shade = to_mask(evaluate(lambda a, s=depth: a["min"](a["max"](a["d"] / s, 0.0), 1.0) ** 0.8,
                                 d=distance))
        ribbon = Image.composite(flat(size, bottom), flat(size, top), shade)
        picture = Image.composite(ribbon, picture, to_mask(coverage(distance)))
        # A fine light line along the crest.
        line = evaluate(lambda a: a["min"](a["max"](1.9 - abs(a["d"] - 1.6), 0.0), 1.0), d=distance)
        picture = paint(picture, mix(palette[-1], "#ffffff", 0.5), to_mask(line, 0.5))
    return picture


# --- entry points ------------------------------------------------------------------------------

def draw_illustration(image_id: str, style: str, palette_name: str) -> Image.Image:
    rng = random.Random(image_id)
    palette = PALETTES[palette_name]
    size = COVER_SIZE if image_id.startswith("cover") else SIZE
    kind, _, argument = style.partition(":")
    if kind == "contours":
        return contours(rng, palette, size, GOLD if GOLD in palette else None)
    if kind == "circles":
        colours = CIRCLE_COLOURS.get(palette_name, (palette[2], palette[3], palette[-1]))
        return circles(rng, palette, int(argument or 5), size, colours)
    if kind == "network":
        return network(rng, palette, size)
    return waves(rng, palette, size)


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for image_id, style, palette in ILLUSTRATIONS:
        target = folder / f"{image_id}.jpg"
        picture = draw_illustration(image_id, style, palette)
        picture.save(target, "JPEG", quality=90, optimize=True, subsampling=0, dpi=(300, 300))
        print(f"{target}  {picture.width}×{picture.height}  {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("assets/images"))
