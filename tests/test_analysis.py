"""The benchmarking analysis on small hand-made libraries whose answers are worked out by hand."""

from __future__ import annotations

import pytest

from generator.analysis.benchmarking import (Benchmarks, Peers, Position, Rating, Scope, Trend, Why, benchmark_gap,
                                             close_tolerance, quartile, ranks, rate, trend_of)
from generator.analysis.measures import decimals_of, position_of
from generator.model.entities import (Benchmark, BenchmarkKind, CaseStudy, Direction, Indicator, Library, Municipality,
                                      Observation, ServiceArea)

NRW = Indicator("WS5.1", "Percentage of non-revenue water", "%", Direction.LOWER, "", "", "water",
                Benchmark(30, "target"))
ACCESS = Indicator("WS2.1", "Households with basic water", "%", Direction.HIGHER, "", "", "water",
                   Benchmark(95, "target"))
NO_BENCHMARK = Indicator("WS9.9", "Meters read", "%", Direction.HIGHER, "", "", "water")
JOBS = Indicator("LED9.1", "Net jobs created per 1000 residents", "jobs", Direction.HIGHER, "", "", "water",
                 Benchmark(0, "no net loss"))


def municipality(code, miif, province, name=None, population=None):
    return Municipality(code, name or code.title(), miif[0], miif, province, {"KZN": "KwaZulu-Natal",
                        "FS": "Free State", "GT": "Gauteng", "EC": "Eastern Cape", "MP": "Mpumalanga",
                        "NC": "Northern Cape"}[province], "", None, population)


MUNICIPALITIES = {m.code: m for m in [
    municipality("ETH", "A", "KZN", "eThekwini"), municipality("MAN", "A", "FS", "Mangaung"),
    municipality("JHB", "A", "GT", "Johannesburg"), municipality("TSH", "A", "GT", "Tshwane"),
    municipality("KZN225", "B1", "KZN", "Msunduzi"), municipality("KZN252", "B1", "KZN", "Newcastle"),
    municipality("EC441", "B4", "EC", "Matatiele"),
]}


def library(rows, case_studies=()):
    observations = [Observation(code, indicator, year, value) for code, indicator, year, value in rows]
    area = ServiceArea("water", "Water", "", True, [NRW, ACCESS, NO_BENCHMARK, JOBS])
    return Library(MUNICIPALITIES, {"water": area}, observations, list(case_studies), [], {})


def case_study(slug, code, indicators, outcomes=()):
    return CaseStudy(slug, slug.replace("-", " ").title(), [code], "water", 2016, "summary", "body", "x.md",
                     indicators=list(indicators), outcomes=list(outcomes))


# --- Direction and the benchmark ------------------------------------------------------------------

def test_gap_is_positive_when_better_whichever_way_the_indicator_runs():
    assert benchmark_gap(NRW, 27) == 3  # lower is better: 27% loses less water than the 30% target
    assert benchmark_gap(NRW, 41) == -11
    assert benchmark_gap(ACCESS, 97) == 2
    assert benchmark_gap(ACCESS, 90) == -5
    assert benchmark_gap(NO_BENCHMARK, 50) is None


def test_rating_meets_close_and_far():
    tolerance = close_tolerance(30, [])  # 10% of 30
    assert tolerance == pytest.approx(3)
    assert rate(benchmark_gap(NRW, 30), tolerance) is Rating.MEETS
    assert rate(benchmark_gap(NRW, 33), tolerance) is Rating.CLOSE
    assert rate(benchmark_gap(NRW, 33.5), tolerance) is Rating.FAR
    assert rate(None, tolerance) is None


def test_zero_benchmark_and_negative_values():
    values = {"ETH": -5.0, "MAN": 3.0, "JHB": 0.0, "TSH": -0.5}
    b = Benchmarks(library([(c, "LED9.1", 2020, v) for c, v in values.items()]))
    # Spread 3 - (-5) = 8, so "close" means short of 0 by at most 0.8.
    ratings = {s.municipality.code: s.rating for s in b.standings("LED9.1", 2020)}
    assert ratings == {"MAN": Rating.MEETS, "JHB": Rating.MEETS, "TSH": Rating.CLOSE, "ETH": Rating.FAR}
    assert [s.municipality.code for s in b.standings("LED9.1", 2020)] == ["MAN", "JHB", "TSH", "ETH"]
    assert trend_of(-10, -5, Direction.HIGHER) is Trend.IMPROVING
    assert trend_of(0, 0, Direction.HIGHER) is Trend.STABLE


