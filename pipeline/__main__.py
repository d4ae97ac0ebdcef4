"""Command line: `python -m pipeline build|check`; turns a PipelineError into lines and an exit code."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build import build, check
from .config import DEFAULT_YEAR, Settings
from .problems import PipelineError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline",
                                     description="Build the PDFs of an edition.")
    parser.add_argument("command", choices=("build", "check"))
    parser.add_argument("--project", type=Path, default=Path.cwd(),
                        help="project folder (holds sources/, assets/); default: here")
    parser.add_argument("--year", type=int, default=DEFAULT_YEAR, help="edition to build")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (0: one per core)")
    parser.add_argument("--only", nargs="*", help="build only these output file names")
    args = parser.parse_args(argv)
    settings = Settings(project=args.project, year=args.year, jobs=args.jobs)
    started = time.perf_counter()
    try:
        if args.command == "check":
            sources = check(settings)
            print(f"sources OK: {len(sources.actions)} Actions, {len(sources.images)} images, "
                  f"languages {', '.join(sources.programme.languages)} "
                  f"({time.perf_counter() - started:.2f} s)")
            return 0
        written = build(settings, set(args.only) if args.only else None)
    except PipelineError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        errors = sum(p.level == "error" for p in error.problems)
        print(f"stopped: {errors} error(s), {len(error.problems) - errors} warning(s); "
              "no PDF was written for the failing outputs", file=sys.stderr)
        return 1
    for item in written:
        print(f"{item.path.relative_to(settings.project.resolve()) if item.path.is_absolute() else item.path}"
              f"  {item.pages} pages  {item.seconds:.2f} s")
    pages = sum(w.pages for w in written)
    print(f"{len(written)} PDFs, {pages} pages in {settings.output_folder} "
          f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
