"""The report's page plan: breaks chosen by copyfitting, white shared between growing pictures,
and the plan checked against the layout that applies it."""

from __future__ import annotations

import weasyprint

from pipeline.pdf import pageplan
from pipeline.pdf.pageplan import PX_PER_MM, _Block, _breaks, _Picture, _share

MM = PX_PER_MM


def block(name: str, height_mm: float, room_mm: float = 0, margin_mm: float = 0) -> _Block:
    pictures = [_Picture(f"{name}-picture", 30 * MM, (30 + room_mm) * MM)] if room_mm else []
    return _Block(name, height_mm * MM, margin_mm * MM, pictures)


def test_the_fewest_pages_then_the_least_white_no_picture_can_take():
    # An opening and two Actions: too much for one page. Opening alone, then both Actions,
    # leaves no white the pictures cannot take; the opening with an Action, then one Action
    # alone, would leave most of a page.
    blocks = [block("opening", 150, room_mm=100), block("a1", 83, room_mm=50, margin_mm=4),
              block("a2", 83, room_mm=50, margin_mm=4)]
    assert _breaks(blocks, 250 * MM) == [0, 1]
    # Without pictures to grow, the most even pages: 100 and 110 mm white, not 0 and 210.
    assert _breaks([block("o", 150), block("a", 100), block("b", 40)], 250 * MM) == [0, 1]
    # Everything fits one page: one page.
    assert _breaks([block("o", 100), block("a", 60), block("b", 60)], 250 * MM) == [0]
    # A block taller than a page cannot be planned.
    assert _breaks([block("o", 100), block("a", 300)], 250 * MM) is None


def test_white_is_shared_evenly_and_a_full_picture_gives_its_share_away():
    small = _Picture("small", 30 * MM, 40 * MM)  # may grow 10 mm
    large = _Picture("large", 30 * MM, 130 * MM)  # may grow 100 mm
    grown = dict((p.id, g / MM) for p, g in _share(60 * MM, [small, large]))
    assert round(grown["small"], 3) == 10 and round(grown["large"], 3) == 50


CHAPTER = """<html><head><style>
@page {{ size: 100mm 150mm; margin: 10mm; }}
body {{ margin: 0; font: 10pt/12pt sans-serif; }}
.chapter, .about {{ break-before: page; }}
figure {{ margin: 0; }} img {{ display: block; width: 80mm; }}
.featured-action {{ break-inside: avoid; margin-top: 4mm; }}
p, h1 {{ margin: 0; }}  /* margins that collapse are counted twice: a little white is left */
</style></head><body>
<section class="chapter" id="achievement-1">
  <figure id="picture-1" data-tallest="90"><img src="{image}" style="height: 20mm"></figure>
  <h1>Opening</h1>
  {actions}
</section>
<section class="about" id="about"><p>The end.</p></section>
</body></html>"""
PIXEL = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8"
         "z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_a_planned_chapter_lands_where_the_plan_says_and_fills_its_pages():
    actions = "\n".join(
        f'<article class="featured-action" id="featured-1-{n}"><figure id="picture-{n + 1}" '
        f'data-tallest="40"><img src="{PIXEL}" style="height: 15mm"></figure>'
        f'<p>{"Words of an Action. " * 12}</p></article>' for n in range(1, 4))
    html = CHAPTER.format(image=PIXEL, actions=actions)
    first = weasyprint.HTML(string=html).render()
    plan = pageplan.plan(first)
    assert plan is not None and plan.chapters == {"achievement-1": 2}
    second = weasyprint.HTML(string=html.replace("</style>", plan.css + "</style>")).render()
    assert pageplan.followed(plan, second)
    # Each page of the chapter is filled to its foot, but for the safety margin.
    for page in second.pages[:2]:
        used = max(box.position_y + box.margin_height() for box in _leaves(page._page_box))
        white = page._page_box.content_box_y() + page._page_box.height - used
        assert white / MM <= pageplan.SAFETY_MM + 1
    # A plan the layout did not follow is noticed.
    assert not pageplan.followed(plan, first)


def _leaves(box):
    children = getattr(box, "children", ())
    if type(box).__name__ in ("LineBox", "BlockReplacedBox", "InlineReplacedBox"):
        yield box
    for child in children if type(box).__name__ != "LineBox" else ():
        yield from _leaves(child)
