"""Stage 5: check each written PDF against its kind's and profile's rules, before it replaces
the last one.

Each rule reads the PDF itself (its structure with pikepdf, its pages as laid out with pdfium)
or asks an independent validator (page-validation, for PDF/A and PDF/UA); none trusts what the
earlier stages meant to write. A failure names the file, the page where there is one, and the
rule. Everything is read in this process, each reader opening the file once.
"""

from __future__ import annotations

import math
from pathlib import Path

import pikepdf

from . import sheets
from ..model import Output
from ..problems import Location, Problem
from ..profiles import MM, Profile

RGB_SPACES = {"/DeviceRGB", "/CalRGB"}
PAINT = "rg RG cs CS"  # the operators that set a colour or colour space: all the ink rule reads
SIZE_TOLERANCE_MM = 0.1


def preflight(path: Path, output: Output, draft: bool = False) -> list[Problem]:
    """Every rule the output's kind and profile ask for, on the PDF at `path`: errors (the
    PDF is refused) and warnings (it is kept)."""
    found: list[Problem] = []
    profile = output.profile

    def fail(message: str, rule: str, page: int = 0) -> None:
        found.append(Problem(Location(output.name, page), message, f"preflight.{rule}"))

    def warn(message: str, rule: str) -> None:
        found.append(Problem(Location(output.name), message, f"preflight.{rule}", "warning"))

    # Each reader opens the file once: pikepdf for its structure, pdfium for its pages laid out.
    with pikepdf.open(path) as pdf, sheets.read(path) as pages:
        for message, rule in output.kind.page_problems(output, len(pdf.pages)):
            # A draft shows what runs too long (marked) instead of refusing it.
            (warn if draft else fail)(message, rule)
        if str(pdf.Root.get("/Lang", "")) != output.language:
            fail(f"document language is {str(pdf.Root.get('/Lang', 'missing'))!r}, expected "
                 f"{output.language!r}", "lang")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            fail("the PDF has no title", "title")
        _trim(pdf, output, fail)
        _name_trees(pdf, fail)
        _fonts(pdf, fail)
        _images(pages, profile, fail)
        if profile.press:
            _press(pdf, profile, fail)
        if profile.cmyk:
            _ink(pdf, fail)
        if profile.tagged:
            _accessible(pdf, fail)
        if profile.attaches_sources:
            _sources_attached(pdf, fail)
        _text_on_the_page(pages, fail)
        if profile.press and profile.press.slug_line:
            _slug(pages, output, fail)
    if profile.validator:
        _validated(path, profile, fail, warn)
    return found


def _trim(pdf, output: Output, fail) -> None:
    """Every page has the paper's size (the trim, when the PDF has bleed around it)."""
    paper = output.paper
    for number, page in enumerate(pdf.pages, 1):
        trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
        size = ((trim[2] - trim[0]) / MM, (trim[3] - trim[1]) / MM)
        if abs(size[0] - paper.width_mm) > SIZE_TOLERANCE_MM or \
                abs(size[1] - paper.height_mm) > SIZE_TOLERANCE_MM:
            fail(f"page is {size[0]:.1f}×{size[1]:.1f} mm, expected {paper.name} "
                 f"({paper.width_mm:g}×{paper.height_mm:g} mm)", "trim", number)


def _text_on_the_page(pages, fail) -> None:
    """No word is set beyond the page, where it would be cut off: no letter's box reaches past
    the sheet. A text object's bounds (or a drawing's, for the text it holds) enclose its
    letters' boxes, so a page whose objects all lie on the sheet is read no further."""
    for number, page in enumerate(pages, 1):
        if all(sheets.within(box, page.sheet) for box in page.text_bounds()):
            continue
        outside = [text for text, box in page.words if not sheets.within(box, page.sheet)]
        if outside:
            shown = " ".join(outside[:8]) + (" …" if len(outside) > 8 else "")
            fail(f"{len(outside)} word(s) set beyond the page, cut off: {shown}",
                 "text-off-page", number)


def _name_trees(pdf, fail) -> None:
    """Keys of a name tree (attached files, destinations) in order, as ISO 32000 requires: a
    reader looks a name up by bisection and may not find one out of order."""
    trees = pdf.Root.get("/Names")
    for name, tree in (trees.items() if trees is not None else ()):
        keys = list(_tree_keys(tree))
        if keys != sorted(keys):
            fail(f"the {name[1:]} name tree is not in key order", "name-tree")


def _tree_keys(node, depth: int = 0):
    if depth > 32:  # a loop in a damaged tree
        return
    names = node.get("/Names", [])
    for index in range(0, len(names), 2):
        yield bytes(names[index])
    for kid in node.get("/Kids", []):
        yield from _tree_keys(kid, depth + 1)


