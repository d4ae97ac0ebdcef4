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
    parser.add_argument("--only", nargs="*", help="build only these output file names")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    settings = Settings(project=args.project, year=args.year, jobs=args.jobs, draft=args.draft)
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
    print(f"{len(result.written)} PDFs, {pages} pages in {settings.output_folder} "
          f"({time.perf_counter() - started:.1f} s)")
    return 0


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
