"""The web edition's pictures: the widths a rendition allows, WebP with a JPEG fallback, and
files in build/ taken only when they are whole."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PIL import Image

from pipeline.web.pictures import make_pictures, picture


def test_a_picture_offers_the_widths_its_rendition_allows_in_webp_and_jpeg():
    files: list = []
    figure = SimpleNamespace(width=1200, height=800, rendition=Path("/r/river-abc.jpg"))
    markup = str(picture(figure, "A river", "100vw", True, files))
    assert 'srcset="images/river-abc-480.webp 480w, images/river-abc-960.webp 960w, ' \
           'images/river-abc-1200.webp 1200w"' in markup
    assert '<img src="images/river-abc-1200.jpg"' in markup  # no width above the rendition's
    assert 'width="1200" height="800" alt="A river" loading="lazy"' in markup
    assert len(files) == 6 and {f[3] for f in files} == {"480", "960", "1200"}
    eager = str(picture(figure, "A <river>", "100vw", False, []))
    assert "loading" not in eager and 'alt="A &lt;river&gt;"' in eager


def test_each_width_is_made_once_and_a_damaged_file_again(tmp_path):
    source = tmp_path / "river.jpg"
    Image.new("RGB", (1200, 800), (40, 90, 160)).save(source, quality=90)
    folder = tmp_path / "web"
    (folder / "images").mkdir(parents=True)
    names = {480: ["images/river-480.webp", "images/river-480.jpg"],
             960: ["images/river-960.webp", "images/river-960.jpg"]}
    make_pictures(str(source), names, folder)
    for width, made in names.items():
        for name in made:
            with Image.open(folder / name) as encoded:
                assert encoded.size == (width, width * 2 // 3)
    whole = (folder / "images/river-960.webp").read_bytes()
    (folder / "images/river-960.webp").write_bytes(whole[:-10])  # a build cut short
    kept = (folder / "images/river-480.jpg").stat().st_mtime_ns
    make_pictures(str(source), names, folder)
    assert (folder / "images/river-960.webp").read_bytes() == whole
    assert (folder / "images/river-480.jpg").stat().st_mtime_ns == kept
