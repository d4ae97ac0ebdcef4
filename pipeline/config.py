"""Build settings: which project and edition, where outputs go, how many workers."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from .kinds import KINDS, DocumentKind
from .profiles import PAPERS, PROFILES, Paper, Profile

# The repository's own layouts and fonts serve any project that does not bring its own
# (the sample projects under tests/projects carry only sources and images).
REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_YEAR = 2017


@dataclass(frozen=True)
class Settings:
    project: Path
    year: int = DEFAULT_YEAR
    jobs: int = 0  # 0: one worker per core
    draft: bool = False  # missing translations fall back to the first language, marked
    strict: bool = False  # a warning stops the build like an error
    profiles: tuple[str, ...] = ()  # () builds each document kind in its usual profiles
    paper: str = "a4"  # the paper of the profiles that follow it (office): a4 or letter
    # What to build: () means all. Kinds by name: annual-report, factsheet.
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
    def matrix(self) -> dict[DocumentKind, tuple[Profile, ...]]:
        """Which profiles each document kind is built in."""
        kinds = [KINDS[name] for name in self.kinds] or list(KINDS.values())
        return {kind: tuple(PROFILES[name] for name in self.profiles or kind.profiles)
                for kind in kinds}

    @property
    def paper_size(self) -> Paper:
        return PAPERS[self.paper]

    def wants(self, output) -> bool:
        """Whether the selection asks for this output."""
        return ((not self.actions or output.about in self.actions)
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
                "colour": (REPOSITORY / "assets" / "colour").resolve(),
                "maps": (REPOSITORY / "assets" / "maps").resolve()}


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


def project_fetcher(weasyprint, mounts: dict[str, Path]):
    """WeasyPrint's only way to files: the mounted folders, nothing else."""
    class ProjectFetcher(weasyprint.urls.URLFetcher):
        """Serves the mounted project folders and data: URLs; refuses every other URL."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = path_for(url, mounts)
            if path is None:
                raise ValueError(f"{url} is outside the project's folders")
            if not path.is_file():
                raise ValueError(f"{url}: no such file")
            mime, _ = mimetypes.guess_type(path.name)
            return _FileResponse(url, path, mime or "application/octet-stream")

    class _FileResponse(weasyprint.urls.URLFetcherResponse):
        def __init__(self, url, path, mime):
            super().__init__(url, path.read_bytes(), {"Content-Type": mime})
            self.real_path = str(path)

        @property
        def path(self):
            return self.real_path

    return ProjectFetcher(allowed_protocols={"file", "data"})
