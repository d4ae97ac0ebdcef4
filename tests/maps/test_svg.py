"""Locator and world maps: what the SVG holds, in the caller's colours, the same every time."""

from __future__ import annotations

import hashlib
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline.maps.geography import country_keys, load, main_rings
from pipeline.maps.svg import (LEGEND, PALETTE, Mark, locator_frame, locator_svg, text_width,
                               world_legend, world_svg)
from pipeline.maps.projection import EARTH_RADIUS_KM
from tests.conftest import segment_distance

REPOSITORY = Path(__file__).resolve().parents[2]
DATA = REPOSITORY / "assets" / "maps" / "countries-50m.json"
FONT = REPOSITORY / "assets" / "fonts" / "Inter-SemiBold.otf"
SVG = "{http://www.w3.org/2000/svg}"
# Every colour its own string, as a print palette would be: none may come from elsewhere.
PRINT = {name: f"device-cmyk({i / 100:.2f} 0.1 0.2 0)" for i, name in enumerate(PALETTE)}
LATIN_AMERICA = tuple("AR BO BR CL CO CR CU DO EC SV GT HN MX NI PA PY PE UY VE HT BZ GY SR "
                      "ES".split())
PALETTES = {"rgb": PALETTE, "cmyk": PRINT}
MARKS = (*(Mark(n, (code,)) for n, code in enumerate(
    "SL CF MW CI MU CR MX NE MD PH".split(), start=1)), Mark(11, LATIN_AMERICA, region=True))


@lru_cache(maxsize=None)  # each map made once for the whole file: the tests only read them
def locator(*codes: str, palette: str = "rgb", **options) -> str:
    return locator_svg(DATA, codes, PALETTES[palette], 52.0, 40.0, **options)


@lru_cache(maxsize=None)
def world(palette: str = "rgb", marks: tuple[Mark, ...] = MARKS, **options) -> str:
    return world_svg(DATA, marks, PALETTES[palette], FONT, **options)


def elements(svg: str, tag: str) -> list[ET.Element]:
    return ET.fromstring(svg).findall(f".//{SVG}{tag}")


def test_a_small_island_state_gets_a_circle_and_a_larger_country_not():
    assert len(elements(locator("MU"), "circle")) == 1
    assert len(elements(locator("KI"), "circle")) == 1  # atolls strewn over 4,000 km of ocean
    assert elements(locator("SL"), "circle") == []
    assert elements(locator(*LATIN_AMERICA), "circle") == []  # a region: no circles


def test_the_svg_has_the_size_asked_for_in_millimetres():
    root = ET.fromstring(locator("SL"))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "52mm", "40mm", "0 0 52 40")
    root = ET.fromstring(world(width_mm=170.0))
    assert root.get("width") == "170mm" and 80 < float(root.get("height")[:-2]) < 85


@pytest.mark.parametrize("palette", PALETTES)
def test_every_painted_element_has_the_palettes_colours_and_nothing_transparent(palette):
    allowed = set(PALETTES[palette].values()) | {"none"}
    for svg in (locator("MU", palette=palette), locator(*LATIN_AMERICA, palette=palette),
                world(palette)):
        root = ET.fromstring(svg)
        painted = [e for e in root.iter() if e.tag[len(SVG):] in {"path", "rect", "circle",
                                                                  "text"}]
        assert painted
        for element in painted:
            assert element.get("fill") in allowed and element.get("stroke") in allowed
        assert {e.get("text-anchor", "start") for e in root.iter()} == {"start"}
        assert not re.search(r"opacity|style=|<image|<use|<mask|<filter|<clipPath|<linear",
                             svg)


def test_the_same_inputs_give_the_same_svg():
    assert locator("PH") == locator_svg(DATA, ["PH"], dict(PALETTE), 52.0, 40.0)
    assert world() == world_svg(DATA, list(MARKS), dict(PALETTE), FONT)


def test_the_same_inputs_give_the_same_svg_in_another_process():
    code = ("import hashlib; from pathlib import Path; "
            "from pipeline.maps.svg import PALETTE, locator_svg; "
            f"print(hashlib.sha256(locator_svg(Path({str(DATA)!r}), ['MD'], PALETTE, 52.0, "
            "40.0).encode()).hexdigest())")
    env = {**os.environ, "PYTHONHASHSEED": "12345",
           "PYTHONPATH": os.pathsep.join([str(REPOSITORY), os.environ.get("PYTHONPATH", "")])}
    other = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                           text=True, check=True, cwd=REPOSITORY).stdout.strip()
    assert other == hashlib.sha256(locator("MD").encode()).hexdigest()


def test_an_unknown_code_is_a_clear_error():
    with pytest.raises(ValueError, match="'QQ'"):
        locator("SL", "QQ")
    with pytest.raises(ValueError, match="'ZZ'"):
        world(marks=(Mark(1, ("SL",)), Mark(2, ("ZZ",))))


def test_a_palette_without_a_colour_the_map_uses_is_an_error():
    palette = {name: value for name, value in PRINT.items() if name != "coast"}
    with pytest.raises(ValueError, match="coast"):
        locator_svg(DATA, ["SL"], palette)


def test_title_and_description_are_escaped():
    root = ET.fromstring(locator("MD", title="Moldova & <neighbours>", desc="A \"map\""))
    assert root.find(f"{SVG}title").text == "Moldova & <neighbours>"
    assert root.find(f"{SVG}desc").text == 'A "map"'
    assert "<title>" not in locator("MD")  # optional: the page's <img alt> says it


