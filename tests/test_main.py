"""The command line: every refusal one line, and a last line that says what happened."""

from __future__ import annotations

import shutil
import subprocess
import sys

from pipeline.config import REPOSITORY


def run(project, *arguments):
    return subprocess.run([sys.executable, "-m", "pipeline", *arguments, "--project",
                           str(project)], capture_output=True, text=True, cwd=REPOSITORY)


def test_a_build_that_fails_part_way_says_what_was_written_and_what_was_not(sample):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    with (sample / "layouts/css/factsheet.css").open("a") as css:
        css.write("\n.story { colour: red; }\n")  # WeasyPrint warns: factsheets fail
    result = run(sample, "build", "--profiles", "office", "--jobs", "1")
    assert result.returncode == 1
    last = result.stderr.splitlines()[-1]
    assert last.startswith("built 3 PDFs (")
    assert ("0 up to date, 3 failed (office/factsheet-sample-action-en.pdf, "
            "office/factsheet-sample-action-es.pdf, office/factsheet-sample-action-fr.pdf; "
            "each keeps its previous PDF, if any)") in last
    assert sorted(p.name for p in (sample / "build/2017/office").glob("*.pdf")) == [
        f"annual-report-2017-{lang}.pdf" for lang in ("en", "es", "fr")]


def test_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True,
                            text=True, cwd=REPOSITORY)
    for command in ("build", "check", "desk", "archive", "verify-archive", "proofs"):
        assert f"  {command} " in result.stdout
