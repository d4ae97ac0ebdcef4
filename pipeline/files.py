"""Files: written so that a reader sees the previous file or the complete new one, never
half; read only when they are regular files inside the folder they belong to.

Every writer of the pipeline (PDFs, renditions, the build state, lists, desk PDFs) goes through
here: the new content is written to a hidden temporary file beside the target and renamed over
it. A build stopped at any moment leaves each file old or new. Every reader of a project file
(sources, images, layouts, the build state's inputs) goes through `within`/`read_within`:
symbolic links are followed and the result must stay in its folder; named pipes and devices
are refused without being opened for a blocking read.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PARTIAL_SUFFIX = ".part"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Temporary files are created private (0600); the renamed file gets the permissions any file
# the user writes gets, so a desk can share it from a group folder or a web server.
FILE_MODE = 0o666 & ~_umask()


class Partial:
    """A temporary file that becomes `target` when its block ends, unless discarded."""

    def __init__(self, target: Path):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=PARTIAL_SUFFIX)
        os.close(handle)
        self.path = Path(name)
        self.kept = True

    def discard(self) -> None:
        self.kept = False


@contextmanager
def replacing(target: Path) -> Iterator[Partial]:
    """Write to `partial.path` inside the block; it replaces `target` when the block ends
    normally and `discard()` was not called; it is removed otherwise."""
    partial = Partial(target)
    try:
        yield partial
    except BaseException:
        partial.path.unlink(missing_ok=True)
        raise
    if partial.kept:
        os.chmod(partial.path, FILE_MODE)
        os.replace(partial.path, target)
    else:
        partial.path.unlink(missing_ok=True)


def write_atomically(target: Path, content: str | bytes) -> None:
    with replacing(target) as partial:
        if isinstance(content, str):
            partial.path.write_text(content, encoding="utf-8")
        else:
            partial.path.write_bytes(content)


def remove_partials(folder: Path) -> None:
    """Temporary files a killed build left behind (hidden, never taken for outputs)."""
    for partial in folder.glob(f"**/.*{PARTIAL_SUFFIX}"):
        partial.unlink(missing_ok=True)


# ---------------------------------------------------------------- reading, fenced


class Fenced(Exception):
    """A file the pipeline will not read: what is wrong with it, and a stable code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def within(path: Path, root: Path) -> Path:
    """The real path of `path`: a regular file inside `root` once every symbolic link is
    followed. Anything else (outside the folder, a loop, a named pipe, a device, a folder,
    nothing at all) is refused with the reason."""
    try:
        real = path.resolve(strict=True)
    except FileNotFoundError:
        raise Fenced("does not exist", "path.missing") from None
    except (RuntimeError, OSError):
        raise Fenced("is a symbolic link that loops or cannot be followed", "path.loop") from None
    if not real.is_relative_to(root.resolve()):
        raise Fenced(f"leads outside the {root.name}/ folder (a symbolic link)",
                     "path.outside")
    if not stat.S_ISREG(real.stat().st_mode):
        raise Fenced("is not a regular file (a named pipe, a device or a folder)",
                     "path.not-a-file")
    return real


class Folders:
    """`within` for many files of few folders: each folder's real path found once (a build
    looks at each of thousands of inputs, in a few dozen folders). A file that is itself a
    symbolic link, or a folder that cannot be resolved, gets the full check. For one build:
    a folder replaced by a link between two builds is seen by the next one."""

    def __init__(self):
        self.real: dict[str, str] = {}  # a folder as named -> its real path

    def within(self, path: Path | str, root: Path | str) -> str:
        """The file's real path, as a string (strings, not paths: thousands of files a build)."""
        named = str(path)
        parent, _, name = named.rpartition("/")
        try:
            folder = self.real.get(parent)
            if folder is None:
                folder = self.real[parent] = str(Path(parent).resolve(strict=True))
            real = f"{folder}/{name}"
            mode = os.lstat(real).st_mode
        except (RuntimeError, OSError):
            return str(within(Path(named), Path(root)))
        if stat.S_ISLNK(mode):
            return str(within(Path(named), Path(root)))
        top = str(root)
        if top not in self.real:
            self.real[top] = os.path.realpath(top)
        if not real.startswith(self.real[top].rstrip("/") + "/"):
            raise Fenced(f"leads outside the {os.path.basename(top)}/ folder (a symbolic link)",
                         "path.outside")
        if not stat.S_ISREG(mode):
            raise Fenced("is not a regular file (a named pipe, a device or a folder)",
                         "path.not-a-file")
        return real


def read_within(path: Path, root: Path, limit: int | None = None) -> bytes:
    """The bytes of a file inside `root` (see `within`), at most `limit` of them. Opened
    without blocking and checked again once open, so nothing swapped in between is read."""
    real = within(path, root)
    handle = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise Fenced("is not a regular file (a named pipe, a device or a folder)",
                         "path.not-a-file")
        size = os.fstat(handle).st_size
        if limit is not None and size > limit:
            raise Fenced(f"is {size:,} bytes; at most {limit:,} are read", "path.too-large")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            return stream.read()
    finally:
        os.close(handle)


def remembered(folder: Path | None, name: str, inputs: list[Path], make):
    """`make()`'s JSON answer about some files, kept in `folder` (the build's cache) under a
    key made of their names and content, so the next process reads it back instead of working
    it out again (sealed: a damaged answer is worked out again). No folder: just `make()`."""
    if folder is None:
        return make()
    key = hashlib.sha256(name.encode())
    for path in inputs:
        key.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
    target = folder / f"{name}-{key.hexdigest()[:20]}.json"
    known = sealed(target)
    if known is not None:
        try:
            return json.loads(known)
        except ValueError:
            pass
    answer = make()
    for older in folder.glob(f"{name}-*.json*"):
        older.unlink(missing_ok=True)
    write_atomically(target, json.dumps(answer))
    seal(target)
    return answer


def seal(path: Path) -> None:
    """Record beside a file of a cache (`<name>.sha256`) the hash `sealed` checks it against."""
    write_atomically(_seal_of(path), hashlib.sha256(path.read_bytes()).hexdigest())


def sealed(path: Path) -> bytes | None:
    """A cached file's bytes if they are the ones sealed; None if it is missing, replaced or
    damaged (build/ is not trusted: the file is made again)."""
    try:
        data = read_within(path, path.parent)
        recorded = read_within(_seal_of(path), path.parent).decode("ascii", "replace").strip()
    except Fenced:
        return None
    return data if hashlib.sha256(data).hexdigest() == recorded else None


def _seal_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.sha256")
