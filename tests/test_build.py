"""The whole pipeline: the real 2017 edition and the sample project, judged by independent tools."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from xml.etree import ElementTree
import sys
import time

import pikepdf
import pytest

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.kinds import FACTSHEET
from pipeline.problems import PipelineError
from tests.conftest import add_action, copy_project, digests, edit, overlay

LANGUAGES = ("en", "fr", "es")
ACTIONS = ("central-african-republic", "costa-rica", "cote-d-ivoire",
           "latin-america-caribbean-prosecutors", "malawi", "mauritius", "mexico", "moldova",
           "niger", "philippines", "sierra-leone")
# Words each language's documents must contain: the layout's own and the sources'.
REPORT_WORDS = {"en": ("Contents", "MIEUX’s Top 5 Achievements of 2017", "Mauritius"),
                "fr": ("Sommaire", "Les 5 grandes réussites de MIEUX en 2017", "Maurice"),
                "es": ("Índice", "Los 5 principales logros de MIEUX en 2017", "Mauricio")}
FACTSHEET_WORDS = {"en": ("Key facts", "Philippines"), "fr": ("L’essentiel", "Philippines"),
                   "es": ("Datos clave", "Filipinas")}


def text_of(path) -> str:
    """The PDF's text, case-folded (labels are set in capitals) with spaces normalised."""
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout
    return " ".join(text.split()).casefold()


def test_edition_2017_has_every_output(edition_2017):
    settings, written = edition_2017
    reports = {f"annual-report-2017-{lang}.pdf" for lang in LANGUAGES}
    factsheets = {f"factsheet-{action}-{lang}.pdf" for action in ACTIONS for lang in LANGUAGES}
    expected = {f"print-house/{name}" for name in reports} | {
        f"{profile}/{name}" for profile in ("office", "screen", "archive")
        for name in reports | factsheets}
    assert {w.output.name for w in written} == expected
    assert {p.relative_to(settings.output_folder).as_posix()
            for p in settings.output_folder.glob("*/*.pdf")} == expected


def test_factsheets_fit_two_pages_and_reports_have_every_part(edition_2017):
    _, written = edition_2017
    for item in written:
        with pikepdf.open(item.path) as pdf:
            pages = len(pdf.pages)
        assert pages == item.pages
        if item.output.kind == FACTSHEET:
            assert 1 <= pages <= 2, item.path.name
        else:
            assert 10 <= pages <= 20, item.path.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_metadata_language_and_text(edition_2017, language):
    settings, _ = edition_2017
    report = settings.output_folder / "office" / f"annual-report-2017-{language}.pdf"
    with pikepdf.open(report) as pdf:
        assert str(pdf.Root.Lang) == language
        assert str(pdf.docinfo["/Author"]) == "MIEUX"
        assert str(pdf.docinfo["/Title"]) == REPORT_WORDS[language][1]
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20171201000000")
    text = text_of(report)
    for word in REPORT_WORDS[language]:
        assert word.casefold() in text, word
    factsheet = settings.output_folder / "office" / f"factsheet-philippines-{language}.pdf"
    with pikepdf.open(factsheet) as pdf:
        assert str(pdf.Root.Lang) == language
    text = text_of(factsheet)
    for word in FACTSHEET_WORDS[language]:
        assert word.casefold() in text, word


def test_every_font_is_embedded_and_only_the_projects(edition_2017):
    settings, _ = edition_2017
    for path in sorted(settings.output_folder.glob("*/*.pdf")):
        rows = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                              text=True).stdout.splitlines()[2:]
        assert rows, path.name
        for row in rows:
            name, emb = row.split()[0], row.split()[-5]
            assert emb == "yes", (path.name, row)
            assert name.split("+")[-1].startswith(("Inter", "Noto-Serif")), (path.name, row)


def test_a_weasyprint_warning_fails_the_build_and_writes_no_pdf(sample):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    with (sample / "layouts/css/base.css").open("a") as css:
        css.write("\np { colour: red; }\n")
    with pytest.raises(PipelineError) as caught:  # one profile's documents are enough to show it
        build(Settings(project=sample, jobs=1, profiles=("office",)))
    assert any("colour" in p.message and p.code == "pdf.weasyprint" for p in caught.value.problems)
    assert not list((sample / "build/2017").glob("*/*.pdf"))


