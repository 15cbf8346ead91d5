"""The rules for one indicator value: the same for ``content/benchmarks/<area>.csv`` and
for a spreadsheet given to ``lekgotla import``, so both say the same thing in the same words.

A row is ``municipality, indicator, year, value`` with, optionally, the counts the
value was computed from (``numerator``, ``denominator``), where it comes from
(``source``), the demarcation it was tabulated on (``boundaries``) and a ``note``.
"""

from __future__ import annotations

import math

from dataclasses import dataclass, field

from generator.reading.findings import Finding, did_you_mean
from generator.reading.provenance import row_problems, year_problem
from generator.reading.references import References

#: Columns every values file has, in this order.
REQUIRED_COLUMNS = ["municipality", "indicator", "year", "value"]
#: Columns a values file may add after them, in any order.
OPTIONAL_COLUMNS = ["numerator", "denominator", "source", "boundaries", "note"]
#: A percentage computed from its counts may differ from the value written by this much more
#: than the rounding of the value written (90.2 for 90.24 is fine; 90.2 for 90.31 is not).
TOTAL_SLACK = 1e-6


def header_problem(header: list[str]) -> str:
    """Why a values file's header is wrong, or "" when it is right."""
    if header[:len(REQUIRED_COLUMNS)] != REQUIRED_COLUMNS:
        return f"the header is '{','.join(header)}'"
    extra = [c for c in header[len(REQUIRED_COLUMNS):] if c not in OPTIONAL_COLUMNS]
    if extra or len(set(header)) != len(header):
        return f"the header is '{','.join(header)}'"
    return ""


HEADER_HINT = (f"expected '{','.join(REQUIRED_COLUMNS)}', then any of {', '.join(OPTIONAL_COLUMNS)} "
               f"(all optional)")


def is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))  # "nan", "inf" and "1e309" are not numbers a chart can draw
    except (TypeError, ValueError):
        return False


def decimals(text: str) -> int:
    """How many decimals a number is written with: '90.20' -> 2, '41' -> 0."""
    text = text.strip()
    return len(text.split(".", 1)[1]) if "." in text else 0


def agrees(written: str | float, exact: float) -> bool:
    """Whether ``written`` is ``exact`` rounded to the decimals it is written with."""
    text = written if isinstance(written, str) else repr(float(written))
    return abs(float(text) - exact) <= 0.5 * 10 ** -decimals(text) + TOTAL_SLACK


