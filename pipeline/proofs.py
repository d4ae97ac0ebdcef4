"""Proofs for quick review: every page of every PDF as a PNG, one contact sheet per PDF, and
how full each page is.

Fill is the share of the type area's height (the page less its margins) that the page's
content covers: the rows that carry ink, with the gaps between lines and paragraphs (under
5 mm) closed, so a paragraph counts as a block and white space as white space. A page of text
that runs to the foot is about 95 %; a page with one short paragraph at the top, 15 %.

A PDF for the press (one with a CMYK output intent: the print house's) is proofed in its inks:
poppler rasterises the pages as CMYK, unconverted, and littleCMS turns them into screen colour
through the output intent's profile (FOGRA39), relative colorimetric with black point
compensation. Poppler's own CMYK to RGB is a formula that knows no press: it shows the light
blue tint grey and the gold orange.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import pikepdf
from PIL import Image, ImageCms

from .config import Settings

RESOLUTION = 50  # dpi: enough to judge a layout, small enough to flip through
TYPE_AREA_MARGINS_MM = (22, 20, 22, 20)  # top, right, bottom, left: the layouts' own
PAPER_WHITE = 245  # lighter than this (in every channel) is paper
GAP_MM = 5  # gaps lower than this (between lines, paragraphs, a caption) are closed


def make_proofs(settings: Settings) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        raise SystemExit("proofs need pdftoppm: install the Debian package poppler-utils")
    folder = settings.output_folder
    sheets = []
    for pdf in sorted(folder.glob("*/*.pdf")):
        if settings.names and pdf.name not in settings.names:
            continue
        pages = folder / "proofs" / pdf.parent.name / pdf.stem
        if pages.exists():
            shutil.rmtree(pages)
        pages.mkdir(parents=True)
        pngs = render(pdf, pages)
        sheet = pages.with_suffix(".png")
        contact_sheet(pngs, sheet)
        shown = trimmed(pdf, pngs)
        fills = " ".join(f"{fill(page):.0%}" for page in shown)
        holes = " ".join(f"{largest_band(page):.0%}" for page in shown)
        sheets.append(f"{sheet}  fill per page: {fills}; largest white band: {holes}")
    return sheets


def render(pdf: Path, folder: Path, resolution: int = RESOLUTION) -> list[Path]:
    """Each page of a PDF as a PNG (poppler's pdftoppm), in page order; a PDF for the press
    in the colours its inks give on its paper (see the module's docstring)."""
    press = print_condition(pdf)
    if press is None:
        subprocess.run(["pdftoppm", "-png", "-r", str(resolution), str(pdf),
                        str(folder / "page")], check=True)
        return sorted(folder.glob("page-*.png"))
    # -overprint makes pdftoppm keep the page's inks (a CMYK raster) instead of converting.
    subprocess.run(["pdftoppm", "-tiff", "-tiffcompression", "lzw", "-overprint", "-r",
                    str(resolution), str(pdf), str(folder / "inks")], check=True)
    for inks in sorted(folder.glob("inks-*.tif")):
        with Image.open(inks) as page:
            ImageCms.applyTransform(page, _to_screen(press)).save(
                folder / inks.with_suffix(".png").name.replace("inks-", "page-", 1))
        inks.unlink()
    return sorted(folder.glob("page-*.png"))


def print_condition(pdf: Path) -> bytes | None:
    """The ICC profile of a PDF's CMYK output intent (the press it is made for), or None."""
    with pikepdf.open(pdf) as document:
        for intent in document.Root.get("/OutputIntents", []):
            profile = intent.get("/DestOutputProfile")
            if profile is not None and int(profile.get("/N", 0)) == 4:
                return profile.read_bytes()
    return None


@lru_cache(maxsize=4)
def _to_screen(press: bytes) -> ImageCms.ImageCmsTransform:
    """The press's inks to sRGB: relative colorimetric, so the paper shows as white, with
    black point compensation, so the press's shadows keep their detail on screen."""
    return ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(BytesIO(press)), ImageCms.createProfile("sRGB"), "CMYK", "RGB",
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
        flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def trimmed(pdf: Path, pngs: list[Path], resolution: int = RESOLUTION) -> list[Image.Image]:
    """The rendered pages cut to their trim (TrimBox): a print PDF's page also shows its
    bleed and slug, which the type area's margins are not measured from."""
    with pikepdf.open(pdf) as document:
        boxes = [([float(v) for v in page.obj.MediaBox],
                  [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)])
                 for page in document.pages]
    pages = []
    for png, (media, trim) in zip(pngs, boxes):
        page, px = Image.open(png), resolution / 72
        pages.append(page.crop((round((trim[0] - media[0]) * px), round((media[3] - trim[3]) * px),
                                page.width - round((media[2] - trim[2]) * px),
                                page.height - round((trim[1] - media[1]) * px))))
    return pages


def page_fills(pdf: Path) -> list[float]:
    """How full each page of a PDF is (see the module's docstring)."""
    with tempfile.TemporaryDirectory() as scratch:
        return [fill(page) for page in trimmed(pdf, render(pdf, Path(scratch)))]


def fill(page: Image.Image, resolution: int = RESOLUTION) -> float:
    """The share of the type area's height of one rendered page that content covers."""
    px = resolution / 25.4
    rows = _inked_rows(page, resolution)
    gap, covered, last = round(GAP_MM * px), 0, None
    for y, inked in enumerate(rows):
        if inked:
            covered += 1 + (y - last - 1 if last is not None and y - last - 1 < gap else 0)
            last = y
    return covered / len(rows)


def largest_band(page: Image.Image, resolution: int = RESOLUTION) -> float:
    """The tallest band of the type area with no ink across it, as a share of its height:
    the white a reader sees as a hole (0 for a page set to its foot, 1 for a blank page)."""
    tallest = run = 0
    for inked in _inked_rows(page, resolution):
        run = 0 if inked else run + 1
        tallest = max(tallest, run)
    return tallest / len(_inked_rows(page, resolution))


def _inked_rows(page: Image.Image, resolution: int) -> list[bool]:
    """For each row of the type area, whether anything darker than paper is on it."""
    px = resolution / 25.4
    top, right, bottom, left = (round(m * px) for m in TYPE_AREA_MARGINS_MM)
    area = page.convert("L").crop((left, top, page.width - right, page.height - bottom))
    return [area.crop((0, y, area.width, y + 1)).getextrema()[0] < PAPER_WHITE
            for y in range(area.height)]


def contact_sheet(pngs: list[Path], target: Path, columns: int = 6, gap: int = 8) -> None:
    images = [Image.open(p) for p in pngs]
    width = max(i.width for i in images)
    height = max(i.height for i in images)
    rows = -(-len(images) // columns)
    sheet = Image.new("RGB", (min(columns, len(images)) * (width + gap) + gap,
                              rows * (height + gap) + gap), "#8a8f98")
    for index, image in enumerate(images):
        sheet.paste(image, (gap + (index % columns) * (width + gap),
                            gap + (index // columns) * (height + gap)))
    sheet.save(target)
