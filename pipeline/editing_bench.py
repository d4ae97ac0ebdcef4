"""What an editor waits for, the editing part of `make bench`: the live preview of the 2017
edition (save -> updated page, save -> updated report, save of a broken record -> overlay), and
`make factsheet` after an edit (a new process that writes one factsheet). Medians of several
edits of Niger's French summary, on a copy of the repository's sources."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from .config import REPOSITORY

RECORD = "sources/editions/2017/actions/niger.yaml"
# The French text is edited: an English edit would make the translations outdated, which
# stops the build until a translator has seen it (translations.py).
FRENCH_SUMMARY = re.compile(r"summary:\n  en: .*?\n  fr: (?:>-\n\s+)?(\w+)", re.S)


def copy_2017(scratch: Path, name: str) -> Path:
    """A copy of the repository's 2017 edition (its records and pictures) to edit."""
    project = scratch / name
    for folder in ("sources", "assets/images", "assets/identity"):
        shutil.copytree(REPOSITORY / folder, project / folder)
    return project


def with_word(text: str, word: str) -> str:
    """The record with `word` put before the first word of its French summary."""
    found = FRENCH_SUMMARY.search(text)
    return text[:found.start(1)] + word + " " + text[found.start(1):]


def preview_latency(scratch: Path, edits: int) -> dict:
    """The live preview of the 2017 edition (office profile), with its Niger factsheet open:
    save -> the factsheet's updated page, save -> the updated report, save of a broken record
    -> the overlay; each the median of `edits` saves, measured as a browser would see them."""
    project = copy_2017(scratch, "preview")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "--project", str(project),
                               "--port", str(port), "preview"], stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, cwd=REPOSITORY)

    def page(path: str) -> str:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", path + "?part=1")
        body = connection.getresponse().read().decode()
        connection.close()
        return body

    def until(path: str, seen) -> float:
        started = time.perf_counter()
        while not seen(body := page(path)):
            if time.perf_counter() - started > 300:  # a build that stopped says why
                raise RuntimeError(f"the preview never showed it: {body[:2000]}")
            time.sleep(0.02)
        return time.perf_counter() - started

    def settled(body: str) -> bool:  # the status line, not a word of the report's text
        return bool(re.search(r'id="status"[^>]*>up to date', body))

    factsheet, report = "/document/office/factsheet-niger-fr.pdf", \
        "/document/office/annual-report-2017-fr.pdf"
    record = project / RECORD
    try:
        server.stdout.readline()
        until("/", settled)
        opened = http.client.HTTPConnection("127.0.0.1", port)  # the open page's events
        opened.request("GET", "/events?document=office/factsheet-niger-fr.pdf")
        threading.Thread(target=lambda: opened.getresponse().read(), daemon=True).start()
        text = record.read_text(encoding="utf-8")
        times: dict[str, list[float]] = {"factsheet": [], "report": [], "overlay": []}
        for n in range(edits):
            word = f"Previewed{n}"
            record.write_text(with_word(text, word), encoding="utf-8")
            started = time.perf_counter()
            until(factsheet, lambda body: word in body)
            times["factsheet"].append(time.perf_counter() - started)
            until(report, lambda body: word in body and settled(body))
            times["report"].append(time.perf_counter() - started)
            record.write_text(text.replace("summary:", "summary: [", 1), encoding="utf-8")
            started = time.perf_counter()
            until(factsheet, lambda body: 'id="problems"' in body)
            times["overlay"].append(time.perf_counter() - started)
        record.write_text(text, encoding="utf-8")
    finally:
        server.send_signal(2)
        server.wait(timeout=60)
    return {name: statistics.median(values) for name, values in times.items()}


def one_factsheet(scratch: Path, edits: int) -> float:
    """`make factsheet ACTION=niger LANG=fr` after each of `edits` edits, from its first
    build on: the median wall time of the new process, start to exit."""
    project = copy_2017(scratch, "factsheet")
    command = [sys.executable, "-m", "pipeline", "--project", str(project), "build", "--kinds",
               "factsheet", "--profiles", "office", "--actions", "niger", "--languages", "fr"]
    subprocess.run(command, check=True, capture_output=True, cwd=REPOSITORY)
    record = project / RECORD
    text = record.read_text(encoding="utf-8")
    times = []
    for n in range(edits):
        record.write_text(with_word(text, f"Edited{n}"), encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=REPOSITORY)
        times.append(time.perf_counter() - started)
        if "built 1 PDFs" not in done.stdout:
            raise RuntimeError(f"the factsheet was not built: {done.stdout}{done.stderr}")
    return statistics.median(times)


def print_editing(scratch: Path, edits: int) -> None:
    p = preview_latency(scratch, edits)
    print(f"\nlive preview of the 2017 edition (office), median of {edits} saves:")
    print(f"  save -> updated factsheet page  {p['factsheet']:5.2f} s  (goal 1 s)")
    print(f"  save -> updated report          {p['report']:5.2f} s  (goal 5 s)")
    print(f"  save -> problems overlay        {p['overlay']:5.2f} s  (goal 0.5 s)")
    print(f"\nmake factsheet after an edit (a new process, one office factsheet), median of "
          f"{edits}: {one_factsheet(scratch, edits):.2f} s  (goal 1.5 s)")
