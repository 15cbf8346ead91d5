"""Step 3b: benchmarking. Where each municipality stands, how it moves, and whom to learn from.

Pure functions over the content model: no files, no HTML, no charts. Every
comparison respects the indicator's direction, so that a positive
``benchmark_gap`` or ``change`` always means *better*, whichever way the
indicator runs.

Peer groups are National Treasury's MIIF categories (A metros; B1 to B4
locals; C1, C2 districts), taken from the municipal registry.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from generator.model.entities import CaseStudy, Direction, Indicator, Library, Municipality

# --- Thresholds: the one place where "close" and "stable" are defined -----------------------------
#: A value short of the benchmark by at most this fraction of the benchmark is rated "close"
#: (benchmark 30% non-revenue water: up to 33% is close, above is far). When the benchmark
#: is 0 the fraction applies to the spread (highest minus lowest) of that year's values.
CLOSE_FRACTION = 0.10
#: A change over the years smaller than this fraction of the larger of the first and last
#: values is "stable" (95.0 to 96.5 is stable; 95 to 98 is improving when higher is better).
STABLE_FRACTION = 0.02
#: Quartiles mean little in a smaller group; below this many reporters none is given.
MIN_FOR_QUARTILE = 4


class Rating(str, Enum):
    MEETS = "meets"
    """At or better than the benchmark."""
    CLOSE = "close"
    """Short of the benchmark by at most CLOSE_FRACTION of it."""
    FAR = "far"
    """Further from the benchmark than that."""


class Trend(str, Enum):
    IMPROVING = "improving"
    """Moved in the better direction by more than STABLE_FRACTION."""
    STABLE = "stable"
    """Moved less than that, either way."""
    WORSENING = "worsening"
    """Moved in the worse direction by more than STABLE_FRACTION."""


PEER_GROUP_SINGULAR = {
    "A": "a metro", "B1": "a secondary city", "B2": "a large town", "B3": "a small town",
    "B4": "a mostly rural municipality", "C1": "a district that is not a water authority",
    "C2": "a district that is a water authority",
}


# --- Small pure functions ---------------------------------------------------------------------------

def directed(better: Direction, delta: float) -> float:
    """``delta`` signed so that positive means better."""
    return delta if better is Direction.HIGHER else -delta


def benchmark_gap(indicator: Indicator, value: float) -> float | None:
    """How far ``value`` is past the benchmark (positive) or short of it (negative); None without one."""
    if indicator.benchmark is None:
        return None
    return directed(indicator.better, value - indicator.benchmark.value)


def close_tolerance(benchmark: float, values: list[float]) -> float:
    """How far short of ``benchmark`` still counts as close (see CLOSE_FRACTION)."""
    if benchmark != 0:
        return CLOSE_FRACTION * abs(benchmark)
    return CLOSE_FRACTION * (max(values) - min(values)) if values else 0.0


def rate(gap: float | None, tolerance: float) -> Rating | None:
    if gap is None:
        return None
    if gap >= 0:
        return Rating.MEETS
    return Rating.CLOSE if -gap <= tolerance else Rating.FAR


def ranks(values: dict[str, float], better: Direction) -> dict[str, int]:
    """Rank 1 is best; equal values share a rank and the next rank is skipped (1, 2, 2, 4)."""
    ordered = sorted(values.values(), reverse=better is Direction.HIGHER)
    first_place = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {code: first_place[value] for code, value in values.items()}


def quartile(rank: int, count: int) -> int | None:
    """1 is the best quarter, 4 the worst; None when too few report to speak of quarters."""
    if count < MIN_FOR_QUARTILE:
        return None
    return 1 + (4 * (rank - 1)) // count


def median(values) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def trend_of(first: float, last: float, better: Direction) -> Trend:
    change = directed(better, last - first)
    tolerance = STABLE_FRACTION * max(abs(first), abs(last))
    if abs(change) <= tolerance:
        return Trend.STABLE
    return Trend.IMPROVING if change > 0 else Trend.WORSENING


# --- The results ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Standing:
    """One municipality's value for one indicator and year, against the benchmark and the others."""

    municipality: Municipality
    indicator: Indicator
    year: int
    value: float
    gap: float | None
    rating: Rating | None
    rank: int
    reporting: int
    quartile: int | None
    peer_rank: int
    peer_reporting: int
    peer_quartile: int | None

    @property
    def relative_gap(self) -> float | None:
        """The gap as a fraction of the benchmark, so that gaps in different units compare."""
        if self.gap is None:
            return None
        scale = abs(self.indicator.benchmark.value) or 1.0
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


@dataclass(frozen=True)
class Suggestion:
    """A case study worth reading for an area of improvement, and why it was picked."""

    case_study: CaseStudy
    municipality: Municipality
    reason: str
    same_peer_group: bool
    same_province: bool
    meets: bool
    improvement: float  # positive when better, relative to the starting value


