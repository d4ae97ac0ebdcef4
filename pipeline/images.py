"""Stage 2: check each image where the layouts place it, and make one rendition per use.

A use is an image in a slot of a layout (its size in millimetres comes from layouts/slots.yaml).
For each use and profile the stage knows the effective resolution, refuses what is too coarse,
and makes a rendition: upright, stripped of all metadata, cropped to the slot, resampled down
(never up) to the profile's resolution, converted to the profile's colour (CMYK through
littleCMS for the print house). Renditions are cached under build/renditions by the source's
content hash and every parameter, so an unchanged image is never processed twice.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import Image, ImageCms, ImageFile, ImageOps

from .files import Fenced, read_within, replacing, seal, sealed
from .model import Figure, ImageRecord, Sources
from .problems import Location, PipelineError, Problem, Problems, shown
from .profiles import Paper, Profile

# Refuse decompression bombs before decoding: 80 MP is larger than any real press photo.
Image.MAX_IMAGE_PIXELS = 80_000_000
_DECODING = threading.Lock()
RASTER_FORMATS = {"JPEG", "PNG", "TIFF"}
RENDITION_VERSION = "2"
PAGE_COLOUR = (255, 255, 255)
PRINT_ICC = Path(__file__).resolve().parent.parent / "assets" / "colour" / "FOGRA39L-coated.icc"


@dataclass(frozen=True)
class Slot:
    """A place for an image in a layout, in millimetres."""

    name: str
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class Use:
    """One placement of an image: in which slot, for which language, in which documents."""

    image_id: str
    slot: str
    language: str
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Rendition:
    path: Path
    width: int
    height: int
    ppi: float  # effective resolution of the source at the placed size
    made: bool = False  # False when it came from the cache


@dataclass(frozen=True)
class PreparedImages:
    """Stage 2's result for one profile: what to place, and what the stage did."""

    figures: dict[tuple[str, str, str], Figure]  # (image id, slot, language)
    report: tuple[tuple[str, tuple[str, ...]], ...]  # per file and slot: its line, its PDFs
    made: int  # renditions made in this run
    reused: int  # renditions taken from the cache
    warnings: tuple[Problem, ...] = ()


def load_slots(layouts: Path, paper: Paper, bleed_mm: float = 0) -> dict[str, Slot]:
    """The slots of one paper size; full-bleed slots grow by the bleed on their open edges.
    The file is the designers': each size is checked, and each problem located."""
    where = Location("layouts/slots.yaml")
    try:
        table = yaml.safe_load(read_within(layouts / "slots.yaml", layouts))
    except (Fenced, yaml.YAMLError) as error:
        raise PipelineError([Problem(where, f"cannot be read: {shown(error)}",
                                     "layout.slots")]) from None
    sizes = table.get(paper.name) if isinstance(table, dict) else None
    if not isinstance(sizes, dict):
        raise PipelineError([Problem(where, f"no slots for the paper {paper.name}",
                                     "layout.slots")])
    slots, problems = {}, []
    for name, size in sizes.items():
        try:
            edges = set(size.get("bleed", ()))
            width, height = float(size["width"]), float(size["height"])
            if width <= 0 or height <= 0 or not edges <= {"top", "bottom", "left", "right"}:
                raise ValueError
        except (AttributeError, KeyError, TypeError, ValueError):
            problems.append(Problem(where, f"{paper.name}.{shown(name)}: expected a width and a "
                                    "height in millimetres above 0, and bleed edges among top, "
                                    "bottom, left, right", "layout.slots"))
            continue
        width += bleed_mm * len(edges & {"left", "right"})
        height += bleed_mm * len(edges & {"top", "bottom"})
        slots[name] = Slot(name, round(width, 2), round(height, 2))
    if problems:
        raise PipelineError(problems)
    return slots


