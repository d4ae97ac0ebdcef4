"""Stage 1, fingerprints: what each translation was made from, and whether it still says that.

For each language, `sources/translations/<lang>.yaml` holds, per record and field, the
fingerprint of the source-language text its translation was made from, and that text (so a
translator's kit can show what changed). The tools keep it (an import, `translations
--record`); nobody types it. A translation whose source text has another fingerprint now is
outdated: it says what the source said before.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel import Locale

from ..files import write_atomically
from ..problems import Location, Problems
from .reader import Document, read_yaml

FOLDER = "translations"  # under sources/
FINGERPRINT = re.compile(r"^[0-9a-f]{12}$")
HEADER = ("# The source text each {name} translation was made from, and its fingerprint: kept by\n"
          "# `python -m pipeline import-translations` and `translations --record`; not typed by\n"
          "# hand. A translation whose source text changed since is outdated.\n")


def fingerprint(text: str) -> str:
    """The source text as a reader sees it (trimmed, NFC): any change of wording changes it."""
    normal = unicodedata.normalize("NFC", text.strip())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class MadeFrom:
    """The source text a translation was made from."""

    fingerprint: str
    source: str


@dataclass(frozen=True)
class TextState:
    """One text of a record in one language, as checking found it: `current`, `outdated`,
    `missing`, or `untracked` (given, but made from no recorded source text)."""

    kind: str  # the record kind: edition, action-year…
    record: str  # the record's path under sources/
    field: str  # as editors write it: milestones[0].text
    language: str
    status: str
    source_language: str
    source: str | None  # the source text now
    translation: str | None
    location: Location  # where the translation is written (or would be)
    max_length: int = 0  # characters the layouts hold
    label: bool = False  # a name: no formatting
    previous: str | None = None  # the source text it was made from, when outdated


class Fingerprints:
    """Every language's record of what its translations were made from."""

    def __init__(self, entries: dict[str, dict[tuple[str, str], MadeFrom]], sources: Path):
        self.entries = entries
        self.sources = sources

    def name(self, path: Path) -> str:
        """A record as the fingerprints name it: its path under sources/ (the link's own)."""
        return Path(os.path.relpath(os.path.abspath(path),
                                    os.path.abspath(self.sources))).as_posix()

    def made_from(self, language: str, record: str, field: str) -> MadeFrom | None:
        return self.entries.get(language, {}).get((record, field))


def path_of(sources: Path, language: str) -> Path:
    return sources / FOLDER / f"{language}.yaml"


def load(sources: Path, problems: Problems) -> tuple[Fingerprints, list[Path]]:
    """Every `sources/translations/<lang>.yaml`, each entry checked; the files read."""
    entries, read = {}, []
    folder = sources / FOLDER
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        if path.name.startswith("."):
            continue
        read.append(path)
        document = read_yaml(path, problems, sources)
        if document is not None:
            entries[path.stem] = _entries(document, problems)
    return Fingerprints(entries, sources), read


def _entries(document: Document, problems: Problems) -> dict[tuple[str, str], MadeFrom]:
    found = {}
    records = document.value if document.value is not None else {}
    if not isinstance(records, dict):
        records = {None: records}
    for record, fields in records.items():
        for field, made in (fields.items() if isinstance(fields, dict) else [(None, fields)]):
            if isinstance(made, dict) and set(made) == {"fingerprint", "source"} \
                    and isinstance(made["source"], str) \
                    and FINGERPRINT.match(str(made["fingerprint"])):
                found[(record, field)] = MadeFrom(made["fingerprint"], made["source"])
                continue
            line, column = document.mark((record, field) if field else (record,))
            problems.error(problems.where(document.path, line, column),
                           "expected, for each record and field, the `fingerprint` (12 hex "
                           "digits) and `source` text a translation was made from; this file "
                           "is the pipeline's: restore it from version control",
                           "translation.fingerprints")
    return found


def record(sources: Path, language: str, made: dict[tuple[str, str], str]) -> Path | None:
    """Write that each (record, field) of `language` was made from the given source text,
    keeping the other entries; the file is rewritten only when something changed."""
    path = path_of(sources, language)
    known = load_plain(path)
    merged = dict(known)
    for key, source in made.items():
        merged[key] = MadeFrom(fingerprint(source), source.strip())
    if merged == known:
        return None
    tree: dict[str, dict] = {}
    for (name, field), entry in sorted(merged.items()):
        tree.setdefault(name, {})[field] = {"fingerprint": entry.fingerprint,
                                            "source": entry.source}
    name = Locale("en").languages.get(language, language)
    text = HEADER.format(name=name) + yaml.dump(tree, Dumper=_Dumper, allow_unicode=True,
                                                sort_keys=False, width=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)
    return path


def load_plain(path: Path) -> dict[tuple[str, str], MadeFrom]:
    """A language's entries as the tools last wrote them (unchecked: for rewriting)."""
    if not path.is_file():
        return {}
    problems = Problems(path.parent.parent)
    document = read_yaml(path, problems, path.parent.parent)
    return _entries(document, problems) if document is not None else {}


class _Dumper(yaml.SafeDumper):
    """Texts of several lines as literal blocks, so the file reads like the records."""


def _text(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