@dataclass(frozen=True)
class IndicatorSummary:
    """An indicator across the country in its latest year, for overviews."""

    indicator: Indicator
    year: int | None
    reporting: int
    meeting: int | None  # None without a benchmark
    median_first: tuple[int, float] | None
    median_last: tuple[int, float] | None
    median_trend: Trend | None


# --- The analysis -----------------------------------------------------------------------------------

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
        self._standings: dict[tuple[str, int], dict[str, Standing]] = {}
        self._medians: dict[tuple[str, int], Medians] = {}
        # Asked for again and again by scorecards and peer suggestions: computed once each.
        self._series: dict[tuple[str, str], Series | None] = {}
        self._peer_medians: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}
        self._peer_evidence: dict[str, list[tuple[CaseStudy, list[_PeerEvidence]]]] = {}

    # Per indicator and year -----------------------------------------------------------------------
    def years(self, indicator_id: str) -> list[int]:
        return sorted(self.values.get(indicator_id, {}))

    def latest_year(self, indicator_id: str) -> int | None:
        years = self.years(indicator_id)
        return years[-1] if years else None

    def standings(self, indicator_id: str, year: int) -> list[Standing]:
        """Everyone who reported, best first."""
        return sorted(self._standings_of(indicator_id, year).values(),
                      key=lambda s: (s.rank, s.municipality.name.lower()))

    def standing(self, indicator_id: str, year: int, code: str) -> Standing | None:
        return self._standings_of(indicator_id, year).get(code)

    def medians(self, indicator_id: str, year: int) -> Medians | None:
        key = (indicator_id, year)
        if key not in self._medians:
            values = self.values.get(indicator_id, {}).get(year)
            if not values:
                return None
            self._medians[key] = Medians(
                national=median(values.values()),
                by_province=self._group_medians(values, lambda m: m.province),
                by_peer_group=self._group_medians(values, lambda m: m.miif_category))
        return self._medians[key]

    def _group_medians(self, values: dict[str, float], group_of) -> dict[str, float]:
        groups = defaultdict(list)
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
        national = ranks(values, indicator.better)
        peers = defaultdict(dict)
        for code, value in values.items():
            peers[municipalities[code].miif_category][code] = value
        peer_ranks = {code: rank for group in peers.values() for code, rank in ranks(group, indicator.better).items()}
        tolerance = close_tolerance(indicator.benchmark.value, list(values.values())) if indicator.benchmark else 0
        result = {}
        for code, value in values.items():
            municipality = municipalities[code]
            group_size = len(peers[municipality.miif_category])
            gap = benchmark_gap(indicator, value)
            result[code] = Standing(
                municipality, indicator, year, value, gap, rate(gap, tolerance),
                national[code], len(values), quartile(national[code], len(values)),
                peer_ranks[code], group_size, quartile(peer_ranks[code], group_size))
        return result

    # Per municipality -----------------------------------------------------------------------------
    def series(self, indicator_id: str, code: str) -> Series | None:
        key = (indicator_id, code)
        if key not in self._series:
            points = tuple((year, values[code]) for year, values in sorted(self.values.get(indicator_id, {}).items())
                           if code in values)
            self._series[key] = Series(self.indicators[indicator_id], self.library.municipalities[code],
                                       points) if points else None
        return self._series[key]

    def peer_medians(self, indicator_id: str, peer_group: str) -> tuple[tuple[int, float], ...]:
        key = (indicator_id, peer_group)
        if key not in self._peer_medians:
            self._peer_medians[key] = tuple((year, self.medians(indicator_id, year).by_peer_group[peer_group])
                                            for year in self.years(indicator_id)
                                            if peer_group in self.medians(indicator_id, year).by_peer_group)
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
            standing = self.standing(indicator_id, series.last[0], code)
            rows.append(ScorecardRow(standing, series, self.peer_medians(indicator_id, municipality.miif_category)))
        return rows

    def areas_for_improvement(self, code: str) -> list[ScorecardRow]:
        """Indicators below their benchmark, the largest gap (relative to the benchmark) first."""
        short = [row for row in self.scorecard(code) if row.standing.gap is not None and row.standing.gap < 0]
        return sorted(short, key=lambda row: (row.standing.relative_gap, row.indicator.id))

    # Across the country ---------------------------------------------------------------------------
    def top_performers(self, indicator_id: str, count: int = 5) -> list[Standing]:
        year = self.latest_year(indicator_id)
        return self.standings(indicator_id, year)[:count] if year else []

    def most_improved(self, indicator_id: str, count: int = 5) -> list[Series]:
        """Largest improvement from first to last year reported; only those that improved."""
        codes = {c for values in self.values.get(indicator_id, {}).values() for c in values}
        improved = [s for s in (self.series(indicator_id, c) for c in codes) if s.change and s.change > 0]
        return sorted(improved, key=lambda s: (-s.change, s.municipality.name.lower()))[:count]

    def summary(self, indicator: Indicator) -> IndicatorSummary:
        years = self.years(indicator.id)
        if not years:
            return IndicatorSummary(indicator, None, 0, None, None, None, None)
        latest = self.standings(indicator.id, years[-1])
        meeting = sum(s.rating is Rating.MEETS for s in latest) if indicator.benchmark else None
        first = (years[0], self.medians(indicator.id, years[0]).national)
        last = (years[-1], self.medians(indicator.id, years[-1]).national)
        trend = trend_of(first[1], last[1], indicator.better) if len(years) > 1 else None
        return IndicatorSummary(indicator, years[-1], len(latest), meeting, first, last, trend)

    # Learning from peers --------------------------------------------------------------------------
    def learn_from_peers(self, code: str, indicator_id: str, limit: int = 3) -> list[Suggestion]:
        """Case studies on the indicator from municipalities that meet the benchmark or improved,
        the same peer group first, then the same province, then those that meet it, then the
        largest improvement."""
        learner = self.library.municipalities[code]
        indicator = self.indicators[indicator_id]
        candidates = []
        for case, evidence in self._evidence_on(indicator):
            # A case study counts once, through its first peer that is not the learner.
            found = next((e for e in evidence if e.peer.code != code), None)
            if found:
                candidates.append((case, found, found.peer.miif_category == learner.miif_category,
                                   found.peer.province == learner.province))
        ranked = sorted(candidates, key=lambda c: (not c[2], not c[3], not c[1].meets, -c[1].improvement,
                                                   c[0].title))
        # The reason is text work: written only for the suggestions shown.
        return [Suggestion(case, e.peer, _reason(e.peer, indicator, e.before, e.after, e.meets, same_peer,
                                                 same_province), same_peer, same_province, e.meets, e.improvement)
                for case, e, same_peer, same_province in ranked[:limit]]

    def _evidence_on(self, indicator: Indicator) -> list[tuple[CaseStudy, list[_PeerEvidence]]]:
        """Case studies on the indicator, each with its municipalities that meet the benchmark or improved.

        None of it depends on who is learning, so it is worked out once per indicator
        rather than once per municipality and area for improvement.
        """
        if indicator.id not in self._peer_evidence:
            result = []
            for case in self.library.case_studies:
                if indicator.id not in case.indicators and all(o.indicator != indicator.id for o in case.outcomes):
                    continue
                evidence = [e for e in (self._peer_evidence_of(case, self.library.municipalities[peer_code], indicator)
                                        for peer_code in case.municipalities) if e]
                if evidence:
                    result.append((case, evidence))
            self._peer_evidence[indicator.id] = result
        return self._peer_evidence[indicator.id]

    def _peer_evidence_of(self, case: CaseStudy, peer: Municipality, indicator: Indicator) -> _PeerEvidence | None:
        before, after = self._evidence(case, peer, indicator)
        if before is None:
            return None
        gap = benchmark_gap(indicator, after[1])
        meets = gap is not None and gap >= 0
        improvement = directed(indicator.better, after[1] - before[1]) / (abs(before[1]) or 1.0)
        if not meets and improvement <= 0:
            return None
        return _PeerEvidence(peer, before, after, meets, improvement)

    def _evidence(self, case: CaseStudy, peer: Municipality, indicator: Indicator):
        """Before and after: the case study's own outcome if it reports one, else the data."""
        for outcome in case.outcomes:
            if outcome.indicator == indicator.id:
                return ((outcome.baseline.year, outcome.baseline.value), (outcome.result.year, outcome.result.value))
        series = self.series(indicator.id, peer.code)
        if series is None:
            return None, None
        return series.first, series.last