def test_bad_source_stops_before_any_pdf_with_one_line_per_problem(sample):
    edit(sample, "sources/editions/2017/actions/sample-action.yaml", "  fr: L’Action d’exemple aide les tests.\n", "")
    edit(sample, "sources/editions/2017/edition.yaml", "actions: [sample-action]", "actions: [nowhere]")
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(sample)],
                            capture_output=True, text=True, cwd=REPOSITORY)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "sources/editions/2017/actions/sample-action.yaml:16:3: error: summary.fr: missing "
        "French text [translation.missing]",
        "sources/editions/2017/edition.yaml:31:15: error: achievements[0].actions[0]: unknown "
        "action 'nowhere' [reference.unknown-action]",
        "stopped: 2 error(s), 0 warning(s); no PDF was written",
    ]
    assert not (sample / "build" / "2017").exists()


def test_same_sources_give_byte_identical_pdfs_elsewhere_and_in_another_time_zone(tmp_path):
    first = copy_project("minimal", tmp_path / "a")
    second = copy_project("minimal", tmp_path / "b")
    build(Settings(project=first, jobs=1))
    environment = {**os.environ, "TZ": "America/Mexico_City"}
    subprocess.run([sys.executable, "-m", "pipeline", "build", "--project", str(second)],
                   check=True, capture_output=True, cwd=REPOSITORY, env=environment)
    names = sorted(p.relative_to(first / "build/2017").as_posix()
                   for p in (first / "build/2017").glob("*/*.pdf"))
    assert len(names) == 4 * 3 + 3 * 3  # reports in 4 profiles, factsheets in 3
    for name in names:
        assert (first / "build/2017" / name).read_bytes() == \
            (second / "build/2017" / name).read_bytes(), name


def test_rebuild_does_only_what_changed(sample):
    add_action(sample, "second-action")  # an Action no chapter features
    second = sample / "sources/editions/2017/actions/second-action.yaml"
    settings = Settings(project=sample, jobs=2, profiles=("office",))
    first = build(settings)
    assert len(first.written) == 9 and first.up_to_date == []
    stamps = {w.output.name: w.path.stat().st_mtime_ns for w in first.written}

    again = build(settings)  # nothing changed
    assert again.written == [] and len(again.up_to_date) == 9
    assert "sources" not in again.seconds  # the fast path did not even read the sources

    os.utime(second, ns=(time.time_ns(), time.time_ns()))  # touched, not changed
    pdf = sample / "build/2017/office/factsheet-second-action-en.pdf"
    os.utime(pdf, ns=(time.time_ns(), time.time_ns()))
    assert build(settings).written == []
    # The new stats are kept, so the next build with nothing to do hashes neither again.
    state = json.loads((sample / "build/state-2017.json").read_text())
    touched = [signature[1] for name, signature in state["files"].items()
               if name.startswith("project:sources/editions/2017/actions/second-action.yaml")]
    assert touched and set(touched) == {second.stat().st_mtime_ns}
    assert state["outputs"]["office/factsheet-second-action-en.pdf"]["pdf"][1] == \
        pdf.stat().st_mtime_ns

    edit(sample, "sources/editions/2017/actions/second-action.yaml", "It leads to passing tests.",
         "It leads to green tests.")
    edited = build(settings)  # its factsheets; no report features it
    assert [w.output.name for w in edited.written] == ["office/factsheet-second-action-en.pdf"]
    # The French and Spanish ones are made again (an English edit may outdate a translation)
    # to the same documents: their PDFs are kept (build.Sameness).
    assert {f"office/factsheet-second-action-{lang}.pdf" for lang in ("es", "fr")} <= set(
        edited.up_to_date)
    record = "sources/editions/2017/actions/sample-action.yaml"
    for old, new in (("passing tests.", "green tests."), ("tests réussis.", "tests verts."),
                     ("pruebas superadas.", "pruebas verdes.")):
        edit(sample, record, old, new)
    assert sorted(w.output.name for w in build(settings).written) == sorted(
        [f"office/annual-report-2017-{lang}.pdf" for lang in ("en", "es", "fr")]
        + [f"office/factsheet-sample-action-{lang}.pdf" for lang in ("en", "es", "fr")])
    record = "sources/editions/2017/edition.yaml"
    for old, new in (("programme tests", "programme checks"), ("teste la", "éprouve la"),
                     ("prueba la", "comprueba la")):
        edit(sample, record, old, new)
    assert len(build(settings).written) == 9  # what the programme is: in every document
    assert all((sample / "build/2017" / n).stat().st_mtime_ns != s for n, s in stamps.items())