def source_file(record: ImageRecord, language: str) -> Path:
    """The file for one language: `chart.fr.png` if there is one beside `chart.png` (whatever
    it is: a named pipe there is refused when read, not silently passed over)."""
    variant = record.file.with_name(f"{record.file.stem}.{language}{record.file.suffix}")
    return variant if os.path.lexists(variant) else record.file


def resolve_images(sources: Sources, uses: list[Use], slots: dict[str, Slot],
                   profile: Profile, build: Path, strict: bool = False,
                   workers: int = 1) -> PreparedImages:
    """Check and render every use for one profile; raise PipelineError with every problem if
    any is an error (or, in a strict build, a warning); return the warnings otherwise. Each
    file's renditions are made in a thread of `workers` (Pillow decodes, resizes and encodes
    outside the interpreter's lock), reported in the same order however they finish."""
    problems = Problems(sources.root)
    figures, report, made = {}, [], 0
    # One rendition and one check per file and slot, whichever languages share the file.
    placements: dict[Path, dict[str, list[Use]]] = {}
    for use in uses:
        path = source_file(sources.image(use.image_id), use.language)
        placements.setdefault(path, {}).setdefault(use.slot, []).append(use)

    def renditions(path: Path) -> list:
        found, decoded = Problems(sources.root), {}  # the file decoded once for its slots
        made_here = []
        for slot_name, group in sorted(placements[path].items()):
            slot = slots.get(slot_name)
            if slot is None:
                found.error(Location("layouts/slots.yaml"), f"no slot '{slot_name}' for this "
                            "paper; the layouts place an image there", "layout.slots")
                continue
            documents = tuple(sorted(d for use in group for d in use.documents))
            made_here.append((slot, group, documents, make_rendition(
                path, sources.image(group[0].image_id).source, slot, profile,
                build / "renditions", found, documents, decoded, sources.root / "assets")))
        return [found.found, made_here]

    with ThreadPoolExecutor(max(1, workers)) as pool:
        done = list(pool.map(renditions, sorted(placements)))
    for path, (found, made_here) in zip(sorted(placements), done):
        problems.found += found
        for slot, group, documents, rendition in made_here:
            if rendition is None:
                continue
            made += rendition.made
            for use in group:
                # The rendition is shared by content; the words are each record's own.
                own = sources.image(use.image_id)
                figures[(use.image_id, use.slot, use.language)] = Figure(
                    use.image_id, rendition.path, rendition.width, rendition.height,
                    own.caption, own.credit, own.alt, slot.width_mm, slot.height_mm)
            report.append((f"{profile.name:<12} {path.name:<36} {slot.name:<15} "
                           f"{slot.width_mm:g}×{slot.height_mm:g} mm {rendition.ppi:5.0f} ppi "
                           f"→ {rendition.width}×{rendition.height} px", documents))
    if any(p.level == "error" or strict for p in problems.found):
        raise PipelineError(problems.found)
    return PreparedImages(figures, tuple(report), made, len(report) - made,
                          tuple(problems.found))


