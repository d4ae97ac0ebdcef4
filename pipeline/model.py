"""The frozen records handed from stage to stage: programme, edition, Actions, images, outputs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

from .problems import Location, Problem
from .profiles import PAPERS, PROFILES, Paper, Profile

SOURCE_LANGUAGE = "en"  # the language the layouts are written in and translations made from


@dataclass(frozen=True)
class Text:
    """A text a reader sees, in each of the programme's languages."""

    translations: tuple[tuple[str, str], ...]
    outdated: tuple[str, ...] = ()  # in a draft: languages whose source text changed since

    @classmethod
    def of(cls, mapping: dict[str, str], outdated=()) -> "Text":
        return cls(tuple(sorted(mapping.items())), tuple(sorted(outdated)))

    def __getitem__(self, language: str) -> str:
        for code, text in self.translations:
            if code == language:
                return text
        raise KeyError(language)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.translations)


@dataclass(frozen=True)
class Colours:
    primary: str
    accent: str
    tint: str


@dataclass(frozen=True)
class Funder:
    """Who pays for the programme: its emblem, and the words its rules ask for beside it."""

    name: Text
    emblem: Path  # an SVG under assets/
    statement: Text  # set beside the emblem ("Funded by the European Union")
    disclaimer: Text


@dataclass(frozen=True)
class Implementer:
    name: Text
    acronym: str | None = None
    web: str | None = None


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    colours: Colours
    full_name: str | None = None  # what the name stands for
    funders: tuple[Funder, ...] = ()
    implementer: Implementer | None = None


@dataclass(frozen=True)
class Language:
    """A language the programme publishes in, and the CLDR locale that formats it."""

    code: str
    locale: str
    source: Location
    digits: str = "western"  # 0-9 in numbers and dates; "native": the script's own (٠١٢)


@dataclass(frozen=True)
class Theme:
    id: str
    label: Text
    source: Location


@dataclass(frozen=True)
class Country:
    """The programme's own style for a country, where it differs from CLDR."""

    code: str
    names: Text  # in some languages only; CLDR names it in the others
    desk_languages: tuple[str, ...] = ()
    desk_paper: str | None = None
    source: Location | None = None
    desk_locales: tuple[str, ...] = ()  # the locale its documents use in a language (ar_JO)

    def locale_for(self, language: str) -> str | None:
        """The desk's own locale for a language, if it asks for one."""
        return next((locale for locale in self.desk_locales
                     if locale.split("_")[0] == language), None)


@dataclass(frozen=True)
class ImageRecord:
    """An image as editors describe it: its file under assets/ and the words that go with it."""

    id: str
    file: Path
    caption: Text
    credit: Text
    alt: Text
    licence: str | None
    source: Location


@dataclass(frozen=True)
class Partner:
    name: Text
    acronym: str | None = None


@dataclass(frozen=True)
class Milestone:
    """A dated event; `precision` says whether the sources gave a day or only a month."""

    start: datetime.date
    text: Text
    precision: str = "day"
    until: datetime.date | None = None


