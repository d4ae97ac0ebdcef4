"""Benchmark (`make bench`, not a test): synthetic editions built cold, again, and after one edit.

Prints, for each edition size: cold build wall time, pages per second, peak memory per
worker, no-op rebuild time, the time and the list of a one-Action rebuild; then two ratios
measured in the same run on the same HTML: the pipeline against a plain sequential loop of
WeasyPrint calls in one process, and against one WeasyPrint process per document.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pycountry
import yaml
from PIL import Image

from .maps import geography
from .build import build, rendered
from .config import REPOSITORY, Settings
from .kinds import FACTSHEET
from .maps.svg import Mark
from .maps.placed import MapUse, draw_maps
from .plan import outputs_for
from .pdf.writer import STAGES, pin_fonts
from .profiles import PROFILES
from .render import Layouts
from .sources.assemble import read_sources
from .web.bench import print_web, web_budget
from .workers import write_all
from .editing_bench import print_editing

LANGUAGES = ("en", "fr", "es")
DISTINCT_IMAGES = 24


def make_edition(folder: Path, actions: int, seed: int = 2017) -> Path:
    """A synthetic edition: the real programme, languages and themes, `actions` Actions whose
    texts recombine the real ones, a report featuring ten of them, and DISTINCT_IMAGES
    generated photos shared among the Actions (a real edition's photos would be distinct;
    renditions are cached per file, so this makes the image stage lighter than real life,
    not the PDF stage)."""
    rng = random.Random(seed)
    real_sources, sources = REPOSITORY / "sources", folder / "sources"
    year = sources / "editions" / "2017"
    for sub in ("actions", "images"):
        (year / sub).mkdir(parents=True)
    (sources / "actions").mkdir()
    (folder / "assets" / "images").mkdir(parents=True)
    shutil.copy(real_sources / "programme.yaml", sources / "programme.yaml")
    for shared in ("languages", "themes"):
        shutil.copytree(real_sources / shared, sources / shared)
    shutil.copytree(REPOSITORY / "assets" / "identity", folder / "assets" / "identity")
    for chapter in (real_sources / "editions/2017/images").glob("chapter-*.yaml"):
        shutil.copy(chapter, year / "images" / chapter.name)
        shutil.copy(REPOSITORY / "assets/images" / f"{chapter.stem}.jpg",
                    folder / "assets" / "images" / f"{chapter.stem}.jpg")
    real = [(_load(p), _load(real_sources / "editions/2017/actions" / p.name))
            for p in sorted((real_sources / "actions").glob("*.yaml"))]
    real_image = _load(real_sources / "editions/2017/images/niger-youth-guide.yaml")
    for index in range(DISTINCT_IMAGES):
        picture = Image.new("RGB", (16, 10))
        picture.putdata([tuple(rng.randrange(256) for _ in range(3)) for _ in range(160)])
        picture.resize((3000, 2000), Image.Resampling.BICUBIC).save(
            folder / "assets" / "images" / f"photo-{index:02d}.jpg", quality=85)
        _dump(year / "images" / f"photo-{index:02d}.yaml",
              dict(real_image, id=f"photo-{index:02d}", file=f"images/photo-{index:02d}.jpg"))
    countries = ["SL", "CF", "MW", "CI", "MU", "CR", "MX", "NE", "MD", "PH", "SN", "GH", "KE"]
    ids = []
    for index in range(actions):
        own, of_year = real[index % len(real)]
        action_id = f"action-{index:04d}"
        ids.append(action_id)
        _dump(sources / "actions" / f"{action_id}.yaml",
              {"id": action_id, "country": own.get("country") or rng.choice(countries),
               "theme": own["theme"]})
        _dump(year / "actions" / f"{action_id}.yaml",
              {key: value for key, value in of_year.items() if key != "coverage"}
              | {"id": action_id, "images": [f"photo-{index % DISTINCT_IMAGES:02d}"]})
    edition = _load(real_sources / "editions/2017/edition.yaml")
    edition["cover_image"] = "photo-00"
    for number, achievement in enumerate(edition["achievements"]):
        achievement["actions"] = ids[number * 2:number * 2 + 2]
    edition["factsheets"] = ids
    edition["published"] = "2017-12"
    _dump(year / "edition.yaml", edition)
    return folder


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, record: dict) -> None:
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), "utf-8")


def measure(size: int, scratch: Path) -> dict:
    project = make_edition(scratch / f"edition-{size}", size)
    settings = Settings(project=project, profiles=("office",))
    started = time.perf_counter()
    cold = build(settings)
    cold_seconds = time.perf_counter() - started
    worker_peak = max(w.worker_peak_mb for w in cold.written)
    started = time.perf_counter()
    noop = build(settings)
    noop_seconds = time.perf_counter() - started
    action = project / "sources" / "editions" / "2017" / "actions" / "action-0000.yaml"
    text = action.read_text(encoding="utf-8")
    assert "MIEUX" in text  # the edit must change what the Action says
    # A word more in its English summary (a space more would change no document).
    action.write_text(text.replace("MIEUX", "The MIEUX programme", 1), encoding="utf-8")
    started = time.perf_counter()
    edited = build(settings)
    edit_seconds = time.perf_counter() - started
    pages = sum(w.pages for w in cold.written)
    factsheets = [w for w in cold.written if w.output.kind == FACTSHEET]
    return {"size": size, "documents": len(cold.written), "pages": pages,
            "cold": cold_seconds, "pages_per_second": pages / cold_seconds,
            "stages": cold.seconds, "factsheets": len(factsheets),
            "worker_peak_mb": worker_peak, "noop": noop_seconds,
            "noop_up_to_date": len(noop.up_to_date), "edit": edit_seconds,
            "edit_list": sorted(w.output.name for w in edited.written)}


def baselines(project: Path, scratch: Path, count: int) -> dict:
    """The same `count` factsheet HTML documents three ways: plain sequential WeasyPrint in
    one process, one WeasyPrint process per document, and the pipeline's pool."""
    settings = Settings(project=project, profiles=("office",), kinds=(FACTSHEET.name,))
    sources = read_sources(project, 2017)
    documents, _ = rendered(sources, outputs_for(sources, settings)[:count], settings,
                            Layouts(settings.layouts))
    html_folder = scratch / "html"
    html_folder.mkdir(exist_ok=True)
    for index, document in enumerate(documents):
        (html_folder / f"{index}.html").write_text(document.html, encoding="utf-8")
        for number, css in enumerate(document.stylesheets):
            (html_folder / f"{index}-{number}.css").write_text(css, encoding="utf-8")
    pin_fonts(settings.fonts, settings.build)  # the plain loop sees the project's fonts too
    fonts_conf = settings.build / "fontconfig" / "fonts.conf"
    mounts = repr({k: str(v) for k, v in settings.mounts.items()})
    plain = (
        "import os, sys, time\n"
        f"os.environ['FONTCONFIG_FILE'] = {str(fonts_conf)!r}\n"
        "import weasyprint\n"
        "from pathlib import Path\n"
        "from pipeline.config import project_fetcher\n"
        f"fetcher = project_fetcher(weasyprint, {{k: Path(v) for k, v in {mounts}.items()}})\n"
        "folder = Path(sys.argv[1])\n"
        "for index in sys.argv[2:]:\n"
        "    sheets = [weasyprint.CSS(filename=str(p), url_fetcher=fetcher)\n"
        "              for p in sorted(folder.glob(f'{index}-*.css'))]\n"
        "    weasyprint.HTML(string=(folder / f'{index}.html').read_text(), "
        "base_url='file:///project/', url_fetcher=fetcher).write_pdf(\n"
        "        folder / f'{index}.pdf', stylesheets=sheets)\n")
    script = scratch / "plain.py"
    script.write_text(plain)
    indices = [str(i) for i in range(len(documents))]
    started = time.perf_counter()
    subprocess.run([sys.executable, str(script), str(html_folder), *indices], check=True,
                   cwd=REPOSITORY)
    sequential = time.perf_counter() - started
    started = time.perf_counter()
    for index in indices:
        subprocess.run([sys.executable, str(script), str(html_folder), index], check=True,
                       cwd=REPOSITORY)
    per_process = time.perf_counter() - started
    started = time.perf_counter()
    written, _ = write_all(documents, settings)  # the pipeline's own pool (it always writes)
    pipeline = time.perf_counter() - started
    without = [dataclasses.replace(d, html=LOCATOR.sub("", d.html)) for d in documents]
    assert all(len(a.html) < len(b.html) for a, b in zip(without, documents))
    started = time.perf_counter()
    unmapped, _ = write_all(without, settings)
    no_maps = time.perf_counter() - started
    assert len(written) == len(unmapped) == len(documents)  # a refused PDF would skew it all
    return {"count": len(documents), "sequential": sequential, "per_process": per_process,
            "pipeline": pipeline, "no_maps": no_maps,
            "budget": budget(written, unmapped, pipeline, settings.workers)}


