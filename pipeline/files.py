"""Writing files so that a reader sees the previous file or the complete new one, never half.

Every writer of the pipeline (PDFs, renditions, the build state, lists, desk PDFs) goes through
here: the new content is written to a hidden temporary file beside the target and renamed over
it. A build stopped at any moment leaves each file old or new.
"""

from __future__ import annotations

import os
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
