"""Fixtures: sample projects copied into a temporary folder, and the real 2017 edition built once."""

from __future__ import annotations

import hashlib
import math
import shutil
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import Settings

REPOSITORY = Path(__file__).resolve().parent.parent
PROJECTS = Path(__file__).resolve().parent / "projects"


def copy_project(name: str, destination: Path) -> Path:
    """A fresh copy of tests/projects/<name> (or of the repository's own edition for 'mieux')."""
    target = destination / name
    if name == "mieux":
        shutil.copytree(REPOSITORY / "sources", target / "sources")
        for folder in ("images", "identity"):
            shutil.copytree(REPOSITORY / "assets" / folder, target / "assets" / folder)
    else:
        shutil.copytree(PROJECTS / name, target, ignore=shutil.ignore_patterns("build"))
    return target


def overlay(project: Path, name: str) -> None:
    """Lay the files of tests/projects/<name> over a project (records added or replaced)."""
    shutil.copytree(PROJECTS / name, project, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("README.md"))


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of every PDF under a folder, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.pdf"))}


def edit(project: Path, relative: str, old: str, new: str) -> None:
    """Replace one exact piece of a source file; fails loudly if the piece is not there."""
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


YEAR_FOLDER = "sources/editions/2017"


def add_action(project: Path, action_id: str, factsheet: bool = True) -> None:
    """A copy of the sample Action under another id, in the 2017 edition (with a factsheet
    unless told otherwise; no chapter features it)."""
    for folder in ("sources/actions", f"{YEAR_FOLDER}/actions"):
        text = (project / folder / "sample-action.yaml").read_text(encoding="utf-8")
        (project / folder / f"{action_id}.yaml").write_text(
            text.replace("id: sample-action", f"id: {action_id}"), encoding="utf-8")
    if factsheet:
        edit(project, f"{YEAR_FOLDER}/edition.yaml", "factsheets: [sample-action]",
             f"factsheets: [sample-action, {action_id}]")


@pytest.fixture
def sample(tmp_path) -> Path:
    return copy_project("minimal", tmp_path)


@pytest.fixture(scope="session")
def edition_2017(tmp_path_factory):
    """The real 2017 edition, built once for the whole session with every core."""
    project = copy_project("mieux", tmp_path_factory.mktemp("edition"))
    settings = Settings(project=project, year=2017)
    return settings, build(settings).written


def segment_distance(point, a, b) -> float:
    """How far a point lies from the segment a-b: the tests' own reading of the geometry,
    independent of the pipeline's."""
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy or 1.0)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)
