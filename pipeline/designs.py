"""A factsheet's designs, and the copyfit estimate that chooses between them from the records.

The factsheet has a one-page and a two-page design (layouts/css/factsheet.css, the body's
`data-design`). Which one an Action gets is estimated from its records, before any layout:
its texts broken into lines in the fonts' own widths, its partners and milestones counted,
against the heights the stylesheet gives each part. `make check` and the build run the same
estimate, so what check passes, the build fits; an Action too long for the largest design is
refused by both, at the field where its text passes the last page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from .fonts import SANS, SANS_BOLD, SANS_MEDIUM, SANS_SEMIBOLD, SERIF
from .fonts import lines as _lines, width as _width
from .key_figures import action_figures
from .sources.markup import plain
from .problems import Location, Problem, Problems
from .profiles import PAPERS
from .sources.reader import read_yaml


@dataclass(frozen=True)
class Design:
    """One of a factsheet's designs (layouts/css/factsheet.css, the body's `data-design`)."""

    name: str
    pages: int


DESIGNS = (Design("one-page", 1), Design("two-page", 2))
PICTURE_MM = 40.0  # the picture's height as first laid out, in every design; it grows into
#                    the white the text leaves (pdf/copyfit.py)


def design(action, languages, say, around=lambda language: Around(),
           sheets: tuple[Sheet, ...] | None = None) -> Design | None:
    """The smallest design every language of an Action fits on the papers (every paper
    unless told), so its factsheets look alike in every language; None when even the largest
    is too short.
    `say(language)` gives the layout's words of a language (render.Words), `around(language)`
    what the factsheet sets around the Action's own texts (around_of)."""
    return next((d for d in DESIGNS
                 if not any(estimate(action, say(language), d, sheet, around(language)).over
                            for language in languages for sheet in sheets or SHEETS)), None)


def refusal(action, languages, say,
            around=lambda language: Around()) -> tuple[str, Estimate] | None:
    """What to cut from an Action too long for every design: the language and estimate of
    the largest design where it runs furthest over."""
    if design(action, languages, say, around):
        return None
    largest = DESIGNS[-1]
    found = [(language, estimate(action, say(language), largest, sheet, around(language)))
             for language in languages for sheet in SHEETS]
    return max(found, key=lambda item: item[1].over)


def refusals(sources, documents, say, draft: bool = False) -> list[Problem]:
    """The Actions too long for every design (`documents`: each Action's id and languages),
    each told at the field where its text passes the last page: what to cut, and about how
    much. A warning in a draft, which writes them with the overflow marked."""
    found = []
    for action_id, languages in documents:
        action = sources.action(action_id)
        refused = refusal(action, languages, say, around_of(sources, action, say))
        if refused is None:
            continue
        language, over = refused
        at = (over.field, language) if over.field in TEXTS else (over.field or "results",)
        found.append(Problem(
            _located(sources, action, at),
            f"{'.'.join(at)}: the factsheet of Action '{action_id}' runs past "
            f"{DESIGNS[-1].pages} pages, its longest design; cut about {over.lines} "
            f"line{'s' if over.lines != 1 else ''} ({over.characters:,} characters) from "
            "this field", "pdf.overflow", "warning" if draft else "error"))
    return found


TEXTS = ("summary", "activities", "results")


def _located(sources, action, at: tuple) -> Location:
    """Where a field is written in the Action's record of the year: a text at its value in
    the language, a list (partners, milestones) at its key."""
    document = read_yaml(sources.root / action.year_source.path, Problems(sources.root))
    line, column = ((document.mark(at) if len(at) == 2 else document.key_mark(at))
                    if document else (0, 0))
    return Location(action.year_source.path, line, column)


@dataclass(frozen=True)
class Around:
    """What a factsheet sets around an Action's own texts, in one language: its picture's
    caption and credit, and the report's chapter that features it."""

    caption: str = ""
    featured: str = ""


def around_of(sources, action, say) -> Callable[[str], Around]:
    """What a factsheet sets around an Action's texts, in each language (`say(language)`:
    its layout words)."""
    image = sources.image(action.images[0])
    chapter = next(((number, achievement) for number, achievement
                    in enumerate(sources.edition.achievements, 1)
                    if action.id in achievement.actions), None)

    def around(language: str) -> Around:
        featured = say(language).say("Achievement %(number)s: %(heading)s", number=chapter[0],
                                     heading=plain(_in(chapter[1].heading, language))) \
            if chapter else ""
        return Around(" ".join(plain(_in(text, language)) for text in (image.caption,
                                                                      image.credit)), featured)
    return around


