"""The web edition's pages audited in Debian's Chromium: `audit` opens each page at each width
from a local static server (or from file://) and returns one `Problem` per fault found by a
check: `axe` (axe-core, WCAG 2.2 A and AA), `request` (anything fetched from outside the
folder, blocked), `scroll` (sideways scrolling), `cut` (text clipped by its box), `target` (a tap
target under 24×24 px without the spacing WCAG 2.5.8 allows), `keyboard` (Tab misses a
focusable element or leaves DOM order), `page` (the page could not be opened)."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, Error, Page, Route, WebSocketRoute, sync_playwright

from pipeline.web.bench import CHROMIUM, FLAGS  # Debian's Chromium, launched as the bench does

HERE = Path(__file__).resolve().parent
AXE = HERE / "vendor" / "axe-core" / "axe.min.js"
PROBES = HERE / "browser.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
HEIGHT = 800  # the window's; a screenshot takes the whole page
# Python's own table depends on the machine's mime.types; a module script or font served as
# application/octet-stream would fail here and work on a real host.
TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
         ".mjs": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml",
         ".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp",
         ".avif": "image/avif", ".woff2": "font/woff2", ".pdf": "application/pdf"}


@dataclass(frozen=True)
class Problem:
    """One fault: the page (its path in the folder), the window's width, the check, what."""

    page: str
    width: int
    check: str
    what: str

    def __str__(self) -> str:
        return f"{self.page} at {self.width} px: {self.check}: {self.what}"


