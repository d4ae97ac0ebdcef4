"""Build settings: documents name their files by mount, and no URL leaves the mounts."""

from __future__ import annotations

from pathlib import Path

from pipeline.config import Settings, path_for, url_for
from pipeline.kinds import ANNUAL_REPORT, FACTSHEET
from pipeline.profiles import PROFILES


def test_files_are_named_by_mount_and_urls_cannot_leave_it(tmp_path):
    mounts = {"project": tmp_path}
    (tmp_path / "a b.jpg").write_bytes(b"x")
    url = url_for(tmp_path / "a b.jpg", mounts)
    assert url == "file:///project/a%20b.jpg"
    assert path_for(url, mounts) == (tmp_path / "a b.jpg").resolve()
    assert path_for("file:///project/../../etc/passwd", mounts) is None
    assert path_for("file:///etc/passwd", mounts) is None
    assert path_for("http://example.org/x.png", mounts) is None


def test_each_kind_is_built_in_its_own_profiles_unless_told():
    matrix = Settings(project=Path(".")).matrix
    assert [p.name for p in matrix[ANNUAL_REPORT]] == ["print-house", "office", "screen", "archive"]
    assert [p.name for p in matrix[FACTSHEET]] == ["office", "screen", "archive"]
    told = Settings(project=Path("."), profiles=("screen",), kinds=("factsheet",)).matrix
    assert told == {FACTSHEET: (PROFILES["screen"],)}
