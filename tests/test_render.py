"""Stage 3: layout words from the catalogs, names and dates from Babel, text escaped."""

from __future__ import annotations

import datetime


from pipeline.config import REPOSITORY
from pipeline.images import load_slots, resolve_images
from pipeline.kinds import ANNUAL_REPORT, FACTSHEET
from pipeline.plan import image_uses
from pipeline.profiles import PAPERS, PROFILES
from pipeline.model import Milestone, Output, Text
from pipeline.render import Layouts, Renderer, Words, load_translations
from pipeline.sources import read_sources

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


def test_page_counter_text_follows_the_catalog():
    assert words("es").page_of() == '"Página " counter(page) " de " counter(pages)'


def test_each_document_has_its_language_title_and_metadata(sample):
    sources = read_sources(sample, 2017)
    mounts = {"project": sample.resolve(), "layouts": LAYOUTS.folder}
    outputs = [Output(FACTSHEET, "es", 2017, "sample-action"), Output(ANNUAL_REPORT, "fr", 2017)]
    figures = resolve_images(sources, image_uses(sources, outputs), load_slots(LAYOUTS.folder, PAPERS["a4"]),
                             PROFILES["office"], sample / "build").figures
    renderer = Renderer(sources, figures, LAYOUTS, mounts)
    document = renderer.render(outputs[0])
    assert '<html lang="es">' in document.html
    assert document.title == "Côte d’Ivoire — Ficha de Acción MIEUX 2017"
    assert 'content="2017-12-01T00:00:00Z"' in document.html
    assert 'src="file:///project/build/renditions/sample-photo-' in document.html
    report = renderer.render(outputs[1])
    assert "Sommaire" in report.html and "Bilan de l’année d’exemple" in report.html
