"""Stage 4: only the project's files are fetched; a WeasyPrint warning fails the output."""

from __future__ import annotations

import datetime
import re

import pytest

from pipeline.config import REPOSITORY
from pipeline.kinds import FACTSHEET
from pipeline.model import Output, RenderedDocument
from pipeline.pdf.writer import PdfWriter


def document(html):
    return RenderedDocument(Output(FACTSHEET, "en", 2017, "x"), html, "t", "a", "s", (),
                            datetime.date(2017, 12, 1))


def writer(tmp_path):
    return PdfWriter({"project": tmp_path}, REPOSITORY / "assets" / "fonts", tmp_path / "build")


def test_files_outside_the_project_and_network_urls_are_refused(tmp_path):
    html = ('<html lang="en"><title>t</title><body><p>x</p><img src="file:///etc/hostname">'
            '<img src="../../../../etc/passwd"><img src="http://example.org/a.png">'
            '<link rel="attachment" href="file:///project/../../etc/passwd"></body></html>')
    target = tmp_path / "out.pdf"
    pages, problems = writer(tmp_path).write(document(html), target)
    refused = sorted(re.search(r"(\S+) is outside the project's folders", p.message)[1]
                     for p in problems if "outside" in p.message)
    assert refused == ["file:///etc/hostname", "file:///etc/passwd",
                       "file:///project/../../etc/passwd", "http://example.org/a.png"]
    assert not target.exists()  # a failing output leaves no PDF behind
    assert not list(tmp_path.glob(".out.pdf.*"))


def test_project_files_are_served_through_the_mount(tmp_path):
    from PIL import Image
    Image.new("RGB", (30, 20), "red").save(tmp_path / "dot.png")
    pages, problems = writer(tmp_path).write(
        document('<html lang="en"><title>t</title><body><img src="dot.png" alt="dot" style="width: 5mm"></body></html>'),
        tmp_path / "out.pdf")
    assert problems == []


def test_clean_document_is_written(tmp_path):
    target = tmp_path / "out.pdf"
    pages, problems = writer(tmp_path).write(
        document('<html lang="en"><title>t</title><body><p style="font-family: Inter">Hello</p>'
                 '</body></html>'), target)
    assert (pages, problems) == (1, [])
    assert target.read_bytes().startswith(b"%PDF-")


def test_stream_data_ending_in_cr_gets_a_crlf_end_of_line():
    import pydyf
    from pipeline.pdf.writer import unambiguous_endstream
    unambiguous_endstream()
    unambiguous_endstream()  # once is enough, twice changes nothing
    assert pydyf.Stream([b"data\r"]).data.endswith(b"data\r\r\nendstream")
    assert pydyf.Stream([b"data\n"]).data.endswith(b"data\n\nendstream")
    assert pydyf.Stream([b"data"]).data.endswith(b"data\nendstream")


@pytest.fixture
def plain_pydyf():
    """pydyf as it writes streams without the fix, for the length of a test."""
    import pydyf
    from pipeline.pdf.writer import unambiguous_endstream
    unambiguous_endstream()
    fixed = pydyf.Stream.data
    pydyf.Stream.data = property(fixed.fget.original.fget)
    yield
    pydyf.Stream.data = fixed


def test_a_stream_length_alarm_is_read_again_by_qpdf(plain_pydyf, tmp_path):
    import random
    from functools import partial

    import page
    import weasyprint
    from pipeline.kinds import ANNUAL_REPORT
    from pipeline.pdf.writer import _finish
    from pipeline.pdf.preflight import preflight
    from pipeline.profiles import PROFILES

    rng, path = random.Random(1), tmp_path / "alarm.pdf"
    for _ in range(400):  # about one such PDF in twenty
        text = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz")
                                for _ in range(rng.randint(1, 9))) for _ in range(40))
        weasyprint.HTML(string=f'<html lang="en"><title>t</title><p>{text}</p></html>').write_pdf(
            path, pdf_variant="pdf/a-3a", finisher=partial(
                _finish, profile=PROFILES["archive"], fonts=REPOSITORY / "assets" / "fonts"))
        alarms = [f for f in page.validate_pdf(str(path), profile="3a").failures
                  if f.rule_id == "PDFA3A-STREAM-LENGTH-001"]
        if alarms:
            break
    assert alarms, "no stream-length alarm in 400 documents"
    output = Output(ANNUAL_REPORT, "en", 2017, None, PROFILES["archive"])
    found = {(p.level, p.code) for p in preflight(path, output)}
    assert ("warning", "preflight.validator-disagrees") in found
    assert ("error", "preflight.pdfa.PDFA3A-STREAM-LENGTH-001") not in found
    # A /Length that really is wrong: qpdf agrees with the validator, and the PDF is refused.
    number = alarms[0].object_id.object_number
    data = path.read_bytes()
    start = data.index(f"\n{number} 0 obj".encode())
    length = re.compile(rb"/Length (\d+)").search(data, start)
    wrong = data[:length.start(1)] + str(int(length[1]) - 3).encode().rjust(
        len(length[1])) + data[length.end(1):]
    path.write_bytes(wrong)
    found = {(p.level, p.code) for p in preflight(path, output)}
    assert ("error", "preflight.pdfa.PDFA3A-STREAM-LENGTH-001") in found