@dataclass(frozen=True)
class _PeerEvidence:
    """A peer's record on an indicator that makes its case study worth suggesting."""

    peer: Municipality
    before: tuple[int, float]
    after: tuple[int, float]
    meets: bool
    improvement: float


def _reason(peer: Municipality, indicator: Indicator, before, after, meets: bool, same_peer: bool,
            same_province: bool) -> str:
    """Plain text, e.g. "Mangaung, also a metro, reduced non-revenue water from 41% to 27% (2016 to 2022)"."""
    also = " ".join(filter(None, [PEER_GROUP_SINGULAR.get(peer.miif_category) if same_peer else "",
                                  f"in {peer.province_name}" if same_province else ""]))
    who = f"{peer.name}, also {also}," if also else peer.name
    what = indicator.name[0].lower() + indicator.name[1:]
    change = directed(indicator.better, after[1] - before[1])
    if change > 0:
        verb = "raised" if indicator.better is Direction.HIGHER else "reduced"
        text = (f"{who} {verb} {what} from {format_value(before[1], indicator.unit)} "
                f"to {format_value(after[1], indicator.unit)} ({before[0]} to {after[0]})")
        if meets:
            text += ", meeting the benchmark"
        return text
    return (f"{who} meets the benchmark for {what}: {format_value(after[1], indicator.unit)} in {after[0]}, "
            f"against {format_value(indicator.benchmark.value, indicator.unit)}")


def format_value(value: float, unit: str = "") -> str:
    """12.5 -> "12.5", 30.0 -> "30", with the unit: "30%", "120 days"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    if text == "-0":
        text = "0"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def analyse(library: Library) -> Benchmarks:
    return Benchmarks(library)
