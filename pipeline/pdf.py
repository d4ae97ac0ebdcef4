"""Stage 4: write each rendered document as a PDF with WeasyPrint.

WeasyPrint sees only the project's fonts (fontconfig is pinned to assets/fonts) and only the
project's files (a fetcher refuses any other path and every network scheme). Each PDF is
written to a temporary file beside its target and renamed, so no half-written PDF is left.
"""

from __future__ import annotations

import logging
import mimetypes
import os
import tempfile
from pathlib import Path

from .config import path_for
from .model import RenderedDocument
from .problems import Location, Problem

FONTCONFIG_TEMPLATE = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <config><rescan><int>0</int></rescan></config>
</fontconfig>
"""


def pin_fonts(fonts: Path, build: Path) -> None:
    """Make fontconfig see only the project's fonts; must run before WeasyPrint is imported."""
    folder = build / "fontconfig"
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    text = FONTCONFIG_TEMPLATE.format(fonts=fonts.resolve(), cache=(folder / "cache").resolve())
    if not conf.exists() or conf.read_text() != text:
        conf.write_text(text)
    os.environ["FONTCONFIG_FILE"] = str(conf.resolve())


class _Collector(logging.Handler):
    """Keeps WeasyPrint's warnings and errors of one document."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


class PdfWriter:
    """Writes PDFs in one process; WeasyPrint is imported once and reused across documents."""

    def __init__(self, mounts: dict[str, Path], fonts: Path, build: Path):
        pin_fonts(fonts, build)
        import weasyprint  # noqa: PLC0415  (after pinning fontconfig)
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        self.weasyprint = weasyprint
        self.font_config = FontConfiguration()
        self.fetcher = _project_fetcher(weasyprint, mounts)
        self.logger = logging.getLogger("weasyprint")

    def write(self, document: RenderedDocument, target: Path) -> tuple[int, list[Problem]]:
        """Write one PDF; return its page count and the problems WeasyPrint logged."""
        collector = _Collector()
        self.logger.addHandler(collector)
        try:
            html = self.weasyprint.HTML(string=document.html, base_url="file:///project/",
                                        url_fetcher=self.fetcher)
            rendered = html.render(font_config=self.font_config)
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                               suffix=".part")
            os.close(handle)
            try:
                rendered.write_pdf(partial)
                problems = [Problem(Location(target.name), r.getMessage(), "pdf.weasyprint",
                                    "warning" if r.levelno == logging.WARNING else "error")
                            for r in collector.records]
                if problems:
                    os.unlink(partial)
                else:
                    os.replace(partial, target)
            except BaseException:
                os.unlink(partial)
                raise
        finally:
            self.logger.removeHandler(collector)
        return len(rendered.pages), problems


def _project_fetcher(weasyprint, mounts: dict[str, Path]):
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
