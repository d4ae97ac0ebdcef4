"""Stage 3: layout words from the catalogs, names and dates from Babel, text escaped."""

from __future__ import annotations

import datetime


from pipeline.build import rendered
from pipeline.config import REPOSITORY, Settings
from pipeline.kinds import ANNUAL_REPORT, FACTSHEET
from pipeline.model import Milestone, Output, Text
from pipeline.plan import outputs_for
from pipeline.render import Layouts, Words, load_translations
from pipeline.sources.assemble import read_sources
from tests.conftest import copy_project, overlay

LAYOUTS = Layouts(REPOSITORY / "layouts")


def words(language):
    return Words(language, load_translations(LAYOUTS, language))


def test_catalogs_translate_layout_words():
    assert words("fr").gettext("Contents") == "Sommaire"
    assert words("es").gettext("Partners") == "Socios"
    assert words("en").gettext("Partners") == "Partners"


def test_every_catalog_entry_is_translated():
    from babel.messages.pofile import read_po
    for language in ("fr", "es"):
        with (LAYOUTS.locale / language / "LC_MESSAGES" / "layout.po").open("rb") as handle:
            catalog = read_po(handle)
        missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
        assert missing == [], language


def test_country_names_and_dates_come_from_babel():
    assert words("fr").country("MU") == "Maurice"
    assert words("es").country("PH") == "Filipinas"
    milestone = Milestone(datetime.date(2017, 9, 19), Text.of({}), "day", datetime.date(2017, 9, 21))
    assert words("fr").milestone_date(milestone) == "19–21 septembre 2017"
    assert words("es").month(datetime.date(2017, 10, 1)) == "octubre de 2017"



def documents(project, outputs, **asked):
    """The outputs' documents, rendered as the build renders them (its images, maps, format)."""
    settings = Settings(project=project, **asked)
    return rendered(read_sources(project, 2017), outputs, settings, LAYOUTS)[0]


def test_arabic_runs_right_to_left_with_its_desks_month_names_and_the_digits_asked_for():
    april = datetime.date(2017, 4, 1)
    arabic = Words("ar", load_translations(LAYOUTS, "ar"))
    assert arabic.direction == "rtl" and words("fr").direction == "ltr"
    assert arabic.month(april) == "أبريل 2017"  # CLDR's ar: the Egyptian month names
    jordan = Words("ar", load_translations(LAYOUTS, "ar"), "ar_JO")
    assert jordan.month(april) == "نيسان 2017" and jordan.number(1234) == "1,234"
    native = Words("ar", load_translations(LAYOUTS, "ar"), "ar_JO", digits="native")
    assert native.month(april) == "نيسان ٢٠١٧" and native.number(1234) == "١٬٢٣٤"
    assert native.numeral(2017) == "٢٠١٧" and native.counter_style == "arabic-indic"
    assert jordan.numeral(2017) == "2017" and jordan.counter_style == "decimal"


def test_locale_digits_reach_the_layout_words_chapter_numbers_and_folios(sample):
    overlay(sample, "arabic")
    (sample / "sources/languages/ar.yaml").write_text("id: ar\nlocale: ar\ndigits: native\n")
    outputs = [Output(ANNUAL_REPORT, "ar", 2017), Output(ANNUAL_REPORT, "en", 2017)]
    arabic, english = (document.html for document in documents(sample, outputs))
    assert "التقرير السنوي ٢٠١٧" in arabic and "لمحة عن عام ٢٠١٧" in arabic
    assert '<span class="number">١</span>' in arabic and "الإنجاز ١" in arabic
    assert "system: extends arabic-indic;" in arabic and 'id="achievement-1"' in arabic
    assert "Annual report 2017" in english and "system: extends decimal;" in english


def test_a_desks_locale_dates_its_countrys_factsheets_and_nothing_else(sample):
    overlay(sample, "arabic")
    outputs = [Output(FACTSHEET, "ar", 2017, "sample-action"), Output(ANNUAL_REPORT, "ar", 2017)]
    factsheet, report = (document.html for document in documents(sample, outputs))
    assert '<html lang="ar" dir="rtl">' in factsheet
    assert "نيسان 2017" in factsheet and "أبريل" not in factsheet  # Jordan's desk: ar_JO
    assert "أبريل 2017" in report and "نيسان" not in report  # the report: the language's ar