def make_rendition(path: Path, where: Location, slot: Slot, profile: Profile, folder: Path,
                   problems: Problems, documents: tuple[str, ...],
                   decoded: dict[Path, Image.Image | None] | None = None,
                   root: Path | None = None) -> Rendition | None:
    """One use's rendition, made unless the cache has it. `decoded` keeps each file's decoded
    picture (or None once its problem is reported) across the slots it fills. The source
    must be a regular file inside `root` (the project's assets/)."""
    decoded = {} if decoded is None else decoded
    try:
        data = read_within(path, root or path.parent)
    except Fenced as refused:
        problems.error(where, f"file: {path.name} {refused.message}", refused.code)
        return None
    if path.suffix.lower() == ".svg":
        return _vector(path, data, where, problems)
    resolution = profile.resolution
    key = hashlib.sha256(data + repr((RENDITION_VERSION, slot.width_mm, slot.height_mm,
                                      "cmyk" if profile.cmyk else "srgb", resolution.target_ppi,
                                      resolution.jpeg_quality)).encode()).hexdigest()[:20]
    target = folder / f"{path.stem}-{key}.jpg"
    cached = _cached(target)
    if cached:
        size = _source_size(data)
    else:
        if path not in decoded:
            decoded[path] = _decode(path, data, where, problems)
        if decoded[path] is None:
            return None
        size = decoded[path].size
    crop = _cover_crop(size, slot)
    ppi = crop[2] / (slot.width_mm / 25.4)
    if not _resolution_ok(ppi, path, where, slot, profile, problems, documents):
        return None
    if cached:
        return Rendition(target, *cached, ppi)
    picture = decoded[path].crop((crop[0], crop[1], crop[0] + crop[2], crop[1] + crop[3]))
    width = min(crop[2], round(slot.width_mm / 25.4 * resolution.target_ppi))
    if width < crop[2]:
        picture = picture.resize((width, round(crop[3] * width / crop[2])),
                                 Image.Resampling.LANCZOS)
    if profile.cmyk:
        picture = ImageCms.applyTransform(picture, _to_print())
    with replacing(target) as partial:
        # No exif=, icc_profile= or comment=: the rendition carries no metadata at all.
        picture.save(partial.path, "JPEG", quality=resolution.jpeg_quality, optimize=True,
                     dpi=(resolution.target_ppi, resolution.target_ppi))
    seal(target)
    return Rendition(target, picture.width, picture.height, ppi, made=True)


def _cached(target: Path) -> tuple[int, int] | None:
    """The size of a rendition in the cache, if it is the one that was made."""
    data = sealed(target)
    if data is None:
        return None
    with Image.open(io.BytesIO(data)) as done:
        return done.size


def _decode(path: Path, data: bytes, where: Location, problems: Problems) -> Image.Image | None:
    """The whole picture, upright, in sRGB on the page colour; or None with the problem reported."""
    with _DECODING:  # Pillow's switch and the warning filters are the process's, not a thread's
        decoded = _decoded(path, data, where, problems)
    if decoded is None:
        return None
    picture, embedded = decoded
    return _to_srgb(picture, embedded, lambda error: problems.warning(
        where, f"file: {path.name} has an embedded colour profile that cannot be read ({error}); "
        "its colours are taken as sRGB", "image.colour-profile"))


def _decoded(path: Path, data: bytes, where: Location,
             problems: Problems) -> tuple[Image.Image, bytes | None] | None:
    """The picture upright and its embedded colour profile; None with the problem reported."""
    name = path.name
    # WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; a cut-off file
    # must still be an error here.
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a bomb below twice its limit: here it is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as original:
                if original.format not in RASTER_FORMATS:
                    problems.error(where, f"file: {name} is {original.format}; expected JPEG, "
                                   "PNG or TIFF (SVG for logos and charts)", "image.format")
                    return None
                original.load()
                picture = ImageOps.exif_transpose(original)
                embedded = original.info.get("icc_profile")
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        problems.error(where, f"file: {name} has too many pixels to be a safe image "
                       f"(limit {Image.MAX_IMAGE_PIXELS:,}); refused without decoding",
                       "image.too-large")
        return None
    except (OSError, SyntaxError, ValueError) as error:
        problems.error(where, f"file: {name} cannot be decoded ({error}); expected a complete "
                       "JPEG, PNG or TIFF", "image.corrupt")
        return None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return picture, embedded


def _to_srgb(picture: Image.Image, embedded: bytes | None, unreadable=None) -> Image.Image:
    if picture.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit grey: keep the top 8 bits instead of clipping everything above 255.
        picture = picture.point(lambda value: value / 256).convert("L")
    if picture.mode == "P":
        picture = picture.convert("RGBA")
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, PAGE_COLOUR)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    if embedded and picture.mode in ("RGB", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
            picture = ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"),
                                                outputMode="RGB")
        except (ImageCms.PyCMSError, OSError) as error:
            if unreadable:
                unreadable(error)  # and fall through to a plain conversion
    if picture.mode != "RGB":
        picture = picture.convert("RGB")
    picture.info.clear()
    return picture


