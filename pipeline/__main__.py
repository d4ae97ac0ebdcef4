"""Command line: `python -m pipeline build|check|translations|schema|desk|proofs|archive …`.

The Makefile calls this and holds no logic of its own. Problems in the project come out as one
line each and exit code 1; a traceback only with -v.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import ending

if __name__ == "__main__":  # not when the tests import this module
    ending.while_loading()

from .build import BuildFailed, BuildResult, build, check
from .config import DEFAULT_YEAR, Settings
from .kinds import KINDS
from .problems import Location, PipelineError, Problem, shown
from .profiles import PAPERS, PROFILES


@dataclass(frozen=True)
class Command:
    help: str
    run: Callable[[argparse.Namespace, Settings], int]


def run_build(args, settings: Settings) -> int:
    _build(settings, args.verbose)
    return 0


def run_check(args, settings: Settings) -> int:
    started = time.perf_counter()
    sources = check(settings)
    _print_problems(sources.warnings)
    print(f"edition {sources.edition.year} OK: {len(sources.actions)} Actions, "
          f"{len(sources.images)} images, languages {', '.join(sources.edition.languages)}, "
          f"{len(sources.files)} files read "
          f"({time.perf_counter() - started:.2f} s)")
    return 0


def run_translations(args, settings: Settings) -> int:
    from .translations import completeness, record_untracked, report
    if args.record:
        for line in record_untracked(settings):
            print(line)
    state = completeness(settings)
    print(report(state))
    return 0 if state.complete else 1


def run_translation_kit(args, settings: Settings) -> int:
    from .sources.checks import language_name
    from .kit import FORMATS, write_kit
    if not args.language or args.format not in FORMATS:
        raise SystemExit("say which: make translation-kit LANG=<language> [FORMAT=xliff or po] "
                         "[ALL=1]")
    path, kit = write_kit(settings, args.language, args.format, args.all)
    outdated = sum(u.state == "needs-review-translation" for u in kit.units)
    print(f"{path}: {len(kit.units)} {language_name(args.language)} texts to translate "
          f"({outdated} outdated)" + (", every text" if args.all else ""))
    return 0


def run_import_translations(args, settings: Settings) -> int:
    from .importing import import_translations
    if args.file is None:
        raise SystemExit("say which: make import-translations FILE=<path>")
    changes, left = import_translations(settings, args.file)
    for line in changes:
        print(line)
    if left:
        print(f"{left} units still marked for review in the kit: left as they were")
    print(f"{args.file}: {len(changes)} translations imported" if changes else
          f"{args.file}: nothing new; no file changed")
    return 0


def run_catalogs(args, settings: Settings) -> int:
    from .render import SOURCE_LANGUAGE
    from .translations import update_catalogs
    declared = sorted(p.stem for p in (settings.project / "sources/languages").glob("*.yaml"))
    for path in update_catalogs(settings.layouts,
                                [code for code in declared if code != SOURCE_LANGUAGE]):
        print(path)
    return 0


def run_schema(args, settings: Settings) -> int:
    from .sources.schema import write_schemas
    for path in write_schemas(settings.project):
        print(path)
    return 0


def run_proofs(args, settings: Settings) -> int:
    from .proofs import make_proofs
    for sheet in make_proofs(settings):
        print(sheet)
    return 0


def run_archive(args, settings: Settings) -> int:
    from .archive import archive_edition
    store = args.store if args.store.is_absolute() else settings.project / args.store
    stored = archive_edition(settings, store)
    if not stored.new:
        print(f"unchanged since {stored.bag}: no new version")
        return 0
    print(f"archived: {stored.bag} (version {stored.version}, {_size(stored.bag) / 1e6:.1f} MB)")
    for change in stored.changes:
        print(f"  {change}")
    return 0


def run_verify_archive(args, settings: Settings) -> int:
    from .archive import verify_bag
    if args.bag is None:
        raise SystemExit("say which bag: make verify-archive BAG=<path>")
    started = time.perf_counter()
    problems = verify_bag(args.bag)
    _print_problems(problems)
    verdict = "valid" if not problems else f"INVALID: {len(problems)} problem(s)"
    print(f"{args.bag}: {verdict} ({time.perf_counter() - started:.1f} s)")
    return 0 if not problems else 1


def run_desk(args, settings: Settings) -> int:
    from .desk import combine, desk_for
    desk = desk_for(settings, args.country, args.paper)
    for reason in desk.reasons:
        print(f"desk {desk.country}: {reason}")
    _build(desk.settings, args.verbose)
    print(f"to print: {combine(desk)}")
    return 0


def run_map_data(args, settings: Settings) -> int:
    from .config import REPOSITORY
    from .maps.placed import fetch_map_data
    for line in fetch_map_data(REPOSITORY / "assets" / "maps"):
        print(line)
    return 0


def run_preview(args, settings: Settings) -> int:
    from .preview import run
    return run(settings, args.port)


COMMANDS = {
    "build": Command("build the edition's PDFs (only what changed)", run_build),
    "check": Command("validate the sources, print every problem", run_check),
    "translations": Command("status table; exit 1 when anything is missing or outdated",
                            run_translations),
    "translation-kit": Command("a language's missing and outdated texts as XLIFF 1.2 or PO, "
                               "for a translator", run_translation_kit),
    "import-translations": Command("a translator's kit into the records (every unit checked "
                                   "first)", run_import_translations),
    "schema": Command("write the JSON Schemas of the records to sources/schema/", run_schema),
    "catalogs": Command("the layout words into layout.pot and every language's catalog",
                        run_catalogs),
    "desk": Command("a country desk's factsheets (office profile) and one combined PDF to print",
                    run_desk),
    "proofs": Command("PNG pages and one contact sheet per PDF, for quick review", run_proofs),
    "archive": Command("store the edition as a BagIt bag (a new version when it changed)",
                       run_archive),
    "verify-archive": Command("validate a stored bag and each PDF's PDF/A claim",
                              run_verify_archive),
    "preview": Command("serve the edition's pages on 127.0.0.1:8017 (PORT=), rebuilt on save",
                       run_preview),
    "map-data": Command("fetch the map data (npm world-atlas), checked against its checksums",
                        run_map_data),
}


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="The document factory: sources to PDFs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(f"  {name:<20} {c.help}" for name, c in COMMANDS.items()))
    parser.add_argument("command", choices=COMMANDS, metavar="command")
    parser.add_argument("file", nargs="?", type=Path,
                        help="import-translations: the kit a translator returned")
    environment = os.environ.get
    parser.add_argument("--project", type=Path, default=Path.cwd(),
                        help="project folder (holds sources/, assets/); default: here")
    parser.add_argument("--year", default=environment("YEAR") or environment("EDITION")
                        or str(DEFAULT_YEAR), help="edition (also YEAR= or EDITION=)")
    parser.add_argument("--jobs", default=environment("JOBS") or "0",
                        help="worker processes, 0 for one per core (also JOBS=)")
    parser.add_argument("--draft", action="store_true", default=bool(environment("DRAFT")),
                        help="missing translations fall back to English, marked (also DRAFT=1)")
    parser.add_argument("--strict", action="store_true", default=bool(environment("STRICT")),
                        help="a warning stops the build like an error (also STRICT=1)")
    parser.add_argument("--profiles", default=environment("PROFILES", ""),
                        help="comma-separated profiles for every document (also PROFILES=); "
                             "default: each kind's own (" + "; ".join(
                                 f"{name}: {', '.join(kind.profiles)}"
                                 for name, kind in KINDS.items()) + ")")
    parser.add_argument("--paper", default=environment("PAPER") or None,
                        help=f"paper of the office profile: {' or '.join(PAPERS)} (also PAPER=)")
    parser.add_argument("--kinds", default="", help=f"{', '.join(KINDS)} (comma-separated)")
    parser.add_argument("--actions", default=environment("ACTION", ""),
                        help="factsheets of these Action ids only (also ACTION=)")
    parser.add_argument("--languages", default=environment("LANGS", ""),
                        help="these languages only, e.g. fr,es (also LANGS=)")
    parser.add_argument("--only", nargs="*", default=(),
                        help="these outputs only: a file name, or profile/file name")
    parser.add_argument("--country", default=environment("COUNTRY", ""),
                        help="desk: ISO 3166 code of the country (also COUNTRY=)")
    parser.add_argument("--language", default="", help="translation-kit: the language")
    parser.add_argument("--format", default=environment("FORMAT") or "xliff",
                        help="translation-kit: xliff (1.2) or po (also FORMAT=)")
    parser.add_argument("--all", action="store_true", default=bool(environment("ALL")),
                        help="translation-kit: every text, not only missing and outdated (ALL=1)")
    parser.add_argument("--record", action="store_true",
                        help="translations: record what each translation without a fingerprint "
                             "was made from (the source text as it is now)")
    parser.add_argument("--store", type=Path, default=Path(environment("ARCHIVE") or "build/archive"),
                        help="archive: folder of stored bags (also ARCHIVE=)")
    parser.add_argument("--bag", type=Path, default=environment("BAG") or None,
                        help="verify-archive: the bag to verify (also BAG=)")
    parser.add_argument("--port", type=int, default=int(environment("PORT") or 8017),
                        help="preview: the port on 127.0.0.1 (also PORT=)")
    parser.add_argument("-v", "--verbose", action="store_true", help="more detail, tracebacks")
    return parser.parse_args(argv)


def _list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def settings_from(args) -> Settings:
    """The settings, each checked: one line per value that is not what it should be."""
    problems = []

    def refuse(name: str, value, why: str, code: str) -> None:
        problems.append(Problem(Location(name), f"{shown(value)}: {why}", f"settings.{code}"))

    if not re.fullmatch(r"\d{4}", str(args.year)):
        refuse("YEAR", args.year, "not a year; write four digits, e.g. YEAR=2018", "year")
    if not re.fullmatch(r"\d{1,3}", str(args.jobs)):
        refuse("JOBS", args.jobs, "not a number of workers; write 0 (one per core), 1, 2…", "jobs")
    if args.paper and args.paper not in PAPERS:
        refuse("PAPER", args.paper, f"not a paper; choose {' or '.join(PAPERS)}", "paper")
    for asked, known, name in ((_list(args.profiles), PROFILES, "PROFILES"),
                               (_list(args.kinds), KINDS, "--kinds")):
        for unknown in (item for item in asked if item not in known):
            refuse(name, unknown, f"no such {name.lower().strip('-').rstrip('s')}; choose "
                   f"from {', '.join(known)}", name.lower().strip("-"))
    for code in _list(args.languages):
        if not re.fullmatch(r"[a-z]{2,3}", code):
            refuse("LANGS", code, "not a language code, e.g. fr", "languages")
    for action in _list(args.actions):
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", action):
            refuse("ACTION", action, "not an Action id, e.g. sierra-leone", "actions")
    if problems:
        raise PipelineError(problems)
    return Settings(project=args.project, year=int(args.year), jobs=int(args.jobs),
                    draft=args.draft, strict=args.strict, profiles=_list(args.profiles),
                    paper=args.paper or "a4", kinds=_list(args.kinds),
                    actions=_list(args.actions), languages=_list(args.languages),
                    names=tuple(args.only))


def main(argv: list[str] | None = None) -> int:
    ending.loaded()
    args = arguments(argv)
    try:
        settings = settings_from(args)
    except PipelineError as error:
        _print_problems(error.problems)
        return 2
    try:
        return COMMANDS[args.command].run(args, settings)
    except BuildFailed as error:
        _print_problems(error.problems)
        _summary(error.result, settings)
        return 1
    except PipelineError as error:
        _print_problems(error.problems)
        errors = sum(p.level == "error" for p in error.problems)
        print(f"stopped: {errors} error(s), {len(error.problems) - errors} warning(s); "
              "no PDF was written", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: every PDF is either the previous one or a complete new one",
              file=sys.stderr)
        return 130
    except OSError as error:  # a read-only build/, a full disk: said, not a traceback
        where = Location(str(error.filename or settings.build))
        _print_problems([Problem(where, f"cannot go on: {error.strerror or error}; every PDF "
                                 "is either the previous one or a complete new one",
                                 "build.io")])
        return 1
    except Exception as error:  # noqa: BLE001 — a user sees one line; -v shows the rest
        if args.verbose:
            traceback.print_exc()
        print(f"internal error: {type(error).__name__}: {error} (run with -v for details)",
              file=sys.stderr)
        return 3


def _build(settings: Settings, verbose: bool) -> BuildResult:
    """Build with a progress bar on a terminal, plain lines elsewhere; print the summary."""
    interactive = sys.stderr.isatty() and not os.environ.get("CI")
    if interactive:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
        bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                       transient=True)
        task = None

        def progress(item):
            nonlocal task
            if task is None:
                task = bar.add_task("writing PDFs", total=None)
            bar.update(task, advance=1, description=item.output.name)

        with bar:
            result = build(settings, progress)
    else:
        def progress(item):
            print(f"{item.output.name}  {item.pages} pages  {item.seconds:.2f} s"
                  + (f"  ({item.pending} texts pending translation)" if item.pending else ""))

        result = build(settings, progress)
    _print_problems(result.warnings)
    if verbose:
        stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.seconds.items())
        print(f"stages: {stages}; images: {result.renditions_made} renditions made, "
              f"{result.renditions_reused} reused")
    _summary(result, settings)
    return result


def _summary(result: BuildResult, settings: Settings) -> None:
    """The last line: built, up to date, failed (named), warnings, time."""
    pdfs = [w for w in result.written if w.output.profile.format == "pdf"]
    pages = sum(w.pages for w in pdfs)
    others = len(result.written) - len(pdfs)  # web pages
    failed = (f"{len(result.failed)} failed ({', '.join(result.failed)}; each keeps its "
              "previous file, if any)") if result.failed else "0 failed"
    if settings.actions or settings.names:  # a few asked for by name: say where each is
        for name in sorted([w.output.name for w in result.written] + result.up_to_date):
            print(f"  {settings.output_folder / name}")
    print(f"built {len(pdfs)} PDFs ({pages} pages)"
          + (f" and {others} web pages" if others else "")
          + f", {len(result.up_to_date)} up to "
          f"date, {failed}, {len(result.warnings)} warnings in {settings.output_folder} "
          f"({sum(result.seconds.values()):.1f} s)",
          file=sys.stderr if result.failed else sys.stdout)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    ending.leave(main())