def test_a_national_figure_is_done_better_or_worse_than_never_met():
    # The national figure is a comparison point, not a target: a value is above or below it.
    informal = Indicator("informal-dwelling", "Informal dwellings", "%", Direction.LOWER, "", "", "water",
                         Benchmark(13.6, "national figure", BenchmarkKind.COMPARISON))
    assert [rate(benchmark_gap(informal, v), 1.36, target=False) for v in (1.0, 13.6, 14.0)] == [
        Rating.BETTER, Rating.LEVEL, Rating.WORSE]  # 14.0 would be "close" to a target of 13.6
    assert Rating.BETTER.favourable and Rating.MEETS.favourable and not Rating.LEVEL.favourable


def test_a_value_exactly_at_the_edge_of_close_is_close_whatever_the_floats_say():
    sans = Indicator("WS4.1", "Compliance", "%", Direction.HIGHER, "", "", "water", Benchmark(97, "target"))
    # 97 - 87.3 is 9.700000000000003 in binary, 10% of 97 is 9.700000000000001: as written, both are 9.7.
    assert rate(benchmark_gap(sans, 87.3), close_tolerance(97, [])) is Rating.CLOSE
    assert rate(benchmark_gap(sans, 87.2), close_tolerance(97, [])) is Rating.FAR


def test_figures_are_written_with_the_decimals_of_the_indicator_s_most_precise_value():
    assert decimals_of([36.0, 35.5]) == 1 and decimals_of([2.0, 4.0]) == 0 and decimals_of([0.03, 0.5]) == 2
    assert decimals_of([1 / 3]) == 2  # never more than two
    b = Benchmarks(library([("ETH", "WS5.1", 2020, 36.0), ("MAN", "WS5.1", 2020, 35.5), ("JHB", "WS2.1", 2020, 97.0)]))
    assert (b.decimals("WS5.1"), b.decimals("WS2.1")) == (1, 0)  # WS2.1's benchmark, 95, has none either
    assert b.standing("WS5.1", 2020, "ETH").figure.decimals == 1


# --- Ranks, ties, quartiles, peer groups ----------------------------------------------------------

def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    values = {"ETH": 30.0, "MAN": 25.0, "JHB": 30.0, "TSH": 40.0}
    assert ranks(values, Direction.LOWER) == {"MAN": 1, "ETH": 2, "JHB": 2, "TSH": 4}
    assert ranks(values, Direction.HIGHER) == {"TSH": 1, "ETH": 2, "JHB": 2, "MAN": 4}


def test_a_shared_place_is_marked_tied_in_the_peer_group_and_nationally():
    rows = [("ETH", "WS5.1", 2020, 30.0), ("MAN", "WS5.1", 2020, 25.0), ("JHB", "WS5.1", 2020, 30.0),
            ("KZN225", "WS5.1", 2020, 30.0)]
    b = Benchmarks(library(rows))
    eth, man, msunduzi = (b.standing("WS5.1", 2020, c) for c in ("ETH", "MAN", "KZN225"))
    assert (eth.peer.rank, eth.peer.tied, eth.national.rank, eth.national.tied) == (2, True, 2, True)
    assert (man.peer.tied, man.national.tied) == (False, False)
    assert (msunduzi.peer.rank, msunduzi.peer.tied, msunduzi.national.rank) == (1, False, 2)  # alone in B1
    assert [s.municipality.code for s in b.group_standings("WS5.1", 2020, "A")] == ["MAN", "ETH", "JHB"]


def test_quartiles_need_four_reporters():
    assert [quartile(r, 4) for r in (1, 2, 3, 4)] == [1, 2, 3, 4]
    assert [quartile(r, 8) for r in (1, 2, 3, 8)] == [1, 1, 2, 4]
    assert quartile(1, 3) is None


