"""Stage 1: read the records one edition uses, check them, cross-check them, assemble them.

An edition reads only what it uses: the programme, its own folder (sources/editions/<year>/:
the edition, its Actions' records of that year, its image records), the Actions it shows
(sources/actions/), their themes, the languages it publishes in and the countries it names.
Another year's records are never opened, so they can neither change nor break this edition.
Every problem of every file is collected, then the stage stops once with all of them.
Reading is reader.py's, the record schemas schema.py's, checking a record checks.py's."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import fingerprints
from .checks import Checker
from ..maps.lettering import named_by
from ..fonts import coverage
from ..model import (Achievement, Action, Asked, Colours, Contact, Country, Edition, Funder,
                    ImageRecord, Implementer, Language, Milestone, Partner, Programme, Social,
                    Sources, Text, Theme)
from ..problems import Location, PipelineError, Problem, Problems, shown
from .reader import Document, read_yaml
from .schema import ACTION, ACTION_YEAR, COUNTRY, EDITION, IMAGE, LANGUAGE, PROGRAMME, THEME

# The repository's fonts serve a project that brings none (as config.Settings.fonts says).
FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"


@dataclass(frozen=True)
class Review:
    """What checking the sources found: the records if usable, every problem, every text."""

    sources: Sources | None
    problems: tuple[Problem, ...]
    translations: tuple[fingerprints.TextState, ...]  # every text, in each language it needs


def read_sources(root: Path, year: int, draft: bool = False) -> Sources:
    """Read and check the edition's records; raise PipelineError with all problems if any is an
    error. In a draft, a missing translation is a warning and the text falls back to the first
    language; the warnings travel with the returned sources."""
    review = review_sources(root, year, draft)
    if review.sources is None:
        raise PipelineError(review.problems)
    return review.sources


def review_sources(root: Path, year: int, draft: bool = False) -> Review:
    return _Reading(root, year, draft).review()


def edition_folder(root: Path, year: int) -> Path:
    return root / "sources" / "editions" / str(year)


@dataclass
class _Record:
    """A record read and checked: its checked values and its document."""

    data: dict
    document: Document


@dataclass(frozen=True)
class _EditionPlan:
    """What the edition asks for, read before it is checked: its languages, the Actions it
    features and those with a factsheet, its cover (what is unreadable is left out)."""

    languages: tuple[str, ...] = ()
    featured: list[str] = field(default_factory=list)
    factsheets: list[str] = field(default_factory=list)
    cover: str | None = None

    @classmethod
    def of(cls, document: Document | None, known: tuple[str, ...]) -> "_EditionPlan":
        value = document.value if document and isinstance(document.value, dict) else {}
        achievements = value.get("achievements")
        featured = [a for achievement in achievements if isinstance(achievement, dict)
                    for a in _strings(achievement.get("actions"))] \
            if isinstance(achievements, list) else []
        cover = value.get("cover_image")
        return cls(tuple(_codes(value.get("languages"), known)), featured,
                   _strings(value.get("factsheets")), cover if isinstance(cover, str) else None)


def _records(folder: Path, suffix: str) -> list[Path]:
    """The record files of a folder; hidden files are an editor's (an open Emacs buffer's
    `.#niger.yaml`, macOS's `._niger.yaml`), not records."""
    return sorted(p for p in folder.glob(f"*{suffix}") if not p.name.startswith(".")) \
        if folder.is_dir() else []


def _strings(value) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _codes(value, known: tuple[str, ...]) -> list[str]:
    return [code for code in _strings(value) if code in known]


