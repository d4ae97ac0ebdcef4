"""The web edition's budgets, measured (`make bench`, not a test): the 2017 web edition from
nothing and after the PDFs, a rebuild with nothing to do, one Action's edit (which pages it
rewrites), and each page's weight before pictures (HTML, CSS and the fonts a browser loads for
it, as Debian's Chromium loads them)."""

from __future__ import annotations

import gzip
import http.server
import shutil
import statistics
import threading
import time
from functools import partial
from pathlib import Path

from ..build import build
from ..config import Settings
from ..editing_bench import RECORD, copy_2017, with_word

CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium as root in a closed network: no sandbox, no background connections (the
# tests' browser, tests/browser.py, launches it alike).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BUDGET_KB = 150  # a page's HTML + CSS + fonts before pictures
BUDGET_S = 10  # the edition from scratch on two cores


def web_budget(scratch: Path) -> dict:
    project = copy_2017(scratch, "web-2017")
    web = Settings(project=project, profiles=("web",))
    cold = _timed(lambda: build(web))
    build(Settings(project=project))  # the PDFs, which the pages link
    shutil.rmtree(project / "build/2017/web")
    shutil.rmtree(project / "build/web-fonts")
    after_pdfs = _timed(lambda: build(web))
    noop = _timed(lambda: build(web))
    record = project / RECORD
    record.write_text(with_word(record.read_text(encoding="utf-8"), "En 2017,"),
                      encoding="utf-8")
    started = time.perf_counter()
    edited = build(web)
    return {"cold": cold, "after_pdfs": after_pdfs, "noop": noop,
            "edit": time.perf_counter() - started,
            "rewritten": sorted(w.output.name for w in edited.written),
            "weights": page_weights(project / "build/2017/web")}


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def page_weights(folder: Path) -> dict[str, tuple[int, int]]:
    """Each page's bytes before pictures as Debian's Chromium loads it (the HTML, its
    stylesheet and the fonts its text asks for), as stored and as a host sends it gzipped
    (the fonts are WOFF2, compressed already)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  (the test extra)

    handler = partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    weights = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for page_file in sorted(folder.glob("*.html")):
                loaded: list[tuple[str, str]] = []
                page = browser.new_page()
                page.on("request", lambda r: loaded.append((r.resource_type, r.url)))
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{page_file.name}")
                page.evaluate("document.fonts.ready.then(() => true)")
                page.close()
                files = [folder / url.split("/", 3)[3] for kind, url in loaded
                         if kind in ("document", "stylesheet", "font")]
                data = [path.read_bytes() for path in files]
                weights[page_file.name] = (sum(map(len, data)), sum(
                    len(gzip.compress(d)) if p.suffix in (".html", ".css") else len(d)
                    for p, d in zip(files, data)))
            browser.close()
    finally:
        server.shutdown()
    return weights


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def print_web(m: dict) -> list[str]:
    """The figures, and the budgets they miss."""
    print("\nweb edition of 2017 (en, fr, es: 36 pages):")
    print(f"  from nothing (renditions, fonts)  {m['cold']:5.1f} s   (goal {BUDGET_S} s)")
    print(f"  after the PDFs (make web)         {m['after_pdfs']:5.1f} s")
    print(f"  nothing to do                     {m['noop']:5.2f} s")
    print(f"  one Action's French summary       {m['edit']:5.2f} s, rewrote "
          f"{', '.join(name.removeprefix('web/') for name in m['rewritten'])}")
    weights = m["weights"]
    median = statistics.median(stored for stored, _ in weights.values())
    print(f"  page before pictures: median {median / 1000:.0f} kB; over {BUDGET_KB} kB:")
    over = {name: w for name, w in weights.items() if w[0] > BUDGET_KB * 1000}
    for name, (stored, sent) in over.items():
        print(f"    {name}: {stored / 1000:.0f} kB ({sent / 1000:.0f} kB sent gzipped)")
    return ([f"web from nothing {m['cold']:.1f} s"] if m["cold"] > BUDGET_S else []) + [
        f"web page {name}" for name in over]
