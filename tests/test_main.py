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


def test_an_interrupt_in_a_finaliser_is_not_printed_as_a_fault(capsys):
    """Ctrl-C can land in a weak reference's callback, where Python can only print it
    ("Exception ignored in …" and a traceback); the command line's one line says it."""
    import gc
    import sys
    import weakref

    from pipeline.__main__ import _quiet_interrupt

    class Thing:
        pass

    def interrupted(_):
        raise KeyboardInterrupt

    default = sys.unraisablehook
    sys.unraisablehook = _quiet_interrupt
    try:
        thing = Thing()
        reference = weakref.ref(thing, interrupted)
        del thing
        gc.collect()
        assert reference() is None
    finally:
        sys.unraisablehook = default
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("after", [0.2, 0.3])
def test_ctrl_c_while_the_pipeline_loads_is_one_line(sample, after):
    """Ctrl-C in the first half second (the pipeline's modules loading) is said in one line
    with exit code 130, as later, not as a traceback of an import."""
    import signal
    import time
    started = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--project", str(sample)], cwd=REPOSITORY,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    time.sleep(after)
    os.killpg(started.pid, signal.SIGINT)
    _, err = started.communicate(timeout=60)
    assert started.returncode == 130 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted: ")