def test_a_place_and_its_mirror_from_the_bottom_are_named_alike():
    """6th of 21 was "top quarter" while 16th of 21, as far from the bottom, was "middle half"."""
    assert [position_of(quartile(r, 21)) for r in (5, 6, 16, 17)] == [
        Position.TOP_QUARTER, Position.MIDDLE_HALF, Position.MIDDLE_HALF, Position.BOTTOM_QUARTER]
    mirrored = {Position.TOP_QUARTER: Position.BOTTOM_QUARTER, Position.MIDDLE_HALF: Position.MIDDLE_HALF,
                Position.BOTTOM_QUARTER: Position.TOP_QUARTER}
    for count in range(4, 80):
        for rank in range(1, count + 1):
            assert position_of(quartile(count - rank + 1, count)) == mirrored[position_of(quartile(rank, count))]


def test_ranks_within_the_peer_group_and_nationally():
    rows = [("ETH", "WS5.1", 2020, 35.0), ("MAN", "WS5.1", 2020, 28.0), ("JHB", "WS5.1", 2020, 40.0),
            ("TSH", "WS5.1", 2020, 31.0), ("KZN225", "WS5.1", 2020, 20.0), ("KZN252", "WS5.1", 2020, 45.0)]
    b = Benchmarks(library(rows))
    eth = b.standing("WS5.1", 2020, "ETH")
    assert (eth.national.scope, eth.national.rank, eth.national.of) == (Scope.NATIONAL, 4, 6)
    assert (eth.peer.scope, eth.peer.rank, eth.peer.of, eth.peer.quartile) == (Scope.PEER_GROUP, 3, 4, 3)  # MAN, TSH, ETH, JHB
    assert eth.peer.position is Position.MIDDLE_HALF
    msunduzi = b.standing("WS5.1", 2020, "KZN225")
    assert (msunduzi.national.rank, msunduzi.peer.rank, msunduzi.peer.of, msunduzi.peer.quartile) == (1, 1, 2, None)
    assert msunduzi.peer.position is None  # two of a group: no quarters to speak of
    assert eth.gap == -5 and eth.rating is Rating.FAR


def test_medians_nationally_by_province_and_by_peer_group():
    rows = [("ETH", "WS2.1", 2020, 90.0), ("MAN", "WS2.1", 2020, 96.0), ("JHB", "WS2.1", 2020, 99.0),
            ("KZN225", "WS2.1", 2020, 80.0), ("KZN252", "WS2.1", 2020, 70.0)]
    medians = Benchmarks(library(rows)).medians("WS2.1", 2020)
    assert medians.national == 90
    assert medians.by_peer_group == {"A": 96, "B1": 75}
    assert medians.by_province == {"FS": 96, "GT": 99, "KZN": 80}


def test_a_single_reporter_is_first_of_one_without_quartiles():
    b = Benchmarks(library([("EC441", "WS2.1", 2021, 60.0)]))
    only = b.standing("WS2.1", 2021, "EC441")
    assert (only.national.rank, only.national.of, only.national.quartile, only.peer.quartile) == (1, 1, None, None)
    assert b.medians("WS2.1", 2021).national == 60
    assert b.series("WS2.1", "EC441").trend is None  # one year says nothing about a trend


def test_indicator_without_a_benchmark_is_ranked_but_not_rated():
    b = Benchmarks(library([("ETH", "WS9.9", 2020, 50.0), ("MAN", "WS9.9", 2020, 70.0)]))
    assert [(s.municipality.code, s.national.rank, s.gap, s.rating) for s in b.standings("WS9.9", 2020)] == [
        ("MAN", 1, None, None), ("ETH", 2, None, None)]
    assert b.summary(NO_BENCHMARK).ahead is None
    assert b.areas_for_improvement("ETH") == []


# --- Over time -------------------------------------------------------------------------------------

def test_trend_follows_the_direction_over_the_years_reported():
    rows = [("ETH", "WS5.1", 2016, 38.0), ("ETH", "WS5.1", 2019, 35.0), ("ETH", "WS5.1", 2021, 31.5),  # gaps
            ("MAN", "WS2.1", 2016, 90.0), ("MAN", "WS2.1", 2020, 85.0),
            ("JHB", "WS2.1", 2016, 95.0), ("JHB", "WS2.1", 2020, 96.5)]
    b = Benchmarks(library(rows))
    eth = b.series("WS5.1", "ETH")
    assert eth.points == ((2016, 38.0), (2019, 35.0), (2021, 31.5))
    assert eth.change == pytest.approx(6.5) and eth.trend is Trend.IMPROVING  # NRW fell: better
    assert b.series("WS2.1", "MAN").trend is Trend.WORSENING  # access fell: worse
    assert b.series("WS2.1", "JHB").trend is Trend.STABLE  # +1.5 on 96.5 is within 2%
    assert b.latest_year("WS5.1") == 2021 and b.years("WS5.1") == [2016, 2019, 2021]


