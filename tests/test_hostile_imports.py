"""Hostile spreadsheets for `lekgotla import`: each one is refused with ``file:row`` in bounded time and
memory, with no traceback, and content/ is left exactly as it was.

The workbooks are written here, part by part (a workbook is a zip of XML files), so that each
attack is plain to read: a ``<dimension>`` that lies, a million shared strings, entities.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REGISTRY, REPO
from generator.cli import importer
from generator.cli.commands import main

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER = ["municipality", "indicator", "year", "value"]


def cell(column: str, row: int, value) -> str:
    if isinstance(value, (int, float)):
        return f'<c r="{column}{row}"><v>{value}</v></c>'
    return f'<c r="{column}{row}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet(rows: list[list], dimension: str = "", before: str = "") -> str:
    body = "".join(f'<row r="{n}">' + "".join(cell(chr(65 + i), n, v) for i, v in enumerate(values)) + "</row>"
                   for n, values in enumerate(rows, start=1))
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0"?>{before}<worksheet xmlns="{MAIN}">{size}<sheetData>{body}</sheetData></worksheet>'


def workbook(path: Path, sheet_xml: str, shared_strings: str | None = None) -> Path:
    """A minimal .xlsx: the parts Excel writes that a reader needs, and nothing else."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                      'package/2006/content-types"/>')
        book.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.'
                      'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Values" sheetId="1" '
                      'r:id="rId1"/></sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                      'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                      'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                      '</Relationships>')
        book.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared_strings is not None:
            book.writestr("xl/sharedStrings.xml", shared_strings)
    return path


def run(library, path: Path, *options: str):
    return CliRunner().invoke(main, ["import", str(path), *options, "--content", str(library.content)])


def content_of(library) -> dict[str, bytes]:
    return {p.relative_to(library.content).as_posix(): p.read_bytes() for p in sorted(library.content.rglob("*"))
            if p.is_file()}


def refused(library, path: Path, expected: str, *options: str) -> None:
    """The import of ``path`` fails with ``expected`` (``file:row: message``), no traceback, nothing written."""
    before = content_of(library)
    result = run(library, path, *options)
    assert result.exit_code == 1 and not (result.exception and not isinstance(result.exception, SystemExit)), \
        (result.output, result.exception)
    assert expected.format(file=path) in result.output, result.output
    assert content_of(library) == before


