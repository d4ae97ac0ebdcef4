"""A realistic larger edition for tests: the 2017 edition with generated Actions whose texts
recombine the 2017 sentences, from half to three times the 2017 lengths, with 2 to 10
partners and 0 to 12 milestones. Deterministic: the same seed gives the same records."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import yaml

from pipeline.sources.schema import ACTION_YEAR
from tests.conftest import copy_project

YEAR = "sources/editions/2017"
LANGUAGES = ("en", "fr", "es")
TEXTS = ("summary", "activities", "results")
# Countries the map data draws, none of them a 2017 Action's: a locator for each.
COUNTRIES = ("SN", "GH", "KE", "UG", "TZ", "ZM", "JO", "LB", "TN", "MA", "PE", "CO", "EC", "BO",
             "GT", "HN", "PY", "UA", "GE", "AM", "AZ", "KG", "TJ", "UZ", "PK", "BD", "LK", "NP",
             "VN", "KH", "LA", "MN", "ID", "MY", "TH", "NG", "CM", "ET", "SD", "ML", "BF", "BJ",
             "TG", "GN", "LR", "GM", "CV", "MR", "DZ", "EG", "IQ", "BY", "RS", "AL", "BA", "MK",
             "ME", "ZW", "MZ", "AO")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def generated_edition(destination: Path, actions: int = 60, seed: int = 2017) -> Path:
    """A copy of the repository's edition with `actions` generated Actions, each with a
    factsheet (generated-00, generated-01, …); the report keeps the 2017 Actions."""
    project = copy_project("mieux", destination)
    rng = random.Random(seed)
    real = [_load(path) for path in sorted((project / YEAR / "actions").glob("*.yaml"))]
    themes = [_load(p)["theme"] for p in sorted((project / "sources/actions").glob("*.yaml"))]
    pools = _pools(real)
    ids = []
    for index in range(actions):
        action_id = f"generated-{index:02d}"
        ids.append(action_id)
        _dump(project / "sources/actions" / f"{action_id}.yaml",
              {"id": action_id, "country": COUNTRIES[index % len(COUNTRIES)],
               "theme": themes[index % len(themes)]})
        _dump(project / YEAR / "actions" / f"{action_id}.yaml",
              _action_year(action_id, rng, real, pools))
    edition = project / YEAR / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    start = text.index("factsheets:\n")
    end = text.index("\n", text.index("\n  - ", start) + 1)
    while text.startswith("  - ", end + 1):
        end = text.index("\n", end + 1)
    edition.write_text(text[:start] + "factsheets: [" + ", ".join(ids) + "]" + text[end:],
                       encoding="utf-8")
    return project


def _pools(real: list[dict]) -> dict:
    """The 2017 sentences of each text field and language, its partners and milestones."""
    sentences = {(field, language): [s for r in real for s in
                                     SENTENCE_END.split(" ".join(r[field][language].split()))]
                 for field in TEXTS for language in LANGUAGES}
    partners = list({p["name"]["en"]: p for r in real for p in r.get("partners", ())}.values())
    milestones = [m["text"] for r in real for m in r.get("milestones", ())]
    return {"sentences": sentences, "partners": partners, "milestones": milestones}


def _action_year(action_id: str, rng: random.Random, real: list[dict], pools: dict) -> dict:
    base = rng.choice(real)
    record = {"id": action_id, "status": rng.choice(["ongoing", "delivered"])}
    partners = pools["partners"]
    record["partners"] = copy.deepcopy(rng.sample(partners, min(rng.randint(2, 10),
                                                                len(partners))))
    months = sorted(rng.randint(1, 12) for _ in range(rng.randint(0, 12)))
    if months:
        record["milestones"] = [{"date": f"2017-{month:02d}",
                                 "text": dict(rng.choice(pools["milestones"]))}
                                for month in months]
    for field in TEXTS:
        factor = rng.uniform(0.5, 3.0)
        record[field] = {language: _recombined(rng, pools["sentences"][(field, language)],
                                               factor * len(base[field][language]),
                                               ACTION_YEAR[field].max_length)
                         for language in LANGUAGES}
    record["images"] = base["images"][:1]
    return record


def _recombined(rng: random.Random, sentences: list[str], length: float, most: int) -> str:
    """Sentences drawn from the pool until the text is about `length` characters long (one
    at least; never over the field's limit)."""
    text = rng.choice(sentences)
    while len(text) < length:
        longer = f"{text} {rng.choice(sentences)}"
        if len(longer) > most:
            break
        text = longer
    return text


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, record: dict) -> None:
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")
