"""Stage 4: write each rendered document as a PDF with WeasyPrint.

WeasyPrint sees only the project's fonts (fontconfig is pinned to assets/fonts) and only the
project's files (a fetcher refuses any other path and every network scheme). Each PDF is
written to a temporary file beside its target and renamed, so no half-written PDF is left.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import logging
import mimetypes
import os
import re
import time
from functools import partial as partial_function
from pathlib import Path
from xml.sax.saxutils import escape

import pydyf

from . import copyfit, tounicode
from ..config import project_fetcher
from .copyfit import Overflow, overflow
from ..files import replacing
from ..images import PRINT_ICC
from .ladders import PASSES, broken_words, kept_whole
from ..model import RenderedDocument
from .pageplan import followed, plan
from .preflight import preflight
from ..problems import Location, Problem, refuses
from ..profiles import MM, Profile
from .libraries import libraries_by_soname
from .slug import slug_line

# The page a layout lets the PDF stage repeat to make up its page count (before a back cover),
# held in a comment so that it is not there until it is needed.
PADDING_PAGE = re.compile(r"<!-- padding page\n(.*?)\n-->", re.S)
STAGES = ("layout", "drawing", "writing", "preflight")  # a document's time, stage by stage
# Source records are embedded as YAML (RFC 9512), not as application/octet-stream.
mimetypes.add_type("application/yaml", ".yaml")

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
    (folder / "cache").mkdir(parents=True, exist_ok=True)
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
        self.fonts = fonts
        with libraries_by_soname():
            import weasyprint  # noqa: PLC0415  (after pinning fontconfig)
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415

        unambiguous_endstream()
        english_hyphenation()
        self.weasyprint = weasyprint
        self.font_config = FontConfiguration()
        self.color_profiles: dict[str, dict] = {}  # profile name -> its @color-profile rules
        self.stylesheets: dict[str, object] = {}
        self.fetcher = project_fetcher(weasyprint, mounts)
        self.logger = logging.getLogger("weasyprint")
        self.seconds = dict.fromkeys(STAGES, 0.0)  # the last document's time in each (bench)

    def write(self, document: RenderedDocument, target: Path) -> tuple[int, list[Problem]]:
        """Write one PDF; return its page count and the problems WeasyPrint and preflight
        found. A PDF with problems is not kept: the last good one stays in place. A document
        longer than its kind allows is not written at all: its proof goes to rejected/, and
        the problem says what to cut (in a draft, it is written and marked instead)."""
        output = document.output
        profile = output.profile
        self.seconds = dict.fromkeys(STAGES, 0.0)
        collector = _Collector()
        self.logger.addHandler(collector)
        try:
            # Each profile has its own colour profiles: a print-house CMYK profile must not
            # reach an archive PDF rendered next in the same worker.
            profiles = self.color_profiles.setdefault(profile.name, {})
            options = {"pdf_variant": profile.pdf_variant,
                       "stylesheets": [self._stylesheet(css, collector, profiles)
                                       for css in document.stylesheets],
                       "xmp_metadata": [_xmp_data_url(document)]}
            html = document.html
            if profile.press and profile.press.slug_line:  # the sheet's name, outside the trim
                html = html.replace("</style>", slug_line(
                    output, document.author, document.created, profile.press) + "\n</style>", 1)
            html, rendered = self._without_ladders(html, options, profiles)
            if output.kind.page_plan:
                html, rendered = self._planned(html, rendered, options, profiles)
            if output.kind.fitted:
                html, rendered = copyfit.fitted(html, rendered, lambda again: self._render(
                    again, options, profiles))
            problems = []
            too_long = overflow(rendered, output.kind.max_pages)
            if too_long:
                problems.append(self._overflow(document, too_long, rendered, target))
                if not document.draft:
                    return len(rendered.pages), problems + _logged(output, collector)
                marked = html.replace("</style>", copyfit.overflow_mark(
                    too_long, output.kind.max_pages), 1)
                rendered = self._render(marked, options, profiles)
            missing = -len(rendered.pages) % profile.pages_multiple_of
            padding = PADDING_PAGE.search(html)
            if missing and padding:
                rendered = self._render(html[:padding.start()] + padding.group(1) * missing
                                        + html[padding.end():], options, profiles)
            with replacing(target) as partial:
                started = time.perf_counter()
                rendered.write_pdf(partial.path, finisher=partial_function(
                                       self._finish, started, profile),
                                   **options, attachments=self._attachments(document))
                self.seconds["writing"] = time.perf_counter() - started - self.seconds["drawing"]
                problems += _logged(output, collector)
                started = time.perf_counter()
                # Checked before it replaces the last good PDF of the same name.
                problems += preflight(partial.path, output, document.draft)
                self.seconds["preflight"] = time.perf_counter() - started
                if any(refuses(problem) for problem in problems):
                    partial.discard()
        finally:
            self.logger.removeHandler(collector)
        return len(rendered.pages), problems

    def _finish(self, started: float, profile: Profile, document, pdf) -> None:
        self.seconds["drawing"] = time.perf_counter() - started  # pages drawn, fonts subset
        _finish(document, pdf, profile, self.fonts)

    def _render(self, html: str, options: dict, profiles: dict):
        started = time.perf_counter()
        rendered = self.weasyprint.HTML(string=html, base_url="file:///project/",
                                        url_fetcher=self.fetcher).render(
            font_config=self.font_config, color_profiles=profiles, **options)
        self.seconds["layout"] += time.perf_counter() - started
        return rendered

    def _without_ladders(self, html: str, options: dict, profiles: dict):
        """The first layout, laid out again while a paragraph has three hyphenated lines in
        a row (ladders.py)."""
        rendered = self._render(html, options, profiles)
        for _ in range(PASSES):
            words = broken_words(rendered)
            if not words:
                break
            html = kept_whole(html, words)
            rendered = self._render(html, options, profiles)
        return html, rendered

    def _planned(self, html: str, rendered, options: dict, profiles: dict):
        """The page plan made on a first layout (pageplan.py) applied in a second, kept only
        if every block landed where the plan put it."""
        page_plan = plan(rendered)
        if page_plan is None or not page_plan.css:
            return html, rendered
        planned = html.replace("</style>", page_plan.css + "\n</style>", 1)
        again = self._render(planned, options, profiles)
        return (planned, again) if followed(page_plan, again) else (html, rendered)

    def _overflow(self, document: RenderedDocument, too_long: Overflow, rendered,
                  target: Path) -> Problem:
        """The problem of a document too long for its kind; its proof kept in rejected/
        (with the overflow to see), unless the draft writes the document itself."""
        output = document.output
        proof = target.parent.parent / "rejected" / output.name
        if not document.draft:
            with replacing(proof) as partial:
                rendered.write_pdf(partial.path)
        field = f"{too_long.field}.{output.language}: " if too_long.field else ""
        where = ("marked in the draft" if document.draft else
                 f"proof: {proof.relative_to(target.parent.parent.parent.parent)}")
        return Problem(Location(output.name), f"{output.kind.what(output)} runs to "
                       f"{len(rendered.pages)} pages, {output.kind.max_pages} at most: "
                       f"{field}cut about {too_long.lines} lines ({too_long.characters} "
                       f"characters) of it; {where}", "pdf.overflow",
                       "warning" if document.draft else "error")

    def _stylesheet(self, css: str, collector: "_Collector", color_profiles: dict):
        """Parsed once per worker and reused by every document that uses the same CSS; what
        WeasyPrint said while parsing it is told again for each of those documents."""
        if css not in self.stylesheets:
            parsing = _Collector()
            self.logger.addHandler(parsing)
            try:
                parsed = self.weasyprint.CSS(
                    string=css, base_url="file:///layouts/", url_fetcher=self.fetcher,
                    font_config=self.font_config, color_profiles=color_profiles)
            finally:
                self.logger.removeHandler(parsing)
            self.stylesheets[css] = (parsed, parsing.records)
        parsed, records = self.stylesheets[css]
        collector.records.extend(records)
        return parsed

    def _attachments(self, document: RenderedDocument) -> list:
        """The source records, for a profile that carries them; fresh objects for every PDF,
        with the edition's date, so the bytes do not depend on when or where they were built."""
        if not document.output.profile.attaches_sources:
            return []
        moment = datetime.datetime.combine(document.created, datetime.time(),
                                           datetime.timezone.utc)
        return [self.weasyprint.Attachment(
                    url=f"file:///project/{relative}", url_fetcher=self.fetcher, name=relative,
                    description="Source record", created=moment, modified=moment,
                    relationship="Source")
                # In key order: WeasyPrint writes the file names' tree in the order given.
                for relative in sorted(document.attachments, key=_name_key)]