@dataclass
class RowChecker:
    """Checks values rows one by one, remembering which keys were seen (a year given twice)."""

    refs: References
    this_year: int
    #: (municipality, indicator, year) -> where it was first given, "path:line"
    seen: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def quick_ok(self, v: dict[str, str], area: str) -> bool:
        """The common, correct row of a samples file in one test (a national library has 150,000
        rows); anything unusual, and every official figure, goes through ``problems`` for its messages."""
        year = v.get("year", "")
        key = (v.get("municipality", ""), v.get("indicator", ""), year)
        if not ("__extra__" not in v and not huge_numbers(v) and key[0] in self.refs.municipalities
                and self.refs.indicators.get(key[1]) == area and key[1] in self.refs.illustrative
                and year_problem(year, self.this_year) is None and key not in self.seen
                and is_number(v.get("value", "")) and not v.get("numerator") and not v.get("denominator")):
            return False
        if self.refs.units.get(key[1]) == "%" and not 0 <= float(v["value"]) <= 100:
            return False
        return True

    def remember(self, v: dict[str, str], where: str) -> None:
        self.seen[(v.get("municipality", ""), v.get("indicator", ""), v.get("year", ""))] = where

    def problems(self, path: str, line: int, v: dict[str, str], area: str | None,
                 in_official_file: bool | None = None) -> list[Finding]:
        """Every problem of one row; ``area`` is the file's service area, None for a spreadsheet
        (whose rows go to the file of their indicator's area and kind: ``in_official_file`` None)."""
        found = [Finding.error(path, line, column, message, hint) for column, message, hint in _shape_problems(v)]
        if found:
            return found
        code, indicator, year = v.get("municipality", ""), v.get("indicator", ""), v.get("year", "")
        problems = self._reference_problems(code, indicator, area)
        problems += [(p.column, p.message, p.hint) for p in self._provenance(v, year, in_official_file)]
        found = [Finding.error(path, line, column, message, hint) for column, message, hint in problems]
        found.extend(self._value_problems(path, line, v, self.refs.units.get(indicator, "")))
        key = (code, indicator, year)
        if key in self.seen:
            found.append(Finding.error(path, line, "year", f"{code} {indicator} {year} is given twice "
                                       f"(also {self.seen[key]})", "keep one row per municipality, indicator and year"))
        else:
            self.seen[key] = f"{path}:{line}"
        return found

    def _reference_problems(self, code: str, indicator: str, area: str | None) -> list[tuple[str, str, str]]:
        """(column, message, hint) for a municipality or an indicator the library does not have, or an
        indicator of another service area than the file's."""
        problems = []
        if code not in self.refs.municipalities:
            problems.append(("municipality", f"unknown municipality '{code}'", self.refs.municipality_hint(code)))
        owner = self.refs.indicators.get(indicator)
        if owner is None:
            candidates = [i for i, a in self.refs.indicators.items() if area is None or a == area]
            problems.append(("indicator", f"unknown indicator '{indicator}'", did_you_mean(indicator, candidates) or (
                f"define it in content/benchmarks/{area}.yaml" if area else "indicators are defined in content/benchmarks/*.yaml")))
        elif area is not None and owner != area:
            problems.append(("indicator", f"'{indicator}' belongs to the service area '{owner}'",
                             f"move the row to content/benchmarks/{owner}.csv"))
        return problems

    def _provenance(self, v: dict[str, str], year: str, in_official_file: bool | None):
        """How the year is written, and whether the row may give the indicator's values (provenance.py)."""
        problems = [p for p in [year_problem(year, self.this_year)] if p]
        official = v.get("indicator", "") not in self.refs.illustrative
        return problems + row_problems(v, official if in_official_file is None else in_official_file, self.refs)

    def _value_problems(self, path: str, line: int, v: dict[str, str], unit: str) -> list[Finding]:
        found: list[Finding] = []

        def error(column: str, message: str, hint: str = "") -> None:
            found.append(Finding.error(path, line, column, message, hint))

        value = v.get("value", "")
        if not is_number(value):
            hint = f"use a decimal point: {value.replace(',', '.')}" if is_number(value.replace(",", ".")) else ""
            error("value", f"'{value}' is not a number" if value else "the value is missing", hint)
        elif unit == "%" and not 0 <= float(value) <= 100:
            error("value", f"{value} is out of range: a percentage lies between 0 and 100")
        counts = {}
        for column in ("numerator", "denominator"):
            text = v.get(column, "")
            if not text:
                continue
            if not is_number(text) or float(text) < 0:
                error(column, f"'{text}' is not a count: expected a number of 0 or more")
            else:
                counts[column] = float(text)
        given = [c for c in ("numerator", "denominator") if v.get(c)]
        if len(given) == 1:
            missing = "denominator" if given == ["numerator"] else "numerator"
            error(missing, f"the {given[0]} is given without the {missing}", "give both counts, or neither")
        if len(counts) == 2 and unit == "%" and is_number(value):
            numerator, denominator = counts["numerator"], counts["denominator"]
            if denominator == 0:
                error("denominator", "the denominator is 0")
            elif numerator > denominator:
                error("numerator", f"the numerator {v['numerator']} is larger than the denominator "
                                   f"{v['denominator']}")
            elif not agrees(value, 100 * numerator / denominator):
                share = 100 * numerator / denominator
                error("value", f"{value} does not add up: numerator / denominator = {v['numerator']} / "
                               f"{v['denominator']} = {share:.{max(decimals(value), 1) + 1}f}%",
                      f"write {share:.{decimals(value)}f}, or correct the counts")
        return found


#: Years, values and counts are short: a longer "number" is refused before anything reads it
#: (Python will not turn an int of more than 4,300 digits into text or back: a traceback).
MAX_NUMBER_CHARS = 40
NUMBER_COLUMNS = ("year", "value", "numerator", "denominator")


def _shape_problems(v: dict[str, str]) -> list[tuple[str, str, str]]:
    """(column, message, hint) for a row that does not fit its header, or holds a number too long to be one."""
    if "__extra__" in v:
        hint = ""
        value, after = v.get("value", ""), v.get("note") or v["__extra__"]
        if value.lstrip("-").isdigit() and after.isdigit():
            hint = f"if you meant {value},{after} as a decimal, write {value}.{after}"
        return [("", "the row has more values than the header has columns", hint)]
    return [(column, f"a number of {len(v[column]):,} characters is not a value a row can hold",
             f"write at most {MAX_NUMBER_CHARS} characters") for column in huge_numbers(v)]


def huge_numbers(v: dict[str, str]) -> list[str]:
    """The number columns of a row whose text is too long to be a number of the library."""
    return [column for column in NUMBER_COLUMNS if len(v.get(column) or "") > MAX_NUMBER_CHARS]