# Milliseconds per factsheet each stage may take in a worker (office profile, A4, two cores):
# what the pipeline took on an idle machine when they were set (2026-12-03: layout 159,
# drawing 44, writing 16, preflight 5, maps 27, other 2, pool 29), with room for noise. A
# feature that costs more shows as a stage over its budget, and `make bench` fails until the
# budget is argued anew. Maps (a difference of two runs) and the pool (the wall's share) vary
# most: 6 to 41 and 29 to 45 ms in three runs. GOAL_MS: where issue 23 asks for less.
BUDGET_MS = {"layout": 220, "drawing": 60, "writing": 22, "preflight": 10, "maps": 50,
             "other": 5, "pool": 60}
GOAL_MS = {"preflight": 10, "maps": 10}


def budget(written, unmapped, wall: float, workers: int) -> dict[str, float]:
    """Milliseconds per factsheet in each stage, from the workers' own clocks: layout (every
    layout of it: ladders, page plan, copyfit), drawing (pages and fonts), writing (the PDF's
    bytes), preflight, maps (the same documents without their locator, written again), the
    rest of the worker's time, and the pool's (workers × wall, less the workers' time: starting
    them, each loading WeasyPrint, handing the documents over)."""
    count = len(written)
    totals = dict.fromkeys(STAGES, 0.0)
    for item in written:
        for stage, seconds in item.stages:
            totals[stage] += seconds
    busy = sum(item.seconds for item in written)
    totals["maps"] = busy - sum(item.seconds for item in unmapped)
    totals["other"] = busy - sum(totals[stage] for stage in STAGES)
    totals["pool"] = max(0.0, wall * min(workers, count) - busy)
    return {stage: 1000 * seconds / count for stage, seconds in totals.items()}


