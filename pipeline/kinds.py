"""Document kinds: everything particular to the annual report and to an Action factsheet.

A kind says which documents an edition has of it (one per language, or one per Action and
language), which texts it needs in which languages, which Actions each document shows and which
images it places in which slot, the records it is built from, its template and stylesheets, its
metadata, page rules and file name. Stage 1, the build, the renderer, preflight, the archive and
the desks ask the kind; a new kind is one class here, a template and a stylesheet."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Collection

from . import designs
from .maps import geography
from .maps.svg import Mark
from .key_figures import action_figures, chapter_figures, key_figures
from .model import Action, Asked, Figure, Output, Sources
from .problems import Problem
from .maps.placed import MapUse, PlacedMap, labelled

Placement = tuple[str, str]  # (image id, slot)


@dataclass(frozen=True)
class Metadata:
    """What a PDF says about itself: title, subject, keywords."""

    title: str
    subject: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class DocumentKind:
    """The base of every kind; subclasses set the class attributes and say what differs."""

    name: ClassVar[str]
    profiles: ClassVar[tuple[str, ...]]  # the profiles it is built in unless PROFILES= says
    max_pages: ClassVar[int | None] = None
    bound: ClassVar[bool] = False  # padded with blank pages to the press's sheets
    page_plan: ClassVar[bool] = False  # its pages planned on a first layout (pdf/pageplan.py)
    fitted: ClassVar[bool] = False  # a design chosen by copyfitting, fitted on a layout

    @property
    def template(self) -> str:
        return f"{self.name}.html"

    @property
    def stylesheets(self) -> tuple[str, ...]:
        return ("css/base.css", f"css/{self.name}.css")

    def documents(self, sources: Sources) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
        """What each document of this kind is about, and its languages: by default one
        document, in the edition's languages."""
        return ((None, sources.edition.languages),)

    def needs(self, asked: Asked) -> dict[str, tuple[str, ...]]:
        """The languages this kind needs each Action's texts in (its records, pictures and
        theme): stage 1 checks the union of every kind's needs."""
        return {}

    def stem(self, output: Output) -> str:
        """The document's file name without its format's suffix."""
        raise NotImplementedError

    def actions(self, sources: Sources, output: Output) -> tuple[Action, ...]:
        """The Actions the document shows, each once, in order of appearance."""
        return ()

    def placements(self, sources: Sources, output: Output) -> tuple[Placement, ...]:
        """Each image the layout places, in order of appearance (repeats included)."""
        return ()

    def maps(self, sources: Sources, output: Output) -> tuple[MapUse, ...]:
        """The maps the layout places, drawn from the records."""
        return ()

    def locale(self, sources: Sources, output: Output) -> str | None:
        """The locale of a document when it is not its language's (a desk's own: ar_JO)."""
        return None

    def countries(self, sources: Sources, output: Output) -> tuple[str, ...]:
        """The countries the document names (their names may be the programme's own)."""
        return tuple(dict.fromkeys(a.country for a in self.actions(sources, output)
                                   if a.country))

    def read_in(self, sources: Sources, output: Output) -> tuple[str, ...]:
        """The languages of its records' texts a document is made from (its key's)."""
        return (output.language,)

    def records_of(self, sources: Sources, output: Output) -> tuple[str, ...]:
        """The source records a document is built from (relative to the project): the
        programme, its language, the edition, the Actions it shows (their own records and
        their year's), the image records it places and the countries it names in the
        programme's own style."""
        actions = self.actions(sources, output)
        images = dict.fromkeys(image for image, _ in self.placements(sources, output))
        countries = [sources.country(code) for code in self.countries(sources, output)]
        return tuple(dict.fromkeys(
            ["sources/programme.yaml", sources.language(output.language).source.path,
             sources.edition.source.path]
            + [path for action in actions for path in (action.source.path,
                                                        action.year_source.path)]
            + [sources.image(image).source.path for image in images]
            + self.shown_records(sources, output)
            + [country.source.path for country in countries if country]))

    def shown_records(self, sources: Sources, output: Output) -> list[str]:
        """Other records the document shows (a factsheet: its Action's theme)."""
        return []

    def describe(self, sources: Sources, output: Output, words, texts) -> Metadata:
        raise NotImplementedError

    def fit_problems(self, sources: Sources, say, draft: bool = False,
                     about: Collection[str | None] | None = None) -> list[Problem]:
        """What of the sources will not fit the kind's pages, found before any layout: of
        every document, or of those about these (Action ids, None for the edition)."""
        return []

    def context(self, sources: Sources, output: Output, words, texts,
                figure: Callable[[str, str], Figure],
                drawn: Callable[[MapUse], PlacedMap], say: Callable[[str], Any]) -> dict[str, Any]:
        """What the template needs beyond what every document gets (`say(language)`: the
        layout words of another language)."""
        return {}

    def what(self, output: Output) -> str:
        """The document in a sentence of a message: 'the report'."""
        return f"the {self.name.replace('-', ' ')}"

    def page_problems(self, output: Output, pages: int) -> list[tuple[str, str]]:
        """The kind's page rules on a written PDF, as (message, rule) pairs."""
        found = []
        if self.max_pages and pages > self.max_pages:
            found.append((f"{self.what(output)} runs to {pages} pages; a "
                          f"{self.name.replace('-', ' ')} has at most {self.max_pages}", "pages"))
        multiple = output.profile.pages_multiple_of
        if self.bound and pages % multiple:
            found.append((f"{self.what(output)} has {pages} pages; {output.profile.name} prints "
                          f"in multiples of {multiple}", "imposition"))
        return found


