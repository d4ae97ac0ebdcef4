"""Build state: content hashes of inputs, read again only when a file's stat changed."""

from __future__ import annotations

import os

from pipeline.state import BuildState


def test_a_touched_file_is_hashed_again_and_keeps_its_key(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\n")
    state = BuildState(tmp_path / "state.json", {"project": tmp_path})
    key = state.key(["project:a.yaml"], "settings")
    state.save()
    again = BuildState.load(tmp_path / "state.json", {"project": tmp_path})
    os.utime(tmp_path / "a.yaml", ns=(1, 1))
    assert again.key(["project:a.yaml"], "settings") == key
    (tmp_path / "a.yaml").write_text("id: b\n")
    assert again.key(["project:a.yaml"], "settings") != key


def test_a_missing_input_has_a_state_of_its_own(tmp_path):
    state = BuildState(tmp_path / "state.json", {"project": tmp_path})
    before = state.key(["project:photo.fr.jpg"], "s")
    (tmp_path / "photo.fr.jpg").write_bytes(b"x")
    assert state.key(["project:photo.fr.jpg"], "s") != before


def test_an_unreadable_state_file_is_a_fresh_start(tmp_path):
    (tmp_path / "state.json").write_text("{ half")
    state = BuildState.load(tmp_path / "state.json", {"project": tmp_path})
    assert state.outputs == {} and state.plans == {}
