"""Calls the stages in order, for what the plan says is stale; nothing else.

Stage 1 reads the sources, the plan decides which outputs to build again (build state in
build/state-<year>.json), stage 2 prepares their images per profile and paper, stage 3 renders
their HTML, and the workers write and check the PDFs (stages 4 and 5).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Callable

from .config import Settings
from .files import Fenced, within, write_atomically
from .images import PreparedImages, load_slots, resolve_images
from .kinds import FACTSHEET, KINDS
from .model import Output, RenderedDocument, Sources
from .maps.placed import draw_maps
from .formats import FORMATS, format_of
from .plan import Plan, all_up_to_date, image_uses, make_plan, outputs_for, plan_key
from .problems import Location, PipelineError, Problem, refuses, shown
from .render import Layouts, Renderer, Words
from .sources.assemble import read_sources
from .translations import catalog_problems
from .state import BuildState, signed
from .workers import EarlyWriter, Written, write_all


@dataclass(frozen=True)
class BuildResult:
    written: list[Written]
    up_to_date: list[str]  # output names that needed nothing
    warnings: tuple[Problem, ...]
    seconds: dict[str, float]  # wall time of each stage
    renditions_made: int = 0
    renditions_reused: int = 0
    failed: list[str] = field(default_factory=list)  # output names whose PDF was not written


class BuildFailed(PipelineError):
    """Some outputs failed after others were written; says which were and which were not."""

    def __init__(self, problems: list[Problem], result: BuildResult):
        super().__init__(problems)
        self.result = result


def check(settings: Settings) -> Sources:
    """Stage 1 alone: read and validate the sources and the layout words of every language
    the edition's documents are in, and copyfit each kind's documents (the estimate the build
    designs them by: what check passes, the build fits)."""
    sources = read_sources(settings.project, settings.year, settings.draft)
    languages = {code for action in sources.actions
                 for code in FACTSHEET.languages_of(sources, action)}
    found = catalog_problems(settings.layouts, languages | set(sources.edition.languages),
                             settings.draft, settings.build / "cache")
    if not any(p.level == "error" for p in found):  # copyfitting sets the layout's words
        found += fit_problems(sources, settings, KINDS.values())
    if any(p.level == "error" for p in found):
        raise PipelineError(found)
    return replace(sources, warnings=tuple(sorted((*sources.warnings, *found))))


def fit_problems(sources: Sources, settings: Settings, kinds, about=None) -> list[Problem]:
    """What will not fit the pages of the given kinds, in the words of each language: every
    document's, or those about these (kinds.DocumentKind.fit_problems)."""
    layouts = Layouts(settings.layouts)
    say = functools.cache(lambda language: Words.of(sources, language, layouts))
    return [problem for kind in kinds
            for problem in kind.fit_problems(sources, say, settings.draft, about)]


def build(settings: Settings, progress: Callable[[Written], None] | None = None) -> BuildResult:
    """Build what the settings ask for, doing again only what changed since the last build."""
    clock = _Clock()
    state = BuildState.load(settings.build / f"state-{settings.year}.json", _state_mounts(settings))
    key = plan_key(settings)
    planned = state.plans.get(key)
    if planned is not None and all_up_to_date(state, planned, settings):
        if state.restated:  # files touched, not changed: not hashed again next time
            state.save()
        _image_list(state, settings.output_folder)
        clock.lap("check")
        return BuildResult([], planned, (), clock.laps)

    with _early_writer(settings, planned) as early, _begun(settings):
        sources = read_sources(settings.project, settings.year, settings.draft)
        clock.lap("sources")
        layouts = Layouts(settings.layouts)
        outputs, sources = _checked_outputs(sources, settings, layouts)
        clock.lap("plan")
        plans, written, found, prepared, kept = _phases(sources, outputs, settings, state,
                                                        layouts, progress, clock, early)
    problems = [p for p in found if refuses(p)]
    if not problems:
        state.plans[key] = [o.name for o in outputs]
    state.save()
    _image_list(state, settings.output_folder)
    clock.lap("pdf")
    result = _result(plans, written, sources, prepared, clock,
                     [p for p in found if not refuses(p)], state.warnings, kept)
    if problems or (settings.strict and result.warnings):
        raise BuildFailed(found, result)
    return result


def _early_writer(settings: Settings, planned: list[str] | None):
    """A writer started now, if the last build of this request wrote one document in one
    format (workers.EarlyWriter); else nothing to leave."""
    formats = sorted({PurePosixPath(name).suffix[1:] for name in planned or ()} & set(FORMATS))
    if EarlyWriter.wanted(len(planned or ()), formats):
        return EarlyWriter(settings, formats)
    return contextlib.nullcontext()


def _begun(settings: Settings) -> contextlib.ExitStack:
    """What the formats asked for begin before the sources are read (Format.begun)."""
    stack = contextlib.ExitStack()
    for name in sorted({profile.format for profiles in settings.matrix.values()
                        for profile in profiles}):
        stack.enter_context(FORMATS[name].begun(settings))
    return stack


