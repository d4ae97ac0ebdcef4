"""The report's page plan: which Action opens a page, and how tall each picture is, decided by
copyfitting on a first layout.

The report opens each chapter on a new page and keeps each Action whole. The template marks the
pictures that may grow (a figure with `data-tallest`: its slot's height in mm, for which its
rendition was made, so growing never lowers its resolution); the first layout sets them at
their smallest. From that layout this module measures each chapter's blocks (its opening:
picture, head and introduction; then each Action), and chooses where its pages break: the
fewest pages, then the least white the pictures cannot take up. A second layout applies the
plan: the chosen Actions open a page, and each page's white is shared between its growing
pictures. The writer keeps the second layout only if every block landed where the plan put it.

Blocks are found by the template's classes (`chapter`, `featured-action`) and ids; a chapter
must be followed by a page break (the next section opens a page), as its last page is filled.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PX_PER_MM = 96 / 25.4
SAFETY_MM = 4  # kept free at each page's foot: line heights round, a last margin may count


@dataclass
class _Picture:
    id: str
    height: float  # as laid out, px
    tallest: float  # its slot's height, px


@dataclass
class _Block:
    """A piece of a chapter that does not break: its opening, or one Action."""

    id: str
    height: float = 0.0  # margin box, px
    margin_top: float = 0.0  # dropped when it opens a page
    pictures: list[_Picture] = field(default_factory=list)

    @property
    def room(self) -> float:
        return sum(p.tallest - p.height for p in self.pictures)


@dataclass(frozen=True)
class Plan:
    css: str  # the rules of the second layout
    pages: dict[str, tuple[str, int]]  # block id -> its chapter, and page in it (0: the first)
    chapters: dict[str, int]  # chapter id -> how many pages it takes
    total: int  # the document's pages


def plan(rendered) -> Plan | None:
    """The page plan of a first layout, or None when it has no chapter to plan or a block
    is taller than a page."""
    chapters = _chapters(rendered)
    if not chapters:
        return None
    rules, pages, counts, total = [], {}, {}, len(rendered.pages)
    for chapter_id, (capacity, blocks) in chapters.items():
        total -= sum(1 for page in rendered.pages if chapter_id in page.anchors)
        breaks = _breaks(blocks, capacity - SAFETY_MM * PX_PER_MM)
        if breaks is None:
            return None
        counts[chapter_id] = len(breaks)
        total += len(breaks)
        for number, (start, end) in enumerate(zip(breaks, breaks[1:] + [len(blocks)])):
            on_page = blocks[start:end]
            if start:
                rules.append(f"#{on_page[0].id} {{ break-before: page !important; "
                             "margin-top: 0 !important; }")
            pages.update({block.id: (chapter_id, number) for block in on_page})
            white = capacity - SAFETY_MM * PX_PER_MM - _content(on_page)
            rules += [f"#{picture.id} img {{ height: {(picture.height + grow) / PX_PER_MM:.2f}mm "
                      "!important; }"
                      for picture, grow in _share(white, [p for b in on_page for p in b.pictures])
                      if grow > 0.5]
    rules += _one_reference_per_page(chapters, pages)
    return Plan("\n".join(rules), pages, counts, total)


def _one_reference_per_page(chapters, pages) -> list[str]:
    """The credits give each picture's page (`a.page-ref` to its figure): where pictures
    follow each other on one page, the page is given once. Chapters open pages, so only
    pictures of one chapter's page can share one."""
    rules, last = [], None
    for _, blocks in chapters.values():
        for block in blocks:
            for picture in block.pictures:
                if pages[block.id] == last:
                    rules.append(f'.page-ref[href="#{picture.id}"] {{ display: none !important; }}')
                last = pages[block.id]
    return rules


