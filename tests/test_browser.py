"""The browser audit the web edition's tests use (tests/browser.py): a good page passes every
check at every width, from the server and from file://, and each check fails on a page made bad
in its own way, and only that check."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from PIL import Image

from tests.browser import CHROMIUM, Problem, audit, axe, launched, load, served, tab

STYLE = """body { font: 16px/1.5 sans-serif; margin: 0 auto; max-width: 60rem; padding: 0 1rem; }
.skip { position: absolute; top: -3rem; }
.skip:focus { top: .5rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; }
nav a { display: inline-block; padding: .5rem; }
img { max-width: 100%; height: auto; }
button { font: inherit; padding: .5rem 1rem; }
footer p { height: 1em; line-height: 1; overflow: hidden; }
.icon { display: inline-block; width: 10px; height: 10px; background: #1f3a68; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
                   clip: rect(0 0 0 0); white-space: nowrap; }
"""
# A skip link (hidden above the page: left: -9999px made the right-to-left page scroll sideways
# by as much, which the scroll check saw), a visually hidden label, links in a sentence (under
# 24 px high, as running text sets them; the notes' too close for the spacing exception), a radio
# group (one Tab stop), a line in a box of its height: what a good page has and no check may
# hold against.
PAGE = """<!doctype html>
<html {language}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Annual report 2017</title><link rel="stylesheet" href="{up}style.css"></head>
<body>
<a class="skip" href="#main">Skip to the report</a>
<header><nav aria-label="Sections"><ul>
<li><a href="{up}index.html">Report</a></li><li><a href="{up}fr/index.html">Français</a></li>
<li><a href="{up}report.pdf">PDF<span class="visually-hidden"> (2 MB)</span></a></li>
</ul></nav></header>
<main id="main">
<h1>Annual report 2017</h1>
<p>The programme supported <a href="{up}actions.html">eleven Actions</a> in 2017, from
<a href="{up}niger.html">Niger</a> to Costa Rica, as its partners confirmed (notes
<a href="#note-1">1</a>, <a href="#note-2">2</a>).</p>
<figure><img src="{up}map.svg" alt="Map of the Actions" width="320" height="160">
<figcaption>Where the Actions were.</figcaption></figure>
<fieldset><legend>Paper</legend><label><input type="radio" name="paper" checked> A4</label>
<label><input type="radio" name="paper"> Letter</label></fieldset>
<button type="button">Print this page</button>
{defect}
</main>
<footer><p>MIEUX programme</p></footer>
</body>
</html>
"""
MAP = ('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160">'
       '<rect width="320" height="160" fill="#e4ebf6"/></svg>')
ICONS = ('<p><a class="icon" href="#share" aria-label="Share"></a>'
         '<a class="icon" href="#cite" aria-label="Cite" style="margin-left: {gap}px"></a></p>')
LONG = "A sentence far too long for the box it is set in, so the box cuts it"
# check, the defect, what its line says (a pattern)[, the page's language and direction]
BAD = {
    "image without alt": ("axe", '<img src="map.svg">', r"^image-alt \(critical\): .*#main > img$"),
    "stylesheet from a CDN": ("request", '<link rel="stylesheet" href="https://cdn.example/x.css">',
                              r"^outside the folder, blocked: https://cdn\.example/x\.css$"),
    "root-relative address": ("request", '<img src="/map.svg" alt="Map">',
                              r"^outside the folder, blocked: http://127\.0\.0\.1:\d+/map\.svg$"),
    "web socket": ("request", '<script>new WebSocket("wss://live.example/")</script>',
                   r"blocked: wss://live\.example/$"),
    "2000 px wide div": ("scroll", '<div style="width: 2000px">Wide</div>',
                         r"^2016 px wide in a 360 px window \(sticking out: #main > div\)$"),
    "2000 px wide div, right to left": (
        "scroll", '<div style="width: 2000px">عريض</div>',
        r"^2016 px wide in a 360 px window \(sticking out: #main > div\)$", 'lang="ar" dir="rtl"'),
    "hidden overflow": ("cut", f'<p style="width: 100px; overflow: hidden; white-space: nowrap">'
                               f'{LONG}</p>', r"^#main > p:nth-of-type\(2\) cuts its text: “A "),
    "ellipsis": ("cut", '<p style="width: 100px; overflow: hidden; white-space: nowrap;'
                        f' text-overflow: ellipsis">{LONG}</p>', r"cuts its text with an ellipsis"),
    "fixed height": ("cut", f'<p style="width: 200px; height: 1.5em; overflow: clip">{LONG}</p>',
                     r"cuts its text"),
    "10 px icons 4 px apart": ("target", ICONS.format(gap=4),
                               r"^#main > p:nth-of-type\(2\) > a:nth-of-type\(1\) is 10×10 px"),
    "tabindex 5": ("keyboard", '<a href="#late" tabindex="5">Late</a>',
                   r"^Tab stop 1 is #main > a; in DOM order it is body > a$"),
    "focus sent back": ("keyboard", '<a href="#a" id="first">First</a><a href="#b" onfocus='
                                    '"document.getElementById(\'first\').focus()">Back</a>',
                        r"^Tab never reaches #main > a:nth-of-type\(2\)$"),
}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian's Chromium is not installed ({CHROMIUM}); `make test` installs it")
    with launched() as browser:
        yield browser


@pytest.fixture
def folder(tmp_path):
    return edition(tmp_path)


def edition(destination: Path) -> Path:
    web = destination / "web"
    (web / "fr").mkdir(parents=True)
    (web / "style.css").write_text(STYLE)
    (web / "map.svg").write_text(MAP)
    write(web, "", "index.html")
    write(web, "", "fr/index.html")
    return web


def write(folder: Path, defect: str, name: str = "bad.html", language: str = 'lang="en"') -> str:
    up = "../" * name.count("/")
    (folder / name).write_text(PAGE.format(language=language, up=up, defect=defect))
    return name


@pytest.fixture(scope="module")
def bad_pages(browser, tmp_path_factory):
    """Every bad page audited at once, as a web test would audit an edition: {case: lines}."""
    folder = edition(tmp_path_factory.mktemp("bad"))
    names = {case: write(folder, defect, re.sub(r"\W+", "-", case) + ".html", *language)
             for case, (check, defect, said, *language) in BAD.items()}
    problems = audit(folder, list(names.values()), widths=(360,), browser=browser)
    return {case: [p for p in problems if p.page == name] for case, name in names.items()}


def test_a_good_page_passes_every_check_at_every_width_with_a_screenshot_of_each(
        browser, folder, tmp_path):
    shots = tmp_path / "shots"
    assert [str(p) for p in audit(folder, ["index.html", "fr/index.html"], shots=shots,
                                  browser=browser)] == []
    taken = {p.name: Image.open(p).size for p in shots.iterdir()}
    assert sorted(taken) == sorted(f"{page}-{width}.png" for page in ("index", "fr-index")
                                   for width in (360, 768, 1280))
    assert all(size[0] == int(name.split("-")[-1].removesuffix(".png")) and size[1] >= 800
               for name, size in taken.items())


@pytest.mark.parametrize("case", list(BAD))
def test_each_check_fails_on_a_page_bad_in_its_way_and_no_other_does(bad_pages, case):
    check, defect, said, *language = BAD[case]
    problems = bad_pages[case]
    assert {p.check for p in problems} == {check}, [str(p) for p in problems]
    assert any(re.search(said, p.what) for p in problems), [str(p) for p in problems]


def test_from_file_urls_the_page_passes_and_an_address_above_the_folder_is_refused(
        browser, folder):
    (folder.parent / "secret.css").write_text("body { color: red }")
    name = write(folder, '<link rel="stylesheet" href="../secret.css">')
    for via, pages in (("file", ["index.html", name]), ("http", [name])):
        problems = audit(folder, pages, widths=(360,), browser=browser, via=via)
        assert [(p.page, p.check) for p in problems] == [(name, "request")], via
        assert problems[0].what.endswith("/secret.css") and "/web/" not in problems[0].what


def test_an_outside_request_is_blocked_before_it_connects(browser, folder):
    with socket.socket() as host:
        host.bind(("127.0.0.1", 0))
        host.listen()
        host.setblocking(False)
        address = f"http://127.0.0.1:{host.getsockname()[1]}/x.css"
        name = write(folder, f'<link rel="stylesheet" href="{address}">')
        problems = audit(folder, [name], widths=(360,), browser=browser)
        assert [p.what for p in problems] == [f"outside the folder, blocked: {address}"]
        with pytest.raises(BlockingIOError):
            host.accept()  # nobody connected
        with socket.create_connection(host.getsockname()):
            host.accept()  # and a connection would have been seen


def test_a_missing_page_is_one_problem(browser, folder):
    assert audit(folder, ["missing.html"], widths=(360,), browser=browser) == [
        Problem("missing.html", 360, "page", "could not be opened: HTTP 404")]
    problems = audit(folder, ["missing.html"], widths=(360,), browser=browser, via="file")
    assert [p.check for p in problems] == ["page"] and "ERR_FILE_NOT_FOUND" in problems[0].what


def test_tap_targets_are_judged_as_axe_judges_wcag_2_5_8(browser, folder):
    """Not stricter than WCAG: links in a sentence and small icons spaced 24 px centre to
    centre pass, as axe-core's own target-size rule passes them; icons too close fail both."""
    with served(folder) as base:
        page = tab(browser, base, [])
        for defect, undersized in (("", 0), (ICONS.format(gap=20), 0), (ICONS.format(gap=4), 2)):
            load(page, base, write(folder, defect), 360)
            notes = page.evaluate("[...document.querySelectorAll('a[href^=\"#note\"]')]"
                                  ".map((a) => a.getBoundingClientRect().toJSON())")
            assert all(note["height"] < 24 for note in notes)  # so only the inline exception
            assert notes[1]["x"] - notes[0]["x"] < 24  # passes them, not the spacing one
            ours = page.evaluate("__audit.targets()")
            theirs = axe(page, {"runOnly": {"type": "rule", "values": ["target-size"]}})
            assert len(ours) == undersized == sum(len(v["targets"]) for v in theirs), defect
        page.context.close()