def _name_key(name: str) -> bytes:
    """A name as a PDF string's bytes (pydyf: ASCII as it is, else UTF-16BE with its BOM),
    which is the order a name tree is read in."""
    return name.encode("ascii") if name.isascii() else b"\xfe\xff" + name.encode("utf-16-be")


def _logged(output, collector: "_Collector") -> list[Problem]:
    """What WeasyPrint logged for one document, once per distinct message."""
    return [Problem(Location(output.name), message, "pdf.weasyprint", level)
            for message, level in dict.fromkeys(
                (r.getMessage(), "warning" if r.levelno == logging.WARNING else "error")
                for r in collector.records)]


def english_hyphenation() -> None:
    """English is hyphenated with pyphen's en_US patterns, whatever the variety of English:
    its en_GB patterns break "Afric-an", "opportun-it-ies", "mon-it-or-ing"."""
    import pyphen  # noqa: PLC0415  (WeasyPrint's own hyphenation library)

    pyphen.LANGUAGES["en"] = pyphen.LANGUAGES["en_US"]


def unambiguous_endstream() -> None:
    """Write CR LF, not LF, before `endstream` when a stream's data ends in CR.

    pydyf writes `…data\nendstream`. A compressed stream ends in a checksum byte, and about
    one in 256 ends in CR: the file then reads `…\r\nendstream`, which PDF/A validators take
    as data followed by a CR LF end-of-line, one byte short of /Length, while qpdf and
    poppler read /Length bytes and find it right. With CR LF after such data every reader
    agrees; every other stream keeps its bytes. Patched on pydyf's Stream, process-wide,
    because pydyf makes the object and cross-reference streams itself after any finisher."""
    stream = pydyf.Stream
    if getattr(stream.data.fget, "unambiguous", False):
        return
    original = stream.data

    def data(self) -> bytes:
        written = original.fget(self)
        if written.endswith(b"\r\nendstream"):  # the data's last byte is CR
            return written[:-len(b"\nendstream")] + b"\r\nendstream"
        return written

    data.unambiguous = True
    data.original = original  # for the tests that show what it prevents
    stream.data = property(data)


