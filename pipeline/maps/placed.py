"""Stage 2 for maps: each map an output places, drawn from the records for its profile (in ink
for the print house) and kept in build/maps/ under the hash of everything it is drawn from.

A locator map shows an Action's country, or the countries a region Action covers, among their
neighbours, with the rooms where their names may go (kept beside it, named in each document's
language by `labelled`); the world map marks the Actions of the report, numbered by chapter,
and says which fills its legend explains. Sizes, colours and fonts are the designers'
(layouts/maps.yaml); the countries come from Natural Earth (assets/maps/, see its README).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from . import geography, lettering, outlines, projection, svg
from ..files import Fenced, read_within, seal, sealed, write_atomically
from ..images import colour_for
from .lettering import Label, Room
from .svg import Mark
from ..problems import Location, PipelineError, Problem, shown
from ..profiles import Profile

# The code that draws a map is part of what a cached map was drawn from.
CODE = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (
    geography, projection, outlines, svg, lettering))).hexdigest()


@dataclass(frozen=True)
class MapUse:
    """A map a layout places: the locator (one Mark: the Action's countries, number 0) or
    the world map (numbered Marks)."""

    slot: str
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class PlacedMap:
    path: Path
    width_mm: float
    height_mm: float
    neighbours: tuple[str, ...] = ()  # a locator's country's land neighbours (ISO codes)
    rooms: tuple[Room, ...] = ()  # where names may go: its own country, its neighbours
    label_fonts: tuple[Path, ...] = ()
    label_size: float = 0.0  # pt
    labels: tuple[Label, ...] = ()  # the names placed, in one language (see `labelled`)
    legend: tuple[tuple[str, str], ...] = ()  # the world map's fills and symbols: (name, colour)


@lru_cache(maxsize=64)
def labelled(placed: PlacedMap, names: tuple[tuple[str, str], ...]) -> PlacedMap:
    """The map with its countries' names (ISO code, name in the document's language) set
    where each fits; kept, as every profile of a document asks for the same."""
    return replace(placed, labels=lettering.place_labels(
        placed.rooms, dict(names), placed.label_fonts, placed.label_size, placed.width_mm,
        placed.height_mm))


def draw_maps(uses, profile: Profile, layouts: Path, fonts: Path, build: Path,
              data: Path = geography.DATA) -> dict[MapUse, PlacedMap]:
    """Every map of `uses`, drawn for `profile`, from the cache when it has them."""
    if not uses:
        return {}
    design = _design(layouts)
    palette = {name: colour_for(profile, value) for name, value in design["colours"].items()}
    source = hashlib.sha256(read_within(data, data.parent)).hexdigest()
    placed = {}
    for use in dict.fromkeys(uses):
        size = design[use.slot]
        try:
            placed[use] = _drawn(use, size, palette, source, data, fonts, design,
                                 build / "maps")
        except ValueError as error:  # a country the map data has no outline for
            raise PipelineError([Problem(Location("assets/maps/countries-50m.json"),
                                         f"{use.slot} map: {shown(str(error), 200)}",
                                         "map.country")]) from None
    return placed


def _drawn(use: MapUse, size: dict, palette: dict, source: str, data: Path, fonts: Path,
           design: dict, folder: Path) -> PlacedMap:
    codes = use.marks[0].iso_codes
    font = fonts / design["numbers"]
    key = hashlib.sha256(repr((CODE, source, use, sorted(size.items()), sorted(palette.items()),
                               hashlib.sha256(font.read_bytes()).hexdigest()))
                         .encode()).hexdigest()[:20]
    target = folder / f"{use.slot}-{key}.svg"
    cached = sealed(target)
    if cached is not None:
        drawn = cached.decode("utf-8")
    else:
        drawn = svg.world_svg(data, use.marks, palette, font, size["width"]) \
            if use.slot == "world" else \
            svg.locator_svg(data, codes, palette, size["width"], size["height"])
        write_atomically(target, drawn)
        seal(target)
    if use.slot == "world":  # its height follows from its width
        return PlacedMap(target, size["width"], _height(drawn), legend=tuple(
            (name, palette[name]) for name in svg.world_legend(data, use.marks)))
    neighbours = tuple(geography.neighbours(geography.outlines(data), codes[0])) \
        if len(codes) == 1 else ()
    rooms = _rooms(target.with_name(f"{target.stem}.rooms.json"), data, codes, neighbours, size)
    names = design["labels"]
    return PlacedMap(target, size["width"], size["height"], neighbours, rooms,
                     tuple(fonts / name for name in names["fonts"]),
                     float(names["size"]))


def _rooms(target: Path, data: Path, codes, neighbours, size: dict) -> tuple[Room, ...]:
    """A locator's rooms for names, kept beside it (they come from the same drawing)."""
    cached = sealed(target)
    if cached is None:
        rooms = svg.locator_rooms(data, codes, neighbours, size["width"], size["height"])
        write_atomically(target, json.dumps(
            [{"code": r.code, "own": r.own, "rings": r.rings} for r in rooms],
            separators=(",", ":")))
        seal(target)
        return rooms
    return tuple(Room(r["code"], tuple(tuple(tuple(p) for p in ring) for ring in r["rings"]),
                      r["own"]) for r in json.loads(cached))


