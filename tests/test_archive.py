"""Stage 6: bags that prove nothing changed, catch every tampering, and rebuild byte for byte."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import bagit
import pytest

from pipeline.archive import archive_edition, verify_bag
from pipeline.config import REPOSITORY, Settings
from tests.conftest import copy_project, edit


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The sample project archived once: (project, store, first bag)."""
    project = copy_project("minimal", tmp_path_factory.mktemp("archive"))
    store = project / "store"
    first = archive_edition(Settings(project=project), store)
    return project, store, first


def tampered_copy(bag, tmp_path):
    copy = tmp_path / bag.name
    shutil.copytree(bag, copy)
    return copy


def test_bag_is_valid_for_the_bagit_library_and_ours(stored):
    _, _, first = stored
    assert first.new and first.version == 1 and first.bag.name == "sample-2017-v1"
    bagit.Bag(str(first.bag)).validate()
    assert verify_bag(first.bag) == []
    for manifest in ("manifest-sha256.txt", "manifest-sha512.txt", "tagmanifest-sha256.txt",
                     "tagmanifest-sha512.txt", "bag-info.txt"):
        assert (first.bag / manifest).exists()


def test_bag_info_and_edition_record(stored):
    _, _, first = stored
    info = bagit.Bag(str(first.bag)).info
    assert info["Bagging-Date"] == "2017-12-01"
    assert info["Source-Organization"] == "SAMPLE" and info["Edition"] == "2017"
    for key in ("Pipeline-Version", "WeasyPrint-Version", "Pango-Version", "HarfBuzz-Version"):
        assert info[key]
    record = json.loads((first.bag / "data/edition.json").read_text())
    assert record["languages"] == ["en", "fr", "es"]
    assert len(record["documents"]) == 6
    assert {d["kind"] for d in record["documents"]} == {"annual-report", "factsheet"}
    assert all(d["pages"] >= 1 and d["title"] for d in record["documents"])
    payload = first.bag / "data"
    for needed in ("sources/programme.yaml", "assets/images/sample-photo.jpg",
                   "layouts/factsheet.html", "assets/fonts/OFL-Inter.txt", "pipeline/build.py",
                   "tools/illustrations.py", "Makefile"):
        assert (payload / needed).exists(), needed


def test_archiving_again_changes_nothing(stored):
    project, store, first = stored
    again = archive_edition(Settings(project=project), store)
    assert not again.new and again.bag == first.bag
    assert sorted(p.name for p in store.iterdir()) == ["sample-2017-v1"]


def test_same_edition_archived_elsewhere_has_identical_payload_checksums(stored, tmp_path):
    _, _, first = stored
    other = copy_project("minimal", tmp_path)
    second = archive_edition(Settings(project=other), tmp_path / "store")
    for name in ("manifest-sha256.txt", "manifest-sha512.txt", "bag-info.txt"):
        assert (second.bag / name).read_text() == (first.bag / name).read_text(), name


