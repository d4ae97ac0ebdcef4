"""Command line: `python -m pipeline build|check|translations|schema|desk|proofs|archive …`.

The Makefile calls this and holds no logic of its own. Problems in the project come out as one
line each and exit code 1; a traceback only with -v.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .build import BuildFailed, BuildResult, build, check
from .config import DEFAULT_YEAR, Settings
from .kinds import KINDS
from .problems import PipelineError
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
    from .translations import completeness, report
    state = completeness(settings)
    print(report(state))
    return 0 if state.complete else 1


def run_catalogs(args, settings: Settings) -> int:
    from .render import SOURCE_LANGUAGE
    from .translations import update_catalogs
    declared = sorted(p.stem for p in (settings.project / "sources/languages").glob("*.yaml"))
    for path in update_catalogs(settings.layouts,
                                [code for code in declared if code != SOURCE_LANGUAGE]):
        print(path)
    return 0


def run_schema(args, settings: Settings) -> int:
    from .schema import write_schemas
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


COMMANDS = {
    "build": Command("build the edition's PDFs (only what changed)", run_build),
    "check": Command("validate the sources, print every problem", run_check),
    "translations": Command("completeness table; exit 1 when anything is missing",
                            run_translations),
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
}


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="The document factory: sources to PDFs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(f"  {name:<15} {c.help}" for name, c in COMMANDS.items()))
    parser.add_argument("command", choices=COMMANDS, metavar="command")
    environment = os.environ.get
    parser.add_argument("--project", type=Path, default=Path.cwd(),
                        help="project folder (holds sources/, assets/); default: here")
    parser.add_argument("--year", type=int,
                        default=int(environment("YEAR") or environment("EDITION") or DEFAULT_YEAR),
                        help="edition (also YEAR= or EDITION=)")
    parser.add_argument("--jobs", type=int, default=int(environment("JOBS") or 0),
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
    parser.add_argument("--paper", choices=tuple(PAPERS), default=environment("PAPER") or None,
                        help="paper of the office profile (also PAPER=)")
    parser.add_argument("--kinds", default="", help=f"{', '.join(KINDS)} (comma-separated)")
    parser.add_argument("--actions", default=environment("ACTION", ""),
                        help="factsheets of these Action ids only (also ACTION=)")
    parser.add_argument("--languages", default=environment("LANGS", ""),
                        help="these languages only, e.g. fr,es (also LANGS=)")
    parser.add_argument("--only", nargs="*", default=(),
                        help="these outputs only: a file name, or profile/file name")
    parser.add_argument("--country", default=environment("COUNTRY", ""),
                        help="desk: ISO 3166 code of the country (also COUNTRY=)")
    parser.add_argument("--store", type=Path, default=Path(environment("ARCHIVE") or "build/archive"),
                        help="archive: folder of stored bags (also ARCHIVE=)")
    parser.add_argument("--bag", type=Path, default=environment("BAG") or None,
                        help="verify-archive: the bag to verify (also BAG=)")
    parser.add_argument("-v", "--verbose", action="store_true", help="more detail, tracebacks")
    return parser.parse_args(argv)


def _list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def settings_from(args) -> Settings:
    for asked, known, what in ((_list(args.profiles), PROFILES, "profile"),
                               (_list(args.kinds), KINDS, "document kind")):
        unknown = [name for name in asked if name not in known]
        if unknown:
            raise SystemExit(f"unknown {what}(s): {', '.join(unknown)}; "
                             f"choose from {', '.join(known)}")
    return Settings(project=args.project, year=args.year, jobs=args.jobs, draft=args.draft,
                    strict=args.strict, profiles=_list(args.profiles), paper=args.paper or "a4",
                    kinds=_list(args.kinds), actions=_list(args.actions),
                    languages=_list(args.languages), names=tuple(args.only))


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    settings = settings_from(args)
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
    pages = sum(w.pages for w in result.written)
    failed = (f"{len(result.failed)} failed ({', '.join(result.failed)}; each keeps its "
              "previous PDF, if any)") if result.failed else "0 failed"
    print(f"built {len(result.written)} PDFs ({pages} pages), {len(result.up_to_date)} up to "
          f"date, {failed}, {len(result.warnings)} warnings in {settings.output_folder} "
          f"({sum(result.seconds.values()):.1f} s)",
          file=sys.stderr if result.failed else sys.stdout)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
