"""Output formats: what a document becomes (a PDF, a web page), and all that differs for it.

An output is a document (a kind in a language) in a format under a profile; the profile names
its format. A format owns its file suffix (its name), the template and stylesheets it lays a kind
out with, what it adds to a template's context, the inputs it reads beyond the kind's, the order
it is written in (a web page links the PDFs, so it comes after them) and its writer, which
writes and checks one document. The build, the plan, the renderer and the workers ask the
format; a new format is one class (here or in its own module), its templates and its CSS.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, ClassVar

from .config import Settings, url_for
from .images import PRINT_ICC
from .model import Output, Sources
from .profiles import Paper, Profile
from .web.pages import WebFormat


class Format:
    """The base of every format; subclasses set the class attributes and say what differs.
    A writer (`writer()`) has `write(document, target) -> (pages, problems)` and `seconds`, the
    last document's time in each of its stages."""

    name: ClassVar[str]  # also the suffix of its files
    phase: ClassVar[int] = 0  # formats of a later phase are written after the earlier ones

    def template(self, kind) -> str:
        return kind.template

    def stylesheets(self, kind) -> tuple[str, ...]:
        """The layout files of its CSS, relative to the layouts folder."""
        return kind.stylesheets

    def page_css(self, profile: Profile, paper: Paper, mounts: dict[str, Path]) -> str:
        """CSS the profile and paper add after the layout's own."""
        return ""

    def context(self, renderer, output: Output, files: list) -> dict[str, Any]:
        """What its templates need beyond the kind's context: `url(path)` at least. `files`
        collects what the writer must put beside the document (see RenderedDocument)."""
        return {"url": lambda path: url_for(path, renderer.mounts)}

    def inputs(self, sources: Sources, output: Output, settings: Settings) -> list[str]:
        """Inputs beyond the kind's, named by mount."""
        return []

    def begun(self, settings: Settings):
        """A context the whole build runs in, begun before the sources are read: work that
        needs no record, done in the background meanwhile (nothing, for a PDF)."""
        return contextlib.nullcontext()

    def prepare(self, settings: Settings, renderer) -> dict[str, Any]:
        """Once per build before rendering: files every document of the format shares; the
        renderer keeps what this returns for `context`."""
        return {}

    def make_files(self, documents, settings: Settings) -> None:
        """After rendering, before writing: the files the documents need beside them."""

    def finish(self, settings: Settings) -> None:
        """After writing: tidy what the written files share (nothing, for a PDF)."""

    def writer(self, mounts: dict[str, Path], fonts: Path, build: Path):
        raise NotImplementedError


class PdfFormat(Format):
    """Paged media through WeasyPrint: the writer lays out, writes and preflights each PDF."""

    name: ClassVar[str] = "pdf"

    def page_css(self, profile: Profile, paper: Paper, mounts: dict[str, Path]) -> str:
        page = [f"@page {{ size: {paper.css_size}; }}",
                f":root {{ --bleed: {profile.bleed_mm:g}mm; "
                f"--page-width: {paper.width_mm:g}mm; "
                f"--page-height: {paper.height_mm:g}mm; }}"]
        if profile.press:
            marks = "crop cross" if profile.press.crop_marks else "none"
            page.append(f"@page {{ bleed: {profile.press.slug_mm:g}mm; marks: {marks}; }}")
        if not profile.hyphenates:
            page.append("p, li { hyphens: manual; }")
        if profile.cmyk:
            page.append("@color-profile device-cmyk { src: url(%s); components: cyan, "
                        "magenta, yellow, black }" % url_for(PRINT_ICC, mounts))
        return "\n".join(page)

    def writer(self, mounts: dict[str, Path], fonts: Path, build: Path):
        from .pdf.writer import PdfWriter  # noqa: PLC0415  (WeasyPrint only where PDFs are written)
        return PdfWriter(mounts, fonts, build)


FORMATS: dict[str, Format] = {format_.name: format_ for format_ in (PdfFormat(), WebFormat())}


def format_of(output_or_profile) -> Format:
    profile = getattr(output_or_profile, "profile", output_or_profile)
    return FORMATS[profile.format]
