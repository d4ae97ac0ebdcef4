"""WeasyPrint's system libraries (Pango, HarfBuzz, fontconfig), loaded without asking a
compiler where they are."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from contextlib import contextmanager


@contextmanager
def libraries_by_soname():
    """While WeasyPrint loads its libraries, ctypes' find_library answers from one reading of
    the linker's cache. WeasyPrint tries the Windows names first ('libgobject-2.0-0'); each
    name dlopen refuses, cffi asks find_library, which on Linux runs gcc and ld to look for
    it: 22 names, 0.33 s of every process that writes PDFs. (Upstream: try the platform's
    own names first.) A name the cache lacks is not found, as gcc would not find it either."""
    import ctypes.util  # noqa: PLC0415

    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    try:
        listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True,
                                 check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        yield
        return
    machine = "x86-64" if sys.maxsize > 2 ** 32 and os.uname().machine == "x86_64" else ""

    def find_library(name: str) -> str | None:
        found = re.search(rf"\s(lib{re.escape(name)}\.so[^\s]*)\s+\(([^)]*)\)", listing)
        while found and machine and machine not in found.group(2):
            found = re.search(rf"\s(lib{re.escape(name)}\.so[^\s]*)\s+\(([^)]*)\)",
                              listing[found.end():])
        return found.group(1) if found else None

    ctypes.util.find_library = find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original
