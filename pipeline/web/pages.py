"""The web format: each document as an accessible page in build/<year>/web/, from the records.

A page is one HTML file; what it loads sits beside it, named by content so every page shares
it and nothing stale is ever served: the site's stylesheet (layouts/css/web.css, with the
project's fonts subset per script and declared by unicode-range) and its pictures in several
widths, WebP with a JPEG fallback. The maps are inline SVG. A page links the PDFs of its
document that the build wrote (their size and pages), so the web is written after them. The
writer checks every page before it replaces the last one: one h1, a language, and no request
that leaves the folder.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import quote, unquote, urlsplit

from markupsafe import Markup

from ..kinds import KINDS
from ..maps.svg import MARKS
from ..model import Output
from ..files import Fenced, read_within, within, write_atomically
from .fonts import content_name, font_faces, place, subsets_begun
from .pictures import make_pictures, picture
from ..profiles import PAPERS, PROFILES
from ..problems import Location, PipelineError, Problem

FOLDER_PROFILE = "web"
# The PDFs a reader may want, in the order offered: to read on screen, to print.
DOWNLOADS = (("screen", "a4"), ("office", "a4"), ("office", "letter"))
# Where a page names a file it loads.
LOADING = (("img", "src"), ("img", "srcset"), ("source", "srcset"), ("link", "href"),
           ("script", "src"), ("iframe", "src"), ("video", "src"), ("audio", "src"),
           ("image", "href"))
# The <link> relations a browser loads with the page.
LOADED_LINKS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"}
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


class WebFormat:
    """Pages for a browser (see the module's docstring); follows pipeline.formats.Format."""

    name: ClassVar[str] = "html"
    phase: ClassVar[int] = 1  # after the PDFs it links

    def template(self, kind) -> str:
        return f"web/{kind.name}.html"

    def stylesheets(self, kind) -> tuple[str, ...]:
        return ("css/web.css",)

    def page_css(self, profile, paper, mounts) -> str:
        return ""

    def inputs(self, sources, output, settings) -> list[str]:
        """The PDFs the page may link (a missing one is an input too: its arrival rewrites
        the page)."""
        return [f"built:{name}" for _, _, name in _linked(output)]

    def begun(self, settings):
        """The fonts' subsets made in the background from the build's start."""
        return subsets_begun(settings.fonts, settings.build)

    def prepare(self, settings, renderer) -> dict[str, Any]:
        """The stylesheet and fonts every page loads, written once per build; the renderer
        keeps what this returns for `context`."""
        folder = settings.output_folder / FOLDER_PROFILE
        faces = font_faces(settings.fonts, settings.build, folder)
        data = _served("\n".join(faces) + "\n" + "\n".join(renderer.stylesheets(None)))
        stylesheet = place(folder, content_name("site", data, ".css"), data)
        _front_door(renderer, folder, stylesheet)
        factsheets = {(about, code) for about, codes in
                      KINDS["factsheet"].documents(renderer.sources) for code in codes}
        return {"stylesheet": stylesheet, "built": settings.output_folder,
                "factsheets": factsheets}

    def context(self, renderer, output, files: list) -> dict[str, Any]:
        sources, year = renderer.sources, output.year
        languages = dict(output.kind.documents(sources))[output.about]
        return {"url": lambda path: _asset(path, files),
                "picture": lambda figure, alt, sizes, lazy=True: picture(
                    figure, alt, sizes, lazy, files),
                "inline_map": lambda placed, title, labelled_by="": _inline_map(
                    placed, title, labelled_by, files),
                "stylesheet": renderer.shared["stylesheet"],
                "page_of": lambda kind, about, language: _page_name(kind, about, language,
                                                                   year),
                "factsheets": renderer.shared["factsheets"],
                "alternates": [(code, _own_name(code), _page_name(
                    output.kind.name, output.about, code, year)) for code in languages],
                "downloads": _downloads(output, renderer.shared["built"]),
                "file_size": lambda count: file_size(count, renderer.words_of(
                    output.language))}

    def make_files(self, documents, settings) -> None:
        """What the pages load beside them, each file once however many pages load it, made
        in threads (Pillow encodes outside the interpreter's lock)."""
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415

        folder = settings.output_folder / FOLDER_PROFILE
        wanted = sorted({entry for document in documents for entry in document.files})
        pictures: dict[str, dict[int, list[str]]] = {}
        for kind, name, source, *width in wanted:
            if kind == "copy":
                place((folder / name).parent, Path(name).name, Path(source).read_bytes())
            elif kind == "map":
                place((folder / name).parent, Path(name).name, _map_base(Path(source))[0])
            else:
                pictures.setdefault(source, {}).setdefault(int(width[0]), []).append(name)
        with ThreadPoolExecutor(settings.workers) as pool:
            list(pool.map(lambda item: make_pictures(item[0], item[1], folder),
                          sorted(pictures.items())))

    def finish(self, settings) -> None:
        """Files no page of the folder loads any more (last year's picture, last week's
        stylesheet) are removed, so the folder is what a clean build writes."""
        folder = settings.output_folder / FOLDER_PROFILE
        loaded = {"index.html"}
        try:
            for name in [page.name for page in folder.glob("*.html")]:
                loaded |= set(_loads(read_within(folder / name, folder).decode("utf-8")))
            for css in {name for name in loaded if name.endswith(".css")}:
                text = read_within(folder / css, folder).decode("utf-8")
                loaded |= set(re.findall(r'url\("([^"]+)"\)', text))
        except (Fenced, UnicodeDecodeError):
            return  # a page not read (a link out, a pipe): what it loads is not known, kept
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            shared = name.startswith(("images/", "assets/", "fonts/")) or (
                "/" not in name and name.startswith("site-") and name.endswith(".css"))
            if shared and name not in loaded and not name.startswith("fonts/OFL-") and \
                    path.is_file():
                path.unlink()

    def writer(self, mounts: dict[str, Path], fonts: Path, build: Path):
        return WebWriter()


def _front_door(renderer, folder: Path, stylesheet: str) -> None:
    """index.html: the edition's title in each of its languages, each linking its report, so
    a static host opens on it; checked like every page."""
    from ..sources.markup import plain  # noqa: PLC0415

    edition = renderer.sources.edition
    languages = [{"code": code, "direction": renderer.words_of(code).direction,
                  "title": plain(edition.title[code]), "name": _own_name(code),
                  "href": _page_name("annual-report", None, code, edition.year)}
                 for code in edition.languages]
    html = renderer.environment.get_template("web/index.html").render(
        programme=renderer.sources.programme, languages=languages, stylesheet=stylesheet)
    problems = [Problem(Location(f"build/{edition.year}/web/index.html"), message, f"web.{code}")
                for message, code in page_problems(html, folder)]
    if problems:
        raise PipelineError(problems)
    place(folder, "index.html", html.encode())


def file_size(count: int, words) -> str:
    """A file's size as a reader of the language writes it: "245 kB", "1,2 Mo"."""
    from babel.units import format_unit  # noqa: PLC0415

    if count >= 1_000_000:
        text = format_unit(round(count / 1_000_000, 1), "digital-megabyte", "short",
                           locale=words.locale)
    else:
        text = format_unit(max(1, round(count / 1000)), "digital-kilobyte", "short",
                           locale=words.locale)
    return text.translate(words.digits)


def _own_name(code: str) -> str:
    """A language's name in itself, as a language switcher shows it: "français"."""
    from babel import Locale  # noqa: PLC0415

    return Locale.parse(code).get_display_name(code)


def _page_name(kind: str, about: str | None, language: str, year: int) -> str:
    """The page of a document: its kind's file name, as a web page."""
    return f"{KINDS[kind].stem(Output(KINDS[kind], language, year, about))}.html"


def _asset(path: Path, files: list) -> str:
    """A file of the project copied beside the pages, named by its content."""
    data = path.read_bytes()
    name = "assets/" + content_name(path.stem, data, path.suffix.lower())
    files.append(("copy", name, str(path)))
    return name


def _served(css: str) -> bytes:
    """The stylesheet as sent: without its comments and indents (the designers' notes stay in
    layouts/css/; a page's every byte counts on a phone)."""
    import tinycss2  # noqa: PLC0415  (WeasyPrint's own CSS parser)

    kept = tinycss2.serialize(tinycss2.parse_component_value_list(css, skip_comments=True))
    return re.sub(r"\n\s+", "\n", kept).encode()  # a CSS string holds no raw line break


def _inline_map(placed, title: str, labelled_by: str, files: list) -> Markup:
    """A drawn map as inline SVG: its title said first, its names as SVG text, scaled with
    the column (its viewBox is in millimetres). The world map's outlines (most of its bytes,
    the same in every language) are a picture under its marks, which stay in the page."""
    base, svg = _map_base(placed.path)
    if base:
        name = "images/" + content_name(placed.path.stem.rsplit("-", 1)[0], base, ".svg")
        files.append(("map", name, str(placed.path)))
        width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()
        svg = svg.replace(MARKS, f'<image href="{name}" width="{width}" height="{height}"/>')
    size_mm = placed.label_size * 25.4 / 72
    names = "".join(
        Markup('<text x="{:.2f}" y="{:.2f}" font-size="{:.2f}" class="map-name{}" '
               'text-anchor="middle" dominant-baseline="central">{}</text>').format(
            label.x + label.width / 2, label.y + label.height / 2, size_mm,
            " own" if label.own else "", label.text) for label in placed.labels)
    described = f' aria-describedby="{labelled_by}"' if labelled_by else ""
    opening = Markup('<svg role="img" aria-label="{}"{} class="map" '
                     'preserveAspectRatio="xMidYMid meet"').format(title, Markup(described))
    body = re.sub(r'^<svg[^>]*?(viewBox="[^"]*")[^>]*>', lambda m: f" {m.group(1)}>", svg)
    return Markup(opening) + Markup(body.replace("</svg>", "")) + Markup(
        '<title>{}</title>').format(title) + Markup(names) + Markup("</svg>")


def _map_base(path: Path) -> tuple[bytes, str]:
    """A drawn map without its XML declaration, and its drawn base on its own if it has one
    (the world map's: everything before its marks, b"" for a locator)."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", read_within(path, path.parent).decode("utf-8"))
    head, marked, marks = svg.partition(MARKS)
    if not marked:
        return b"", svg
    return (head + "</svg>").encode(), svg[:svg.index(">") + 1] + MARKS + marks


def _linked(output) -> list[tuple[str, str, str]]:
    """The PDFs a page may link: (profile, paper, name under build/<year>/)."""
    return [(profile, paper,
             f"{PROFILES[profile].folder(PAPERS[paper])}/{output.kind.stem(output)}.pdf")
            for profile, paper in DOWNLOADS if profile in output.kind.profiles]


def _downloads(output, folder: Path) -> list[dict]:
    """The PDFs of the document the build wrote: where, how large, how many pages."""
    import pikepdf  # noqa: PLC0415

    found = []
    for profile, paper, name in _linked(output):
        try:
            real = within(folder / name, folder)
            with pikepdf.open(real) as pdf:
                pages = len(pdf.pages)
        except (Fenced, pikepdf.PdfError):
            continue
        found.append({"profile": profile, "paper": paper, "href": f"../{quote(name)}",
                      "bytes": real.stat().st_size, "pages": pages})
    return found


class WebWriter:
    """Writes one page, checked before it replaces the last good one (what it loads was made
    before, by `WebFormat.make_files`)."""

    def __init__(self):
        self.seconds = {"writing": 0.0, "check": 0.0}

    def write(self, document, target: Path) -> tuple[int, list[Problem]]:
        started = time.perf_counter()
        folder = target.parent
        problems = [Problem(Location(f"build/{document.output.year}/{document.output.name}"),
                            message, f"web.{code}")
                    for message, code in page_problems(document.html, folder)]
        self.seconds["check"] = time.perf_counter() - started
        if not problems:
            write_atomically(target, document.html)
        self.seconds["writing"] = time.perf_counter() - started - self.seconds["check"]
        return 1, problems


def page_problems(html: str, folder: Path) -> list[tuple[str, str]]:
    """What keeps a page from being published: no language, not one h1, a file it loads
    that is not in its folder (another site, a file:// path, nothing at all)."""
    from lxml import html as lxml_html  # noqa: PLC0415

    tree = lxml_html.fromstring(html)
    found = []
    if not tree.get("lang"):
        found.append(("the page has no language (<html lang>)", "language"))
    if len(tree.findall(".//h1")) != 1:
        found.append((f"the page has {len(tree.findall('.//h1'))} h1 headings; expected one",
                      "headings"))
    for element, attribute, url in _addresses(tree):
        problem = _loaded(url, folder)
        if problem:
            found.append((f"<{element} {attribute}> {problem}", "request"))
    return found


def _addresses(tree):
    """(element, attribute, address) of every file the page loads with it."""
    for element, attribute in LOADING:
        for node in tree.iter(element):
            if element == "link" and not LOADED_LINKS & set((node.get("rel") or "").split()):
                continue  # a link to another page (alternate) is not loaded with this one
            for url in _urls(node.get(attribute) or "", attribute):
                yield element, attribute, url


def _loads(html: str) -> list[str]:
    """The files of its folder a page loads, as named in the folder."""
    from lxml import html as lxml_html  # noqa: PLC0415

    return [unquote(urlsplit(url).path) for _, _, url in _addresses(lxml_html.fromstring(html))
            if not EXTERNAL.match(url)]


def _urls(value: str, attribute: str) -> list[str]:
    if not value:
        return []
    if attribute == "srcset":
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value]


def _loaded(url: str, folder: Path) -> str | None:
    if url.startswith("data:"):
        return None
    if EXTERNAL.match(url):
        return f"loads {url[:80]!r} from outside the page's folder"
    path = folder / unquote(urlsplit(url).path)
    if not path.resolve().is_relative_to(folder.resolve()):
        return f"loads {url[:80]!r}, which is outside the page's folder"
    try:
        within(path, folder)
    except Fenced as refused:
        return f"loads {url[:80]!r}, which {refused.message}"
    return None
