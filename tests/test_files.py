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
