"""Stage 6: package a yearly edition as a BagIt bag (RFC 8493), and verify a stored bag.

The payload is a complete project: the archive-profile PDFs (PDF/A-3, each carrying its
sources), the source records, images, layouts, fonts with their licences, the colour profile,
the map data, the pipeline that made them (and the tools that drew the sample illustrations),
and `edition.json` describing every document. Bags are versioned: a corrected edition is
stored next to the old one (`mieux-2017-v2`) with the list of what changed.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import bagit
import page
import pikepdf

from .build import build
from .config import REPOSITORY, Settings
from .images import source_file
from .plan import outputs_for
from .profiles import PROFILES
from .problems import Location, Problem
from .sources.assemble import read_sources
from .state import pipeline_version

CHECKSUMS = ["sha256", "sha512"]
# The profile whose PDFs are stored: the one that carries its sources.
ARCHIVAL = next(profile for profile in PROFILES.values() if profile.attaches_sources)
PIPELINE_FILES = ("pyproject.toml", "README.md", "Makefile")


@dataclass(frozen=True)
class Archived:
    bag: Path
    version: int
    changes: tuple[str, ...]  # "added: …", "removed: …", "changed: …"; empty for a first version
    new: bool  # False when the edition is unchanged since the last stored version


def archive_edition(settings: Settings, store: Path) -> Archived:
    """Build the edition's archive PDFs (only what changed) and store them as a new bag
    version, unless the last stored version already holds exactly the same payload."""
    settings = dataclasses.replace(settings, profiles=(ARCHIVAL.name,), kinds=(), actions=(),
                                   languages=(), names=())
    sources = read_sources(settings.project, settings.year)
    build(settings)
    name = f"{sources.programme.id}-{settings.year}"
    versions = sorted((int(m[1]), p) for p in store.glob(f"{name}-v*")
                      if (m := re.fullmatch(rf"{re.escape(name)}-v(\d+)", p.name)))
    with tempfile.TemporaryDirectory(dir=store if store.exists() else None) as scratch:
        staging = Path(scratch) / "bag"
        record = _stage_payload(settings, sources, staging)
        if versions:
            last = versions[-1][1]
            if _payload_digest(last / "data") == _payload_digest(staging):
                return Archived(last, versions[-1][0], (), False)
            changes = _changes(json.loads((last / "data" / "edition.json").read_text()), record)
            (staging / "CHANGES.txt").write_text(
                f"Changes from {last.name}:\n" + "".join(f"- {c}\n" for c in changes),
                encoding="utf-8")
        else:
            changes = ()
        version = versions[-1][0] + 1 if versions else 1
        bagit.make_bag(str(staging), _bag_info(settings, sources, version), processes=1,
                       checksums=CHECKSUMS)
        store.mkdir(parents=True, exist_ok=True)
        target = store / f"{name}-v{version}"
        shutil.move(str(staging), target)  # never over an existing bag: the name is new
    return Archived(target, version, tuple(changes), True)


def _stage_payload(settings: Settings, sources, staging: Path) -> dict:
    """Copy everything the edition was built from into `staging`; return the edition record."""
    outputs = sorted(outputs_for(sources, settings), key=lambda o: o.filename)
    project = settings.project
    # Only what this edition read: another year's records are not part of its record.
    for relative in sources.files:
        (staging / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(project / relative, staging / relative)
    languages = {output.language for output in outputs}
    layouts = project / "layouts" if (project / "layouts" / "base.html").exists() \
        else REPOSITORY / "layouts"
    shutil.copytree(layouts, staging / "layouts", ignore=_other_catalogs(layouts, languages))
    assets = (project / "assets").resolve()
    for image in sources.images:
        for language in sorted(languages):
            path = source_file(image, language).resolve()
            (staging / "assets" / path.relative_to(assets)).parent.mkdir(parents=True,
                                                                          exist_ok=True)
            shutil.copy2(path, staging / "assets" / path.relative_to(assets))
    for asset in ("fonts", "colour", "maps"):
        own = project / "assets" / asset
        shutil.copytree(own if own.is_dir() else REPOSITORY / "assets" / asset,
                        staging / "assets" / asset)
    # The pipeline, and the tools that drew the sample illustrations (`make illustrations`).
    for code in ("pipeline", "tools"):
        shutil.copytree(REPOSITORY / code, staging / code,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in PIPELINE_FILES:
        shutil.copy2(REPOSITORY / name, staging / name)
    documents = []
    pdfs = staging / "pdf"
    pdfs.mkdir()
    for output in outputs:
        pdf = settings.output_folder / output.name
        shutil.copy2(pdf, pdfs / pdf.name)
        with pikepdf.open(pdf) as opened:
            pages = len(opened.pages)
            lang = str(opened.Root.get("/Lang", ""))
            title = str(opened.open_metadata().get("dc:title", ""))
        documents.append({"file": f"pdf/{pdf.name}", "kind": output.kind.name, "language": lang,
                          "title": title, "pages": pages,
                          "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest()})
    programme = sources.programme
    record = {"programme": {"id": programme.id, "name": programme.name},
              "edition": {"year": sources.edition.year,
                          "published": sources.edition.published.isoformat(),
                          "title": dict(sources.edition.title.translations)},
              "languages": sorted(languages, key=list(sources.edition.languages + tuple(
                  sorted(languages))).index),
              "profile": f"{ARCHIVAL.name} (PDF/A-{ARCHIVAL.pdf_variant.removeprefix('pdf/a-')})",
              "documents": documents}
    (staging / "edition.json").write_text(json.dumps(record, indent=2, ensure_ascii=False)
                                          + "\n", encoding="utf-8")
    # Copies get the edition's date, so a bag made twice is the same bag.
    moment = _edition_timestamp(sources)
    for path in staging.rglob("*"):
        os.utime(path, (moment, moment), follow_symlinks=False)
    return record


def _other_catalogs(layouts: Path, languages: set[str]):
    """copytree's ignore: caches, the extraction template, and the catalogs of languages the
    edition does not publish in."""
    def ignore(folder, names):
        skipped = {n for n in names if n == "__pycache__" or n.endswith(".pot")}
        if Path(folder).resolve() == (layouts / "locale").resolve():
            skipped |= {n for n in names if n not in languages}
        return skipped
    return ignore


def _edition_timestamp(sources) -> float:
    day = sources.edition.published
    return datetime.datetime(day.year, day.month, day.day,
                             tzinfo=datetime.timezone.utc).timestamp()


def _bag_info(settings: Settings, sources, version: int) -> dict:
    programme, edition = sources.programme, sources.edition
    return {
        "Source-Organization": programme.name,
        "External-Description": f"{programme.name} edition {edition.year}: "
                                f"{edition.title[edition.languages[0]]}",
        "External-Identifier": f"{programme.id}-{edition.year}-v{version}",
        "Bag-Group-Identifier": f"{programme.id}-{edition.year}",
        "Bagging-Date": edition.published.isoformat(),
        "Edition": str(edition.year),
        "Edition-Version": str(version),
        "Pipeline-Version": f"{metadata.version('mieux-document-factory')} ({pipeline_version()})",
        "WeasyPrint-Version": metadata.version("weasyprint"),
        "Pango-Version": _pango_version(),
        "HarfBuzz-Version": _harfbuzz_version(),
    }


def _pango_version() -> str:
    from weasyprint.text.ffi import pango
    number = pango.pango_version()
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def _harfbuzz_version() -> str:
    library = ctypes.CDLL("libharfbuzz.so.0")
    library.hb_version_string.restype = ctypes.c_char_p
    return library.hb_version_string().decode()


def _payload_digest(folder: Path) -> str:
    """One hash over every payload file (names and bytes), CHANGES.txt aside."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "CHANGES.txt"):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _changes(before: dict, after: dict) -> list[str]:
    old = {d["file"]: d["sha256"] for d in before["documents"]}
    new = {d["file"]: d["sha256"] for d in after["documents"]}
    return ([f"added: {f}" for f in sorted(set(new) - set(old))]
            + [f"removed: {f}" for f in sorted(set(old) - set(new))]
            + [f"changed: {f}" for f in sorted(set(old) & set(new)) if old[f] != new[f]]
            or ["documents unchanged; sources, layouts or pipeline changed"])


