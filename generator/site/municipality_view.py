"""What a municipality's page shows, phone first: the front door for its officials.

At the top the municipality, its peer group in words and a summary per service
area (how many indicators meet the benchmark, where it stands in its peer group);
then each indicator as a card readable at 360 px; then, for every area for
improvement, the peers who do better. A municipality with little or no data is
never a dead end: it gets its peer group's medians and best performers, its
district's (or its local municipalities') figures, its peers' practices and how
to submit data. Plain data for the template; no HTML here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.analysis.figures import Figure, is_target
from generator.analysis.measures import Position
from generator.analysis.peers import BetterPeer, Peers
from generator.analysis.standings import Benchmarks, GroupFigure, ScorecardRow, Standing
from generator.model.catalogue import Catalogue
from generator.model.entities import CaseStudy, Indicator, Municipality, PeerGroup, ServiceArea, Toolkit, ToolkitFile
from generator.model.services import water_providers
from generator.site.inline_charts import PeerStrip, Sparkline, peer_strip, sparkline
from generator.site.wording import (Counted, Point, Provenances, Ranked, Rated, Words, counted, peer_reason, point_of,
                                    provenances, quartered, ranked, rated, trend_in_words)

#: Below this share of the indicators reported, the page also shows what its peers report.
LITTLE_DATA = 0.5
#: How to submit data: the toolkit tagged (or named) with this, and its first CSV file as the template.
SUBMISSION_TAG = "benchmarking"
#: Municipalities on one compare link: the one whose page it is and up to three others.
COMPARE_OTHERS = 3


@dataclass(frozen=True)
class IndicatorCard:
    """One indicator as a phone shows it: every number labelled, the place in words."""

    row: ScorecardRow
    place: Ranked  # "=4th of 12 mostly rural locals in 2024"
    quarter: Ranked | None  # "middle half of its peer group"
    rating: Rated | None  # "✗ short of the target", "▼ below the national figure"
    point: Point | None  # its target or national figure
    trend: str
    first: Figure | None  # the first year's value, when there are several years
    sparkline: Sparkline | None
    strip: PeerStrip | None

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator

    @property
    def standing(self) -> Standing:
        return self.row.standing


@dataclass
class AreaSummary:
    """A service area at the top of the page, and its section below."""

    area: ServiceArea
    cards: list[IndicatorCard]
    providers: list[Municipality] = field(default_factory=list)  # who provides it, when not this municipality

    @property
    def anchor(self) -> str:
        return f"area-{self.area.id}"

    @property
    def comparisons(self) -> list[Counted]:
        """How many of its indicators meet their target, and how many do better than the national figure."""
        result = []
        for target in (True, False):
            rated_ = [c.standing for c in self.cards if c.indicator.benchmark and is_target(c.indicator) == target]
            if rated_:
                result.append(counted(sum(s.rating.favourable for s in rated_ if s.rating), len(rated_), target,
                                      indicators=True))
        return result

    @property
    def positions(self) -> list[tuple[Position, int]]:
        """How many indicators in each position of the peer group, top quarter first."""
        counts = Counter(c.standing.peer.position for c in self.cards if c.standing.peer.position)
        return [(p, counts[p]) for p in Position if counts[p]]


@dataclass(frozen=True)
class Improvement:
    """An indicator short of the benchmark, with the peers who do better and a link to compare them."""

    row: ScorecardRow
    peers: list[tuple[BetterPeer, Words]]  # each with its reason in words
    compare: list[str]  # codes for /compare/?m=...
    point: Point  # the target or national figure it falls short of
    rating: Rated  # "✗ short of the target", "▼ below the national figure"


@dataclass(frozen=True)
class Neighbour:
    """The district of a local municipality, or a local of a district, with what it reports."""

    municipality: Municipality
    cards: list[tuple[Indicator, Standing]]  # its latest values, when the page has little data of its own


@dataclass
class MunicipalityView:
    municipality: Municipality
    areas: list[AreaSummary]  # areas it reported, water first
    unreported: list[ServiceArea]  # areas with no value at all
    improvements: list[Improvement]
    group_figures: list[tuple[ServiceArea, list[GroupFigure]]]  # its peer group, where it has little data
    neighbours: list[Neighbour]
    peer_practices: list[CaseStudy]  # case studies of its peer group
    water_providers: list[Municipality]
    compare: list[str]
    indicator_count: int
    toolkit: Toolkit | None = None  # how to send data: the benchmarking toolkit
    csv_template: ToolkitFile | None = None  # and its CSV template
    # Whether the site has the compare page and a page for its peer group, to link to.
    compare_page: bool = False
    peer_group_page: bool = False
    provenances: Provenances | None = None  # what its notice says of the indicators it shows

    @property
    def indicators_shown(self) -> list[Indicator]:
        """Every indicator the page shows a figure of: its own, its peer group's and its neighbours'."""
        return ([c.indicator for a in self.areas for c in a.cards]
                + [f.indicator for _, figures in self.group_figures for f in figures]
                + [i for n in self.neighbours for i, _ in n.cards])

    @property
    def peer_group(self) -> PeerGroup:
        return self.municipality.peer_group

    @property
    def reported(self) -> int:
        return sum(len(a.cards) for a in self.areas)

    @property
    def little_data(self) -> bool:
        return self.reported < LITTLE_DATA * self.indicator_count


class MunicipalityViews:
    """Builds the view of any municipality of one analysed library."""

    def __init__(self, catalogue: Catalogue, benchmarks: Benchmarks, peers: Peers):
        self.catalogue, self.benchmarks, self.peers = catalogue, benchmarks, peers
        self.library = catalogue.library
        self._group_figures: dict[str, list[tuple[ServiceArea, list[GroupFigure]]]] = {}
        self._practices_of_group: dict[str, list[CaseStudy]] = {}
        self.toolkit = next((t for t in self.library.toolkits if SUBMISSION_TAG in t.tags or SUBMISSION_TAG in t.slug),
                            None)
        self.csv_template = next((f for f in self.toolkit.files if f.path.endswith(".csv")), None) if self.toolkit else None

    def view(self, municipality: Municipality) -> MunicipalityView:
        lib, b = self.library, self.benchmarks
        rows = {row.indicator.id: row for row in b.scorecard(municipality.code)}
        providers = water_providers(municipality, lib.municipalities)
        areas, unreported = [], []
        for area in _water_first(lib.service_areas.values()):
            cards = [self._card(rows[i.id]) for i in area.indicators if i.id in rows]
            if cards:
                areas.append(AreaSummary(area, cards, providers if area.id == "water" else []))
            else:
                unreported.append(area)
        improvements = [self._improvement(municipality, row) for row in b.areas_for_improvement(municipality.code)]
        view = MunicipalityView(municipality, areas, unreported, improvements, [], [],
                                self._peer_practices(municipality), providers, [], len(lib.indicators),
                                self.toolkit, self.csv_template)
        figures = self._group_figures_of(municipality.miif_category)
        # Its peer group's figures stand in for what it did not report.
        view.group_figures = [(area, f) for area, f in figures if view.little_data or area in unreported]
        view.neighbours = self._neighbours(municipality, with_figures=view.little_data)
        view.compare = self._compare(municipality, improvements, figures)
        view.provenances = provenances(view.indicators_shown)
        return view

    def _card(self, row: ScorecardRow) -> IndicatorCard:
        s, i = row.standing, row.indicator
        series = row.series
        return IndicatorCard(row, ranked(s), quartered(s), rated(s), point_of(i, s.decimals),
                             trend_in_words(series.trend), series.figures[0] if len(series.points) > 1 else None,
                             sparkline(series.points, self.benchmarks.years(i.id)),
                             peer_strip(s.peer.rank, s.peer.of))

    def _improvement(self, municipality: Municipality, row: ScorecardRow) -> Improvement:
        peers = self.peers.better_than(municipality.code, row.indicator.id)
        indicator = row.indicator
        point, rating = point_of(indicator, row.standing.decimals), rated(row.standing)
        if point is None or rating is None:
            raise ValueError(f"{indicator.id} has no benchmark, so no municipality falls short of it")
        return Improvement(row, [(p, peer_reason(p, municipality, indicator)) for p in peers],
                           [municipality.code] + [p.municipality.code for p in peers[:COMPARE_OTHERS]], point, rating)

    def _group_figures_of(self, miif: str) -> list[tuple[ServiceArea, list[GroupFigure]]]:
        if miif not in self._group_figures:
            self._group_figures[miif] = [
                (area, figures) for area in _water_first(self.library.service_areas.values())
                if (figures := [f for i in area.indicators if (f := self.benchmarks.group_figure(i.id, miif))])]
        return self._group_figures[miif]

    def _neighbours(self, municipality: Municipality, with_figures: bool) -> list[Neighbour]:
        lib = self.library
        if municipality.category == "C":
            others = [m for m in lib.municipalities.values() if m.district == municipality.code]
        else:
            district = lib.municipalities.get(municipality.district)
            others = [district] if district else []
        result = []
        for other in others:
            cards = ([(row.indicator, row.standing) for row in self.benchmarks.scorecard(other.code)]
                     if with_figures else [])
            result.append(Neighbour(other, cards))
        return result

    def _peer_practices(self, municipality: Municipality, count: int = 5) -> list[CaseStudy]:
        return [c for c in self._group_practices(municipality.miif_category)
                if municipality.code not in c.municipalities][:count]

    def _group_practices(self, miif: str) -> list[CaseStudy]:
        """The peer group's case studies, newest first: found once per group, not per member."""
        if miif not in self._practices_of_group:
            self._practices_of_group[miif] = [
                c for c in self.catalogue.newest_case_studies
                if any(m.miif_category == miif for m in c.places)]
        return self._practices_of_group[miif]

    def _compare(self, municipality: Municipality, improvements: list[Improvement],
                 figures: list[tuple[ServiceArea, list[GroupFigure]]]) -> list[str]:
        """The municipality and its peer group's leaders: those that lead most often."""
        leaders: Counter[str] = Counter()
        for improvement in improvements:
            for peer, _ in improvement.peers:
                if peer.municipality.miif_category == municipality.miif_category:
                    leaders[peer.municipality.code] += 1
        for _, area_figures in figures:
            for figure in area_figures:
                for s in figure.leaders[:1]:
                    leaders[s.municipality.code] += 1
        leaders.pop(municipality.code, None)
        return [municipality.code] + [code for code, _ in leaders.most_common(COMPARE_OTHERS)]


def _water_first(areas) -> list[ServiceArea]:
    """Water first: the service most asked about; the others in the library's order."""
    return sorted(areas, key=lambda area: area.id != "water")
