"""Stage 3: render one HTML document per output from the Jinja2 layouts and the checked sources.

Layout words come from the gettext catalogs in layouts/locale, compiled here at build time;
country names and dates come from Babel's locale data. Templates autoescape everything.
"""

from __future__ import annotations

import gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

from . import markup
from .config import url_for
from .images import PRINT_ICC, cmyk_of
from .kinds import DocumentKind
from .model import Action, Figure, Milestone, Output, RenderedDocument, Sources, Text
from .profiles import PAPERS, PROFILES, Paper, Profile

CATALOG_DOMAIN = "layout"
HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b")


def N_(message: str) -> str:
    """Marks a layout word for `make catalogs`; it is translated where it is shown."""
    return message


# The labels of the sources' fixed values.
THEME_LABELS = {
    "policy-development": N_("Migration policy development"),
    "migration-and-development": N_("Migration and development"),
    "integration": N_("Integration and social cohesion"),
    "communication": N_("Communication on irregular migration"),
    "trafficking-and-smuggling": N_(
        "Smuggling of migrants and trafficking in human beings"),
}
STATUS_LABELS = {
    "ongoing": N_("Ongoing"),
    "delivered": N_("Result delivered"),
}
NETWORK_NAMES = {"facebook": "Facebook", "twitter": "Twitter", "linkedin": "LinkedIn",
                 "youtube": "YouTube", "instagram": "Instagram"}


@dataclass(frozen=True)
class Layouts:
    """Where the designers' templates, stylesheets and catalogs are."""

    folder: Path

    @property
    def locale(self) -> Path:
        return self.folder / "locale"


def load_translations(layouts: Layouts, language: str) -> gettext.NullTranslations:
    """Compile a language's .po catalog in memory; English is the catalogs' source language."""
    po = layouts.locale / language / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def make_environment(layouts: Layouts) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts.folder),
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
    """Locale-dependent words for one language: names, dates, and the layout's own labels."""

    def __init__(self, language: str, translations: gettext.NullTranslations):
        self.language = language
        self.locale = Locale.parse(language)
        self.gettext = translations.gettext

    def country(self, code: str) -> str:
        return self.locale.territories[code]

    def place(self, action: Action) -> str:
        return self.country(action.country) if action.country else action.region[self.language]

    def month(self, day) -> str:
        return format_skeleton("yMMMM", day, locale=self.locale)

    def milestone_date(self, milestone: Milestone) -> str:
        start, until = milestone.start, milestone.until
        if until and (start.year, start.month) == (until.year, until.month):
            # CLDR has no full-month interval pattern: put "19–" before the day of the
            # locale's long date ("September 19–21, 2017", "19–21 septembre 2017").
            long = self.locale.date_formats["long"].pattern
            return format_date(until, re.sub(r"\bd\b", f"'{start.day}–'d", long, count=1),
                               locale=self.locale)
        if until:
            return format_interval(start, until, "yMMMd", locale=self.locale)
        if milestone.precision == "month":
            return self.month(milestone.start)
        return format_date(milestone.start, "long", locale=self.locale)

    def theme(self, theme: str) -> str:
        return self.gettext(THEME_LABELS[theme])

    def status(self, status: str) -> str:
        return self.gettext(STATUS_LABELS[status])

    def networks(self, networks: tuple[str, ...]) -> str:
        return format_list([NETWORK_NAMES.get(n, n.title()) for n in networks], locale=self.locale)

    def page_of(self) -> Markup:
        """'Page 3 of 12' as CSS content, with the counters where the catalog puts them."""
        pattern = self.gettext("Page %(page)s of %(pages)s")
        pieces = re.split(r"(%\(page\)s|%\(pages\)s)", pattern)
        css = []
        for piece in pieces:
            if piece == "%(page)s":
                css.append("counter(page)")
            elif piece == "%(pages)s":
                css.append("counter(pages)")
            elif piece:
                css.append(css_string(piece))
        return Markup(" ".join(css))


