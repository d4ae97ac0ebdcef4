"""Translation completeness: every source text and every layout word, per language."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from .config import Settings
from .render import CATALOG_DOMAIN
from .sources import review_sources

RECORD_KINDS = ("programme", "edition", "action", "image")
PIPELINE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CatalogState:
    language: str
    total: int
    untranslated: tuple[str, ...]
    fuzzy: tuple[str, ...]


@dataclass(frozen=True)
class Completeness:
    languages: tuple[str, ...]
    given: Counter  # (record kind, language) -> texts given
    missing: Counter  # (record kind, language) -> texts missing
    catalogs: tuple[CatalogState, ...]
    missing_lines: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not sum(self.missing.values()) and all(
            not c.untranslated and not c.fuzzy for c in self.catalogs)


def completeness(settings: Settings) -> Completeness:
    # Reviewed as a draft, so that every missing text is listed, not only the first file's.
    review = review_sources(settings.project, settings.year, draft=True)
    given, missing = Counter(), Counter()
    for kind, _, language, present in review.translations:
        (given if present else missing)[(kind, language)] += 1
    languages = tuple(dict.fromkeys(language for _, _, language, _ in review.translations))
    lines = tuple(str(p) for p in review.problems if p.code == "translation.missing")
    catalogs = tuple(catalog_state(settings.layouts, language) for language in languages[1:])
    return Completeness(languages, given, missing, catalogs, lines)


def layout_words(layouts: Path) -> list[str]:
    """Every layout word as the templates and the pipeline use them now (not a stale .pot)."""
    keywords = {"_": None, "gettext": None, "N_": None}
    found = set()
    for folder, method in ((layouts, "jinja2.ext:babel_extract"), (PIPELINE, "python")):
        pattern = "**.html" if method != "python" else "**.py"
        for _, _, message, _, _ in extract_from_dir(
                folder, [(pattern, method)], {pattern: {"extensions": "jinja2.ext.i18n"}},
                keywords=keywords):
            found.add(message if isinstance(message, str) else message[0])
    return sorted(found)


def catalog_state(layouts: Path, language: str) -> CatalogState:
    """The layout words of one language: which have no translation, which are fuzzy."""
    wanted = layout_words(layouts)
    po = layouts / "locale" / language / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"
    catalog = {}
    if po.exists():
        with po.open("rb") as handle:
            catalog = {m.id: m for m in read_po(handle) if m.id}
    untranslated = tuple(i for i in wanted if i not in catalog or not catalog[i].string)
    fuzzy = tuple(i for i in wanted if i in catalog and catalog[i].string and catalog[i].fuzzy)
    return CatalogState(language, len(wanted), untranslated, fuzzy)


def report(state: Completeness) -> str:
    """The table `make translations` prints."""
    width = 14
    rows = [f"{'':<{width}}" + "".join(f"{lang:>16}" for lang in state.languages)]
    for kind in RECORD_KINDS:
        cells = []
        for language in state.languages:
            given, missing = state.given[(kind, language)], state.missing[(kind, language)]
            cells.append(f"{given}/{given + missing}" + (f" ({missing} missing)" if missing else ""))
        rows.append(f"{kind + ' texts':<{width}}" + "".join(f"{c:>16}" for c in cells))
    cells = [f"{'source':>16}"]
    for catalog in state.catalogs:
        done = catalog.total - len(catalog.untranslated) - len(catalog.fuzzy)
        cells.append(f"{done}/{catalog.total}".rjust(16))
    rows.append(f"{'layout words':<{width}}" + "".join(cells))
    for catalog in state.catalogs:
        rows += [f"layouts/locale/{catalog.language}: untranslated: {m!r}" for m in catalog.untranslated]
        rows += [f"layouts/locale/{catalog.language}: fuzzy: {m!r}" for m in catalog.fuzzy]
    rows += state.missing_lines
    rows.append("complete: every text in every language" if state.complete else
                "incomplete: translations are missing (listed above)")
    return "\n".join(rows)
