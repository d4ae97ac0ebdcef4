"""Translation kits: an edition's texts a language lacks or has outdated, as XLIFF 1.2 or PO,
for a translator's own tools (Poedit, Weblate, memoQ, Trados, Phrase).

One unit per text: a stable id (the record's path under sources/ and the field), the English,
the translation if there is one (with its state: `needs-review-translation` when the English
changed since), a note with the field's purpose and its character budget (for a factsheet's
texts, the characters that still fit, from the copyfit model), and, for an outdated
text, the English it was translated from, so the tool shows what changed.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, write_po
from lxml import etree

from . import designs
from .sources import glossary, markup
from .config import Settings
from .files import write_atomically
from .sources.fingerprints import TextState
from .kinds import FACTSHEET
from .problems import Location, PipelineError, Problem, Problems, shown
from .profiles import PAPERS
from .render import Layouts, Words
from .sources.assemble import review_sources

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
FORMATS = {"xliff": ".xlf", "po": ".po"}
# What each field is for, as a translator needs to know it (by its name without indices).
PURPOSES = {
    "title": "the edition's title, on the cover",
    "introduction": "the report's introduction",
    "about": "what the programme is, on the report's about page",
    "achievements.heading": "a chapter's heading in the report",
    "achievements.text": "a chapter's text in the report",
    "outlook.heading": "the heading of the report's outlook",
    "outlook.text": "the report's outlook",
    "closing": "the report's closing words",
    "summary": "the Action in brief: the first paragraph of its factsheet",
    "activities": "what was done, on the Action's factsheet",
    "results": "what it leads to, on the Action's factsheet",
    "coverage": "where the Action works, on its factsheet",
    "partners.name": "a partner institution's name, on the Action's factsheet",
    "milestones.text": "a dated milestone, on the Action's factsheet",
    "region": "the region a regional Action covers",
    "label": "a theme's name",
    "caption": "an image's caption",
    "credit": "who made an image, after its caption",
    "alt": "the image described for readers who cannot see it (read aloud)",
    "funders.name": "the funder's name",
    "funders.statement": "the words beside the funder's emblem",
    "funders.disclaimer": "the funder's disclaimer, on every document",
    "implementer.name": "the implementing organisation's name",
}
# A line break inside a paragraph is a space to a reader: the kit shows paragraphs whole.
SOFT_BREAK = re.compile(r"(?<![\n\\])\n(?![\n]|[-*] |\d+\. )")


def unwrapped(text: str) -> str:
    return SOFT_BREAK.sub(" ", text.strip())


@dataclass(frozen=True)
class Unit:
    """One text to translate."""

    id: str  # <record under sources/>#<field>
    source: str
    target: str | None
    state: str  # new, needs-review-translation, translated
    note: str
    max_length: int
    previous: str | None = None  # the English the current translation was made from
    terms: str = ""  # the glossary's terms the English uses, and their agreed translations


@dataclass(frozen=True)
class Kit:
    year: int
    language: str
    source_language: str
    units: tuple[Unit, ...]
    published: datetime.date


def unit_id(state: TextState) -> str:
    return f"{state.record}#{state.field}"


def make_kit(settings: Settings, language: str, everything: bool = False) -> Kit:
    """The edition's texts missing or outdated in `language` (every text, `everything`)."""
    review = review_sources(settings.project, settings.year, draft=True)
    if review.sources is None:
        raise PipelineError([p for p in review.problems if p.level == "error"])
    translated = sorted({s.language for s in review.translations} - {s.source_language for s in
                                                                     review.translations})
    if language not in translated:
        raise PipelineError([Problem(Location("LANG"), f"{shown(language)}: edition "
                                     f"{settings.year} has no text to translate into it; choose "
                                     f"one of: {', '.join(translated)}", "settings.language")])
    wanted = ("missing", "outdated") + (("current", "untracked") if everything else ())
    terms = glossary.load(settings.project / "sources", language, Problems(settings.project))
    units = {}
    room = _room(review.sources, settings, language)
    for state in review.translations:
        if state.language == language != state.source_language and state.source is not None \
                and state.status in wanted:
            units.setdefault(unit_id(state), _unit(state, terms, room(state)))
    edition = review.sources.edition
    return Kit(settings.year, language, edition.languages[0], tuple(units.values()),
               edition.published)


PAPER = PAPERS["a4"]  # the paper the kit's room is told on


def _room(sources, settings: Settings, language: str):
    """For a text, how many more characters of it fit in `language` where its factsheet
    prints it, and in which design (the copyfit model: designs.room, on A4, the language's
    translation as it is now or the English where it has none); None for a text the model
    does not measure (its schema's max_length is the budget)."""
    layouts = Layouts(settings.layouts)
    say = functools.cache(lambda code: Words.of(sources, code, layouts))
    actions = {a.year_source.path: a for a in sources.actions
               if a.id in sources.edition.factsheets}
    sheet, chosen = designs.Sheet.of(PAPER), {}

    def room(state: TextState) -> tuple[int, str] | None:
        action = actions.get(f"sources/{state.record}")
        if state.kind != "action-year" or action is None or state.field not in designs.TEXTS:
            return None
        if action.id not in chosen:
            around = designs.around_of(sources, action, say)
            chosen[action.id] = around, designs.design(
                action, FACTSHEET.languages_of(sources, action), say, around, (sheet,)) \
                or designs.DESIGNS[-1]
        around, design = chosen[action.id]
        return (designs.room(action, say(language), state.field, design, sheet,
                             around(language)), design.name)
    return room