@contextmanager
def launched() -> Iterator[Browser]:
    """Debian's Chromium; Playwright downloads no browser of its own."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class _Folder(http.server.SimpleHTTPRequestHandler):
    """Serves the folder under /<its name>/ and nothing at the root, as a host serving the
    edition below its own address would: a root-relative address fails here as it would there."""

    prefix = "/"
    extensions_map = TYPES

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-folder" / "none")
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path, via: str = "http") -> Iterator[str]:
    """The folder's address, ending in "/": on a static server bound to 127.0.0.1 for the time
    of the block, or its file:// URL."""
    folder = folder.resolve()
    if via == "file":
        yield folder.as_uri() + "/"
        return
    prefix = f"/{quote(folder.name)}/"
    handler = type("Handler", (_Folder,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class NotOpened(Exception):
    pass


@cache
def _script(path: Path) -> str:
    return path.read_text() + "\n;null"  # run for its effect; its value is no concern


def tab(browser: Browser, base: str, outside: list[str]) -> Page:
    """A page, in a context of its own, that blocks every address outside the folder at `base`
    and adds it to `outside`. An audit loads every page and width in this one: its renderer
    keeps axe-core compiled: loading it took 0.09 s instead of 0.38 s in a fresh page."""
    # A service worker would fetch past the routes; the page's own CSP is no reason to refuse
    # the audit's scripts.
    context = browser.new_context(service_workers="block", bypass_csp=True,
                                  reduced_motion="reduce", device_scale_factor=1)
    page = context.new_page()
    page.route("**/*", partial(_keep_inside, base, outside))
    page.route_web_socket(re.compile(".*"), partial(_refuse_socket, outside))
    return page


def load(page: Page, base: str, name: str, width: int) -> None:
    """The page `name` of the folder at `base` at that width, fonts and lazy images settled,
    the probes in place; NotOpened if it cannot be loaded."""
    page.set_viewport_size({"width": width, "height": HEIGHT})
    try:
        response = page.goto(base + quote(name))
    except Error as error:
        raise NotOpened(str(error).splitlines()[0]) from error
    if response is not None and not response.ok:
        raise NotOpened(f"HTTP {response.status}")
    page.evaluate(_script(PROBES))
    page.evaluate("__audit.settle()")


def _keep_inside(base: str, outside: list[str], route: Route) -> None:
    if route.request.url.startswith(base):
        route.continue_()
    else:
        outside.append(route.request.url)
        route.abort("blockedbyclient")


def _refuse_socket(outside: list[str], socket: WebSocketRoute) -> None:
    outside.append(socket.url)  # a static host has no sockets to answer
    socket.close()


def axe(page: Page, options: dict | None = None) -> list[dict]:
    """axe-core's violations on the page (id, impact, help, the targets of each); by default
    under WCAG 2.2 A and AA, all but target-size, which the `target` check measures itself."""
    page.evaluate(_script(AXE))
    return page.evaluate(
        """async (options) => (await axe.run(document, {...options, resultTypes: ['violations']}))
             .violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                      targets: v.nodes.map((n) => n.target.flat().join(' '))}))""",
        options or {"runOnly": {"type": "tag", "values": WCAG},
                    "rules": {"target-size": {"enabled": False}}})


def audit(folder: Path, pages: list[str], widths=(360, 768, 1280), shots: Path | None = None,
          *, browser: Browser | None = None, via: str = "http") -> list[Problem]:
    """Every problem of those pages (paths relative to the folder) at each width, in order;
    with `shots`, a full-page PNG of each there, <page>-<width>.png."""
    if browser is None:
        with launched() as browser:
            return audit(folder, pages, widths, shots, browser=browser, via=via)
    problems = []
    outside: list[str] = []
    with served(folder, via) as base:
        page = tab(browser, base, outside)
        for name in pages:
            for width in widths:
                outside.clear()
                found = _audit_page(page, base, name, width, _shot(shots, name, width))
                found += [("request", f"outside the folder, blocked: {address[:120]}")
                          for address in dict.fromkeys(outside)]
                problems += [Problem(name, width, check, what) for check, what in found]
        page.context.close()
    return problems


def _shot(shots: Path | None, name: str, width: int) -> Path | None:
    return shots / f"{name.removesuffix('.html').replace('/', '-')}-{width}.png" if shots else None


def _audit_page(page: Page, base: str, name: str, width: int,
                shot: Path | None) -> list[tuple[str, str]]:
    try:
        load(page, base, name, width)
    except NotOpened as error:
        return [("page", f"could not be opened: {error}")]
    if shot:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=shot, full_page=True, animations="disabled", caret="hide")
    found = [("axe", f"{v['id']} ({v['impact']}): {v['help']}; {len(v['targets'])} element(s),"
                     f" first {v['targets'][0]}") for v in axe(page)]
    return found + _layout(page) + [("keyboard", line) for line in _keyboard(page)]


def _layout(page: Page) -> list[tuple[str, str]]:
    found = []
    wider = page.evaluate("__audit.wider()")
    if wider:
        found.append(("scroll", f"{wider['width']} px wide in a {wider['window']} px window"
                                f" (sticking out: {wider['out']})"))
    found += [("cut", f"{cut['box']} cuts its text{' with an ellipsis' * cut['ellipsis']}:"
                      f" “{cut['text']}”") for cut in page.evaluate("__audit.cut()")]
    found += [("target", f"{t['target']} is {t['width']:.0f}×{t['height']:.0f} px, under"
                         f" 24×24, and {t['near']} is within its 24 px circle")
              for t in page.evaluate("__audit.targets()")]
    return found


def _keyboard(page: Page) -> list[str]:
    """Tab from the top, noting each stop, until focus leaves the page or comes back."""
    stops = page.evaluate("__audit.stops()")
    reached: list[int] = []
    for _ in range(2 * len(stops) + 10):  # room for stops the list leaves out (scrollers, frames)
        page.keyboard.press("Tab")
        focused = page.evaluate("__audit.focused()")
        if focused is None or focused[0] in reached[:-1]:
            break
        if focused[0] >= 0 and focused[0] not in reached:
            reached.append(focused[0])
    lines = [f"Tab stop {n} is {stops[got]}; in DOM order it is {stops[n - 1]}"
             for n, got in enumerate(reached, 1) if got != n - 1][:1]
    return lines + [f"Tab never reaches {stops[i]}" for i in range(len(stops)) if i not in reached]
