"""The web edition's fonts: each face subset to the scripts it has letters of, as WOFF2 that
keeps every character of the script's range the face has, cached and the same bytes each time."""

from __future__ import annotations

import io

import pytest

from fontTools.ttLib import TTFont

from pipeline.config import REPOSITORY
from pipeline.web.fonts import RANGES, _codepoints, font_faces

FONTS = REPOSITORY / "assets" / "fonts"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The subsets made once, from no cache: (the build folder, the web folder, the rules)."""
    folder = tmp_path_factory.mktemp("fonts")
    return folder, font_faces(FONTS, folder / "build", folder / "one")


def test_each_face_is_subset_to_its_scripts_and_the_rules_say_where(made):
    tmp_path, faces = made
    web = tmp_path / "one"
    written = sorted(p.name for p in (web / "fonts").iterdir())
    assert "OFL-NotoSerif.txt" in written
    serif = [name for name in written if name.startswith("NotoSerif-Regular-")]
    # A Latin face has no Arabic letters: no Arabic subset of it.
    assert [name.rsplit("-", 1)[0] for name in serif] == ["NotoSerif-Regular-latin",
                                                          "NotoSerif-Regular-latin-ext"]
    naskh = [name for name in written if name.startswith("NotoNaskhArabic-Regular-")]
    assert [name.rsplit("-", 1)[0] for name in naskh] == ["NotoNaskhArabic-Regular-arabic"]
    latin = next(name for name in serif if "-latin-" in name and "-ext-" not in name)
    font = TTFont(io.BytesIO((web / "fonts" / latin).read_bytes()))
    assert font.flavor == "woff2"
    kept = set(font.getBestCmap())
    assert {ord(c) for c in "Côte d’Ivoire œuvre «»"} <= kept
    # Greek and Cyrillic, which the face has, stay out.
    assert not kept & set(range(0x370, 0x500))
    assert (web / "fonts" / latin).stat().st_size < (FONTS / "NotoSerif-Regular.ttf"
                                                              ).stat().st_size / 10
    rule = next(rule for rule in faces if latin in rule)
    assert 'font-family: "Noto Serif"' in rule and RANGES["latin"] in rule


def test_the_subsets_are_the_same_bytes_and_come_from_the_cache(made):
    tmp_path, first = made
    cache = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "build/web-fonts").iterdir()}
    assert font_faces(FONTS, tmp_path / "build", tmp_path / "two") == first
    assert {p.name: p.stat().st_mtime_ns
            for p in (tmp_path / "build/web-fonts").iterdir()} == cache  # none made again
    one = {p.name: p.read_bytes() for p in (tmp_path / "one/fonts").iterdir()}
    assert one == {p.name: p.read_bytes() for p in (tmp_path / "two/fonts").iterdir()}


def test_ranges_read_as_css_writes_them():
    assert _codepoints("U+0041-0043, U+00E9") == [0x41, 0x42, 0x43, 0xE9]


def test_a_changed_range_makes_its_subsets_again(made, monkeypatch):
    import pipeline.web.fonts as fonts
    tmp_path, _ = made
    before = {p.name for p in (tmp_path / "build/web-fonts").iterdir()}
    monkeypatch.setitem(fonts.RANGES, "latin-ext", "U+0100-017F")
    fonts._subsets(FONTS, tmp_path / "build")
    made_now = {p.name for p in (tmp_path / "build/web-fonts").iterdir()} - before
    assert made_now and all("-latin-ext-" in name for name in made_now)


def test_subsets_begun_with_the_build_are_those_it_finds(made, tmp_path):
    """Begun before the sources are read, the subsets are made by the time the pages ask for
    them: the same bytes, and none made twice."""
    import pipeline.web.fonts as fonts
    made_folder, first = made
    with fonts.subsets_begun(FONTS, tmp_path / "build"):
        begun = fonts._BEGUN[(FONTS, tmp_path / "build")]
        assert begun  # an empty cache: all of them are being made
        faces = font_faces(FONTS, tmp_path / "build", tmp_path / "web")
        assert all(job.done() for job in begun)
        made_at = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "build/web-fonts").iterdir()}
    assert faces == first and not fonts._BEGUN
    assert made_at == {p.name: p.stat().st_mtime_ns
                       for p in (tmp_path / "build/web-fonts").iterdir()}
    with fonts.subsets_begun(FONTS, tmp_path / "build"):
        assert (FONTS, tmp_path / "build") not in fonts._BEGUN  # all cached: nothing begun


def test_a_build_that_stops_stops_the_subsets_begun(tmp_path):
    import pipeline.web.fonts as fonts
    with pytest.raises(ZeroDivisionError), fonts.subsets_begun(FONTS, tmp_path / "build"):
        begun = fonts._BEGUN[(FONTS, tmp_path / "build")]
        1 / 0
    assert not fonts._BEGUN
    assert any(job.cancelled() for job in begun)  # two ran; the rest were never made
