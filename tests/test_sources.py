"""Stage 1: every bad input gives its exact line, all problems of a run at once."""

from __future__ import annotations

import pytest

from pipeline.problems import PipelineError
from pipeline.sources import read_sources
from tests.conftest import edit

ACTION = "sources/actions/sample-action.yaml"
EDITION = "sources/editions/2017.yaml"
IMAGE = "sources/images/sample-photo.yaml"


def problems(project) -> list[str]:
    with pytest.raises(PipelineError) as caught:
        read_sources(project, 2017)
    return [str(p) for p in caught.value.problems]


def test_sample_project_reads_cleanly(sample):
    sources = read_sources(sample, 2017)
    assert [a.id for a in sources.actions] == ["sample-action"]
    assert sources.action("sample-action").summary["fr"] == "L’Action d’exemple aide les tests."
    assert sources.edition.published.isoformat() == "2017-12-01"


def test_missing_french_summary(sample):
    edit(sample, ACTION, "  fr: L’Action d’exemple aide les tests.\n", "")
    assert problems(sample) == [
        f"{ACTION}:18:3: error: summary.fr: missing French text [translation.missing]"]


def test_unknown_action_in_edition(sample):
    edit(sample, EDITION, "actions: [sample-action]", "actions: [sample-actoin]")
    assert problems(sample) == [
        f"{EDITION}:21:15: error: achievements[0].actions[0]: unknown action 'sample-actoin'; "
        "did you mean 'sample-action'? [reference.unknown-action]"]


def test_missing_image_file(sample):
    (sample / "assets/images/sample-photo.jpg").unlink()
    assert problems(sample) == [
        f"{IMAGE}:2:7: error: file: file assets/images/sample-photo.jpg does not exist "
        "[image.missing-file]"]


def test_every_problem_of_every_file_in_one_run(sample):
    edit(sample, ACTION, "status: ongoing", "status: finished")
    edit(sample, ACTION, "summary:", "sumary:")
    edit(sample, EDITION, "published: 2017-12", "published: December 2017")
    edit(sample, IMAGE, "  es: Un pie de foto de ejemplo\n", "")
    assert problems(sample) == [
        f"{ACTION}:1:1: error: (document): missing required field 'summary' [schema.missing]",
        f"{ACTION}:4:9: error: status: 'finished' is not one of: ongoing, delivered "
        "[schema.choice]",
        f"{ACTION}:17:1: error: sumary: unknown field; did you mean 'summary'? "
        "[schema.unknown-field]",
        f"{EDITION}:2:12: error: published: 'December 2017' is not a month; write YYYY-MM, "
        "e.g. 2017-12 [schema.date]",
        f"{IMAGE}:4:3: error: caption.es: missing Spanish text [translation.missing]",
    ]


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
    (sample / ACTION).write_text(bomb)
    lines = problems(sample)
    assert len(lines) == 64  # each of the 8 × 8 aliases, where it is written
    assert lines[0] == (f"{ACTION}:2:8: error: YAML aliases (*name) are not allowed in source "
                        "records [yaml.alias]")


def test_tab_indentation(sample):
    edit(sample, ACTION, "    acronym: MOS", "\tacronym: MOS")
    assert problems(sample) == [
        f"{ACTION}:10:1: error: tab in indentation; indent with spaces [yaml.tab]"]


def test_yaml_syntax_error_has_parser_location(sample):
    edit(sample, ACTION, "images: [sample-photo]", "images: [sample-photo")
    (line,) = problems(sample)
    assert line.startswith(f"{ACTION}:")
    assert line.endswith("[yaml.syntax]")


def test_not_utf8(sample):
    path = sample / ACTION
    path.write_bytes(path.read_bytes().replace("Ministère".encode(), "Minist\xe8re".encode("latin-1")))
    assert problems(sample) == [
        f"{ACTION}:8: error: file is not UTF-8 text; save it as UTF-8 [yaml.encoding]"]


def test_country_code_checked_against_iso_3166(sample):
    edit(sample, ACTION, "country: CI", "country: XX")
    assert problems(sample) == [
        f"{ACTION}:2:10: error: country: 'XX' is not an ISO 3166 alpha-2 country code, "
        "e.g. 'SL' [schema.country]"]


def test_image_path_outside_the_project_is_refused(sample):
    edit(sample, IMAGE, "file: images/sample-photo.jpg", "file: ../../../etc/passwd")
    edit(sample, "sources/images/sample-cover.yaml", "file: images/sample-cover.jpg",
         "file: file:///etc/passwd")
    assert problems(sample) == [
        "sources/images/sample-cover.yaml:2:7: error: file: 'file:///etc/passwd' must be a path "
        "relative to assets/, not an absolute path or a URL [path.outside]",
        f"{IMAGE}:2:7: error: file: '../../../etc/passwd' leaves the assets/ folder "
        "[path.outside]",
    ]


def test_duplicate_ids_across_files(sample):
    copy = sample / "sources/actions/another.yaml"
    copy.write_text((sample / ACTION).read_text())
    assert problems(sample) == [
        "sources/actions/another.yaml:1:5: error: id: 'sample-action' differs from the file "
        "name 'another.yaml' [record.id-mismatch]",
        "sources/actions/sample-action.yaml:1:5: error: id: 'sample-action' is already used by "
        "sources/actions/another.yaml [record.duplicate-id]",
    ]
