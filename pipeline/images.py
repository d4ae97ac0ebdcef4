"""Stage 2: resolve each image record to a checked file and a rendition, with its words per language.

Renditions are cached under build/renditions by the source's content hash and the rendition
parameters, so an unchanged image is processed once, across documents and builds.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageFile, ImageOps

from .model import Figure, ImageRecord, Sources
from .problems import Problems

# Refuse decompression bombs before decoding: 80 MP is larger than any real press photo.
Image.MAX_IMAGE_PIXELS = 80_000_000
# The widest slot in the layouts is the full A4 page (210 mm); at 300 ppi that is 2480 px.
MAX_PLACED_WIDTH_MM = 210
TARGET_PPI = 300
JPEG_QUALITY = 88
RENDITION_VERSION = "1"


@dataclass(frozen=True)
class Rendition:
    image_id: str
    path: Path
    width: int
    height: int


def resolve_images(sources: Sources, build: Path) -> dict[str, Figure]:
    """Check every image and make its rendition; return the figure of each image record."""
    problems = Problems(sources.root)
    renditions = {}
    for record in sources.images:
        rendition = make_rendition(record, build / "renditions", problems)
        if rendition:
            renditions[record.id] = rendition
    problems.raise_if_any()
    return {record.id: Figure(record.id, renditions[record.id].path, renditions[record.id].width,
                              renditions[record.id].height, record.caption, record.credit,
                              record.alt)
            for record in sources.images}


def make_rendition(record: ImageRecord, folder: Path, problems: Problems) -> Rendition | None:
    """Decode, orient, strip metadata and resample one image, or report why it cannot be used."""
    data = record.file.read_bytes()
    key = hashlib.sha256(data + f"|{RENDITION_VERSION}|{TARGET_PPI}|{JPEG_QUALITY}".encode())
    target = folder / f"{record.id}-{key.hexdigest()[:16]}.jpg"
    if target.exists():
        with Image.open(target) as done:
            return Rendition(record.id, target, *done.size)
    where = record.source
    # WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; a cut-off file
    # must still be an error here.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(record.file) as original:
            original.load()
            picture = ImageOps.exif_transpose(original)
    except Image.DecompressionBombError:
        problems.error(where, f"file: {record.file.name} has too many pixels to be a safe image "
                       f"(limit {Image.MAX_IMAGE_PIXELS:,})", "image.too-large")
        return None
    except (OSError, SyntaxError, ValueError) as error:
        problems.error(where, f"file: {record.file.name} cannot be decoded ({error}); "
                       "expected a complete JPEG, PNG or TIFF", "image.corrupt")
        return None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    if picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    else:
        picture = picture.copy()
    picture.info.clear()  # Pillow would write a carried-over JPEG comment back out
    widest = round(MAX_PLACED_WIDTH_MM / 25.4 * TARGET_PPI)
    if picture.width > widest:
        picture = picture.resize((widest, round(picture.height * widest / picture.width)),
                                 Image.Resampling.LANCZOS)
    folder.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    # Saving without exif= and icc_profile= drops EXIF, GPS, XMP and comments.
    picture.save(partial, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=False)
    partial.replace(target)
    return Rendition(record.id, target, picture.width, picture.height)