def print_budget(ms: dict[str, float]) -> list[str]:
    """The budget table; the stages over their budget."""
    total = sum(v for k, v in ms.items() if k != "maps")  # maps are part of layout and drawing
    print(f"  {'stage':10} {'ms/factsheet':>12} {'share':>6} {'budget':>7} {'goal':>5}")
    over = []
    for stage, value in ms.items():
        limit = BUDGET_MS[stage]
        flag = "  OVER" if value > limit else ""
        over += [stage] if flag else []
        share = f"{value / total:6.0%}" if stage != "maps" else "  (in)"
        goal = f"{GOAL_MS[stage]:5.0f}" if stage in GOAL_MS else " " * 5
        print(f"  {stage:10} {value:12.1f} {share} {limit:7.0f} {goal}{flag}")
    return over


LOCATOR = re.compile(r'<figure class="locator">.*?</figure>', re.S)


def map_cost(scratch: Path, count: int) -> dict:
    """Drawing locator maps: `count` countries spread over the world, from an empty cache
    (the first build of a new edition) and from the cache (every build after)."""
    codes = sorted(c.alpha_2 for c in pycountry.countries if geography.drawn(c.alpha_2))
    uses = [MapUse("locator", (Mark(0, (code,)),))
            for code in codes[::max(1, len(codes) // count)][:count]]
    layouts, fonts = REPOSITORY / "layouts", REPOSITORY / "assets" / "fonts"
    started = time.perf_counter()
    draw_maps(uses, PROFILES["office"], layouts, fonts, scratch / "maps")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    draw_maps(uses, PROFILES["office"], layouts, fonts, scratch / "maps")
    return {"count": len(uses), "cold": cold, "cached": time.perf_counter() - started}


def _print_size(m: dict) -> None:
    stages = ", ".join(f"{k} {v:.1f}" for k, v in m["stages"].items())
    print(f"\n{m['size']} Actions: {m['documents']} PDFs, {m['pages']} pages")
    print(f"  cold build        {m['cold']:7.1f} s  ({stages})")
    print(f"  pages per second  {m['pages_per_second']:7.1f}")
    print(f"  per factsheet     {1000 * m['cold'] / m['documents']:7.0f} ms effective")
    print(f"  peak RSS / worker {m['worker_peak_mb']:7.0f} MB")
    print(f"  no-op rebuild     {m['noop']:7.2f} s  ({m['noop_up_to_date']} up to date)")
    shown = ", ".join(name.split("/")[-1] for name in m["edit_list"][:6])
    more = f" and {len(m['edit_list']) - 6} more" if len(m["edit_list"]) > 6 else ""
    print(f"  one-Action edit   {m['edit']:7.1f} s  ({len(m['edit_list'])} rebuilt: {shown}{more})")


def _print_baselines(b: dict) -> list[str]:
    """The ratios and the budget table; the stages over budget."""
    print(f"\nsame HTML, {b['count']} factsheets:")
    print(f"  plain WeasyPrint, sequential, one process  {b['sequential']:6.1f} s")
    print(f"  plain WeasyPrint, one process per document {b['per_process']:6.1f} s")
    print(f"  pipeline (pool, reused CSS/fonts, + preflight) {b['pipeline']:6.1f} s")
    print(f"  ratio vs sequential loop   {b['sequential'] / b['pipeline']:5.2f}×  (goal ≥ 2.5×)")
    print(f"  ratio vs process per doc   {b['per_process'] / b['pipeline']:5.2f}×  (goal ≥ 4×)")
    print(f"  the same without the locator map {b['no_maps']:6.1f} s: the map costs "
          f"{1000 * (b['pipeline'] - b['no_maps']) / b['count']:+.0f} ms per factsheet "
          f"({b['pipeline'] / b['no_maps'] - 1:+.1%})")
    print("\nbudget per factsheet (worker time; maps = with minus without the locator):")
    return print_budget(b["budget"])


def _print_maps_and_preview(scratch: Path, args) -> None:
    m = map_cost(scratch, args.map_countries)
    print(f"\nlocator maps of {m['count']} countries: drawn {m['cold']:.1f} s "
          f"({1000 * m['cold'] / m['count']:.0f} ms each, once per country, profile and "
          f"design), from the cache {m['cached']:.2f} s")
    print_editing(scratch, args.preview_edits)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__)
    parser.add_argument("--sizes", default="100,1000", help="edition sizes, in Actions")
    parser.add_argument("--baseline-documents", type=int, default=40)
    parser.add_argument("--map-countries", type=int, default=40)
    parser.add_argument("--preview-edits", type=int, default=5)
    parser.add_argument("--budget-only", action="store_true",
                        help="only the plain loops, the pipeline and the budget table")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="mieux-bench-"))
    try:
        print(f"machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()}"
              f" cores; office profile (A4): every Action's factsheet × {len(LANGUAGES)} "
              "languages + the report")
        sizes = [int(s) for s in args.sizes.split(",")]
        if args.budget_only:  # the budget table alone, on the first size's edition
            make_edition(scratch / f"edition-{sizes[0]}", sizes[0])
        for size in () if args.budget_only else sizes:
            _print_size(measure(size, scratch))
        over = _print_baselines(baselines(scratch / f"edition-{sizes[0]}", scratch,
                                          args.baseline_documents))
        if not args.budget_only:
            _print_maps_and_preview(scratch, args)
            over += print_web(web_budget(scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if over:
        print(f"\nover budget: {', '.join(over)} (BUDGET_MS in pipeline/bench.py)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
