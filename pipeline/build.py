"""Decides what to build and calls the stages in order; nothing else.

Only outputs whose inputs changed are built again (build state in build/state-<year>.json);
PDFs are written by a pool of worker processes, the largest documents first.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import multiprocessing
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .config import Settings
from .images import load_slots, resolve_images
from .model import Output, RenderedDocument, Sources
from .pdf import PdfWriter
from .problems import PipelineError, Problem
from .profiles import PROFILES
from .render import Layouts, Renderer, image_uses, layout_files, records_of
from .sources import read_sources
from .state import BuildState, pipeline_version


@dataclass(frozen=True)
class Written:
    output: Output
    path: Path
    pages: int
    seconds: float
    pending: int = 0  # texts shown in the fallback language (draft builds)
    worker_peak_mb: float = 0  # the peak memory of the process that wrote it, so far


@dataclass(frozen=True)
class BuildResult:
    written: list[Written]
    up_to_date: list[str]  # output names that needed nothing
    warnings: tuple[Problem, ...]
    seconds: dict[str, float]  # wall time of each stage
    renditions_made: int = 0
    renditions_reused: int = 0


def check(settings: Settings) -> Sources:
    """Stage 1 alone: read and validate the sources."""
    return read_sources(settings.project, settings.year, settings.draft)


def outputs_for(sources: Sources, settings: Settings) -> list[Output]:
    """Every output the settings ask for: each document kind, in its profiles and languages."""
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
    return [output for output in outputs if settings.wants(output)]


def build(settings: Settings, progress: Callable[[Written], None] | None = None) -> BuildResult:
    """Build what the settings ask for, doing again only what changed since the last build."""
    clock = _Clock()
    state = BuildState.load(settings.build / f"state-{settings.year}.json", _state_mounts(settings))
    plan = _plan_key(settings)
    planned = state.plans.get(plan)
    if planned is not None and _all_up_to_date(state, planned, settings):
        clock.lap("check")
        return BuildResult([], planned, (), clock.laps)

    sources = read_sources(settings.project, settings.year, settings.draft)
    clock.lap("sources")
    outputs = outputs_for(sources, settings)
    version = pipeline_version()
    inputs = {o.name: _inputs(sources, o, settings) for o in outputs}
    keys = {o.name: state.key(inputs[o.name], _settings_key(o, settings, version)) for o in outputs}
    dirty = [o for o in outputs if state.outputs.get(o.name, {}).get("key") != keys[o.name]
             or not (settings.output_folder / o.name).exists()]
    clock.lap("plan")

    by_profile: dict[tuple[str, str], list[Output]] = {}
    for output in dirty:
        by_profile.setdefault((output.profile, output.paper), []).append(output)
    prepared, problems = {}, []
    for (profile_name, paper), group in by_profile.items():
        profile = PROFILES[profile_name]
        try:
            prepared[(profile_name, paper)] = resolve_images(
                sources, image_uses(sources, group),
                load_slots(settings.layouts, paper, profile.bleed_mm), profile, settings.build)
        except PipelineError as error:
            problems.extend(error.problems)
    if problems:
        raise PipelineError(problems)
    if prepared:
        report = [line for images in prepared.values() for line in images.report]
        _write_atomically(settings.output_folder / "images.txt", "\n".join(report) + "\n")
    clock.lap("images")

    layouts = Layouts(settings.layouts)
    documents = []
    for (profile_name, paper), group in by_profile.items():
        renderer = Renderer(sources, prepared[(profile_name, paper)].figures, layouts,
                            settings.mounts, settings.draft, PROFILES[profile_name], paper)
        documents.extend(renderer.render(output) for output in group)
    clock.lap("html")

    written, problems = _write_all(documents, settings, progress)
    for item in written:
        state.outputs[item.output.name] = {
            "key": keys[item.output.name], "inputs": inputs[item.output.name],
            "settings": _settings_key(item.output, settings, version), "pages": item.pages}
    if not problems:
        state.plans[plan] = [o.name for o in outputs]
    state.save()
    clock.lap("pdf")
    if problems:
        raise PipelineError(problems)
    built = {w.output.name for w in written}
    return BuildResult(sorted(written, key=lambda w: w.output.name),
                       [o.name for o in outputs if o.name not in built], sources.warnings,
                       clock.laps, sum(i.made for i in prepared.values()),
                       sum(i.reused for i in prepared.values()))


def _write_all(documents: list[RenderedDocument], settings: Settings, progress):
    """Stages 4 and 5 for every document, in a pool sized to the cores, largest first."""
    documents.sort(key=lambda d: (-len(d.html), d.output.name))
    folder = settings.output_folder
    _remove_stale_partials(folder)
    worker = (settings.mounts, settings.fonts, settings.build)
    written, problems = [], []

    def collect(result):
        item, found = result
        if found:
            problems.extend(found)
        else:
            written.append(item)
            if progress:
                progress(item)

    if settings.workers == 1 or len(documents) <= 1:
        _start_worker(*worker)
        for document in documents:
            collect(_write(document, folder))
        return written, problems
    # A fresh pool for every WORKER_DOCUMENTS documents per worker keeps each worker's memory
    # flat however large the edition. (The executor's own max_tasks_per_child can hang on
    # Python 3.11.)
    workers = min(settings.workers, len(documents))
    batch = WORKER_DOCUMENTS * workers
    for start in range(0, len(documents), batch):
        pool = concurrent.futures.ProcessPoolExecutor(workers, mp_context=_WORKER_CONTEXT,
                                                      initializer=_start_worker,
                                                      initargs=worker)
        try:
            futures = [pool.submit(_write, document, folder)
                       for document in documents[start:start + batch]]
            for future in concurrent.futures.as_completed(futures):
                collect(future.result())
        except KeyboardInterrupt:
            # Workers get the interrupt too and remove their partial files; stop the queue.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
    return written, problems


def _inputs(sources: Sources, output: Output, settings: Settings) -> list[str]:
    """Every file that goes into one output, named by mount."""
    records = records_of(sources, output)
    names = [f"project:{record}" for record in records]
    root = settings.project.resolve()
    for record in records:
        if record.startswith("sources/images/"):
            # The plain file and the language's variant, which may not exist (yet): adding
            # `photo.fr.jpg` later must rebuild the French documents.
            image = sources.image(Path(record).stem)
            variant = image.file.with_name(f"{image.file.stem}.{output.language}{image.file.suffix}")
            names += [f"project:{path.resolve().relative_to(root).as_posix()}"
                      for path in (image.file, variant)]
    names += [f"layouts:{name}" for name in layout_files(output)]
    names += [f"fonts:{path.name}" for path in sorted(settings.fonts.iterdir()) if path.is_file()]
    if PROFILES[output.profile].colour == "cmyk":
        names.append("colour:FOGRA39L-coated.icc")
    return names


def _settings_key(output: Output, settings: Settings, version: str) -> str:
    return f"{output.name}|{output.profile}|{output.paper}|draft={settings.draft}|{version}"


def _plan_key(settings: Settings) -> str:
    """What was asked, and which source files exist: a new or removed record makes a new plan."""
    listing = sorted(p.relative_to(settings.project).as_posix()
                     for p in (settings.project / "sources").rglob("*.yaml"))
    asked = [settings.year, settings.matrix, settings.paper, settings.draft, settings.actions,
             settings.languages, settings.names, listing]
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()[:16]


def _all_up_to_date(state: BuildState, names: list[str], settings: Settings) -> bool:
    """The fast path of a rebuild: every input file unchanged (by stat, or by content if
    touched) and every PDF in place, without reading the sources."""
    if any(name not in state.outputs for name in names):
        return False
    files = {name for output in names for name in state.outputs[output]["inputs"]}
    if any(state.files.get(name, [None] * 4)[3] != state.digest(name) for name in files):
        return False
    version = pipeline_version()
    if any(state.outputs[name]["settings"].rsplit("|", 1)[-1] != version for name in names):
        return False
    return all((settings.output_folder / name).exists() for name in names)


def _state_mounts(settings: Settings) -> dict[str, Path]:
    return {**settings.mounts, "fonts": settings.fonts.resolve()}


def _remove_stale_partials(folder: Path) -> None:
    """Temporary files a killed build left behind (hidden, never taken for outputs)."""
    for partial in folder.glob("*/.*.part"):
        partial.unlink(missing_ok=True)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.part")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


class _Clock:
    def __init__(self):
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = now - self.last
        self.last = now


_writer: PdfWriter | None = None
# Workers are replaced after this many documents each (a new worker costs about one
# second; 300 documents take about 30).
WORKER_DOCUMENTS = 300
# Workers start from a clean server process, not a fork of this one: a fork of a process that
# has run WeasyPrint (fontconfig, Pango and their threads and locks) can hang.
_WORKER_CONTEXT = multiprocessing.get_context("forkserver")
_WORKER_CONTEXT.set_forkserver_preload(["pipeline.pdf"])


def _start_worker(mounts, fonts, build_folder) -> None:
    global _writer
    _writer = PdfWriter(mounts, fonts, build_folder)


def _write(document: RenderedDocument, folder: Path):
    started = time.perf_counter()
    target = folder / document.output.folder / document.output.filename
    pages, problems = _writer.write(document, target)
    return Written(document.output, target, pages, time.perf_counter() - started,
                   document.pending_translations,
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), problems
