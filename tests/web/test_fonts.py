"""The web edition's fonts: each face subset to the scripts it has letters of, as WOFF2 that
keeps every character of the script's range the face has, cached and the same bytes each time."""

from __future__ import annotations

import io

from fontTools.ttLib import TTFont

from pipeline.config import REPOSITORY
from pipeline.web.fonts import RANGES, _codepoints, font_faces

FONTS = REPOSITORY / "assets" / "fonts"


def test_each_face_is_subset_to_its_scripts_and_the_rules_say_where(tmp_path):
    faces = font_faces(FONTS, tmp_path / "build", tmp_path / "web")
    written = sorted(p.name for p in (tmp_path / "web/fonts").iterdir())
    assert "OFL-NotoSerif.txt" in written
    serif = [name for name in written if name.startswith("NotoSerif-Regular-")]
    # A Latin face has no Arabic letters: no Arabic subset of it.
    assert [name.rsplit("-", 1)[0] for name in serif] == ["NotoSerif-Regular-latin",
                                                          "NotoSerif-Regular-latin-ext"]
    naskh = [name for name in written if name.startswith("NotoNaskhArabic-Regular-")]
    assert [name.rsplit("-", 1)[0] for name in naskh] == ["NotoNaskhArabic-Regular-arabic"]
    latin = next(name for name in serif if "-latin-" in name and "-ext-" not in name)
    font = TTFont(io.BytesIO((tmp_path / "web/fonts" / latin).read_bytes()))
    assert font.flavor == "woff2"
    kept = set(font.getBestCmap())
    assert {ord(c) for c in "Côte d’Ivoire œuvre «»"} <= kept
    # Greek and Cyrillic, which the face has, stay out.
    assert not kept & set(range(0x370, 0x500))
    assert (tmp_path / "web/fonts" / latin).stat().st_size < (FONTS / "NotoSerif-Regular.ttf"
                                                              ).stat().st_size / 10
    rule = next(rule for rule in faces if latin in rule)
    assert 'font-family: "Noto Serif"' in rule and RANGES["latin"] in rule


def test_the_subsets_are_the_same_bytes_and_come_from_the_cache(tmp_path):
    first = font_faces(FONTS, tmp_path / "build", tmp_path / "one")
    cache = sorted((tmp_path / "build/web-fonts").iterdir())
    assert font_faces(FONTS, tmp_path / "build", tmp_path / "two") == first
    assert sorted((tmp_path / "build/web-fonts").iterdir()) == cache
    one = {p.name: p.read_bytes() for p in (tmp_path / "one/fonts").iterdir()}
    assert one == {p.name: p.read_bytes() for p in (tmp_path / "two/fonts").iterdir()}


def test_ranges_read_as_css_writes_them():
    assert _codepoints("U+0041-0043, U+00E9") == [0x41, 0x42, 0x43, 0xE9]
