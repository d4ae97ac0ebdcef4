"""Stage 5: every preflight rule is seen to fail on a bad PDF, and to pass on the real edition."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess

import page
import pikepdf
import pytest

from pipeline.kinds import ANNUAL_REPORT, FACTSHEET as FACTSHEET_KIND
from pipeline.model import Output
from pipeline.pdf.preflight import preflight
from pipeline.profiles import PAPERS, PROFILES

FACTSHEET = Output(FACTSHEET_KIND, "en", 2017, "niger", PROFILES["office"])


def judged(output: Output, profile: str) -> Output:
    """The same document judged by another profile's rules."""
    return dataclasses.replace(output, profile=PROFILES[profile])


def rules(path, output=FACTSHEET, profile="office"):
    return sorted({p.code.removeprefix("preflight.") for p in
                   preflight(path, judged(output, profile))})


@pytest.fixture(scope="module")
def built(edition_2017):
    settings, _ = edition_2017
    return settings.output_folder


def copy_of(built, tmp_path, relative):
    target = tmp_path / relative.replace("/", "-")
    shutil.copy(built / relative, target)
    return target


def test_good_pdfs_pass_their_profiles(built):
    assert rules(built / "office/factsheet-niger-en.pdf") == []
    report = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["print-house"])
    assert rules(built / "print-house/annual-report-2017-en.pdf", report, "print-house") == []
    assert rules(built / "screen/factsheet-niger-en.pdf", FACTSHEET, "screen") == []
    assert rules(built / "archive/factsheet-niger-en.pdf", FACTSHEET, "archive") == []


def test_office_pdf_fails_every_print_house_rule_it_breaks(built):
    report = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["office"])
    failed = rules(built / "office/annual-report-2017-en.pdf", report, "print-house")
    # no bleed, RGB page content, RGB images, no output intent, no slug line
    assert {"bleed", "rgb", "rgb-image", "output-intent", "slug"} <= set(failed)


def test_untagged_pdf_fails_the_screen_profile(built):
    assert "untagged" in rules(built / "office/factsheet-niger-en.pdf", FACTSHEET, "screen")


def test_figure_without_alt_fails(built, tmp_path):
    path = copy_of(built, tmp_path, "screen/factsheet-niger-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        removed = 0
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure" and "/Alt" in obj:
                del obj["/Alt"]
                removed += 1
        assert removed
        pdf.save(path)
    # Our own reading and the independent PDF/UA validator both see it.
    assert rules(path, FACTSHEET, "screen") == ["alt", "pdfua.PDFUA1-FIGURE-ALTERNATIVE-TEXT-001"]


def test_missing_lang_fails(built, tmp_path):
    path = copy_of(built, tmp_path, "office/factsheet-niger-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.Root["/Lang"]
        pdf.save(path)
    assert rules(path) == ["lang"]


def test_font_not_embedded_fails(built, tmp_path):
    path = copy_of(built, tmp_path, "office/factsheet-niger-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if key in obj:
                        del obj[key]
        pdf.save(path)
    assert rules(path) == ["font-not-embedded"]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert " no " in fonts  # poppler agrees: not embedded


def test_three_page_factsheet_names_the_action_and_language(built, tmp_path):
    path = copy_of(built, tmp_path, "office/factsheet-niger-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages.append(pdf.pages[0])
        pdf.pages.append(pdf.pages[0])
        pdf.save(path)
    (problem,) = preflight(path, FACTSHEET)
    assert str(problem) == ("office/factsheet-niger-en.pdf: error: the factsheet of Action "
                            "'niger' in en runs to 3 pages; a factsheet has at most 2 "
                            "[preflight.pages]")


def test_low_resolution_image_fails(built, tmp_path):
    path = copy_of(built, tmp_path, "screen/factsheet-niger-en.pdf")
    # The screen rendition (150 ppi) is far below what the print house needs.
    failed = preflight(path, judged(FACTSHEET, "print-house"))
    assert any(p.code == "preflight.image-ppi" and "150 ppi" in p.message for p in failed)


def test_pdfa_claim_is_checked_by_an_independent_validator(built, tmp_path):
    failed = rules(built / "office/factsheet-niger-en.pdf", FACTSHEET, "archive")
    assert "attachments" in failed and any(rule.startswith("pdfa.") for rule in failed)


def validated(built, folder, profile):
    """Every PDF of a profile folder, each with zero failures from page-validation."""
    paths = sorted((built / folder).glob("*.pdf"))
    assert len(paths) == 36
    for path in paths:
        report = page.validate_pdf(str(path), profile=profile)
        assert report.is_compliant and not report.failures, (path.name, report.failures)
        with pikepdf.open(path) as pdf:
            yield path, pdf


def test_real_archive_pdfs_conform_to_pdfa3a_with_no_rule_skipped(built):
    for _, pdf in validated(built, "archive", "3a"):
        specs = list(pdf.Root.AF)
        assert specs and all(str(s.AFRelationship) == "/Source" for s in specs)
        assert len({s.objgen for s in specs}) == len(specs)  # each file once
        assert all(str(s.EF.F.Subtype) == "/application/yaml" for s in specs)
        assert "sources/programme.yaml" in [str(s.UF) for s in specs]


def test_real_screen_pdfs_conform_to_pdfua1(built):
    for path, pdf in validated(built, "screen", "ua1"):
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        if path.name.startswith("annual-report"):
            assert len(pdf.open_outline().root) >= 7  # bookmarks for the chapters


def test_real_print_house_pdfs_have_trim_bleed_and_cmyk_images_only(built):
    for path in sorted((built / "print-house").glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) % 4 == 0, path.name  # bound in sheets of four pages
        boxes = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "99", str(path)],
                               capture_output=True, text=True, check=True).stdout
        trims = [line.split()[-4:] for line in boxes.splitlines() if "TrimBox" in line]
        bleeds = [line.split()[-4:] for line in boxes.splitlines() if "BleedBox" in line]
        assert trims and len(trims) == len(bleeds)
        for trim, bleed in zip(trims, bleeds):
            trim, bleed = [float(v) for v in trim], [float(v) for v in bleed]
            assert round((trim[2] - trim[0]) / 72 * 25.4) == 210
            assert round((trim[3] - trim[1]) / 72 * 25.4) == 297
            assert min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2],
                       bleed[3] - trim[3]) / 72 * 25.4 >= 3 - 0.01  # pdfinfo rounds to 0.01 pt
        images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True,
                                text=True, check=True).stdout.splitlines()[2:]
        assert images
        for row in images:
            columns = row.split()
            assert columns[5] == "cmyk", row
            assert int(columns[12]) >= 300 and int(columns[13]) >= 300, row