def _phases(sources: Sources, outputs: list[Output], settings: Settings, state: BuildState,
            layouts: Layouts, progress, clock: "_Clock", early=None):
    """Format phase by format phase, each planned when the one before is written: a web
    page's inputs are the PDFs it links."""
    plans, written, found, prepared, kept = [], [], [], {}, []
    for phase in sorted({format_of(output).phase for output in outputs}):
        plan = make_plan(sources, settings, state,
                         [o for o in outputs if format_of(o).phase == phase])
        sameness = Sameness(plan, state, settings.output_folder)
        made, problems, images, same = produce(sources, plan.dirty, settings, layouts,
                                               progress, clock, early, sameness.same)
        _record(state, plan, made, images, same, sameness.made)
        plans.append(plan)
        written += made
        found += problems
        prepared.update(images)
        kept += same
    return plans, written, found, prepared, kept


def produce(sources: Sources, outputs, settings: Settings, layouts: Layouts,
            progress: Callable[[Written], None] | None = None, clock: "_Clock | None" = None,
            early=None, same: Callable[[RenderedDocument], bool] = lambda document: False):
    """The stage chain for some outputs: their documents (`rendered`), each written and
    checked in its format (stages 4 and 5), but those whose file is the `same` as they would
    write. Returns what was written, every problem found, the prepared images by profile and
    paper, and the outputs whose file was kept."""
    clock = clock or _Clock()
    documents, prepared = rendered(sources, outputs, settings, layouts, clock)
    unchanged = [same(document) for document in documents]
    kept = [d.output for d, is_same in zip(documents, unchanged) if is_same]
    written, found = write_all([d for d, is_same in zip(documents, unchanged) if not is_same],
                               settings, progress, early)
    for format_ in {format_of(output) for output in outputs}:
        format_.finish(settings)
    return written, found, prepared, kept


@dataclass
class Sameness:
    """What each document of a plan is made from: its HTML, stylesheets and metadata, its
    settings (the pipeline's version among them), the files it attaches, and every input that
    is not a record (fonts, layouts, pictures, the PDFs a page links); records reach a file
    only through these. A document made from the very same as its intact file is not written
    again: an edit of an English text leaves the French report as it was, though the French
    report reads the English (to tell an outdated translation)."""

    plan: Plan
    state: BuildState
    folder: Path
    made: dict[str, str] = field(default_factory=dict)  # output name -> what it is made from

    def same(self, document: RenderedDocument) -> bool:
        name = document.output.name
        digest = hashlib.sha256()
        for part in (self.plan.settings[name], document.html, *document.stylesheets,
                     document.title, document.author, document.subject, *document.keywords,
                     document.created.isoformat(), document.pending_translations,
                     document.draft, *document.files):
            digest.update(f"{part}\0".encode())
        for path in document.attachments if document.output.profile.attaches_sources else ():
            digest.update(f"{path}\0{self.state.digest(f'project:{path}')}\0".encode())
        for input_ in sorted(self.plan.inputs[name]):
            if not input_.startswith("project:sources/"):
                digest.update(f"{input_}\0{self.state.digest(input_)}\0".encode())
        self.made[name] = digest.hexdigest()
        return (self.state.outputs.get(name, {}).get("made") == self.made[name]
                and self.state.intact(name, self.folder / name))


def rendered(sources: Sources, outputs, settings: Settings, layouts: Layouts,
             clock: "_Clock | None" = None):
    """Stages 2 and 3 for some outputs, as the build runs them (the bench and the tests call
    this too): their images and maps, then each document in its format, with the files its
    format sets beside it. Returns the documents and the prepared images by profile and
    paper."""
    clock = clock or _Clock()
    groups: dict[tuple, list[Output]] = {}
    for output in outputs:
        groups.setdefault((output.profile, output.paper), []).append(output)
    # The maps (Python) are drawn while the pictures are made (Pillow, outside the lock).
    with ThreadPoolExecutor(1) as beside:
        maps = beside.submit(_draw_maps, sources, groups, settings)
        prepared = _prepare_images(sources, groups, settings)
        drawn = maps.result()
    clock.lap("images")
    documents = []
    for (profile, paper), group in groups.items():
        renderer = Renderer(sources, prepared[(profile, paper)].figures, layouts,
                            settings.mounts, settings.draft, profile, paper,
                            drawn[(profile, paper)])
        format_ = format_of(profile)
        renderer.shared = format_.prepare(settings, renderer)
        documents_here = [renderer.render(output) for output in group]
        format_.make_files(documents_here, settings)
        documents += documents_here
    clock.lap("html")
    return documents, prepared