LONG = ("The sample Action worked with ministries, agencies and civil society on a long "
        "programme of workshops, study visits and reviews of the law. ")


def overflowing(sample, milestones: int = 0):
    """The sample Action with English texts too long for one page (at their longest, 1,490
    characters), and as many more milestones as asked (enough make it too long for two)."""
    year = sample / "sources/editions/2017/actions/sample-action.yaml"
    text = year.read_text()
    for field in ("activities", "results"):
        start = text.index(f"{field}:\n  en: ")
        end = text.index("\n", start + len(field) + 8)
        text = text[:start] + f"{field}:\n  en: {(LONG * 10)[:1490].strip()}" + text[end:]
    more = "".join(f"  - date: 2017-{month:02}\n    text:\n      en: {LONG[:150].strip()}\n"
                   f"      fr: Étape\n      es: Etapa\n"
                   for month in [1 + n % 12 for n in range(milestones)])
    text = text.replace("summary:\n", more + "summary:\n", 1)
    year.write_text(text)


def test_a_factsheet_too_long_for_one_page_gets_the_two_page_design(sample):
    import subprocess
    from pipeline.build import build
    from pipeline.config import Settings
    overflowing(sample)
    result = build(Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",),
                            languages=("en",)))
    (written,) = result.written
    assert written.pages == 2 and not result.warnings
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(written.path), "-"],
                            capture_output=True, text=True, check=True).stdout
    # Its own running head and folio, then its partners and milestones laid out.
    assert "SAMPLE Action factsheet 2017" in second and "2/2" in second
    assert "PARTNER" in second and "MILESTONES" in second


def test_a_factsheet_too_long_for_two_pages_is_refused_by_check_and_build_alike(sample):
    from pipeline.build import build, check
    from pipeline.config import Settings
    from pipeline.problems import PipelineError
    overflowing(sample, milestones=14)
    settings = Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",),
                        languages=("en",))
    with pytest.raises(PipelineError) as checked:
        check(settings)
    with pytest.raises(PipelineError) as built:
        build(settings)
    (problem,) = checked.value.problems
    assert built.value.problems == checked.value.problems
    assert re.fullmatch(r"sources/editions/2017/actions/sample-action\.yaml:9:1: error: "
                        r"milestones: the factsheet of Action 'sample-action' runs past 2 pages, "
                        r"its longest design; cut about \d+ lines? \([\d,]+ characters\) from "
                        r"this field \[pdf\.overflow\]", str(problem)), str(problem)
    assert not list((sample / "build/2017").glob("*/*.pdf"))


def test_a_draft_too_long_is_written_and_marked(sample):
    import subprocess
    from PIL import Image
    from pipeline.build import build
    from pipeline.config import Settings
    overflowing(sample, milestones=14)
    result = build(Settings(project=sample, jobs=1, profiles=("office",), kinds=("factsheet",),
                            languages=("en",), draft=True))
    (written,) = result.written
    assert written.pages == 3
    (problem,) = [p for p in result.warnings if p.code == "pdf.overflow"]
    assert re.fullmatch(r"the factsheet of Action 'sample-action' in en runs to 3 pages, 2 at "
                        r"most: milestones\.en: cut about \d+ lines \(\d+ characters\) of it; "
                        r"marked in the draft", problem.message), problem.message
    text = subprocess.run(["pdftotext", str(written.path), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "OVERFLOW — cut about" in text and "from “milestones”" in text
    # The page past the limit is tinted, the others are not.
    subprocess.run(["pdftoppm", "-png", "-r", "10", str(written.path),
                    str(sample / "page")], check=True)
    corners = [Image.open(page).convert("RGB").getpixel((3, 60))
               for page in sorted(sample.glob("page-*.png"))]
    assert corners[0] == corners[1] == (255, 255, 255) and corners[2] != (255, 255, 255)

