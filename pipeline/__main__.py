"""Command line: `python -m pipeline build|check|translations|schema`.

Turns a PipelineError into one line per problem and exit code 1; never shows a traceback
for a problem in the project.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .build import build, check
from .config import DEFAULT_YEAR, Settings
from .problems import PipelineError
from .profiles import PROFILES


def arguments(argv):
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="Build the PDFs of an edition.")
    parser.add_argument("command", choices=("build", "check", "translations", "schema"),
                        help="build: every PDF; check: validate the sources; translations: "
                             "completeness table; schema: write the JSON Schemas")
    parser.add_argument("--project", type=Path, default=Path.cwd(),
                        help="project folder (holds sources/, assets/); default: here")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="edition to build")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    parser.add_argument("--draft", action="store_true", default=bool(os.environ.get("DRAFT")),
                        help="missing translations fall back to English, marked (also DRAFT=1)")
    parser.add_argument("--only", nargs="*", help="build only these outputs: a file name "
                        "(in every profile) or profile/file name")
    parser.add_argument("--profiles", default=os.environ.get("PROFILES", ""),
                        help="comma-separated profiles to build every document in (default: "
                             "report in print-house, office, screen, archive; factsheets in "
                             "office, screen, archive)")
    parser.add_argument("--paper", choices=("a4", "letter"),
                        default=os.environ.get("PAPER", "a4") or "a4",
                        help="paper of the office profile (also PAPER=letter)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    profiles = tuple(p for p in args.profiles.split(",") if p)
    unknown = [p for p in profiles if p not in PROFILES]
    if unknown:
        print(f"unknown profile(s): {', '.join(unknown)}; choose from {', '.join(PROFILES)}",
              file=sys.stderr)
        return 2
    settings = Settings(project=args.project, year=args.year, jobs=args.jobs, draft=args.draft,
                        profiles=profiles, paper=args.paper)
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
        result = build(settings, set(args.only) if args.only else None)
    except PipelineError as error:
        _print_problems(error.problems)
        errors = sum(p.level == "error" for p in error.problems)
        print(f"stopped: {errors} error(s), {len(error.problems) - errors} warning(s); "
              "no PDF was written for the failing outputs", file=sys.stderr)
        return 1
    _print_problems(result.warnings)
    for item in result.written:
        print(f"{item.path.relative_to(settings.project.resolve())}  {item.pages} pages  "
              f"{item.seconds:.2f} s" + (f"  ({item.pending} texts pending translation)"
                                         if item.pending else ""))
    pages = sum(w.pages for w in result.written)
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in result.seconds.items())
    print(f"images: {result.renditions_made} renditions made, {result.renditions_reused} "
          f"reused from build/renditions; report in {settings.output_folder / 'images.txt'}")
    print(f"{len(result.written)} PDFs, {pages} pages in {settings.output_folder} "
          f"({time.perf_counter() - started:.1f} s: {stages})")
    return 0


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