def test_adding_a_language_variant_of_an_image_rebuilds_that_language(sample):
    from PIL import Image
    settings = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",))
    build(settings)
    Image.new("RGB", (3000, 2000), "green").save(sample / "assets/images/sample-photo.fr.jpg")
    assert [w.output.name for w in build(settings).written] == [
        "office/factsheet-sample-action-fr.pdf"]


def test_a_character_no_project_font_has_is_one_line_per_field(sample):
    edit(sample, "sources/editions/2017/actions/sample-action.yaml",
         "It was written for the tests.", "It was written for the tests ☃.")  # in no font
    edit(sample, "sources/editions/2017/actions/sample-action.yaml",
         "  es: Conduce a pruebas superadas.", "  es: Conduce a pruebas superadas — परीक्षण.")
    with pytest.raises(PipelineError) as caught:
        build(Settings(project=sample, jobs=1, profiles=("office",)))
    assert [str(p) for p in caught.value.problems] == [
        "sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: 1 "
        "character(s) no font of the project has: ☃ (U+2603), Common script; add a font that "
        "has these signs (Noto Sans Symbols 2) to assets/fonts, or write them otherwise "
        "[text.no-font]",
        "sources/editions/2017/actions/sample-action.yaml:26:7: error: results.es: 7 "
        "character(s) no font of the project has: प (U+092A) र (U+0930) ी (U+0940) क (U+0915) "
        "and 3 more, Devanagari script; add Noto Serif Devanagari and Noto Sans Devanagari to "
        "assets/fonts, or write them otherwise [text.no-font]"]
    assert not (sample / "build/2017").exists()


def test_the_letter_report_keeps_its_cover_credit(sample):
    result = build(Settings(project=sample, jobs=1, paper="letter", profiles=("office",),
                            kinds=("annual-report",), languages=("en",)))
    (written,) = result.written
    assert written.output.name == "office-letter/annual-report-2017-en.pdf"
    cover = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(written.path), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "Cover:" in cover


def test_the_press_makes_up_its_sheets_of_four_with_notes_pages_not_blank_ones(sample):
    result = build(Settings(project=sample, jobs=1, profiles=("print-house",),
                            kinds=("annual-report",), languages=("es",)))
    (written,) = result.written
    assert written.pages == 8  # seven pages of report and back cover, one page for notes
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(written.path), "-"],
                            capture_output=True, text=True, check=True).stdout.split()
             for n in range(1, 9)]
    assert [n for n, words in enumerate(pages, 1) if "NOTAS" in words] == [7]
    assert all(words for words in pages)  # no blank page


def test_a_third_edition_changes_no_pdf_of_the_first_two(tmp_path):
    project = copy_project("two-editions", tmp_path)
    # The two profiles that record the most about an edition: the print house's marks and
    # slug, the archive's metadata (the others differ from them only in paper and colour).
    profiles = ("print-house", "archive")
    for year in (2017, 2018):
        build(Settings(project=project, year=year, jobs=2, profiles=profiles))
    before = digests(project / "build")
    assert len(before) == 2 * (3 + 3) + 2 * (3 + 3 * 2)  # 2018 has two factsheets
    overlay(project, "third-edition")
    shutil.rmtree(project / "build")  # built again from nothing, not taken from the cache
    for year in (2017, 2018):
        build(Settings(project=project, year=year, jobs=2, profiles=profiles))
    assert digests(project / "build") == before
    later = build(Settings(project=project, year=2019, jobs=2, profiles=("office",)))
    assert len(later.written) == 3 + 3 * 3


def test_two_image_records_sharing_a_file_keep_their_own_captions(tmp_path):
    project = copy_project("two-editions", tmp_path)
    result = build(Settings(project=project, year=2018, jobs=1, profiles=("office",),
                            kinds=("factsheet",), languages=("en",)))
    captions = {w.output.about: text_of(w.path) for w in result.written}
    assert "a sample caption" in captions["sample-action"]
    assert "the river photo’s own caption" in captions["river-action"]
    assert "a sample caption" not in captions["river-action"]


def test_a_damaged_pdf_in_build_is_not_taken_for_up_to_date(sample):
    settings = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",))
    build(settings)
    damaged = sample / "build/2017/office/factsheet-sample-action-fr.pdf"
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    again = build(settings)
    assert [w.output.name for w in again.written] == ["office/factsheet-sample-action-fr.pdf"]
    assert pikepdf.open(damaged).pages


def test_a_build_folder_that_cannot_be_written_is_one_line(sample):
    (sample / "build").mkdir()
    (sample / "build/2017").write_text("a file where the folder goes")
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--project",
                             str(sample), "--profiles", "office", "--jobs", "1"],
                            capture_output=True, text=True, cwd=REPOSITORY)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(str(sample / "build/2017")) and line.endswith("[build.io]")