def followed(plan_: Plan, rendered) -> bool:
    """Every block on the page the plan gave it, every chapter on as many pages, and the
    document as long as planned."""
    if len(rendered.pages) != plan_.total:
        return False
    first_page: dict[str, int] = {}
    for number, page in enumerate(rendered.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    starts = sorted((first_page.get(chapter, -1), chapter) for chapter in plan_.chapters)
    for (start, chapter), (after, _) in zip(starts, starts[1:] + [(None, None)]):
        if start < 0 or (after is not None and after - start != plan_.chapters[chapter]):
            return False
    return all(first_page.get(block, -1) == first_page[chapter] + page
               for block, (chapter, page) in plan_.pages.items()
               if not block.endswith("-opening"))


def _breaks(blocks: list[_Block], capacity: float) -> list[int] | None:
    """Where the chapter's pages start (block indexes): fewest pages, then least white the
    pictures cannot take (squared, so two half-empty pages beat one empty one)."""
    best: dict[int, tuple[tuple[int, float], list[int]]] = {0: ((0, 0.0), [])}
    for end in range(1, len(blocks) + 1):
        options = []
        for start in range(end):
            if start not in best:
                continue
            on_page = blocks[start:end]
            content = _content(on_page)
            if content > capacity:
                continue
            idle = max(0.0, capacity - content - sum(b.room for b in on_page))
            (pages, cost), starts = best[start]
            options.append(((pages + 1, cost + idle * idle), starts + [start]))
        if options:
            best[end] = min(options, key=lambda option: option[0])
    return best[len(blocks)][1] if len(blocks) in best else None


def _content(on_page: list[_Block]) -> float:
    """The height of blocks set one under the other; margins that collapse between them are
    counted twice, which errs on the side of room."""
    return sum(b.height for b in on_page) - (on_page[0].margin_top if on_page else 0.0)


def _share(white: float, pictures: list[_Picture]) -> list[tuple[_Picture, float]]:
    """Equal shares of the white, a picture that reaches its slot giving the rest of its
    share to the others."""
    grows = {picture.id: 0.0 for picture in pictures}
    open_ = [p for p in pictures if p.tallest > p.height]
    while white > 0.5 and open_:
        share = white / len(open_)
        for picture in list(open_):
            grow = min(share, picture.tallest - picture.height - grows[picture.id])
            grows[picture.id] += grow
            white -= grow
            if picture.height + grows[picture.id] >= picture.tallest - 0.01:
                open_.remove(picture)
    return [(picture, grows[picture.id]) for picture in pictures]


# ---------------------------------------------------------------- reading the first layout

def _chapters(rendered) -> dict[str, tuple[float, list[_Block]]]:
    """Each chapter's page height (its type area's) and blocks, in order: its opening (every
    piece before its first Action), then its Actions."""
    chapters: dict[str, tuple[float, list[_Block]]] = {}
    for page in rendered.pages:
        for root in page._page_box.children[:1]:  # the document; the others are margin boxes
            for section in _descendants(root, "chapter"):
                _, blocks = chapters.setdefault(section.element.get("id"),
                                                (page._page_box.height, []))
                for child in section.children:
                    _add(blocks, child, section.element.get("id"))
    return chapters


def _add(blocks: list[_Block], box, chapter_id: str) -> None:
    if "featured-action" in classes(box):
        # Its margin as styled: the first layout may have dropped it at a page's head.
        block = _Block(box.element.get("id"), margin_top=box.style["margin_top"].value)
        blocks.append(block)
    elif blocks and blocks[-1].id == f"{chapter_id}-opening":
        block = blocks[-1]
    elif not blocks:
        block = _Block(f"{chapter_id}-opening")
        blocks.append(block)
    else:
        return
    block.height += box.margin_height() - box.margin_top + (block.margin_top if block.id ==
                                                            box.element.get("id") else
                                                            box.margin_top)
    block.pictures += _pictures(box)


def _pictures(box) -> list[_Picture]:
    found = []
    element = getattr(box, "element", None)
    if element is not None and element.tag == "figure" and element.get("data-tallest") \
            and element.get("id"):
        height = image_height(box)
        if height:
            return [_Picture(element.get("id"), height,
                             float(element.get("data-tallest")) * PX_PER_MM)]
    for child in getattr(box, "children", ()):
        found += _pictures(child)
    return found


def _descendants(box, name: str):
    if name in classes(box):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _descendants(child, name)


def classes(box) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if hasattr(element, "get") else []


def image_height(box) -> float:
    """The laid-out height of the first image in a box (also read by copyfit.py)."""
    if type(box).__name__ in ("BlockReplacedBox", "InlineReplacedBox"):
        return box.height
    for child in getattr(box, "children", ()):
        height = image_height(child)
        if height:
            return height
    return 0.0
