"""Decides what to build and calls the stages in order; nothing else."""

from __future__ import annotations

import concurrent.futures
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .images import resolve_images
from .model import Output, RenderedDocument
from .pdf import PdfWriter
from .problems import PipelineError, Problem
from .render import Layouts, Renderer, outputs_for
from .sources import read_sources


@dataclass(frozen=True)
class Written:
    output: Output
    path: Path
    pages: int
    seconds: float
    pending: int = 0  # texts shown in the fallback language (draft builds)


@dataclass(frozen=True)
class BuildResult:
    written: list[Written]
    warnings: tuple[Problem, ...]


def check(settings: Settings):
    """Stage 1 alone: read and validate the sources."""
    return read_sources(settings.project, settings.year, settings.draft)


def build(settings: Settings, only: set[str] | None = None) -> BuildResult:
    """Build every output of the edition (or those whose file names are in `only`)."""
    sources = read_sources(settings.project, settings.year, settings.draft)
    figures = resolve_images(sources, settings.build)
    renderer = Renderer(sources, figures, Layouts(settings.layouts), settings.mounts,
                        settings.draft)
    outputs = [o for o in outputs_for(sources) if only is None or o.filename in only]
    documents = [renderer.render(output) for output in outputs]
    # The largest documents first, so no worker is left with a report at the end.
    documents.sort(key=lambda d: (d.output.kind != "annual-report", d.output.filename))
    worker = (settings.mounts, settings.fonts, settings.build)
    if settings.workers == 1 or len(documents) == 1:
        _start_worker(*worker)
        results = [_write(d, settings.output_folder) for d in documents]
    else:
        with concurrent.futures.ProcessPoolExecutor(
                settings.workers, initializer=_start_worker, initargs=worker) as pool:
            results = list(pool.map(_write, documents,
                                    [settings.output_folder] * len(documents)))
    problems = [p for _, p in results if p]
    if problems:
        raise PipelineError([p for group in problems for p in group])
    return BuildResult(sorted((w for w, _ in results), key=lambda w: w.path.name),
                       sources.warnings)


_writer: PdfWriter | None = None


def _start_worker(mounts, fonts, build_folder) -> None:
    global _writer
    _writer = PdfWriter(mounts, fonts, build_folder)


def _write(document: RenderedDocument, folder: Path):
    started = time.perf_counter()
    target = folder / document.output.filename
    pages, problems = _writer.write(document, target)
    return Written(document.output, target, pages, time.perf_counter() - started,
                   document.pending_translations), problems