@pytest.fixture
def small_disk(tmp_path):
    """A 12 MB file system of its own (tmpfs; needs root, as CI has), unmounted afterwards."""
    disk = tmp_path / "disk"
    disk.mkdir()
    try:
        mounted = not subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs",
                                      str(disk)], capture_output=True).returncode
    except OSError:  # no mount command
        mounted = False
    if not mounted:
        pytest.skip("cannot mount a small file system here (not root)")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_is_one_line_and_leaves_no_broken_pdf(small_disk):
    project = copy_project("minimal", small_disk)
    command = [sys.executable, "-m", "pipeline", "build", "--project", str(project),
               "--profiles", "office,archive", "--jobs", "2"]
    free = os.statvfs(small_disk)
    filler = small_disk / "filler"
    filler.write_bytes(bytes(free.f_bavail * free.f_frsize - 900_000))  # room for a few PDFs
    full = subprocess.run(command, capture_output=True, text=True, cwd=REPOSITORY)
    assert full.returncode == 1 and "Traceback" not in full.stderr
    assert full.stderr.splitlines()[-1].endswith("No space left on device; every PDF is either "
                                                 "the previous one or a complete new one [build.io]")
    left = [p for p in (project / "build").rglob("*") if p.is_file()]
    assert not [p.name for p in left if p.name.startswith(".")]  # no temporary file left behind
    for pdf in (p for p in left if p.suffix == ".pdf"):
        with pikepdf.open(pdf) as whole:  # qpdf's own check, through pikepdf
            assert whole.check_pdf_syntax() == [] and len(whole.pages) >= 1
    filler.unlink()
    again = subprocess.run(command, capture_output=True, text=True, cwd=REPOSITORY)
    assert again.returncode == 0 and " 0 failed" in again.stdout.splitlines()[-1]

def test_images_txt_stays_whole_after_a_partial_build(sample):
    settings = Settings(project=sample, jobs=1, profiles=("office",))
    build(settings)
    listing = (sample / "build/2017/images.txt").read_text()
    assert listing.count("\n") == 3  # the cover, the photo in the report, the photo as hero
    build(dataclasses.replace(settings, languages=("fr",), kinds=("factsheet",)))
    assert (sample / "build/2017/images.txt").read_text() == listing
    (sample / "build/2017/images.txt").unlink()
    build(settings)  # nothing to do, and the list comes back
    assert (sample / "build/2017/images.txt").read_text() == listing


def sections(path) -> list[tuple[int, int]]:
    """(depth, page) of every bookmark of a PDF, in order: where each section starts."""
    found = []
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}

        def walk(items, depth):
            for item in items:
                found.append((depth, pages[item.destination[0].objgen]))
                walk(item.children, depth + 1)
        walk(pdf.open_outline().root, 0)
    return found


def test_the_report_has_the_same_page_plan_in_every_language(edition_2017):
    settings, _ = edition_2017
    for folder in ("office", "print-house", "screen", "archive"):
        plans = {language: (len(pikepdf.open(settings.output_folder / folder /
                                             f"annual-report-2017-{language}.pdf").pages),
                            sections(settings.output_folder / folder /
                                     f"annual-report-2017-{language}.pdf"))
                 for language in LANGUAGES}
        assert plans["fr"] == plans["en"] == plans["es"], folder
        assert len(plans["en"][1]) >= 8  # introduction, figures, five chapters, outlook, about
    with pikepdf.open(settings.output_folder / "office/annual-report-2017-en.pdf") as pdf:
        assert len(pdf.pages) % 2 == 0  # printed on both sides: the back cover is a back


def test_the_letter_report_has_the_same_page_plan_in_every_language(edition_2017):
    settings, _ = edition_2017
    result = build(dataclasses.replace(settings, paper="letter", profiles=("office",),
                                       kinds=("annual-report",)))
    plans = {w.output.language: (w.pages, sections(w.path)) for w in result.written}
    assert plans["fr"] == plans["en"] == plans["es"]
    for written in result.written:
        assert misplaced_heads(written.path) == [], written.path.name
        assert hyphenation_faults(written.path) == []


