"""The JSON Schemas editors use: generated from the one schema in sources.py, and correct."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from pipeline.config import REPOSITORY
from pipeline.schema import RECORDS, render_schemas

SCHEMAS = REPOSITORY / "sources" / "schema"


class _PlainLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings (YAML 1.2 core)."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def validator(kind):
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / f"{kind}.schema.json").read_text()))


def records():
    folder = REPOSITORY / "sources"
    yield "programme", folder / "programme.yaml"
    yield "edition", folder / "editions" / "2017.yaml"
    for kind, sub in (("action", "actions"), ("image", "images")):
        for path in sorted((folder / sub).glob("*.yaml")):
            yield kind, path


def test_committed_schemas_are_up_to_date():
    for name, text in render_schemas(REPOSITORY).items():
        assert (SCHEMAS / name).read_text() == text, f"run `make schemas` ({name} is stale)"
    assert sorted(p.name for p in SCHEMAS.glob("*.json")) == sorted(f"{k}.schema.json" for k in RECORDS)


@pytest.mark.parametrize("kind, path", list(records()), ids=lambda v: getattr(v, "name", v))
def test_real_sources_validate_against_the_schemas(kind, path):
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_PlainLoader)
    assert [e.message for e in validator(kind).iter_errors(document)] == []


def test_schemas_catch_editor_mistakes():
    action = yaml.load((REPOSITORY / "sources/actions/niger.yaml").read_text(), Loader=_PlainLoader)
    action["statut"] = action.pop("status")
    action["country"] = "XX"
    del action["summary"]["fr"]
    messages = sorted(e.message for e in validator("action").iter_errors(action))
    assert len(messages) == 4, messages  # unknown key, missing status, bad country, missing fr
    assert any("'statut' was unexpected" in m for m in messages)
    assert any("'fr' is a required property" in m for m in messages)
