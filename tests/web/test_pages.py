"""The web format: pages written after the PDFs they link, each checked before it replaces the
last (a language, one h1, nothing loaded from outside its folder), pictures in several widths,
the project's fonts subset, the same bytes from the same sources."""

from __future__ import annotations

import hashlib
import os
import re
import shutil

import pytest

from pipeline.build import BuildFailed, build
from pipeline.config import REPOSITORY, Settings
from pipeline.web.fonts import _subsets
from pipeline.web.pages import _served, page_problems
from tests.conftest import copy_project, edit, overlay

FONT_CACHE = None  # set by fonts_once
ACTION = "sources/editions/2017/actions/sample-action.yaml"
PAGE = "build/2017/web/factsheet-sample-action-en.html"


@pytest.fixture(scope="module", autouse=True)
def fonts_once(tmp_path_factory):
    """The fonts subset once for the module's projects (their subsetting is webfonts' test)."""
    global FONT_CACHE
    build_folder = tmp_path_factory.mktemp("fonts")
    _subsets(REPOSITORY / "assets" / "fonts", build_folder)
    FONT_CACHE = build_folder / "web-fonts"


def settings_for(project, **asked) -> Settings:
    if not (project / "build/web-fonts").exists():
        shutil.copytree(FONT_CACHE, project / "build/web-fonts")
    return Settings(project=project, jobs=1, kinds=("factsheet",), **asked)


def folder_digest(folder) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_a_page_links_its_pdfs_and_is_written_again_when_they_change(sample):
    settings = settings_for(sample, profiles=("screen", "web"))
    first = build(settings)
    assert sorted(w.output.name for w in first.written) == sorted(
        [f"screen/factsheet-sample-action-{lang}.pdf" for lang in ("en", "fr", "es")]
        + [f"web/factsheet-sample-action-{lang}.html" for lang in ("en", "fr", "es")])
    page = (sample / PAGE).read_text()
    assert 'href="../screen/factsheet-sample-action-en.pdf"' in page
    assert "The sample Action helps the tests." in page
    assert '<html lang="en" dir="ltr">' in page
    french = (sample / "build/2017/web/factsheet-sample-action-fr.html").read_text()
    assert "(1 page, " in page and "\u202fko)" in french  # the size in the reader's own unit
    assert build(settings).written == []

    edit(sample, ACTION, "en: The sample Action helps the tests.",
         "en: The sample Action helps every reader.")
    again = build(settings)  # all made again (the record holds every language's text), and
    # only the English written: the others are the same documents (build.Sameness)
    assert sorted(w.output.name for w in again.written) == [
        "screen/factsheet-sample-action-en.pdf", "web/factsheet-sample-action-en.html"]
    assert "helps every reader" in (sample / PAGE).read_text()
    # The PDFs a page links are its inputs: gone, the page no longer links it; back (built
    # by another command), the page links it again.
    french_page = sample / "build/2017/web/factsheet-sample-action-fr.html"
    (sample / "build/2017/screen/factsheet-sample-action-fr.pdf").unlink()
    assert [w.output.name for w in build(settings_for(sample, profiles=("web",))).written] == [
        "web/factsheet-sample-action-fr.html"]
    assert "../screen/factsheet-sample-action-fr.pdf" not in french_page.read_text()
    build(settings_for(sample, profiles=("screen",)))
    assert [w.output.name for w in build(settings).written] == [
        "web/factsheet-sample-action-fr.html"]
    assert "../screen/factsheet-sample-action-fr.pdf" in french_page.read_text()


def test_the_web_edition_is_the_same_bytes_from_the_same_sources(tmp_path):
    folders = []
    for name in ("one", "two"):
        project = copy_project("minimal", tmp_path / name)
        build(settings_for(project, profiles=("web",)))
        folders.append(folder_digest(project / "build/2017/web"))
    assert folders[0] == folders[1]
    names = set(folders[0])
    assert any(n.startswith("images/") and n.endswith(".webp") for n in names)
    assert any(n.startswith("images/") and n.endswith(".jpg") for n in names)
    assert any(n.startswith("fonts/NotoSerif-Regular-latin-") for n in names)


