"""How numbers, places and reasons are written: one formatter, percentage points, names kept as written."""

from __future__ import annotations

from generator.analysis.benchmarking import Benchmarks, Peers, Place, Scope
from generator.model.entities import (PEER_GROUP_NAMES, Benchmark, Direction, Indicator, Library, Municipality,
                                      Observation, ServiceArea)
from generator.site.wording import (benchmark_in_words, format_difference, format_number, format_value, ordinal,
                                    peer_reason, place_in_words, quartile_label, rating_in_words)

HIV = Indicator("HA1.1", "HIV/AIDS testing coverage", "%", Direction.HIGHER, "", "", "hiv-aids", Benchmark(90, "target"))
DAYS = Indicator("HS2.1", "Days to approve a building plan", "days", Direction.LOWER, "", "", "hiv-aids",
                 Benchmark(30, "target"))


def test_values_are_written_with_their_unit():
    assert format_value(30.0, "%") == "30%"
    assert format_value(12.25, "days") == "12.25 days"
    assert format_value(-0.0) == "0"
    assert format_value(123456.0, "R") == "123,456 R"
    assert format_value(None, "%") == "–"
    assert format_number(36.6) == "36.6" and format_number(47.0) == "47"  # charts use the same one


def test_differences_of_percentages_are_percentage_points():
    assert format_difference(-13.9, "%") == "-13.9 percentage points"
    assert format_difference(1.0, "%") == "+1 percentage point"
    assert format_difference(3.5, "%", short=True) == "+3.5 pp"
    assert format_difference(-4.0, "days") == "-4 days"
    assert format_difference(-4.0, "days", signed=False) == "4 days"


def test_places_say_within_what():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert place_in_words(Place(Scope.PEER_GROUP, 4, 12, 2), "B4") == "4th of 12 mostly rural locals"
    assert place_in_words(Place(Scope.NATIONAL, 4, 59, 1)) == "4th of 59 nationally"
    assert quartile_label(Place(Scope.PEER_GROUP, 1, 12, 1)) == "Q1 (top) in peer group"
    assert quartile_label(Place(Scope.NATIONAL, 40, 59, 3)) == "Q3 nationally"


def test_peer_group_names_have_no_doubled_brackets():
    assert PEER_GROUP_NAMES["B4"] == "Mostly rural locals (B4)"
    assert all(name.count("(") == 1 for name in PEER_GROUP_NAMES.values())


def test_benchmarks_have_their_unit_and_direction():
    assert benchmark_in_words(HIV) == "90% or more"
    assert benchmark_in_words(DAYS) == "30 days or less"


def _library():
    ms = {m.code: m for m in [
        Municipality("KZN272", "Jozini", "B", "B4", "KZN", "KwaZulu-Natal", "DC27", None, 186_503),
        Municipality("EC154", "Port St Johns", "B", "B4", "EC", "Eastern Cape", "DC15", None, 156_136),
        Municipality("EC441", "Matatiele", "B", "B4", "EC", "Eastern Cape", "DC44", None, 203_843),
        Municipality("FS161", "Letsemeng", "B", "B4", "FS", "Free State", "DC16", None, 38_628)]}
    rows = [("KZN272", 2023, 61.0), ("EC154", 2019, 70.0), ("EC154", 2023, 92.5), ("EC441", 2023, 80.0),
            ("FS161", 2023, 50.0)]
    area = ServiceArea("hiv-aids", "HIV/AIDS", "", True, [HIV, DAYS])
    return Library(ms, {"hiv-aids": area}, [Observation(c, "HA1.1", y, v) for c, y, v in rows], [], [], {})


def test_the_reason_for_a_peer_is_in_numbers_and_keeps_names_as_written():
    library = _library()
    b = Benchmarks(library)
    first = Peers(b).better_than("KZN272", "HA1.1")[0]
    reason = peer_reason(first, library.municipalities["KZN272"], HIV)
    assert reason == ("also a mostly rural local: 92.5% in 2023, 31.5 percentage points better than "
                      "Jozini; 1st of 4 mostly rural locals; meets the benchmark; from 70% in 2019")
    assert "hIV" not in reason


def test_the_rating_separates_the_second_of_a_group_from_the_last():
    b = Benchmarks(_library())
    second, last = b.standing("HA1.1", 2023, "EC441"), b.standing("HA1.1", 2023, "FS161")
    assert rating_in_words(second) == "short of the benchmark; middle half of its peer group"
    assert rating_in_words(last) == "short of the benchmark; bottom quarter of its peer group"
    assert rating_in_words(b.standing("HA1.1", 2023, "EC154")) == "meets the benchmark; top quarter of its peer group"
