"""Problems found in a project, where they are, and the errors that stop a build."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

QUOTED = 60  # characters of a value a message quotes


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file; line and column count from 1, 0 when unknown."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        place = printable(self.path)
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
        return f"{self.location}: {self.level}: {printable(self.message)} [{self.code}]"


def printable(text: str) -> str:
    """Text with every control, format and separator character written as an escape, so a
    message is one line and says what it says (no invisible character, no reversed text)."""
    return "".join(_escape(c) if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
                   else c for c in text)


def _escape(character: str) -> str:
    return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(character,
                                                         f"\\u{ord(character):04x}")


def shown(value, limit: int = QUOTED) -> str:
    """A value as a message quotes it: escaped (see `printable`), and cut short."""
    text = printable(value if isinstance(value, str) else str(value))
    return text if len(text) <= limit else text[:limit - 1] + "…"


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
        """A location named as the editor knows the file: relative to the project, and the
        link itself rather than where a symbolic link leads."""
        absolute, root = os.path.abspath(path), os.path.abspath(self.root)
        named = os.path.relpath(absolute, root) if absolute.startswith(root + os.sep) \
            else path.as_posix()
        return Location(Path(named).as_posix(), line, column)

    def error(self, location: Location, message: str, code: str) -> None:
        self.found.append(Problem(location, message, code))

    def warning(self, location: Location, message: str, code: str) -> None:
        self.found.append(Problem(location, message, code, "warning"))


def refuses(problem: Problem) -> bool:
    """Whether a problem found while writing keeps the output out: every error, and every
    WeasyPrint warning (unknown CSS, a missing glyph, a file it could not load)."""
    return problem.level == "error" or problem.code == "pdf.weasyprint"