def _xmp_data_url(document: RenderedDocument) -> str:
    """Dublin Core properties WeasyPrint does not write: language, publisher, date, identifier."""
    output = document.output
    identifier = f"{document.author.lower()}-{output.year}-{output.filename[:-4]}"
    rdf = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<rdf:Description rdf:about="">'
        f'<dc:language><rdf:Bag><rdf:li>{escape(output.language)}</rdf:li></rdf:Bag></dc:language>'
        f'<dc:publisher><rdf:Bag><rdf:li>{escape(document.author)}</rdf:li></rdf:Bag></dc:publisher>'
        f'<dc:date><rdf:Seq><rdf:li>{document.created.isoformat()}</rdf:li></rdf:Seq></dc:date>'
        f'<dc:identifier>{escape(identifier)}</dc:identifier>'
        f'<dc:source>{escape(document.author)} edition {output.year}</dc:source>'
        '</rdf:Description></rdf:RDF>')
    return "data:application/rdf+xml;base64," + base64.b64encode(rdf.encode()).decode()


def _finish(document, pdf, profile: Profile, fonts: Path) -> None:
    """Last touches: bleed box, crop marks in ink and the press's own colour profile (print),
    each attached file listed once, Arabic text that copies as written, and the XMP packet
    stable and uncompressed.

    PDF/A-1 forbids a compressed metadata stream and validators (page-validation among them)
    apply the rule to PDF/A-3 too; an uncompressed packet satisfies every reading."""
    if profile.press:
        _bleed_box(pdf, profile.press.bleed_mm)
    if profile.cmyk:
        _marks_in_registration_colour(pdf)
        _original_print_profile(pdf)
    tounicode.repair(document, pdf, fonts)
    if "AF" in pdf.catalog:
        # WeasyPrint lists each attached file twice (from the names tree and again from the
        # file specifications): once is the record.
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    metadata = pdf.catalog.get("Metadata")
    if metadata is None:
        return
    stream = pdf.objects[int(metadata.split()[0])]
    stream.compress = False
    _stable_identifiers(stream)


def _bleed_box(pdf, bleed_mm: float) -> None:
    """WeasyPrint writes the BleedBox 10 pt past the trim whatever the CSS bleed; the press
    gets the profile's bleed, the distance the layouts run their full-bleed content."""
    bleed = bleed_mm * MM
    for page in pdf.objects:
        if isinstance(page, dict) and page.get("Type") == "/Page" and "TrimBox" in page:
            left, bottom, right, top = (float(v) for v in page["TrimBox"])
            page["BleedBox"] = pydyf.Array([left - bleed, bottom - bleed, right + bleed,
                                            top + bleed])


def _content(stream) -> bytes:
    return b"\n".join(part if isinstance(part, bytes) else str(part).encode()
                      for part in stream.stream)


def _original_print_profile(pdf) -> None:
    """WeasyPrint writes the output intent's ICC profile as littleCMS re-serialises it, which
    varies with what the worker did before; the press gets the profile file itself."""
    for intent in pdf.catalog.get("OutputIntents", ()):
        stream = pdf.objects[int(intent["DestOutputProfile"].split()[0])]
        stream.stream = [PRINT_ICC.read_bytes()]


def _marks_in_registration_colour(pdf) -> None:
    """WeasyPrint draws crop marks in RGB black inside a transparency group: for the press
    they are drawn on every plate (C, M, Y and K at 100 %), without a group."""
    for stream in pdf.objects:
        extra = getattr(stream, "extra", None)
        if not extra or extra.get("Subtype") != "/Form":
            continue
        content = _content(stream)
        if not re.search(rb"\b0 0 0 (rg|RG)\b", content):
            continue
        content = re.sub(rb"\b0 0 0 rg\b", b"1 1 1 1 k", content)
        stream.stream = [re.sub(rb"\b0 0 0 RG\b", b"1 1 1 1 K", content)]
        extra.pop("Group", None)


def _stable_identifiers(stream) -> None:
    """Replace the random xmpMM:DocumentID of PDF/X with one derived from the content."""
    packet = _content(stream)
    if b"xmp.did:" not in packet:
        return
    digest = hashlib.sha256(re.sub(rb"xmp\.did:[0-9a-f-]+", b"", packet)).hexdigest()
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    stream.stream = [re.sub(rb"xmp\.did:[0-9a-f-]+", f"xmp.did:{uuid}".encode(), packet)]
