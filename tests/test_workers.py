"""The pool of workers: a build stopped at any moment leaves each PDF old or new, never half."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from tests.conftest import edit


def _interruptible():
    """A shell running us in the background ignores SIGINT, and Python keeps that: undo it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_interrupted_build_leaves_old_or_new_pdfs_and_no_partial_files(sample):
    profiles = "office,screen,archive"
    settings = Settings(project=sample, jobs=2, profiles=tuple(profiles.split(",")))
    build(settings)
    before = {p: p.stat().st_mtime_ns for p in (sample / "build/2017").glob("*/*.pdf")}
    edit(sample, "sources/editions/2017/edition.yaml", "The sample programme tests", "The sample one tests")
    process = subprocess.Popen([sys.executable, "-m", "pipeline", "build", "--project",
                                str(sample), "--profiles", profiles, "--jobs", "2"],
                               cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, preexec_fn=_interruptible)
    deadline = time.time() + 60
    while time.time() < deadline and all(p.stat().st_mtime_ns == m for p, m in before.items()):
        time.sleep(0.05)  # until the first new PDF is in place: the build is mid-way
    os.killpg(process.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    after = {p: p.stat().st_mtime_ns for p in (sample / "build/2017").glob("*/*.pdf")}
    assert set(after) == set(before)
    renewed = [p for p in after if after[p] != before[p]]
    assert 0 < len(renewed) < len(after)  # some new, some old: it did stop half-way
    for path in after:
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert not list((sample / "build/2017").glob("*/.*.part"))


def test_a_deleted_pdf_is_rebuilt_and_stale_partials_are_removed(sample):
    settings = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",))
    build(settings)
    target = sample / "build/2017/office/factsheet-sample-action-fr.pdf"
    target.unlink()
    leftover = target.with_name(".factsheet-sample-action-es.pdf.x1y2.part")
    leftover.write_bytes(b"half a PDF")
    result = build(settings)
    assert [w.output.name for w in result.written] == ["office/factsheet-sample-action-fr.pdf"]
    assert target.exists() and not leftover.exists()


def test_kept_workers_write_the_next_builds_documents_until_let_go(sample):
    from pipeline import workers
    settings = Settings(project=sample, jobs=2, profiles=("office",), kinds=("factsheet",))
    workers.keep_workers()
    try:
        assert len(build(settings).written) == 3
        pool = workers._kept["pool"]
        processes = set(pool._processes)
        record = "sources/editions/2017/actions/sample-action.yaml"
        for old, new in (("passing tests.", "green tests."), ("tests réussis.", "tests verts."),
                         ("pruebas superadas.", "pruebas verdes.")):
            edit(sample, record, old, new)  # every language's factsheet changes
        assert len(build(settings).written) == 3
        assert workers._kept["pool"] is pool and set(pool._processes) == processes
    finally:
        workers.keep_workers(False)
    assert workers._kept is None and not pool._processes  # shut down


ONE_FACTSHEET = """
import os, sys
from pathlib import Path
from pipeline.__main__ import main
from pipeline.build import build
from pipeline.config import Settings

settings = Settings(project=Path(sys.argv[1]), profiles=("office",), kinds=("factsheet",),
                    actions=("sample-action",), languages=("fr",))
if sys.argv[2:]:
    sys.exit(main(["build", "--project", sys.argv[1], "--profiles", "office", "--kinds",
                   "factsheet", "--actions", "sample-action", "--languages", "fr"]))
print(" ".join("here" if w.process == os.getpid() else "forked" for w in build(settings).written))
"""


def test_one_document_is_written_by_a_writer_forked_at_the_start_to_the_same_bytes(sample):
    """`make factsheet` after an edit: WeasyPrint loads in a process forked when the build
    starts, as the last build of the request wrote one document; it writes what the build's
    own process would have, and stops when the build stops early. Each build in a new
    process, as a user's: a fork of a process that has loaded WeasyPrint can hang."""
    record = "sources/editions/2017/actions/sample-action.yaml"
    target = sample / "build/2017/office/factsheet-sample-action-fr.pdf"

    def one_build(*cli: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", ONE_FACTSHEET, str(sample), *cli],
                              cwd=REPOSITORY, capture_output=True, text=True, timeout=300)

    assert one_build().stdout.split() == ["here"]  # no build of this request before
    before = target.read_bytes()
    edit(sample, record, "mène à des tests réussis.", "mène à des tests verts.")
    assert one_build().stdout.split() == ["forked"]
    assert target.read_bytes() != before
    edit(sample, record, "mène à des tests verts.", "mène à des tests réussis.")
    assert one_build().stdout.split() == ["forked"]
    assert target.read_bytes() == before  # the same bytes as written in the build's process
    edit(sample, record, "id: sample-action", "id: [sample-action")
    stopped = one_build("cli")
    assert stopped.returncode == 1 and "yaml." in stopped.stderr, stopped.stderr
    assert "Traceback" not in stopped.stderr  # the writer forked for it stopped quietly
    assert target.read_bytes() == before
