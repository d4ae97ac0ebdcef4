"""Stage 3: render one HTML document per output from the Jinja2 layouts and the checked sources.

Layout words come from the gettext catalogs in layouts/locale, compiled here at build time;
country names and dates come from Babel's locale data. Templates autoescape everything.
"""

from __future__ import annotations

import gettext
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

from .sources import markup
from .sources.checks import language_name
from .files import Fenced, read_within, within
from .formats import format_of
from .images import colour_for, emblem_url
from .kinds import DocumentKind
from .maps.placed import MapUse, PlacedMap
from .model import (SOURCE_LANGUAGE, Action, Figure, Milestone, Output, RenderedDocument,
                    Social, Sources, Text)
from .problems import Location, Problem
from .profiles import PAPERS, PROFILES, Paper, Profile

CATALOG_DOMAIN = "layout"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")


def N_(message: str) -> str:
    """Marks a layout word for `make catalogs`; it is translated where it is shown."""
    return message


# The labels of the values the layouts know (themes are the programme's: sources/themes).
STATUS_LABELS = {
    "ongoing": N_("Ongoing"),
    "delivered": N_("Result delivered"),
}
# The CLDR numbering systems whose digits follow their zero in Unicode: the zero, and the CSS
# counter style that writes the same digits (folios, page references).
DIGITS = {"arab": (0x0660, "arabic-indic"), "arabext": (0x06F0, "persian"),
          "beng": (0x09E6, "bengali"), "deva": (0x0966, "devanagari"),
          "mymr": (0x1040, "myanmar"), "thai": (0x0E50, "thai")}
NETWORK_NAMES = {"facebook": "Facebook", "twitter": "Twitter", "linkedin": "LinkedIn",
                 "youtube": "YouTube", "instagram": "Instagram"}


@dataclass(frozen=True)
class Layouts:
    """Where the designers' templates, stylesheets and catalogs are."""

    folder: Path

    @property
    def locale(self) -> Path:
        return self.folder / "locale"


def catalog_of(layouts: Layouts, language: str) -> Path:
    return layouts.locale / language / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


def missing_catalogs(layouts: Layouts, languages) -> list[Problem]:
    """A language the documents are published in needs its catalog of layout words (English
    is the catalogs' own language): without it the layout would stay English, silently."""
    return [Problem(Location(catalog_of(layouts, code).relative_to(layouts.folder.parent)
                             .as_posix()),
                    f"the layout words have no {language_name(code)} ({code}) catalog; "
                    "`make catalogs` starts it, then translate it", "layout.missing-catalog")
            for code in sorted(languages)
            if code != SOURCE_LANGUAGE and not catalog_of(layouts, code).is_file()]


def load_translations(layouts: Layouts, language: str) -> gettext.NullTranslations:
    """Compile a language's .po catalog in memory; English is the catalogs' source language."""
    po = catalog_of(layouts, language)
    if language == SOURCE_LANGUAGE or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class _LayoutLoader(jinja2.FileSystemLoader):
    """Templates from the layouts folder only: a link out of it, or no regular file, is none."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        try:
            within(Path(filename), Path(self.searchpath[0]))
        except Fenced as refused:
            raise jinja2.TemplateNotFound(f"{template} {refused.message}") from None
        return source, filename, uptodate


def layout_text(layouts: Layouts, name: str) -> str:
    """A file of the layouts folder (a stylesheet), read only if it is a regular file there."""
    return read_within(layouts.folder / name, layouts.folder).decode("utf-8")


def make_environment(layouts: Layouts) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=_LayoutLoader(layouts.folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_string"] = css_string
    return environment


def css_string(text: str) -> Markup:
    """A text as a CSS string literal, for `content:` inside a <style> element."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)
    # Escaping < keeps a text from closing the <style> element it is written into.
    for character, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3c "), ("\n", " ")):
        plain = plain.replace(character, escaped)
    return Markup(f'"{plain}"')


