"""The key figures: counted from the records."""

from __future__ import annotations

from pipeline.key_figures import key_figures
from pipeline.kinds import ANNUAL_REPORT
from pipeline.model import Output
from pipeline.sources.assemble import read_sources


def test_the_key_figures_are_counted_from_the_records():
    import yaml
    from pipeline.config import REPOSITORY
    from pipeline.render import Layouts, Words, load_translations
    sources = read_sources(REPOSITORY, 2017)
    words = Words("en", load_translations(Layouts(REPOSITORY / "layouts"), "en"), "en_GB")
    figures = dict((label, value) for value, label in key_figures(
        sources, ANNUAL_REPORT.actions(sources, Output(ANNUAL_REPORT, "en", 2017)), words))
    years = sorted((REPOSITORY / "sources/editions/2017/actions").glob("*.yaml"))
    records = [yaml.safe_load(p.read_text()) for p in years]
    partners = {p["name"]["en"] for r in records for p in r.get("partners", [])}
    milestones = [m for r in records for m in r.get("milestones", [])
                  if str(m["date"]).startswith("2017")]
    assert figures == {"Actions featured": "11", "partner countries": "10",
                       "regional network": "1", "areas of achievement": "5",
                       "partner institutions": str(len(partners)),
                       "milestones in 2017": str(len(milestones))}
