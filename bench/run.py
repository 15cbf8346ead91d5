"""Measure every budget of the build in one run, on this machine, and write the table.

    python bench/run.py               # national library: 2,000 case studies, about 2,700 pages
    python bench/run.py --scale 0.05  # a small library, for a quick check
    python bench/run.py --growth      # cold builds at 1/4, 1/2, 1, 2 and 4 times the national size
    python bench/run.py --serve-only  # lekgotla serve: start, and one edit until it shows (measure_serve.py)

One run writes a fresh synthetic library (bench/make_library.py), then times, each
in its own process: a cold ``lekgotla build``; the baseline, a plain mkdocs-material
build of the same number of markdown pages with a small navigation (and the same
search indexing); a rebuild with nothing changed; a rebuild after editing one case
study. The table goes to stdout, to bench/results/<timestamp>.md and to BENCHMARKS.md.

Peak memory is the largest sum of the resident set sizes (VmRSS) of the build
process and all its descendants, sampled from /proc every 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.make_library import write_library  # noqa: E402
from bench.measure_serve import serve_figures  # noqa: E402

RESULTS = REPO / "bench" / "results"
CACHE_DIR = ".lekgotla-cache"
FIRST_QUERY = "water"  # a single word, as issue 5's budget reads

# Budgets of issue 15 (national scale, cheaply); KB, MB and GB are powers of 1000
# (the stricter reading). Ratios are wall time against the same-run baseline, with
# everything Lekgotla does included.
COLD_RATIO_BUDGET = 1.5  # issue 26 (2.0 in issue 15)
REBUILD_RATIO_BUDGET = 1.2
EDIT_RATIO_BUDGET = 1.5
PEAK_RSS_BUDGET = 1_000_000_000  # issue 26 (1.5 GB in issue 15)
SITE_BYTES_BUDGET = 150_000_000
SITE_FILES_BUDGET = 10_000
GROWTH_EXPONENT_BUDGET = 1.1
GROWTH_SCALES = (0.25, 0.5, 1.0, 2.0, 4.0)  # to 4x since issue 26
SERVE_EDIT_BUDGET = 2.0  # issue 26: seconds from saving one case study until its served page shows it
SERVE_TITLE_BUDGET = 2.0  # issue 26: seconds until the lists show a changed title
# Budgets of earlier issues that still hold.
OWN_SHARE_BUDGET = 0.10  # issue 3: our own steps in a rebuild with nothing changed
CASE_STUDY_HTML_BUDGET = 30_000  # issue 3
RUN_SECONDS_BUDGET = 600  # issue 3, this benchmark without --growth
CHART_MS_BUDGET = 25  # issue 4, average drawing time per chart at national scale
RELATED_COLD_BUDGET = 6.0  # issue 5, seconds for every related list, cold
RELATED_WARM_BUDGET = 1.0  # issue 5, seconds when nothing changed
SEARCH_BYTES_BUDGET = 160_000  # issue 5, first single-word query, cold cache
PAGE_COLD_BUDGET = 250_000  # issue 7, a case study with a cold cache
PAGE_WARM_BUDGET = 40_000  # issue 7, a second case study with the cache warm

# Step timings in the build's stats that are work a plain site also does, so they
# are not "our own share" of a rebuild (the baseline runs the same work).
SHARED_STEPS = {"pagefind_seconds"}


INTRO = """# Benchmarks

Written by `python bench/run.py` (see its docstring); do not edit by hand, except the
section on budgets not met, which people write and each run keeps. Each run
writes a synthetic national library with `bench/make_library.py` (all 257
municipalities, 2,000 case studies, 100 toolkits, five service areas with twelve
indicators, ten years of values) and measures, on the machine it runs on:

