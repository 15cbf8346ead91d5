"""`lekgotla import`: figures from a spreadsheet into the library, checked, never overwriting silently."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli.commands import main

OFFICIAL_INDICATOR = """\
  - id: piped-water-scheme
    name: Share of residents with piped water from a municipal scheme
    unit: "%"
    better: higher
    illustrative: false
    benchmark: {value: 77.0, kind: comparison, year: 2011, basis: "The national figure for 2011, a comparison point."}
    definition: Residents whose main source of water is a municipal scheme.
    source: Statistics South Africa, Census 2011
"""
HEADER = ["municipality", "indicator", "year", "value", "numerator", "denominator", "source"]
CENSUS = "Statistics South Africa, Census 2011"


@pytest.fixture
def official(library):
    """The test library with one official indicator (values kept apart in benchmarks/official/)."""
    library.edit("benchmarks/water.yaml", "indicators:\n", "indicators:\n" + OFFICIAL_INDICATOR)
    return library


def workbook(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(library, *args: str):
    return CliRunner().invoke(main, ["import", *args, "--content", str(library.content)])


def snapshot(library) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(library.content.rglob("*.csv"))}


def test_a_good_workbook_adds_its_rows_and_a_second_run_has_nothing_to_do(official, tmp_path):
    book = workbook(tmp_path / "figures.xlsx", [
        ["ETH", "piped-water-scheme", 2011, 89.2, 3099946, 3475081, CENSUS],
        ["KZN272", "piped-water-scheme", 2011, None, 71919, 186142, CENSUS],  # value from the counts
        ["ETH", "WS5.1", 2021, 33.1, None, None, "Annual report 2021/22"],
    ])
    first = run(official, str(book))
    assert first.exit_code == 0, first.output
    assert "added 3 values" in first.output
    official_rows = (official.content / "benchmarks/official/water.csv").read_text().splitlines()
    assert official_rows[0] == "municipality,indicator,year,value,numerator,denominator,source"
    assert f'KZN272,piped-water-scheme,2011,38.6,71919,186142,"{CENSUS}"' in official_rows
    # An illustrative indicator's row joins the samples' file.
    assert "ETH,WS5.1,2021,33.1" in (official.content / "benchmarks/water.csv").read_text()
    check = CliRunner().invoke(main, ["check", "--content", str(official.content)])
    assert check.exit_code == 0, check.output

    before = snapshot(official)
    second = run(official, str(book))
    assert second.exit_code == 0, second.output
    assert "nothing to do" in second.output
    assert snapshot(official) == before


def test_a_workbook_with_one_bad_row_of_each_kind_changes_nothing(official, tmp_path):
    book = workbook(tmp_path / "bad.xlsx", [
        ["ETH", "piped-water-scheme", 2011, 89.2, 3099946, 3475081, CENSUS],  # row 2: good
        ["XYZ999", "piped-water-scheme", 2011, 50.0, None, None, CENSUS],  # row 3: unknown municipality
        ["CPT", "piped-water", 2011, 96.9, None, None, CENSUS],  # row 4: unknown indicator
        ["ETH", "piped-water-scheme", 2011, 89.2, 3099946, 3475081, CENSUS],  # row 5: the year twice
        ["BUF", "piped-water-scheme", 2011, 190.2, None, None, CENSUS],  # row 6: out of range
        ["NMA", "piped-water-scheme", 2011, 80.0, 703679, 779942, CENSUS],  # row 7: does not add up
    ])
    before = snapshot(official)
    result = run(official, str(book))
    assert result.exit_code == 1
    messages = [line for line in result.output.splitlines() if line.startswith(str(book))]
    assert [m.split(":")[1] for m in messages] == ["3", "4", "5", "6", "7"], result.output
    assert [m.split(": ")[1] for m in messages] == ["municipality", "indicator", "year", "value", "value"]
    assert "unknown municipality 'XYZ999'" in messages[0]
    assert "unknown indicator 'piped-water'" in messages[1] and "did you mean 'piped-water-scheme'" in messages[1]
    assert "given twice" in messages[2] and f"{book}:2" in messages[2]
    assert "out of range" in messages[3]
    assert "does not add up" in messages[4] and "90.2" in messages[4]
    assert "nothing was imported" in result.output
    assert snapshot(official) == before
    assert not (official.content / "benchmarks/official").exists()


def test_a_differing_value_is_refused_unless_replace_is_asked_for(library, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text("municipality,indicator,year,value\nETH,WS5.1,2020,35.5\nETH,WS5.1,2021,33.0\n")
    assert run(library, str(first)).exit_code == 0
    corrected = tmp_path / "corrected.csv"
    corrected.write_text("municipality,indicator,year,value\nETH,WS5.1,2021,32.4\n")
    before = snapshot(library)

    refused = run(library, str(corrected))
    assert refused.exit_code == 1
    assert "ETH WS5.1 2021 differs from the library (value 33.0 in the library, 32.4 here" in refused.output
    assert snapshot(library) == before

    replaced = run(library, str(corrected), "--replace")
    assert replaced.exit_code == 0, replaced.output
    assert "changed ETH WS5.1 2021" in replaced.output and "left 0 alone" in replaced.output
    text = (library.content / "benchmarks/water.csv").read_text()
    assert "ETH,WS5.1,2021,32.4" in text and "ETH,WS5.1,2021,33.0" not in text


def test_the_template_shipped_in_the_toolkit_reads_cleanly():
    from conftest import REPO

    result = CliRunner().invoke(main, ["import", str(REPO / "content/toolkits/files/benchmarking-data-template.xlsx"),
                                       "--dry-run", "--content", str(REPO / "content")])
    assert result.exit_code == 0, result.output
    assert "nothing to do" in result.output


def test_a_file_that_is_not_a_spreadsheet_is_one_clear_message(official, tmp_path):
    text = tmp_path / "figures.txt"
    text.write_text("hello")
    result = run(official, str(text))
    assert result.exit_code == 1
    assert "cannot be imported: give a .csv or an .xlsx workbook" in result.output
    assert "Traceback" not in result.output
