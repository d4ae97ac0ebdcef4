"""Build settings: which project and edition, where outputs go, how many workers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

# The repository's own layouts and fonts serve any project that does not bring its own
# (the sample projects under tests/projects carry only sources and images).
REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_YEAR = 2017
# The report goes to the print house, to offices, to screens and to the archive; country desks
# print factsheets, read them on screen, and the archive keeps them.
DEFAULT_MATRIX = {"annual-report": ("print-house", "office", "screen", "archive"),
                  "factsheet": ("office", "screen", "archive")}


@dataclass(frozen=True)
class Settings:
    project: Path
    year: int = DEFAULT_YEAR
    jobs: int = 0  # 0: one worker per core
    draft: bool = False  # missing translations fall back to the first language, marked
    profiles: tuple[str, ...] = ()  # () builds each document kind in its usual profiles
    paper: str = "a4"  # the office profile's paper: a4 or letter
    # What to build: () means all. Kinds: annual-report, factsheet.
    kinds: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()  # factsheets of these Actions only
    languages: tuple[str, ...] = ()
    names: tuple[str, ...] = ()  # output file names, or profile/file name

    @property
    def build(self) -> Path:
        return self.project / "build"

    @property
    def output_folder(self) -> Path:
        return self.build / str(self.year)

    @property
    def layouts(self) -> Path:
        own = self.project / "layouts"
        return own if (own / "base.html").exists() else REPOSITORY / "layouts"

    @property
    def fonts(self) -> Path:
        own = self.project / "assets" / "fonts"
        return own if own.is_dir() else REPOSITORY / "assets" / "fonts"

    @property
    def matrix(self) -> dict[str, tuple[str, ...]]:
        """Which profiles each document kind is built in."""
        kinds = self.kinds or tuple(DEFAULT_MATRIX)
        return {kind: self.profiles or DEFAULT_MATRIX[kind] for kind in kinds}

    def wants(self, output) -> bool:
        """Whether the selection asks for this output."""
        return ((not self.actions or output.action_id in self.actions)
                and (not self.languages or output.language in self.languages)
                and (not self.names or output.filename in self.names
                     or output.name in self.names))

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1

    @property
    def mounts(self) -> dict[str, Path]:
        """The folders documents may use, by the name their URLs give them."""
        return {"project": self.project.resolve(), "layouts": self.layouts.resolve(),
                "colour": (REPOSITORY / "assets" / "colour").resolve()}


# Documents name their files by mount, not by absolute path (file:///project/build/…),
# so the PDFs' internal names, and so their bytes, do not depend on where the project is.
def url_for(path: Path, mounts: dict[str, Path]) -> str:
    path = path.resolve()
    for name, root in mounts.items():
        if path.is_relative_to(root):
            return f"file:///{name}/{quote(path.relative_to(root).as_posix())}"
    raise ValueError(f"{path} is outside the project's folders")


def path_for(url: str, mounts: dict[str, Path]) -> Path | None:
    """The real file behind a mounted URL, or None if it is not inside a mount."""
    parts = urlsplit(url)
    name, _, rest = unquote(parts.path).lstrip("/").partition("/")
    if parts.scheme != "file" or name not in mounts:
        return None
    root = mounts[name]
    path = (root / rest).resolve()
    return path if path.is_relative_to(root) else None