def page_text(path, page: int, top_mm: float, height_mm: float) -> list[str]:
    """The lines of one band of a page (72 dpi: points), as pdftotext reads them."""
    top, height = round(top_mm / 25.4 * 72), round(height_mm / 25.4 * 72)
    text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y",
                           str(top), "-W", "1000", "-H", str(height), "-layout", str(path), "-"],
                          capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def misplaced_heads(path) -> list[str]:
    """Each running head that does not name the section its page begins in: the last one
    whose label the body showed before the page, or the one that opens the page."""
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    heads = {page: page_text(path, page, 0, 21) for page in range(1, count + 1)}
    bodies = {page: page_text(path, page, 21, 400) for page in range(1, count + 1)}
    labels = {line for lines in heads.values() for line in lines if not line.startswith("MIEUX")}
    found, current = [], None
    for page in range(1, count + 1):
        opening = [label for label in labels for line in bodies[page][:2]
                   if line.casefold().startswith(label.casefold())]
        expected = opening[0] if opening else current
        shown = [line for line in heads[page] if line in labels]
        if shown and shown != [expected]:
            found.append(f"p{page}: head {shown[0]!r}, the page begins in {expected!r}")
        for line in bodies[page]:  # the last label the body shows on this page
            current = next((label for label in labels
                            if line.casefold().startswith(label.casefold())), current)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_running_heads_name_the_section_each_page_begins_in(edition_2017, language):
    settings, _ = edition_2017
    assert misplaced_heads(settings.output_folder / f"office/annual-report-2017-{language}.pdf") \
        == []


def hyphenation_faults(path) -> list[str]:
    """Paragraphs (poppler's text blocks) whose last line begins with the tail of a word
    hyphenated by the layout (U+2010; a compound's own hyphen, "latino-/américain", is a
    natural break), and runs of three such lines in a row."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    xhtml = "{http://www.w3.org/1999/xhtml}"
    found = []
    for number, page in enumerate(ElementTree.fromstring(xml).iter(xhtml + "page"), 1):
        for block in page.iter(xhtml + "block"):
            lines = [" ".join(word.text or "" for word in line.iter(xhtml + "word"))
                     for line in block.iter(xhtml + "line")]
            broken = [bool(re.search(r"\w[\u2010\u00ad]$", line)) for line in lines]
            if len(lines) > 1 and broken[-2]:
                found.append(f"{path.name} p{number}: ends on a fragment: {lines[-1]!r}")
            found += [f"{path.name} p{number}: three hyphenated lines from {lines[i]!r}"
                      for i in range(len(lines) - 2) if all(broken[i:i + 3])]
    return found


def test_no_paragraph_ends_on_a_hyphenated_fragment_nor_three_lines_in_a_row(edition_2017):
    settings, _ = edition_2017
    assert [fault for path in sorted(settings.output_folder.glob("*/*.pdf"))
            for fault in hyphenation_faults(path)] == []


def test_a_document_made_from_the_same_as_its_pdf_keeps_it_until_a_font_changes(sample):
    """A French edit makes the English factsheet again (its design fits every language) to
    the same HTML: its PDF is kept, up to date. A file the PDF is made from beyond the
    records (here a file of the fonts folder) still rewrites it, HTML unchanged; so does a
    damaged PDF."""
    shutil.copytree(REPOSITORY / "assets/fonts", sample / "assets/fonts")
    settings = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",))
    build(settings)
    english = sample / "build/2017/office/factsheet-sample-action-en.pdf"
    stamp = english.stat().st_mtime_ns
    edit(sample, "sources/editions/2017/actions/sample-action.yaml",
         "tests réussis.", "tests verts.")
    result = build(settings)
    assert [w.output.name for w in result.written] == ["office/factsheet-sample-action-fr.pdf"]
    assert "office/factsheet-sample-action-en.pdf" in result.up_to_date
    assert english.stat().st_mtime_ns == stamp
    with (sample / "assets/fonts/README.md").open("a", encoding="utf-8") as readme:
        readme.write("\nA line more.\n")
    assert len(build(settings).written) == 3
    english.write_bytes(english.read_bytes()[:-100])
    assert [w.output.name for w in build(settings).written] == [
        "office/factsheet-sample-action-en.pdf"]


def test_what_a_format_begins_runs_for_builds_in_that_format(tmp_path, monkeypatch):
    """The web's fonts are begun before the sources are read, for a build with web pages
    only (Format.begun)."""
    import contextlib
    from pipeline import build as building
    from pipeline.web.pages import WebFormat
    begun = []
    monkeypatch.setattr(WebFormat, "begun", lambda self, settings: contextlib.nullcontext(
        begun.append(settings.profiles)))
    for profiles in (("web",), ("office",), ("office", "web")):
        with building._begun(Settings(project=tmp_path, profiles=profiles)):
            pass
    assert begun == [("web",), ("office", "web")]