def test_scorecard_uses_each_municipality_s_latest_year():
    rows = [("ETH", "WS5.1", 2019, 38.0), ("ETH", "WS5.1", 2020, 36.0), ("MAN", "WS5.1", 2021, 27.0),
            ("ETH", "WS2.1", 2020, 97.0)]
    card = {row.indicator.id: row for row in Benchmarks(library(rows)).scorecard("ETH")}
    assert set(card) == {"WS5.1", "WS2.1"}
    assert card["WS5.1"].standing.year == 2020 and card["WS5.1"].standing.value == 36
    assert card["WS5.1"].peer_medians == ((2019, 38.0), (2020, 36.0), (2021, 27.0))


def test_areas_for_improvement_are_below_benchmark_largest_relative_gap_first():
    rows = [("ETH", "WS5.1", 2020, 36.0),   # 6 short of 30: 20%
            ("ETH", "WS2.1", 2020, 85.5),   # 9.5 short of 95: 10%
            ("ETH", "LED9.1", 2020, 1.0)]   # meets
    areas = Benchmarks(library(rows)).areas_for_improvement("ETH")
    assert [row.indicator.id for row in areas] == ["WS5.1", "WS2.1"]


def test_top_performers_and_most_improved():
    rows = [("ETH", "WS5.1", 2016, 40.0), ("ETH", "WS5.1", 2020, 30.0),
            ("MAN", "WS5.1", 2016, 41.0), ("MAN", "WS5.1", 2020, 27.0),
            ("JHB", "WS5.1", 2016, 20.0), ("JHB", "WS5.1", 2020, 25.0)]
    b = Benchmarks(library(rows))
    assert [s.municipality.code for s in b.top_performers("WS5.1", 2)] == ["JHB", "MAN"]
    assert [s.municipality.code for s in b.most_improved("WS5.1")] == ["MAN", "ETH"]  # JHB worsened
    summary = b.summary(NRW)
    assert (summary.year, summary.reporting, summary.ahead) == (2020, 3, 3)
    first, last = summary.median_first, summary.median_last
    assert (first.year, first.value, last.year, last.value) == (2016, 40.0, 2020, 27.0)
    assert summary.median_trend is Trend.IMPROVING


def test_quartile_gives_the_position_in_the_peer_group_first_of_twelve_is_not_told_what_the_last_is():
    from generator.analysis.measures import position_of
    positions = [position_of(quartile(rank, 12)) for rank in range(1, 13)]
    assert positions[:3] == [Position.TOP_QUARTER] * 3
    assert positions[3:9] == [Position.MIDDLE_HALF] * 6
    assert positions[9:] == [Position.BOTTOM_QUARTER] * 3


# --- Peers who do better ---------------------------------------------------------------------------

PEERS = {m.code: m for m in [
    municipality("KZN272", "B4", "KZN", "Jozini", 186_503), municipality("EC154", "B4", "EC", "Port St Johns", 156_136),
    municipality("EC441", "B4", "EC", "Matatiele", 203_843), municipality("FS161", "B4", "FS", "Letsemeng", 38_628),
    municipality("KZN225", "B1", "KZN", "Msunduzi", 618_536), municipality("ETH", "A", "KZN", "eThekwini", 3_442_361),
    municipality("GT421", "B1", "GT", "Emfuleni", 721_663), municipality("EC157", "B2", "EC", "King Sabata Dalindyebo", 451_710),
    municipality("FS192", "B2", "FS", "Dihlabeng", 128_704), municipality("MP307", "B1", "MP", "Govan Mbeki", 294_538),
    municipality("DC7", "C1", "NC", "Pixley ka Seme", 186_352),
]}


