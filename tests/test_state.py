"""Build state: content hashes of inputs, read again only when a file's stat changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.state import BuildState


def test_a_touched_file_is_hashed_again_and_keeps_its_key(tmp_path):
    (tmp_path / "a.yaml").write_text("id: a\n")
    state = BuildState(tmp_path / "state.json", {"project": tmp_path})
    key = state.key(["project:a.yaml"], "settings")
    state.save()
    again = BuildState.load(tmp_path / "state.json", {"project": tmp_path})
    os.utime(tmp_path / "a.yaml", ns=(1, 1))
    assert again.key(["project:a.yaml"], "settings") == key
    again.save()
    (tmp_path / "a.yaml").write_text("id: b\n")
    assert again.key(["project:a.yaml"], "settings") == key  # one build sees a file once
    changed = BuildState.load(tmp_path / "state.json", {"project": tmp_path})
    assert changed.key(["project:a.yaml"], "settings") != key


def test_a_key_is_the_hash_of_its_settings_and_each_input_in_name_order(tmp_path):
    """What a state file written by an earlier pipeline holds stays valid (same bytes hashed)."""
    import hashlib
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(f"id: {name}\n")
    state = BuildState(tmp_path / "state.json", {"project": tmp_path})
    digest = {name: hashlib.sha256(f"id: {name}\n".encode()).hexdigest()
              for name in ("a.yaml", "b.yaml")}
    assert state.key(["project:b.yaml", "project:a.yaml"], "s") == hashlib.sha256(
        b"s" + b"".join(f"\0project:{n}\0{digest[n]}".encode() for n in sorted(digest))
    ).hexdigest()


def test_a_missing_input_has_a_state_of_its_own(tmp_path):
    state = BuildState(tmp_path / "state.json", {"project": tmp_path})
    before = state.key(["project:photo.fr.jpg"], "s")
    (tmp_path / "photo.fr.jpg").write_bytes(b"x")
    assert BuildState(tmp_path / "state.json", {"project": tmp_path}).key(
        ["project:photo.fr.jpg"], "s") != before


def test_an_unreadable_state_file_is_a_fresh_start(tmp_path):
    (tmp_path / "state.json").write_text("{ half")
    state = BuildState.load(tmp_path / "state.json", {"project": tmp_path})
    assert state.outputs == {} and state.plans == {}


def test_a_doctored_state_naming_files_outside_the_project_is_set_aside(sample, tmp_path):
    build(Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",)))
    state_file = sample / "build/state-2017.json"
    data = json.loads(state_file.read_text())
    trap = tmp_path / "trap"
    os.mkfifo(trap)  # opened for reading, it would wait for ever
    name = next(iter(data["outputs"]))
    data["outputs"][name]["inputs"].append(f"project:../../../..{trap}")
    state_file.write_text(json.dumps(data))
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project",
                             str(sample), "--profiles", "office", "--kinds", "factsheet",
                             "--jobs", "1"], capture_output=True, text=True, cwd=REPOSITORY,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "state.invalid" in line]
    assert line.startswith("build/state-2017.json: warning: not a build state this pipeline "
                           "wrote (a file project:../../../../")
    assert line.endswith("; everything is built again [state.invalid]")
    assert "built 3 PDFs" in result.stdout


@pytest.mark.parametrize("content", ["null", "[]", '{"version": 2, "files": null}', "{ half"])
def test_a_state_file_of_any_content_is_a_fresh_start_not_a_traceback(sample, content):
    (sample / "build").mkdir()
    (sample / "build/state-2017.json").write_text(content)
    result = build(Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",)))
    assert len(result.written) == 3


def test_every_module_is_said_to_make_pdfs_or_not():
    """A new module must be put in OUTPUT_MODULES (its changes rebuild the PDFs) or in
    OTHER_MODULES: the page plan's module was once left out, and its changes rebuilt nothing."""
    from pipeline import state
    modules = {path.relative_to(state.PIPELINE).with_suffix("").as_posix()
               for path in state.PIPELINE.rglob("*.py")}
    assert modules == set(state.OUTPUT_MODULES) | set(state.OTHER_MODULES)
    assert not set(state.OUTPUT_MODULES) & set(state.OTHER_MODULES)
