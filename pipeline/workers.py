"""Stages 4 and 5 in a pool: each rendered document written in its format and checked, by
worker processes that keep each format's writer (WeasyPrint loaded once), largest first."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import resource
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .config import Settings
from .files import remove_partials
from .model import Output, RenderedDocument
from .formats import FORMATS, format_of
from .problems import Problem, refuses


@dataclass(frozen=True)
class Written:
    output: Output
    path: Path
    pages: int
    seconds: float
    pending: int = 0  # texts shown in the fallback language (draft builds)
    worker_peak_mb: float = 0  # the peak memory of the process that wrote it, so far
    stages: tuple[tuple[str, float], ...] = ()  # seconds in layout, drawing, writing, preflight
    process: int = 0  # the id of the process that wrote it


# Workers are replaced after this many documents each (a new worker costs about one
# second; 300 documents take about 30).
WORKER_DOCUMENTS = 300
# Workers start from a clean server process, not a fork of this one: a fork of a process that
# has run WeasyPrint (fontconfig, Pango and their threads and locks) can hang.
WORKER_CONTEXT = multiprocessing.get_context("forkserver")
WORKER_CONTEXT.set_forkserver_preload(["pipeline.pdf.writer"])


def write_all(documents: list[RenderedDocument], settings: Settings,
              progress: Callable[[Written], None] | None = None,
              early: "EarlyWriter | None" = None):
    """Write every document; return what was written and every problem found (a refused
    output keeps its last good PDF, or none; a warning keeps the new one). A lone document
    goes to the `early` writer, if the build started one."""
    documents = sorted(documents, key=lambda d: (-len(d.html), d.output.name))
    folder = settings.output_folder
    remove_partials(folder)
    worker = (settings.mounts, settings.fonts, settings.build)
    written, problems = [], []

    def collect(result):
        item, found = result
        problems.extend(found)
        if not any(refuses(problem) for problem in found):
            written.append(item)
            if progress:
                progress(item)

    if early is not None and len(documents) == 1 and early.worker == worker:
        result = early.write(documents[0], folder)
        if result is not None:
            collect(result)
            return written, problems
    if settings.workers == 1 or len(documents) <= 1:
        start_worker(*worker)
        for document in documents:
            collect(write(document, folder))
        return written, problems
    if _kept is not None:
        pool = _kept_pool(settings.workers, worker, len(documents))
        try:
            for future in concurrent.futures.as_completed(
                    [pool.submit(write, document, folder) for document in documents]):
                collect(future.result())
        except BaseException:
            keep_workers(False)  # a broken or interrupted pool is not kept
            raise
        return written, problems
    _in_fresh_pools(documents, settings, worker, folder, collect)
    return written, problems


def _in_fresh_pools(documents, settings: Settings, worker: tuple, folder: Path, collect) -> None:
    """A fresh pool for every WORKER_DOCUMENTS documents per worker keeps each worker's memory
    flat however large the edition. (The executor's own max_tasks_per_child can hang on
    Python 3.11.)"""
    workers = min(settings.workers, len(documents))
    batch = WORKER_DOCUMENTS * workers
    for start in range(0, len(documents), batch):
        pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=WORKER_CONTEXT,
                                                      initializer=start_worker,
                                                      initargs=worker)
        try:
            futures = [pool.submit(write, document, folder)
                       for document in documents[start:start + batch]]
            for future in concurrent.futures.as_completed(futures):
                collect(future.result())
        except KeyboardInterrupt:
            # Workers get the interrupt too and remove their partial files; stop the queue.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)


_kept: dict | None = None  # the pool kept between builds, if asked: pool, what for, documents


def keep_workers(keep: bool = True) -> None:
    """Keep the pool from one build to the next (the preview: a save's documents go to workers
    that have WeasyPrint loaded and its fonts and stylesheets warm), or stop keeping it."""
    global _kept
    if _kept and _kept.get("pool"):
        _kept["pool"].shutdown(wait=True, cancel_futures=True)
    _kept = {} if keep else None


def _kept_pool(workers: int, worker: tuple, count: int):
    """The kept pool, made anew for other settings or after WORKER_DOCUMENTS a worker."""
    global _kept
    if _kept.get("for") != (workers, worker) or \
            _kept["documents"] + count > WORKER_DOCUMENTS * workers:
        keep_workers(True)
        _kept = {"pool": concurrent.futures.ProcessPoolExecutor(
                     workers, mp_context=WORKER_CONTEXT, initializer=start_worker,
                     initargs=worker),
                 "for": (workers, worker), "documents": 0}
    _kept["documents"] += count
    return _kept["pool"]


class EarlyWriter:
    """A writer process forked at the start of a build expected to write one document (the
    last build of the same request did), so that WeasyPrint loads on a second core while
    this one reads the sources and renders the document: a third of `make factsheet`'s time
    after an edit. Forked, not started from the pool's server, as it must be ready at once:
    a fork is safe here because this process has not loaded WeasyPrint nor started a thread.
    Use it as a context manager: leaving it stops the process, used or not."""

    def __init__(self, settings: Settings, formats: list[str]):
        self.worker = (settings.mounts, settings.fonts, settings.build)
        self.connection, theirs = multiprocessing.Pipe()
        self.process = multiprocessing.get_context("fork").Process(
            target=_write_when_asked, args=(theirs, self.worker, formats), daemon=True)
        self.process.start()
        theirs.close()

    @staticmethod
    def wanted(expected: int, formats: list[str]) -> bool:
        """Whether to start one: one document expected, and a process safe to fork (no
        thread, no WeasyPrint, no pool kept for the preview)."""
        return (expected == 1 and bool(formats) and _kept is None
                and threading.active_count() == 1 and "weasyprint" not in sys.modules
                and "fork" in multiprocessing.get_all_start_methods())

    def write(self, document: RenderedDocument,
              folder: Path) -> tuple[Written, list[Problem]] | None:
        """The document written and checked there; None if that process is gone without a
        word (the build writes it itself)."""
        try:
            self.connection.send((document, folder))
        except OSError:
            pass  # stopped: what it said, if anything, is still to read
        try:
            outcome, answer = self.connection.recv()
        except (EOFError, OSError):
            return None
        if outcome == "failed":
            raise answer
        return answer

    def __enter__(self) -> "EarlyWriter":
        return self

    def __exit__(self, *exception) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass  # it has stopped already
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.connection.close()


def _write_when_asked(connection, worker: tuple, formats: list[str]) -> None:
    try:
        start_worker(*worker)
        for name in formats:  # what takes the time: loaded before the document is asked for
            _writer_of(FORMATS[name])
        job = connection.recv()
        if job is not None:
            connection.send(("written", write(*job)))
    except KeyboardInterrupt:
        pass  # Ctrl-C reaches every process of the build; the build says it, in one line
    except Exception as error:  # noqa: BLE001 — raised again in the build, as from the pool
        connection.send(("failed", error))


_writers: dict[str, object] = {}  # format name -> its writer in this process
_writers_for: tuple = ()


def start_worker(mounts, fonts, build_folder) -> None:
    """Writers for this process, made as documents ask for them; kept for the next build of
    the same project (the preview builds again and again in one process: WeasyPrint's fonts
    and stylesheets stay warm)."""
    global _writers_for
    if _writers_for != (mounts, fonts, build_folder):
        _writers.clear()
        _writers_for = (mounts, fonts, build_folder)


def _writer_of(format_):
    """This process's writer of a format, made at its first document."""
    if format_.name not in _writers:
        _writers[format_.name] = format_.writer(*_writers_for)
    return _writers[format_.name]


def write(document: RenderedDocument, folder: Path) -> tuple[Written, list[Problem]]:
    """Write one document with this process's writer of its format, made at its first
    document (loading WeasyPrint: the process's start-up, not the document's time)."""
    writer = _writer_of(format_of(document.output))
    started = time.perf_counter()
    target = folder / document.output.name
    pages, problems = writer.write(document, target)
    return Written(document.output, target, pages, time.perf_counter() - started,
                   document.pending_translations,
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                   tuple(writer.seconds.items()), os.getpid()), problems