def peer_library(rows, case_studies=()):
    observations = [Observation(code, "WS5.1", year, value) for code, year, value in rows]
    area = ServiceArea("water", "Water", "", True, [NRW, ACCESS])
    return Library(PEERS, {"water": area}, observations, list(case_studies), [], {})


def test_peers_who_do_better_are_of_the_same_peer_group_best_first_and_never_worse():
    rows = [("KZN272", 2023, 45.0), ("EC154", 2023, 30.8), ("EC441", 2022, 37.2), ("FS161", 2023, 52.0),
            ("ETH", 2023, 55.0),  # a metro, worse: never suggested
            ("KZN225", 2023, 20.0), ("EC157", 2023, 25.0)]
    b = Benchmarks(peer_library(rows))
    peers = Peers(b).better_than("KZN272", "WS5.1")
    # Two better B4s (Letsemeng is worse); fewer than three, so the province fills in: Msunduzi.
    assert [(p.municipality.code, p.why) for p in peers] == [
        ("EC154", Why.SAME_PEER_GROUP), ("EC441", Why.SAME_PEER_GROUP), ("KZN225", Why.SAME_PROVINCE)]
    assert [(p.value, p.year) for p in peers] == [(30.8, 2023), (37.2, 2022), (20.0, 2023)]
    assert peers[0].ahead_by == pytest.approx(14.2)  # 45.0 - 30.8, positive: better
    assert all(p.ahead_by > 0 for p in peers)


def test_when_the_province_has_too_few_similar_population_fills_in_and_only_of_similar_size():
    rows = [("KZN272", 2023, 45.0), ("EC154", 2023, 30.8), ("GT421", 2023, 10.0), ("EC157", 2023, 28.0),
            ("ETH", 2023, 44.0), ("FS192", 2023, 33.0), ("MP307", 2023, 20.0), ("DC7", 2023, 15.0)]
    peers = Peers(Benchmarks(peer_library(rows))).better_than("KZN272", "WS5.1")
    # EC154 (B4); eThekwini, same province and better (44 < 45); then one of a size like Jozini's 186,503:
    # Dihlabeng (128,704), not King Sabata Dalindyebo (451,710, 2.4 times), Emfuleni (721,663) nor Govan
    # Mbeki (294,538, 1.6 times), which do better but are not "of similar size", nor Pixley ka Seme (186,352),
    # of Jozini's size but a district.
    assert [(p.municipality.code, p.why) for p in peers] == [
        ("EC154", Why.SAME_PEER_GROUP), ("ETH", Why.SAME_PROVINCE), ("FS192", Why.SIMILAR_POPULATION)]
    without_dihlabeng = [row for row in rows if row[0] != "FS192"]
    peers = Peers(Benchmarks(peer_library(without_dihlabeng))).better_than("KZN272", "WS5.1")
    assert [p.municipality.code for p in peers] == ["EC154", "ETH"]


def test_the_best_of_a_group_has_no_better_peers_and_a_municipality_without_data_none():
    rows = [("KZN272", 2023, 20.0), ("EC154", 2023, 30.8)]
    peers = Peers(Benchmarks(peer_library(rows)))
    assert peers.better_than("KZN272", "WS5.1") == []
    assert peers.better_than("EC441", "WS5.1") == []


def test_better_peers_bring_their_case_studies_on_the_indicator_and_whom_to_ask():
    from generator.model.entities import Contact
    rows = [("KZN272", 2023, 45.0), ("EC154", 2019, 48.0), ("EC154", 2023, 30.8)]
    leaks = case_study("port-st-johns-leaks", "EC154", ["WS5.1"])
    leaks.contacts = [Contact("Nomsa Dlamini", "Water manager", "nomsa@example.org")]
    access = case_study("port-st-johns-standpipes", "EC154", ["WS2.1"])
    access.contacts = [Contact("Sipho Ndlovu", "Technician"), Contact("Nomsa  Dlamini", "Water manager",
                                                                      "NOMSA@example.org")]
    [peer] = Peers(Benchmarks(peer_library(rows, [leaks, access]))).better_than("KZN272", "WS5.1")
    assert [c.slug for c in peer.case_studies] == ["port-st-johns-leaks"]  # on this indicator only
    assert [c.name for c in peer.contacts] == ["Nomsa Dlamini", "Sipho Ndlovu"]  # each person once
    assert peer.series.change == pytest.approx(17.2)