@dataclass(frozen=True)
class AnnualReport(DocumentKind):
    """The edition's report: cover, contents, one chapter per achievement, back cover."""

    name: ClassVar[str] = "annual-report"
    profiles: ClassVar[tuple[str, ...]] = ("print-house", "office", "screen", "archive")
    bound: ClassVar[bool] = True
    page_plan: ClassVar[bool] = True

    def stem(self, output: Output) -> str:
        return f"annual-report-{output.year}-{output.language}"

    def what(self, output: Output) -> str:
        return "the report"

    def actions(self, sources: Sources, output: Output) -> tuple[Action, ...]:
        return tuple(sources.action(a) for a in dict.fromkeys(
            a for achievement in sources.edition.achievements for a in achievement.actions))

    def needs(self, asked: Asked) -> dict[str, tuple[str, ...]]:
        """Every Action of the year in the edition's languages: it lists them all."""
        return {action: asked.languages for action in asked.actions}

    def placements(self, sources: Sources, output: Output) -> tuple[Placement, ...]:
        """The cover; then each chapter's opening picture and its Actions' own pictures (the
        first Action's opens the chapter, unless the chapter has a picture of its own)."""
        placed = [(sources.edition.cover_image, "report-cover")]
        for achievement in sources.edition.achievements:
            first = sources.action(achievement.actions[0]).images[0]
            placed.append((achievement.image or first, "report-chapter"))
            placed += [(sources.action(a).images[0], "report-action")
                       for a in achievement.actions[0 if achievement.image else 1:]]
        if sources.edition.outlook_image:
            placed.append((sources.edition.outlook_image, "report-chapter"))
        return tuple(placed)

    def maps(self, sources: Sources, output: Output) -> tuple[MapUse, ...]:
        """The world map: each Action the report shows, numbered in order of appearance."""
        return (MapUse("world", tuple(
            Mark(number, (action.country,) if action.country else action.covers,
                 region=not action.country)
            for number, action in enumerate(self.actions(sources, output), 1))),)

    def describe(self, sources: Sources, output: Output, words, texts) -> Metadata:
        year = sources.edition.year
        return Metadata(texts.plain(sources.edition.title),
                        words.say("Annual report %(year)s", year=year),
                        (sources.programme.name, words.gettext("annual report"), str(year)))

    def context(self, sources: Sources, output: Output, words, texts, figure,
                drawn, say) -> dict[str, Any]:
        cover, *placed = self.placements(sources, output)
        placed, chapters = iter(placed), []
        for achievement in sources.edition.achievements:
            opening = figure(*next(placed))
            actions = [sources.action(a) for a in achievement.actions]
            # The first Action's picture opens the chapter: its own place shows none.
            shown = [(action, None if index == 0 and not achievement.image
                      else figure(*next(placed))) for index, action in enumerate(actions)]
            chapters.append(Chapter(achievement, opening, shown,
                                    chapter_figures(actions, words)))
        outlook = next(placed, None)
        edition, language = sources.edition, output.language
        others = [code for code in edition.languages if code != language]
        chapter_of = {action.id: number for number, chapter in enumerate(chapters, 1)
                      for action, _ in chapter.actions}
        return {"cover": figure(*cover), "chapters": chapters, "chapter_of": chapter_of,
                "world": drawn(self.maps(sources, output)[0]),
                "outlook_picture": outlook and figure(*outlook),
                "credits": credits(figure(*cover), chapters, texts,
                                   outlook and figure(*outlook)),
                "figures": key_figures(sources, self.actions(sources, output), words),
                "listed": self.actions(sources, output) + tuple(
                    a for a in sources.actions if a not in self.actions(sources, output)),
                "other_languages": words.languages(others),
                "citation": f"{sources.programme.name} ({words.numeral(edition.year)}). "
                            f"{texts.plain(edition.title)}. "
                            + words.say("Annual report %(year)s", year=edition.year) + "."}


