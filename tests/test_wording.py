"""How numbers, places and reasons are written: one formatter, percentage points, names kept as written."""

from __future__ import annotations

from generator.analysis.benchmarking import Benchmarks, Peers, Place, Rating, Scope
from generator.analysis.figures import Figure, Measure
from generator.model.entities import (PEER_GROUP_NAMES, Benchmark, BenchmarkKind, Direction, Indicator, Library,
                                      Municipality, Observation, ServiceArea)
from generator.site.wording import (counted, day_in_words, days_in_words, figure_shown, format_difference, format_number, format_value, illustrative_notice,
                                    ordinal, peer_reason, place_in_words, plain, point_of, quartered, quarter_words,
                                    rated, rating_with_symbol)

HIV = Indicator("HA1.1", "HIV/AIDS testing coverage", "%", Direction.HIGHER, "", "", "hiv-aids", Benchmark(90, "target"))
DAYS = Indicator("HS2.1", "Days to approve a building plan", "days", Direction.LOWER, "", "", "hiv-aids",
                 Benchmark(30, "target"))
MEETINGS = Indicator("HA1.3", "Council meetings", "meetings per year", Direction.HIGHER, "", "", "hiv-aids",
                     Benchmark(4, "target"))
INFORMAL = Indicator("informal-dwelling", "Informal dwellings", "%", Direction.LOWER, "", "", "housing",
                     Benchmark(13.6, "The national figure for 2011", BenchmarkKind.COMPARISON))


def test_values_are_written_with_their_unit():
    assert format_value(30.0, "%") == "30%"
    assert format_value(12.25, "days") == "12.25 days"
    assert format_value(-0.0) == "0"
    assert format_value(123456.0, "R") == "123,456 R"
    assert format_value(None, "%") == "–"
    assert format_number(36.6) == "36.6" and format_number(47.0) == "47"  # charts use the same one


def test_one_precision_per_indicator_rounded_half_up_as_written():
    assert format_value(36.0, "%", 1) == "36.0%" and format_value((35.5 + 35.6) / 2, "%", 1) == "35.6%"
    assert format_value(0.03, "%", 2) == "0.03%" and format_value(-0.04, "%", 1) == "0.0%"
    assert format_value(1234.56, "days", 1) == "1,234.6 days"
    median = Figure(HIV, Measure.PEER_MEDIAN, 35.55, 2024, 1, peer_group="B4")
    assert figure_shown(median) == "35.6% in 2024"


def test_units_are_singular_after_one():
    assert format_value(1.0, "meetings per year", 0) == "1 meeting per year"
    assert format_value(2.0, "meetings per year", 0) == "2 meetings per year"
    assert format_value(1.0, "work opportunities per 1 000 residents", 0) == "1 work opportunity per 1\u00a0000 residents"
    assert format_value(1.0, "days", 1) == "1.0 days"  # "1.0" is not one of a thing
    assert format_difference(-1.0, "meetings per year", decimals=0) == "-1 meeting per year"


def test_differences_of_percentages_are_percentage_points():
    assert format_difference(-13.9, "%") == "-13.9 percentage points"
    assert format_difference(1.0, "%") == "+1 percentage point"
    assert format_difference(3.5, "%", short=True) == "+3.5 pp"
    assert format_difference(-4.0, "days") == "-4 days"
    assert format_difference(-4.0, "days", signed=False) == "4 days"
    # A case study's outcome: 23.8% -> 81.0% is a change of 57.2 percentage points, not 57.2%.
    change = Figure(HIV, Measure.CHANGE, 81.0 - 23.8, 2023, 1)
    assert figure_shown(change) == "+57.2 percentage points"
    assert figure_shown(Figure(HIV, Measure.GAP, 38.6 - 77.0, 2011, 1)) == "-38.4 pp"
    assert format_difference(0.04, "%", decimals=1) == "0.0 percentage points"  # no "+0.0"


def test_places_say_within_what():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert place_in_words(Place(Scope.PEER_GROUP, 4, 12, 2), "B4") == "4th of 12 mostly rural locals"
    assert place_in_words(Place(Scope.NATIONAL, 4, 59, 1)) == "4th of 59 nationally"
    # A shared place says so, and every place says the year it ranks.
    assert place_in_words(Place(Scope.PEER_GROUP, 15, 59, 1, tied=True), "B4", 2011) == \
        "=15th of 59 mostly rural locals in 2011"
    # A quarter in the words every page uses (About the data defines them), never "Q3" on one page and
    # "middle half" on another.
    assert [quarter_words(Place(Scope.PEER_GROUP, 1, 12, q)) for q in (1, 2, 3, 4, None)] == [
        "top quarter", "middle half", "middle half", "bottom quarter", "–"]


def test_peer_group_names_have_no_doubled_brackets():
    assert PEER_GROUP_NAMES["B4"] == "Mostly rural locals (B4)"
    assert all(name.count("(") == 1 for name in PEER_GROUP_NAMES.values())


def test_a_target_has_its_direction_and_a_national_figure_is_only_compared_with():
    def point(indicator, decimals):
        p = point_of(indicator, decimals)
        return f"{p.name} {plain((p.figure,))}{p.direction}"

    assert point(HIV, 0) == "target 90% or more"
    assert point(DAYS, 1) == "target 30.0 days or less"
    assert point(INFORMAL, 1) == "national figure 13.6%"
    assert rating_with_symbol(Rating.BETTER, INFORMAL) == "▼\u00a0below the national figure (better)"
    assert rating_with_symbol(Rating.WORSE, INFORMAL) == "▲\u00a0above the national figure (worse)"
    assert rating_with_symbol(Rating.LEVEL, INFORMAL) == "=\u00a0at the national figure"
    assert rating_with_symbol(Rating.FAR, HIV) == "✗\u00a0short of the target"


