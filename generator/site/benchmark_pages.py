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
from typing import Callable, Iterator

from generator.analysis.benchmarking import Benchmarks, Peers, Standing
from generator.analysis.figures import Figure, Measure, is_target, point_figure
from generator.analysis.totals import Totals
from generator.model.catalogue import Catalogue
from generator.model.entities import PEER_GROUP_NAMES, CaseStudy, Indicator, Municipality, ServiceArea
from generator.site import addresses, downloads, inline_charts
from generator.site.charts import Bar, Chart, Line, RenderReport, histogram, start_charts
from generator.site.municipality_view import MunicipalityView, MunicipalityViews
from generator.site.inline_charts import BeforeAfter
from generator.site.benchmark_parts import (Band, ChartView, EarlierYear, IndicatorOverview, IndicatorRanking,
                                           PracticeOnIndicator, PracticePlace, TrendRow, YearTotals)
from generator.site.page_kinds import IndicatorIndexPage, IndicatorPage, Page
from generator.site.wording import (Counted, Words, as_written, counted, figure_text, group_words, plain, point_basis,
                                    point_name, point_of, point_year, provenance_and_year, provenances, rated, shortened,
                                    sources_in_words)
from generator.workers import cores


@dataclass
class BenchmarkFiles:
    """What the benchmarking adds to the site besides pages, and the figures of the work."""

    charts: dict[str, Path]  # site path -> SVG file in the cache, there once finish_charts() returned
    downloads: dict[str, str | bytes]  # site path -> text, or the bytes of a zip
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
    totals: Totals = field(init=False)

    def __post_init__(self) -> None:
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
        files = downloads.files(self.library, self.benchmarks)
        stats["downloads_seconds"] = time.perf_counter() - started
        return BenchmarkFiles(report.files, files, stats, report)

    def _view(self, chart: Chart, caption: Words, indicators: list[Indicator],
              drawing: BeforeAfter | None = None) -> ChartView:
        """A chart as a page shows it, its description the caption and the provenance of what it draws."""
        if drawing is None:  # else the template draws it: no file
            self.charts.append(chart)
        return ChartView(chart, caption, indicators, drawing)

    # --- Pages of their own ----------------------------------------------------------------------
    def pages(self, only: Callable[[Indicator], bool] | None = None) -> Iterator[Page]:
        """The indicators' index and the pages of the indicators ``only`` picks (all of them by default)."""
        yield IndicatorIndexPage(
            src_uri=addresses.page_source(addresses.INDICATORS), title="Indicators",
            areas=[(area, [self._indicator_overview(i) for i in area.indicators])
                   for area in self.library.service_areas.values()],
            downloads=downloads.site_downloads(), provenances=provenances(self.library.indicators.values()),
            description="Every benchmark indicator: how many municipalities report it, and how many meet its "
                        "target or do better than the national figure.")
        for indicator in self.library.indicators.values():
            if only is None or only(indicator):
                yield self._indicator_page(indicator)

    def _indicator_page(self, indicator: Indicator) -> IndicatorPage:
        year = self.benchmarks.latest_year(indicator.id)
        return IndicatorPage(
            src_uri=addresses.page_source(addresses.indicator(indicator)), title=indicator.titled,
            description=indicator.definition[:300],
            indicator=indicator, area=self.library.service_areas[indicator.service_area],
            summary=self.benchmarks.summary(indicator), year=year, downloads=downloads.indicator_downloads(indicator),
            case_studies=self._case_studies_on(indicator),
            point=point_of(indicator, self.benchmarks.decimals(indicator.id)), point_basis=point_basis(indicator),
            provenances=provenances([indicator]), ranking=self._ranking(indicator, year) if year is not None else None,
            research=self.catalogue.links.research_by_indicator.get(indicator.id, []),
            people=self.catalogue.links.people_by_indicator.get(indicator.id, []))

    def _ranking(self, indicator: Indicator, year: int) -> IndicatorRanking:
        b = self.benchmarks
        years, standings, summary = b.years(indicator.id), b.standings(indicator.id, year), b.summary(indicator)
        peer_groups = sorted({g for y in years for g in b.medians(indicator.id, y).by_peer_group})
        return IndicatorRanking(
            year=year, standings=[(s, rated(s)) for s in standings], national_median=b.national_median(indicator.id, year),
            ahead=counted(summary.ahead, summary.reporting, is_target(indicator), year=year)
            if summary.ahead is not None else None,
            peer_groups=peer_groups, peer_group_names=PEER_GROUP_NAMES,
            trend_rows=[TrendRow(y, b.national_median(indicator.id, y),
                                 {g: b.peer_median(indicator.id, y, g) for g in peer_groups}) for y in years],
            bands=[Band(self._edge(indicator, low), self._edge(indicator, high), count)
                   for low, high, count in _bands(standings)],
            top=b.top_performers(indicator.id), improved=b.most_improved(indicator.id) if len(years) > 1 else [],
            ranking_chart=self._ranking_chart(indicator, year, standings),
            # A trend needs two years: one year is a dot, and "went from 75.7% in 2011 to 75.7% in 2011".
            trend_chart=self._trend_chart(indicator) if len(years) > 1 else None,
            distribution_chart=self._distribution_chart(indicator, year, standings), totals=self._totals(indicator),
            # Official figures come in few editions (2011, 2016): every one is on the page.
            earlier=[] if indicator.illustrative else [EarlierYear(y, b.standings(indicator.id, y))
                                                       for y in reversed(years[:-1])],
            older=self._older(indicator, year, standings))

    def _older(self, indicator: Indicator, year: int, ranked: list[Standing]) -> list[Standing]:
        """The latest value of each municipality that reported the indicator, but not in ``year``, newest first
        (as a peer group's page lists its own): a reader whose municipality is not ranked finds it here."""
        b, in_year = self.benchmarks, {s.municipality.code for s in ranked}
        codes = {s.municipality.code for y in b.years(indicator.id) if y < year for s in b.standings(indicator.id, y)}
        latest = [s for code in codes - in_year if (s := b.latest_standing(indicator.id, code))]
        return sorted(latest, key=lambda s: (-s.year, s.municipality.name.lower()))

    def _edge(self, indicator: Indicator, value: float) -> Figure:
        return Figure(indicator, Measure.EDGE, value, None, self.benchmarks.decimals(indicator.id))

    def _totals(self, indicator: Indicator) -> list[YearTotals]:
        """Per year, newest first: the national total and median, and each peer group's total and median."""
        if not self.totals.has_counts(indicator.id):
            return []
        b, decimals, rows = self.benchmarks, self.benchmarks.decimals(indicator.id), []
        for year in reversed(self.totals.years(indicator.id)):
            national = self.totals.national(indicator.id, year)
            groups = self.totals.by_peer_group(indicator.id, year)
            rows.append(YearTotals(
                year, Figure(indicator, Measure.NATIONAL_TOTAL, national.value, year, decimals) if national else None,
                b.national_median(indicator.id, year),
                {g: Figure(indicator, Measure.PEER_TOTAL, total.value, year, decimals, peer_group=g)
                 for g, total in groups.items()},
                {g: f for g in groups if (f := b.peer_median(indicator.id, year, g))}))
        return rows

    def _case_studies_on(self, indicator: Indicator) -> list[PracticeOnIndicator]:
        """Case studies that target the indicator, each with its municipalities' latest standing."""
        return [PracticeOnIndicator(case, [PracticePlace(m, self.benchmarks.latest_standing(indicator.id, m.code),
                                                         self.benchmarks.series(indicator.id, m.code))
                                           for m in case.places])
                for case in self.catalogue.newest_case_studies if indicator.id in case.about]

    # --- Parts of other pages (pages.py asks while it builds them) -------------------------------
    @cached_property
    def peers(self) -> Peers:
        return Peers(self.benchmarks, self.catalogue.links)

    @cached_property
    def _views(self) -> MunicipalityViews:
        return MunicipalityViews(self.catalogue, self.benchmarks, self.peers)

    def municipality_view(self, municipality: Municipality) -> MunicipalityView:
        """What the municipality's page shows, with or without data of its own."""
        return self._views.view(municipality)

    def overview(self, area: ServiceArea) -> tuple[list[IndicatorOverview], ChartView | None]:
        """The summary of each of the area's indicators, and their chart when any is rated."""
        overview = [self._indicator_overview(i) for i in area.indicators]
        rated_ = [o for o in overview if o.ahead is not None]
        return overview, self._overview_chart(area, rated_) if rated_ else None

    def _indicator_overview(self, indicator: Indicator) -> IndicatorOverview:
        summary = self.benchmarks.summary(indicator)
        ahead = (counted(summary.ahead, summary.reporting, is_target(indicator), indicator.id, summary.year)
                 if summary.ahead is not None and summary.reporting else None)
        return IndicatorOverview(summary, ahead, point_of(indicator, self.benchmarks.decimals(indicator.id)))

    def outcome_charts(self, case: CaseStudy) -> list[ChartView]:
        """Before and after, drawn inline by the template: two bars need no chart file."""
        views = []
        for outcome in case.outcomes:
            indicator = self.library.indicators[outcome.indicator]
            chart, caption = self._before_after_chart(case, outcome)
            drawing = inline_charts.before_after(chart.bars, chart.benchmark, chart.benchmark_label)
            views.append(self._view(chart, caption, [indicator], drawing))
        return views

    def outcome_figures(self, case: CaseStudy) -> list[tuple[Indicator, Figure, Figure, Figure]]:
        """Each outcome of a case study as it reports it: before, after and the change (in percentage points
        for a percentage)."""
        rows = []
        for outcome in case.outcomes:
            indicator = self.library.indicators[outcome.indicator]
            before, after = self._outcome_figures(case, outcome)
            rows.append((indicator, before, after, Figure(indicator, Measure.CHANGE, after.value - before.value,
                                                          after.year, after.decimals)))
        return rows

    def _outcome_figures(self, case: CaseStudy, outcome) -> tuple[Figure, Figure]:
        indicator = self.library.indicators[outcome.indicator]
        decimals = self.benchmarks.decimals(indicator.id)
        return (Figure(indicator, Measure.BEFORE, outcome.baseline.value, outcome.baseline.year, decimals),
                Figure(indicator, Measure.AFTER, outcome.result.value, outcome.result.year, decimals))

    # --- Charts ----------------------------------------------------------------------------------
    def _ranking_chart(self, indicator: Indicator, year: int, standings: list[Standing]) -> ChartView:
        b = self.benchmarks
        medians = b.medians(indicator.id, year)
        # "Median municipality", not "National median": the chart's dashed line may be the national figure, another
        # number, which a reader could take a "national" median for;
        # each level written as the caption writes it, from the same figures ("75.7", not "75.69"; "82.35" for a
        # median halfway between two values).
        figures = [("Median municipality", b.national_median(indicator.id, year)),
                   *((g, b.peer_median(indicator.id, year, g)) for g in medians.by_peer_group)]
        written = [(name, as_written(f.value, f.decimals)) for name, f in figures if f]
        markers = tuple((f"{name} {value}", float(value)) for name, value in written)
        groups: list = []
        for g in medians.by_peer_group:
            groups += ["; " if groups else "", f"{g} ({group_words(g).plural}) ", b.peer_median(indicator.id, year, g)]
        caption = ("Each bar is one municipality, from best on the left to worst on the right, ",
                   standings[0].figure, f" ({standings[0].municipality.name}) to ", standings[-1].figure,
                   f" ({standings[-1].municipality.name}). ", *self._point_sentence(indicator, standings),
                   "Median municipality ", b.national_median(indicator.id, year), "; peer-group medians: ", *groups, ".")
        chart = Chart(addresses.indicator_chart(indicator, "ranking"), "ranking",
                      f"{indicator.name} in {year}: {len(standings)} municipalities ranked, best first",
                      _described(caption, [indicator]), unit=indicator.unit, **self._benchmark(indicator),
                      values=tuple(s.value for s in standings), markers=markers)
        return self._view(chart, caption, [indicator])

    def _point_sentence(self, indicator: Indicator, standings: list[Standing]) -> Words:
        """ "The dashed line is the target, 30% or less; 1 of 5 meet the target. " """
        point = point_figure(indicator, self.benchmarks.decimals(indicator.id))
        if point is None:
            return ("No target or national figure is set. ",)
        ahead = sum(s.rating.favourable for s in standings if s.rating)
        return (f"The dashed line is the {point_name(indicator)}, ", point, f"{point_year(indicator)}; ",
                counted(ahead, len(standings), is_target(indicator), year=standings[0].year), ". ")

    def _trend_chart(self, indicator: Indicator) -> ChartView:
        b = self.benchmarks
        years = b.years(indicator.id)
        national = tuple((y, b.medians(indicator.id, y).national) for y in years)
        groups = sorted({g for y in years for g in b.medians(indicator.id, y).by_peer_group})
        lines = [Line("Median municipality", national, "focus")]
        lines += [Line(g, b.peer_medians(indicator.id, g), "context") for g in groups]
        caption = ("The median municipality's value went from ", b.national_median(indicator.id, years[0]), " to ",
                   b.national_median(indicator.id, years[-1]), ". Thin lines are the medians of each peer group ("
                   + "; ".join(f"{g}: {group_words(g).plural}" for g in groups) + "); the table below gives every value.")
        chart = Chart(addresses.indicator_chart(indicator, "trend"), "lines",
                      f"{indicator.name}: the median municipality and each peer group's median, {years[0]} to {years[-1]}",
                      _described(caption, [indicator]), unit=indicator.unit, **self._benchmark(indicator),
                      lines=tuple(lines))
        return self._view(chart, caption, [indicator])

    def _distribution_chart(self, indicator: Indicator, year: int, standings: list[Standing]) -> ChartView:
        low, high, most = max(_bands(standings), key=lambda band: band[2])
        caption: Words = (f"Bars count municipalities in bands of values; the most, {most}, lie between ",
                          self._edge(indicator, low), " and ", self._edge(indicator, high), ".")
        if (point := point_figure(indicator, self.benchmarks.decimals(indicator.id))) is not None:
            caption += (f" The dashed line is the {point_name(indicator)}, ", point, f"{point_year(indicator)}.")
        chart = Chart(addresses.indicator_chart(indicator, "distribution"), "histogram",
                      f"{indicator.name} in {year}: how the {len(standings)} values are spread",
                      _described(caption, [indicator]), unit=indicator.unit, **self._benchmark(indicator),
                      values=tuple(s.value for s in standings))
        return self._view(chart, caption, [indicator])

    def _before_after_chart(self, case: CaseStudy, outcome) -> tuple[Chart, Words]:
        indicator = self.library.indicators[outcome.indicator]
        before, after = self._outcome_figures(case, outcome)
        caption: Words = (f"{indicator.name} was ", before, " and ", after, " (as the case study reports)")
        if (point := point_figure(indicator, before.decimals)) is not None:
            caption += (f"; the {point_name(indicator)} is ", point, f" ({indicator.better.value} is better)")
        caption += (".",)
        chart = Chart(
            addresses.outcome_chart(case, indicator), "bars",
            f"{indicator.name} before and after: {plain((before,))}, {plain((after,))}",
            _described(caption, [indicator]), unit=indicator.unit, **self._benchmark(indicator),
            bars=(Bar(f"Before ({before.year})", before.value, figure_text(before)),
                  Bar(f"After ({after.year})", after.value, figure_text(after))))
        return chart, caption

    def _overview_chart(self, area: ServiceArea, overview: list[IndicatorOverview]) -> ChartView:
        rated_ = [(o, ahead) for o in overview if (ahead := o.ahead)]  # each is: see overview()
        # Each bar says what its figure is and of which year: official 2011 and illustrative 2024 bars side by side.
        bars = tuple(Bar(o.indicator.code or shortened(o.indicator.name, 44), round(100 * ahead.number / ahead.of, 1),
                         f"{ahead.number} of {ahead.of}", provenance_and_year(o.indicator, o.summary.year))
                     for o, ahead in rated_)
        caption: list[str | Counted] = []
        for o, ahead in rated_:
            caption += ["; " if caption else "", f"{o.indicator.named}: ", ahead, f" in {o.summary.year}"]
        caption.append(".")
        indicators = [o.indicator for o in overview]
        chart = Chart(
            addresses.service_area_chart(area), "bars",
            f"{area.title}: share of reporting municipalities that meet each target or do better than the "
            "national figure", _described(tuple(caption), indicators),
            unit="% of those reporting", bars=bars)
        return self._view(chart, tuple(caption), indicators)

    def _benchmark(self, indicator: Indicator) -> dict:
        """The comparison point's level and its label for a chart ("Target 30%", "National figure 77.0% in 2011":
        drawn across a chart of several years, a national figure says which one it is of)."""
        point = point_figure(indicator, self.benchmarks.decimals(indicator.id))
        if point is None:
            return {}
        label = f"{point_name(indicator).capitalize()} {figure_text(point)}{point_year(indicator)}"
        return {"benchmark": point.value, "benchmark_label": label}


def _described(caption: Words, indicators: list[Indicator]) -> str:
    """A chart's description (its SVG <desc>): the caption, and which of its series are official."""
    return f"{plain(caption)} {sources_in_words(indicators)}"


def _bands(standings: list[Standing]) -> list[tuple[float, float, int]]:
    edges, counts = histogram([s.value for s in standings])
    return [(low, high, count) for low, high, count in zip(edges, edges[1:], counts)]
