"""Translation status: every source text and every layout word, per language: complete,
missing or outdated (its source text changed since it was translated)."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import read_po, write_po

from .sources import fingerprints, glossary
from .sources.checks import language_name, outdated_message
from .config import Settings
from .files import remembered, write_atomically
from .problems import Location, Problem, Problems
from .render import SOURCE_LANGUAGE, Layouts, catalog_of, missing_catalogs
from .sources.assemble import review_sources

RECORD_KINDS = ("programme", "edition", "action-year", "action", "image", "theme")
PIPELINE = Path(__file__).resolve().parent
CALLS = re.compile(rb"\b(?:_|gettext|N_|say)\(")


@dataclass(frozen=True)
class CatalogState:
    language: str
    total: int
    untranslated: tuple[str, ...]
    fuzzy: tuple[str, ...]
    exists: bool = True
    lines: tuple[tuple[str, int], ...] = ()  # (word, its line in the catalog) for those listed


@dataclass(frozen=True)
class Completeness:
    languages: tuple[str, ...]
    given: Counter  # (record kind, language) -> texts given
    missing: Counter  # (record kind, language) -> texts missing
    catalogs: tuple[CatalogState, ...]
    missing_lines: tuple[str, ...]
    layouts: Path = Path("layouts")  # where the catalogs are, for their located lines
    # (record kind, language) -> texts whose source text changed since they were translated
    outdated: Counter = field(default_factory=Counter)
    untracked: int = 0  # translations made from no recorded source text (before fingerprints)
    terms: tuple[str, ...] = ()  # warnings: a translation without the glossary's agreed term

    @property
    def complete(self) -> bool:
        return not sum(self.missing.values()) and not sum(self.outdated.values()) and all(
            c.exists and not c.untranslated and not c.fuzzy for c in self.catalogs)


def completeness(settings: Settings) -> Completeness:
    # Reviewed as a draft, so that every missing text is listed, not only the first file's.
    review = review_sources(settings.project, settings.year, draft=True)
    given, missing, outdated = Counter(), Counter(), Counter()
    for state in review.translations:
        (missing if state.status == "missing" else given)[(state.kind, state.language)] += 1
        outdated[(state.kind, state.language)] += state.status == "outdated"
    languages = tuple(dict.fromkeys(state.language for state in review.translations))
    lines = [str(p) for p in review.problems if p.code == "translation.missing"]
    lines += [str(Problem(state.location,
                          f"{state.field}.{state.language}: {outdated_message(state)}",
                          "translation.outdated"))
              for state in review.translations if state.status == "outdated"]
    # Every declared language's catalog, used by this edition or not: a translator can start
    # on the layout words before the first document in that language.
    declared = sorted(p.stem for p in (settings.project / "sources/languages").glob("*.yaml"))
    languages += tuple(code for code in declared if code not in languages)
    wanted = layout_words(settings.layouts)
    catalogs = tuple(catalog_state(settings.layouts, language, wanted) for language in languages
                     if language != SOURCE_LANGUAGE)
    untracked = sum(state.status == "untracked" for state in review.translations)
    return Completeness(languages, given, missing, catalogs, tuple(sorted(lines)),
                        settings.layouts, +outdated, untracked,
                        _term_warnings(settings, review.translations))


def _term_warnings(settings: Settings, states) -> tuple[str, ...]:
    problems = Problems(settings.project)
    found = []
    for language in sorted({s.language for s in states}):
        terms = glossary.load(settings.project / "sources", language, problems)
        found += glossary.unused_terms(terms, [s for s in states if s.language == language
                                               and s.language != s.source_language])
    return tuple(str(p) for p in sorted(problems.found + found))


def record_untracked(settings: Settings) -> list[str]:
    """`translations --record`: each translation made from no recorded source text is taken
    as made from the source text as it is now (the migration of records written before
    fingerprints; never an outdated one, which stays outdated until translated again)."""
    review = review_sources(settings.project, settings.year, draft=True)
    made: dict[str, dict] = {}
    for state in review.translations:
        if state.status == "untracked":
            made.setdefault(state.language, {})[(state.record, state.field)] = state.source
    written = []
    for language, entries in sorted(made.items()):
        path = fingerprints.record(settings.project / "sources", language, entries)
        if path:
            written.append(f"{path.relative_to(settings.project).as_posix()}: "
                           f"{len(entries)} {language_name(language)} translations recorded")
    return written


def catalog_problems(layouts: Path, languages, draft: bool = False,
                     cache: Path | None = None) -> list[Problem]:
    """The layout words a document would print in English: a language without its catalog,
    a word without a translation or with a fuzzy one (a guess nobody reviewed). A draft
    prints them and warns. `cache`: where the words found are remembered (the build's)."""
    problems = missing_catalogs(Layouts(layouts), languages)
    level = "warning" if draft else "error"
    wanted = layout_words(layouts, cache)  # once: the extraction reads every template and module
    for language in sorted(set(languages) - {SOURCE_LANGUAGE}):
        problems += word_problems(layouts, catalog_state(layouts, language, wanted), level)
    return problems


def word_problems(layouts: Path, state: CatalogState, level: str = "error") -> list[Problem]:
    """One located line per word of a catalog without a translation, or with a fuzzy one."""
    if not state.exists:
        return []
    where = catalog_of(Layouts(layouts), state.language).relative_to(layouts.parent).as_posix()
    name, lines = language_name(state.language), dict(state.lines)
    return [Problem(Location(where, lines.get(word, 0)), f"'{word}' has no {name} translation; "
                    "the layout would print it in English", "layout.missing-word", level)
            for word in state.untranslated] + \
        [Problem(Location(where, lines.get(word, 0)), f"'{word}': the {name} translation is "
                 "marked fuzzy (a guess); review it and remove the flag", "layout.fuzzy-word",
                 level) for word in state.fuzzy]


def layout_words(layouts: Path, cache: Path | None = None) -> list[str]:
    """Every layout word as the templates and the pipeline use them now (not a stale .pot);
    extracted again only when one of those files changed (the preview asks at every save),
    and in a new process read back from `cache` when none did."""
    files = sorted([*layouts.glob("**/*.html"), *PIPELINE.rglob("*.py")])
    return list(_extracted(layouts, tuple((str(f), (s := f.stat()).st_size, s.st_mtime_ns)
                                          for f in files), cache))


@lru_cache(maxsize=1)
def _extracted(layouts: Path, files: tuple, cache: Path | None) -> tuple[str, ...]:
    return tuple(remembered(cache, "layout-words", [Path(f) for f, _, _ in files],
                            lambda: _extract(layouts)))


def _extract(layouts: Path) -> list[str]:
    keywords = {"_": None, "gettext": None, "N_": None, "say": None}
    found = set()
    for _, _, message, _, _ in extract_from_dir(
            layouts, [("**.html", "jinja2.ext:babel_extract")],
            {"**.html": {"extensions": "jinja2.ext.i18n"}}, keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    for module in sorted(PIPELINE.rglob("*.py")):
        text = module.read_bytes()
        # Parsing every module is most of the time; only those that call a keyword can hold one.
        if not CALLS.search(text):
            continue
        for _, message, _, _ in extract("python", io.BytesIO(text), keywords=keywords):
            found.add(message if isinstance(message, str) else message[0])
    return sorted(found)


def catalog_state(layouts: Path, language: str, wanted: list[str] | None = None) -> CatalogState:
    """The layout words of one language: which have no translation, which are fuzzy."""
    wanted = layout_words(layouts) if wanted is None else wanted
    po = catalog_of(Layouts(layouts), language)
    catalog = {}
    if po.exists():
        with po.open("rb") as handle:
            catalog = {m.id: m for m in read_po(handle) if m.id}
    untranslated = tuple(i for i in wanted if i not in catalog or not catalog[i].string)
    fuzzy = tuple(i for i in wanted if i in catalog and catalog[i].string and catalog[i].fuzzy)
    lines = tuple((i, catalog[i].lineno) for i in untranslated + fuzzy if i in catalog)
    return CatalogState(language, len(wanted), untranslated, fuzzy, po.exists(), lines)


def update_catalogs(layouts: Path, languages: list[str]) -> list[Path]:
    """`make catalogs`: the layout words into layouts/locale/layout.pot, and each language's
    catalog brought up to date with them (started where there is none; words no template uses
    any more are dropped). A catalog whose words did not change is left as it is."""
    template = Catalog(project="MIEUX layouts", version="1", copyright_holder="MIEUX",
                       msgid_bugs_address="publications team", fuzzy=False)
    for word in layout_words(layouts):
        template.add(word, flags=("python-format",) if "%(" in word else ())
    written = []
    pot = layouts / "locale" / "layout.pot"
    if _written_if_changed(pot, template, _messages(_read(pot)) if pot.exists() else None):
        written.append(pot)
    for language in languages:
        po = catalog_of(Layouts(layouts), language)
        before = _read(po, language) if po.exists() else None
        catalog = before or Catalog(locale=language, project="MIEUX layouts", version="1",
                                    msgid_bugs_address="publications team", fuzzy=False)
        known = _messages(before) if before else None
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if _written_if_changed(po, catalog, known):
            written.append(po)
    return written


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _messages(catalog: Catalog) -> list:
    return sorted((str(m.id), str(m.string or ""), sorted(m.flags)) for m in catalog if m.id)


def _written_if_changed(path: Path, catalog: Catalog, known) -> bool:
    if known is not None and _messages(catalog) == known:
        return False
    buffer = io.BytesIO()
    write_po(buffer, catalog, no_location=True, sort_output=True, width=100)
    write_atomically(path, buffer.getvalue())
    return True


def report(state: Completeness) -> str:
    """The table `make translations` prints."""
    width, cell = 18, 24
    rows = [f"{'':<{width}}" + "".join(f"{lang:>{cell}}" for lang in state.languages)]
    for kind in RECORD_KINDS:
        cells = [_texts_cell(state, kind, language) for language in state.languages]
        if any(cells):
            rows.append(f"{kind + ' texts':<{width}}" + "".join(f"{c:>{cell}}" for c in cells))
    catalogs = {catalog.language: catalog for catalog in state.catalogs}
    rows.append(f"{'layout words':<{width}}" + "".join(
        f"{_catalog_cell(catalogs.get(language)):>{cell}}" for language in state.languages))
    for catalog in state.catalogs:
        folder = f"layouts/locale/{catalog.language}"
        if not catalog.exists:
            rows.append(f"{folder}: no catalog; `make catalogs` starts it")
        rows += [str(p) for p in word_problems(state.layouts, catalog)]
    rows += state.missing_lines + state.terms
    if state.untracked:
        rows.append(f"{state.untracked} translations have no record of the source text they "
                    "were made from (written before fingerprints): `python -m pipeline "
                    "translations --record` records them as made from today's")
    rows.append("complete: every text in every language" if state.complete else
                "incomplete: translations are missing or outdated (listed above)")
    return "\n".join(rows)


def _texts_cell(state: Completeness, kind: str, language: str) -> str:
    given, missing = state.given[(kind, language)], state.missing[(kind, language)]
    outdated = state.outdated[(kind, language)]
    if not given + missing:
        return ""
    notes = [f"{n} {what}" for n, what in ((missing, "missing"), (outdated, "outdated")) if n]
    return f"{given - outdated}/{given + missing}" + (f" ({', '.join(notes)})" if notes else "")


def _catalog_cell(catalog: CatalogState | None) -> str:
    if catalog is None:
        return "source"
    if not catalog.exists:
        return "no catalog"
    return f"{catalog.total - len(catalog.untranslated) - len(catalog.fuzzy)}/{catalog.total}"