class Words:
    """Locale-dependent words for one language: names, dates, and the layout's own labels.
    Country names are the programme's own where it has them (sources/countries), CLDR's
    otherwise; theme labels are the programme's (sources/themes)."""

    def __init__(self, language: str, translations: gettext.NullTranslations,
                 locale: str | None = None, countries: dict[str, str] | None = None,
                 themes: dict[str, str] | None = None, digits: str = "western"):
        self.language = language
        self.locale = Locale.parse(locale or language)
        self.direction = "rtl" if self.locale.character_order == "right-to-left" else "ltr"
        # Babel writes digits 0-9 whatever the locale (only the separators follow its
        # numbering system); "native" digits, CLDR's native system for the locale (Arabic-Indic
        # for ar, even where its default is 0-9), are put in here.
        native = self.locale.other_numbering_systems.get("native")
        self.numbering = native if digits == "native" and native in DIGITS else "latn"
        zero, self.counter_style = DIGITS.get(self.numbering, (ord("0"), "decimal"))
        self.digits = str.maketrans("0123456789", "".join(chr(zero + n) for n in range(10)))
        self.gettext = translations.gettext
        self.countries = countries or {}
        self.themes = themes or {}

    @classmethod
    def of(cls, sources: Sources, language: str, layouts: Layouts,
           locale: str | None = None) -> "Words":
        """The words of a language, in its record's locale or in `locale` (a desk's)."""
        def own(text: Text) -> dict:
            return dict(text.translations)
        record = sources.language(language)
        return cls(language, load_translations(layouts, language), locale or record.locale,
                   {c.code: own(c.names)[language] for c in sources.countries
                    if language in own(c.names)},
                   {t.id: own(t.label)[language] for t in sources.themes
                    if language in own(t.label)}, record.digits)

    def country(self, code: str) -> str:
        return self.countries.get(code) or self.locale.territories[code]

    def place(self, action: Action) -> str:
        return self.country(action.country) if action.country else action.region[self.language]

    def month(self, day) -> str:
        return format_skeleton("yMMMM", day, locale=self.locale).translate(self.digits)

    def milestone_date(self, milestone: Milestone) -> str:
        start, until = milestone.start, milestone.until
        if until and (start.year, start.month) == (until.year, until.month):
            # CLDR has no full-month interval pattern: put "19–" before the day of the
            # locale's long date ("September 19–21, 2017", "19–21 septembre 2017").
            long = self.locale.date_formats["long"].pattern
            text = format_date(until, re.sub(r"\bd\b", f"'{start.day}–'d", long, count=1),
                               locale=self.locale)
        elif until:
            text = format_interval(start, until, "yMMMd", locale=self.locale)
        elif milestone.precision == "month":
            return self.month(start)
        else:
            text = format_date(start, "long", locale=self.locale)
        return text.translate(self.digits)

    def theme(self, theme: str) -> str:
        return self.themes[theme]

    def status(self, status: str) -> str:
        return self.gettext(STATUS_LABELS[status])

    def period(self, milestones) -> str | None:
        """When an Action's milestones of the year fall: one date, or the months they span."""
        if not milestones:
            return None
        if len(milestones) == 1:
            return self.milestone_date(milestones[0])
        first = min(m.start for m in milestones)
        last = max(m.until or m.start for m in milestones)
        if (first.year, first.month) == (last.year, last.month):
            return self.month(first)
        return format_interval(first, last, "yMMMM", locale=self.locale).translate(self.digits)

    def languages(self, codes) -> str:
        """Language names in this language, as a list: "French and Spanish"."""
        return format_list([self.locale.languages.get(code, code) for code in codes],
                           locale=self.locale)

    def names(self, codes) -> list[str]:
        """Country names, sorted as a reader of this language looks them up."""
        return sorted((self.country(code) for code in codes), key=_alphabetical)

    def list(self, items) -> str:
        return format_list(list(items), locale=self.locale)

    def numeral(self, value: int) -> str:
        """A year or a chapter number: the digits alone, in the language's digits."""
        return str(value).translate(self.digits)

    def say(self, message: str, **values) -> str:
        """A layout word with its values put in (plain text, for the PDF's metadata)."""
        return self.gettext(message) % self.numerals(values)

    def numerals(self, values: dict) -> dict:
        """The values put into a layout word: a whole number (a year, a chapter) is set in
        the language's digits like the rest of its text."""
        return {name: self.numeral(value) if type(value) is int else value
                for name, value in values.items()}

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale,
                              numbering_system=self.numbering).translate(self.digits)

    def networks(self, social: tuple[Social, ...]) -> str:
        """"Facebook and Twitter (@handle)": each network by its name, and the account's."""
        return format_list([NETWORK_NAMES.get(s.network, s.network.title()) + (
            f" ({s.handle})" if s.handle else "") for s in social], locale=self.locale)


