"""Figures a case study reports: its ``outcomes`` and the tables of indicator values in its text.

A case study's results are often a table with a year in each column and an indicator
in each row, or the other way round::

    | indicator | 2017 | 2019 | 2022 |
    | --- | --- | --- | --- |
    | WS4.1 Drinking water compliance with SANS 241 (%) | 71.5 | 83.0 | 94.2 |

    | year | functional ward committees | share (GG2.1) |
    | --- | --- | --- |
    | 2017 | 18 of 39 | 46.2% |

A figure counts where its row's first cell names one known indicator id (anywhere in
it: "Community meetings per ward (GG2.12)") and its column's header is a year, or
where its row's first cell is a year under a header "year" and its column's header
names one known indicator id. ``validate`` compares every figure found here with the
library's value for the same municipality, indicator and year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

YEAR = re.compile(r"^(19|20)\d\d$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
#: A word that may be an indicator id: "WS4.1", "GG2.12", "piped-water-scheme".
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*")


@dataclass(frozen=True)
class Reported:
    indicator: str
    year: int
    value: str  # as written, so that its rounding is known: "83.0", "41"
    line: int  # in the whole file
    field: str  # "outcomes[0].result.value", or "" for the text


def reported_in_outcomes(outcomes: object, line_of) -> list[Reported]:
    """The baseline and result of each outcome in the front matter; ``line_of(path)`` finds a field's line."""
    found = []
    for index, outcome in enumerate(outcomes if isinstance(outcomes, list) else []):
        if not isinstance(outcome, dict) or not isinstance(outcome.get("indicator"), str):
            continue
        for point in ("baseline", "result"):
            measurement = outcome.get(point)
            if not isinstance(measurement, dict):
                continue
            year, value = measurement.get("year"), measurement.get("value")
            if isinstance(year, int) and isinstance(value, (int, float)) and not isinstance(value, bool):
                found.append(Reported(outcome["indicator"], year, str(value), line_of(("outcomes", index, point)),
                                      f"outcomes[{index}].{point}.value"))
    return found


def reported_in_tables(body: str, first_line: int, indicators: Iterable[str]) -> list[Reported]:
    """The figures of the body's tables that name an indicator and a year (see the module's text)."""
    known = set(indicators)
    found: list[Reported] = []
    header: list[str] | None = None
    for offset, text in enumerate(body.splitlines()):
        cells = _cells(text)
        if cells is None:
            header = None
        elif header is None:
            header = cells
        elif not all(set(c) <= set("-: ") for c in cells):  # not the separator under the header
            found += _figures_of_row(header, cells, known, first_line + offset)
    return found


def _figures_of_row(header: list[str], cells: list[str], known: set[str], line: int) -> list[Reported]:
    """A row's figures: by the year in its first cell and the indicator each column's header names, or by the
    indicator its first cell names and the year each column's header is."""
    if header[0].lower() == "year" and YEAR.match(cells[0]):
        placed = [(_named(name, known), int(cells[0]), cell) for name, cell in zip(header[1:], cells[1:])]
    else:
        indicator = _named(cells[0], known)
        placed = [(indicator, int(year), cell) for year, cell in zip(header[1:], cells[1:]) if YEAR.match(year)]
    figures = []
    for indicator, year, cell in placed:
        value = cell.rstrip("%").replace(" ", "").replace("\u00a0", "")
        if indicator is not None and NUMBER.match(value):
            figures.append(Reported(indicator, year, value, line, ""))
    return figures


def _named(cell: str, known: set[str]) -> str | None:
    """The one known indicator id a cell names ("WS4.1 Drinking water ...", "share (GG2.1)"); None for none or two."""
    named = {word.rstrip(".") for word in WORD.findall(cell)} & known
    return named.pop() if len(named) == 1 else None


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|") and len(line) > 1):
        return None
    return [c.strip() for c in line[1:-1].split("|")]