def test_counts_of_municipalities_and_of_a_municipality_s_indicators_say_which():
    assert counted(3, 12, True).text == "3 of 12 meet the target"
    assert counted(0, 1, True).text == "0 of 1 meets the target"
    assert counted(0, 4, True, indicators=True).text == "0 of 4 targets met"
    assert counted(1, 1, True, indicators=True).text == "1 of 1 target met"
    assert counted(1, 2, False).text == "1 of 2 better than the national figure"  # never "meet" a national figure


def test_a_target_of_all_is_not_written_or_more():
    invoices = Indicator("LED1.2", "Invoices paid in 30 days", "%", Direction.HIGHER, "", "", "led", Benchmark(100, "law"))
    assert point_of(invoices, 1).direction == "" and point_of(HIV, 1).direction == " or more"


def test_a_page_s_notice_counts_what_it_shows():
    assert illustrative_notice(4, 11).startswith("4 of the 11 indicators on this page are illustrative")
    assert "The other 7 are official" in illustrative_notice(4, 11)
    # Where a page shows other municipalities' figures beside its own, its count says whose they are.
    assert illustrative_notice(21, 28, "Enoch Mgijima's own and other municipalities'").startswith(
        "21 of the 28 indicators on this page (Enoch Mgijima's own and other municipalities') are illustrative")
    assert "official statistics" in illustrative_notice(0, 2) and "illustrative" not in illustrative_notice(0, 2)
    assert illustrative_notice(1, 1).startswith("The values of this indicator are illustrative samples")


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
    reason = plain(peer_reason(first, b.latest_standing("HA1.1", "KZN272")))
    assert reason == ("also a mostly rural local: 92.5% in 2023, 31.5 percentage points better than "
                      "Jozini; 1st of 4 mostly rural locals in 2023; ✓\u00a0meets the target; from 70.0% in 2019")
    assert "hIV" not in reason


def test_a_gap_across_years_names_the_value_it_is_measured_from():
    """Jozini's latest is of 2022, the peer's of 2023: the gap is not one of the same year, and says so."""
    library = _library()
    library.observations = [o for o in library.observations if o.municipality != "KZN272"] + [
        Observation("KZN272", "HA1.1", 2022, 61.0)]
    b = Benchmarks(library)
    first = Peers(b).better_than("KZN272", "HA1.1")[0]
    reason = plain(peer_reason(first, b.latest_standing("HA1.1", "KZN272")))
    assert reason.startswith("also a mostly rural local: 92.5% in 2023, 31.5 percentage points better than "
                             "Jozini (61.0% in 2022); 1st of 3")  # of 2023's three


def test_the_rating_separates_the_second_of_a_group_from_the_last():
    b = Benchmarks(_library())
    second, last = b.standing("HA1.1", 2023, "EC441"), b.standing("HA1.1", 2023, "FS161")
    def rating(standing):
        return f"{rated(standing).text}, {quartered(standing).text}"

    assert rating(second) == "✗\u00a0short of the target, middle half of its peer group"
    assert rating(last) == "✗\u00a0short of the target, bottom quarter of its peer group"
    assert rating(b.standing("HA1.1", 2023, "EC154")) == "✓\u00a0meets the target, top quarter of its peer group"


# ----- what a municipality's page says first (site/municipality_words.py) ------------------------------------
def test_a_summary_says_how_much_of_it_rests_on_illustrative_values():
    from generator.site.municipality_words import illustrative_share, illustrative_summaries

    assert (illustrative_share(0, 2), illustrative_share(4, 4), illustrative_share(3, 5)) == (
        "official", "illustrative values only", "3 of them illustrative")
    assert illustrative_summaries(["HIV/AIDS"], ["human settlements", "local economic development", "public participation"]) == (
        "Summaries that rest on illustrative values, samples that are not official statistics: HIV/AIDS entirely; "
        "human settlements, local economic development and public participation partly.")
    assert illustrative_summaries([], ["water and sanitation"]).endswith(": water and sanitation partly.")
    assert illustrative_summaries([], []) == ""


def test_a_headline_names_the_best_of_the_peer_group_or_says_why_another_peer():
    from generator.site.municipality_words import best_peer_label, nearest_practice_reason

    library = _library()
    peers = Peers(Benchmarks(library)).better_than("KZN272", "HA1.1")
    assert [p.municipality.code for p in peers] == ["EC154", "EC441"] and best_peer_label(peers[0]) == "Best of its peers"
    jozini, matatiele = library.municipalities["KZN272"], library.municipalities["EC441"]
    assert nearest_practice_reason([matatiele], peers[1].why, jozini) == "Matatiele, also a mostly rural local"
    assert nearest_practice_reason([matatiele, jozini], None, jozini) == "Matatiele and Jozini"


def test_days_are_written_as_a_reader_says_them_without_repeating_what_the_ends_share():
    assert day_in_words("2025-10-14") == day_in_words("2025-10-14 09:00") == "14 October 2025"
    assert days_in_words("2025-10-14", "2025-10-16") == "14 to 16 October 2025"
    assert days_in_words("2025-09-30", "2025-10-02") == "30 September to 2 October 2025"
    assert days_in_words("2025-12-30", "2026-01-02") == "30 December 2025 to 2 January 2026"
    assert days_in_words("2025-10-14", "2025-10-14") == "14 October 2025"