@dataclass(frozen=True)
class Factsheet(DocumentKind):
    """One Action on at most two pages: for country desks, screens and the archive."""

    name: ClassVar[str] = "factsheet"
    profiles: ClassVar[tuple[str, ...]] = ("office", "screen", "archive")
    max_pages: ClassVar[int | None] = 2
    fitted: ClassVar[bool] = True

    def documents(self, sources: Sources) -> tuple[tuple[str | None, tuple[str, ...]], ...]:
        return tuple((action.id, self.languages_of(sources, action))
                     for action in sources.actions if action.id in sources.edition.factsheets)

    @staticmethod
    def languages(edition: tuple[str, ...], own: tuple[str, ...]) -> tuple[str, ...]:
        """A factsheet's languages: the edition's, then its Action's own."""
        return tuple(dict.fromkeys(edition + own))

    def languages_of(self, sources: Sources, action: Action) -> tuple[str, ...]:
        return self.languages(sources.edition.languages, action.languages)

    def needs(self, asked: Asked) -> dict[str, tuple[str, ...]]:
        return {action: self.languages(asked.languages, asked.own.get(action, ()))
                for action in asked.factsheets}

    def read_in(self, sources: Sources, output: Output) -> tuple[str, ...]:
        return self.languages_of(sources, sources.action(output.about))  # its design fits all

    def fit_problems(self, sources: Sources, say, draft: bool = False,
                     about: Collection[str | None] | None = None) -> list[Problem]:
        return designs.refusals(sources, [(action, languages) for action, languages
                                          in self.documents(sources)
                                          if about is None or action in about], say, draft)

    def shown_records(self, sources: Sources, output: Output) -> list[str]:
        return [sources.theme(sources.action(output.about).theme).source.path]

    def stem(self, output: Output) -> str:
        return f"factsheet-{output.about}-{output.language}"

    def what(self, output: Output) -> str:
        return f"the factsheet of Action '{output.about}' in {output.language}"

    def actions(self, sources: Sources, output: Output) -> tuple[Action, ...]:
        return (sources.action(output.about),)

    def placements(self, sources: Sources, output: Output) -> tuple[Placement, ...]:
        return ((sources.action(output.about).images[0], "factsheet-hero"),)

    def maps(self, sources: Sources, output: Output) -> tuple[MapUse, ...]:
        """The locator: the Action's country, or the countries its region covers."""
        action = sources.action(output.about)
        return (MapUse("locator", (Mark(0, (action.country,) if action.country
                                        else action.covers, region=not action.country),)),)

    def locale(self, sources: Sources, output: Output) -> str | None:
        """Its country's desk locale for the language, if the desk asks for one."""
        country = sources.country(sources.action(output.about).country or "")
        return country.locale_for(output.language) if country else None

    def countries(self, sources: Sources, output: Output) -> tuple[str, ...]:
        """Its country and the countries around it, named by the map's text alternative; or
        the countries its region covers."""
        action = sources.action(output.about)
        if not action.country:
            return action.covers
        return (action.country, *geography.neighbours(geography.outlines(geography.DATA),
                                                       action.country))

    def describe(self, sources: Sources, output: Output, words, texts) -> Metadata:
        action, year = sources.action(output.about), sources.edition.year
        place = words.place(action)
        return Metadata(
            words.say("%(place)s — %(programme)s Action factsheet %(year)s", place=place,
                      programme=sources.programme.name, year=year),
            texts.plain(action.summary),
            (sources.programme.name, words.gettext("factsheet"), place, str(year)))

    def context(self, sources: Sources, output: Output, words, texts, figure,
                drawn, say) -> dict[str, Any]:
        action = sources.action(output.about)
        featured_in = next(((number, achievement) for number, achievement
                            in enumerate(sources.edition.achievements, 1)
                            if action.id in achievement.actions), None)
        hero = figure(*self.placements(sources, output)[0])
        design = designs.design(action, self.languages_of(sources, action), say,
                                designs.around_of(sources, action, say),
                                (designs.Sheet.of(output.paper),))
        locator = drawn(self.maps(sources, output)[0])
        return {"action": action, "place": words.place(action), "featured_in": featured_in,
                "hero": hero, "hero_height": min(hero.height_mm, designs.PICTURE_MM),
                # An Action too long for every design is refused before (fit_problems), but
                # a draft writes it in the largest, its overflow marked.
                "design": (design or designs.DESIGNS[-1]).name,
                "figures": action_figures(action, words),
                "period": words.period(action.milestones),
                "locator": labelled(locator, tuple((room.code, words.country(room.code))
                                                   for room in locator.rooms)),
                "located": self.countries(sources, output)}


