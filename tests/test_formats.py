"""Output formats: a format owns its suffix, templates, stylesheets and writer; a new format is
one class, its templates and one profile that names it."""

from __future__ import annotations

import shutil
from typing import ClassVar

from pipeline.build import build
from pipeline.config import REPOSITORY, Settings
from pipeline.files import write_atomically
from pipeline.formats import FORMATS, Format, PdfFormat, format_of
from pipeline.kinds import FACTSHEET
from pipeline.model import Output
from pipeline.profiles import PAPERS, PROFILES, Profile, Resolution


class PlainText(Format):
    """A format defined here only: each document as plain text, for a screen reader's notes."""

    name: ClassVar[str] = "txt"

    def template(self, kind) -> str:
        return f"text/{kind.name}.txt"

    def stylesheets(self, kind) -> tuple[str, ...]:
        return ()

    def writer(self, mounts, fonts, build):
        return TextWriter()


class TextWriter:
    seconds: dict = {}

    def write(self, document, target):
        write_atomically(target, document.html)
        return 1, []


TEXT_TEMPLATE = "{{ place }}\n\n{{ plain(action.summary) }}\n"


def test_a_new_format_is_a_class_its_templates_and_a_profile(sample, monkeypatch):
    shutil.copytree(REPOSITORY / "layouts", sample / "layouts")
    (sample / "layouts/text").mkdir()
    (sample / "layouts/text/factsheet.txt").write_text(TEXT_TEMPLATE)
    monkeypatch.setitem(FORMATS, "txt", PlainText())
    monkeypatch.setitem(PROFILES, "notes", Profile(
        "notes", "plain text notes", Resolution(150, 72, 50, 80), format="txt"))
    settings = Settings(project=sample, jobs=1, kinds=("factsheet",), profiles=("notes",))
    result = build(settings)
    assert sorted(w.output.name for w in result.written) == [
        f"notes/factsheet-sample-action-{lang}.txt" for lang in ("en", "es", "fr")]
    text = (sample / "build/2017/notes/factsheet-sample-action-fr.txt").read_text()
    assert text.startswith("Côte d’Ivoire\n\nL’Action d’exemple aide les tests.")
    # The template is an input like any layout's: changing it rewrites the three documents.
    assert build(settings).written == []
    (sample / "layouts/text/factsheet.txt").write_text(TEXT_TEMPLATE + "—\n")
    assert len(build(settings).written) == 3


def test_the_profile_names_the_format_and_the_format_the_suffix():
    assert isinstance(format_of(PROFILES["office"]), PdfFormat)
    assert format_of(PROFILES["web"]).name == "html"
    report = Output(FACTSHEET, "fr", 2017, "niger", PROFILES["web"])
    assert report.name == "web/factsheet-niger-fr.html"
    assert Output(FACTSHEET, "fr", 2017, "niger", PROFILES["office"],
                  PAPERS["letter"]).name == "office-letter/factsheet-niger-fr.pdf"


def test_the_pdf_format_sets_the_page_for_the_profile_and_paper():
    mounts = {"colour": REPOSITORY / "assets" / "colour"}
    office = PdfFormat().page_css(PROFILES["office"], PAPERS["letter"], mounts)
    assert "size: letter" in office and "bleed" not in office.replace("--bleed: 0mm", "")
    press = PdfFormat().page_css(PROFILES["print-house"], PAPERS["a4"], mounts)
    assert "bleed: 8mm; marks: crop cross" in press and "device-cmyk" in press
    assert "hyphens: manual" in PdfFormat().page_css(PROFILES["screen"], PAPERS["a4"], mounts)