def test_a_page_that_loads_from_outside_or_lacks_its_language_is_refused(tmp_path):
    (tmp_path / "here.css").write_text("")
    outside = tmp_path.parent / "outside.css"
    outside.write_text("")
    os.symlink(outside, tmp_path / "linked.css")
    good = '<html lang="en"><head><link rel="stylesheet" href="here.css"></head><body><h1>A</h1>'
    assert page_problems(good + "</body></html>", tmp_path) == []
    found = page_problems(
        '<html><head><link rel="stylesheet" href="https://cdn.example/x.css">'
        '<link rel="stylesheet" href="linked.css"><link rel="alternate" href="https://x.y/">'
        '</head><body><h1>A</h1><h1>B</h1><img src="../secret.png" alt="">'
        '<picture><source srcset="images/a-480.webp 480w, file:///etc/passwd 960w"></picture>'
        "</body></html>", tmp_path)
    assert [code for _, code in found] == ["language", "headings", "request", "request",
                                           "request", "request", "request"]
    said = " | ".join(message for message, _ in found)
    for expected in ("<link href> loads 'https://cdn.example/x.css' from outside",
                     "<link href> loads 'linked.css', which is outside the page's folder",
                     "<img src> loads '../secret.png', which is outside the page's folder",
                     "<source srcset> loads 'images/a-480.webp', which does not exist",
                     "<source srcset> loads 'file:///etc/passwd' from outside"):
        assert expected in said


def test_a_refused_page_keeps_the_last_good_one(sample):
    settings = settings_for(sample, profiles=("web",))
    build(settings)
    good = (sample / PAGE).read_bytes()
    # A summary that brings a second h1 (raw HTML is not markup the records allow; the
    # template is edited here to make the page invalid).
    layouts = sample / "layouts"
    shutil.copytree(REPOSITORY / "layouts", layouts)
    template = layouts / "web/factsheet.html"
    template.write_text(template.read_text().replace("<h1>{{ place }}</h1>",
                                                     "<h1>{{ place }}</h1><h1>again</h1>"))
    with pytest.raises(BuildFailed) as failed:
        build(settings)
    assert {p.code for p in failed.value.problems} == {"web.headings"}
    assert (sample / PAGE).read_bytes() == good