def verify_bag(path: Path) -> list[Problem]:
    """Every file present, nothing added, every checksum equal; each PDF's PDF/A claim holds."""
    path = Path(path)
    try:
        bag = bagit.Bag(str(path))
    except bagit.BagError as error:  # BagValidationError included: not even readable
        return [Problem(Location(str(path)), f"not a readable bag: {error}", "archive.bag")]
    problems: list[Problem] = []
    try:
        bag.validate(processes=1)
    except bagit.BagValidationError as error:
        # bagit stops at the first kind of failure (often the payload's byte count):
        # name every damaged file, whatever the first failure was.
        problems = _damaged_files(bag, path) or [
            Problem(Location(str(path)), str(error), "archive.invalid")]
    except bagit.BagError as error:
        return [Problem(Location(str(path)), f"not a readable bag: {error}", "archive.bag")]
    claim = ARCHIVAL.pdf_variant.upper()
    for pdf in sorted((path / "data" / "pdf").glob("*.pdf")):
        try:
            report = page.validate_pdf(str(pdf), profile=ARCHIVAL.validator.profile)
        except Exception as error:  # noqa: BLE001 — the validator's parse errors vary by kind
            problems.append(Problem(Location(str(pdf)), f"not a readable PDF: {error}",
                                    "archive.pdf-unreadable"))
            continue
        for failure in report.failures:
            problems.append(Problem(Location(str(pdf)), f"{claim}: {failure.message}",
                                    f"archive.pdfa.{failure.rule_id}"))
    return problems


def _damaged_files(bag, path: Path) -> list[Problem]:
    problems = []
    listed, present = bag.compare_manifests_with_fs()
    for name in listed:
        problems.append(Problem(Location(str(path / name)), "listed in the manifest but missing",
                                "archive.missing"))
    for name in present:
        problems.append(Problem(Location(str(path / name)), "present but not in the manifest",
                                "archive.unexpected"))
    for name, hashes in sorted(bag.entries.items()):
        file = path / name
        if not file.is_file():
            continue
        data = file.read_bytes()
        for algorithm, expected in sorted(hashes.items()):
            found = hashlib.new(algorithm, data).hexdigest()
            if found != expected:
                problems.append(Problem(Location(str(file)), f"{algorithm} checksum differs: "
                                        f"stored {expected[:16]}…, found {found[:16]}…",
                                        "archive.checksum"))
    return problems
