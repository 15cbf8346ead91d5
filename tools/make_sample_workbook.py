#!/usr/bin/env python3
"""Write content/toolkits/files/benchmarking-data-template.xlsx: the workbook municipalities fill in.

It has the columns `lekgotla import` reads (municipality, indicator, year, value or
numerator and denominator, source, note), two SAMPLE rows that show how to fill it
in (they pass the import's checks: a real municipality and an official indicator,
with the Census 2011 counts of the shared data), and a second sheet explaining each
column. Run it again when the columns change.

    python3 tools/make_sample_workbook.py            # from the repository root
"""

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "content" / "toolkits" / "files" / "benchmarking-data-template.xlsx"
COLUMNS = ["municipality", "indicator", "year", "value", "numerator", "denominator", "source", "note"]
SAMPLE_ROWS = [
    # Jozini (KZN272), Census 2011 as published (Statistics South Africa, via Wazimap ZA data).
    ["KZN272", "piped-water-scheme", 2011, None, 71919, 186142, "Statistics South Africa, Census 2011",
     "Sample row: replace with your municipality's figures; value is computed from the counts"],
    ["KZN272", "local-election-turnout", 2016, 64.3, None, None, "Electoral Commission of South Africa, 2016",
     "Sample row: a value without counts is fine too"],
]
HELP = [
    ("municipality", "Demarcation code from content/benchmarks/municipalities.csv, e.g. ETH, WC024, KZN272"),
    ("indicator", "Indicator id as on the site's indicator pages, e.g. WS5.1 or piped-water-scheme"),
    ("year", "The year the figure describes, e.g. 2023"),
    ("value", "The figure in the indicator's unit, with a decimal point; leave empty when you give the counts"),
    ("numerator", "Optional: the count the share is computed from (residents with piped water)"),
    ("denominator", "Optional: the count it is a share of (all residents)"),
    ("source", "Where the figure comes from: report, table, year"),
    ("note", "Optional remark"),
    ("", ""),
    ("Check it", "lekgotla import this-file.xlsx --dry-run   (nothing is written; every problem is listed by row and column)"),
    ("Add it", "lekgotla import this-file.xlsx   (a second run reports nothing to do)"),
]
FIXED_TIME = dt.datetime(2026, 1, 1)


def main() -> int:
    book = Workbook()
    sheet = book.active
    sheet.title = "values"
    sheet.append(COLUMNS)
    for row in SAMPLE_ROWS:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGH", (14, 26, 8, 8, 12, 12, 40, 60)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    guide = book.create_sheet("how to fill it in")
    for name, text in HELP:
        guide.append([name, text])
    guide.column_dimensions["A"].width = 14
    guide.column_dimensions["B"].width = 100
    book.properties.creator = "Lekgotla"
    book.properties.created = book.properties.modified = FIXED_TIME
    book.save(TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
