"""A country desk's print run: its country's factsheets, in its languages, on its paper, in one PDF.

The desk's languages and paper are the programme's choice where sources/countries/<CODE>.yaml
gives one (`desk: {languages: […], paper: …}`), and CLDR's otherwise (the country's official
languages that the edition publishes; US Letter where CLDR says its offices use it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from babel import Locale
from babel.languages import get_official_languages

from .config import Settings
from .files import replacing
from .kinds import FACTSHEET
from .model import Sources
from .plan import outputs_for
from .profiles import PROFILES
from .sources.assemble import read_sources

# Countries whose offices print on US Letter (CLDR supplemental data, paperSize "US-Letter").
LETTER_COUNTRIES = {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US",
                    "VE"}
ENGLISH = Locale("en")


class DeskError(SystemExit):
    """A desk that cannot be printed: one line saying why."""


@dataclass(frozen=True)
class Desk:
    settings: Settings  # the office factsheets to build
    country: str
    reasons: tuple[str, ...]  # why these languages and this paper, a line each


def desk_for(settings: Settings, country: str, paper: str | None) -> Desk:
    """Office factsheets of the country's Actions, in the languages and on the paper of its
    desk, and the reasons for each choice."""
    country = country.upper()
    sources = read_sources(settings.project, settings.year, settings.draft)
    actions = tuple(a.id for a in sources.actions
                    if a.country == country and a.id in sources.edition.factsheets)
    if not actions:
        known = sorted({a.country for a in sources.actions if a.country})
        raise DeskError(f"no factsheet in country '{country}' in edition {settings.year}; "
                        f"its factsheets are in: {', '.join(known)}")
    published = tuple(dict.fromkeys(
        code for a in actions for code in FACTSHEET.languages_of(sources, sources.action(a))))
    languages, why_languages = _languages(sources, country, published, settings.languages)
    paper, why_paper = _paper(sources, country, paper)
    # A desk prints on its office printer: the profile that follows the desk's paper.
    printer = tuple(name for name, profile in PROFILES.items() if profile.honours_paper)
    return Desk(dataclasses.replace(settings, kinds=(FACTSHEET.name,), profiles=printer,
                                    actions=actions, languages=languages, paper=paper),
                country, (why_languages, why_paper))


def _languages(sources: Sources, country: str, published: tuple[str, ...],
               asked: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
    name = _country_name(country)
    year = sources.edition.year
    if asked:
        missing = [code for code in asked if code not in published]
        if missing:
            raise DeskError(f"the {name} factsheets of edition {year} are not published in "
                            f"{_named(missing)}; they are in {_named(published)}")
        return asked, f"languages: {', '.join(asked)} (asked for with LANGS=)"
    record = sources.country(country)
    if record and record.desk_languages:
        wanted, source = record.desk_languages, f"the desk's choice in {record.source.path}"
    else:
        wanted = tuple(get_official_languages(country, de_facto=True))
        source = f"CLDR: {name}'s official languages"
    chosen = tuple(code for code in wanted if code in published)
    left_out = [code for code in wanted if code not in published]
    if not chosen:
        chosen = (sources.edition.languages[0],)
        return chosen, (f"languages: {chosen[0]}; {source} are {_named(wanted)}, which edition "
                        f"{year} does not publish (it publishes {_named(published)})")
    note = (f"; not published in edition {year}: {_named(left_out)}" if left_out else "")
    return chosen, f"languages: {', '.join(chosen)} ({source}{note})"


def _paper(sources: Sources, country: str, asked: str | None) -> tuple[str, str]:
    if asked:
        return asked, f"paper: {asked} (asked for with PAPER=)"
    record = sources.country(country)
    if record and record.desk_paper:
        return record.desk_paper, f"paper: {record.desk_paper} (the desk's choice in " \
                                  f"{record.source.path})"
    if country in LETTER_COUNTRIES:
        return "letter", f"paper: letter (CLDR: offices in {_country_name(country)} use US Letter)"
    return "a4", f"paper: a4 (CLDR: offices in {_country_name(country)} use A4)"


def _country_name(code: str) -> str:
    return ENGLISH.territories.get(code, code)


def _named(codes) -> str:
    return ", ".join(f"{ENGLISH.languages.get(code, code)} ({code})" for code in codes)


def combine(desk: Desk) -> Path:
    """One PDF to print: every factsheet of the desk, Action by Action, language by language,
    with its own title, language and author like every other PDF."""
    settings = desk.settings
    sources = read_sources(settings.project, settings.year, settings.draft)
    outputs = outputs_for(sources, settings)
    outputs.sort(key=lambda o: (settings.actions.index(o.about),
                                settings.languages.index(o.language)))
    target = settings.output_folder / f"desk-{desk.country}-{settings.paper}.pdf"
    combined = pikepdf.new()
    for output in outputs:
        with pikepdf.open(settings.output_folder / output.name) as part:
            combined.pages.extend(part.pages)
    name, year = sources.programme.name, sources.edition.year
    day = sources.edition.published.strftime("D:%Y%m%d000000Z")
    combined.docinfo["/Title"] = f"{name} factsheets {year}: {_country_name(desk.country)} desk"
    combined.docinfo["/Author"] = name
    combined.docinfo["/CreationDate"] = combined.docinfo["/ModDate"] = day
    # One language, or "mul" (BCP 47: several languages) when the desk prints more than one.
    combined.Root.Lang = settings.languages[0] if len(settings.languages) == 1 else "mul"
    with replacing(target) as partial:
        combined.save(partial.path, deterministic_id=True)
    return target