@dataclass
class _Reading:
    """One edition's reading: which files, with which languages, in which order."""

    root: Path
    year: int
    draft: bool
    problems: Problems = field(init=False)
    checkers: list[Checker] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def __post_init__(self):
        self.problems = Problems(self.root)
        self.sources = self.root / "sources"
        self.folder = edition_folder(self.root, self.year)
        self.known = tuple(sorted(self._listing(self.sources / "languages")))
        own = self.root / "assets" / "fonts"
        self.covered = coverage(own if own.is_dir() else FONTS, self.root / "build" / "cache")
        self.fingerprints, self.files = fingerprints.load(self.sources, self.problems)

    def review(self) -> Review:
        from ..kinds import KINDS  # noqa: PLC0415  (the kinds say what the edition needs)
        document = self._edition_document()
        plan = _EditionPlan.of(document, self.known)
        used = dict.fromkeys(plan.featured + plan.factsheets
                             + sorted(self._listing(self.folder / "actions")))
        peeked = {action_id: self._peek(self.sources / "actions" / f"{action_id}.yaml")
                  for action_id in used
                  if os.path.lexists(self.sources / "actions" / f"{action_id}.yaml")}
        needed = Asked(plan.languages, tuple(plan.featured), tuple(plan.factsheets),
                       tuple(used), {action_id: tuple(record.data["languages"])
                                     for action_id, record in peeked.items()}
                       ).needed_by(KINDS.values())
        reading = {action_id: needed.get(action_id, ()) for action_id in used}
        stable = {action_id: self._stable_action(action_id, reading[action_id])
                  for action_id in peeked}
        # The edition's texts are in every one of its documents: its languages, and those of
        # the Actions that add their own.
        codes = tuple(dict.fromkeys(plan.languages + tuple(
            code for codes in reading.values() for code in codes)))
        edition = self._edition(document, codes)
        # The funder's words are on every document: in every language of the edition.
        programme = self._one(self.sources / "programme.yaml", "programme", PROGRAMME, codes,
                              named=False)
        yearly = self._folder(self.folder / "actions", "action-year", ACTION_YEAR, reading)
        images = self._folder(self.folder / "images", "image", IMAGE,
                              self._image_languages(plan, yearly, reading))
        themes = self._themes(stable, reading)
        countries = self._countries(stable)
        language_records = {code: self._one(self.sources / "languages" / f"{code}.yaml",
                                            "language", LANGUAGE, ())
                            for code in codes}
        self._cross_check(yearly)
        return self._result(programme, edition, yearly, stable, images, themes, countries,
                            language_records)

    # ---------------------------------------------------------------- reading and checking

    def _read(self, path: Path) -> Document | None:
        if not os.path.lexists(path):
            misnamed = path.with_suffix(".yml")
            hint = (f"; {misnamed.name} is there: records end in .yaml, rename it"
                    if misnamed.exists() else "")
            self.problems.error(self.problems.where(path), f"file is missing{hint}",
                                "source.missing-file")
            return None
        self.files.append(path)  # after the fingerprints, read once for every record
        return read_yaml(path, self.problems, self.sources)

    def _check(self, document: Document | None, kind: str, schema: dict,
               required: tuple[str, ...]) -> dict | None:
        if document is None:
            return None
        checker = Checker(document, kind, self.problems, required, self.known,
                          self.root / "assets", self.draft, self.covered, self.fingerprints)
        self.checkers.append(checker)
        return checker.record(document.value, schema)

    def _one(self, path: Path, kind: str, schema: dict, required,
             named: bool = True) -> _Record | None:
        """One record; a `named` record's id is its file name."""
        document = self._read(path)
        data = self._check(document, kind, schema, required)
        if data is None:
            return None
        if named and data.get("id") not in (None, path.stem):
            self._mismatch(path, document, data["id"])
        return _Record(data, document)

    def _folder(self, folder: Path, kind: str, schema: dict,
                languages: dict | None) -> dict[str, _Record]:
        """Each record of one of the edition's folders. With `languages` None, only the ids
        are wanted (a first pass that checks nothing and reports nothing)."""
        if languages is None:
            return dict.fromkeys(sorted(self._listing(folder)))
        records: dict[str, _Record] = {}
        for misnamed in _records(folder, ".yml"):
            self.problems.error(self.problems.where(misnamed), f"records end in .yaml; rename "
                                f"it {misnamed.stem}.yaml", "source.extension")
        for path in _records(folder, ".yaml"):
            record = self._one(path, kind, schema, languages.get(path.stem, ()))
            if record is not None and record.data.get("id") == path.stem:
                records[path.stem] = record
        return records

    def _edition_document(self) -> Document | None:
        path = self.folder / "edition.yaml"
        if not os.path.lexists(path):
            years = sorted(p.name for p in (self.sources / "editions").glob("*")
                           if (p / "edition.yaml").is_file())
            self.problems.error(self.problems.where(path), f"there is no edition {self.year}; "
                                f"editions: {', '.join(years) or 'none yet'}", "edition.missing")
            return None
        return self._read(path)

    def _edition(self, document: Document | None, languages: tuple[str, ...]) -> _Record | None:
        data = self._check(document, "edition", EDITION, languages)
        if data and data.get("year") not in (None, self.year):
            self.problems.error(self.problems.where(document.path, *document.mark(("year",))),
                                f"year: {data['year']} does not match the folder "
                                f"editions/{self.year}", "edition.year")
        return _Record(data, document) if data is not None else None

    def _stable_action(self, action_id: str, languages: tuple) -> _Record | None:
        path = self.sources / "actions" / f"{action_id}.yaml"
        record = self._one(path, "action", ACTION, languages)
        value = record.document.value if record and isinstance(record.document.value, dict) \
            else None
        if value is not None and ("country" in value) == ("region" in value):
            self.problems.error(self.problems.where(path, 1, 1), "give either 'country' (ISO "
                                "3166 code) or 'region' (a text), not both or neither",
                                "action.country-or-region")
        elif value is not None and ("region" in value) != ("covers" in value):
            at = ("covers",) if "covers" in value else ("region",)
            self.problems.error(self.problems.where(path, *record.document.key_mark(at)),
                                "a region Action lists the countries it covers, for its map "
                                "(covers: [ISO 3166 codes]); a country Action does not",
                                "action.covers")
        return record

    def _peek(self, path: Path) -> _Record:
        """An Action's own languages, before its record is checked (they decide which
        translations its texts need)."""
        document = read_yaml(path, Problems(self.root), self.sources)
        value = document.value if document and isinstance(document.value, dict) else {}
        return _Record({"languages": _codes(value.get("languages"), self.known)}, document)

    def _image_languages(self, plan: "_EditionPlan", yearly: dict, reading: dict) -> dict:
        needed: dict[str, tuple] = {}
        if plan.cover:
            needed[plan.cover] = plan.languages
        for action_id, record in yearly.items():
            for image in record.data.get("images") or ():
                needed[image] = tuple(dict.fromkeys(needed.get(image, ()) + reading[action_id]))
        return {image: needed.get(image, plan.languages)
                for image in self._listing(self.folder / "images")} | needed

    def _themes(self, stable: dict, reading: dict) -> dict[str, _Record]:
        needed: dict[str, tuple] = {}
        for action_id, record in stable.items():
            theme = record.data.get("theme") if record else None
            if isinstance(theme, str):
                needed[theme] = tuple(dict.fromkeys(needed.get(theme, ()) + reading[action_id]))
        return {theme: record for theme, languages in sorted(needed.items())
                if os.path.lexists(self.sources / "themes" / f"{theme}.yaml")
                and (record := self._one(self.sources / "themes" / f"{theme}.yaml", "theme",
                                         THEME, languages))}

    def _countries(self, stable: dict) -> dict[str, _Record]:
        """The programme's own style for the countries the documents name, where it has one."""
        codes = sorted({c for r in stable.values() if r for c in named_by(r.data)})
        return {code: record for code in codes
                if os.path.lexists(self.sources / "countries" / f"{code}.yaml")
                and (record := self._one(self.sources / "countries" / f"{code}.yaml",
                                         "country", COUNTRY, ()))}

    def _mismatch(self, path: Path, document: Document, given) -> None:
        self.problems.error(self.problems.where(path, *document.mark(("id",))),
                            f"id: '{given}' differs from the file name '{path.stem}.yaml'",
                            "record.id-mismatch")

    @staticmethod
    def _listing(folder: Path) -> set[str]:
        return {path.stem for path in _records(folder, ".yaml")}

    # ---------------------------------------------------------------- between records

    def _cross_check(self, yearly: dict) -> None:
        """Every reference names a record that exists; a file that could not be read still
        names its record, so its uses get no second error."""
        known = {"action": self._listing(self.folder / "actions"),
                 "image": self._listing(self.folder / "images"),
                 "theme": self._listing(self.sources / "themes"),
                 "language": set(self.known)}
        for checker in self.checkers:
            for kind, ref, at in checker.references:
                if ref not in known[kind]:
                    near = difflib.get_close_matches(ref, sorted(known[kind]), n=1)
                    hint = f"; did you mean '{near[0]}'?" if near else ""
                    checker.error(at, f"unknown {kind} '{shown(ref)}'{hint}",
                                  f"reference.unknown-{kind}")
        for action_id in yearly:
            path = self.sources / "actions" / f"{action_id}.yaml"
            if not os.path.lexists(path):
                self.problems.error(self.problems.where(self.folder / "actions" /
                                                        f"{action_id}.yaml", 1, 1),
                                    f"no Action record sources/actions/{action_id}.yaml for "
                                    "this Action's year", "reference.unknown-action")

    # ---------------------------------------------------------------- assembling

    def _result(self, programme, edition, yearly, stable, images, themes, countries,
                languages) -> Review:
        found = tuple(sorted(self.problems.found))
        translations = tuple(t for checker in self.checkers for t in checker.translations)
        if any(p.level == "error" for p in found):
            return Review(None, found, translations)
        where = self.problems.where
        used = [a for achievement in edition.data["achievements"] for a in achievement["actions"]]
        used += list(edition.data.get("factsheets") or ())
        sources = Sources(
            root=self.root,
            programme=_programme(programme.data),
            edition=_edition(edition.data, where(edition.document.path)),
            actions=tuple(_action(stable[a].data, yearly[a].data, where(stable[a].document.path),
                                  where(yearly[a].document.path))
                          for a in sorted(dict.fromkeys(used))),
            # An image's problems are told at its `file:` line.
            images=tuple(_image(r.data, where(r.document.path, *r.document.mark(("file",))))
                         for r in images.values()),
            languages=tuple(Language(code, r.data["locale"], where(r.document.path),
                                     r.data.get("digits") or "western")
                            for code, r in languages.items()),
            themes=tuple(Theme(t, r.data["label"], where(r.document.path))
                         for t, r in themes.items()),
            countries=tuple(_country(r.data, where(r.document.path))
                            for r in countries.values()),
            files=tuple(where(path).path for path in dict.fromkeys(self.files)),
            warnings=found,
        )
        return Review(sources, found, translations)


