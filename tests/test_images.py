"""Stage 2: renditions are upright, stripped of metadata, resampled down, cached; bad files named."""

from __future__ import annotations

import pytest
from PIL import Image

from pipeline.images import make_rendition, resolve_images
from pipeline.model import ImageRecord, Text
from pipeline.problems import Location, PipelineError, Problems
from pipeline.sources import read_sources

WORDS = Text.of({"en": "x", "fr": "x", "es": "x"})


def record(path):
    return ImageRecord("photo", path, WORDS, WORDS, WORDS, None, Location("sources/images/photo.yaml"))


def test_rotated_photo_with_gps_comes_out_upright_and_without_metadata(tmp_path):
    photo = Image.new("RGB", (3000, 2000), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0)}  # GPS latitude
    path = tmp_path / "photo.jpg"
    photo.save(path, exif=exif, comment=b"secret")
    rendition = make_rendition(record(path), tmp_path / "renditions", Problems(tmp_path))
    with Image.open(rendition.path) as out:
        assert out.width < out.height  # upright: portrait after applying the orientation
        assert out.getexif() == {} and "comment" not in out.info and "exif" not in out.info
        assert out.size == (2000, 3000)  # 2000 px wide: under 210 mm at 300 ppi, not resampled


def test_wide_image_is_resampled_down_to_the_widest_slot(tmp_path):
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (4000, 2000), "red").save(path)
    rendition = make_rendition(record(path), tmp_path / "r", Problems(tmp_path))
    assert (rendition.width, rendition.height) == (2480, 1240)  # 210 mm at 300 ppi


def test_small_image_is_not_enlarged_and_second_call_reuses_the_rendition(tmp_path):
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (800, 600), "blue").save(path)
    first = make_rendition(record(path), tmp_path / "r", Problems(tmp_path))
    stamp = first.path.stat().st_mtime_ns
    second = make_rendition(record(path), tmp_path / "r", Problems(tmp_path))
    assert (first.width, first.height) == (800, 600)
    assert second.path == first.path and second.path.stat().st_mtime_ns == stamp


def test_truncated_jpeg_is_an_error_naming_the_record(sample):
    photo = sample / "assets/images/sample-photo.jpg"
    Image.new("RGB", (1500, 1000), "green").save(photo, quality=95)
    photo.write_bytes(photo.read_bytes()[:2000])
    sources = read_sources(sample, 2017)
    with pytest.raises(PipelineError) as caught:
        resolve_images(sources, sample / "build")
    (problem,) = caught.value.problems
    assert str(problem).startswith("sources/images/sample-photo.yaml: error: file: "
                                   "sample-photo.jpg cannot be decoded")
    assert problem.code == "image.corrupt"