@dataclass(frozen=True)
class Chapter:
    """One achievement as the report sets it: its opening picture, its Actions (each with its
    own picture, or None where the opening shows it) and its figures."""

    achievement: Any
    opening: Figure
    actions: list[tuple[Action, Figure | None]]
    figures: list[tuple[str, str]]


def credits(cover: Figure, chapters: list[Chapter], texts,
            outlook: Figure | None = None) -> list[tuple[str, list[str]]]:
    """Each credit once, with where its pictures are: ("Illustration", ["cover", "picture-2",
    …]); the template turns the ids into page numbers."""
    pictures = [*_pictures(chapters), *([outlook] if outlook else [])]
    placed = [("cover", cover)] + [(f"picture-{number}", figure) for number, figure in
                                   enumerate(pictures, 1)]
    grouped: dict[str, list[str]] = {}
    for where, figure in placed:
        grouped.setdefault(texts.plain(figure.credit), []).append(where)
    return list(grouped.items())


def _pictures(chapters: list[Chapter]):
    """The report's pictures after the cover, in order; the template numbers them alike."""
    for chapter in chapters:
        yield chapter.opening
        yield from (figure for _, figure in chapter.actions if figure)


ANNUAL_REPORT = AnnualReport()
FACTSHEET = Factsheet()
KINDS: dict[str, DocumentKind] = {kind.name: kind for kind in (ANNUAL_REPORT, FACTSHEET)}