class Renderer:
    """Renders outputs of one profile and paper; keeps the Jinja2 environment, the compiled
    catalogs and each kind's stylesheets across documents."""

    def __init__(self, sources: Sources, figures: dict[tuple[str, str, str], Figure],
                 layouts: Layouts, mounts: dict[str, Path], draft: bool = False,
                 profile: Profile = PROFILES["office"], paper: Paper = PAPERS["a4"],
                 maps: dict[MapUse, PlacedMap] | None = None):
        self.sources = sources
        self.maps = maps or {}
        self.draft = draft
        self.profile = profile
        self.paper = paper
        self.format = format_of(profile)
        self.shared: dict = {}  # what the format prepared for all its documents
        self.mounts = mounts
        self.figures = figures
        self.layouts = layouts
        self.environment = make_environment(layouts)
        self.words = {(language.code, None): Words.of(sources, language.code, layouts)
                      for language in sources.languages}
        self._stylesheets: dict[DocumentKind, tuple[str, ...]] = {}

    def render(self, output: Output) -> RenderedDocument:
        kind, language = output.kind, output.language
        words = self.words_of(language, kind.locale(self.sources, output))
        _install_words(self.environment, words)
        sources = self.sources
        edition, programme = sources.edition, sources.programme
        texts = _Texts(language, edition.languages[0], words)
        about = kind.describe(sources, output, words, texts)
        context = dict(
            lang=language, words=words, programme=programme, edition=edition,
            t=texts.inline, block=texts.block, plain=texts.plain,
            published=edition.published.isoformat(), draft=self.draft, colour=self.colour,
            title=about.title, subject=about.subject, keywords=", ".join(about.keywords),
            author=programme.name, emblem=lambda funder: emblem_url(
                funder.emblem, self.profile, sources.root / "assets"),
        )
        files: list = []
        context.update(self.format.context(self, output, files))
        context.update(kind.context(sources, output, words, texts,
                                    lambda image_id, slot: self.figures[(image_id, slot, language)],
                                    self.maps.__getitem__, self.words_of))
        html = self.environment.get_template(self.format.template(kind)).render(context)
        return RenderedDocument(output, html, about.title, programme.name, about.subject,
                                about.keywords, edition.published, texts.pending,
                                self.stylesheets(kind), kind.records_of(sources, output),
                                self.draft, tuple(files))

    def words_of(self, language: str, locale: str | None = None) -> Words:
        if (language, locale) not in self.words:
            self.words[(language, locale)] = Words.of(self.sources, language, self.layouts, locale)
        return self.words[(language, locale)]

    def stylesheets(self, kind: DocumentKind) -> tuple[str, ...]:
        """A kind's CSS in this format, profile and paper, colours converted for print."""
        if kind not in self._stylesheets:
            sheets = [layout_text(self.layouts, name) for name in self.format.stylesheets(kind)]
            page = self.format.page_css(self.profile, self.paper, self.mounts)
            self._stylesheets[kind] = tuple(self.colour_css(css) for css in (*sheets, page)
                                            if css)
        return self._stylesheets[kind]

    def colour(self, value: str) -> str:
        return colour_for(self.profile, value)

    def colour_css(self, css: str) -> str:
        return HEX_COLOUR.sub(lambda m: self.colour(m.group(0)), css)


def _alphabetical(name: str) -> tuple[str, str]:
    """Letters before accents, as dictionaries of Latin-script languages sort ("Émirats"
    among the E's); a full collation (ICU) would be one more native library for one list."""
    bare = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return bare.casefold(), name


class _Texts:
    """Source texts in one language as HTML; in a draft, a missing translation shows the first
    language's text, an outdated one (its source changed since) itself: marked, and counted."""

    def __init__(self, language: str, fallback: str, words: Words):
        self.language = language
        self.fallback = fallback
        self.note = words.gettext("%(language)s — translation pending") % {
            "language": fallback.upper()}
        self.outdated_note = words.gettext("%(language)s — translation outdated") % {
            "language": language.upper()}
        self.pending = 0

    def _pick(self, text: Text, shown: bool = True) -> tuple[str, str | None, str]:
        """The text to print, the note that marks it (None: nothing to mark), its language."""
        outdated, given = self.language in text.outdated, self.language in text.languages
        self.pending += shown and (outdated or not given)
        if given:
            return text[self.language], self.outdated_note if outdated else None, self.language
        return text[self.fallback], self.note, self.fallback

    def plain(self, text: Text) -> str:
        """For metadata and attributes: not counted, as nothing there can be marked."""
        return markup.plain(self._pick(text, shown=False)[0])

    def inline(self, text: Text) -> Markup:
        return self._html(text, markup.inline, "span")

    def block(self, text: Text) -> Markup:
        return self._html(text, markup.block, "div")

    def _html(self, text: Text, render, tag: str) -> Markup:
        value, note, language = self._pick(text)
        html = render(value)
        if note is None:
            return html
        return Markup('<{0} class="pending" lang="{1}" data-note="{2}">{3}</{0}>').format(
            tag, language, note, html)


def _install_words(environment: jinja2.Environment, words: Words) -> None:
    """The layout words of a document's language, their values put in as `Words.say` does
    (Jinja's own gettext keeps escaping them)."""
    environment.install_gettext_translations(_Translations(words.gettext), newstyle=True)
    gettext = environment.globals["gettext"]

    @jinja2.pass_context
    def localised(context, string, **variables):
        return gettext(context, string, **words.numerals(variables))

    environment.globals.update(gettext=localised, _=localised)


class _Translations:
    """The two callables Jinja2's i18n extension needs, from one gettext function."""

    def __init__(self, gettext_function):
        self.gettext = gettext_function

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)