def _checked_outputs(sources: Sources, settings: Settings,
                     layouts: Layouts) -> tuple[list[Output], Sources]:
    """The outputs asked for, once nothing stops the build before it writes: warnings in a
    strict build, a language without its catalog of layout words or a word it lacks (a draft
    prints the word in English, and the sources carry the warning)."""
    if settings.strict and sources.warnings:
        raise PipelineError(sources.warnings)
    problems = _fonts_problems(settings)
    outputs = outputs_for(sources, settings)
    words = catalog_problems(layouts.folder, {output.language for output in outputs},
                             settings.draft, settings.build / "cache")
    problems += [p for p in words if p.level == "error" or settings.strict]
    if not problems:
        # In a draft these are warnings: the writer then tells the overflow it marks.
        # Only the documents asked for: one Action's factsheet waits for no other's.
        problems += [p for p in fit_problems(sources, settings,
                                             dict.fromkeys(o.kind for o in outputs),
                                             {o.about for o in outputs})
                     if p.level == "error"]
    if problems:
        raise PipelineError(problems)
    return outputs, replace(sources, warnings=sources.warnings + tuple(words))


def _fonts_problems(settings: Settings) -> list[Problem]:
    """Every file of the fonts folder is a regular file in it: fontconfig reads them all."""
    problems = []
    for path in sorted(settings.fonts.iterdir()):
        try:
            within(path, settings.fonts)
        except Fenced as refused:
            if not path.is_dir():
                problems.append(Problem(Location(f"assets/fonts/{shown(path.name)}"),
                                        f"file {refused.message}", refused.code))
    return problems


def _result(plans: list[Plan], written: list[Written], sources: Sources,
            prepared: dict[tuple, PreparedImages], clock: "_Clock",
            warnings: list[Problem], state_warnings: list[Problem],
            kept: list[Output] = ()) -> BuildResult:
    kept_names = {o.name for o in kept}
    built = {w.output.name for w in written} | kept_names
    dirty = [o for plan in plans for o in plan.dirty]
    return BuildResult(
        sorted(written, key=lambda w: w.output.name),
        [o.name for plan in plans for o in plan.outputs
         if o not in plan.dirty or o.name in kept_names],
        tuple(state_warnings) + sources.warnings
        + tuple(w for images in prepared.values() for w in images.warnings)
        + tuple(sorted(warnings)),
        clock.laps, sum(i.made for i in prepared.values()),
        sum(i.reused for i in prepared.values()),
        sorted(o.name for o in dirty if o.name not in built))


def _prepare_images(sources: Sources, groups: dict[tuple, list[Output]],
                    settings: Settings) -> dict[tuple, PreparedImages]:
    """Stage 2 for every profile and paper, all problems at once; images.txt lists the uses."""
    prepared, problems = {}, []
    for (profile, paper), group in groups.items():
        try:
            prepared[(profile, paper)] = resolve_images(
                sources, image_uses(sources, group),
                load_slots(settings.layouts, paper, profile.bleed_mm), profile, settings.build,
                settings.strict, settings.workers)
        except PipelineError as error:
            problems.extend(error.problems)
    if problems:
        raise PipelineError(problems)
    return prepared


def _draw_maps(sources: Sources, groups: dict[tuple, list[Output]],
               settings: Settings) -> dict[tuple, dict]:
    """Stage 2 for maps: every map of every output, per profile and paper."""
    return {(profile, paper): draw_maps([use for output in group
                                         for use in output.kind.maps(sources, output)],
                                        profile, settings.layouts, settings.fonts,
                                        settings.build)
            for (profile, paper), group in groups.items()}


def _image_list(state: BuildState, folder) -> None:
    """images.txt: every image of every PDF the last builds wrote and that is still there,
    the slot it fills, the resolution it gets and its rendition; whole after a partial build
    (a desk's) and after one with nothing to do."""
    documents: dict[str, set[str]] = {}
    for name, record in state.outputs.items():
        if (folder / name).is_file():
            for line in record.get("images", ()):
                documents.setdefault(line, set()).add(name)
    text = "".join(f"{line}, {len(names)} documents\n"
                   for line, names in sorted(documents.items()))
    path = folder / "images.txt"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text)


def _record(state: BuildState, plan: Plan, written: list[Written],
            prepared: dict[tuple, PreparedImages], kept: list[Output] = (),
            made: dict[str, str] | None = None) -> None:
    """Remember what each written or kept file was made from (the build remembers its plan
    only when all of it is built)."""
    lines: dict[str, list[str]] = {}
    for images in prepared.values():
        for line, documents in images.report:
            for name in documents:
                lines.setdefault(name, []).append(line)
    made = made or {}
    for item in written:
        name = item.output.name
        state.outputs[name] = {"key": plan.keys[name], "inputs": plan.inputs[name],
                               "settings": plan.settings[name], "pages": item.pages,
                               "pdf": signed(item.path, None), "images": lines.get(name, []),
                               "made": made.get(name, "")}
    for output in kept:
        state.outputs[output.name].update(key=plan.keys[output.name],
                                          inputs=plan.inputs[output.name],
                                          images=lines.get(output.name, []))
    state.save()


def _state_mounts(settings: Settings) -> dict:
    """What a build's inputs are named by: the documents' folders, the fonts, and the
    edition's outputs (a web page links the PDFs)."""
    return {**settings.mounts, "fonts": settings.fonts.resolve(),
            "built": settings.output_folder.resolve()}


class _Clock:
    def __init__(self):
        self.laps: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.laps[stage] = self.laps.get(stage, 0.0) + now - self.last
        self.last = now
