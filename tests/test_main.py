"""The command line: every refusal one line, and a last line that says what happened."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from pipeline.config import REPOSITORY


def run(project, *arguments, **settings):
    """The command line, with settings given as the environment gives them (YEAR=…)."""
    return subprocess.run([sys.executable, "-m", "pipeline", *arguments, "--project",
                           str(project)], capture_output=True, text=True, cwd=REPOSITORY,
                          env={**os.environ, **settings})


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
            "each keeps its previous file, if any)") in last
    assert sorted(p.name for p in (sample / "build/2017/office").glob("*.pdf")) == [
        f"annual-report-2017-{lang}.pdf" for lang in ("en", "es", "fr")]


def test_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True,
                            text=True, cwd=REPOSITORY)
    for command in ("build", "check", "desk", "archive", "verify-archive", "proofs"):
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize("variable, value, line", [
    ("YEAR", "../../etc", "YEAR: error: ../../etc: not a year; write four digits, e.g. "
                          "YEAR=2018 [settings.year]"),
    ("JOBS", "two", "JOBS: error: two: not a number of workers; write 0 (one per core), 1, 2… "
                    "[settings.jobs]"),
    ("PAPER", "a5", "PAPER: error: a5: not a paper; choose a4 or letter [settings.paper]"),
    ("PROFILES", "print", "PROFILES: error: print: no such profile; choose from print-house, "
                          "office, screen, archive, web [settings.profiles]"),
])
def test_a_setting_that_is_not_a_value_is_one_line(sample, variable, value, line):
    result = run(sample, "build", **{variable: value})
    assert result.returncode == 2 and result.stderr.splitlines() == [line]


@pytest.mark.parametrize("variable, value, line", [
    ("LANGS", "de", "LANGS: error: de: edition 2017 has no document in this language; its "
                    "languages: en, es, fr [settings.languages]"),
    ("ACTION", "nonexistent", "ACTION: error: nonexistent: edition 2017 has no factsheet of "
                              "this Action; it has: sample-action [settings.actions]"),
])
def test_a_selection_that_matches_nothing_says_what_there_is(sample, variable, value, line):
    result = run(sample, "build", **{variable: value})
    assert result.returncode == 1 and result.stderr.splitlines()[0] == line
    missing = run(sample, "build", "--only", "nothing.pdf")
    assert missing.returncode == 1
    assert missing.stderr.startswith("--only: error: nothing.pdf: edition 2017 has no output")


def test_one_factsheet_asked_for_says_where_it_is(sample):
    result = run(sample, "build", "--kinds", "factsheet", "--profiles", "office", "--actions",
                 "sample-action", "--languages", "fr", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert f"  {sample / 'build/2017/office/factsheet-sample-action-fr.pdf'}" in \
        result.stdout.splitlines()


def test_make_help_keeps_its_columns():
    result = subprocess.run(["make", "-s", "help"], capture_output=True, text=True,
                            cwd=REPOSITORY)
    columns = {re.match(r"\s*make \S+\s+", line).end() for line in result.stdout.splitlines()}
    assert len(columns) == 1, result.stdout
