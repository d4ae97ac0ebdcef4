"""Decides what to build and calls the stages in order; nothing else."""

from __future__ import annotations

import concurrent.futures
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .images import load_slots, resolve_images
from .model import Output, RenderedDocument, Sources
from .pdf import PdfWriter
from .problems import PipelineError, Problem
from .profiles import PROFILES
from .render import Layouts, Renderer, image_uses
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
    seconds: dict[str, float]  # wall time of each stage
    renditions_made: int
    renditions_reused: int


def check(settings: Settings):
    """Stage 1 alone: read and validate the sources."""
    return read_sources(settings.project, settings.year, settings.draft)


def outputs_for(sources: Sources, settings: Settings) -> list[Output]:
    """Every output of the edition: each document kind, in each of its profiles and languages."""
    year, outputs = sources.edition.year, []
    for kind, profiles in settings.matrix.items():
        for profile in profiles:
            paper = settings.paper if profile == "office" else "a4"
            for language in sources.programme.languages:
                if kind == "annual-report":
                    outputs.append(Output(kind, language, year, None, profile, paper))
                else:
                    outputs.extend(Output(kind, language, year, action.id, profile, paper)
                                   for action in sources.actions)
    return outputs


def build(settings: Settings, only: set[str] | None = None) -> BuildResult:
    """Build every output of the edition, or those named in `only` (a file name matches it in
    every profile, `office/<file name>` in one)."""
    clock = _Clock()
    sources = read_sources(settings.project, settings.year, settings.draft)
    clock.lap("sources")
    outputs = [o for o in outputs_for(sources, settings)
               if only is None or o.filename in only or o.name in only]
    layouts = Layouts(settings.layouts)
    by_profile: dict[tuple[str, str], list[Output]] = {}
    for output in outputs:
        by_profile.setdefault((output.profile, output.paper), []).append(output)
    prepared, problems = {}, []
    for (profile_name, paper), group in by_profile.items():
        try:
            prepared[(profile_name, paper)] = resolve_images(
                sources, image_uses(sources, group),
                load_slots(settings.layouts, paper, PROFILES[profile_name].bleed_mm),
                PROFILES[profile_name], settings.build)
        except PipelineError as error:
            problems.extend(error.problems)
    if problems:
        raise PipelineError(problems)
    report = [line for images in prepared.values() for line in images.report]
    _write_atomically(settings.output_folder / "images.txt", "\n".join(report) + "\n")
    clock.lap("images")
    documents = []
    for (profile_name, paper), group in by_profile.items():
        renderer = Renderer(sources, prepared[(profile_name, paper)].figures, layouts,
                            settings.mounts, settings.draft, PROFILES[profile_name], paper)
        documents.extend(renderer.render(output) for output in group)
    clock.lap("html")
    # The largest documents first, so no worker is left with a report at the end.
    documents.sort(key=lambda d: (d.output.kind != "annual-report", d.output.name))
    worker = (settings.mounts, settings.fonts, settings.build)
    if settings.workers == 1 or len(documents) == 1:
        _start_worker(*worker)
        results = [_write(d, settings.output_folder) for d in documents]
    else:
        with concurrent.futures.ProcessPoolExecutor(
                settings.workers, initializer=_start_worker, initargs=worker) as pool:
            results = list(pool.map(_write, documents,
                                    [settings.output_folder] * len(documents)))
    clock.lap("pdf")
    problems = [p for _, p in results if p]
    if problems:
        raise PipelineError([p for group in problems for p in group])
    return BuildResult(sorted((w for w, _ in results), key=lambda w: w.output.name),
                       sources.warnings, clock.laps,
                       sum(i.made for i in prepared.values()),
                       sum(i.reused for i in prepared.values()))


class _Clock:
    def __init__(self):
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self.last
        self.last = now


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


_writer: PdfWriter | None = None


def _start_worker(mounts, fonts, build_folder) -> None:
    global _writer
    _writer = PdfWriter(mounts, fonts, build_folder)


def _write(document: RenderedDocument, folder: Path):
    started = time.perf_counter()
    target = folder / document.output.folder / document.output.filename
    pages, problems = _writer.write(document, target)
    return Written(document.output, target, pages, time.perf_counter() - started,
                   document.pending_translations), problems
