"""Stage 2: each use checked where it is placed; renditions upright, stripped, resampled, cached."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time

import pikepdf
import pytest
from PIL import Image

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.images import Slot, make_rendition, source_file
from pipeline.model import ImageRecord, Text
from pipeline.problems import Location, PipelineError, Problems
from pipeline.profiles import PROFILES
from tests.conftest import edit

WORDS = Text.of({"en": "x", "fr": "x", "es": "x"})
HERO = Slot("factsheet-hero", 170, 60)
PHOTO = "assets/images/sample-photo.jpg"


def rendition(tmp_path, picture_or_path, profile="office", slot=HERO, **save):
    path = picture_or_path
    if isinstance(picture_or_path, Image.Image):
        path = tmp_path / f"in.{save.pop('ext', 'jpg')}"
        picture_or_path.save(path, **save)
    problems = Problems(tmp_path)
    made = make_rendition(path, Location("sources/images/x.yaml"), slot, PROFILES[profile],
                          tmp_path / "renditions", problems, ("office/factsheet-x-en.pdf",))
    return made, [str(p) for p in problems.found]


def build_problems(project):
    with pytest.raises(PipelineError) as caught:
        build(Settings(project=project, jobs=1, profiles=("office",)))
    return [str(p) for p in caught.value.problems]


def test_rotated_photo_comes_out_upright_and_without_metadata(tmp_path):
    photo = Image.new("RGB", (2000, 3000), "red")
    photo.paste(Image.new("RGB", (2000, 1500), "blue"), (0, 0))  # blue on top when upright
    photo = photo.rotate(90, expand=True)  # stored lying on its side: 3000×2000
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90° clockwise
    made, problems = rendition(tmp_path, photo, slot=Slot("portrait", 60, 90), exif=exif,
                               comment=b"secret")
    assert problems == []
    with Image.open(made.path) as out:
        assert out.width < out.height
        assert out.getpixel((out.width // 2, 5))[2] > 200  # blue at the top: upright
        assert "exif" not in out.info and "comment" not in out.info and "icc_profile" not in out.info


def test_renditions_are_resampled_down_to_the_profile_never_up(tmp_path):
    big, _ = rendition(tmp_path, Image.new("RGB", (4000, 2000), "red"), profile="screen")
    assert big.width == round(170 / 25.4 * 150)  # screen: 150 ppi at 170 mm
    assert (big.width, big.height) == (1004, 354)  # cropped to the slot's 170:60 first
    small, problems = rendition(tmp_path, Image.new("RGB", (800, 400), "red"), profile="screen")
    assert (small.width, small.height) == (800, 282) and round(small.ppi) == 120


def test_print_house_renditions_are_cmyk_with_the_print_profile(tmp_path):
    made, _ = rendition(tmp_path, Image.new("RGB", (3000, 2000), (31, 58, 104)), "print-house")
    with Image.open(made.path) as out:
        assert out.mode == "CMYK"
        cyan, magenta, yellow, black = out.getpixel((10, 10))
        assert cyan > magenta > yellow  # a deep blue in ink


def test_png_transparency_is_flattened_onto_the_page(tmp_path):
    picture = Image.new("RGBA", (3000, 2000), (255, 0, 0, 0))  # fully transparent red
    made, _ = rendition(tmp_path, picture, "print-house", ext="png", format="PNG")
    with Image.open(made.path) as out:
        assert out.mode == "CMYK" and out.getpixel((10, 10))[:3] == (0, 0, 0)  # paper white


def test_sixteen_bit_png_keeps_its_tones(tmp_path):
    picture = Image.new("I;16", (3000, 2000), 40000)
    made, problems = rendition(tmp_path, picture, ext="png", format="PNG")
    assert problems == []
    with Image.open(made.path) as out:
        assert abs(out.getpixel((10, 10))[0] - 40000 // 256) <= 2


def test_cmyk_jpeg_source_is_converted(tmp_path):
    made, problems = rendition(tmp_path, Image.new("CMYK", (3000, 2000), (0, 0, 0, 0)))
    with Image.open(made.path) as out:
        assert out.mode == "RGB" and min(out.getpixel((10, 10))) > 240  # no ink: white


def test_an_unchanged_image_is_processed_once(tmp_path):
    picture = Image.new("RGB", (3000, 2000), "red")
    first, _ = rendition(tmp_path, picture)
    stamp = first.path.stat().st_mtime_ns
    second, _ = rendition(tmp_path, tmp_path / "in.jpg")
    assert second.path == first.path and second.path.stat().st_mtime_ns == stamp


def test_per_language_variant_is_used_for_its_language(tmp_path):
    (tmp_path / "chart.png").write_bytes(b"x")
    (tmp_path / "chart.fr.png").write_bytes(b"x")
    record = ImageRecord("chart", tmp_path / "chart.png", WORDS, WORDS, WORDS, None, Location("x"))
    assert source_file(record, "fr").name == "chart.fr.png"
    assert source_file(record, "es").name == "chart.png"


def test_per_language_variant_reaches_the_pdf(sample):
    Image.new("RGB", (3000, 2000), (0, 200, 0)).save(sample / "assets/images/sample-photo.fr.jpg")
    result = build(Settings(project=sample, jobs=1, profiles=("office",),
                            names=("factsheet-sample-action-fr.pdf",
                                   "factsheet-sample-action-en.pdf")))
    colours = {}
    for written in result.written:
        with pikepdf.open(written.path) as pdf:
            (image,) = [pikepdf.PdfImage(x) for x in pdf.pages[0].get_images().values()]
            colours[written.output.language] = image.as_pil_image().getpixel((5, 5))
    assert colours["fr"][1] > 180 and colours["en"][2] > 100  # green in French, blue in English


def test_gps_tags_do_not_reach_the_pdf(sample):
    photo = Image.new("RGB", (3000, 2000), "orange")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    photo.save(sample / PHOTO, exif=exif)
    assert b"Exif" in (sample / PHOTO).read_bytes()
    result = build(Settings(project=sample, jobs=1, profiles=("office",),
                            names=("factsheet-sample-action-en.pdf",)))
    with pikepdf.open(result.written[0].path) as pdf:
        streams = [x.read_raw_bytes() for x in pdf.pages[0].get_images().values()]
    assert streams and all(b"Exif" not in s and b"GPS" not in s for s in streams)


def test_tiny_image_names_the_record_the_use_and_the_ppi(sample):
    Image.new("RGB", (300, 200), "orange").save(sample / PHOTO)
    assert build_problems(sample) == [
        "sources/editions/2017/images/sample-photo.yaml:2:7: error: file: sample-photo.jpg gets 34 ppi in the "
        "report-chapter slot (170×150 mm) of office/annual-report-2017-en.pdf and 2 more; office "
        "needs at least 100 ppi (150 recommended) [image.low-resolution]",
        "sources/editions/2017/images/sample-photo.yaml:2:7: error: file: sample-photo.jpg gets 46 ppi in the "
        "factsheet-hero slot (110×110 mm) of office/factsheet-sample-action-en.pdf and 2 more; "
        "office needs at least 100 ppi (150 recommended) [image.low-resolution]",
    ]


def test_truncated_jpeg_is_an_error_not_a_traceback(sample):
    Image.new("RGB", (3000, 2000), "green").save(sample / PHOTO, quality=95)
    data = (sample / PHOTO).read_bytes()
    (sample / PHOTO).write_bytes(data[:len(data) // 2])
    (line,) = build_problems(sample)
    assert line.startswith("sources/editions/2017/images/sample-photo.yaml:2:7: error: file: sample-photo.jpg "
                           "cannot be decoded (")
    assert line.endswith("expected a complete JPEG, PNG or TIFF [image.corrupt]")


def test_files_made_in_threads_report_what_one_thread_reports(sample):
    Image.new("RGB", (300, 200), "orange").save(sample / "assets/images/sample-cover.jpg")
    data = (sample / PHOTO).read_bytes()
    (sample / PHOTO).write_bytes(data[:len(data) // 2])
    found = {}
    for jobs in (1, 2, 2):
        with pytest.raises(PipelineError) as caught:
            build(Settings(project=sample, jobs=jobs, profiles=("office",)))
        found.setdefault(jobs, []).append([str(p) for p in caught.value.problems])
    assert found[1][0] == found[2][0] == found[2][1]
    files = [p.split("file: ")[1].split()[0] for p in found[2][0]]
    assert files == sorted(files) and set(files) == {"sample-cover.jpg", "sample-photo.jpg"}


def test_decompression_bomb_is_refused_without_decoding(sample, monkeypatch):
    Image.new("1", (10_000, 9_000)).save(sample / "assets/images/sample-photo.png")
    edit(sample, "sources/editions/2017/images/sample-photo.yaml", "sample-photo.jpg", "sample-photo.png")
    decoded, load = [], Image.Image.load

    def watched_load(picture):
        if picture.width * picture.height > Image.MAX_IMAGE_PIXELS:
            decoded.append(picture.size)
        return load(picture)

    monkeypatch.setattr(Image.Image, "load", watched_load)
    started = time.perf_counter()
    assert build_problems(sample) == [
        "sources/editions/2017/images/sample-photo.yaml:2:7: error: file: sample-photo.png has too many pixels to "
        "be a safe image (limit 80,000,000); refused without decoding [image.too-large]"]
    assert decoded == [] and time.perf_counter() - started < 5


def test_unsupported_format_is_named(sample):
    Image.new("RGB", (3000, 2000), "red").save(sample / "assets/images/sample-photo.gif")
    edit(sample, "sources/editions/2017/images/sample-photo.yaml", "sample-photo.jpg", "sample-photo.gif")
    assert build_problems(sample) == [
        "sources/editions/2017/images/sample-photo.yaml:2:7: error: file: sample-photo.gif is GIF; expected JPEG, "
        "PNG or TIFF (SVG for logos and charts) [image.format]"]


def test_svg_logos_are_placed_as_they_are_unless_they_declare_entities(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                    '<rect width="10" height="10"/></svg>')
    made, problems = rendition(tmp_path, logo)
    assert problems == [] and made.path == logo
    bomb = tmp_path / "bomb.svg"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]>'
                    '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>')
    made, problems = rendition(tmp_path, bomb)
    assert made is None and problems == [
        "sources/images/x.yaml: error: file: bomb.svg declares a DOCTYPE or entities; expected "
        "plain SVG [image.format]"]


def test_a_warning_alone_is_shown_and_counted_and_strict_builds_stop_on_it(sample):
    # 540 px across the 110 mm square of the factsheet's picture: 125 ppi, under office's 150
    # but above its 100.
    Image.new("RGB", (540, 540), "orange").save(sample / PHOTO)
    settings = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",))
    result = build(settings)
    assert len(result.written) == 3
    assert [(p.level, p.code) for p in result.warnings] == [("warning", "image.low-resolution")]
    shutil.rmtree(sample / "build")
    with pytest.raises(PipelineError) as caught:
        build(dataclasses.replace(settings, strict=True))
    assert [p.code for p in caught.value.problems] == ["image.low-resolution"]
    assert not list((sample / "build/2017").glob("*/*.pdf"))


def test_an_unreadable_embedded_colour_profile_is_a_warning(tmp_path):
    made, problems = rendition(tmp_path, Image.new("RGB", (3000, 2000), "red"),
                               icc_profile=b"not a colour profile")
    assert made is not None
    (line,) = problems
    assert line.startswith("sources/images/x.yaml: warning: file: in.jpg has an embedded colour "
                           "profile that cannot be read (")
    assert line.endswith("its colours are taken as sRGB [image.colour-profile]")


def test_a_named_pipe_as_a_language_variant_is_a_located_error_not_a_hang(sample):
    os.mkfifo(sample / "assets/images/sample-photo.fr.jpg")
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project",
                             str(sample), "--profiles", "office", "--jobs", "1"],
                            capture_output=True, text=True, cwd=REPOSITORY, timeout=120)
    assert result.returncode == 1
    assert ("sources/editions/2017/images/sample-photo.yaml:2:7: error: file: sample-photo.fr.jpg "
            "is not a regular file (a named pipe, a device or a folder) [path.not-a-file]"
            ) in result.stderr.splitlines()


def test_a_symbolic_link_loop_in_assets_is_one_line(sample):
    (sample / PHOTO).unlink()
    (sample / PHOTO).symlink_to(sample / PHOTO)
    with pytest.raises(PipelineError) as caught:
        build(Settings(project=sample, jobs=1, profiles=("office",)))
    assert [str(p) for p in caught.value.problems] == [
        "sources/editions/2017/images/sample-photo.yaml:2:7: error: file: file "
        "assets/images/sample-photo.jpg is a symbolic link that loops or cannot be followed "
        "[path.loop]"]


@pytest.mark.parametrize("damage", ["another picture", "garbage"])
def test_a_rendition_changed_in_the_cache_is_made_again(tmp_path, damage):
    first, _ = rendition(tmp_path, Image.new("RGB", (3000, 2000), "red"))
    if damage == "garbage":
        first.path.write_bytes(b"not a JPEG at all")
    else:  # the same size, another picture
        Image.new("RGB", (first.width, first.height), "blue").save(first.path, "JPEG")
    again, problems = rendition(tmp_path, tmp_path / "in.jpg")
    assert problems == [] and again.made and again.path == first.path
    with Image.open(again.path) as out:
        assert out.getpixel((5, 5))[0] > 200  # red again


def test_a_slot_of_no_size_is_a_located_problem(sample):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    slots = sample / "layouts/slots.yaml"
    slots.write_text(slots.read_text().replace(
        "factsheet-hero: {width: 110, height: 110}", "factsheet-hero: {width: 0, height: 110}"))
    assert build_problems(sample) == [
        "layouts/slots.yaml: error: a4.factsheet-hero: expected a width and a height in "
        "millimetres above 0, and bleed edges among top, bottom, left, right [layout.slots]"]