def test_real_archive_pdfs_have_their_attachments_in_key_order(built):
    for path in sorted((built / "archive").glob("*.pdf")):
        with pikepdf.open(path) as pdf:  # qpdf's own reading, a second witness
            assert pdf.check_pdf_syntax() == [], path.name


def test_a_name_tree_out_of_key_order_fails(built, tmp_path):
    path = copy_of(built, tmp_path, "archive/factsheet-niger-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tree = pdf.Root.Names.EmbeddedFiles
        pairs = sorted(zip(tree.Names[::2], tree.Names[1::2]), key=lambda p: bytes(p[0]),
                       reverse=True)
        tree.Names = pikepdf.Array([item for pair in pairs for item in pair])
        pdf.save(path)
    assert rules(path, FACTSHEET, "archive") == ["name-tree"]


def test_an_archive_pdf_without_a_title_fails(built, tmp_path):
    path = copy_of(built, tmp_path, "archive/factsheet-niger-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        del pdf.docinfo["/Title"]
        pdf.save(path)
    assert "title" in rules(path, FACTSHEET, "archive")


@pytest.mark.parametrize("away, words, shown", [
    ('<p style="position: absolute; top: 290mm">Cut off here.</p>', 3, "Cut off here."),
    # Every edge counts: a factsheet's running head, set above the first page by a rule the
    # layout CSS could not override, went unseen while the words were read from the sheet's
    # top left corner on, as poppler reads them.
    ('<p style="position: absolute; top: -40mm">Above it.</p>'
     '<p style="position: absolute; top: 100mm; left: -40mm">Left of it.</p>', 5,
     "Above it. Left of it.")], ids=["below", "above-and-left"])
def test_text_set_beyond_the_page_fails(tmp_path, away, words, shown):
    import weasyprint
    html = ('<html lang="en"><title>t</title><body style="font-family: Inter">'
            f'<p>On the page.</p>{away}</body></html>')
    path = tmp_path / "off.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    (problem,) = [p for p in preflight(path, FACTSHEET) if p.code == "preflight.text-off-page"]
    assert str(problem) == (f"office/factsheet-niger-en.pdf:1: error: {words} word(s) set "
                            f"beyond the page, cut off: {shown} [preflight.text-off-page]")


def test_a_page_of_another_paper_fails(built):
    letter = dataclasses.replace(FACTSHEET, paper=PAPERS["letter"])
    assert rules(built / "office/factsheet-niger-en.pdf", letter) == ["trim"]


def test_a_drawing_painted_in_rgb_fails_the_print_house(built, tmp_path):
    """The maps and illustrations are form XObjects in the print PDF: their colours count."""
    path = copy_of(built, tmp_path, "print-house/annual-report-2017-en.pdf")
    report = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["print-house"])
    assert "rgb" not in rules(path, report, "print-house")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        form = next(obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
                    and obj.get("/Subtype") == "/Form")
        form.write(b"1 0 0 rg\n" + form.read_bytes())
        pdf.save(path)
    assert "rgb" in rules(path, report, "print-house")


PRINT_REPORT = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["print-house"])


def _slug_problems(path):
    return [str(p) for p in preflight(path, PRINT_REPORT) if p.code == "preflight.slug"]


def test_a_print_sheet_without_its_slug_line_fails(built, tmp_path):
    """The sheet cut down to its bleed: the slug line is no longer on it."""
    path = copy_of(built, tmp_path, "print-house/annual-report-2017-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            page.obj.MediaBox = page.obj.CropBox = page.obj.BleedBox
        pdf.save(path)
    problems = _slug_problems(path)
    assert len(problems) == 16
    assert problems[1] == ("print-house/annual-report-2017-en.pdf:2: error: no slug line: the "
                           "sheet does not say 'annual-report-2017-en.pdf' and \"page 2 of 16\" "
                           "outside the bleed [preflight.slug]")


def test_a_slug_line_inside_the_bleed_fails(built, tmp_path):
    """A bleed that runs to the sheet's edge takes the slug line in: the press may print it."""
    path = copy_of(built, tmp_path, "print-house/annual-report-2017-en.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[2].obj.BleedBox = pdf.pages[2].obj.MediaBox
        pdf.save(path)
    assert _slug_problems(path) == [
        "print-house/annual-report-2017-en.pdf:3: error: the slug line reaches into the bleed "
        "(it belongs beyond the BleedBox) [preflight.slug]"]
