"""WeasyPrint's libraries: found by their sonames from the linker's cache, the same ones."""

from __future__ import annotations


def test_weasyprints_libraries_are_found_by_soname_without_a_compiler():
    import ctypes.util

    from pipeline.pdf.libraries import libraries_by_soname
    original = ctypes.util.find_library
    with libraries_by_soname():
        assert ctypes.util.find_library("gobject-2.0").startswith("libgobject-2.0.so.")
        assert ctypes.util.find_library("pango-1.0") == original("pango-1.0")
        assert ctypes.util.find_library("libgobject-2.0-0") is None  # a Windows name
    assert ctypes.util.find_library is original
