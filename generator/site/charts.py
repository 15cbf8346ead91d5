"""Step 5b: benchmark charts as small, deterministic, accessible SVG files.

A ``Chart`` is plain data: what to draw, its text alternative, and where the
file goes in the site. ``start_charts`` turns a list of them into SVG files in
the build cache (``.lekgotla-cache/charts/``), keyed by a hash of everything
drawn, so a rebuild with unchanged data renders none; a cold build spreads the
work over every core. The drawing itself is in ``chart_drawing.py``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.cache import Cache, content_key
from generator.site.chart_drawing import drawing_version, drawn_height, histogram, render_svg
from generator.workers import Pending, start_in_workers

__all__ = ["Bar", "Chart", "Line", "RenderReport", "histogram", "render_svg", "start_charts"]

#: Below this many charts to draw, starting worker processes costs more than it saves.
PARALLEL_FROM = 40

@dataclass(frozen=True)
class Line:
    label: str  # written at the end of the line, so colour is never the only cue
    points: tuple[tuple[int, float], ...]
    style: str = "focus"  # focus | peer | context


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_label: str
    note: str = ""  # a line under the label: what the value is and of which year ("official, 2011")


@dataclass(frozen=True)
class Chart:
    """One SVG chart: its kind, what it draws, and its text alternative."""

    path: str  # in the site, e.g. charts/indicators/ws5-1-ranking.svg
    kind: str  # lines | ranking | histogram | bars
    title: str  # the SVG <title> and the image's alt text
    description: str  # the SVG <desc> and the visible caption the image points to
    unit: str = ""
    benchmark: float | None = None
    benchmark_label: str = ""
    lines: tuple[Line, ...] = ()
    values: tuple[float, ...] = ()  # ranking (best first) and histogram
    markers: tuple[tuple[str, float], ...] = ()  # ranking: levels (medians), their labels as the pages write them
    bars: tuple[Bar, ...] = ()
    small: bool = False

    @property
    def id(self) -> str:
        """An HTML id for the chart's caption, unique within the site."""
        return "chart-" + self.path.removeprefix("charts/").removesuffix(".svg").replace("/", "-")

    @property
    def height(self) -> int:
        """The chart's height in SVG units (CSS pixels at its drawn size), for the page's <img>."""
        return round(drawn_height(self) * 72)

    @property
    def key(self) -> str:
        # Everything drawn is in the key; the path is not, so equal charts share one file.
        return content_key(drawing_version(), self.kind, self.title, self.description,
                           self.unit, self.benchmark, self.benchmark_label, self.lines, self.values,
                           self.markers, self.bars, self.small)


@dataclass
class RenderReport:
    files: dict[str, Path] = field(default_factory=dict)  # site path -> SVG file in the cache
    rendered: int = 0
    cached: int = 0
    render_ms: float = 0.0  # time spent drawing, summed over processes
    seconds: float = 0.0  # wall time, from the start to the last chart drawn
    started: float = 0.0  # time.perf_counter() when drawing started
    pending: Pending | None = None  # the drawing, until finish()

    def finish(self) -> RenderReport:
        """Wait until every chart is drawn; the figures of the drawing."""
        if self.pending is not None:
            background = self.pending.in_background
            self.render_ms = sum(self.pending.results())
            self.pending = None
            if background:  # until the last chart was drawn
                self.seconds = time.perf_counter() - self.started
        return self

    @property
    def ms_per_chart(self) -> float:
        return self.render_ms / self.rendered if self.rendered else 0.0


def start_charts(charts: list[Chart], cache_dir: Path, workers: int = 1) -> RenderReport:
    """Start drawing the charts missing from the cache in ``workers`` processes and return at
    once: the report knows every chart's file; ``finish()`` waits until they are all there."""
    started = time.perf_counter()
    cache = Cache(cache_dir, "charts")
    report = RenderReport(started=started)
    missing: dict[str, Chart] = {}
    for chart in charts:
        key = chart.key
        file = cache.path(key, ".svg")
        report.files[chart.path] = file
        if key not in missing and not file.exists():
            missing[key] = chart
    report.cached = len(charts) - len(missing)
    report.rendered = len(missing)
    # Each chart is written where this process looks for it: the key goes with the chart.
    files = [cache.path(key, ".svg").absolute() for key in missing]
    report.pending = start_in_workers(_render_into, list(missing.values()), files, workers=workers,
                                      parallel_from=PARALLEL_FROM)
    report.seconds = time.perf_counter() - started  # all of it, unless the drawing goes on in the background
    return report


def _render_into(chart: Chart, file: Path) -> float:
    started = time.perf_counter()
    svg = render_svg(chart)
    elapsed = (time.perf_counter() - started) * 1000
    Cache.write_file(file, svg)
    return elapsed
