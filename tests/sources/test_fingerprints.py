"""What each translation was made from: fingerprints, and the file the tools keep."""

from __future__ import annotations

import unicodedata

from pipeline.sources.fingerprints import MadeFrom, fingerprint, load, record
from pipeline.problems import Problems


def test_a_fingerprint_changes_with_the_wording_only():
    text = "MIEUX supported Niger."
    assert fingerprint(text) == fingerprint(f"  {text}\n")  # as a record's block gives it
    decomposed = unicodedata.normalize("NFD", "Côte d’Ivoire")
    assert fingerprint(decomposed) == fingerprint("Côte d’Ivoire")
    assert fingerprint(text) != fingerprint("MIEUX supported Niger, since March.")
    assert len(fingerprint(text)) == 12


def test_recording_keeps_the_other_entries_and_writes_only_a_change(tmp_path):
    sources = tmp_path / "sources"
    paragraphs = "First paragraph.\n\nSecond, with a colon: and a # sign."
    path = record(sources, "fr", {("editions/2017/edition.yaml", "title"): "Annual report",
                                  ("actions/a.yaml", "region"): paragraphs})
    assert path == sources / "translations/fr.yaml"
    first = path.read_bytes()
    assert first.startswith(b"# The source text each French translation was made from")
    assert record(sources, "fr", {("actions/a.yaml", "region"): paragraphs}) is None
    record(sources, "fr", {("actions/b.yaml", "region"): "Sahel"})
    fingerprints, read = load(sources, Problems(tmp_path))
    assert read == [path]
    assert fingerprints.made_from("fr", "actions/a.yaml", "region") == \
        MadeFrom(fingerprint(paragraphs), paragraphs)
    assert fingerprints.made_from("fr", "editions/2017/edition.yaml", "title").source == \
        "Annual report"
    assert fingerprints.made_from("es", "actions/a.yaml", "region") is None
    assert b"region:\n    fingerprint:" in path.read_bytes()  # one record, its fields, sorted
