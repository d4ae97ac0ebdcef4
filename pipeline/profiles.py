"""Output profiles: what each destination of a PDF needs, and the paper sizes the layouts know.

A profile says what it does (colour, image resolution, bleed and marks, tagging, attached
sources, the validator that judges it, whether it follows the desk's paper); the rest of the
pipeline asks these, never a profile's name.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points in a millimetre


@dataclass(frozen=True)
class Paper:
    """A trim size; the layouts reflow for each (they are not scaled)."""

    name: str
    width_mm: float
    height_mm: float

    @property
    def css_size(self) -> str:
        return "A4" if self.name == "a4" else self.name


PAPERS = {"a4": Paper("a4", 210.0, 297.0), "letter": Paper("letter", 215.9, 279.4)}


@dataclass(frozen=True)
class Resolution:
    """How images are prepared for a profile, at the size the layout places them."""

    target_ppi: int  # renditions are resampled down to this
    warn_below_ppi: int  # a use below this is a warning (a strict build fails on it)
    error_below_ppi: int  # a use below this is an error
    jpeg_quality: int


@dataclass(frozen=True)
class Press:
    """What an offset press needs beyond the page: bleed, room for marks, bound sheets."""

    bleed_mm: float  # how far full-bleed backgrounds and images run past the trim (BleedBox)
    slug_mm: float  # the media box around the trim: room for the bleed and the crop marks
    crop_marks: bool = True
    slug_line: bool = True  # file, edition, date and page under the trim, outside the bleed


@dataclass(frozen=True)
class Validator:
    """An independent validator's judgement of a PDF's conformance claim."""

    profile: str  # page-validation's profile: "3a", "ua1", …
    rules: str  # the family its failures are reported under: preflight.<rules>.<rule id>


@dataclass(frozen=True)
class Profile:
    """One destination of a PDF and everything that differs for it."""

    name: str
    description: str
    resolution: Resolution
    cmyk: bool = False  # colours and images converted to the print profile's inks
    press: Press | None = None
    pdf_variant: str | None = None
    tagged: bool = False  # a structure tree, alt text and a displayed title are required
    attaches_sources: bool = False  # the source records travel inside the PDF
    validator: Validator | None = None  # judges the PDF's conformance claim
    honours_paper: bool = False  # follows PAPER= (office desks print on A4 or Letter)
    pages_multiple_of: int = 1  # bound documents get blank pages before the back cover to reach
    #                             it: sheets of four at the press, two sides in an office
    hyphenates: bool = True  # the screen edition is read aloud and reflowed: no hyphens
    format: str = "pdf"  # the output format (pipeline/formats.py), also the files' suffix

    @property
    def bleed_mm(self) -> float:
        return self.press.bleed_mm if self.press else 0.0

    def paper(self, asked: Paper) -> Paper:
        """The paper this profile prints on when `asked` is wanted."""
        return asked if self.honours_paper else PAPERS["a4"]

    def folder(self, paper: Paper) -> str:
        """The profile's folder under build/<year>/ (office on Letter: office-letter)."""
        return self.name if paper.name == "a4" else f"{self.name}-{paper.name}"


PROFILES = {profile.name: profile for profile in (
    Profile("print-house", "offset printing: CMYK, 3 mm bleed, crop marks",
            Resolution(target_ppi=300, warn_below_ppi=300, error_below_ppi=200, jpeg_quality=92),
            cmyk=True, press=Press(bleed_mm=3, slug_mm=8), pdf_variant="pdf/x-4",
            pages_multiple_of=4),
    Profile("office", "office printers: A4 or US Letter, RGB",
            Resolution(target_ppi=200, warn_below_ppi=150, error_below_ppi=100, jpeg_quality=85),
            honours_paper=True, pages_multiple_of=2),
    Profile("screen", "reading on screen: tagged, accessible, small",
            Resolution(target_ppi=150, warn_below_ppi=110, error_below_ppi=72, jpeg_quality=80),
            pdf_variant="pdf/ua-1", tagged=True, validator=Validator("ua1", "pdfua"),
            hyphenates=False),
    Profile("archive", "the yearly record: PDF/A-3 with its sources attached",
            Resolution(target_ppi=300, warn_below_ppi=200, error_below_ppi=150, jpeg_quality=92),
            pdf_variant="pdf/a-3a", attaches_sources=True,
            validator=Validator("3a", "pdfa")),
    # Pictures are prepared as large as a wide screen shows them; the web format makes the
    # smaller widths a phone loads (srcset) from that rendition. The archive's size and
    # quality: after `make`, the web edition reuses its renditions and makes none.
    Profile("web", "the web edition: accessible pages in a folder, for any static host",
            Resolution(target_ppi=300, warn_below_ppi=110, error_below_ppi=72, jpeg_quality=92),
            tagged=True, hyphenates=False, format="html"),
)}
