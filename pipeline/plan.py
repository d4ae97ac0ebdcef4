"""Planning: which outputs the settings ask for, what each is made from, and which are stale.

Nothing here renders or writes a PDF. An output's inputs are found, not listed: the records its
kind says it is built from, the image files it places (and their language variants), the
templates its template pulls in (from Jinja's own parse), its stylesheets, the slots, its
language's catalog, the fonts and, for print, the colour profile. Their content hashes and the
settings make its key; an output is built again when its key changed or its PDF is missing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from jinja2 import meta

from .config import Settings
from .images import Use
from .formats import format_of
from .model import Output, Sources
from .problems import Location, PipelineError, Problem, shown
from .render import CATALOG_DOMAIN, Layouts, make_environment
from .sources.assemble import edition_folder
from .state import BuildState, pipeline_version


@dataclass(frozen=True)
class Plan:
    """What one build does: every output asked for, and the ones to build again."""

    outputs: tuple[Output, ...]
    inputs: dict[str, list[str]]  # output name -> its input files, named by mount
    keys: dict[str, str]  # output name -> the hash of its inputs and settings
    settings: dict[str, str]  # output name -> its settings key
    dirty: tuple[Output, ...]


def outputs_for(sources: Sources, settings: Settings) -> list[Output]:
    """Every output the settings ask for: each document kind, in its profiles and languages.
    A selection (LANGS=, ACTION=, --only) that matches nothing is a problem, said with what
    there is to choose from."""
    year, paper = sources.edition.year, settings.paper_size
    outputs = [Output(kind, language, year, about, profile, profile.paper(paper))
               for kind, profiles in settings.matrix.items() for profile in profiles
               for about, languages in kind.documents(sources) for language in languages]
    selected = [output for output in outputs if settings.wants(output)]
    known = {language.code for language in sources.languages}
    unknown = sorted({(o.language, o.kind.name) for o in selected if o.language not in known})
    problems = [Problem(Location(f"sources/languages/{shown(code)}.yaml"),
                        f"{name.replace('-', ' ')} documents are asked for in {shown(code)}, "
                        "which the programme has no record of", "reference.unknown-language")
                for code, name in unknown]
    problems += _unmatched(outputs, settings, year)
    if not problems and outputs and not selected:
        problems = [Problem(Location("selection"), f"nothing in edition {year} is all of what "
                            "was asked (kinds, profiles, languages, Actions, files together)",
                            "settings.selection")]
    if problems:
        raise PipelineError(problems)
    return selected


def _unmatched(outputs: list[Output], settings: Settings, year: int) -> list[Problem]:
    languages = sorted({o.language for o in outputs})
    actions = sorted({o.about for o in outputs if o.about})
    names = {o.filename for o in outputs} | {o.name for o in outputs}
    return ([Problem(Location("LANGS"), f"{shown(code)}: edition {year} has no document in "
                     f"this language; its languages: {', '.join(languages)}",
                     "settings.languages")
             for code in settings.languages if code not in languages]
            + [Problem(Location("ACTION"), f"{shown(action)}: edition {year} has no factsheet "
                       "of this Action; " + (f"it has: {', '.join(actions)}" if actions else
                                             "the documents asked for are not about Actions"),
                       "settings.actions")
               for action in settings.actions if action not in actions]
            + [Problem(Location("--only"), f"{shown(name)}: edition {year} has no output of "
                       f"this name, e.g. {sorted(names)[0] if names else 'none'}",
                       "settings.only")
               for name in settings.names if name not in names])


def make_plan(sources: Sources, settings: Settings, state: BuildState,
              outputs: list[Output]) -> Plan:
    """The inputs and keys of `outputs` (see `outputs_for`), and which of them to build
    again."""
    version = pipeline_version()
    # Each kind's templates in the formats its outputs are in, parsed once.
    templates = {(kind, format_.name): templates_of(settings.layouts, format_.template(kind))
                 for kind, format_ in {(o.kind, format_of(o)) for o in outputs}}
    inputs = {o.name: inputs_of(sources, o, settings, templates[(o.kind, o.profile.format)])
              for o in outputs}
    keyed = {o.name: settings_key(o, settings, version) for o in outputs}
    keys = {o.name: state.key(inputs[o.name], keyed[o.name]) for o in outputs}
    dirty = tuple(o for o in outputs if state.outputs.get(o.name, {}).get("key") != keys[o.name]
                  or not state.intact(o.name, settings.output_folder / o.name))
    return Plan(tuple(outputs), inputs, keys, keyed, dirty)


def image_uses(sources: Sources, outputs: list[Output]) -> list[Use]:
    """Which image each layout places in which slot, for the image stage to check and prepare."""
    places: dict[tuple[str, str, str], list[str]] = {}
    for output in outputs:
        for image_id, slot in output.kind.placements(sources, output):
            places.setdefault((image_id, slot, output.language), []).append(output.name)
    return [Use(image_id, slot, language, tuple(documents))
            for (image_id, slot, language), documents in places.items()]


def templates_of(layouts: Path, template: str) -> tuple[str, ...]:
    """A template and every template it extends, includes or imports, as Jinja parses them
    (a name computed at render time cannot be seen, and is not used here)."""
    environment = make_environment(Layouts(layouts))
    found, queue = [], [template]
    while queue:
        name = queue.pop(0)
        if name in found:
            continue
        found.append(name)
        source, _, _ = environment.loader.get_source(environment, name)
        queue += [t for t in meta.find_referenced_templates(environment.parse(source)) if t]
    return tuple(found)


def layout_files(templates: tuple[str, ...], output: Output) -> tuple[str, ...]:
    """The layout files a document is made with, relative to the layouts folder."""
    return (*templates, *format_of(output).stylesheets(output.kind), "slots.yaml",
            f"locale/{output.language}/LC_MESSAGES/{CATALOG_DOMAIN}.po")


def inputs_of(sources: Sources, output: Output, settings: Settings,
              templates: tuple[str, ...]) -> list[str]:
    """Every file that goes into one output, named by mount."""
    # A record's texts in other languages are not inputs (sources.reader.language_view),
    # unless the document carries the records themselves.
    view = "" if output.profile.attaches_sources else \
        "#" + "+".join(sorted(output.kind.read_in(sources, output)))
    names = [f"project:{record}{view}" for record in output.kind.records_of(sources, output)]
    root = settings.project.resolve()
    for image_id in dict.fromkeys(i for i, _ in output.kind.placements(sources, output)):
        # The plain file and the language's variant, which may not exist (yet): adding
        # `photo.fr.jpg` later must rebuild the French documents.
        image = sources.image(image_id)
        variant = image.file.with_name(f"{image.file.stem}.{output.language}{image.file.suffix}")
        names += [f"project:{path.resolve().relative_to(root).as_posix()}"
                  for path in (image.file, variant)]
    # Every document carries the funders' emblems.
    names += [f"project:{funder.emblem.resolve().relative_to(root).as_posix()}"
              for funder in sources.programme.funders]
    # The programme's own name for a country, which may be added later: its absence is an input.
    names += [f"project:sources/countries/{code}.yaml"
              for code in output.kind.countries(sources, output)]
    # What its translations were made from decides which are outdated (marked in a draft).
    names.append(f"project:sources/translations/{output.language}.yaml")
    names += [f"layouts:{name}" for name in layout_files(templates, output)]
    names += [f"fonts:{path.name}" for path in sorted(settings.fonts.iterdir()) if path.is_file()]
    if output.profile.cmyk:
        names.append("colour:FOGRA39L-coated.icc")
    if output.kind.maps(sources, output):
        names += ["maps:countries-50m.json", "layouts:maps.yaml"]
    return names + format_of(output).inputs(sources, output, settings)


def settings_key(output: Output, settings: Settings, version: str) -> str:
    return (f"{output.name}|{output.profile.name}|{output.paper.name}|draft={settings.draft}"
            f"|{version}")


def plan_key(settings: Settings) -> str:
    """What was asked, and which of the edition's own files exist: a new or removed record of
    the year makes a new plan (another year's files do not)."""
    folder = edition_folder(settings.project, settings.year)
    listing = sorted(p.relative_to(settings.project).as_posix() for p in folder.rglob("*.yaml"))
    matrix = {kind.name: [p.name for p in profiles] for kind, profiles in settings.matrix.items()}
    asked = [settings.year, matrix, settings.paper, settings.draft, settings.actions,
             settings.languages, settings.names, listing]
    return hashlib.sha256(json.dumps(asked, sort_keys=True).encode()).hexdigest()[:16]


def all_up_to_date(state: BuildState, names: list[str], settings: Settings) -> bool:
    """The fast path of a rebuild: every PDF's inputs as they were when it was written (by
    stat, or by content if touched; compared with its own key, as another build may have seen
    the files since), the same code, and every PDF the one that was written, without reading
    the sources."""
    if any(name not in state.outputs for name in names):
        return False
    version = pipeline_version()
    for name in names:
        record = state.outputs[name]
        if record["settings"].rsplit("|", 1)[-1] != version or \
                state.key(record["inputs"], record["settings"]) != record["key"]:
            return False
    folder = str(settings.output_folder)
    return all(state.intact(name, f"{folder}/{name}") for name in names)
