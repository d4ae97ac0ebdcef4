"""Writing files: old or new, never half; written with the user's usual permissions."""

from __future__ import annotations

import os
import stat

import pytest

from pipeline.files import remove_partials, replacing, write_atomically


def test_a_file_is_replaced_whole_and_no_partial_is_left(tmp_path):
    target = tmp_path / "out" / "list.txt"
    write_atomically(target, "first\n")
    write_atomically(target, "second\n")
    assert target.read_text() == "second\n"
    assert sorted(p.name for p in target.parent.iterdir()) == ["list.txt"]


def test_a_failing_writer_leaves_the_previous_file(tmp_path):
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with replacing(target) as partial:
            partial.path.write_bytes(b"half")
            raise RuntimeError("stopped")
    with replacing(target) as partial:
        partial.path.write_bytes(b"rejected")
        partial.discard()
    assert target.read_bytes() == b"old" and list(tmp_path.iterdir()) == [target]


def test_written_files_get_the_permissions_of_any_file_the_user_writes(tmp_path):
    # The temporary file is created private (0600); the result must not stay so.
    target = tmp_path / "factsheet.pdf"
    write_atomically(target, b"%PDF-")
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert stat.S_IMODE(target.stat().st_mode) == stat.S_IMODE(plain.stat().st_mode)
    assert stat.S_IMODE(target.stat().st_mode) & stat.S_IRGRP  # a group folder can read it


def test_leftover_partials_are_removed(tmp_path):
    (tmp_path / "office").mkdir()
    leftover = tmp_path / "office" / ".factsheet-x-en.pdf.abc123.part"
    leftover.write_bytes(b"half")
    keep = tmp_path / "office" / "factsheet-x-en.pdf"
    keep.write_bytes(b"whole")
    remove_partials(tmp_path)
    assert not leftover.exists() and keep.exists()
    assert os.listdir(tmp_path / "office") == ["factsheet-x-en.pdf"]


def test_folders_answer_as_within_does_for_every_kind_of_file(tmp_path):
    from pipeline.files import Fenced, Folders, within
    root = tmp_path / "project"
    (root / "sources").mkdir(parents=True)
    (root / "sources/record.yaml").write_text("id: x\n")
    (root / "sources/folder").mkdir()
    os.mkfifo(root / "sources/pipe.yaml")
    (tmp_path / "outside.yaml").write_text("secret\n")
    os.symlink(tmp_path / "outside.yaml", root / "sources/out.yaml")
    os.symlink(root / "sources/record.yaml", root / "sources/in.yaml")
    os.symlink(tmp_path, root / "linked")  # a folder that leads out
    os.symlink(root / "sources/loop.yaml", root / "sources/loop.yaml")
    names = ["sources/record.yaml", "sources/folder", "sources/pipe.yaml", "sources/out.yaml",
             "sources/in.yaml", "linked/outside.yaml", "sources/loop.yaml", "sources/none.yaml",
             "missing/none.yaml"]

    def answer(check, name):
        try:
            return str(check(root / name, root))
        except Fenced as refused:
            return refused.code

    folders = Folders()
    for _ in range(2):  # the second time from its folders' memory
        assert [answer(folders.within, n) for n in names] == [answer(within, n) for n in names]
    assert [answer(within, n) for n in names] == [
        str(root / "sources/record.yaml"), "path.not-a-file", "path.not-a-file", "path.outside",
        str(root / "sources/record.yaml"), "path.outside", "path.loop", "path.missing",
        "path.missing"]


def test_an_answer_is_remembered_by_its_files_content_and_a_damaged_one_worked_out_again(
        tmp_path):
    from pipeline.files import remembered
    source, cache, calls = tmp_path / "words.html", tmp_path / "cache", []
    source.write_text("one")

    def make():
        calls.append(source.read_text())
        return [source.read_text()]

    assert remembered(cache, "words", [source], make) == ["one"]
    assert remembered(cache, "words", [source], make) == ["one"] and calls == ["one"]
    kept = next(cache.glob("words-*.json"))
    kept.write_text('["forged"]')  # its seal no longer matches
    assert remembered(cache, "words", [source], make) == ["one"] and len(calls) == 2
    source.write_text("two")
    assert remembered(cache, "words", [source], make) == ["two"]
    assert [p.name for p in cache.glob("words-*.json")] != [kept.name]  # the old one is gone
    assert len(list(cache.glob("words-*.json"))) == 1
    assert remembered(None, "words", [source], make) == ["two"] and len(calls) == 4
