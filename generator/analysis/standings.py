"""Where each municipality stands and how it moves: standings, medians and series, computed once.

Pure numbers over the content model: no files, no HTML, no sentences. Peer
groups are National Treasury's MIIF categories (A metros; B1 to B4 locals; C1,
C2 districts), taken from the municipal registry.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

from generator.analysis.figures import Figure, Measure, is_target
from generator.analysis.measures import (Place, Rating, Scope, Trend, benchmark_gap, close_tolerance, decimals_of,
                                         median_decimals, directed, median, rank_places, rate, trend_of)
from generator.model.entities import Indicator, Library, Municipality


@dataclass(frozen=True)
class Standing:
    """One municipality's value for one indicator and year, against the benchmark and the others."""

    municipality: Municipality
    indicator: Indicator
    year: int
    value: float
    gap: float | None  # positive when better than the benchmark, in the indicator's unit
    rating: Rating | None  # None without a benchmark
    national: Place
    peer: Place  # within its peer group: what the pages show first
    decimals: int = 0  # how many its indicator's figures are written with

    @property
    def figure(self) -> Figure:
        return Figure(self.indicator, Measure.VALUE, self.value, self.year, self.decimals, self.municipality.code)

    @property
    def gap_figure(self) -> Figure | None:
        if self.gap is None:
            return None
        return Figure(self.indicator, Measure.GAP, self.gap, self.year, self.decimals, self.municipality.code)

    @property
    def relative_gap(self) -> float | None:
        """The gap as a fraction of the benchmark, so that gaps in different units compare."""
        benchmark = self.indicator.benchmark
        if self.gap is None or benchmark is None:  # a gap is measured from the benchmark: both or neither
            return None
        scale = abs(benchmark.value) or 1.0
        return self.gap / scale


@dataclass(frozen=True)
class Medians:
    national: float
    by_province: dict[str, float]
    by_peer_group: dict[str, float]


@dataclass(frozen=True)
class Series:
    """A municipality's values of one indicator over the years it reported."""

    indicator: Indicator
    municipality: Municipality
    points: tuple[tuple[int, float], ...]  # (year, value), oldest first
    decimals: int = 0  # how many its indicator's figures are written with

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(Figure(self.indicator, Measure.VALUE, value, year, self.decimals, self.municipality.code)
                     for year, value in self.points)

    @property
    def first_figure(self) -> Figure:
        """``figures[0]``, without making a figure of every other year: a municipality's page asks it of
        each card and each better peer (75,000 times at national scale)."""
        year, value = self.points[0]
        return Figure(self.indicator, Measure.VALUE, value, year, self.decimals, self.municipality.code)

    @property
    def first(self) -> tuple[int, float]:
        return self.points[0]

    @property
    def last(self) -> tuple[int, float]:
        return self.points[-1]

    @property
    def change(self) -> float | None:
        """Change from the first to the last year reported, positive when better; None for one year."""
        if len(self.points) < 2:
            return None
        return directed(self.indicator.better, self.last[1] - self.first[1])

    @property
    def trend(self) -> Trend | None:
        if len(self.points) < 2:
            return None
        return trend_of(self.first[1], self.last[1], self.indicator.better)


@dataclass(frozen=True)
class ScorecardRow:
    """One indicator on a municipality's scorecard: its latest standing and its history."""

    standing: Standing
    series: Series
    peer_medians: tuple[tuple[int, float], ...]  # the peer group's median, by year

    @property
    def indicator(self) -> Indicator:
        return self.standing.indicator

    @property
    def peer_median(self) -> float | None:
        """The peer group's median in the year of the standing."""
        return dict(self.peer_medians).get(self.standing.year)

    @property
    def peer_median_figure(self) -> Figure | None:
        s = self.standing
        median_ = self.peer_median
        return None if median_ is None else Figure(s.indicator, Measure.PEER_MEDIAN, median_, s.year,
                                                   median_decimals(median_, s.decimals), peer_group=s.municipality.miif_category)


@dataclass(frozen=True)
class IndicatorSummary:
    """An indicator across the country in its latest year, for overviews."""

    indicator: Indicator
    year: int | None
    reporting: int
    ahead: int | None  # how many meet the target, or do better than the national figure; None without either
    median_first: Figure | None  # the national median in the first year reported
    median_last: Figure | None  # and in the latest
    median_trend: Trend | None  # None for one year


@dataclass(frozen=True)
class GroupFigure:
    """A peer group on one indicator in its latest year: its median and its best performers."""

    indicator: Indicator
    year: int
    median: Figure
    reporting: int
    leaders: tuple[Standing, ...]


