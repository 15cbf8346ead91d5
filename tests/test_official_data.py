"""Official figures: every published value is in the library, totals match the published ones,
and lekgotla check holds case studies and values files to them."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from conftest import REPO

from generator.analysis.totals import Totals
from generator.cli.commands import main
from generator.model.library import load_library

OFFICIAL_FILE = REPO.parent / "shared" / "data" / "za-official-indicators.csv"


@pytest.fixture(scope="module")
def shipped():
    library, report = load_library(REPO / "content")
    assert library is not None, report.as_text()
    return library


def official_rows() -> list[dict]:
    if not OFFICIAL_FILE.exists():
        pytest.skip("the shared data folder is not beside the checkout")
    with open(OFFICIAL_FILE, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_published_value_is_in_the_library_with_its_counts(shipped):
    rows = official_rows()
    assert len(rows) == 2028
    values = {(o.municipality, o.indicator, o.year): o for o in shipped.observations}
    for row in rows:
        o = values[(row["municipality"], row["indicator"], int(row["year"]))]
        assert f"{o.value:.1f}" == row["value"]
        assert (o.numerator, o.denominator) == (float(row["numerator"]), float(row["denominator"]))
    assert len({r["municipality"] for r in rows}) == len(shipped.municipalities) == 257


@pytest.mark.parametrize("indicator, year, published", [
    ("unemployment-rate", 2011, 29.8),  # the figures ../shared/README.md checks against
    ("informal-dwelling", 2011, 13.6),
    ("local-election-turnout", 2011, 57.6),
    ("local-election-turnout", 2016, 58.0),
])
def test_national_totals_match_the_published_figures(shipped, indicator, year, published):
    total = Totals(shipped).national(indicator, year)
    assert round(total.value, 1) == published
    # Metros and districts: each part of the country counted once.
    assert total.municipalities == 8 + 44


def test_a_national_total_is_not_the_median(shipped):
    totals = Totals(shipped)
    from generator.analysis.benchmarking import analyse

    median = analyse(shipped).medians("piped-water-scheme", 2011).national
    assert round(totals.national("piped-water-scheme", 2011).value, 1) == 77.0
    assert abs(median - 77.0) > 1  # the middle municipality is not the country


def test_comparison_points_are_the_national_figures_and_say_so(shipped):
    totals = Totals(shipped)
    official = [i for i in shipped.indicators.values() if not i.illustrative]
    assert len(official) == 7
    for indicator in official:
        assert indicator.licence and indicator.source
        if not indicator.benchmark.is_target:
            latest = totals.years(indicator.id)[-1]
            assert indicator.benchmark.value == round(totals.national(indicator.id, latest).value, 1), indicator.id
            assert "not a target" in indicator.benchmark.basis


def test_the_shipped_library_passes_check_with_the_agreement_rule_on():
    result = CliRunner().invoke(main, ["check", "--content", str(REPO / "content")])
    assert result.exit_code == 0, result.output


def check(library) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--content", str(library.content)])
    return result.exit_code, result.output


def test_a_case_study_outcome_that_disagrees_with_the_data_is_an_error_naming_both(library):
    library.edit("case-studies/pressure-management.md", "result: {year: 2020, value: 35.5}",
                 "result: {year: 2020, value: 31.0}")
    code, output = check(library)
    assert code == 1
    assert ("content/case-studies/pressure-management.md:12: outcomes[0].result.value: WS5.1 2020 is 31.0 in the "
            "outcome, but 35.5 in content/benchmarks/water.csv:3 (ETH)") in output


def test_a_results_table_in_the_text_is_held_to_the_data_too(library):
    library.edit("case-studies/pressure-management.md", "They fell.",
                 "| indicator | 2019 | 2020 |\n| --- | --- | --- |\n| WS5.1 Non-revenue water (%) | 38 | 33.0 |\n")
    code, output = check(library)
    assert code == 1
    assert "WS5.1 2020 is 33.0 in the table in the text, but 35.5 in content/benchmarks/water.csv:3" in output
    assert "WS5.1 2019" not in output  # 38 is 38.0 to the rounding written


@pytest.mark.parametrize("table", [
    # a year in each row, the indicator in a column's header (as six sample case studies wrote theirs)
    "| year | non-revenue water (WS5.1) |\n| --- | --- |\n| 2019 | 38% |\n| 2020 | 33.0% |\n",
    # the indicator named at the end of its row, not the start
    "| indicator | 2019 | 2020 |\n| --- | --- | --- |\n| Non-revenue water (WS5.1) | 38 | 33.0 |\n",
], ids=["years-in-rows", "indicator-named-last"])
def test_a_results_table_is_held_to_the_data_whichever_way_it_is_laid_out(library, table):
    library.edit("case-studies/pressure-management.md", "They fell.", table)
    code, output = check(library)
    assert code == 1
    assert "WS5.1 2020 is 33.0 in the table in the text, but 35.5 in content/benchmarks/water.csv:3" in output
    assert "WS5.1 2019" not in output


def test_values_must_be_in_range_and_add_up(library):
    library.edit("benchmarks/water.csv", "municipality,indicator,year,value,note\n",
                 "municipality,indicator,year,value,numerator,denominator,source,note\n")
    library.edit("benchmarks/water.csv", "ETH,WS5.1,2019,38.0,", "ETH,WS5.1,2019,38.0,380,1000,Water balance,")
    library.edit("benchmarks/water.csv", "ETH,WS5.1,2020,35.5,", "ETH,WS5.1,2020,35.5,300,1000,,")
    library.edit("benchmarks/water.csv", "MAN,WS5.1,2019,41.0,", "MAN,WS5.1,2019,141.0,,,,")
    library.edit("case-studies/pressure-management.md", "outcomes:", "old_outcomes:")
    code, output = check(library)
    assert code == 1
    assert "water.csv:3: value: 35.5 does not add up: numerator / denominator = 300 / 1000 = 30.00%" in output
    assert "water.csv:4: value: 141.0 is out of range: a percentage lies between 0 and 100" in output
    assert "water.csv:2" not in output
