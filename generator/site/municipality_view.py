"""What a municipality's page shows, phone first: the front door for its officials.

Answer first, detail on demand. At the top, in words, its largest gaps on official
indicators, each with its year and the peer who does best (``headlines``), and which
service areas' summaries rest on illustrative values. Then one section per service
area, closed until the reader opens it, whose summary says how many indicators meet
the benchmark; inside, each indicator as a card readable at 360 px, and in every card
short of its benchmark the peers who do better, the practices on that indicator (or,
where there is none, the nearest practice in the area, labelled so) and whom to ask.
A municipality with little or no data is never a dead end: it gets its peer group's
medians and best performers, its district's (or its local municipalities') figures,
its peers' practices and how to submit data. Plain data for the template; no HTML here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.analysis.figures import Figure, is_target
from generator.analysis.peers import BetterPeer, Peers, Why
from generator.analysis.standings import Benchmarks, GroupFigure, ScorecardRow, Standing
from generator.model.catalogue import Catalogue
from generator.model.entities import CaseStudy, Indicator, Municipality, PeerGroup, ServiceArea, Toolkit, ToolkitFile
from generator.model.services import water_providers
from generator.site.inline_charts import PeerStrip, Sparkline, peer_strip, sparkline
from generator.site.municipality_words import (best_peer_label, illustrative_share, illustrative_summaries,
                                               nearest_practice_reason)
from generator.site.wording import (Counted, Point, Provenances, Ranked, Rated, Words, counted, in_sentence, peer_reason,
                                    point_of, provenances, quartered, ranked, rated, trend_in_words)

#: Below this share of the indicators reported, the page also shows what its peers report.
LITTLE_DATA = 0.5
#: How to submit data: the toolkit tagged (or named) with this, and its first CSV file as the template.
SUBMISSION_TAG = "benchmarking"
#: Municipalities on one compare link: the one whose page it is and up to three others.
COMPARE_OTHERS = 3
#: Headline figures on the first screen: the largest gaps on official indicators, at most this many...
HEADLINES = 3
#: ...and at least this many, filled with its weakest places in its peer group when it has fewer gaps.
HEADLINES_AT_LEAST = 2
#: Practices on an indicator offered in its card.
PRACTICES = 3


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
    group_figures: list[GroupFigure] = field(default_factory=list)  # its peer group's, where it reported little
    #: Official indicators of the area it has no value of (those formed by a merger after the census, say): named,
    #: so that a reader does not take a missing card for a missing indicator; their pages say why.
    without_value: list[Indicator] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"area-{self.area.id}"

    @property
    def comparisons(self) -> list[AreaCount]:
        """How many of its indicators meet their target, and how many do better than the national figure,
        each with how many of those rest on illustrative values."""
        result = []
        for target in (True, False):
            rated_ = [c.standing for c in self.cards if c.indicator.benchmark and is_target(c.indicator) == target]
            if rated_:
                result.append(AreaCount(
                    counted(sum(s.rating.favourable for s in rated_ if s.rating), len(rated_), target, indicators=True),
                    sum(s.indicator.illustrative for s in rated_)))
        return result

    @property
    def illustrative(self) -> tuple[int, int]:
        """How many of the indicators its summary counts (or, with none to count, shows) are illustrative, of how many."""
        counted_ = [c for c in self.cards if c.indicator.benchmark] or self.cards
        return sum(c.indicator.illustrative for c in counted_), len(counted_)

    @property
    def provenance(self) -> str:
        """The same in words, for a summary without counts: "official", "illustrative values only"."""
        return illustrative_share(*self.illustrative)


@dataclass(frozen=True)
class AreaCount:
    """One count of a service area's summary ("0 of 4 targets met") and how many of the indicators it counts
    are illustrative."""

    counted: Counted
    illustrative: int

    @property
    def provenance(self) -> str:
        """ "official", "illustrative values only", "3 of them illustrative"."""
        return illustrative_share(self.illustrative, self.counted.of)


@dataclass(frozen=True)
class NearestPractice:
    """Where no practice on an indicator exists: the nearest in its service area, and why it is the nearest."""

    case_study: CaseStudy
    reason: str  # whose it is and why it is the nearest: "Joe Morolong, also a mostly rural local"


@dataclass(frozen=True)
class Improvement:
    """An indicator short of the benchmark, with the peers who do better, the practices on it (or the nearest
    in its service area) and a link to compare them."""

    row: ScorecardRow
    peers: list[tuple[BetterPeer, Words]]  # each with its reason in words
    compare: list[str]  # codes for /compare/?m=...
    point: Point  # the target or national figure it falls short of
    rating: Rated  # "✗ short of the target", "▼ below the national figure"
    practices: list[CaseStudy] = field(default_factory=list)  # on the indicator, of others, better peers' first
    nearest: NearestPractice | None = None  # when there is none on the indicator
    own_practices: list[CaseStudy] = field(default_factory=list)  # its own case studies on the indicator
    #: Municipalities that do better, of any group or province: said when none of those it is compared with does.
    better_anywhere: int = 0


@dataclass(frozen=True)
class Headline:
    """One figure on the first screen: a gap on an official indicator (or, for a municipality with few, a weak
    place in its peer group), with the peer who does best."""

    row: ScorecardRow
    point: Point | None  # the target or national figure it falls short of; None for a place
    place: Ranked | None  # its place in its peer group, when it is not short of the benchmark
    best: BetterPeer | None
    best_label: str  # "Best of mostly rural locals", "Does better, in KwaZulu-Natal"

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator


@dataclass(frozen=True)
class Neighbour:
    """The district of a local municipality, or a local of a district, with what it reports."""

    municipality: Municipality
    cards: list[tuple[Indicator, Standing]]  # its latest values, when the page has little data of its own


@dataclass
class MunicipalityView:
    municipality: Municipality
    areas: list[AreaSummary]  # every service area, water first; those it reported nothing in have no cards
    improvements: list[Improvement]  # the largest gap first
    group_figures: list[tuple[ServiceArea, list[GroupFigure]]]  # its peer group, where it has little data
    neighbours: list[Neighbour]
    peer_practices: list[CaseStudy]  # case studies of its peer group
    water_providers: list[Municipality]
    compare: list[str]
    indicator_count: int
    toolkit: Toolkit | None = None  # how to send data: the benchmarking toolkit
    csv_template: ToolkitFile | None = None  # and its CSV template
    provenances: Provenances | None = None  # what its notice says of the indicators it shows
    headlines: list[Headline] = field(default_factory=list)
    compare_basis: frozenset[str] = frozenset()  # what chose the leaders to compare: official, illustrative values

    @property
    def reported_areas(self) -> list[AreaSummary]:
        return [a for a in self.areas if a.cards]

    @property
    def unreported(self) -> list[ServiceArea]:
        return [a.area for a in self.areas if not a.cards]

    @property
    def improvement_of(self) -> dict[str, Improvement]:
        """Each area for improvement by its indicator's id: its card carries it."""
        return {imp.row.indicator.id: imp for imp in self.improvements}

    @property
    def illustrative_note(self) -> str:
        """Which service areas' summaries rest on illustrative values, entirely or partly ("" for none): said on
        the first screen, before the summaries themselves."""
        shares = [(in_sentence(a.area.title), *a.illustrative) for a in self.reported_areas]
        return illustrative_summaries([name for name, n, of in shares if n and n == of],
                                      [name for name, n, of in shares if 0 < n < of])

    @property
    def headline_gaps(self) -> int:
        """How many headlines are gaps (the others are weak places in its peer group); they come first."""
        return sum(1 for h in self.headlines if h.point)

    @property
    def headlines_are_gaps(self) -> bool:
        """Whether every headline is a gap (else some are weak places in its peer group)."""
        return self.headline_gaps == len(self.headlines)

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
        self._practices_on_indicator: dict[str, list[CaseStudy]] = {}
        self.toolkit = next((t for t in self.library.toolkits if SUBMISSION_TAG in t.tags or SUBMISSION_TAG in t.slug),
                            None)
        self.csv_template = next((f for f in self.toolkit.files if f.path.endswith(".csv")), None) if self.toolkit else None

    def view(self, municipality: Municipality) -> MunicipalityView:
        lib, b = self.library, self.benchmarks
        rows = {row.indicator.id: row for row in b.scorecard(municipality.code)}
        providers = water_providers(municipality, lib.municipalities)
        areas = [AreaSummary(area, [self._card(rows[i.id]) for i in area.indicators if i.id in rows],
                             providers if area.id == "water" else [],
                             without_value=[i for i in area.indicators if not i.illustrative and i.id not in rows])
                 for area in self.catalogue.service_areas]
        improvements = [self._improvement(municipality, row) for row in b.areas_for_improvement(municipality.code)]
        view = MunicipalityView(municipality, areas, improvements, [], [],
                                self._peer_practices(municipality), providers, [], len(lib.indicators),
                                self.toolkit, self.csv_template)
        figures = self._group_figures_of(municipality.miif_category)
        # Its peer group's figures stand in for what it did not report, in the section of their service area.
        view.group_figures = [(area, f) for area, f in figures if view.little_data or area in view.unreported]
        shown = {area.id: f for area, f in view.group_figures}
        for summary in areas:
            summary.group_figures = shown.get(summary.area.id, [])
        view.neighbours = self._neighbours(municipality, with_figures=view.little_data)
        view.compare, view.compare_basis = self._compare(municipality, improvements, figures)
        view.headlines = self._headlines(municipality, improvements, list(rows.values()))
        # Figures of other municipalities, counted in the notice with its own.
        others = view.group_figures or any(n.cards for n in view.neighbours)
        view.provenances = provenances(view.indicators_shown,
                                       f"{municipality.name}'s own and other municipalities'" if others else "")
        return view

    def _card(self, row: ScorecardRow) -> IndicatorCard:
        s, i = row.standing, row.indicator
        series = row.series
        return IndicatorCard(row, ranked(s), quartered(s), rated(s), point_of(i, s.decimals),
                             trend_in_words(series.trend), series.first_figure if len(series.points) > 1 else None,
                             sparkline(series.points, self.benchmarks.years(i.id)),
                             peer_strip(s.peer.rank, s.peer.of))

    def _improvement(self, municipality: Municipality, row: ScorecardRow) -> Improvement:
        peers = self.peers.better_than(municipality.code, row.indicator.id)
        indicator = row.indicator
        point, rating = point_of(indicator, row.standing.decimals), rated(row.standing)
        if point is None or rating is None:
            raise ValueError(f"{indicator.id} has no benchmark, so no municipality falls short of it")
        practices = self._practices_on(municipality, indicator, peers)
        own = [c for c in self._case_studies_on(indicator.id) if municipality.code in c.municipalities]
        return Improvement(row, [(p, peer_reason(p, row.standing)) for p in peers],
                           [municipality.code] + [p.municipality.code for p in peers[:COMPARE_OTHERS]],
                           point, rating, practices,
                           None if practices else self._nearest_practice(municipality, indicator.service_area),
                           own[:PRACTICES], 0 if peers else self.peers.count_better(municipality.code, indicator.id))

    def _practices_on(self, municipality: Municipality, indicator: Indicator,
                      peers: list[BetterPeer]) -> list[CaseStudy]:
        """Others' case studies on the indicator: the better peers' first (in their order), then the newest."""
        of_peers = [c for p in peers for c in p.case_studies]
        on_it = [c for c in self._case_studies_on(indicator.id) if municipality.code not in c.municipalities]
        first: dict[str, CaseStudy] = {}  # each once, where it first comes
        for case in [*of_peers, *on_it]:
            first.setdefault(case.slug, case)
        return list(first.values())[:PRACTICES]

    def _case_studies_on(self, indicator_id: str) -> list[CaseStudy]:
        """Case studies that name the indicator or report an outcome on it, newest first: found once per indicator."""
        if indicator_id not in self._practices_on_indicator:
            self._practices_on_indicator[indicator_id] = [
                c for c in self.catalogue.newest_case_studies
                if indicator_id in c.about]
        return self._practices_on_indicator[indicator_id]

    def _nearest_practice(self, municipality: Municipality, area: str) -> NearestPractice | None:
        """Another's case study in the service area: of its peer group first, then of its province, then the newest."""
        def why(case: CaseStudy) -> Why | None:
            others = case.places
            if any(m.miif_category == municipality.miif_category for m in others):
                return Why.SAME_PEER_GROUP
            if any(m.province == municipality.province for m in others):
                return Why.SAME_PROVINCE
            return None

        order = [Why.SAME_PEER_GROUP, Why.SAME_PROVINCE, None]
        candidates = [(c, why(c)) for c in self.catalogue.case_studies_by_area.get(area, [])
                      if municipality.code not in c.municipalities]
        if not candidates:
            return None
        case, reason = min(candidates, key=lambda pair: order.index(pair[1]))  # stable: the newest of the nearest
        return NearestPractice(case, nearest_practice_reason(case.places, reason,
                                                             municipality))

    def _headlines(self, municipality: Municipality, improvements: list[Improvement],
                   rows: list[ScorecardRow]) -> list[Headline]:
        """The largest gaps on official indicators, each with the peer who does best; with fewer than
        ``HEADLINES_AT_LEAST``, its weakest places in its peer group among the official indicators a peer does better on."""
        headlines = [_headline(imp.row, imp.point, None, imp.peers[0][0] if imp.peers else None)
                     for imp in improvements if not imp.row.indicator.illustrative][:HEADLINES]
        if len(headlines) < HEADLINES_AT_LEAST:
            taken = {h.indicator.id for h in headlines}
            weakest = sorted((r for r in rows if not r.indicator.illustrative and r.indicator.id not in taken),
                             key=lambda r: (-r.standing.peer.rank / r.standing.peer.of, r.indicator.id))
            for row in weakest:
                better = self.peers.better_than(municipality.code, row.indicator.id, limit=1)
                if better and better[0].why is Why.SAME_PEER_GROUP and len(headlines) < HEADLINES_AT_LEAST:
                    headlines.append(_headline(row, None, ranked(row.standing), better[0]))
        return headlines

    def _group_figures_of(self, miif: str) -> list[tuple[ServiceArea, list[GroupFigure]]]:
        if miif not in self._group_figures:
            self._group_figures[miif] = [
                (area, figures) for area in self.catalogue.service_areas
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
                 figures: list[tuple[ServiceArea, list[GroupFigure]]]) -> tuple[list[str], frozenset[str]]:
        """The municipality and its peer group's leaders (those that lead most often), and what their leads rest
        on: "official" figures, "illustrative" values or both (the link says so where illustrative ones count)."""
        leads: list[tuple[str, Indicator]] = [
            (peer.municipality.code, improvement.row.indicator) for improvement in improvements
            for peer, _ in improvement.peers if peer.municipality.miif_category == municipality.miif_category]
        leads += [(s.municipality.code, figure.indicator) for _, area_figures in figures
                  for figure in area_figures for s in figure.leaders[:1]]
        leaders = Counter(code for code, _ in leads if code != municipality.code)
        chosen = [code for code, _ in leaders.most_common(COMPARE_OTHERS)]
        return [municipality.code] + chosen, frozenset("illustrative" if i.illustrative else "official"
                                                       for code, i in leads if code in chosen)


def _headline(row: ScorecardRow, point: Point | None, place: Ranked | None, best: BetterPeer | None) -> Headline:
    return Headline(row, point, place, best, best_peer_label(best) if best else "")