def test_a_damaged_picture_is_made_again(sample):
    settings = settings_for(sample, profiles=("web",))
    build(settings)
    folder = sample / "build/2017/web"
    picture = sorted((folder / "images").glob("*.jpg"))[0]
    whole = picture.read_bytes()
    picture.write_bytes(whole[: len(whole) // 2])
    (sample / PAGE).unlink()
    build(settings)
    assert picture.read_bytes() == whole


def test_an_arabic_edition_is_right_to_left_with_its_own_fonts_and_passes_the_audit(sample):
    from tests.browser import audit, launched
    overlay(sample, "arabic")
    settings_for(sample)  # the fonts, subset once for the module
    build(Settings(project=sample, jobs=1, profiles=("web",)))
    folder = sample / "build/2017/web"
    arabic = sorted(p.name for p in folder.glob("*-ar.html"))
    assert arabic == ["annual-report-2017-ar.html", "factsheet-sample-action-ar.html"]
    for page in arabic:
        assert '<html lang="ar" dir="rtl">' in (folder / page).read_text()
    css = next(folder.glob("site-*.css")).read_text()
    assert 'font-family: "Noto Naskh Arabic"' in css and "U+600-6FF" in css  # as tinycss2 writes it
    pages = sorted(p.name for p in folder.glob("*.html"))
    assert len(pages) == 1 + 2 * 4  # the front door, a report and a factsheet per language
    with launched() as browser:
        problems = audit(folder, pages, widths=(360,), browser=browser)
        problems += audit(folder, arabic, widths=(768, 1280), browser=browser)
    assert [str(p) for p in problems] == []


def texts_of(sources, language: str):
    """The record texts a page in this language must show: the edition's and each Action's."""
    from pipeline.sources.markup import plain
    edition = sources.edition
    report = [edition.introduction, edition.outlook_text, edition.closing,
              *(a.text for a in edition.achievements), *(a.heading for a in edition.achievements)]
    shown = lambda text: plain(text[language]) if language in text.languages else None  # noqa
    return ([shown(t) for t in report],
            {a.id: [shown(t) for t in (a.summary, a.activities, a.results)]
             for a in sources.actions})


def words_of(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u00ad", "")
                    .split())


@pytest.fixture(scope="module")
def web_2017(edition_2017):
    """The 2017 web edition, built beside the session's PDFs of the real edition."""
    settings, _ = edition_2017
    if not (settings.build / "web-fonts").exists():
        shutil.copytree(FONT_CACHE, settings.build / "web-fonts")
    web = Settings(project=settings.project, year=2017, profiles=("web",))
    return web, build(web)


def test_the_2017_web_edition_shows_every_record_and_passes_the_browser_audit(web_2017,
                                                                             tmp_path):
    from lxml import html as lxml_html

    from pipeline.sources.assemble import read_sources
    from tests.browser import audit, launched
    settings, result = web_2017
    folder = settings.output_folder / "web"
    sources = read_sources(settings.project, 2017)
    pages = sorted(w.output.name.removeprefix("web/") for w in result.written)
    assert len(pages) == 3 + 11 * 3
    for code in sources.edition.languages:
        report, actions = texts_of(sources, code)
        page = words_of(lxml_html.fromstring(
            (folder / f"annual-report-2017-{code}.html").read_text()).text_content())
        assert all(words_of(text) in page for text in report if text)
        for action_id, texts in actions.items():
            page = words_of(lxml_html.fromstring((folder / f"factsheet-{action_id}-{code}.html")
                                                 .read_text()).text_content())
            assert all(words_of(text) in page for text in texts if text), action_id
    shots = tmp_path / "shots"
    with launched() as browser:
        # Every page at a phone's width; one report and one factsheet per language at a
        # tablet's and a desktop's too (the same CSS at those widths for every factsheet).
        problems = audit(folder, pages, widths=(360,), browser=browser)
        wide = [p for p in pages if p.startswith("annual-report") or "-niger-" in p]
        problems += audit(folder, wide, widths=(768, 1280), shots=shots, browser=browser)
    assert [str(p) for p in problems] == []
    assert len(list(shots.glob("*.png"))) == len(wide) * 2


OUTSIDE_THE_WINDOW = """(selector) => {
  const out = [];
  const walker = document.createTreeWalker(document.querySelector(selector), NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(text);
    if (text.data.trim() && [...range.getClientRects()].some(
        (box) => box.width && (box.left < 0 || box.right > window.innerWidth))) {
      out.push(text.data.trim());
    }
  }
  return out;
}"""


def test_on_a_phone_the_actions_of_the_year_are_all_in_the_window(web_2017):
    """The report's table of Actions stacks each Action's entry on a phone: no word of it is
    past the window's edge, to be scrolled to (the audit accepts a table scrolled in its box)."""
    from tests.browser import launched, load, served, tab
    settings, _ = web_2017
    with launched() as browser, served(settings.output_folder / "web") as base:
        page = tab(browser, base, [])
        for code in ("en", "fr", "es"):
            load(page, base, f"annual-report-2017-{code}.html", 360)
            assert page.evaluate(OUTSIDE_THE_WINDOW, ".action-list tbody") == [], code
            load(page, base, f"annual-report-2017-{code}.html", 1280)  # a table there
            assert page.evaluate("getComputedStyle(document.querySelector('.action-list tr'))"
                                 ".display") == "table-row"
        page.context.close()


def test_the_world_maps_outlines_are_one_picture_under_the_marks_of_each_report(web_2017):
    settings, _ = web_2017
    folder = settings.output_folder / "web"
    bases = set()
    for code in ("en", "fr", "es"):
        report = (folder / f"annual-report-2017-{code}.html").read_text()
        svg = re.search(r'<svg role="img"[^>]*class="map".*?</svg>', report, re.S).group(0)
        bases |= set(re.findall(r'<image href="(images/world-[0-9a-f]{12}\.svg)"', svg))
        assert "<title>" in svg and svg.count("<circle") >= 11  # its marks stay in the page
        assert "<path" not in svg.split("<image")[0]  # no outline in the page
    [base] = bases  # the same file for every language
    drawn = (folder / base).read_text()
    assert drawn.startswith("<svg") and drawn.count("<path") >= 5 and "<circle" not in drawn


def test_the_stylesheet_is_sent_without_comments_or_indents():
    css = 'a {\n    content: "/* kept */";  /* a note */\n    color: red;\n}\n/* gone */ b{}'
    assert _served(css) == b'a {\ncontent: "/* kept */";  \ncolor: red;\n}\nb{}'


def test_files_no_page_loads_any_more_are_removed(sample):
    settings = settings_for(sample, profiles=("web",))
    build(settings)
    folder = sample / "build/2017/web"
    stale = [folder / "site-000000000000.css", folder / "images/old-picture-480.webp",
             folder / "fonts/Old-latin-000000000000.woff2"]
    for path in stale:
        path.write_bytes(b"last year")
    kept = sorted(p for p in folder.rglob("*") if p.is_file() and p not in stale)
    (sample / PAGE).unlink()  # a build that writes a page tidies the folder
    build(settings)
    assert sorted(p for p in folder.rglob("*") if p.is_file()) == kept


def test_a_page_that_cannot_be_read_keeps_every_file(sample, tmp_path):
    settings = settings_for(sample, profiles=("web",))
    build(settings)
    folder = sample / "build/2017/web"
    stale = folder / "images/old-picture-480.webp"
    stale.write_bytes(b"last year")
    os.mkfifo(folder / "stray.html")  # build/ is not trusted: not read, and not guessed at
    (sample / PAGE).unlink()
    build(settings)
    assert stale.exists()
