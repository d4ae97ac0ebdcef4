"""Stage 1: read every source record, check it, cross-check the records, assemble them.

Every problem of every file is collected, then the stage stops once with all of them.
Reading is reader.py's, the record schemas are schema.py's, checking a record is checks.py's;
this module puts them together into the frozen records later stages use.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from .checks import Checker
from .model import (Achievement, Action, Colours, Edition, ImageRecord, Milestone, Partner,
                    Programme, Sources)
from .problems import Location, PipelineError, Problem, Problems
from .reader import Document, read_yaml
from .schema import ACTION, EDITION, IMAGE, LANGUAGE_NAMES, PROGRAMME


@dataclass(frozen=True)
class Review:
    """What checking the sources found: the records if usable, every problem, every text."""

    sources: Sources | None
    problems: tuple[Problem, ...]
    translations: tuple[tuple[str, str, str, bool], ...]  # (record kind, field, language, given)


def read_sources(root: Path, year: int, draft: bool = False) -> Sources:
    """Read and check every record; raise PipelineError with all problems if any is an error.

    In a draft, a missing translation is a warning and the text falls back to the first
    language; the warnings travel with the returned sources."""
    review = review_sources(root, year, draft)
    if review.sources is None:
        raise PipelineError(review.problems)
    return review.sources


def review_sources(root: Path, year: int, draft: bool = False) -> Review:
    problems = Problems(root)
    folder = root / "sources"
    programme_doc = _read(folder / "programme.yaml", problems)
    checking = _Checking(problems, _languages(programme_doc), root / "assets", draft)
    programme = checking.check(programme_doc, "programme", PROGRAMME)
    edition_doc = _read(folder / "editions" / f"{year}.yaml", problems)
    edition = checking.check(edition_doc, "edition", EDITION)
    if edition and edition.get("year") not in (None, year):
        problems.error(problems.where(edition_doc.path, *edition_doc.mark(("year",))),
                       f"year: {edition['year']} does not match the file name {year}.yaml",
                       "edition.year")
    actions = _check_folder(folder / "actions", "action", ACTION, checking.check, problems)
    images = _check_folder(folder / "images", "image", IMAGE, checking.check, problems)
    # A file that could not be read still names its record: no second error for each use.
    checking.cross_check({"action": set(actions) | _stems(folder / "actions"),
                          "image": set(images) | _stems(folder / "images")})
    _country_or_region(actions, problems)

    found = tuple(sorted(problems.found))
    translations = tuple(t for checker in checking.checkers for t in checker.translations)
    if any(p.level == "error" for p in found):
        return Review(None, found, translations)
    sources = Sources(
        root=root,
        programme=_programme(programme),
        edition=_edition(edition, problems.where(edition_doc.path)),
        actions=tuple(_action(data, problems.where(doc.path)) for data, doc in actions.values()),
        images=tuple(_image(data, problems.where(doc.path)) for data, doc in images.values()),
        warnings=found,
    )
    return Review(sources, found, translations)


def _languages(programme: Document | None) -> tuple[str, ...]:
    """The programme's languages, or every known one while the programme is unreadable."""
    languages = tuple(programme.value.get("languages") or ()) \
        if programme and isinstance(programme.value, dict) else ()
    if not languages or not all(code in LANGUAGE_NAMES for code in languages):
        languages = tuple(LANGUAGE_NAMES)
    return languages


class _Checking:
    """One Checker per document, with the same languages and settings; then the references
    between the records they saw."""

    def __init__(self, problems: Problems, languages: tuple[str, ...], assets: Path, draft: bool):
        self.problems, self.languages, self.assets, self.draft = problems, languages, assets, draft
        self.checkers: list[Checker] = []

    def check(self, document: Document | None, kind: str, schema: dict) -> dict | None:
        if document is None:
            return None
        checker = Checker(document, kind, self.problems, self.languages, self.assets, self.draft)
        self.checkers.append(checker)
        return checker.record(document.value, schema)

    def cross_check(self, known: dict[str, set[str]]) -> None:
        for checker in self.checkers:
            for kind, ref, at in checker.references:
                if ref not in known[kind]:
                    near = difflib.get_close_matches(ref, sorted(known[kind]), n=1)
                    hint = f"; did you mean '{near[0]}'?" if near else ""
                    checker.error(at, f"unknown {kind} '{ref}'{hint}",
                                  f"reference.unknown-{kind}")


def _country_or_region(actions: dict, problems: Problems) -> None:
    for _, document in actions.values():
        if isinstance(document.value, dict) and \
                ("country" in document.value) == ("region" in document.value):
            problems.error(problems.where(document.path, 1, 1), "give either 'country' (ISO "
                           "3166 code) or 'region' (a text), not both or neither",
                           "action.country-or-region")


def _read(path: Path, problems: Problems) -> Document | None:
    if not path.is_file():
        problems.error(problems.where(path), "file is missing", "source.missing-file")
        return None
    return read_yaml(path, problems)


def _stems(folder: Path) -> set[str]:
    return {path.stem for path in folder.glob("*.yaml")}


def _check_folder(folder: Path, kind: str, schema: dict, check, problems: Problems) -> dict:
    """Check each record file of a folder; ids must match file names and be unique."""
    records: dict[str, tuple[dict, Document]] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        document = _read(path, problems)
        data = check(document, kind, schema)
        if not data or not data.get("id"):
            continue
        record_id = data["id"]
        if record_id != path.stem:
            problems.error(problems.where(path, *document.mark(("id",))),
                           f"id: '{record_id}' differs from the file name '{path.stem}.yaml'",
                           "record.id-mismatch")
        if record_id in records:
            problems.error(problems.where(path, *document.mark(("id",))),
                           f"id: '{record_id}' is already used by "
                           f"{problems.where(records[record_id][1].path).path}",
                           "record.duplicate-id")
            continue
        records[record_id] = (data, document)
    return records


def _programme(data: dict) -> Programme:
    contact = data.get("contact") or {}
    return Programme(
        id=data["id"], name=data["name"], description=data["description"],
        languages=data["languages"], colours=Colours(**data["colours"]),
        social=tuple(s["network"] for s in contact.get("social") or ()),
        web=contact.get("web"), email=contact.get("email"))


def _edition(data: dict, source: Location) -> Edition:
    return Edition(
        year=data["year"], published=data["published"], title=data["title"],
        introduction=data["introduction"], cover_image=data["cover_image"],
        achievements=tuple(Achievement(a["heading"], a["text"], tuple(a["actions"]))
                           for a in data["achievements"]),
        outlook_heading=data["outlook"]["heading"], outlook_text=data["outlook"]["text"],
        closing=data["closing"], source=source)


def _action(data: dict, source: Location) -> Action:
    milestones = []
    for m in data.get("milestones") or ():
        start, precision = m["date"]
        until = m["until"][0] if m.get("until") else None
        milestones.append(Milestone(start, m["text"], precision, until))
    return Action(
        id=data["id"], theme=data["theme"], status=data["status"], summary=data["summary"],
        activities=data["activities"], results=data["results"], images=tuple(data["images"]),
        source=source, country=data.get("country"), region=data.get("region"),
        coverage=data.get("coverage"),
        partners=tuple(Partner(p["name"], p.get("acronym")) for p in data.get("partners") or ()),
        milestones=tuple(milestones))


def _image(data: dict, source: Location) -> ImageRecord:
    return ImageRecord(
        id=data["id"], file=data["file"], caption=data["caption"], credit=data["credit"],
        alt=data["alt"], licence=data.get("licence"), source=source)