def test_a_country_gets_a_frame_at_least_2600_km_wide_it_fills_at_most_55_percent():
    topology = load(DATA)
    for code in ("SL", "MU", "MD", "PH"):
        keys = country_keys(topology, [code])
        frame = locator_frame(topology, keys, 52.0, 40.0, 0.55, 1300.0, 40.0)
        assert frame.cut is None  # azimuthal
        assert frame.width / frame.scale * EARTH_RADIUS_KM >= 2600.0 - 1e-6
        points = [frame.point(*p) for ring in main_rings(topology, keys[0]) for p in ring]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        assert max(xs) - min(xs) <= 0.55 * 52.0 + 1e-6
        assert max(ys) - min(ys) <= 0.55 * 40.0 + 1e-6


def test_a_region_across_an_ocean_is_an_equal_earth_crop():
    topology = load(DATA)
    keys = country_keys(topology, LATIN_AMERICA)
    frame = locator_frame(topology, keys, 52.0, 40.0, 0.85, 1300.0, 40.0)
    assert frame.cut is not None


@pytest.mark.parametrize("codes, crossings", [
    (("SL",), [(-10.0, 5.0), (-15.0, 10.0)]),  # azimuthal, a line every 5°
    (LATIN_AMERICA, [(-60.0, 0.0), (-40.0, -20.0), (-100.0, 20.0)])])  # a crop, every 20°
def test_the_graticule_crosses_where_its_meridians_and_parallels_meet(codes, crossings):
    topology = load(DATA)
    keys = country_keys(topology, codes)
    frame = locator_frame(topology, keys, 52.0, 40.0, 0.55 if len(keys) == 1 else 0.85,
                          1300.0, 40.0)
    [graticule] = [e for e in elements(locator(*codes), "path")
                   if e.get("stroke") == PALETTE["graticule"]]
    lines = [pairs(sub) for sub in re.findall(r"M[^MZ]*", graticule.get("d"))]
    for lon, lat in crossings:
        x, y = frame.point(lon, lat)
        assert 0 < x < 52 and 0 < y < 40
        near = [line for line in lines
                if any(segment_distance((x, y), p, q) < 0.05 for p, q in zip(line, line[1:]))]
        assert len(near) >= 2, (lon, lat)  # a meridian and a parallel


def test_world_markers_are_numbered_discs_with_centred_numbers():
    svg = world()
    discs = [e for e in elements(svg, "circle") if e.get("r") == "2.1"]
    texts = elements(svg, "text")
    assert [t.text for t in texts] == [str(n) for n in range(1, 12)]
    assert all(t.get("font-family") == "Inter" and t.get("font-weight") == "600"
               for t in texts)
    size = float(texts[0].get("font-size"))
    for disc, text in zip(discs, texts):
        middle = float(text.get("x")) + text_width(text.text, size, FONT) / 2
        assert abs(middle - float(disc.get("cx"))) < 0.02
    leaders = [e for e in elements(svg, "path") if e.get("stroke") == PALETTE["marker_text"]]
    assert 3 <= len(leaders) < len(MARKS)  # small countries have one, large ones hold theirs
    centres = [(float(d.get("cx")), float(d.get("cy"))) for d in discs]
    for leader in leaders:  # from the country to the edge of its disc
        end = pairs(leader.get("d"))[-1]
        assert min(abs(math.dist(end, centre) - 2.1) for centre in centres) < 0.02


def pairs(d: str) -> list[tuple[float, float]]:
    numbers = [float(v) for v in re.findall(r"-?[\d.]+", d)]
    return list(zip(numbers[::2], numbers[1::2]))


def test_text_widths_come_from_the_font():
    # Inter SemiBold: the figure one advances 1354 of 2816 units per em.
    assert text_width("1", 10.0, FONT) == pytest.approx(10.0 * 1354 / 2816)
    assert text_width("11", 10.0, FONT) == pytest.approx(2 * text_width("1", 10.0, FONT))


def test_a_world_centred_on_the_pacific_has_no_line_across_the_map():
    svg = world(lon0=150.0, marks=(Mark(1, ("FJ",)), Mark(2, ("RU",)), Mark(3, ("NZ",))))
    root = ET.fromstring(svg)
    height = float(root.get("height")[:-2])
    # Fills and borders (parallels are straight in Equal Earth: the graticule's may be long).
    drawn = {PALETTE[name] for name in ("world_land", "world_highlight", "world_border")}
    paths = [e for e in elements(svg, "path") if {e.get("fill"), e.get("stroke")} & drawn]
    assert len(paths) == 3
    for element in paths:
        for subpath in re.findall(r"M[^MZ]*", element.get("d")):
            points = pairs(subpath)
            for p, q in zip(points, points[1:]):
                along_a_pole = all(y < 1.01 or y > height - 1.01 for _, y in (p, q))
                assert along_a_pole or math.dist(p, q) < 30.0, (p, q)


@pytest.mark.parametrize("marks", [MARKS, MARKS[:3], (Mark(1, LATIN_AMERICA, region=True),)])
def test_the_world_legend_lists_exactly_the_fills_and_symbols_the_map_uses(marks):
    svg = world("cmyk", marks)  # every colour its own string: a fill is used if it is there
    used = {name for name, _ in LEGEND if f'fill="{PRINT[name]}"' in svg}
    assert set(world_legend(DATA, marks)) == used
    assert world_legend(DATA, marks)[-1] == "marker"
