"""Parts of the benchmarking pages, each as a page shows it: a chart with its caption, an indicator in
an overview, the totals of a year, an indicator across a peer group. Plain data for ``page_kinds``."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.analysis.benchmarking import IndicatorSummary, Series, Standing
from generator.analysis.figures import Figure
from generator.model.entities import CaseStudy, Indicator, Municipality
from generator.site.charts import Chart
from generator.site.inline_charts import BeforeAfter
from generator.site.wording import Counted, Point, Rated, Words


@dataclass
class ChartView:
    """A chart as a page shows it: the image, its caption with every figure in it, and the indicators it
    draws, which the caption says are official (with their sources) or illustrative."""

    chart: Chart
    caption: Words
    indicators: list[Indicator]
    drawing: BeforeAfter | None = None  # drawn inline by the template: then ``chart`` has no file

    @property
    def official(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.illustrative]

    @property
    def illustrative(self) -> list[Indicator]:
        return [i for i in self.indicators if i.illustrative]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(i.source for i in self.official))


@dataclass(frozen=True)
class IndicatorOverview:
    """An indicator across the country in its latest year, as the overviews show it."""

    summary: IndicatorSummary
    ahead: Counted | None  # how many meet the target or do better than the national figure; None without one
    point: Point | None  # its target or national figure

    @property
    def indicator(self) -> Indicator:
        return self.summary.indicator


@dataclass(frozen=True)
class YearTotals:
    """An official share's totals and medians in one year: the country's and each peer group's."""

    year: int
    national: Figure | None
    median: Figure | None
    groups: dict[str, Figure]  # MIIF code -> the group's total
    group_medians: dict[str, Figure]


@dataclass(frozen=True)
class GroupIndicator:
    """One indicator across a peer group in the latest year any member reported it: the members who
    reported that year by their rank in the group (the ranks every page shows), the group's median, and
    the members whose latest value is older, each with its own year."""

    indicator: Indicator
    year: int
    ranked: list[tuple[Standing, Rated | None]]
    median: Figure | None
    ahead: Counted | None  # how many meet the target or do better than the national figure, in ``year``
    point: Point | None
    earlier: list[Standing] = field(default_factory=list)


@dataclass(frozen=True)
class TrendRow:
    """One year of an indicator's medians: the national one and each peer group's (None where the
    group has no member reporting)."""

    year: int
    national: Figure | None
    groups: dict[str, Figure | None]


@dataclass(frozen=True)
class Band:
    """A band of values of the distribution, and how many municipalities lie in it."""

    low: Figure
    high: Figure
    count: int


@dataclass(frozen=True)
class EarlierYear:
    """Every municipality's standing in an earlier year of an official indicator."""

    year: int
    standings: list[Standing]


@dataclass(frozen=True)
class IndicatorRanking:
    """What an indicator's page shows once some municipality reports it, in its latest ``year``."""

    year: int
    standings: list[tuple[Standing, Rated | None]]  # best first, each with its rating
    national_median: Figure | None
    ahead: Counted | None  # how many meet the target or do better than the national figure
    peer_groups: list[str]  # MIIF codes of the groups that ever reported it
    peer_group_names: dict[str, str]
    trend_rows: list[TrendRow]
    bands: list[Band]
    top: list[Standing]
    improved: list[Series]  # empty with one year
    ranking_chart: ChartView
    trend_chart: ChartView | None  # None with one year
    distribution_chart: ChartView
    #: Official figures with counts, per year (newest first): national total and median, peer groups' of each.
    totals: list[YearTotals] = field(default_factory=list)
    earlier: list[EarlierYear] = field(default_factory=list)  # every earlier year of an official one
    #: Municipalities whose latest value is older than ``year``: not ranked with the others, never left out.
    older: list[Standing] = field(default_factory=list)


@dataclass(frozen=True)
class PracticePlace:
    """A municipality of a case study on an indicator, with its latest standing and series (None
    when it reports none)."""

    municipality: Municipality
    standing: Standing | None
    series: Series | None


@dataclass(frozen=True)
class PracticeOnIndicator:
    case: CaseStudy
    places: list[PracticePlace]