@pytest.mark.parametrize("damage, expected", [
    ("flip", "sha256 checksum differs"),
    ("remove", "listed in the manifest but missing"),
    ("add", "present but not in the manifest"),
    ("manifest", "checksum differs"),
])
def test_tampering_is_caught_and_named(stored, tmp_path, damage, expected):
    _, _, first = stored
    bag = tampered_copy(first.bag, tmp_path)
    victim = bag / "data/pdf/factsheet-sample-action-fr.pdf"
    if damage == "flip":
        data = bytearray(victim.read_bytes())
        data[len(data) // 2] ^= 0x01
        victim.write_bytes(bytes(data))
    elif damage == "remove":
        victim.unlink()
    elif damage == "add":
        (bag / "data/pdf/extra.pdf").write_bytes(b"%PDF-1.7\n")
        victim = bag / "data/pdf/extra.pdf"
    else:
        manifest = bag / "manifest-sha256.txt"  # a stored checksum edited
        lines = manifest.read_text().splitlines()
        lines[0] = "0" * 64 + lines[0][64:]
        manifest.write_text("\n".join(lines) + "\n")
        victim = manifest
    result = subprocess.run([sys.executable, "-m", "pipeline", "verify-archive", "--bag",
                             str(bag)], capture_output=True, text=True, cwd=REPOSITORY)
    assert result.returncode == 1
    named = [line for line in result.stderr.splitlines() if expected in line]
    assert named, result.stderr
    if damage != "manifest":
        assert any(victim.name in line for line in named)
    assert "INVALID" in result.stdout


def test_rebuild_from_the_bag_gives_the_same_pdf_bytes(stored, tmp_path):
    _, _, first = stored
    fresh = tmp_path / "fresh"
    shutil.copytree(first.bag / "data", fresh)
    shutil.rmtree(fresh / "pdf")
    subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(fresh),
                    "--profiles", "archive"], check=True, capture_output=True,
                   cwd=fresh)  # the bag's own pipeline
    for pdf in sorted((first.bag / "data/pdf").glob("*.pdf")):
        assert (fresh / "build/2017/archive" / pdf.name).read_bytes() == pdf.read_bytes(), pdf.name


def test_a_corrected_edition_is_a_new_version_with_its_changes(stored):
    project, store, first = stored
    edit(project, "sources/editions/2017/actions/sample-action.yaml", "It leads to passing tests.",
         "It leads to passing, corrected tests.")
    second = archive_edition(Settings(project=project), store)
    assert second.new and second.version == 2 and second.bag.name == "sample-2017-v2"
    assert first.bag.exists() and verify_bag(first.bag) == []  # the stored one is untouched
    # Every archive PDF carries the edited record as an attachment, so all six changed.
    assert set(second.changes) == {
        f"changed: pdf/{kind}-{lang}.pdf" for kind in ("annual-report-2017", "factsheet-sample-action")
        for lang in ("en", "fr", "es")}
    assert "changed: pdf/factsheet-sample-action-en.pdf" in \
        (second.bag / "data/CHANGES.txt").read_text()
    assert verify_bag(second.bag) == []


def test_a_bag_that_bagit_cannot_even_open_is_one_problem_line(tmp_path):
    bag = tmp_path / "broken-bag"
    (bag / "data").mkdir(parents=True)
    (bag / "bagit.txt").write_text("BagIt-Version: 0.97\nTag-File-Character-Encoding: klingon\n")
    (problem,) = verify_bag(bag)
    assert problem.code == "archive.bag" and "not a readable bag" in problem.message
    result = subprocess.run([sys.executable, "-m", "pipeline", "verify-archive", "--bag",
                             str(bag)], capture_output=True, text=True, cwd=REPOSITORY)
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_an_editions_bag_holds_only_its_own_records(tmp_path):
    project = copy_project("two-editions", tmp_path)
    stored = archive_edition(Settings(project=project, year=2017), tmp_path / "store")
    sources = sorted(p.relative_to(stored.bag / "data").as_posix()
                     for p in (stored.bag / "data/sources").rglob("*.yaml"))
    assert sources == [
        "sources/actions/sample-action.yaml", "sources/editions/2017/actions/sample-action.yaml",
        "sources/editions/2017/edition.yaml", "sources/editions/2017/images/sample-cover.yaml",
        "sources/editions/2017/images/sample-photo.yaml", "sources/languages/en.yaml",
        "sources/languages/es.yaml", "sources/languages/fr.yaml", "sources/programme.yaml",
        "sources/themes/policy-development.yaml"]
    record = json.loads((stored.bag / "data/edition.json").read_text())
    assert {d["file"] for d in record["documents"]} == {
        f"pdf/{name}-{lang}.pdf" for name in ("annual-report-2017", "factsheet-sample-action")
        for lang in ("en", "fr", "es")}
