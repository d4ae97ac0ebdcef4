"""Output profiles: what each destination of a PDF needs, and the paper sizes the layouts know."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """One destination: colour, image resolution and quality, and the PDF's conformance."""

    name: str
    colour: str  # "cmyk" (converted to the print profile) or "srgb"
    target_ppi: int  # renditions are resampled down to this at their placed size
    warn_below_ppi: int  # a use below this is a warning (a strict build fails on it)
    error_below_ppi: int  # a use below this is an error
    jpeg_quality: int
    bleed_mm: float = 0  # how far full-bleed backgrounds and images run past the trim
    slug_mm: float = 0  # the media box around the trim: room for the bleed and the crop marks
    crop_marks: bool = False
    pdf_variant: str | None = None
    pages_multiple_of: int = 1  # blank pages are added before the back cover to reach it
    description: str = ""


PROFILES = {
    # WeasyPrint caps the BleedBox at 10 pt (3.53 mm) whatever the CSS bleed: full-bleed
    # content runs 4 mm past the trim to cover it, and an 8 mm slug leaves room for marks.
    "print-house": Profile("print-house", "cmyk", 300, 300, 200, 92, bleed_mm=4, slug_mm=8,
                           crop_marks=True, pdf_variant="pdf/x-4", pages_multiple_of=4,
                           description="offset printing: CMYK, 3 mm bleed, crop marks"),
    "office": Profile("office", "srgb", 200, 150, 100, 85,
                      description="office printers: A4 or US Letter, RGB"),
    "screen": Profile("screen", "srgb", 150, 110, 72, 80, pdf_variant="pdf/ua-1",
                      description="reading on screen: tagged, accessible, small"),
    "archive": Profile("archive", "srgb", 300, 200, 150, 92, pdf_variant="pdf/a-3a",
                       description="the yearly record: PDF/A-3 with its sources attached"),
}

# Page sizes in millimetres; the layouts reflow for each (they are not scaled).
PAPERS = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
