"""Generate the edition's sample illustrations (abstract, map-like pictures) under assets/images.

Not a build stage: the seed's photographs are not available, so this script draws stand-ins
at a realistic photo size. Its results are committed; the image records in sources/images
credit them as illustrations. Run with `make illustrations`; the same seed gives the same pixels.
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

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

# (image id, style, palette): one per image record in sources/images.
ILLUSTRATIONS = [
    ("cover-2017", "contours", "blue-gold"),
    ("sierra-leone-policy", "contours", "blue-gold"),
    ("central-african-republic-policy", "contours", "blue-green"),
    ("malawi-policy", "contours", "teal"),
    ("cote-d-ivoire-diaspora", "pillars:6", "orange-blue"),
    ("mauritius-pillars", "pillars:4", "blue-gold"),
    ("costa-rica-study-visit", "network", "blue-gold"),
    ("mexico-coordination", "network", "green"),
    ("niger-youth-guide", "waves", "warm"),
    ("moldova-toolkit", "waves", "violet"),
    ("cartagena-network-meeting", "network", "red-gold"),
    ("philippines-handbook", "waves", "teal"),
]


def smooth_field(rng: random.Random, size, octaves=((4, 3, 1.0), (9, 6, 0.45), (20, 13, 0.2))) -> Image.Image:
    """A smooth grey-level field made by enlarging small random grids (value noise)."""
    field = Image.new("F", size, 0.0)
    total = sum(weight for *_, weight in octaves)
    for width, height, weight in octaves:
        grid = Image.new("F", (width, height))
        grid.putdata([rng.random() for _ in range(width * height)])
        layer = grid.resize(size, Image.Resampling.BICUBIC)
        field = ImageChops.add(field.convert("L"), layer.point(lambda v, w=weight / total: v * w * 255).convert("L")).convert("F")
    return field.convert("L")


def contours(rng: random.Random, palette: list[str], size) -> Image.Image:
    field = smooth_field(rng, size)
    lo, hi = field.getextrema()
    bands = len(palette) + 3
    step = max(1, (hi - lo + 1) / bands)
    banded = field.point(lambda v: min(bands - 1, int((v - lo) / step)))
    colours = [palette[min(i * len(palette) // bands, len(palette) - 1)] for i in range(bands)]
    flat = Image.new("P", size)
    flat.putpalette(sum((list(Image.new("RGB", (1, 1), c).getpixel((0, 0))) for c in colours), []))
    flat.paste(banded)
    picture = flat.convert("RGB")
    lines = banded.point(lambda v: v * 40).filter(ImageFilter.FIND_EDGES).point(lambda v: 255 if v else 0)
    lines = lines.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(1.2))
    picture.paste(Image.new("RGB", size, "#f7f3ea"), mask=lines.point(lambda v: v * 0.55))
    return picture


def pillars(rng: random.Random, palette: list[str], count: int, size) -> Image.Image:
    picture = gradient(size, palette[0], palette[-1] if palette[-1] != palette[0] else SAND)
    draw = ImageDraw.Draw(picture)
    margin, gap = 260, 70
    width = (size[0] - 2 * margin - (count - 1) * gap) / count
    base = size[1] - 260
    for i in range(count):
        left = margin + i * (width + gap)
        top = base - rng.uniform(0.45, 0.85) * (size[1] - 520)
        colour = palette[1 + i % (len(palette) - 1)]
        draw.rounded_rectangle((left, top, left + width, base), radius=36, fill=colour)
        draw.rectangle((left, top + 60, left + width, top + 84), fill=SAND)
    draw.rectangle((margin - 40, base, size[0] - margin + 40, base + 40), fill=SAND)
    return picture


def network(rng: random.Random, palette: list[str], size) -> Image.Image:
    picture = gradient(size, palette[0], palette[1])
    draw = ImageDraw.Draw(picture)
    points = [(rng.uniform(120, size[0] - 120), rng.uniform(120, size[1] - 120)) for _ in range(46)]
    for i, (x1, y1) in enumerate(points):
        near = sorted(points[:i] + points[i + 1:], key=lambda p: (p[0] - x1) ** 2 + (p[1] - y1) ** 2)[:3]
        for x2, y2 in near:
            draw.line((x1, y1, x2, y2), fill=palette[-2], width=7)
    for x, y in points:
        radius = rng.choice((18, 26, 40, 58))
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.choice(palette[2:]))
    return picture


def waves(rng: random.Random, palette: list[str], size) -> Image.Image:
    picture = gradient(size, palette[-1], palette[-2])
    draw = ImageDraw.Draw(picture)
    layers = len(palette) - 1
    for layer in range(layers):
        level = size[1] * (0.25 + 0.6 * layer / layers)
        amplitude = rng.uniform(60, 180)
        period = rng.uniform(900, 2200)
        phase = rng.uniform(0, math.tau)
        outline = [(x, level + amplitude * math.sin(phase + math.tau * x / period)) for x in range(0, size[0] + 20, 20)]
        draw.polygon(outline + [(size[0], size[1]), (0, size[1])], fill=palette[layers - 1 - layer])
    return picture


def gradient(size, top: str, bottom: str) -> Image.Image:
    ramp = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


def draw_illustration(image_id: str, style: str, palette_name: str) -> Image.Image:
    rng = random.Random(image_id)
    palette = PALETTES[palette_name]
    size = COVER_SIZE if image_id.startswith("cover") else SIZE
    kind, _, argument = style.partition(":")
    if kind == "contours":
        picture = contours(rng, palette, size)
    elif kind == "pillars":
        picture = pillars(rng, palette, int(argument), size)
    elif kind == "network":
        picture = network(rng, palette, size)
    else:
        picture = waves(rng, palette, size)
    # A fine grain, so the picture compresses and prints like a photograph, not a flat graphic.
    grain = Image.new("L", (size[0] // 4, size[1] // 4))
    grain.putdata([rng.randrange(256) for _ in range(grain.width * grain.height)])
    return Image.blend(picture, grain.resize(size, Image.Resampling.BILINEAR).convert("RGB"), 0.05)


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for image_id, style, palette in ILLUSTRATIONS:
        target = folder / f"{image_id}.jpg"
        picture = draw_illustration(image_id, style, palette)
        picture.save(target, "JPEG", quality=88, optimize=True, dpi=(300, 300))
        print(f"{target}  {picture.width}×{picture.height}  {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("assets/images"))
