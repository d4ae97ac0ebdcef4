"""Stage 1, reading: YAML that cannot run code, expand, hide a key twice or be misread."""

from __future__ import annotations

import json

from pipeline.sources.reader import language_view
from tests.conftest import edit
from tests.sources.test_assemble import ACTION, IMAGE, YEAR, problems


def test_duplicate_key_is_an_error(sample):
    edit(sample, ACTION, "theme: policy-development\n",
         "theme: policy-development\ntheme: communication\n")
    assert problems(sample) == [
        f"{ACTION}:4:1: error: theme: duplicate key, already given on line 3 "
        "[yaml.duplicate-key]"]


def test_python_tag_executes_nothing(sample, tmp_path):
    marker = tmp_path / "executed"
    edit(sample, ACTION, "theme: policy-development",
         f"theme: !!python/object/apply:os.system ['touch {marker}']")
    assert problems(sample) == [
        f"{ACTION}:3:8: error: tag !!python/object/apply:os.system is not allowed; "
        "write plain values [yaml.tag]"]
    assert not marker.exists()


def test_alias_bomb_is_refused_without_expanding(sample):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    (sample / YEAR).write_text(bomb)
    lines = problems(sample)
    assert len(lines) == 64  # each of the 8 × 8 aliases, where it is written
    assert lines[0] == (f"{YEAR}:2:8: error: YAML aliases (*name) are not allowed in source "
                        "records [yaml.alias]")


def test_tab_indentation(sample):
    edit(sample, YEAR, "    acronym: MOS", "\tacronym: MOS")
    assert problems(sample) == [
        f"{YEAR}:8:1: error: tab in indentation; indent with spaces [yaml.tab]"]


def test_yaml_syntax_error_has_parser_location(sample):
    edit(sample, YEAR, "images: [sample-photo]", "images: [sample-photo")
    (line,) = problems(sample)
    assert line.startswith(f"{YEAR}:")
    assert line.endswith("[yaml.syntax]")


def test_not_utf8(sample):
    path = sample / YEAR
    path.write_bytes(path.read_bytes().replace("Ministère".encode(), "Minist\xe8re".encode("latin-1")))
    assert problems(sample) == [
        f"{YEAR}:6: error: file is not UTF-8 text; save it as UTF-8 [yaml.encoding]"]


def test_oversized_file_is_refused_unread(sample):
    (sample / IMAGE).write_text("id: sample-photo\n" + "# padding\n" * 40_000)
    assert problems(sample) == [
        f"{IMAGE}: error: file is 400017 bytes; a source record may be at most 262144 bytes "
        "[yaml.too-large]"]


def test_a_records_language_view_keeps_its_texts_in_that_language_and_the_source_language():
    record = b"""id: niger
status: ongoing
summary: {en: English, fr: Francais, es: Espanol}
partners:
  - name: {en: Ministry, fr: Ministere, es: Ministerio}
    acronym: MJS
languages: [en, fr, es]
desks: {fr: Paris, es: Madrid}
"""
    view = json.loads(language_view(record, ["es"]))
    assert view["str:summary"] == {"en": "English", "es": "Espanol"}
    assert view["str:partners"] == [{"str:name": {"en": "Ministry", "es": "Ministerio"},
                                     "str:acronym": "MJS"}]
    assert language_view(record, ["es"]) == language_view(record.replace(b"Francais", b"Autre"),
                                                        ["es"])
    assert language_view(record, ["fr"]) != language_view(record.replace(b"Francais", b"Autre"),
                                                        ["fr"])
    # Not a text (no source-language entry): all of it, in every view.
    assert language_view(record, ["es"]) != language_view(record.replace(b"Paris", b"Lyon"), ["es"])
    assert language_view(record, ["es"]) != language_view(record.replace(b"English", b"E"), ["es"])
    assert language_view(b"id: [unclosed", ["fr"]) == b"id: [unclosed"
    # Refused as the reader refuses it, before stage 1 has seen it: not expanded.
    bomb = b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    assert language_view(bomb, ["fr"]) == bomb
