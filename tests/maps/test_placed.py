"""Maps placed in the documents: drawn per profile, cached like renditions, vector, in ink for
the print house, with their text alternative and their notes in every document that has one."""

from __future__ import annotations

import os
import subprocess

import pikepdf
import pytest

from pipeline.config import REPOSITORY
from pipeline.maps.svg import Mark
from pipeline.maps.placed import MapUse, draw_maps, fetch_map_data
from pipeline.problems import PipelineError
from pipeline.profiles import PROFILES

LAYOUTS = REPOSITORY / "layouts"
FONTS = REPOSITORY / "assets" / "fonts"
SIERRA_LEONE = MapUse("locator", (Mark(0, ("SL",)),))
CAVEAT = "do not imply official endorsement or acceptance"


def test_a_map_is_drawn_once_and_a_damaged_copy_in_build_is_drawn_again(tmp_path):
    first = draw_maps([SIERRA_LEONE], PROFILES["office"], LAYOUTS, FONTS, tmp_path)
    path = first[SIERRA_LEONE].path
    drawn = path.read_bytes()
    stamp = path.stat().st_mtime_ns
    assert draw_maps([SIERRA_LEONE], PROFILES["office"], LAYOUTS, FONTS,
                     tmp_path)[SIERRA_LEONE].path.stat().st_mtime_ns == stamp
    path.write_bytes(drawn.replace(b"#1f3a68", b"#ff0000"))
    draw_maps([SIERRA_LEONE], PROFILES["office"], LAYOUTS, FONTS, tmp_path)
    assert path.read_bytes() == drawn
    assert first[SIERRA_LEONE].neighbours == ("GN", "LR")


def test_the_print_house_map_is_in_ink_and_a_separate_file(tmp_path):
    office = draw_maps([SIERRA_LEONE], PROFILES["office"], LAYOUTS, FONTS, tmp_path)
    press = draw_maps([SIERRA_LEONE], PROFILES["print-house"], LAYOUTS, FONTS, tmp_path)
    assert office[SIERRA_LEONE].path != press[SIERRA_LEONE].path
    svg = press[SIERRA_LEONE].path.read_text()
    assert "device-cmyk(" in svg and "#" not in svg.replace("&#", "")


def test_a_broken_map_design_is_one_line(tmp_path):
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "maps.yaml").write_text("locator: {width: -1, height: 40}\n")
    with pytest.raises(PipelineError) as caught:
        draw_maps([SIERRA_LEONE], PROFILES["office"], layouts, FONTS, tmp_path)
    assert [p.code for p in caught.value.problems] == ["layout.maps"]


@pytest.fixture(scope="module")
def built(edition_2017):
    settings, _ = edition_2017
    return settings.output_folder


def text_of(path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())


def test_every_document_of_2017_has_its_map_and_its_notes(edition_2017):
    _, written = edition_2017
    assert len(written) == 111
    for path in (item.path for item in written):
        text = text_of(path)
        assert "Natural Earth" in text and ("endorsement" in text or "reconnaissance" in text
                                            or "aceptación" in text), path


def test_maps_are_vector_no_image_is_added(built):
    for path in sorted(built.glob("*/factsheet-*.pdf")):
        with pikepdf.open(path) as pdf:
            images = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                      and obj.get("/Subtype") == "/Image"]
            assert len(images) == 1, path  # the picture; the map is paths
    listed = subprocess.run(["pdfimages", "-list", str(built / "office/annual-report-2017-en.pdf")],
                            capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert len(listed) == 18  # the cover, six chapter pictures and the eleven Actions' pictures, no map


def alternatives(path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(obj.Alt) for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary)
                and obj.get("/S") == "/Figure" and "/Alt" in obj]


def test_the_screen_maps_are_figures_with_a_text_alternative_per_language(built):
    assert "Map locating Sierra Leone; neighbouring countries: Guinea and Liberia" in \
        alternatives(built / "screen/factsheet-sierra-leone-en.pdf")
    assert "Carte de situation\u202f: Maurice" in \
        alternatives(built / "screen/factsheet-mauritius-fr.pdf")
    region = [alt for alt in alternatives(
        built / "screen/factsheet-latin-america-caribbean-prosecutors-es.pdf")
        if alt.startswith("Mapa de los 34 países que abarca la Acción: ")]
    assert region and "España" in region[0] and "Brasil" in region[0]
    assert "World map of the Actions of 2017, numbered as in the table below" in \
        alternatives(built / "screen/annual-report-2017-en.pdf")


def test_the_kept_map_data_is_the_recorded_one(tmp_path):
    assert fetch_map_data(REPOSITORY / "assets" / "maps") == [
        f"{REPOSITORY / 'assets' / 'maps'}: world-atlas@2.0.2 already there, checksums match"]


def test_a_fetched_package_that_is_not_the_recorded_one_stores_nothing(tmp_path, monkeypatch):
    """A stand-in npm hands over another package (no network in tests)."""
    package = tmp_path / "package"
    package.mkdir()
    (package / "countries-50m.json").write_text("{}")
    (package / "LICENSE").write_text("ISC")
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    npm = bin_folder / "npm"
    npm.write_text(f"#!/bin/sh\ncd {tmp_path} && tar czf \"$5/world-atlas-2.0.2.tgz\" package\n")
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}:{os.environ['PATH']}")
    maps = tmp_path / "maps"
    maps.mkdir()
    with pytest.raises(PipelineError) as caught:
        fetch_map_data(maps)
    assert [p.code for p in caught.value.problems] == ["map.checksum"]
    assert list(maps.iterdir()) == []


def test_the_world_map_has_its_legend_and_the_locators_name_neighbours(built):
    report = text_of(built / "office/annual-report-2017-en.pdf")
    for entry in ("Country with an Action", "Covered by a regional Action",
                  "Number in the table below"):
        assert entry in report
    assert "Couvert par une Action régionale" in text_of(built / "office/annual-report-2017-fr.pdf")
    niger = text_of(built / "office/factsheet-niger-en.pdf")
    assert all(name in niger for name in ("Algeria", "Libya", "Chad", "Nigeria", "Mali"))
    assert "Argelia" in text_of(built / "screen/factsheet-niger-es.pdf")
    # The programme's own name for a neighbour (sources/countries/CG.yaml), not CLDR's.
    assert "Brazzaville" not in text_of(built / "office/factsheet-central-african-republic-en.pdf")
