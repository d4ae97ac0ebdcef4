"""Build state: the content hash of every input of every output, so a build does only what changed.

Files are named by mount (`project:sources/actions/niger.yaml`, `layouts:css/base.css`,
`fonts:Inter-Bold.otf`) and known by the SHA-256 of their bytes. A file whose size, mtime and
inode are unchanged is not read again; a touched file is read again, hashes the same, and
rebuilds nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .files import Fenced, Folders, read_within, write_atomically
from .problems import Location, Problem, shown
from .sources.reader import MAX_SOURCE_BYTES, language_view

STATE_VERSION = 2
PIPELINE = Path(__file__).resolve().parent


# The modules whose code decides what a PDF contains (paths under pipeline/, without .py); the
# command line, the benchmark and the archive do not, and changing them rebuilds nothing.
OUTPUT_MODULES = ("config", "designs", "fonts", "formats", "images", "key_figures", "kinds",
                  "model", "profiles",
                  "render",
                  "sources/assemble", "sources/checks", "sources/fingerprints", "sources/markup",
                  "sources/reader", "sources/schema",
                  "maps/geography", "maps/lettering", "maps/outlines", "maps/placed",
                  "maps/projection", "maps/svg",
                  "pdf/copyfit", "pdf/ladders", "pdf/pageplan", "pdf/preflight", "pdf/sheets",
                  "pdf/slug", "pdf/tounicode", "pdf/writer",
                  "web/fonts", "web/pages", "web/pictures")
# The modules that make no part of a PDF: a change to them rebuilds nothing. Every module is
# in one list or the other (a test checks it), so a new one is a decision, not an oversight.
OTHER_MODULES = ("__init__", "__main__", "archive", "bench", "build", "desk", "editing_bench",
                 "ending", "files", "importing", "kit", "plan", "preview", "preview_pages", "problems",
                 "proofs", "state", "translations", "workers",
                 "sources/__init__", "sources/glossary", "maps/__init__", "pdf/__init__",
                 "pdf/libraries", "web/__init__", "web/bench")


def pipeline_version() -> str:
    """What the code that makes the PDFs is: its modules' sources and the libraries' versions."""
    digest = hashlib.sha256()
    for name in sorted(OUTPUT_MODULES):
        digest.update(f"{name}.py".encode() + b"\0" + (PIPELINE / f"{name}.py").read_bytes())
    for package in ("weasyprint", "pydyf", "pillow", "jinja2", "babel", "markdown-it-py"):
        digest.update(f"{package}={metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


@dataclass
class BuildState:
    path: Path
    mounts: dict[str, Path]
    files: dict[str, list] = field(default_factory=dict)  # name -> [size, mtime_ns, inode, sha]
    outputs: dict[str, dict] = field(default_factory=dict)  # output name -> its record
    plans: dict[str, list[str]] = field(default_factory=dict)  # plan key -> output names
    warnings: list[Problem] = field(default_factory=list)
    # Each file is looked at once per build, however many outputs it is an input of (a
    # programme record is an input of every output).
    read: dict[str, str] = field(default_factory=dict, repr=False)
    named: dict[str, bytes] = field(default_factory=dict, repr=False)  # name -> its part of keys
    restated: bool = field(default=False, repr=False)  # a file touched, not changed: hashed
    folders: Folders = field(default_factory=Folders, repr=False)

    @classmethod
    def load(cls, path: Path, mounts: dict[str, Path]) -> "BuildState":
        """The state of the last build, if this pipeline wrote it. The file is in build/,
        where anything may have happened to it: its shape and every name in it are checked,
        and a state that fails is set aside (everything is built again), with a warning."""
        state = cls(path, mounts)
        try:
            data = json.loads(read_within(path, path.parent, MAX_STATE_BYTES))
            if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
                return state
            state.files, state.outputs, state.plans = _checked(data, mounts)
        except Fenced as refused:
            if refused.code != "path.missing":
                state._set_aside(f"{refused.message}")
        except (ValueError, TypeError, KeyError, OSError) as error:
            state._set_aside(shown(str(error)))
        return state

    def _set_aside(self, why: str) -> None:
        self.files, self.outputs, self.plans = {}, {}, {}
        self.warnings.append(Problem(Location(f"build/{self.path.name}"), f"not a build state "
                                     f"this pipeline wrote ({why}); everything is built again",
                                     "state.invalid", "warning"))

    def save(self) -> None:
        write_atomically(self.path, json.dumps({"version": STATE_VERSION, "files": self.files,
                                                "outputs": self.outputs, "plans": self.plans},
                                               sort_keys=True))

    def real_path(self, name: str) -> str:
        mount, _, relative = name.partition(":")
        return f"{self.mounts[mount]}/{relative.partition('#')[0]}"

    def digest(self, name: str) -> str:
        """The file's content hash, read again only if its size, mtime or inode changed. A
        file that is not there, or is not a regular file of its folder, has that as its state
        (and is never opened)."""
        if name in self.read:
            return self.read[name]
        self.read[name] = self._digest(name)
        return self.read[name]

    def _digest(self, name: str) -> str:
        mount = name.partition(":")[0]
        try:
            real = self.folders.within(self.real_path(name), self.mounts[mount])
        except Fenced as refused:  # an optional input (English has no catalog), or refused
            state = "missing" if refused.code == "path.missing" else refused.code
            self.files[name] = [0, 0, 0, state]
            return state
        languages = name.partition("#")[2]
        known = self.files.get(name)
        self.files[name] = signed(real, known, None if not languages else
                                  lambda data: language_view(data, languages.split("+")))
        self.restated |= self.files[name] != known
        return self.files[name][3]

    def key(self, inputs: list[str], settings: str) -> str:
        """An output's key: its settings and the content of each of its inputs."""
        named = self.named
        for name in inputs:
            if name not in named:  # a programme record is in every key: made once a build
                named[name] = f"\0{name}\0{self.digest(name)}".encode()
        return hashlib.sha256(settings.encode() + b"".join(
            named[name] for name in sorted(inputs))).hexdigest()

    def intact(self, output: str, path: Path | str) -> bool:
        """Whether the PDF at `path` is the one the last build wrote for `output` (a damaged
        or replaced file is not up to date, whatever its inputs)."""
        known = self.outputs.get(output, {}).get("pdf")
        try:
            real = self.folders.within(path, os.path.dirname(path))
        except Fenced:
            return False
        if not known:
            return False
        now = signed(real, known)
        if now[3] != known[3]:
            return False
        self.restated |= now != known
        self.outputs[output]["pdf"] = now  # touched, not changed: its new stat is remembered
        return True


