"""How the command line ends: Ctrl-C in one line wherever it lands."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
import weakref

import pytest

from pipeline.config import REPOSITORY
from pipeline.ending import quiet_interrupt


def test_an_interrupt_in_a_finaliser_is_not_printed_as_a_fault(capsys):
    """Ctrl-C can land in a weak reference's callback, where Python can only print it
    ("Exception ignored in …" and a traceback); the command line's one line says it."""
    class Thing:
        pass

    def interrupted(_):
        raise KeyboardInterrupt

    default = sys.unraisablehook
    sys.unraisablehook = quiet_interrupt
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
    started = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--project", str(sample)], cwd=REPOSITORY,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    time.sleep(after)
    os.killpg(started.pid, signal.SIGINT)
    _, err = started.communicate(timeout=60)
    assert started.returncode == 130 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted: ")
