"""Build state: the content hash of every input of every output, so a build does only what changed.

Files are named by mount (`project:sources/actions/niger.yaml`, `layouts:css/base.css`,
`fonts:Inter-Bold.otf`) and known by the SHA-256 of their bytes. A file whose size, mtime and
inode are unchanged is not read again; a touched file is read again, hashes the same, and
rebuilds nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .files import write_atomically

STATE_VERSION = 1
PIPELINE = Path(__file__).resolve().parent


# The modules whose code decides what a PDF contains; the command line, the benchmark and the
# archive do not, and changing them rebuilds nothing.
OUTPUT_MODULES = ("checks", "config", "images", "kinds", "markup", "model", "pdf", "preflight",
                  "profiles", "reader", "render", "schema", "sources")


def pipeline_version() -> str:
    """What the code that makes the PDFs is: its modules' sources and the libraries' versions."""
    digest = hashlib.sha256()
    for path in sorted(PIPELINE / f"{name}.py" for name in OUTPUT_MODULES):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("weasyprint", "pydyf", "pillow", "jinja2", "babel", "markdown-it-py"):
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


@dataclass
class BuildState:
    path: Path
    mounts: dict[str, Path]
    files: dict[str, list] = field(default_factory=dict)  # name -> [size, mtime_ns, inode, sha]
    outputs: dict[str, dict] = field(default_factory=dict)  # output name -> {key, inputs, pages}
    plans: dict[str, list[str]] = field(default_factory=dict)  # plan key -> output names

    @classmethod
    def load(cls, path: Path, mounts: dict[str, Path]) -> "BuildState":
        state = cls(path, mounts)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return state
        if data.get("version") == STATE_VERSION:
            state.files = data.get("files", {})
            state.outputs = data.get("outputs", {})
            state.plans = data.get("plans", {})
        return state

    def save(self) -> None:
        write_atomically(self.path, json.dumps({"version": STATE_VERSION, "files": self.files,
                                                "outputs": self.outputs, "plans": self.plans},
                                               sort_keys=True))

    def real_path(self, name: str) -> Path:
        mount, _, relative = name.partition(":")
        return self.mounts[mount] / relative

    def digest(self, name: str) -> str:
        """The file's content hash, read again only if its size, mtime or inode changed."""
        path = self.real_path(name)
        try:
            stat = path.stat()
        except OSError:  # an optional input (English has no catalog): its absence is its state
            self.files[name] = [0, 0, 0, "missing"]
            return "missing"
        known = self.files.get(name)
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        if known and known[:3] == signature:
            return known[3]
        sha = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
        self.files[name] = signature + [sha.hexdigest()]
        return sha.hexdigest()

    def key(self, inputs: list[str], settings: str) -> str:
        """An output's key: its settings and the content of each of its inputs."""
        digest = hashlib.sha256(settings.encode())
        for name in sorted(inputs):
            digest.update(f"\0{name}\0{self.digest(name)}".encode())
        return digest.hexdigest()