def test_each_document_has_its_language_title_and_metadata(sample):
    outputs = [Output(FACTSHEET, "es", 2017, "sample-action"), Output(ANNUAL_REPORT, "fr", 2017)]
    document, report = documents(sample, outputs)
    assert '<html lang="es">' in document.html
    assert document.title == "Côte d’Ivoire — Ficha de Acción SAMPLE 2017"  # the programme's own name
    assert 'content="2017-12-01T00:00:00Z"' in document.html
    assert 'src="file:///project/build/renditions/sample-photo-' in document.html
    # The locator's text alternative names the neighbours, sorted as a Spanish reader would.
    assert ('alt="Mapa de situación: Côte d’Ivoire; países vecinos: Burkina Faso, Ghana, '
            'Guinea, Liberia y Mali"') in document.html
    assert "Sommaire" in report.html and "Bilan de l’année d’exemple" in report.html



def _luminance(colour) -> float:
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one, other) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _text_on_backgrounds(box, background, found):
    """(text, its colour, the background it is painted on) of every text box of a layout."""
    colour = box.style["background_color"]
    if colour.alpha == 1:
        background = colour
    if type(box).__name__ == "TextBox" and box.text.strip():
        found.append((box.text.strip()[:30], box.style["color"], background))
    for child in getattr(box, "children", ()):
        _text_on_backgrounds(child, background, found)


def test_every_text_colour_passes_wcag_aa_on_its_background(tmp_path):
    # The colours as the layouts' custom properties compute them, on every page of the
    # report and of a factsheet, in the profile read on screen.
    from pipeline.pdf.writer import PdfWriter
    project = copy_project("mieux", tmp_path)
    asked = {"profiles": ("screen",), "languages": ("en",)}
    settings = Settings(project=project, **asked)
    outputs = [o for o in outputs_for(read_sources(project, 2017), settings)
               if o.about in (None, "latin-america-caribbean-prosecutors")]
    writer = PdfWriter(settings.mounts, settings.fonts, settings.build)
    found = []
    for document in documents(project, outputs, **asked):
        profiles = {}
        sheets = [writer._stylesheet(css, type("C", (), {"records": []})(), profiles)
                  for css in document.stylesheets]
        for page in writer._render(document.html, {"stylesheets": sheets}, profiles).pages:
            _text_on_backgrounds(page._page_box, page._page_box.style["background_color"]
                                 if page._page_box.style["background_color"].alpha == 1
                                 else (1, 1, 1, 1), found)
    assert len(found) > 200
    low = sorted({(text, round(contrast(colour, on), 2)) for text, colour, on in found
                  if contrast(colour, on) < 4.5})
    assert low == []


def test_the_reports_imprint_stands_in_two_columns_of_two_paragraphs(tmp_path):
    """What the report is and who publishes it, beside how to cite it and reach the programme:
    in a flex row (CSS columns cost a third of the report's layout), mirrored in Arabic."""
    from pipeline.pdf.writer import PdfWriter
    for language in ("en", "ar"):
        project = copy_project("minimal", tmp_path / language)
        if language == "ar":
            overlay(project, "arabic")
        settings = Settings(project=project, profiles=("office",), kinds=("annual-report",),
                            languages=(language,))
        (document,) = documents(project, outputs_for(read_sources(project, 2017), settings),
                                profiles=("office",), kinds=("annual-report",),
                                languages=(language,))
        writer = PdfWriter(settings.mounts, settings.fonts, settings.build)
        sheets = [writer._stylesheet(css, type("C", (), {"records": []})(), {})
                  for css in document.stylesheets]
        laid = writer._render(document.html, {"stylesheets": sheets}, {})
        (imprint,) = [box for page in laid.pages for box in _descendants(page._page_box)
                      if box.element is not None and box.element.get("class") == "imprint"
                      and box.element_tag == "div"]
        paragraphs = [box for column in imprint.children for box in _descendants(column)
                      if box.element_tag == "p" and type(box).__name__ == "BlockBox"]
        assert len(paragraphs) == 4, language
        first, second, third, fourth = paragraphs
        assert first.position_x == second.position_x and third.position_x == fourth.position_x
        assert (third.position_x > first.position_x) == (language != "ar"), language
        assert second.position_y > first.position_y and fourth.position_y > third.position_y
        assert first.position_y == third.position_y


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)