def _fonts(pdf, fail) -> None:
    for number, page in enumerate(pdf.pages, 1):
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for name, font in fonts.items():
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get("/FontDescriptor")
                if descriptor is None or not any(key in descriptor for key in
                                                 ("/FontFile", "/FontFile2", "/FontFile3")):
                    fail(f"font {descendant.get('/BaseFont', name)} is not embedded",
                         "font-not-embedded", number)


def _images(pages, profile: Profile, fail) -> None:
    needed = profile.resolution.error_below_ppi
    for number, page in enumerate(pages, 1):
        for pixels, rows, width, _ in page.images():
            ppi = pixels / (width / 72) if width > 0 else math.inf
            if ppi < needed - 1:  # 1 ppi of rounding in the placed size
                fail(f"an image of {pixels}×{rows} px is placed at {width / MM:.0f} mm: "
                     f"{ppi:.0f} ppi, {profile.name} needs at least {needed}", "image-ppi",
                     number)


def _press(pdf, profile: Profile, fail) -> None:
    """The press's bleed on every page."""
    needed = profile.press.bleed_mm
    for number, page in enumerate(pdf.pages, 1):
        trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
        bleed = [float(v) for v in page.obj.get("/BleedBox", page.obj.MediaBox)]
        margins = [(trim[0] - bleed[0]), (trim[1] - bleed[1]), (bleed[2] - trim[2]),
                   (bleed[3] - trim[3])]
        if min(margins) / MM < needed - 0.01:
            fail(f"bleed is {min(margins) / MM:.1f} mm; the print house needs {needed:g} mm "
                 "on every side", "bleed", number)


def _slug(pages, output: Output, fail) -> None:
    """Every page names itself in its slug: the file's name and "page n of N", set on the
    sheet outside the BleedBox (beyond the trim, so the knife takes it away, and clear of the
    bleed, which a press may print), and none of it reaching into the bleed. Read back from
    the words pdfium lays out, measured like the boxes, in PDF user space."""
    for number, page in enumerate(pages, 1):
        words = [(text, box) for text, box in page.words if sheets.within(box, page.sheet)]
        texts = [text for text, _ in words]
        folio = ["page", str(number), "of", str(len(pages))]
        named = [box for text, box in words if text == output.filename]
        numbered = [box for start in range(len(texts)) if texts[start:start + 4] == folio
                    for _, box in words[start:start + 4]]
        if not named or not numbered:
            fail(f"no slug line: the sheet does not say {output.filename!r} and "
                 f"\"{' '.join(folio)}\" outside the bleed", "slug", number)
        elif any(sheets.overlaps(box, page.bleed) for box in named + numbered):
            fail("the slug line reaches into the bleed (it belongs beyond the BleedBox)",
                 "slug", number)


def _ink(pdf, fail) -> None:
    """Print colour: ink only (no RGB page content or images), a CMYK output intent, nothing
    transparent."""
    _ink_content(pdf, fail)
    intents = [intent for intent in pdf.Root.get("/OutputIntents", [])
               if intent.get("/S") == "/GTS_PDFX" and "/DestOutputProfile" in intent
               and int(intent.DestOutputProfile.get("/N", 0)) == 4]
    if not intents:
        fail("there is no CMYK output intent: the press cannot know the colour condition",
             "output-intent")
    for number, image in _named_images(pdf):
        if _rgb_image(image):
            fail(f"an image of {int(image.Width)}×{int(image.Height)} px is RGB; "
                 "the print house takes CMYK images", "rgb-image", number)
        if "/SMask" in image or "/Mask" in image:
            fail("an image has transparency (a soft mask)", "transparency", number)
    _transparency(pdf, fail)


def _named_images(pdf):
    """(page number, image) for every image a page's resources name, or a drawing's on it."""
    for number, page in enumerate(pdf.pages, 1):
        drawings, seen = [page.obj], set()
        while drawings:
            for xobject in drawings.pop().get("/Resources", {}).get("/XObject", {}).values():
                if xobject.objgen not in seen and xobject.get("/Subtype") == "/Image":
                    yield number, xobject
                elif xobject.objgen not in seen and xobject.get("/Subtype") == "/Form":
                    drawings.append(xobject)
                seen.add(xobject.objgen)