def signed(path: Path | str, known: list | None, view=None) -> list:
    """[size, mtime_ns, inode, sha256] of a file (or of `view(its bytes)`), hashing it only if
    its stat changed."""
    stat = os.stat(path)
    signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    if known and known[:3] == signature:
        return list(known)
    with open(path, "rb") as handle:
        if view is not None and stat.st_size <= MAX_SOURCE_BYTES:  # larger: stage 1 refuses it
            return signature + [hashlib.sha256(view(handle.read())).hexdigest()]
        sha = hashlib.sha256()
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return signature + [sha.hexdigest()]


MAX_STATE_BYTES = 64 * 1024 * 1024
OUTPUT_NAME = re.compile(r"^[a-z0-9-]+/[A-Za-z0-9._-]+\.[a-z0-9]+$")  # profile/stem.format


def _checked(data: dict, mounts: dict[str, Path]) -> tuple[dict, dict, dict]:
    """The state's three tables, each entry of the expected shape and every file named inside
    a mount; a KeyError, TypeError or ValueError otherwise."""
    files, outputs, plans = data["files"], data["outputs"], data["plans"]
    if not all(isinstance(t, dict) for t in (files, outputs, plans)):
        raise TypeError("its tables are not mappings")
    for signature in files.values():
        _signature(signature)
    for name, record in outputs.items():
        _output(name, record)
    # Each file named once, however many outputs name it.
    for name in {*files, *(n for record in outputs.values() for n in record["inputs"])}:
        _inside(name, mounts)
    for key, names in plans.items():
        if not isinstance(names, list) or not all(isinstance(n, str) and n in outputs
                                                  for n in names):
            raise ValueError(f"the plan {shown(key)}")
    return files, outputs, plans


def _output(name, record) -> None:
    if not OUTPUT_NAME.match(name) or not isinstance(record, dict):
        raise ValueError(f"an output named {shown(name)}")
    shaped = (all(isinstance(record[k], str) for k in ("key", "settings"))
              and isinstance(record["inputs"], list) and isinstance(record["pages"], int)
              and all(isinstance(line, str) for line in record.get("images", []))
              and isinstance(record.get("made", ""), str))
    if not shaped or not all(isinstance(n, str) for n in record["inputs"]):
        raise TypeError(f"the record of {shown(name)}")
    _signature(record["pdf"])


def _inside(name, mounts: dict[str, Path]) -> None:
    mount, _, relative = name.partition(":") if isinstance(name, str) else ("", "", "")
    # Strings, not paths: a state names thousands of files (POSIX names: "/" separates).
    if mount not in mounts or not relative or relative.startswith("/") or \
            ".." in relative.split("/"):
        raise ValueError(f"a file {shown(name)} outside the project's folders")


def _signature(value) -> None:
    if not (isinstance(value, list) and len(value) == 4 and all(isinstance(v, int)
                                                                 for v in value[:3])
            and isinstance(value[3], str)):
        raise TypeError(f"a file signature {shown(value)}")
