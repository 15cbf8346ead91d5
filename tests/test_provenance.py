"""Official means official: `lekgotla check` and `lekgotla import` refuse figures that would be
published as official without coming from an official file with an official source, and years
that are not written as four plain digits. One test per case, each reading the whole
`path:line: field: message (hint)` line a contributor sees."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli.commands import main
from test_import import OFFICIAL_INDICATOR

CENSUS = "Statistics South Africa, Census 2011 (via Wazimap ZA data)"
OFFICIAL_CSV = f"""\
municipality,indicator,year,value,numerator,denominator,source
ETH,piped-water-scheme,2011,89.2,3099946,3475081,"{CENSUS}"
MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"
"""
OFFICIAL = "content/benchmarks/official/water.csv"
SAMPLES = "content/benchmarks/water.csv"


@pytest.fixture
def official(library):
    """The test library with one official indicator and its official file, as the shipped one has."""
    library.edit("benchmarks/water.yaml", "indicators:\n", "indicators:\n" + OFFICIAL_INDICATOR)
    library.write("benchmarks/official/water.csv", OFFICIAL_CSV)
    return library


def check(library) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--content", str(library.content)])
    return result.exit_code, [line for line in result.output.splitlines() if line.startswith("content/")]


def import_file(library, path, *args: str):
    return CliRunner().invoke(main, ["import", str(path), *args, "--content", str(library.content)])


def files(library) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(library.content.rglob("*.csv"))}


def test_the_library_with_its_official_file_passes(official):
    assert check(official) == (0, [])


def test_an_official_value_added_to_a_samples_file_is_refused(official):
    official.edit("benchmarks/water.csv", "MAN,WS5.1,2020,33.0,\n", "MAN,WS5.1,2020,33.0,\nCPT,piped-water-scheme,2011,99.9,\n")
    code, lines = check(official)
    assert code == 1
    assert lines == [
        f"{SAMPLES}:6: indicator: 'piped-water-scheme' is an official indicator: its values come only from "
        f"{OFFICIAL}, with their source (add the published figures there with lekgotla import FILE --source '…'; "
        "if these values are samples, the indicator is not official: set illustrative: true in "
        "content/benchmarks/water.yaml)"]


def test_a_sample_value_added_to_the_official_file_is_refused(official):
    official.edit("benchmarks/official/water.csv", f'MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"\n',
                  f'MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"\nCPT,WS5.1,2020,25.0,,,"{CENSUS}"\n')
    code, lines = check(official)
    assert code == 1
    assert lines == [f"{OFFICIAL}:4: indicator: 'WS5.1' is illustrative: its sample values belong in {SAMPLES}, "
                     "not among the official figures (move the row there)"]


def test_an_official_value_without_a_source_is_refused(official):
    official.edit("benchmarks/official/water.csv", f'MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"',
                  "MAN,piped-water-scheme,2011,93.4,,,")
    code, lines = check(official)
    assert code == 1
    assert lines == [f"{OFFICIAL}:3: source: an official figure of 'piped-water-scheme' needs its source "
                     "(name the publication, e.g. 'Statistics South Africa, Census 2011')"]


def test_an_official_value_with_a_made_up_source_is_refused(official):
    official.edit("benchmarks/official/water.csv", f'MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"',
                  "MAN,piped-water-scheme,2011,93.4,,,Our own household survey 2011")
    code, lines = check(official)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{OFFICIAL}:3: source: 'Our own household survey 2011' is not a publisher of "
                               "official statistics (an official figure comes from Statistics South Africa, ")


def test_an_official_value_from_another_publisher_than_its_indicator_is_refused(official):
    official.edit("benchmarks/official/water.csv", f'MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"',
                  "MAN,piped-water-scheme,2011,93.4,,,\"National Treasury, Municipal Money\"")
    code, lines = check(official)
    assert code == 1
    assert lines == [f"{OFFICIAL}:3: source: 'National Treasury, Municipal Money' is not from Statistics South "
                     "Africa, the source of 'piped-water-scheme' (give the Statistics South Africa publication "
                     "the figure comes from)"]


NEW_INDICATOR = """\
  - id: piped-water-yard
    name: Share of households with piped water in the yard
    unit: "%"
    better: higher
    definition: Households with piped water in their yard.
    source: {source}