# The heights below are the stylesheet's (layouts/css/factsheet.css and base.css), in mm; a
# line's height is its `line-height`. Widths of words are the fonts' own advance widths. The
# estimate errs long (no kerning, no hyphenation, a word that would fit with a hyphen goes to
# the next line); tests/test_copyfit.py holds it against WeasyPrint's layout.

PT = 25.4 / 72


MARGIN_SIDE, SIDE_COLUMN, GUTTER, PADDING = 20.0, 52.0, 8.0, 9.0
HEAD, FOOT = 16.0, 38.0  # a following page's top margin (its running head), every page's foot


@dataclass(frozen=True)
class Sheet:
    """A paper as the factsheet uses it, in mm."""

    name: str
    text: float  # the text column's width
    side: float  # the side column's width inside its padding
    full: float  # the type area's width
    first: float  # the first page's height for content (the masthead at its top)
    next: float  # a following page's

    @classmethod
    def of(cls, paper) -> "Sheet":
        full = paper.width_mm - 2 * MARGIN_SIDE
        return cls(paper.name, full - SIDE_COLUMN - GUTTER, SIDE_COLUMN - PADDING, full,
                   paper.height_mm - FOOT, paper.height_mm - HEAD - FOOT)


SHEETS = tuple(Sheet.of(paper) for paper in PAPERS.values())
DETAILS_LABEL = 5 + 3 * PT + 2.5 + 12 * PT + 3  # a second page's heading: rule, line, margins
BREAK_MM = 14.0  # lost where the text runs over to the next page: a heading kept with its
#                  text, a milestone or partner kept whole, widows and orphans


@dataclass(frozen=True)
class Part:
    """A piece of the factsheet as estimated: the editor's field it shows ("" for the
    layout's own), its height, and its line's height and characters a line (what one line
    cut from it saves)."""

    field: str
    height: float
    line: float = 0.0
    per_line: float = 0.0


@dataclass(frozen=True)
class Estimate:
    """A design on a paper in one language: how far over its pages it runs (mm, 0 when it
    fits) and the field where its text passes the last page's foot."""

    over: float
    field: str = ""
    lines: int = 0
    characters: int = 0
    story: float = 0.0  # the text column's height, from the page's top, as estimated
    side: float = 0.0  # the side column's


def estimate(action, words, chosen: Design, sheet: Sheet, around: Around = Around()) -> Estimate:
    """How a design holds an Action in a language (`words`: its layout words) on a paper;
    `around`: what the factsheet sets around the Action's texts."""
    language = words.language
    gettext = words.gettext
    head = _masthead(words.place(action), words.theme(action.theme), sheet)
    side = [Part("", head), *_side(action, words, sheet, chosen.pages == 1, around.featured)]
    story = [Part("", head), *_picture(around.caption, sheet)]
    story.append(_field(action, language, "summary", sheet))
    if chosen.pages == 1:
        story.append(_figures(action, words, sheet.text))
    else:
        side.append(_figures(action, words, sheet.side, aside=True))
    for heading, field in ((gettext("What was done"), "activities"),
                           (gettext("What it leads to"), "results")):
        story.append(Part("", _heading(heading, sheet.text)))
        story.append(_field(action, language, field, sheet))
    if chosen.pages == 1:
        if action.milestones:
            story.append(Part("", _heading(gettext("Milestones"), sheet.text)))
            story.append(_timeline(action, words, sheet.text - 4.5, 1))
    else:  # the partners and milestones follow, across the page, on the second page
        across = (sheet.full - 2 * GUTTER) / 3  # a column of three
        if action.partners:
            story.append(Part("", DETAILS_LABEL))
            story.append(_partners(action, language, across, 3, 8.5, 12))
        if action.milestones:
            story.append(Part("", DETAILS_LABEL))
            story.append(_timeline(action, words, across - 4.5, 3))
    heights = {"story": _sum(story), "side": _sum(side)}
    for parts, capacity in ((side, sheet.first), (story, _story_room(chosen, sheet))):
        if _sum(parts) > capacity:
            return replace(_over(parts, capacity, _sum(parts) - capacity), **heights)
    return Estimate(0.0, **heights)