class Benchmarks:
    """Every standing, median and series of a library, computed once."""

    def __init__(self, library: Library):
        self.library = library
        self.indicators = library.indicators
        # indicator -> year -> municipality code -> value
        self.values: dict[str, dict[int, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
        for o in library.observations:
            if o.municipality in library.municipalities and o.indicator in self.indicators:
                self.values[o.indicator][o.year][o.municipality] = o.value
        self._decimals = _decimals(library)
        self._standings: dict[tuple[str, int], dict[str, Standing]] = {}
        self._medians: dict[tuple[str, int], Medians] = {}
        # Asked for again and again by scorecards and peer suggestions: computed once each.
        self._series: dict[tuple[str, str], Series | None] = {}
        self._peer_medians: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}

    def for_library(self, library: Library) -> Benchmarks:
        """The analysis of ``library``: this one (sharing what it computed) when ``library`` has the same
        values, municipalities, indicators and case-study outcomes (all that it reads), else a new one.
        ``lekgotla serve`` analyses again only after an edit that changed one of them."""
        old = self.library
        if (library.observations is old.observations and library.municipalities is old.municipalities
                and library.service_areas is old.service_areas
                and [c.outcomes for c in library.case_studies] == [c.outcomes for c in old.case_studies]):
            same = copy.copy(self)
            same.library = library  # whose case studies and people the peers' suggestions name
            return same
        return Benchmarks(library)

    # Per indicator and year -----------------------------------------------------------------------
    def decimals(self, indicator_id: str) -> int:
        """How many decimals every figure of the indicator is written with (``measures.decimals_of``)."""
        return self._decimals.get(indicator_id, 0)

    def years(self, indicator_id: str) -> list[int]:
        return sorted(self.values.get(indicator_id, {}))

    def latest_year(self, indicator_id: str) -> int | None:
        years = self.years(indicator_id)
        return years[-1] if years else None

    def standings(self, indicator_id: str, year: int) -> list[Standing]:
        """Everyone who reported, best first."""
        return sorted(self._standings_of(indicator_id, year).values(),
                      key=lambda s: (s.national.rank, s.municipality.name.lower()))

    def standing(self, indicator_id: str, year: int, code: str) -> Standing | None:
        return self._standings_of(indicator_id, year).get(code)

    def group_standings(self, indicator_id: str, year: int, peer_group: str) -> list[Standing]:
        """The peer group's members who reported in ``year``, by their rank in the group, then by name."""
        return sorted((s for s in self._standings_of(indicator_id, year).values()
                       if s.municipality.miif_category == peer_group),
                      key=lambda s: (s.peer.rank, s.municipality.name.lower()))

    def national_median(self, indicator_id: str, year: int) -> Figure:
        national = self.medians(indicator_id, year).national
        return Figure(self.indicators[indicator_id], Measure.NATIONAL_MEDIAN, national, year,
                      median_decimals(national, self.decimals(indicator_id)))

    def peer_median(self, indicator_id: str, year: int, peer_group: str) -> Figure | None:
        """The peer group's median in ``year``; None when none of its members reported that year."""
        medians = self.medians(indicator_id, year)
        if peer_group not in medians.by_peer_group:
            return None
        median_ = medians.by_peer_group[peer_group]
        return Figure(self.indicators[indicator_id], Measure.PEER_MEDIAN, median_, year,
                      median_decimals(median_, self.decimals(indicator_id)), peer_group=peer_group)

    def medians(self, indicator_id: str, year: int) -> Medians:
        """The medians of a year of ``years(indicator_id)``; a KeyError for a year nobody reported."""
        key = (indicator_id, year)
        if key not in self._medians:
            values = self.values.get(indicator_id, {}).get(year)
            if not values:
                raise KeyError(f"no municipality reported {indicator_id} in {year}")
            self._medians[key] = Medians(
                national=median(values.values()),
                by_province=self._group_medians(values, lambda m: m.province),
                by_peer_group=self._group_medians(values, lambda m: m.miif_category))
        return self._medians[key]

    def _group_medians(self, values: dict[str, float], group_of: Callable[[Municipality], str]) -> dict[str, float]:
        groups: defaultdict[str, list[float]] = defaultdict(list)
        for code, value in values.items():
            groups[group_of(self.library.municipalities[code])].append(value)
        return {group: median(vs) for group, vs in sorted(groups.items())}

    def _standings_of(self, indicator_id: str, year: int) -> dict[str, Standing]:
        key = (indicator_id, year)
        if key not in self._standings:
            self._standings[key] = self._rank(self.indicators[indicator_id], year,
                                              self.values.get(indicator_id, {}).get(year, {}))
        return self._standings[key]

    def _rank(self, indicator: Indicator, year: int, values: dict[str, float]) -> dict[str, Standing]:
        municipalities = self.library.municipalities
        national = rank_places(values, indicator.better, Scope.NATIONAL)
        groups: defaultdict[str, dict[str, float]] = defaultdict(dict)
        for code, value in values.items():
            groups[municipalities[code].miif_category][code] = value
        peer = {code: place for group in groups.values()
                for code, place in rank_places(group, indicator.better, Scope.PEER_GROUP).items()}
        tolerance = close_tolerance(indicator.benchmark.value, list(values.values())) if indicator.benchmark else 0
        target, decimals = is_target(indicator), self.decimals(indicator.id)
        result = {}
        for code, value in values.items():
            gap = benchmark_gap(indicator, value)
            result[code] = Standing(municipalities[code], indicator, year, value, gap, rate(gap, tolerance, target),
                                    national[code], peer[code], decimals)
        return result

    # Per municipality -----------------------------------------------------------------------------
    def series(self, indicator_id: str, code: str) -> Series | None:
        key = (indicator_id, code)
        if key not in self._series:
            points = tuple((year, values[code]) for year, values in sorted(self.values.get(indicator_id, {}).items())
                           if code in values)
            self._series[key] = Series(self.indicators[indicator_id], self.library.municipalities[code],
                                       points, self.decimals(indicator_id)) if points else None
        return self._series[key]

    def latest_standing(self, indicator_id: str, code: str) -> Standing | None:
        """The municipality's standing in the last year it reported the indicator."""
        series = self.series(indicator_id, code)
        return self.standing(indicator_id, series.last[0], code) if series else None

    def peer_medians(self, indicator_id: str, peer_group: str) -> tuple[tuple[int, float], ...]:
        key = (indicator_id, peer_group)
        if key not in self._peer_medians:
            self._peer_medians[key] = tuple((year, groups[peer_group]) for year in self.years(indicator_id)
                                            if peer_group in (groups := self.medians(indicator_id, year).by_peer_group))
        return self._peer_medians[key]

    @cached_property
    def reporting_municipalities(self) -> set[str]:
        return {code for years in self.values.values() for values in years.values() for code in values}

    def scorecard(self, code: str) -> list[ScorecardRow]:
        """Every indicator the municipality reported, in the library's order, at its latest year."""
        municipality = self.library.municipalities[code]
        rows = []
        for indicator_id in self.indicators:
            series = self.series(indicator_id, code)
            if series is None:
                continue
            standing = self._standings_of(indicator_id, series.last[0])[code]  # it reported that year
            rows.append(ScorecardRow(standing, series, self.peer_medians(indicator_id, municipality.miif_category)))
        return rows

    def areas_for_improvement(self, code: str) -> list[ScorecardRow]:
        """Indicators below their benchmark, the largest gap (relative to the benchmark) first."""
        short = [row for row in self.scorecard(code) if row.standing.gap is not None and row.standing.gap < 0]
        return sorted(short, key=lambda row: (row.standing.relative_gap, row.indicator.id))

    # Per peer group -------------------------------------------------------------------------------
    def group_figure(self, indicator_id: str, peer_group: str, leaders: int = 3) -> GroupFigure | None:
        """The peer group's median and best performers in the latest year any member reported."""
        for year in reversed(self.years(indicator_id)):
            standings = self.group_standings(indicator_id, year, peer_group)
            median_ = self.peer_median(indicator_id, year, peer_group)  # there is one when a member reported
            if standings and median_ is not None:
                return GroupFigure(self.indicators[indicator_id], year, median_, len(standings), tuple(standings[:leaders]))
        return None

    # Across the country ---------------------------------------------------------------------------
    def top_performers(self, indicator_id: str, count: int = 5) -> list[Standing]:
        year = self.latest_year(indicator_id)
        return self.standings(indicator_id, year)[:count] if year else []

    def most_improved(self, indicator_id: str, count: int = 5) -> list[Series]:
        """Largest improvement from first to last year reported; only those that improved."""
        codes = {c for values in self.values.get(indicator_id, {}).values() for c in values}
        changes = [(change, s) for c in codes if (s := self.series(indicator_id, c)) and (change := s.change) and change > 0]
        return [s for _, s in sorted(changes, key=lambda pair: (-pair[0], pair[1].municipality.name.lower()))][:count]

    def summary(self, indicator: Indicator) -> IndicatorSummary:
        years = self.years(indicator.id)
        if not years:
            return IndicatorSummary(indicator, None, 0, None, None, None, None)
        latest = self.standings(indicator.id, years[-1])
        ahead = sum(s.rating.favourable for s in latest if s.rating) if indicator.benchmark else None
        first, last = self.national_median(indicator.id, years[0]), self.national_median(indicator.id, years[-1])
        trend = trend_of(first.value, last.value, indicator.better) if len(years) > 1 else None
        return IndicatorSummary(indicator, years[-1], len(latest), ahead, first, last, trend)


def _decimals(library: Library) -> dict[str, int]:
    """Per indicator, how many decimals its figures are written with: as many as its most precise
    value, case-study outcome or comparison point has (``measures.decimals_of``)."""
    numbers: dict[str, list[float]] = defaultdict(list)
    for o in library.observations:
        numbers[o.indicator].append(o.value)
    for case in library.case_studies:
        for outcome in case.outcomes:
            numbers[outcome.indicator] += [outcome.baseline.value, outcome.result.value]
    for indicator in library.indicators.values():
        if indicator.benchmark is not None:
            numbers[indicator.id].append(indicator.benchmark.value)
    return {indicator_id: decimals_of(values) for indicator_id, values in numbers.items()}
