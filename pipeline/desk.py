"""A country desk's print run: its country's factsheets, in its languages, on its paper, in one PDF."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pikepdf
from babel.languages import get_official_languages

from .config import Settings
from .files import replacing
from .kinds import FACTSHEET
from .plan import outputs_for
from .profiles import PROFILES
from .sources import read_sources

# Countries whose offices print on US Letter (CLDR supplemental data, paperSize "US-Letter").
LETTER_COUNTRIES = {"BZ", "CA", "CL", "CO", "CR", "GT", "MX", "NI", "PA", "PH", "PR", "SV", "US",
                    "VE"}


def desk_settings(settings: Settings, country: str, paper: str | None) -> Settings:
    """Office factsheets of the country's Actions, in the programme languages it speaks."""
    country = country.upper()
    sources = read_sources(settings.project, settings.year, settings.draft)
    actions = tuple(a.id for a in sources.actions if a.country == country)
    if not actions:
        known = sorted({a.country for a in sources.actions if a.country})
        raise SystemExit(f"no Action in country '{country}'; Actions are in: {', '.join(known)}")
    spoken = [lang for lang in get_official_languages(country, de_facto=True)
              if lang in sources.programme.languages]
    languages = settings.languages or tuple(spoken) or (sources.programme.languages[0],)
    # A desk prints on its office printer: the profile that follows the desk's paper.
    printer = tuple(name for name, profile in PROFILES.items() if profile.honours_paper)
    return dataclasses.replace(
        settings, kinds=(FACTSHEET.name,), profiles=printer, actions=actions,
        languages=languages, paper=paper or ("letter" if country in LETTER_COUNTRIES else "a4"))


def combine(settings: Settings, country: str) -> Path:
    """One PDF to print: every factsheet of the desk, Action by Action, language by language."""
    outputs = outputs_for(read_sources(settings.project, settings.year, settings.draft), settings)
    outputs.sort(key=lambda o: (settings.actions.index(o.about),
                                settings.languages.index(o.language)))
    target = settings.output_folder / f"desk-{country.upper()}-{settings.paper}.pdf"
    combined = pikepdf.new()
    for output in outputs:
        with pikepdf.open(settings.output_folder / output.name) as part:
            combined.pages.extend(part.pages)
    with replacing(target) as partial:
        combined.save(partial.path, deterministic_id=True)
    return target