def _ink_content(pdf, fail) -> None:
    """No RGB colour in the pages' content, nor in the drawings (an SVG, a map) they may
    paint as form XObjects."""
    for number, page in enumerate(pdf.pages, 1):
        if any(_paints_rgb(operands, operator)
               for operands, operator in pikepdf.parse_content_stream(page, PAINT)):
            fail("page content is painted in RGB; the print house takes ink colours "
                 "(device-cmyk) only", "rgb", number)
    forms = [obj for obj in pdf.objects
             if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form"]
    if any(_paints_rgb(operands, operator) for form in forms
           for operands, operator in pikepdf.parse_content_stream(form, PAINT)):
        fail("a drawing (form XObject) is painted in RGB; the print house takes ink colours "
             "(device-cmyk) only", "rgb")


def _rgb_image(image) -> bool:
    space = image.get("/ColorSpace")
    return str(space) in RGB_SPACES or (isinstance(space, pikepdf.Array) and
                                        str(space[0]) == "/ICCBased" and int(space[1].N) == 3)


def _paints_rgb(operands, operator) -> bool:
    return str(operator) in ("rg", "RG") or (str(operator) in ("cs", "CS")
                                             and str(operands[0]) in RGB_SPACES)


def _transparency(pdf, fail) -> None:
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        if obj.get("/S") == "/Transparency":
            fail("the PDF has a transparency group", "transparency")
            return
        if obj.get("/Type") == "/ExtGState" and \
                any(float(obj.get(key, 1)) < 1 for key in ("/ca", "/CA")):
            fail("the PDF has a semi-transparent graphics state", "transparency")
            return


def _accessible(pdf, fail) -> None:
    """Screen: tagged, titled, every figure described."""
    root = pdf.Root
    if not root.get("/MarkInfo", {}).get("/Marked", False) or "/StructTreeRoot" not in root:
        fail("the PDF is not tagged (no structure tree)", "untagged")
        return
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False):
        fail("the viewer is not told to show the title", "display-title")
    missing = 0
    for element in _structure(root.StructTreeRoot):
        if element.get("/S") == "/Figure" and not str(element.get("/Alt", "")).strip():
            missing += 1
    if missing:
        fail(f"{missing} figure(s) have no alternative text", "alt")


def _structure(node, depth=0):
    if depth > 200:
        return
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _structure(kid, depth + 1)


def _validated(path: Path, profile: Profile, fail, warn) -> None:
    """The PDF/A or PDF/UA claim, checked by an independent validator. A validator is a
    witness, not a judge: where another reading of the same bytes exists (qpdf's, for a
    stream's length), a failure it refutes is reported as a disagreement and does not stop
    the edition."""
    import page as validator  # page-validation: a PDF/A and PDF/UA checker (Rust core)

    claim, rules = profile.pdf_variant.upper(), profile.validator.rules
    try:
        report = validator.validate_pdf(str(path), profile=profile.validator.profile)
    except Exception as error:  # noqa: BLE001 — the validator's parse errors vary by kind
        fail(f"{claim}: the validator cannot read the file: {error}", f"{rules}.unreadable")
        return
    for failure in report.failures:
        refuted = _second_reading(path, failure)
        if refuted:
            warn(f"{claim}: page-validation says {failure.message} "
                 f"({failure.rule_id}, object {_object(failure)}), but {refuted}: a validator "
                 "disagreement, reported and not blocking", "validator-disagrees")
        else:
            fail(f"{claim}: {failure.message}", f"{rules}.{failure.rule_id}")


def _object(failure) -> str:
    number = getattr(failure.object_id, "object_number", None)
    return f"{number} {failure.object_id.generation} R" if number is not None else "unnamed"


def _second_reading(path: Path, failure) -> str | None:
    """Why another reader holds the failed rule (a stream's /Length) to be met, or None
    when there is no second reading or it agrees with the validator."""
    if "STREAM-LENGTH" not in failure.rule_id or failure.object_id is None:
        return None
    number, generation = failure.object_id.object_number, failure.object_id.generation
    with pikepdf.open(path) as pdf:
        try:
            stream = pdf.get_object(number, generation)
            declared = int(stream.stream_dict.Length)
            raw = stream.read_raw_bytes()
        except (pikepdf.PdfError, AttributeError, KeyError, ValueError):
            return None
        if pdf.get_warnings() or len(raw) != declared:
            return None
    ambiguous = raw.endswith(b"\r") and raw + b"\nendstream" in path.read_bytes()
    how = ("its last byte is CR and a LF follows, which a reader taking CR LF as one "
           "end-of-line counts one byte short") if ambiguous else "an end-of-line follows it"
    return f"qpdf reads its /Length ({declared} bytes) as exact; {how}"


def _sources_attached(pdf, fail) -> None:
    attached = [spec for spec in pdf.Root.get("/AF", [])
                if str(spec.get("/AFRelationship")) == "/Source"]
    if not attached:
        fail("the PDF carries no source records", "attachments")