"""


def test_a_new_indicator_that_claims_to_be_official_without_an_official_file_is_refused(official):
    # No illustrative: field, in an area that sets no default: official. Its values went to the samples file.
    official.edit("benchmarks/water.yaml", "illustrative: true\n", "")
    official.edit("benchmarks/water.yaml", "indicators:\n", "indicators:\n" + NEW_INDICATOR.format(
        source="Statistics South Africa, Census 2011"))
    official.write("benchmarks/water.csv", "municipality,indicator,year,value,note\n")
    code, lines = check(official)
    assert code == 1
    # WS5.1 and WS2.1 lost their default too, and "MFMA Circular 88" is a framework, not a publisher.
    assert lines[0] == ("content/benchmarks/water.yaml:5: indicators[0].id: 'piped-water-yard' is official "
                        f"(illustrative: false), but {OFFICIAL} has no values for it (import its published "
                        "figures with lekgotla import FILE; if its values are samples, set illustrative: true)")
    assert [line.split(": ")[1] for line in lines] == ["indicators[0].id", "indicators[2].source",
                                                         "indicators[3].source"]


def test_a_new_indicator_that_claims_to_be_official_with_a_made_up_source_is_refused(official):
    official.edit("benchmarks/water.yaml", "indicators:\n", "indicators:\n" + NEW_INDICATOR.format(
        source="Water Research Survey 2024").replace("    better: higher\n", "    better: higher\n    illustrative: false\n"))
    official.write("benchmarks/official/water.csv", OFFICIAL_CSV + "ETH,piped-water-yard,2011,50.0,,,Water Research Survey 2024\n")
    code, lines = check(official)
    assert code == 1
    assert lines[1].startswith("content/benchmarks/water.yaml:12: indicators[0].source: 'Water Research Survey "
                               "2024' is not a publisher of official statistics, so 'piped-water-yard' cannot be "
                               "official (official figures come from Statistics South Africa, ")
    assert lines[1].endswith("if its values are samples, set illustrative: true)")
    assert lines[0].startswith(f"{OFFICIAL}:4: source: 'Water Research Survey 2024' is not a publisher of official")
    assert len(lines) == 2


@pytest.mark.parametrize("year", ["02011", "+2011", "2011.0", "2011.", "２０１１"])
def test_a_year_not_written_as_four_plain_digits_is_refused_with_its_line(official, year):
    official.edit("benchmarks/official/water.csv", "ETH,piped-water-scheme,2011,", f"ETH,piped-water-scheme,{year},")
    code, lines = check(official)
    assert code == 1
    assert lines == [f"{OFFICIAL}:2: year: '{year}' is not a year from 1994 to {_this_year()}: a year is written "
                     "as four plain digits (write 2011)"]


def test_a_year_written_02011_no_longer_slips_past_one_row_per_year(official):
    official.edit("benchmarks/official/water.csv", f'MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"\n',
                  f'MAN,piped-water-scheme,2011,93.4,,,"{CENSUS}"\nMAN,piped-water-scheme,02011,12.0,,,"{CENSUS}"\n')
    code, lines = check(official)
    assert code == 1
    assert lines == [f"{OFFICIAL}:4: year: '02011' is not a year from 1994 to {_this_year()}: a year is written "
                     "as four plain digits (write 2011)"]


def _this_year() -> int:
    import datetime as dt

    return dt.date.today().year


# ----- lekgotla import: the same rules, before anything is written ----------------------------
def test_import_refuses_a_year_02011_instead_of_adding_a_second_row(official, tmp_path):
    sheet = tmp_path / "figures.csv"
    sheet.write_text(f'municipality,indicator,year,value,source\nETH,piped-water-scheme,02011,12.0,"{CENSUS}"\n')
    before = files(official)
    result = import_file(official, sheet)
    assert result.exit_code == 1
    assert (f"{sheet}:2: year: '02011' is not a year from 1994 to {_this_year()}: a year is written as four "
            "plain digits (write 2011)") in result.output
    assert files(official) == before


def test_import_refuses_an_official_figure_without_a_source(official, tmp_path):
    sheet = tmp_path / "figures.csv"
    sheet.write_text("municipality,indicator,year,value\nCPT,piped-water-scheme,2011,96.9\n")
    before = files(official)
    result = import_file(official, sheet)
    assert result.exit_code == 1
    assert (f"{sheet}:2: source: an official figure of 'piped-water-scheme' needs its source (name the "
            "publication, e.g. 'Statistics South Africa, Census 2011')") in result.output
    assert files(official) == before
    # With the source given for the whole file, it goes to the official file, not the samples'.
    added = import_file(official, sheet, "--source", "Statistics South Africa, Census 2011")
    assert added.exit_code == 0, added.output
    assert "CPT,piped-water-scheme,2011,96.9" in (official.content / "benchmarks/official/water.csv").read_text()
    assert "piped-water-scheme" not in (official.content / "benchmarks/water.csv").read_text()


def test_import_refuses_an_official_figure_with_a_made_up_source(official, tmp_path):
    sheet = tmp_path / "figures.csv"
    sheet.write_text("municipality,indicator,year,value,source\nCPT,piped-water-scheme,2011,96.9,My survey\n")
    before = files(official)
    result = import_file(official, sheet)
    assert result.exit_code == 1
    assert f"{sheet}:2: source: 'My survey' is not a publisher of official statistics" in result.output
    assert files(official) == before


def test_import_refuses_into_a_library_whose_official_values_sit_in_a_samples_file(official, tmp_path):
    official.edit("benchmarks/water.csv", "MAN,WS5.1,2020,33.0,\n", "MAN,WS5.1,2020,33.0,\nCPT,piped-water-scheme,2011,99.9,\n")
    sheet = tmp_path / "figures.csv"
    sheet.write_text("municipality,indicator,year,value\nETH,WS5.1,2021,33.1\n")
    before = files(official)
    result = import_file(official, sheet)
    assert result.exit_code == 1
    assert f"{SAMPLES}:6: indicator: 'piped-water-scheme' is an official indicator" in result.output
    assert "the library itself has errors, so nothing was imported" in result.output
    assert files(official) == before
