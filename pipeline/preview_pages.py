"""The preview's own pages: the list of an edition's documents, a document's pages (one
language, or every language side by side), and the copyfit note beside each factsheet. Every
value from the project is escaped."""

from __future__ import annotations

import functools
import html
from pathlib import Path
from urllib.parse import quote

from .config import Settings


def _problems(preview) -> str:
    if not preview.edition.problems:
        return ""
    lines = "".join(f"<li><code>{html.escape(line)}</code></li>"
                    for line in preview.edition.problems)
    return (f'<div id="problems" role="alert"><h2>The sources have {len(preview.edition.problems)}'
            f' problem(s); the pages below are the last good ones</h2><ul>{lines}</ul></div>')


def _status(preview) -> str:
    state = "building…" if preview.edition.building else \
        f"up to date (last build {preview.edition.last_build:.1f} s)"
    return f'<p id="status" data-version="{preview.edition.version}">{state}</p>'


def _fit(preview, shown) -> str:
    """The copyfit model's word on a factsheet: characters left in its text column, or over."""
    note = preview.edition.fits.get((shown.about, shown.language))
    return f' · <span class="fit">copyfit: {html.escape(note)}</span>' if note else ""


def index_page(preview) -> str:
    rows = []
    for name, shown in sorted(preview.edition.documents.items()):
        thumb = (f'<img src="{shown.pages[0].image}" width="{shown.pages[0].width // 3}" '
                 f'height="{shown.pages[0].height // 3}" alt="">' if shown.pages else "")
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in shown.problems)
        rows.append(
            f'<li class="document"><a href="/document/{quote(name)}">{thumb}'
            f'<span class="name">{html.escape(name)}</span></a>'
            f'<span class="facts">{shown.kind} · {shown.language} · {name.split("/")[0]} · '
            f'{len(shown.pages)} page(s)'
            + (f' · {shown.pending} text(s) pending translation' if shown.pending else "")
            + _fit(preview, shown) + "</span>"
            + (f'<ul class="document-problems">{problems}</ul>' if problems else "") + "</li>")
    return (f"<h1>Edition {preview.settings.year}</h1>{_status(preview)}{_problems(preview)}"
            f'<ul class="documents">{"".join(rows)}</ul>')


def document_page(preview, name: str, all_languages: bool) -> str:
    shown = preview.edition.documents[name]
    family = [shown]
    if all_languages:
        family = sorted((other for other in preview.edition.documents.values()
                         if other.kind == shown.kind and other.about == shown.about
                         and other.name.split("/")[0] == name.split("/")[0]),
                        key=lambda other: (other.language != shown.language, other.language))
    columns = []
    for document in family:
        pages = "".join(
            f'<figure class="page" id="{html.escape(document.language)}-p{n}">'
            f'<img src="{page.image}" width="{page.width}" height="{page.height}" '
            f'alt="page {n}"><figcaption>{n}</figcaption>'
            f'<details><summary>text</summary><pre class="page-text">{html.escape(page.text)}'
            f"</pre></details></figure>"
            for n, page in enumerate(document.pages, 1))
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in document.problems)
        columns.append(f'<section class="column" lang="{html.escape(document.language)}">'
                       f"<h2>{html.escape(document.name)}</h2>"
                       f'<p class="facts">{html.escape(document.language)}'
                       f'{_fit(preview, document)}</p>'
                       + (f'<ul class="document-problems">{problems}</ul>' if problems else "")
                       + pages + "</section>")
    toggle = (f'<a href="/document/{quote(name)}">this language only</a>' if all_languages else
              f'<a href="/document/{quote(name)}?languages=all">every language side by side</a>')
    page = f"{Path(name).stem}.html"  # the document's web page, if `make web` wrote it
    web = (f' · <a href="/web/{quote(page)}">web page</a>'
           if (preview.settings.output_folder / "web" / page).is_file() else "")
    return (f'<p class="nav"><a href="/">all documents</a> · {toggle} · '
            f'<a href="/pdf/{quote(name)}">PDF</a>{web}</p>{_status(preview)}'
            f'{_problems(preview)}<div class="columns">{"".join(columns)}</div>')


STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #e8e8e8; color: #1a1a1a; }
main { padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 8px 0; }
#status { color: #555; margin: 0 0 12px; }
.documents { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 16px; }
.document { background: #fff; padding: 8px; width: 220px; }
.document img { display: block; border: 1px solid #ccc; margin-bottom: 4px; }
.document .name { display: block; font-weight: 600; word-break: break-all; }
.facts { color: #555; font-size: 12px; }
.document-problems { color: #9b1c1c; font-size: 12px; padding-left: 16px; }
.columns { display: flex; gap: 24px; align-items: flex-start; }
.page { margin: 0 0 16px; } .page img { display: block; background: #fff;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); }
.page figcaption { color: #555; font-size: 12px; }
.page-text { white-space: pre-wrap; font-size: 11px; max-width: 600px; }
#problems { position: fixed; inset: 16px 16px auto 16px; background: #fff4f4;
  border: 2px solid #9b1c1c; padding: 12px 16px; box-shadow: 0 4px 16px rgba(0,0,0,.3);
  max-height: 60vh; overflow: auto; z-index: 2; }
#problems h2 { color: #9b1c1c; margin-top: 0; } #problems code { white-space: pre-wrap; }
"""

# The page fetches its own content again on every change and puts it in place: no reload, so
# the scroll position and an open side-by-side view stay.
SCRIPT = """
const here = location.pathname.startsWith('/document/')
  ? decodeURIComponent(location.pathname.slice('/document/'.length)) : '';
const events = new EventSource('/events?document=' + encodeURIComponent(here));
events.addEventListener('change', async () => {
  const url = new URL(location.href); url.searchParams.set('part', '1');
  const response = await fetch(url, {cache: 'no-store'});
  if (response.ok) document.querySelector('main').innerHTML = await response.text();
});
"""


def frame(body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Preview</title><style>{STYLE}</style></head>"
            f"<body><main>{body}</main><script>{SCRIPT}</script></body></html>")


def copyfit_notes(settings: Settings) -> dict[tuple[str, str], str]:
    """The copyfit model's word on each factsheet (office paper, each language): characters
    of running text left, or over, in the design its languages share (designs.py)."""
    from . import designs  # noqa: PLC0415
    from .kinds import FACTSHEET  # noqa: PLC0415
    from .render import Layouts, Words  # noqa: PLC0415
    from .sources.assemble import read_sources  # noqa: PLC0415

    sources = read_sources(settings.project, settings.year, settings.draft)
    layouts, notes, sheet = Layouts(settings.layouts), {}, designs.Sheet.of(settings.paper_size)
    say = functools.cache(lambda language: Words.of(sources, language, layouts))
    for action in (a for a in sources.actions if a.id in sources.edition.factsheets):
        around = designs.around_of(sources, action, say)
        languages = FACTSHEET.languages_of(sources, action)
        chosen = designs.design(action, languages, say, around, (sheet,)) or designs.DESIGNS[-1]
        for language in languages:
            words, near = say(language), around(language)
            fit = designs.estimate(action, words, chosen, sheet, near)
            left = designs.room(action, words, "activities", chosen, sheet, near)
            notes[action.id, language] = (f"{fit.characters} characters over ({fit.field})"
                                          if fit.over else f"{left} characters left") + \
                f" · {chosen.name} design, {sheet.name.upper()}"
    return notes
