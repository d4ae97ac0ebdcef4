"""The JSON Schemas editors use: generated from the one schema (pipeline/sources/schema.py), and
correct."""

from __future__ import annotations

import json

import jsonschema
import pycountry
import pytest
import yaml

from pipeline.config import REPOSITORY
from pipeline.sources.schema import PLACES

SCHEMAS = REPOSITORY / "sources" / "schema"


class _PlainLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it: dates stay strings (YAML 1.2 core)."""


_PlainLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def validator(kind):
    return jsonschema.Draft202012Validator(json.loads((SCHEMAS / f"{kind}.schema.json").read_text()))


def records():
    """Every record of the repository, with its kind (the same places the README tells
    editors to map the schemas to)."""
    for kind, pattern in PLACES.items():
        for path in sorted(REPOSITORY.glob(pattern)):
            yield kind, path


@pytest.mark.parametrize("kind, path", list(records()), ids=lambda v: getattr(v, "name", v))
def test_real_sources_validate_against_the_schemas(kind, path):
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=_PlainLoader)
    assert [e.message for e in validator(kind).iter_errors(document)] == []


# The territories Natural Earth draws as part of another country, and the islands it leaves
# out at 1:50m: an Action cannot be in one (it would have no map).
UNMAPPED = {"BQ", "BV", "CC", "CX", "GI", "GP", "GF", "MQ", "YT", "RE", "SJ", "TK", "TV", "UM"}


def test_schemas_catch_editor_mistakes():
    action = yaml.load((REPOSITORY / "sources/actions/niger.yaml").read_text(),
                       Loader=_PlainLoader)
    action["country"] = "XX"
    year = yaml.load((REPOSITORY / "sources/editions/2017/actions/niger.yaml").read_text(),
                     Loader=_PlainLoader)
    year["statut"] = year.pop("status")
    del year["summary"]["fr"]
    assert [e.message for e in validator("action").iter_errors(action)] == [
        "'XX' is not one of " + repr(sorted(c.alpha_2 for c in pycountry.countries
                                            if c.alpha_2 not in UNMAPPED))]
    messages = sorted(e.message for e in validator("action-year").iter_errors(year))
    assert len(messages) == 3, messages  # unknown key, missing status, missing fr
    assert any("'statut' was unexpected" in m for m in messages)
    assert any("'fr' is a required property" in m for m in messages)
