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
from .images import PRINT_ICC, Use, cmyk_of
from .profiles import PROFILES, Profile
from .model import Action, Figure, Milestone, Output, RenderedDocument, Sources, Text

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


def image_uses(sources: Sources, outputs: list[Output]) -> list[Use]:
    """Which image each layout places in which slot, for the image stage to check and prepare."""
    places: dict[tuple[str, str, str], list[str]] = {}
    for output in outputs:
        if output.kind == "factsheet":
            placed = [(sources.action(output.action_id).images[0], "factsheet-hero")]
        else:
            placed = [(sources.edition.cover_image, "report-cover")] + [
                (sources.action(a).images[0], "report-action")
                for achievement in sources.edition.achievements for a in achievement.actions]
        for image_id, slot in placed:
            places.setdefault((image_id, slot, output.language), []).append(output.name)
    return [Use(image_id, slot, language, tuple(documents))
            for (image_id, slot, language), documents in places.items()]


def records_of(sources: Sources, output: Output) -> tuple[str, ...]:
    """The source records a document is built from: the programme, the edition, the Actions
    it shows (a factsheet: its own) and their image records; paths relative to the project."""
    edition = sources.edition
    if output.kind == "factsheet":
        actions = [sources.action(output.action_id)]
        images = list(actions[0].images[:1])
    else:
        actions = [sources.action(a) for a in
                   dict.fromkeys(a for achievement in edition.achievements for a in achievement.actions)]
        images = [edition.cover_image] + [a.images[0] for a in actions]
    return tuple(dict.fromkeys(
        ["sources/programme.yaml", edition.source.path] + [a.source.path for a in actions]
        + [sources.image(i).source.path for i in images]))


def layout_files(output: Output) -> tuple[str, ...]:
    """The layout files a document is made with, relative to the layouts folder."""
    return ("base.html", "figure.html", f"{output.kind}.html", "css/base.css",
            f"css/{output.kind}.css", "slots.yaml",
            f"locale/{output.language}/LC_MESSAGES/{CATALOG_DOMAIN}.po")


class Renderer:
    """Renders outputs; keeps the Jinja2 environment and compiled catalogs across documents."""

    def __init__(self, sources: Sources, figures: dict[tuple[str, str, str], Figure], layouts: Layouts,
                 mounts: dict[str, Path], draft: bool = False, profile: Profile = PROFILES["office"],
                 paper: str = "a4"):
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
        self.stylesheets = self._load_stylesheets()

    def render(self, output: Output) -> RenderedDocument:
        words = self.words[output.language]
        self.environment.install_gettext_translations(
            _Translations(words.gettext), newstyle=True)
        sources, language = self.sources, output.language
        edition, programme = sources.edition, sources.programme
        texts = _Texts(language, programme.languages[0], words)
        context = dict(
            lang=language, words=words, programme=programme, edition=edition,
            t=texts.inline, block=texts.block, plain=texts.plain,
            figure_of=lambda image_id, slot: self.figures[(image_id, slot, language)],
            action=sources.action,
            url=lambda path: url_for(path, self.mounts),
            published=edition.published.isoformat(), draft=self.draft,
            profile=self.profile, paper=self.paper, colour=self.colour,
        )
        if output.kind == "factsheet":
            action = sources.action(output.action_id)
            place = words.place(action)
            title = words.gettext("%(place)s — MIEUX Action factsheet %(year)s") % {
                "place": place, "year": edition.year}
            subject = texts.plain(action.summary)
            keywords = (programme.name, words.gettext("factsheet"), place, str(edition.year))
            context.update(action=action, place=place, featured_in=self._featured_in(action.id))
            template = "factsheet.html"
        else:
            title = texts.plain(edition.title)
            subject = words.gettext("Annual report %(year)s") % {"year": edition.year}
            keywords = (programme.name, words.gettext("annual report"), str(edition.year))
            context.update(credits=self._credits(language))
            template = "annual-report.html"
        context.update(title=title, subject=subject, keywords=", ".join(keywords),
                       author=programme.name, texts=texts)
        html = self.environment.get_template(template).render(context)
        return RenderedDocument(output, html, title, programme.name, subject, keywords,
                                edition.published, texts.pending,
                                self.stylesheets[output.kind], records_of(sources, output))

    def _load_stylesheets(self) -> dict[str, tuple[str, ...]]:
        """Each document kind's CSS for this profile and paper, colours converted for CMYK."""
        folder = self.layouts.folder / "css"
        base = (folder / "base.css").read_text(encoding="utf-8")
        profile = self.profile
        page = [f"@page {{ size: {self.paper.upper() if self.paper == 'a4' else self.paper}; }}",
                f":root {{ --bleed: {profile.bleed_mm}mm; }}"]
        if profile.slug_mm:
            marks = "crop cross" if profile.crop_marks else "none"
            page.append(f"@page {{ bleed: {profile.slug_mm}mm; marks: {marks}; }}")
        if profile.colour == "cmyk":
            page.append("@color-profile device-cmyk { src: url(%s); "
                        "components: cyan, magenta, yellow, black }" % url_for(PRINT_ICC, self.mounts))
        sheets = {}
        for kind in ("annual-report", "factsheet"):
            own = (folder / f"{kind}.css").read_text(encoding="utf-8")
            sheets[kind] = tuple(self.colour_css(css) for css in (base, own, "\n".join(page)))
        return sheets

    def colour(self, value: str) -> str:
        """A #rrggbb colour as this profile writes it: unchanged, or device-cmyk() for print."""
        if self.profile.colour != "cmyk":
            return value
        return "device-cmyk({} {} {} {})".format(*cmyk_of(value))

    def colour_css(self, css: str) -> str:
        return HEX_COLOUR.sub(lambda m: self.colour(m.group(0)), css)

    def _featured_in(self, action_id: str):
        for number, achievement in enumerate(self.sources.edition.achievements, 1):
            if action_id in achievement.actions:
                return number, achievement
        return None

    def _credits(self, language: str) -> list[Figure]:
        """Each image the report shows, once, in the order it first appears."""
        edition = self.sources.edition
        ids = [(edition.cover_image, "report-cover")]
        for achievement in edition.achievements:
            for action_id in achievement.actions:
                ids.append((self.sources.action(action_id).images[0], "report-action"))
        return [self.figures[(image_id, slot, language)]
                for image_id, slot in dict.fromkeys(ids)]


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
