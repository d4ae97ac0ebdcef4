"""The project's fonts for the web edition: each face subset per script as WOFF2, declared by
unicode-range, so a page loads only the scripts it sets (as web font services serve them), from
its own folder, with the fonts' licences beside them."""

from __future__ import annotations

import contextlib
import hashlib
import io
from pathlib import Path

from ..files import Fenced, read_within, seal, sealed, write_atomically

# The faces the web layout uses (layouts/css/web.css names their families), each subset per
# script as fonts services do, so a page loads only the scripts it sets.
FACES = (("Noto Serif", 400, "normal", "NotoSerif-Regular.ttf"),
         ("Noto Serif", 400, "italic", "NotoSerif-Italic.ttf"),
         ("Noto Serif", 700, "normal", "NotoSerif-Bold.ttf"),
         ("Inter", 400, "normal", "Inter-Regular.otf"),
         ("Inter", 600, "normal", "Inter-SemiBold.otf"),
         ("Noto Naskh Arabic", 400, "normal", "NotoNaskhArabic-Regular.ttf"),
         ("Noto Naskh Arabic", 700, "normal", "NotoNaskhArabic-Bold.ttf"))
RANGES = {
    "latin": "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, "
             "U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212, U+2215, U+FEFF, U+FFFD",
    # Not the Latin subset's own (ı, Œ, œ): a French page loads no extended subset for "œuvre".
    "latin-ext": "U+0100-0130, U+0132-0151, U+0154-024F, U+0259, U+1E00-1EFF, U+2020, "
                 "U+20A0-20AB, U+20AD-20CF, U+2113, U+2C60-2C7F, U+A720-A7FF",
    "arabic": "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFF",
}
# A script's own letters: a face is subset for a script only if it has some of them.
LETTERS = {"latin": range(0x41, 0x5B), "latin-ext": range(0x100, 0x180),
           "arabic": range(0x621, 0x64B)}

def _codepoints(ranges: str) -> list[int]:
    points = []
    for part in ranges.split(","):
        first, _, last = part.strip().removeprefix("U+").partition("-")
        points += range(int(first, 16), int(last or first, 16) + 1)
    return points



def content_name(stem: str, data: bytes, suffix: str) -> str:
    """A file name that changes with the content: a browser never keeps a stale copy."""
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"


def place(folder: Path, name: str, data: bytes) -> str:
    """A shared file of the web folder, written unless the same bytes are there."""
    target = folder / name
    try:
        if read_within(target, folder) == data:
            return name
    except Fenced:
        pass
    write_atomically(target, data)
    return name


def font_faces(fonts: Path, build: Path, folder: Path) -> list[str]:
    """The @font-face rules of every face and script, their files written under
    `folder`/fonts with the fonts' licences."""
    faces, subsets = [], _subsets(fonts, build)
    for family, weight, style, file in FACES:
        for script, ranges in RANGES.items():
            data = subsets.get((file, script))
            if data is None:
                continue
            name = place(folder / "fonts", content_name(f"{Path(file).stem}-{script}", data,
                                                        ".woff2"), data)
            faces.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'font-style: {style}; font-display: swap; '
                         f'src: url("fonts/{name}") format("woff2"); '
                         f'unicode-range: {ranges}; }}')
    for licence in sorted(fonts.glob("OFL-*.txt")):
        place(folder / "fonts", licence.name, read_within(licence, fonts))
    return faces


CODE = Path(__file__).read_bytes()


def _subsets(fonts: Path, build: Path) -> dict[tuple[str, str], bytes]:
    """Each face's glyphs for each script it has letters of, as WOFF2 by (file, script);
    cached under build/web-fonts by the font's content, the missing ones made in threads
    (begun with the build, or now)."""
    for job in _BEGUN.get((fonts, build), ()):
        job.result()
    found, missing = _cached(fonts, build)
    if missing:
        with _pool() as pool:
            list(pool.map(_made, *zip(*missing)))
        found, _ = _cached(fonts, build)
    return found


@contextlib.contextmanager
def subsets_begun(fonts: Path, build: Path):
    """The missing subsets made in two threads from now to the block's end, whatever
    happens in it: a build begins them before it reads the sources (they need no record, and
    the second core has nothing to do then)."""
    missing = _cached(fonts, build)[1]
    if not missing:
        yield
        return
    with _pool() as pool:
        _BEGUN[(fonts, build)] = [pool.submit(_made, *job) for job in missing]
        try:
            yield
        except BaseException:
            pool.shutdown(cancel_futures=True)  # a failed build waits only for those begun
            raise
        finally:
            del _BEGUN[(fonts, build)]


_BEGUN: dict[tuple[Path, Path], list] = {}  # the subsets being made, by fonts and build folder


def _pool():
    """Two threads: HarfBuzz subsets and Brotli compresses outside the interpreter's lock
    (12 subsets: 2.1 s one after another, 1.3 s in two threads), and a thread needs no
    process started nor a Ctrl-C of its own."""
    from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

    return ThreadPoolExecutor(2)


def _cached(fonts: Path, build: Path):
    """The subsets in the cache, by (file, script), and the (source, script, cache file) of
    those missing."""
    import fontTools  # noqa: PLC0415  (only where a web edition is built)
    import uharfbuzz  # noqa: PLC0415

    found, missing = {}, []
    for _, _, _, file in FACES:
        source = read_within(fonts / file, fonts)
        for script in RANGES:
            # Everything the subset is made from: the font, the range, this module's code
            # (the subsetter's options), HarfBuzz and fontTools.
            key = hashlib.sha256(source + RANGES[script].encode() + CODE + repr(
                (LETTERS[script], fontTools.version, uharfbuzz.__version__)).encode())
            cache = build / "web-fonts" / f"{Path(file).stem}-{script}-{key.hexdigest()[:20]}"
            cached = sealed(cache)
            if cached is None:
                missing.append((source, script, cache))
            elif cached:
                found[(file, script)] = cached
    return found, missing


def _made(source: bytes, script: str, cache: Path) -> None:
    write_atomically(cache, _subset(source, script))
    seal(cache)


def _subset(source: bytes, script: str) -> bytes:
    """A font's glyphs for one script as WOFF2; empty if it has none of the script's letters
    (a Latin face has a few Arabic marks, no Arabic letters). HarfBuzz subsets (what browsers
    and WeasyPrint shape with, in C: milliseconds where fontTools took a second a face);
    fontTools packs the WOFF2."""
    import uharfbuzz as hb  # noqa: PLC0415
    from fontTools.ttLib import woff2  # noqa: PLC0415

    face = hb.Face(source)
    has = face.unicodes
    if not any(point in has for point in LETTERS[script]):
        return b""
    asked = hb.SubsetInput()
    asked.flags = hb.SubsetFlags.NO_HINTING
    for point in _codepoints(RANGES[script]):
        if point in has:
            asked.unicode_set.add(point)
    buffer = io.BytesIO()
    woff2.compress(io.BytesIO(hb.subset(face, asked).blob.data), buffer)
    return buffer.getvalue()
