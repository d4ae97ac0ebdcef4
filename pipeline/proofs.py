"""Proofs for quick review: every page of every PDF as a PNG, and one contact sheet per PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PIL import Image

from .config import Settings

RESOLUTION = 50  # dpi: enough to judge a layout, small enough to flip through


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
        subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), str(pdf), str(pages / "page")],
                       check=True)
        sheet = pages.with_suffix(".png")
        contact_sheet(sorted(pages.glob("page-*.png")), sheet)
        sheets.append(sheet)
    return sheets


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