def _height(drawing: str) -> float:
    """The height, in millimetres, an SVG of svg.py declares."""
    start = drawing.index('height="') + len('height="')
    return float(drawing[start:drawing.index("mm", start)])


def _design(layouts: Path) -> dict:
    where = Location("layouts/maps.yaml")
    try:
        design = yaml.safe_load(read_within(layouts / "maps.yaml", layouts))
        sizes = [float(design["locator"]["width"]), float(design["locator"]["height"]),
                 float(design["world"]["width"]), float(design["labels"]["size"])]
        if (min(sizes) <= 0 or not all(isinstance(v, str) for v in design["colours"].values())
                or not all(isinstance(f, str) for f in design["labels"]["fonts"])):
            raise ValueError
        return design
    except (Fenced, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
        raise PipelineError([Problem(where, "expected locator (width, height), world (width) "
                                     "in millimetres above 0, numbers (a font file), labels "
                                     "(fonts, size in pt) and colours (#rrggbb)", "layout.maps")]) from None


# The package the map data comes from: npm world-atlas (Natural Earth 4.1.0 admin-0 countries,
# TopoJSON), with the checksums assets/maps/README.md records.
PACKAGE = "world-atlas@2.0.2"
PACKAGE_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
FILES = {"countries-50m.json": "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
         "LICENSE": "8048290dfdb6e83fbed17e8985c8cfc4ce9da9b842642f3d3e497280790cfa31"}


def fetch_map_data(folder: Path) -> list[str]:
    """Fetch the map data package with npm, check it against the recorded checksums and store
    its countries and licence in `folder` (assets/maps); what it did, a line each. The build
    never calls this: the data is kept in the repository and read offline."""
    names = {"countries-50m.json": "countries-50m.json", "LICENSE": "LICENSE-world-atlas.txt"}
    if all((folder / target).is_file()
           and hashlib.sha256((folder / target).read_bytes()).hexdigest() == FILES[name]
           for name, target in names.items()):
        return [f"{folder}: {PACKAGE} already there, checksums match"]
    with tempfile.TemporaryDirectory() as scratch:
        subprocess.run(["npm", "pack", PACKAGE, "--silent", "--pack-destination", scratch],
                       check=True, stdout=subprocess.DEVNULL)
        tarball = next(Path(scratch).glob("*.tgz"))
        if hashlib.sha256(tarball.read_bytes()).hexdigest() != PACKAGE_SHA256:
            raise PipelineError([Problem(Location(PACKAGE), "the package's checksum is not the "
                                         "recorded one; nothing stored", "map.checksum")])
        with tarfile.open(tarball) as archive:
            found = {name: archive.extractfile(f"package/{name}").read() for name in names}
    done = []
    for name, data in found.items():
        if hashlib.sha256(data).hexdigest() != FILES[name]:
            raise PipelineError([Problem(Location(f"{PACKAGE}/{name}"), "the file's checksum "
                                         "is not the recorded one; nothing stored",
                                         "map.checksum")])
    for name, data in found.items():
        write_atomically(folder / names[name], data)
        done.append(f"{folder / names[name]}: from {PACKAGE}, sha256 {FILES[name][:12]}…")
    return done
