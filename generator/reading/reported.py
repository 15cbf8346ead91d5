"""Figures a case study reports: its ``outcomes`` and the tables of indicator values in its text.

A case study's results are often a table with a year in each column and an indicator
in each row::

    | indicator | 2017 | 2019 | 2022 |
    | --- | --- | --- | --- |
    | WS4.1 Drinking water compliance with SANS 241 (%) | 71.5 | 83.0 | 94.2 |

A row counts when its first cell starts with a known indicator id and the header's
other cells are years. ``validate`` compares every figure found here with the
library's value for the same municipality, indicator and year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

YEAR = re.compile(r"^(19|20)\d\d$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


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
    """Values of tables whose columns are years and whose rows start with an indicator id."""
    known = set(indicators)
    found: list[Reported] = []
    years: list[int | None] | None = None
    for offset, text in enumerate(body.splitlines()):
        cells = _cells(text)
        if cells is None:
            years = None
            continue
        if years is None:
            years = [int(c) if YEAR.match(c) else None for c in cells[1:]]
            if not any(years):
                years = []
            continue
        if all(set(c) <= set("-: ") for c in cells):
            continue  # the separator under the header
        words = cells[0].split()
        indicator = words[0] if words else ""
        if indicator not in known:
            continue
        for year, cell in zip(years, cells[1:]):
            value = cell.rstrip("%").replace(" ", "").replace("\u00a0", "")
            if year is not None and NUMBER.match(value):
                found.append(Reported(indicator, year, value, first_line + offset, ""))
    return found


def _cells(line: str) -> list[str] | None:
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|") and len(line) > 1):
        return None
    return [c.strip() for c in line[1:-1].split("|")]