def room(action, words, field: str, chosen: Design, sheet: Sheet,
         around: Around = Around()) -> int:
    """How many more characters of a text field (summary, activities, results: the text
    column's) fit in a language (`words`: its layout words) before the design runs over its
    pages on a paper: the white left at the text column's foot, in that field's lines, times
    its characters a line. 0 when the column is full or over."""
    left = _story_room(chosen, sheet) - estimate(action, words, chosen, sheet, around).story
    part = _field(action, words.language, field, sheet)
    if left <= 0 or not part.line:
        return 0
    return int(left // part.line * part.per_line)


def _story_room(chosen: Design, sheet: Sheet) -> float:
    """The text column's height in a design: the first page, or both less what a break loses."""
    return sheet.first if chosen.pages == 1 else sheet.first + sheet.next - BREAK_MM


def _field(action, language: str, field: str, sheet: Sheet) -> Part:
    """One of the Action's texts in the text column, as its factsheet sets it."""
    size, leading = (11.9, 16) if field == "summary" else (9.5, 13.5)
    return _text(field, getattr(action, field), language, SERIF, size, leading, sheet.text, 6)


def _over(parts: list[Part], capacity: float, over: float) -> Estimate:
    """Where the text passes `capacity`: the field of that part (or of the nearest field
    before it), and the lines of it that make up `over`."""
    if over <= 0:
        return Estimate(0.0)
    total, at = 0.0, len(parts) - 1
    for index, part in enumerate(parts):
        total += part.height
        if total > capacity:
            at = index
            break
    named = next((p for p in reversed(parts[:at + 1]) if p.field), None) or \
        next((p for p in parts[at:] if p.field), Part("", 0))
    lines = -int(-over // named.line) if named.line else 0
    return Estimate(over, named.field, lines, round(lines * named.per_line))


def _sum(parts: list[Part]) -> float:
    return sum(p.height for p in parts)


def _masthead(place: str, theme: str, sheet: Sheet) -> float:
    title = len(_lines(place, SANS_BOLD, 29, sheet.full))
    themed = len(_lines(theme, SANS_MEDIUM, 11.9, sheet.full))
    return 11 + 12 * PT + 4 + title * 33 * PT + 2 + themed * 15 * PT + 7 + 6


def _picture(caption: str, sheet: Sheet) -> list[Part]:
    """The picture at its first height, and its caption and credit under it."""
    lines = len(_lines(caption, SANS, 7.6, sheet.text - 2.3))
    return [Part("", PICTURE_MM + 3 * PT + 10 * PT * lines + 5)]


def _side(action, words, sheet: Sheet, partners: bool, featured: str) -> list[Part]:
    """The side column: locator and its notes, key facts, partners (one page)."""
    language = words.language
    notes = " ".join(words.gettext(note) for note in MAP_NOTES)
    parts = [Part("", 3 * PT + 36 + 1.5 + len(_lines(notes, SANS, 5.5, sheet.side - 2.3)) * 7 * PT
                  + 4 + 3)]  # rule, map, notes (fine print), padding
    gettext = words.gettext
    fact = (gettext("Coverage"), _in(action.coverage, language)) if action.coverage else \
        (gettext("Region"), words.place(action)) if action.region else None
    facts = [f for f in (fact, (gettext("In the annual report"), featured)) if f and f[1]]
    if facts:  # a heading, then each fact under its label (in capitals, spaced: 5 % wider)
        parts.append(Part("", 3 + 15 * PT + sum(
            (len(_lines(label.upper(), SANS_BOLD, 7.6, sheet.side / 1.05))
             + len(_lines(text, SANS, 8.5, sheet.side))) * 12 * PT + 3 for label, text in facts)))
    if partners and action.partners:
        parts.append(Part("", 1 + 3 + 3.5 + 15 * PT))
        parts.append(_partners(action, language, sheet.side, 1, 8.5, 12))
    return parts


# The notes under every map (layouts/figure.html, map_notes).
MAP_NOTES = ("The boundaries and names shown and the designations used on this map do not "
             "imply official endorsement or acceptance.", "Made with Natural Earth.")


def _text(field: str, text, language: str, face, size: float, leading: float, width: float,
          after: float) -> Part:
    """A field of paragraphs (and list items, set in from the start). Its characters a line
    are its full lines' (a paragraph's last line is short), or, with none, what its own
    characters' mean width gives on the measure."""
    lines, full, paragraphs, words = 0, [], 0, ""
    for paragraph in _paragraphs(_in(text, language)):
        indent = 8 if paragraph[:2] in ("- ", "1.") else 0
        set_lines = _lines(plain(paragraph), face, size, width - indent)
        lines, full, paragraphs = lines + len(set_lines), full + set_lines[:-1], paragraphs + 1
        words += plain(paragraph)
    # The last paragraph's margin collapses into the larger one of what follows.
    height = lines * leading * PT + max(paragraphs - 1, 0) * after * PT
    per_line = (sum(map(len, full)) / len(full) if full else
                len(words) * width / max(_width(words, face, size), 1e-9))
    return Part(field, height, leading * PT, per_line)


def _figures(action, words, measure: float, aside: bool = False) -> Part:
    """The panel of figures: rows of items, each as wide as its value or its label; in the
    side column, one under the other."""
    if aside:
        return Part("", 4 + 2 + 2 + 1 * PT + sum(
            15 * PT + len(_lines(label.upper(), SANS_MEDIUM, 7.6, measure)) * 10 * PT + 2.5
            for _, label in action_figures(action, words)))
    rows, used = 1, 0.0
    for value, label in action_figures(action, words):
        wide = max(_width(value, SANS_BOLD, 11.9), _width(label.upper(), SANS_MEDIUM, 7.6,
                                                          0.05)) + 6
        if used and used + wide > measure:
            rows, used = rows + 1, 0.0
        used += wide
    return Part("", 3 + 2 + 5 + 2 * PT + rows * 25 * PT)


def _heading(text: str, width: float) -> float:
    return 9 * PT + len(_lines(text, SANS_SEMIBOLD, 11.9, width)) * 15 * PT + 4 * PT


def _timeline(action, words, width: float, columns: int) -> Part:
    items = [12 * PT + len(_lines(_in(m.text, words.language), SANS_MEDIUM, 8.5, width)) * 12 * PT
             + 2.5 for m in action.milestones]
    lines = sum(round((h - 2.5) / (12 * PT)) for h in items)
    return Part("milestones", 1 + _columns(items, columns), 12 * PT,
                sum(len(_in(m.text, words.language)) for m in action.milestones) / max(lines, 1))


def _partners(action, language: str, width: float, columns: int, size: float,
              leading: float) -> Part:
    names = [_in(p.name, language) + (f" ({p.acronym})" if p.acronym else "")
             for p in action.partners]
    items = [len(_lines(name, SANS, size, width)) * leading * PT + 1.5 for name in names]
    lines = sum(round((h - 1.5) / (leading * PT)) for h in items)
    return Part("partners", _columns(items, columns), leading * PT,
                sum(map(len, names)) / max(lines, 1))


def _columns(items: list[float], columns: int) -> float:
    """Items kept whole, in order, in balanced columns: the least height at which they fit
    (each column filled in turn, as the layout balances them), plus a line's slack."""
    if columns == 1 or not items:
        return sum(items)
    tallest = max(items)
    for height in sorted({sum(items[start:end]) for start in range(len(items))
                          for end in range(start + 1, len(items) + 1)}):
        if height >= tallest and _packed(items, height) <= columns:
            return height + 12 * PT
    return sum(items)


def _packed(items: list[float], height: float) -> int:
    """How many columns of `height` the items take, filled in order."""
    used, columns = 0.0, 1
    for item in items:
        if used and used + item > height + 0.01:
            columns, used = columns + 1, 0.0
        used += item
    return columns


def _in(text, language: str) -> str:
    """A text in a language, or in its first (a draft shows it in place of a missing one)."""
    return text[language] if language in text.languages else text.translations[0][1]


def _paragraphs(text: str) -> list[str]:
    """Paragraphs and list items of a text in the markup subset."""
    found = []
    for block in text.split("\n\n"):
        items = [line for line in block.splitlines() if line[:2] == "- "
                 or line[:3].rstrip(".").isdigit() and line.lstrip("0123456789")[:2] == ". "]
        found += items if items else [" ".join(block.split())]
    return [p for p in found if p.strip()]




