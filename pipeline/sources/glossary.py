"""The glossary: the programme's terms and their agreed translations, one file per language
(`sources/glossary/<lang>.yaml`), carried in translators' kits and checked in translations.

    terms:
      - en: [partner country, partner countries]   # the English forms, or one
        fr: [pays partenaire, pays partenaires]    # the agreed forms: any of them will do

A term written with a capital (Action, the programme's own word) matches with that capital
only; others match in any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import markup
from .fingerprints import TextState
from ..problems import Problem, Problems
from .reader import read_yaml

FOLDER = "glossary"  # under sources/


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]
    agreed: tuple[str, ...]

    def found_in(self, text: str) -> bool:
        return _any(self.english, text)

    def used_in(self, text: str) -> bool:
        return _any(self.agreed, text)

    def __str__(self) -> str:
        return f"{self.english[0]} → {' / '.join(self.agreed)}"


def _any(forms: tuple[str, ...], text: str) -> bool:
    plain = " ".join(markup.plain(text).split())
    return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", plain,
                         0 if form != form.lower() else re.IGNORECASE) for form in forms)


def load(sources: Path, language: str, problems: Problems,
         source_language: str = "en") -> tuple[Term, ...]:
    """A language's terms; each entry that is not a term is a located problem."""
    path = sources / FOLDER / f"{language}.yaml"
    if not path.is_file():
        return ()
    document = read_yaml(path, problems, sources)
    if document is None:
        return ()
    value = document.value
    entries = value.get("terms") if isinstance(value, dict) else None
    if not isinstance(entries, list):
        problems.error(problems.where(path, *document.mark(())), "expected `terms:`, a list "
                       f"of {source_language} and {language} forms", "glossary.invalid")
        return ()
    terms = []
    for index, entry in enumerate(entries):
        forms = [_forms(entry.get(code)) if isinstance(entry, dict) else ()
                 for code in (source_language, language)]
        if all(forms):
            terms.append(Term(*forms))
        else:
            problems.error(problems.where(path, *document.mark(("terms", index))),
                           f"terms[{index}]: expected `{source_language}:` and `{language}:`, "
                           "each a term or a list of its forms", "glossary.invalid")
    return tuple(terms)


def _forms(value) -> tuple[str, ...]:
    forms = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return tuple(f.strip() for f in forms if isinstance(f, str) and f.strip()) \
        if all(isinstance(f, str) for f in forms) else ()


def terms_in(terms: tuple[Term, ...], text: str) -> tuple[Term, ...]:
    return tuple(term for term in terms if term.found_in(text))


def terms_for(terms: tuple[Term, ...], state: TextState) -> tuple[Term, ...]:
    """The terms a text's English uses. An organisation's name is its own ("Reflection and
    Action Group"): not held to the terms."""
    if not state.source or state.field.endswith("name"):
        return ()
    return terms_in(terms, state.source)


def unused_terms(terms: tuple[Term, ...], states) -> list[Problem]:
    """A warning for each translation that does not use a term's agreed translation."""
    found = []
    for state in states:
        if not state.translation:
            continue
        for term in terms_for(terms, state):
            if not term.used_in(state.translation):
                found.append(_warning(state, term))
    return found


def _warning(state: TextState, term: Term) -> Problem:
    return Problem(state.location, f"{state.field}.{state.language}: the English says "
                   f"'{term.english[0]}'; the glossary's agreed {state.language} term is "
                   f"'{' or '.join(term.agreed)}'", "glossary.term", "warning")
