"""The copyfit estimate that chooses a factsheet's design, held against WeasyPrint's layout."""

from __future__ import annotations

import dataclasses
import re

import pytest

from pipeline import designs
from pipeline.config import REPOSITORY, Settings
from pipeline.copyfit import PX_PER_MM
from pipeline.images import load_slots, resolve_images
from pipeline.pdf import PdfWriter
from pipeline.plan import image_uses, outputs_for
from pipeline.profiles import PAPERS
from pipeline.render import Layouts, Renderer, Words
from pipeline.sources import read_sources
from tests.test_render import drawn

LAYOUTS = Layouts(REPOSITORY / "layouts")


def laid_out(project, year, paper, languages, design="one-page", tmp=None):
    """Each factsheet laid out in a design, its picture at its first height (not fitted):
    (Action, language, words, the text column's and side column's bottom on page 1 in mm,
    pages)."""
    settings = Settings(project=project, year=year, profiles=("office",),
                        kinds=("factsheet",), languages=languages)
    sources = read_sources(project, year)
    outputs = [dataclasses.replace(o, paper=PAPERS[paper]) for o in outputs_for(sources, settings)]
    profile = outputs[0].profile
    mounts = {**settings.mounts, "project": tmp}
    figures = resolve_images(sources, image_uses(sources, outputs),
                             load_slots(LAYOUTS.folder, PAPERS[paper]), profile, tmp).figures
    renderer = Renderer(sources, figures, LAYOUTS, mounts, profile=profile, paper=PAPERS[paper],
                        maps=drawn(sources, outputs, profile, tmp / "build"))
    writer = PdfWriter(mounts, REPOSITORY / "assets/fonts", tmp / "build")
    for output in outputs:
        document = renderer.render(output)
        profiles = {}
        sheets = [writer._stylesheet(css, type("C", (), {"records": []})(), profiles)
                  for css in document.stylesheets]
        html = re.sub(r'data-design="[^"]+"', f'data-design="{design}"', document.html, count=1)
        rendered = writer._render(html, {"stylesheets": sheets}, profiles)
        yield (sources, sources.action(output.about), output.language,
               renderer.words_of(output.language), _bottom(rendered, "story"),
               _bottom(rendered, "key-facts"), len(rendered.pages))


def _bottom(rendered, name: str) -> float:
    page = rendered.pages[0]._page_box
    found = [box for box in _boxes(page) if name in (getattr(box, "element", None) is not None
                                                   and hasattr(box.element, "get")
                                                   and (box.element.get("class") or "").split()
                                                   or [])]
    return max((b.position_y + b.margin_height()) / PX_PER_MM for b in found)


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


@pytest.mark.parametrize("paper, languages", [("a4", ("en", "es")), ("letter", ("fr",))])
def test_the_estimate_errs_long_and_close_to_the_layout(tmp_path, paper, languages):
    """For every 2017 Action: the estimated heights of the text column and the side column
    are never shorter than WeasyPrint sets them (so an Action the estimate fits, fits), and
    at most 8 mm longer (so a short Action is not sent to two pages)."""
    sheet = designs.Sheet.of(PAPERS[paper])
    differences = []
    for sources, action, language, words, story, side, pages in laid_out(
            REPOSITORY, 2017, paper, languages, tmp=tmp_path):
        guess = designs.estimate(action, words, designs.DESIGNS[0], sheet,
                                 designs.caption_of(sources, action)(language))
        if pages == 1:
            differences.append((action.id, language, round(guess.story - story, 1),
                                round(guess.side - side, 1)))
    assert len(differences) >= 9
    assert [d for d in differences if not 0 <= d[2] <= 8 or not 0 <= d[3] <= 25] == []


def test_an_action_gets_the_smallest_design_its_every_language_fits(tmp_path):
    sources = read_sources(REPOSITORY, 2017)
    say = {code: Words.of(sources, code, LAYOUTS) for code in ("en", "fr", "es")}.__getitem__
    a4, letter = (designs.Sheet.of(PAPERS[name]) for name in ("a4", "letter"))
    chosen = {a.id: (designs.design(a, ("en", "fr", "es"), say, designs.caption_of(sources, a),
                                    (a4,)).name,
                     designs.design(a, ("en", "fr", "es"), say, designs.caption_of(sources, a),
                                    (letter,)).name) for a in sources.actions}
    # Every 2017 Action fits one A4 page; Letter is 18 mm shorter: the longest take two.
    assert {a4 for a4, _ in chosen.values()} == {"one-page"}
    assert 0 < sum(letter == "two-page" for _, letter in chosen.values()) <= 4
    # Only English fits one Letter page for Costa Rica: its three languages get two.
    only_en = designs.design(sources.action("costa-rica"), ("en",), say, lambda _: "", (letter,))
    assert only_en.name == "one-page" and chosen["costa-rica"][1] == "two-page"
