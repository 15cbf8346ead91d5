"""Step 4b: the benchmarking pages, and the benchmark parts of other pages.

``BenchmarkPages`` builds the indicator pages (``/indicators/<id>/``) and hands
the page builders in ``pages.py`` the view of a municipality (``municipality_view.py``), the overview
of a service area and the before/after charts of a case study, so that every
page is complete when it is made. Every chart a page shows is collected in
``charts`` with its text alternative, for ``draw`` to render; like ``pages.py``
this module writes no HTML.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterator

from generator.analysis.benchmarking import Benchmarks, Peers, Standing
from generator.analysis.totals import Totals
from generator.model.catalogue import Catalogue
from generator.model.entities import PEER_GROUP_NAMES, CaseStudy, Indicator, Municipality, ServiceArea
from generator.site import addresses, downloads, inline_charts
from generator.site.charts import Bar, Chart, Line, RenderReport, histogram, start_charts
from generator.site.municipality_view import MunicipalityView, MunicipalityViews
from generator.site.page_kinds import ChartView, IndicatorIndexPage, IndicatorPage, Page
from generator.site.wording import format_value, group_words
from generator.workers import cores


@dataclass
class BenchmarkFiles:
    """What the benchmarking adds to the site besides pages, and the figures of the work."""

    charts: dict[str, Path]  # site path -> SVG file in the cache, there once finish_charts() returned
    downloads: dict[str, str]  # site path -> text
    stats: dict[str, float | int]
    drawing: RenderReport | None = None

    def finish_charts(self) -> dict[str, float | int]:
        """Wait for the charts being drawn; the figures of the drawing."""
        report = self.drawing.finish() if self.drawing else RenderReport()
        return {"chart_ms_per_chart": report.ms_per_chart, "charts_seconds": report.seconds}


@dataclass
class BenchmarkPages:
    catalogue: Catalogue
    benchmarks: Benchmarks
    charts: list[Chart] = field(default_factory=list)
    totals: Totals | None = None

    def __post_init__(self):
        if self.totals is None:
            self.totals = Totals(self.catalogue.library)

    @property
    def library(self):
        return self.catalogue.library

    def draw(self, cache_dir: Path, analysis_seconds: float = 0.0) -> BenchmarkFiles:
        """Start drawing the charts the pages asked for (once every page is built); the downloads.

        The charts are drawn in other processes while the build goes on (MkDocs renders
        markdown on one core): ``finish_charts()`` before their files are read.
        """
        report = start_charts(self.charts, cache_dir, workers=max(1, cores() - 1))
        stats = {"analysis_seconds": analysis_seconds, "charts": len(self.charts),
                 "charts_rendered": report.rendered, "charts_cached": report.cached}
        started = time.perf_counter()
        files = downloads.files(self.library)
        stats["downloads_seconds"] = time.perf_counter() - started
        return BenchmarkFiles(report.files, files, stats, report)

    def _view(self, chart: Chart, indicator: Indicator | None = None, area_id: str | None = None) -> ChartView:
        self.charts.append(chart)
        if indicator is not None:
            return ChartView(chart, indicator.illustrative)
        return ChartView(chart, self.library.service_areas[area_id].illustrative)

    # --- Pages of their own ----------------------------------------------------------------------
    def pages(self) -> Iterator[Page]:
        yield IndicatorIndexPage(
            src_uri=addresses.page_source(addresses.INDICATORS), title="Indicators",
            areas=[(area, [self.benchmarks.summary(i) for i in area.indicators])
                   for area in self.library.service_areas.values()],
            downloads=downloads.site_downloads(),
            description="Every benchmark indicator, how many municipalities report it and meet it.")
        for indicator in self.library.indicators.values():
            yield self._indicator_page(indicator)

    def _indicator_page(self, indicator: Indicator) -> IndicatorPage:
        b = self.benchmarks
        year = b.latest_year(indicator.id)
        page = IndicatorPage(
            src_uri=addresses.page_source(addresses.indicator(indicator)), title=f"{indicator.name} ({indicator.id})",
            description=indicator.definition[:300],
            indicator=indicator, area=self.library.service_areas[indicator.service_area],
            summary=b.summary(indicator), year=year, downloads=downloads.indicator_downloads(indicator),
            case_studies=self._case_studies_on(indicator))
        if year is not None:
            standings = b.standings(indicator.id, year)
            page.standings = standings
            page.medians = b.medians(indicator.id, year)
            page.peer_group_names = PEER_GROUP_NAMES
            page.trend_rows = [(y, b.medians(indicator.id, y)) for y in b.years(indicator.id)]
            page.peer_groups = sorted({g for y in b.years(indicator.id) for g in b.medians(indicator.id, y).by_peer_group})
            page.bands = _bands(standings)
            page.top, page.improved = b.top_performers(indicator.id), b.most_improved(indicator.id)
            page.ranking_chart = self._view(self._ranking_chart(indicator, year, standings), indicator)
            page.trend_chart = self._view(self._trend_chart(indicator), indicator)
            page.distribution_chart = self._view(self._distribution_chart(indicator, year, standings), indicator)
            page.totals = self._totals(indicator)
            # Official figures come in few editions (2011, 2016): every one is on the page.
            page.earlier = [] if indicator.illustrative else [(y, b.standings(indicator.id, y))
                                                              for y in reversed(b.years(indicator.id)[:-1])]
        return page

    def _totals(self, indicator: Indicator) -> list[tuple[int, object, object, dict, dict]]:
        """Per year: the national total and median, and each peer group's total and median."""
        if not self.totals.has_counts(indicator.id):
            return []
        rows = []
        for year in reversed(self.totals.years(indicator.id)):
            medians = self.benchmarks.medians(indicator.id, year)
            rows.append((year, self.totals.national(indicator.id, year), medians.national if medians else None,
                         self.totals.by_peer_group(indicator.id, year), medians.by_peer_group if medians else {}))
        return rows

    def _case_studies_on(self, indicator: Indicator) -> list[tuple[CaseStudy, list[tuple[Municipality, object]]]]:
        """Case studies that target the indicator, each with its municipalities' latest standing."""
        result = []
        for case in self.catalogue.newest_case_studies:
            if indicator.id in case.indicators or any(o.indicator == indicator.id for o in case.outcomes):
                performance = []
                for m in self.catalogue.municipalities_of(case):
                    series = self.benchmarks.series(indicator.id, m.code)
                    standing = self.benchmarks.standing(indicator.id, series.last[0], m.code) if series else None
                    performance.append((m, standing, series))
                result.append((case, performance))
        return result

    # --- Parts of other pages (pages.py asks while it builds them) -------------------------------
    @cached_property
    def peers(self) -> Peers:
        return Peers(self.benchmarks)

    @cached_property
    def _views(self) -> MunicipalityViews:
        return MunicipalityViews(self.catalogue, self.benchmarks, self.peers)

    def municipality_view(self, municipality: Municipality) -> MunicipalityView:
        """What the municipality's page shows, with or without data of its own."""
        return self._views.view(municipality)

    def overview(self, area: ServiceArea) -> tuple[list, ChartView | None]:
        """The summary of each of the area's indicators, and their chart when any is rated."""
        summaries = [self.benchmarks.summary(i) for i in area.indicators]
        rated = [s for s in summaries if s.meeting is not None and s.reporting]
        return summaries, self._view(self._overview_chart(area, rated), area_id=area.id) if rated else None

    def outcome_charts(self, case: CaseStudy) -> list[ChartView]:
        """Before and after, drawn inline by the template: two bars need no chart file."""
        views = []
        for outcome in case.outcomes:
            chart, indicator = self._before_after_chart(case, outcome), self.library.indicators[outcome.indicator]
            drawing = inline_charts.before_after(chart.bars, chart.benchmark, chart.benchmark_label)
            views.append(ChartView(chart, indicator.illustrative, drawing))
        return views

    # --- Charts ----------------------------------------------------------------------------------
    def _ranking_chart(self, indicator: Indicator, year: int, standings: list[Standing]) -> Chart:
        medians = self.benchmarks.medians(indicator.id, year)
        markers = (("National", medians.national), *medians.by_peer_group.items())
        unit = indicator.unit
        meeting = sum(1 for s in standings if s.gap is not None and s.gap >= 0)
        benchmark_text = (f" The dashed line is the benchmark, {format_value(indicator.benchmark.value, unit)}; "
                          f"{meeting} of {len(standings)} meet it." if indicator.benchmark else " No benchmark is set.")
        groups = "; ".join(f"{g} ({group_words(g).plural}) {format_value(v, unit)}"
                           for g, v in medians.by_peer_group.items())
        return Chart(
            addresses.indicator_chart(indicator, "ranking"), "ranking",
            f"{indicator.name} in {year}: {len(standings)} municipalities ranked, best first",
            f"Each bar is one municipality, from best on the left to worst on the right, "
            f"{format_value(standings[0].value, unit)} to {format_value(standings[-1].value, unit)}.{benchmark_text} "
            f"National median {format_value(medians.national, unit)}; peer-group medians: {groups}.",
            unit=unit, **_benchmark(indicator),
            values=tuple(s.value for s in standings), markers=tuple(markers))

    def _trend_chart(self, indicator: Indicator) -> Chart:
        b = self.benchmarks
        years = b.years(indicator.id)
        national = tuple((y, b.medians(indicator.id, y).national) for y in years)
        groups = sorted({g for y in years for g in b.medians(indicator.id, y).by_peer_group})
        lines = [Line("National median", national, "focus")]
        lines += [Line(g, b.peer_medians(indicator.id, g), "context") for g in groups]
        unit = indicator.unit
        return Chart(
            addresses.indicator_chart(indicator, "trend"), "lines",
            f"{indicator.name}: national and peer-group medians, {years[0]} to {years[-1]}",
            f"The national median went from {format_value(national[0][1], unit)} in {years[0]} to "
            f"{format_value(national[-1][1], unit)} in {years[-1]}. Thin lines are the medians of each peer "
            f"group ({'; '.join(f'{g}: {group_words(g).plural}' for g in groups)}); the table below gives every value.",
            unit=unit, **_benchmark(indicator),
            lines=tuple(lines))

    def _distribution_chart(self, indicator: Indicator, year: int, standings: list[Standing]) -> Chart:
        bands = _bands(standings)
        busiest = max(bands, key=lambda band: band[2])
        unit = indicator.unit
        return Chart(
            addresses.indicator_chart(indicator, "distribution"), "histogram",
            f"{indicator.name} in {year}: how the {len(standings)} values are spread",
            f"Bars count municipalities in bands of values; the most, {busiest[2]}, lie between "
            f"{format_value(busiest[0], unit)} and {format_value(busiest[1], unit)}."
            + (f" The dashed line is the benchmark, {format_value(indicator.benchmark.value, unit)}."
               if indicator.benchmark else ""),
            unit=unit, **_benchmark(indicator),
            values=tuple(s.value for s in standings))

    def _before_after_chart(self, case: CaseStudy, outcome) -> Chart:
        indicator = self.library.indicators[outcome.indicator]
        unit = indicator.unit
        before, after = outcome.baseline, outcome.result
        return Chart(
            addresses.outcome_chart(case, indicator), "bars",
            f"{indicator.name} before and after: {format_value(before.value, unit)} in {before.year}, "
            f"{format_value(after.value, unit)} in {after.year}",
            f"{indicator.name} was {format_value(before.value, unit)} in {before.year} and "
            f"{format_value(after.value, unit)} in {after.year}"
            + (f"; the benchmark is {format_value(indicator.benchmark.value, unit)}"
               f" ({indicator.better.value} is better)." if indicator.benchmark else "."),
            unit=unit, **_benchmark(indicator),
            bars=(Bar(f"Before ({before.year})", before.value, format_value(before.value, unit)),
                  Bar(f"After ({after.year})", after.value, format_value(after.value, unit))))

    def _overview_chart(self, area, summaries) -> Chart:
        bars = tuple(Bar(s.indicator.id, round(100 * s.meeting / s.reporting, 1), f"{s.meeting} of {s.reporting}")
                     for s in summaries)
        return Chart(
            addresses.service_area_chart(area), "bars",
            f"{area.title}: share of reporting municipalities that meet each benchmark",
            "; ".join(f"{s.indicator.id} {s.indicator.name}: {s.meeting} of {s.reporting} in {s.year}"
                      for s in summaries) + ".",
            unit="% of municipalities meeting the benchmark", bars=bars)


def _benchmark(indicator: Indicator) -> dict:
    """The benchmark level and its label for a chart ("Benchmark 30%")."""
    if indicator.benchmark is None:
        return {}
    value = indicator.benchmark.value
    return {"benchmark": value, "benchmark_label": f"Benchmark {format_value(value, '%' if indicator.unit == '%' else '')}"}


def _bands(standings: list[Standing]) -> list[tuple[float, float, int]]:
    edges, counts = histogram([s.value for s in standings])
    return [(low, high, count) for low, high, count in zip(edges, edges[1:], counts)]
