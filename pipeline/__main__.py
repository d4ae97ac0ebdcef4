"""Command line: `python -m pipeline build|check|translations|schema|desk|proofs …`.

The Makefile calls this and holds no logic of its own. Problems in the project come out as one
line each and exit code 1; a traceback only with -v.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from pathlib import Path

from .build import build, check
from .config import DEFAULT_YEAR, Settings
from .problems import PipelineError
from .profiles import PROFILES

COMMANDS = {
    "build": "build the edition's PDFs (only what changed)",
    "check": "validate the sources, print every problem",
    "translations": "completeness table; exit 1 when anything is missing",
    "schema": "write the JSON Schemas of the records to sources/schema/",
    "desk": "a country desk's factsheets (office profile) and one combined PDF to print",
    "proofs": "PNG pages and one contact sheet per PDF, for quick review",
    "archive": "store the edition as a BagIt bag (a new version when it changed)",
    "verify-archive": "validate a stored bag and each PDF's PDF/A claim",
}


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description="The document factory: sources to PDFs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="commands:\n" + "\n".join(f"  {c:<13} {h}" for c, h in COMMANDS.items()))
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
    parser.add_argument("--profiles", default=environment("PROFILES", ""),
                        help="comma-separated profiles for every document (also PROFILES=); "
                             "default: report in print-house, office, screen, archive; "
                             "factsheets in office, screen, archive")
    parser.add_argument("--paper", choices=("a4", "letter"), default=environment("PAPER") or None,
                        help="paper of the office profile (also PAPER=)")
    parser.add_argument("--kinds", default="", help="annual-report, factsheet (comma-separated)")
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
    profiles = _list(args.profiles)
    unknown = [p for p in profiles if p not in PROFILES]
    if unknown:
        raise SystemExit(f"unknown profile(s): {', '.join(unknown)}; "
                         f"choose from {', '.join(PROFILES)}")
    return Settings(project=args.project, year=args.year, jobs=args.jobs, draft=args.draft,
                    profiles=profiles, paper=args.paper or "a4", kinds=_list(args.kinds),
                    actions=_list(args.actions), languages=_list(args.languages),
                    names=tuple(args.only))


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    settings = settings_from(args)
    started = time.perf_counter()
    try:
        if args.command == "check":
            sources = check(settings)
            _print_problems(sources.warnings)
            print(f"sources OK: {len(sources.actions)} Actions, {len(sources.images)} images, "
                  f"languages {', '.join(sources.programme.languages)} "
                  f"({time.perf_counter() - started:.2f} s)")
            return 0
        if args.command == "translations":
            from .translations import completeness, report
            state = completeness(settings)
            print(report(state))
            return 0 if state.complete else 1
        if args.command == "schema":
            from .schema import write_schemas
            for path in write_schemas(settings):
                print(path)
            return 0
        if args.command == "proofs":
            from .proofs import make_proofs
            for sheet in make_proofs(settings):
                print(sheet)
            return 0
        if args.command == "archive":
            from .archive import archive_edition
            store = args.store if args.store.is_absolute() else settings.project / args.store
            stored = archive_edition(settings, store)
            if not stored.new:
                print(f"unchanged since {stored.bag}: no new version")
                return 0
            print(f"archived: {stored.bag} (version {stored.version}, "
                  f"{_size(stored.bag) / 1e6:.1f} MB)")
            for change in stored.changes:
                print(f"  {change}")
            return 0
        if args.command == "verify-archive":
            from .archive import verify_bag
            if args.bag is None:
                raise SystemExit("say which bag: make verify-archive BAG=<path>")
            started = time.perf_counter()
            problems = verify_bag(args.bag)
            _print_problems(problems)
            verdict = "valid" if not problems else f"INVALID: {len(problems)} problem(s)"
            print(f"{args.bag}: {verdict} ({time.perf_counter() - started:.1f} s)")
            return 0 if not problems else 1
        if args.command == "desk":
            from .desk import desk_settings, combine
            settings = desk_settings(settings, args.country, args.paper)
            _build(settings, args.verbose)
            print(f"to print: {combine(settings, args.country)}")
            return 0
        _build(settings, args.verbose)
        return 0
    except PipelineError as error:
        _print_problems(error.problems)
        errors = sum(p.level == "error" for p in error.problems)
        print(f"stopped: {errors} error(s), {len(error.problems) - errors} warning(s); "
              "no PDF was written for the failing outputs", file=sys.stderr)
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


def _build(settings: Settings, verbose: bool):
    """Build with a progress bar on a terminal, plain lines elsewhere; print the summary."""
    started = time.perf_counter()
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
    pages = sum(w.pages for w in result.written)
    print(f"built {len(result.written)} PDFs ({pages} pages), {len(result.up_to_date)} up to "
          f"date, 0 failed, {len(result.warnings)} warnings in {settings.output_folder} "
          f"({time.perf_counter() - started:.1f} s)")
    return result


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