- a cold `lekgotla build` (no `.lekgotla-cache/`, no `site/`), and in the same run the
  **baseline**: a plain mkdocs-material build, without the Lekgotla plugin, of the same
  number of markdown pages (the library's case studies and toolkits, then short pages
  of links standing in for the generated index pages) with a three-entry navigation
  and the same Pagefind indexing of the built site; the ratios to the baseline include
  everything Lekgotla does;
- a rebuild with nothing changed, and one after appending a paragraph to one case
  study, each against the baseline; "our own share" is the time of Lekgotla's own
  steps (loading, validation, pages, charts, related practices) in the rebuild;
- the site: size, files, pages, median case-study page;
- charts (issue 4), related practices and search bytes (issue 5), and the page weight
  of a case study a reader pays for (issue 7), each against its own budget.

Timings on a shared 2-core machine vary from run to run by 10% or more; the ratios
are measured in one run to cancel most of that out. `python bench/run.py --growth`
writes the Growth section: cold builds at a quarter, half, one, two and four times the
national size, with the exponent fitted to cost against the library's size (its case
studies and toolkits, what the scale multiplies) and, for comparison, against pages.
"""


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the process tree
    peak_rss: int  # bytes, whole process tree
    stats: dict


# ----- running and sampling a build -------------------------------------

def measure(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run ``command`` to completion; wall time, CPU time and peak RSS of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"`{' '.join(command)}` failed in {cwd}:\n{output.decode(errors='replace')[-4000:]}")
    return Run(seconds, cpu, peak[0], {})


def _tree_rss(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (FileNotFoundError, ProcessLookupError, AttributeError):
            continue  # the process ended between two reads
    return total


def lekgotla_build(library: Path) -> Run:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
           "NO_MKDOCS_2_WARNING": "1"}
    run = measure([sys.executable, "-m", "generator.cli.commands", "build", "-f", "mkdocs.yml"], library, env)
    run.stats = json.loads((library / CACHE_DIR / "last-build.json").read_text(encoding="utf-8"))
    return run


# ----- the baseline ------------------------------------------------------

def write_baseline(library: Path, target: Path, pages: int) -> dict:
    """A plain mkdocs-material project with ``pages`` markdown pages and a small nav.

    Its pages are the library's own case studies and toolkits (front matter
    stripped, the title as heading); the rest, standing in for the index pages
    Lekgotla generates, are short pages of summaries.
    """
    if target.exists():
        shutil.rmtree(target)
    docs = target / "docs"
    docs.mkdir(parents=True)
    sources = sorted((library / "content" / "case-studies").glob("*.md")) + \
        sorted((library / "content" / "toolkits").glob("*.md"))
    summaries = []
    written = 0
    for path in sources[:pages]:
        meta, body = _split_front_matter(path.read_text(encoding="utf-8"))
        summaries.append(meta.get("summary", ""))
        folder = docs / path.parent.name
        folder.mkdir(exist_ok=True)
        (folder / path.name).write_text(f"# {meta.get('title', path.stem)}\n\n{body}", encoding="utf-8")
        written += 1
    (docs / "index.md").write_text("# Baseline\n\nA plain mkdocs-material site of the same size.\n", encoding="utf-8")
    written += 1
    extra = docs / "pages"
    extra.mkdir()
    for n in range(pages - written):
        lines = [f"- [{s[:60]}](../case-studies/{sources[(n + i) % len(sources)].name})"
                 for i, s in enumerate(summaries[n % len(summaries):][:20])]
        (extra / f"page-{n}.md").write_text(f"# Page {n}\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    config = yaml.safe_load((library / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    plugins = [p for p in config.get("plugins", []) if _plugin_name(p) != "lekgotla"]
    first_case = sources[0].name
    baseline = {
        "site_name": "Baseline", "docs_dir": "docs", "site_dir": "site", "theme": theme,
        "plugins": plugins, "markdown_extensions": config.get("markdown_extensions", []),
        "nav": [{"Home": "index.md"}, {"Case studies": f"case-studies/{first_case}"},
                {"More": "pages/page-0.md"} if pages > written else {"Again": "index.md"}],
        "validation": {"nav": {"omitted_files": "info"}, "links": {"not_found": "info"}},
    }
    (target / "mkdocs.yml").write_text(yaml.safe_dump(baseline, sort_keys=False), encoding="utf-8")
    return baseline


def _split_front_matter(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _plugin_name(entry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def baseline_build(target: Path, with_pagefind: bool) -> Run:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml"]
    if with_pagefind:  # the same indexing a Lekgotla build runs, in the same process tree
        command = [sys.executable, "-c", "import subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
                   "import bench.run as r; r.pagefind_index('site')", *command]
        env["PYTHONPATH"] = str(REPO)
    return measure(command, target, env)


def pagefind_index(site_dir: str) -> None:
    """Index a built site with Pagefind's Python API as generator/site/search_index.py does (the same
    configuration; the files are written when the index closes)."""
    from pagefind.index import IndexConfig, PagefindIndex

    from generator.site.search_index import lean_allocator

    async def index() -> None:
        config = IndexConfig(output_path=str(Path(site_dir).resolve() / "pagefind"), force_language="en")
        async with PagefindIndex(config=config) as pf:
            await pf.add_directory(str(Path(site_dir).resolve()))

    with lean_allocator():
        asyncio.run(index())


def uses_pagefind(library: Path, stats: dict) -> bool:
    config = yaml.safe_load((library / "mkdocs.yml").read_text(encoding="utf-8"))
    lunr = "search" in {_plugin_name(p) for p in config.get("plugins", [])}
    return "pagefind_seconds" in stats or (importlib.util.find_spec("pagefind") is not None and not lunr)


# ----- figures of the built site ----------------------------------------

def site_figures(site: Path) -> dict:
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    case_pages = [p.stat().st_size for p in (site / "case-studies").glob("*/index.html")]
    return {"bytes": sum(sizes), "files": len(sizes), "html_pages": sum(1 for _ in site.rglob("*.html")),
            "median_case_study": int(statistics.median(case_pages)) if case_pages else 0}


def search_figures(site: Path) -> dict:
    """Bytes of a first query and search bytes of a plain page load (bench/measure_search.py)."""
    from bench.measure_search import first_query_bytes as measure_query
    return _in_browser(measure_query, site, FIRST_QUERY)


def weight_figures(site: Path) -> dict:
    """A case study with a cold cache, then another with the cache warm (bench/measure_weight.py)."""
    from bench.measure_weight import page_weight
    return _in_browser(page_weight, site)


def _in_browser(measure, *args) -> dict:
    # A search that shows nothing (say, a broken index) is a finding for the table, not a crash.
    try:
        return measure(*args)
    except Exception as error:  # noqa: BLE001 - playwright raises its own error types
        return {"error": f"{type(error).__name__}: {str(error).splitlines()[0]}"}


def edit_one_case_study(library: Path) -> str:
    path = sorted((library / "content" / "case-studies").glob("*.md"))[len(library.name) % 7]
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n## Update\n\nThe municipality reported progress to the council this quarter.\n")
    return path.name


def own_seconds(stats: dict) -> float:
    """Our own steps (loading, validation, pages, charts, related...): every *_seconds figure but shared work."""
    return sum(v for k, v in stats.items() if k.endswith("_seconds") and k not in SHARED_STEPS)


# ----- the table ---------------------------------------------------------

def mb(n: float) -> str:
    return f"{n / 1_000_000:,.0f} MB" if n >= 10_000_000 else f"{n / 1_000_000:,.1f} MB"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**MISSED**"


def table(f: dict) -> str:
    cold, base, warm, edit = f["cold"], f["baseline"], f["rebuild"], f["edit"]
    cold_ratio, cpu_ratio = cold.seconds / base.seconds, cold.cpu_seconds / base.cpu_seconds
    warm_ratio, edit_ratio = warm.seconds / base.seconds, edit.seconds / base.seconds
    share_warm = own_seconds(warm.stats) / warm.seconds
    share_edit = own_seconds(edit.stats) / edit.seconds
    site = f["site"]
    stats = cold.stats
    rows = [
        ("cold `lekgotla build`: wall time (CPU time)", f"{cold.seconds:.1f} s ({cold.cpu_seconds:.1f} s)", "", ""),
        ("cold build: our own steps", _steps(stats), "", ""),
        ("cold build: Pagefind indexing (work a plain site also does), wall time",
         f"{stats['pagefind_seconds']:.1f} s" if "pagefind_seconds" in stats else "not run", "", ""),
        ("baseline: plain mkdocs-material, same page count, small nav" + (" + Pagefind" if f["pagefind"] else ""),
         f"{base.seconds:.1f} s ({base.cpu_seconds:.1f} s CPU), {f['baseline_pages']} pages", "", ""),
        ("cold build / baseline, wall time, everything included (CPU time)",
         f"{cold_ratio:.2f} × ({cpu_ratio:.2f} ×)", f"≤ {COLD_RATIO_BUDGET} ×", verdict(cold_ratio <= COLD_RATIO_BUDGET)),
        ("rebuild, nothing changed: wall time (CPU time)", f"{warm.seconds:.1f} s ({warm.cpu_seconds:.1f} s)", "", ""),
        ("rebuild, nothing changed / baseline, wall time", f"{warm_ratio:.2f} ×", f"≤ {REBUILD_RATIO_BUDGET} ×",
         verdict(warm_ratio <= REBUILD_RATIO_BUDGET)),
        ("rebuild, nothing changed: our own share", f"{own_seconds(warm.stats):.2f} s = {share_warm:.1%}",
         f"≤ {OWN_SHARE_BUDGET:.0%}", verdict(share_warm <= OWN_SHARE_BUDGET)),
        ("rebuild after editing one case study: wall time (CPU time)", f"{edit.seconds:.1f} s ({edit.cpu_seconds:.1f} s)",
         "", ""),
        ("rebuild after one edit / baseline, wall time", f"{edit_ratio:.2f} ×", f"≤ {EDIT_RATIO_BUDGET} ×",
         verdict(edit_ratio <= EDIT_RATIO_BUDGET)),
        ("rebuild after one edit: our own share", f"{own_seconds(edit.stats):.2f} s = {share_edit:.1%}", "", ""),
        ("peak memory, whole process tree (cold build)", mb(cold.peak_rss), f"≤ {mb(PEAK_RSS_BUDGET)}",
         verdict(cold.peak_rss <= PEAK_RSS_BUDGET)),
        ("peak memory, baseline", mb(base.peak_rss), "", ""),
        ("site size", mb(site["bytes"]), f"≤ {mb(SITE_BYTES_BUDGET)}", verdict(site["bytes"] <= SITE_BYTES_BUDGET)),
        ("site files", f"{site['files']:,}", f"≤ {SITE_FILES_BUDGET:,}", verdict(site["files"] <= SITE_FILES_BUDGET)),
        ("baseline site: size, files (for scale: the same case studies and toolkits as plain pages)",
         f"{mb(f['baseline_site']['bytes'])}, {f['baseline_site']['files']:,}", "", ""),
        ("pages (HTML files)", f"{site['html_pages']:,} ({stats.get('pages', '?')} generated)", "", ""),
        ("median case-study page (HTML)", f"{site['median_case_study'] / 1000:.1f} KB",
         f"≤ {CASE_STUDY_HTML_BUDGET // 1000} KB", verdict(site["median_case_study"] <= CASE_STUDY_HTML_BUDGET)),
        *_chart_rows(stats, warm.stats, edit.stats),
        *_related_rows(stats, warm.stats),
        *_search_rows(f["search"]),
        *_weight_rows(f["weight"]),
        ("this benchmark run", f"{f['run_seconds']:.0f} s", f"≤ {RUN_SECONDS_BUDGET // 60} min",
         verdict(f["run_seconds"] <= RUN_SECONDS_BUDGET)),
    ]
    return _markdown_table(["measure", "value", "budget", ""], rows)


def _markdown_table(header: list[str], rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _chart_rows(cold: dict, warm: dict, edit: dict) -> list[tuple[str, str, str, str]]:
    if "charts_rendered" not in cold:
        return [("charts rendered; ms per chart", "not reported", "", "")]
    ms = cold["chart_ms_per_chart"]
    return [
        ("charts (cold build): rendered; ms per chart, average drawing time",
         f"{cold['charts_rendered']:,} of {cold['charts']:,}; {ms:.1f} ms ({cold['charts_seconds']:.1f} s wall "
         f"on {os.cpu_count()} cores)", f"≤ {CHART_MS_BUDGET} ms", verdict(ms <= CHART_MS_BUDGET)),
        ("charts rendered by a rebuild with nothing changed", f"{warm.get('charts_rendered', '?')}", "0",
         verdict(warm.get("charts_rendered") == 0)),
        ("charts rendered by a rebuild after one edit", f"{edit.get('charts_rendered', '?')}", "", ""),
    ]


def _related_rows(cold: dict, warm: dict) -> list[tuple[str, str, str, str]]:
    if "related_seconds" not in cold:
        return [("related practices", "not reported", "", "")]
    return [
        ("related practices, cold: all lists (ms per document)",
         f"{cold['related_seconds']:.2f} s ({cold['related_ms_per_doc']:.2f} ms)", f"≤ {RELATED_COLD_BUDGET:g} s",
         verdict(cold["related_seconds"] <= RELATED_COLD_BUDGET)),
        ("related practices, nothing changed", f"{warm['related_seconds']:.3f} s",
         f"≤ {RELATED_WARM_BUDGET:g} s", verdict(warm["related_seconds"] <= RELATED_WARM_BUDGET)),
    ]


def _search_rows(search: dict) -> list[tuple[str, str, str, str]]:
    if "error" in search:
        return [(f"search: bytes fetched for a first query (“{FIRST_QUERY}”), cold cache",
                 f"failed: {search['error']}", f"≤ {SEARCH_BYTES_BUDGET // 1000} KB", verdict(False))]
    return [
        (f"search: bytes fetched for a first query (“{search['query']}”), cold cache",
         f"{search['bytes'] / 1000:.1f} KB in {search['requests']} requests, {search['results_shown']} results shown",
         f"≤ {SEARCH_BYTES_BUDGET // 1000} KB", verdict(search["bytes"] <= SEARCH_BYTES_BUDGET and
                                                         search["results_shown"] > 0)),
        ("search data fetched by a page load without search", f"{search['page_load_search_bytes']:,} B", "0 B",
         verdict(search["page_load_search_bytes"] == 0)),
    ]


def _weight_rows(weight: dict) -> list[tuple[str, str, str, str]]:
    if "error" in weight:
        return [("page weight of a case study", f"failed: {weight['error']}", "", verdict(False))]
    first, second = weight["first"], weight["second"]
    return [
        ("page weight: a case study, cold cache (compressed bytes, requests)",
         f"{first['bytes'] / 1000:.1f} KB, {first['requests']} requests", f"≤ {PAGE_COLD_BUDGET // 1000} KB",
         verdict(first["bytes"] <= PAGE_COLD_BUDGET)),
        ("page weight: a second case study, cache warm (compressed bytes, requests)",
         f"{second['bytes'] / 1000:.1f} KB, {second['requests']} requests", f"≤ {PAGE_WARM_BUDGET // 1000} KB",
         verdict(second["bytes"] <= PAGE_WARM_BUDGET)),
    ]


def _steps(stats: dict) -> str:
    steps = [f"{k.removesuffix('_seconds')} {v:.1f} s" for k, v in stats.items()
             if k.endswith("_seconds") and k not in SHARED_STEPS]
    return ", ".join(steps) or "not reported"


def _slot(stats: dict, first: str, second: str, form: str) -> str:
    if first not in stats:
        return "not yet measured"
    return form.format(stats[first], stats.get(second, float("nan")))


def report(f: dict, scale: float, seed: int) -> str:
    counts = f["counts"]
    return "\n".join([
        f"Measured {f['when']} on {platform.node() or 'this machine'} ({os.cpu_count()} cores, "
        f"Python {platform.python_version()}) by `python bench/run.py{'' if scale == 1 else f' --scale {scale:g}'}`"
        f"{'' if seed == 1 else f' --seed {seed}'}.",
        f"Library: {counts['case_studies']:,} case studies, {counts['toolkits']:,} toolkits, "
        f"{counts['municipalities']} municipalities, {counts['indicators']} indicators, "
        f"{counts['observations']:,} indicator values.",
        "",
        table(f),
        "",
        "Ratios are of wall time, as the budgets read; CPU time (user + system, from getrusage of the "
        "child processes), which other work on the machine disturbs less, is given beside them.",
        "Peak memory: the largest sum of VmRSS over the build process and its descendants, sampled every 50 ms.",
        "Our own share: the build's `*_seconds` step figures (from .lekgotla-cache/last-build.json) "
        "divided by the rebuild's wall time (both wall clock).",
        "Like with like: the baseline runs Pagefind over its site as Lekgotla does; the ratios include "
        "everything Lekgotla does (charts, related practices, analysis), which also have rows of their own.",
        "Search and page weight: headless chromium with a fresh profile against a local server that gzips "
        "text as a static host does and, like GitHub Pages, lets files be cached for ten minutes "
        "(bench/measure_search.py, bench/measure_weight.py); the page weight is counted where the "
        f"bytes leave the server, headers included, for {_pages(f['weight'])} in a 360 px wide window.",
    ])


def _pages(weight: dict) -> str:
    if "error" in weight:
        return "two case studies"
    return f"`{weight['first']['page']}` then `{weight['second']['page']}`"


# ----- growth ------------------------------------------------------------

def growth(scales: tuple[float, ...], seed: int, say) -> list[dict]:
    """A cold build of the library at each scale: its size, time and memory."""
    rows = []
    for scale in scales:
        library = REPO / "bench" / "libraries" / f"growth-{scale:g}"
        say(f"growth: writing the library at {scale:g} × national")
        shutil.rmtree(library, ignore_errors=True)
        counts = write_library(library, seed, scale)
        say(f"growth: cold build at {scale:g} ×")
        run = lekgotla_build(library)
        site = site_figures(library / "site")
        rows.append({"scale": scale, "case_studies": counts["case_studies"],
                     "documents": counts["case_studies"] + counts["toolkits"], "pages": site["html_pages"],
                     "seconds": run.seconds, "cpu_seconds": run.cpu_seconds, "peak_rss": run.peak_rss,
                     "site_bytes": site["bytes"], "site_files": site["files"]})
        shutil.rmtree(library, ignore_errors=True)  # a 2 × library is large; keep the disk free
    return rows


def fitted_exponent(sizes: list[float], costs: list[float]) -> float:
    """b in cost = a · size^b, by least squares on the logarithms."""
    xs, ys = [math.log(s) for s in sizes], [math.log(c) for c in costs]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)


def growth_report(rows: list[dict], when: str) -> str:
    scales = ", ".join(f"{r['scale']:g}" for r in rows)
    table_rows = [(f"{r['scale']:g} ×", f"{r['case_studies']:,}", f"{r['pages']:,}", f"{r['seconds']:.1f} s",
                   f"{r['cpu_seconds']:.1f} s", mb(r["peak_rss"]), mb(r["site_bytes"]), f"{r['site_files']:,}")
                  for r in rows]
    costs = (("wall time", "seconds"), ("CPU time", "cpu_seconds"), ("peak memory", "peak_rss"),
             ("site bytes", "site_bytes"))
    against = {size: [(name, fitted_exponent([r[size] for r in rows], [r[key] for r in rows])) for name, key in costs]
               for size in ("documents", "pages")}
    return "\n".join([
        f"Measured {when} by `python bench/run.py --growth`: a cold build of the synthetic library at "
        f"{scales} times the national size. "
        "The scale multiplies case studies and toolkits; the 257 municipalities and their indicator values "
        "are the same at every size, as they are in the country.",
        "",
        _markdown_table(["scale", "case studies", "pages", "wall time", "CPU time", "peak memory", "site",
                         "files"], table_rows),
        "",
        _markdown_table(["cost against the library's size", "fitted exponent", "budget", ""],
                        [(name, f"{b:.2f}", f"≤ {GROWTH_EXPONENT_BUDGET}", verdict(b <= GROWTH_EXPONENT_BUDGET))
                         for name, b in against["documents"]]),
        "",
        _markdown_table(["cost against pages, for comparison", "fitted exponent"],
                        [(name, f"{b:.2f}") for name, b in against["pages"]]),
        "",
        "The exponent b fits cost = a · size^b by least squares on the logarithms; b ≤ 1 means the cost grows "
        "no faster than the size. The library's size is its documents (case studies and toolkits), what the "
        "scale multiplies. Pages are a poorer measure of it: about 700 of them (municipalities, indicators, "
        "lists) are the same at every scale, so a cost that follows the documents, as Pagefind's memory "
        "follows the text it indexes, fits an exponent above 1 against pages although it is linear in the library.",
    ])


def serve_report(f: dict, counts: dict, scale: float, seed: int, when: str, load_before: tuple) -> str:
    """The serve measure's table: what a contributor waits for with `lekgotla serve` (issue 26)."""
    edits = ", ".join(f"{s:.2f}" for s in f["edit_seconds"])
    rows = [
        ("Serve start, cold (no cache)", f"{f['start_cold_seconds']:.1f} s", "", ""),
        ("Serve start, warm", f"{f['start_warm_seconds']:.1f} s", "", ""),
        (f"One edit until its page shows it, median of {len(f['edit_seconds'])}",
         f"{f['edit_median_seconds']:.2f} s ({edits})", f"≤ {SERVE_EDIT_BUDGET:g} s",
         verdict(f["edit_median_seconds"] <= SERVE_EDIT_BUDGET)),
        (f"A changed title until its {f['title_lists']} lists show it", f"{f['title_lists_seconds']:.2f} s",
         f"≤ {SERVE_TITLE_BUDGET:g} s", verdict(f["title_lists_seconds"] <= SERVE_TITLE_BUDGET)),
        (f"… until all {f['title_pages']} pages showing it do", f"{f['title_all_seconds']:.2f} s", "", ""),
    ]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    before = ", ".join(f"{x:.1f}" for x in load_before)
    return "\n\n".join([
        f"Run {when} on {platform.node()} ({os.cpu_count()} cores, load average {load} at the end), "
        f"scale {scale:g}, seed {seed}: {counts.get('case_studies', '?'):,} case studies; load average {before} "
        "at the start (the machine is shared: the load says how much of its two cores the measure had).",
        _markdown_table(["measure", "value", "budget", ""], rows),
        "`lekgotla serve --port 0` in its own process, read over HTTP only (bench/measure_serve.py). "
        "Start: from starting the command until it says it serves. An edit: a sentence appended to a case "
        "study, from the write until the served page contains it, after the server finished the edit before. "
        "A title: from the write until every list that showed the old title (its section, tag, year, province, "
        "service area, network and indicator lists and its municipality's page) shows the new one; then until every "
        "page that showed it does (related practices, other municipalities' practice cards).",
    ])


