"""Problems found in a project, where they are, and the errors that stop a build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file; line and column count from 1, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        place = self.path
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return place


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, reported as `path:line:col: level: message [code]`."""

    location: Location
    message: str
    code: str
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.location}: {self.level}: {self.message} [{self.code}]"


class PipelineError(Exception):
    """A build stopped; carries every problem found before stopping."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects the problems of a stage, so they can all be reported at once."""

    def __init__(self, root: Path):
        self.root = root
        self.found: list[Problem] = []

    def where(self, path: Path, line: int = 0, column: int = 0) -> Location:
        try:
            shown = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            shown = path.as_posix()
        return Location(shown, line, column)

    def error(self, location: Location, message: str, code: str) -> None:
        self.found.append(Problem(location, message, code))

    def warning(self, location: Location, message: str, code: str) -> None:
        self.found.append(Problem(location, message, code, "warning"))
