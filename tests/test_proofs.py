"""Proofs: PNG pages and a contact sheet per PDF, for a quick look."""

from __future__ import annotations

from pipeline.build import build
from pipeline.config import Settings
from pipeline.proofs import make_proofs


def test_proofs_make_a_contact_sheet_per_pdf(sample):
    settings = Settings(project=sample, jobs=1, profiles=("office",))
    build(settings)
    sheets = make_proofs(settings)
    assert len(sheets) == 6 and all(sheet.exists() for sheet in sheets)
    assert sorted((sample / "build/2017/proofs/office/factsheet-sample-action-en").glob("*.png"))