def write_results(text: str, when: str, section: str = "Latest run") -> Path:
    """Keep the run in bench/results/ and put it in BENCHMARKS.md under ``section``,
    leaving the other section (the latest run, or the growth check) as it was."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if section == "Latest run" else "-" + section.lower()
    result = RESULTS / f"{when.replace(':', '').replace(' ', 'T')}{suffix}.md"
    result.write_text(text + "\n", encoding="utf-8")
    sections = {"Latest run": "", "Serve": "", "Growth": ""}
    benchmarks = REPO / "BENCHMARKS.md"
    if benchmarks.exists():
        for name, body in re.findall(r"^## (.+?)\n\n(.*?)(?=^## |\Z)", benchmarks.read_text(encoding="utf-8"),
                                     re.M | re.S):
            sections[name] = body.strip()
    sections[section] = text
    body = "".join(f"\n## {name}\n\n{value}\n" for name, value in sections.items() if value)
    benchmarks.write_text(INTRO + body, encoding="utf-8")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national library, e.g. 0.05")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--growth", action="store_true",
                        help="cold builds at 1/4, 1/2, 1, 2 and 4 times the size (times --scale), with fitted exponents")
    parser.add_argument("--serve-only", action="store_true",
                        help="only lekgotla serve: start cold and warm, five edits and a title until they show")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    name = "national" if args.scale == 1 else f"scale-{args.scale:g}"
    library = REPO / "bench" / "libraries" / name
    baseline_dir = REPO / "bench" / "libraries" / f"{name}-baseline"

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {message}", file=sys.stderr, flush=True)

    if args.growth:
        text = growth_report(growth(tuple(s * args.scale for s in GROWTH_SCALES), args.seed, say), when)
        print(text)
        if not args.no_write:
            say(f"wrote {write_results(text, when, 'Growth').relative_to(REPO)} and BENCHMARKS.md")
        return 0
    if args.serve_only:
        say(f"writing the {name} library")
        library.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(library / "site", ignore_errors=True)
        load_before = os.getloadavg()
        counts = write_library(library, args.seed, args.scale)
        text = serve_report(serve_figures(library, say), counts, args.scale, args.seed, when, load_before)
        print(text)
        if not args.no_write:
            say(f"wrote {write_results(text, when, 'Serve').relative_to(REPO)} and BENCHMARKS.md")
        return 0
    say(f"writing the {name} library")
    library.mkdir(parents=True, exist_ok=True)
    for stale in (library / CACHE_DIR, library / "site"):
        shutil.rmtree(stale, ignore_errors=True)
    figures = {"when": when, "counts": write_library(library, args.seed, args.scale)}
    say("cold lekgotla build")
    figures["cold"] = lekgotla_build(library)
    figures["site"] = site_figures(library / "site")
    say("search and page weight in headless chromium")
    figures["search"] = search_figures(library / "site")
    figures["weight"] = weight_figures(library / "site")
    pages = figures["cold"].stats.get("pages") or figures["site"]["html_pages"] - 1  # 404.html has no markdown
    figures["pagefind"] = uses_pagefind(library, figures["cold"].stats)
    write_baseline(library, baseline_dir, pages)
    figures["baseline_pages"] = pages
    say(f"baseline build ({pages} pages)")
    figures["baseline"] = baseline_build(baseline_dir, figures["pagefind"])
    figures["baseline_site"] = site_figures(baseline_dir / "site")
    say("rebuild with nothing changed")
    figures["rebuild"] = lekgotla_build(library)
    say(f"rebuild after editing {edit_one_case_study(library)}")
    figures["edit"] = lekgotla_build(library)
    figures["run_seconds"] = time.perf_counter() - started
    text = report(figures, args.scale, args.seed)
    print(text)
    if not args.no_write:
        say(f"wrote {write_results(text, when).relative_to(REPO)} and BENCHMARKS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