def _unit(state: TextState, terms: tuple[glossary.Term, ...],
          room: tuple[int, str] | None = None) -> Unit:
    kind = re.sub(r"\[\d+\]", "", state.field)
    purpose = PURPOSES.get(kind) or PURPOSES.get(kind.rsplit(".", 1)[-1], kind)
    length = len(markup.plain(state.source))
    note = f"{purpose[0].upper()}{purpose[1:]}."
    if room is not None:
        note += (f" About {room[0]} more characters fit where it is printed (the factsheet's "
                 f"{room[1]} design, {PAPER.name.upper()}); the English has {length}.")
    elif state.max_length:
        note += (f" At most {state.max_length} characters fit where it is printed (the English "
                 f"has {length}).")
    note += (" A name: plain text, no formatting." if state.label else
             " Keep the English's formatting: *emphasis*, **strong**, [text](link), paragraphs.")
    state_name = {"missing": "new", "outdated": "needs-review-translation"}.get(state.status,
                                                                               "translated")
    used = "; ".join(str(term) for term in glossary.terms_for(terms, state))
    return Unit(unit_id(state), unwrapped(state.source),
                unwrapped(state.translation) if state.translation else None, state_name,
                note, state.max_length, unwrapped(state.previous) if state.previous else None,
                f"Glossary: {used}." if used else "")


def write_kit(settings: Settings, language: str, form: str = "xliff",
              everything: bool = False) -> tuple[Path, Kit]:
    """`make translation-kit`: build/<year>/translation/<year>-<lang>.xlf (or .po)."""
    kit = make_kit(settings, language, everything)
    path = settings.build / str(settings.year) / "translation" / \
        f"{settings.year}-{language}{FORMATS[form]}"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, xliff(kit) if form == "xliff" else po(kit))
    return path, kit


def xliff(kit: Kit) -> bytes:
    """XLIFF 1.2, the version every CAT tool reads; byte-identical for the same texts."""
    root = etree.Element(f"{{{XLIFF}}}xliff", nsmap={None: XLIFF}, version="1.2")
    file = etree.SubElement(root, f"{{{XLIFF}}}file", {
        "original": f"mieux-{kit.year}", "datatype": "plaintext",
        "source-language": kit.source_language, "target-language": kit.language})
    body = etree.SubElement(file, f"{{{XLIFF}}}body")
    for unit in kit.units:
        element = etree.SubElement(body, f"{{{XLIFF}}}trans-unit", {
            "id": unit.id, "resname": unit.id,
            "{http://www.w3.org/XML/1998/namespace}space": "preserve"})
        if unit.max_length:
            element.set("maxwidth", str(unit.max_length))
            element.set("size-unit", "char")
        _text(element, "source", unit.source)
        if unit.target is not None:
            _text(element, "target", unit.target).set("state", unit.state)
        _text(element, "note", unit.note)
        if unit.terms:
            _text(element, "note", unit.terms).set("from", "glossary")
        if unit.previous is not None:
            # The English and translation as they were: the tool shows what changed.
            alternative = etree.SubElement(element, f"{{{XLIFF}}}alt-trans",
                                           alttranstype="previous-version")
            _text(alternative, "source", unit.previous)
            _text(alternative, "target", unit.target or "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text(parent, name: str, text: str):
    element = etree.SubElement(parent, f"{{{XLIFF}}}{name}")
    element.text = text
    return element


def po(kit: Kit) -> bytes:
    """The same units as a PO file: msgctxt the id, fuzzy and `#| msgid` for outdated."""
    when = datetime.datetime.combine(kit.published, datetime.time(), datetime.timezone.utc)
    catalog = Catalog(locale=kit.language, project=f"MIEUX {kit.year}", version=str(kit.year),
                      msgid_bugs_address="publications team", creation_date=when,
                      revision_date=when, fuzzy=False, copyright_holder="MIEUX",
                      header_comment=f"# Translation kit of the MIEUX {kit.year} edition, "
                      f"{kit.source_language} to {kit.language}: made by `make translation-kit`,"
                      "\n# returned with `make import-translations FILE=<this file>`.")
    for unit in kit.units:
        catalog.add(unit.source, unit.target or "", context=unit.id,
                    auto_comments=[unit.note] + ([unit.terms] if unit.terms else []),
                    flags=("fuzzy",) if unit.state == "needs-review-translation" else ())
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0)
    text = buffer.getvalue().decode("utf-8")
    # The English an outdated translation was made from, as gettext writes it (`#| msgid`);
    # Babel wraps that comment inside its quotes, which gettext and other readers refuse.
    for unit in kit.units:
        if unit.previous is not None:
            context = f"msgctxt {normalize(unit.id, width=0)}\n"
            text = text.replace(context, f"#| msgid {normalize(unit.previous, width=0)}\n"
                                + context, 1)
    return text.encode("utf-8")