class Renderer:
    """Renders outputs of one profile and paper; keeps the Jinja2 environment, the compiled
    catalogs and each kind's stylesheets across documents."""

    def __init__(self, sources: Sources, figures: dict[tuple[str, str, str], Figure],
                 layouts: Layouts, mounts: dict[str, Path], draft: bool = False,
                 profile: Profile = PROFILES["office"], paper: Paper = PAPERS["a4"]):
        self.sources = sources
        self.draft = draft
        self.profile = profile
        self.paper = paper
        self.mounts = mounts
        self.figures = figures
        self.layouts = layouts
        self.environment = make_environment(layouts)
        self.words = {}
        for language in sources.programme.languages:
            self.words[language] = Words(language, load_translations(layouts, language))
        self._stylesheets: dict[DocumentKind, tuple[str, ...]] = {}

    def render(self, output: Output) -> RenderedDocument:
        kind, language = output.kind, output.language
        words = self.words[language]
        self.environment.install_gettext_translations(
            _Translations(words.gettext), newstyle=True)
        sources = self.sources
        edition, programme = sources.edition, sources.programme
        texts = _Texts(language, programme.languages[0], words)
        about = kind.describe(sources, output, words, texts)
        context = dict(
            lang=language, words=words, programme=programme, edition=edition,
            t=texts.inline, block=texts.block, plain=texts.plain,
            url=lambda path: url_for(path, self.mounts),
            published=edition.published.isoformat(), draft=self.draft, colour=self.colour,
            title=about.title, subject=about.subject, keywords=", ".join(about.keywords),
            author=programme.name,
        )
        context.update(kind.context(sources, output, words, texts,
                                    lambda image_id, slot: self.figures[(image_id, slot, language)]))
        html = self.environment.get_template(kind.template).render(context)
        return RenderedDocument(output, html, about.title, programme.name, about.subject,
                                about.keywords, edition.published, texts.pending,
                                self.stylesheets(kind), kind.records_of(sources, output))

    def stylesheets(self, kind: DocumentKind) -> tuple[str, ...]:
        """A kind's CSS for this profile and paper, colours converted for print."""
        if kind not in self._stylesheets:
            folder, profile = self.layouts.folder, self.profile
            page = [f"@page {{ size: {self.paper.css_size}; }}",
                    f":root {{ --bleed: {profile.bleed_mm:g}mm; "
                    f"--page-width: {self.paper.width_mm:g}mm; "
                    f"--page-height: {self.paper.height_mm:g}mm; }}"]
            if profile.press:
                marks = "crop cross" if profile.press.crop_marks else "none"
                page.append(f"@page {{ bleed: {profile.press.slug_mm:g}mm; marks: {marks}; }}")
            if profile.cmyk:
                page.append("@color-profile device-cmyk { src: url(%s); components: cyan, "
                            "magenta, yellow, black }" % url_for(PRINT_ICC, self.mounts))
            sheets = [(folder / name).read_text(encoding="utf-8") for name in kind.stylesheets]
            self._stylesheets[kind] = tuple(self.colour_css(css)
                                            for css in (*sheets, "\n".join(page)))
        return self._stylesheets[kind]

    def colour(self, value: str) -> str:
        """A #rrggbb colour as this profile writes it: unchanged, or device-cmyk() for print."""
        if not self.profile.cmyk:
            return value
        return "device-cmyk({} {} {} {})".format(*cmyk_of(value))

    def colour_css(self, css: str) -> str:
        return HEX_COLOUR.sub(lambda m: self.colour(m.group(0)), css)


class _Texts:
    """Source texts in one language as HTML; in a draft, a missing translation shows the
    first language's text, visibly marked, and is counted."""

    def __init__(self, language: str, fallback: str, words: Words):
        self.language = language
        self.fallback = fallback
        self.note = words.gettext("%(language)s — translation pending") % {
            "language": fallback.upper()}
        self.pending = 0

    def _pick(self, text: Text, shown: bool = True) -> tuple[str, bool]:
        if self.language in text.languages:
            return text[self.language], False
        self.pending += shown
        return text[self.fallback], True

    def plain(self, text: Text) -> str:
        """For metadata and attributes: not counted, as nothing there can be marked."""
        return markup.plain(self._pick(text, shown=False)[0])

    def inline(self, text: Text) -> Markup:
        return self._html(text, markup.inline, "span")

    def block(self, text: Text) -> Markup:
        return self._html(text, markup.block, "div")

    def _html(self, text: Text, render, tag: str) -> Markup:
        value, pending = self._pick(text)
        html = render(value)
        if not pending:
            return html
        return Markup('<{0} class="pending" lang="{1}" data-note="{2}">{3}</{0}>').format(
            tag, self.fallback, self.note, html)


class _Translations:
    """The two callables Jinja2's i18n extension needs, from one gettext function."""

    def __init__(self, gettext_function):
        self.gettext = gettext_function

    def ngettext(self, singular, plural, n):
        return self.gettext(singular if n == 1 else plural)