@dataclass(frozen=True)
class Action:
    """A project in one partner country, or a region, as an edition shows it: what stays
    (sources/actions/<id>.yaml) and what that year says (sources/editions/<year>/actions/)."""

    id: str
    theme: str
    status: str
    summary: Text
    activities: Text
    results: Text
    images: tuple[str, ...]
    source: Location  # the Action's own record
    year_source: Location  # the record of its year
    country: str | None = None
    region: Text | None = None
    covers: tuple[str, ...] = ()  # a region's countries (ISO 3166 codes)
    coverage: Text | None = None
    partners: tuple[Partner, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    languages: tuple[str, ...] = ()  # its factsheet's languages beyond the edition's


@dataclass(frozen=True)
class Achievement:
    heading: Text
    text: Text
    actions: tuple[str, ...]
    image: str | None = None  # the chapter's own picture; else its first Action's


@dataclass(frozen=True)
class Social:
    network: str  # facebook, twitter…
    handle: str | None = None  # the account's name there, as the network writes it


@dataclass(frozen=True)
class Contact:
    web: str | None = None
    email: str | None = None
    social: tuple[Social, ...] = ()


@dataclass(frozen=True)
class Edition:
    year: int
    published: datetime.date
    languages: tuple[str, ...]
    title: Text
    introduction: Text
    about: Text  # what the programme is, as this year says it
    contact: Contact
    cover_image: str
    achievements: tuple[Achievement, ...]
    factsheets: tuple[str, ...]  # the Actions that get a factsheet this year
    outlook_heading: Text
    outlook_text: Text
    closing: Text
    source: Location
    outlook_image: str | None = None  # the picture opening the outlook


@dataclass(frozen=True)
class Sources:
    """Everything stage 1 read and checked for one edition: the input of every later stage."""

    root: Path
    programme: Programme
    edition: Edition
    actions: tuple[Action, ...]
    images: tuple[ImageRecord, ...]
    languages: tuple[Language, ...] = ()  # the records of the languages this edition uses
    themes: tuple[Theme, ...] = ()
    countries: tuple[Country, ...] = ()  # the programme's own style, where it has one
    files: tuple[str, ...] = ()  # every source file read, relative to the project
    warnings: tuple[Problem, ...] = ()

    def action(self, action_id: str) -> Action:
        return next(a for a in self.actions if a.id == action_id)

    def image(self, image_id: str) -> ImageRecord:
        return next(i for i in self.images if i.id == image_id)

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def language(self, code: str) -> Language:
        found = next((language for language in self.languages if language.code == code), None)
        if found is None:  # the plan refuses such outputs first (reference.unknown-language)
            raise LookupError(f"{code}: the programme has no record of this language")
        return found

    def country(self, code: str) -> Country | None:
        return next((c for c in self.countries if c.code == code), None)


@dataclass(frozen=True)
class Asked:
    """What an edition asks for, read before its records are checked: its languages, the
    Actions it features, those with a factsheet, every Action it uses, and each Action's own
    languages. The kinds say from it which texts they need in which languages."""

    languages: tuple[str, ...]
    featured: tuple[str, ...]
    factsheets: tuple[str, ...]
    actions: tuple[str, ...]
    own: dict[str, tuple[str, ...]]

    def needed_by(self, kinds) -> dict[str, tuple[str, ...]]:
        """The union of the kinds' needs: each Action's languages, the edition's first."""
        union: dict[str, tuple[str, ...]] = {}
        for kind in kinds:
            for action, languages in kind.needs(self).items():
                union[action] = tuple(dict.fromkeys(union.get(action, ()) + languages))
        return union


@dataclass(frozen=True)
class Figure:
    """An image ready to place: its rendition file and its words."""

    image_id: str
    rendition: Path
    width: int
    height: int
    caption: Text
    credit: Text
    alt: Text
    width_mm: float = 0  # the slot it fills
    height_mm: float = 0


class Kind(Protocol):
    """What an output needs of its document kind. The kinds (kinds.py) are built on these
    records and follow this; the records import none of them, so no import runs in a circle."""

    name: ClassVar[str]

    def stem(self, output: Output) -> str:
        """The document's file name without its format's suffix."""


@dataclass(frozen=True)
class Output:
    """One PDF to write, named by what it is; the name decides its path under build/."""

    kind: Kind
    language: str
    year: int
    about: str | None = None  # the id of the record the document is about: a factsheet's Action
    profile: Profile = PROFILES["office"]
    paper: Paper = PAPERS["a4"]

    @property
    def filename(self) -> str:
        return f"{self.kind.stem(self)}.{self.profile.format}"

    @property
    def folder(self) -> str:
        return self.profile.folder(self.paper)

    @property
    def name(self) -> str:
        return f"{self.folder}/{self.filename}"


@dataclass(frozen=True)
class RenderedDocument:
    """Stage 3's result: the HTML of one output and the metadata its PDF carries."""

    output: Output
    html: str
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: datetime.date
    pending_translations: int = 0
    stylesheets: tuple[str, ...] = ()  # CSS texts, already written for the profile
    attachments: tuple[str, ...] = ()  # source records it was built from, relative to the project
    draft: bool = False  # a draft: too long is written and marked, not refused
    # Files the writer puts beside it, each (name under the format's folder, what it is made
    # from): a web page's pictures in each width. Named by content, so pages share them.
    files: tuple[tuple[str, ...], ...] = ()