def _programme(data: dict) -> Programme:
    who = data.get("implementer")
    return Programme(data["id"], data["name"], Colours(**data["colours"]), data.get("full_name"),
                     tuple(Funder(f["name"], f["emblem"], f["statement"], f["disclaimer"])
                           for f in data.get("funders") or ()),
                     who and Implementer(who["name"], who.get("acronym"), who.get("web")))


def _edition(data: dict, source: Location) -> Edition:
    contact = data.get("contact") or {}
    return Edition(
        year=data["year"], published=data["published"], languages=tuple(data["languages"]),
        title=data["title"], introduction=data["introduction"], about=data["about"],
        contact=Contact(contact.get("web"), contact.get("email"),
                        tuple(Social(s["network"], s.get("handle"))
                              for s in contact.get("social") or ())),
        cover_image=data["cover_image"],
        achievements=tuple(Achievement(a["heading"], a["text"], tuple(a["actions"]), a.get("image"))
                           for a in data["achievements"]),
        factsheets=tuple(data.get("factsheets") or ()),
        outlook_heading=data["outlook"]["heading"], outlook_text=data["outlook"]["text"],
        closing=data["closing"], source=source, outlook_image=data["outlook"].get("image"))


def _action(own: dict, year: dict, source: Location, year_source: Location) -> Action:
    milestones = []
    for m in year.get("milestones") or ():
        start, precision = m["date"]
        until = m["until"][0] if m.get("until") else None
        milestones.append(Milestone(start, m["text"], precision, until))
    return Action(
        id=own["id"], theme=own["theme"], status=year["status"], summary=year["summary"],
        activities=year["activities"], results=year["results"], images=tuple(year["images"]),
        source=source, year_source=year_source, country=own.get("country"),
        region=own.get("region"), covers=tuple(own.get("covers") or ()),
        coverage=year.get("coverage"),
        partners=tuple(Partner(p["name"], p.get("acronym")) for p in year.get("partners") or ()),
        milestones=tuple(milestones), languages=tuple(own.get("languages") or ()))


def _image(data: dict, source: Location) -> ImageRecord:
    return ImageRecord(
        id=data["id"], file=data["file"], caption=data["caption"], credit=data["credit"],
        alt=data["alt"], licence=data.get("licence"), source=source)


def _country(data: dict, source: Location) -> Country:
    desk = data.get("desk") or {}
    return Country(data["id"], data.get("name") or Text(()), tuple(desk.get("languages") or ()),
                   desk.get("paper"), source, tuple(desk.get("locales") or ()))