def run_limited(library, book: Path, *options: str) -> subprocess.CompletedProcess:
    """`lekgotla import` in a process of its own with 1 GB of memory, as a CI runner would have."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1_000_000_000, 1_000_000_000))

    return subprocess.run([sys.executable, "-m", "generator.cli.commands", "import", str(book), *options,
                           "--content", str(library.content)], capture_output=True, text=True, timeout=60,
                          preexec_fn=limit, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_a_dimension_that_claims_the_whole_grid_and_one_far_cell_are_refused_in_bounded_memory(library, tmp_path):
    # Issue 23: openpyxl believed the dimension (A1:XFD1048576) and padded every row up to the far cell to
    # 16,384 columns: a MemoryError after 15 s and 1.3 GB, even with --dry-run. Only real cells are read now.
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>MAN</t></is></c></row>'
    xml = sheet([HEADER, ["MAN", "WS5.1", 2021, 30.5]], "A1:XFD1048576").replace("</sheetData>", far + "</sheetData>")
    book = workbook(tmp_path / "dimension.xlsx", xml)
    assert book.stat().st_size < 2_000
    before = content_of(library)
    result = run_limited(library, book, "--dry-run")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"{book}:1048576: the sheet has a value in row 1,048,576; at most 200,000 rows are read" in result.stdout
    assert content_of(library) == before


def test_a_dimension_that_claims_the_whole_grid_reads_only_the_real_cells(library, tmp_path):
    empty_far_row = '<row r="1048576" customHeight="1"/>'  # Excel writes formatted empty rows
    xml = sheet([HEADER, ["MAN", "WS5.1", 2021, 30.5]], "A1:XFD1048576").replace("</sheetData>", empty_far_row + "</sheetData>")
    result = run_limited(library, workbook(tmp_path / "dimension.xlsx", xml), "--dry-run")
    assert result.returncode == 0 and "would have added 1 value" in result.stderr, result.stderr


def test_a_million_shared_strings_are_refused_before_they_are_held(library, tmp_path):
    strings = f'<?xml version="1.0"?><sst xmlns="{MAIN}">' + "<si><t>x</t></si>" * 1_000_000 + "</sst>"
    book = workbook(tmp_path / "strings.xlsx", sheet([HEADER]), strings)
    refused(library, book, "{file}:1: the workbook has more than 500,000 shared strings")


@pytest.mark.parametrize("name, declaration", [
    ("billion-laughs", '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                       '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'),
    ("external-entity", '<!DOCTYPE w [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'),
])
def test_entities_in_a_workbook_are_refused(library, tmp_path, name, declaration):
    book = workbook(tmp_path / f"{name}.xlsx", sheet([HEADER, ["MAN", "WS5.1", 2021, "&lol3;"]], before=declaration)
                    if name == "billion-laughs" else sheet([HEADER, ["MAN", "WS5.1", 2021, "&secret;"]], before=declaration))
    refused(library, book, "{file}:1: the workbook's XML declares entities or a DTD, which are refused")


def test_a_value_beyond_the_columns_read_is_refused_at_its_row(library, tmp_path):
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>MAN</t></is></c><c r="XFD2"><v>1</v></c></row>'
    xml = sheet([HEADER]).replace("</sheetData>", row + "</sheetData>")
    refused(library, workbook(tmp_path / "wide.xlsx", xml), "{file}:2: a value in column 16,384: at most 50 columns are read")


def test_a_huge_cell_is_refused_at_its_row(library, tmp_path):
    book = workbook(tmp_path / "cell.xlsx", sheet([HEADER, ["MAN", "WS5.1", 2021, 30.5], ["MAN", "x" * 5_000]]))
    refused(library, book, "{file}:3: a value of 5,000 characters; at most 2,000")


def test_a_csv_field_over_csvs_own_limit_is_an_error_not_a_traceback(library, tmp_path):
    path = tmp_path / "field.csv"
    path.write_text("municipality,indicator,year,value\nMAN,WS5.1,2021,30.5\nMAN,WS5.1,2020,\"" + "x" * 140_000 + "\"\n")
    refused(library, path, "{file}:3: the CSV does not parse: field larger than field limit (131072)")


def test_latin1_bytes_are_refused_at_their_row_never_replaced(library, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("municipality,indicator,year,value,note\nMAN,WS5.1,2021,30.5,\nMAN,WS5.1,2020,31.0,Mangaung "
                     "été\n".encode("latin-1"))
    refused(library, path, "{file}:3: the file is not UTF-8 text: byte 0xe9 on this row")


def test_utf16_with_its_byte_order_mark_is_read(library, tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("municipality,indicator,year,value,note\nMAN,WS5.1,2021,30.5,Mangaung été\n".encode("utf-16"))
    result = run(library, path)
    assert result.exit_code == 0, result.output
    assert "MAN,WS5.1,2021,30.5,Mangaung été" in (library.content / "benchmarks" / "water.csv").read_text(encoding="utf-8")


AREA_OVER_THE_REGISTRY = """\
id: municipalities
title: Municipalities
description: A service area that takes the registry's name.
illustrative: true
indicators:
  - id: MU1.1
    name: A made-up indicator
    unit: "%"
    better: higher
    definition: Made up.
    source: Made up.
"""


def test_an_import_never_writes_over_the_registry(library, tmp_path):
    # Issue 23: an area 'municipalities' passed check; one row imported for it replaced all 257 municipalities.
    library.write("benchmarks/municipalities.yaml", AREA_OVER_THE_REGISTRY)
    path = tmp_path / "one.csv"
    path.write_text("municipality,indicator,year,value\nMAN,MU1.1,2021,50.0\n")
    refused(library, path, "content/benchmarks/municipalities.yaml:1: id: 'municipalities' is reserved")
    assert (library.content / "benchmarks" / "municipalities.csv").read_bytes() == REGISTRY.read_bytes()


def test_an_import_writes_only_values_files_even_when_the_check_is_skipped(library, tmp_path, monkeypatch):
    monkeypatch.setattr(importer, "SITE_CHECKS", ())
    library.write("benchmarks/municipalities.yaml", AREA_OVER_THE_REGISTRY)
    path = tmp_path / "one.csv"
    path.write_text("municipality,indicator,year,value\nMAN,MU1.1,2021,50.0\n")
    refused(library, path, "{file}:1: the values would be written to content/benchmarks/municipalities.csv, which is "
                           "not the values file of a service area")
    assert (library.content / "benchmarks" / "municipalities.csv").read_bytes() == REGISTRY.read_bytes()