def _source_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as original:
        size = original.size
        orientation = original.getexif().get(0x0112, 1)
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _cover_crop(size: tuple[int, int], slot: Slot) -> tuple[int, int, int, int]:
    """The centred part of the picture a slot shows (object-fit: cover): left, top, w, h."""
    width, height = size
    aspect = slot.width_mm / slot.height_mm
    if width / height > aspect:
        shown = round(height * aspect)
        return (width - shown) // 2, 0, shown, height
    shown = round(width / aspect)
    return 0, (height - shown) // 2, width, shown


def _resolution_ok(ppi: float, path: Path, where: Location, slot: Slot, profile: Profile,
                   problems: Problems, documents: tuple[str, ...]) -> bool:
    wanted = profile.resolution
    if ppi >= wanted.warn_below_ppi:
        return True
    place = (f"{path.name} gets {ppi:.0f} ppi in the {slot.name} slot "
             f"({slot.width_mm:g}×{slot.height_mm:g} mm) of {_documents(documents)}")
    if ppi < wanted.error_below_ppi:
        problems.error(where, f"file: {place}; {profile.name} needs at least "
                       f"{wanted.error_below_ppi} ppi ({wanted.warn_below_ppi} recommended)",
                       "image.low-resolution")
        return False
    problems.warning(where, f"file: {place}; {profile.name} recommends at least "
                     f"{wanted.warn_below_ppi} ppi", "image.low-resolution")
    return True


def _documents(documents: tuple[str, ...]) -> str:
    return documents[0] if len(documents) == 1 else \
        f"{documents[0]} and {len(documents) - 1} more"


def _vector(path: Path, data: bytes, where: Location, problems: Problems) -> Rendition | None:
    """SVG logos and charts are placed as they are, once they are known to be plain SVG."""
    wrong = svg_problem(path, data)
    if wrong:
        problems.error(where, f"file: {wrong}", "image.format")
        return None
    return Rendition(path, 0, 0, float("inf"))


def svg_problem(path: Path, data: bytes) -> str | None:
    """What keeps a file from being placed as a plain SVG image, or None."""
    text = data.decode("utf-8", errors="replace")
    if re.search(r"<!DOCTYPE|<!ENTITY", text):
        return f"{path.name} declares a DOCTYPE or entities; expected plain SVG"
    if path.suffix.lower() != ".svg" or "<svg" not in text:
        return f"{path.name} is not an SVG image"
    return None


def emblem_url(path: Path, profile: Profile, assets: Path) -> str:
    """An emblem as a data: URL, its colours in the profile's (inks for print); the SVG file
    itself stays as its designer made it (stage 1 checked it is plain SVG)."""
    svg = re.sub(r"#[0-9a-fA-F]{6}\b", lambda m: colour_for(profile, m.group(0)),
                 read_within(path, assets).decode("utf-8"))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def colour_for(profile: Profile, colour: str) -> str:
    """A #rrggbb colour as `profile` writes it: unchanged, or device-cmyk() for print."""
    if not profile.cmyk:
        return colour
    return "device-cmyk({} {} {} {})".format(*cmyk_of(colour))


def cmyk_of(colour: str) -> tuple[float, float, float, float]:
    """An sRGB colour (#rrggbb) in the print profile's inks, 0 to 1, as CSS device-cmyk()."""
    pixel = Image.new("RGB", (1, 1), colour)
    return tuple(round(v / 255, 3) for v in ImageCms.applyTransform(pixel, _to_print()).getpixel((0, 0)))


_PRINT_TRANSFORM = None


def _to_print():
    """sRGB to the print profile: relative colorimetric with black-point compensation,
    the usual choice for converting photographs to a press profile."""
    global _PRINT_TRANSFORM
    if _PRINT_TRANSFORM is None:
        _PRINT_TRANSFORM = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(PRINT_ICC)), "RGB",
            "CMYK", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
            flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    return _PRINT_TRANSFORM
