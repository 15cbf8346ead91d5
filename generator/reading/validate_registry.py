"""Checks of the municipal registry (content/benchmarks/municipalities.csv), one row at a time."""

from __future__ import annotations

import re

from generator.reading.check_context import CheckContext
from generator.reading.load import REGISTRY_HEADER, REGISTRY_OPTIONAL, CsvFile
from generator.reading.observations import is_number
from generator.reading.source import LineMap

MUNICIPALITY_CODE = re.compile(r"[A-Z]{2,3}[0-9]{0,3}")
MIIF_CATEGORIES = ("A", "B1", "B2", "B3", "B4", "C1", "C2")
#: The most populous municipality has about five million residents (Census 2011).
MAX_POPULATION_DIGITS = 9


def check_registry(context: CheckContext) -> None:
    file = context.raw.registry
    if not file or not file.header:
        return
    if file.header not in (REGISTRY_HEADER, REGISTRY_HEADER + REGISTRY_OPTIONAL):
        context.error(file.display, 1, "", f"the header is '{','.join(file.header)}'",
                      f"expected '{','.join(REGISTRY_HEADER)}'")
        return
    seen: dict[str, int] = {}
    for row in file.rows:
        code = row.values.get("code", "")
        if code in seen:
            context.error(file.display, row.line, "code", f"'{code}' is listed twice (also line {seen[code]})")
        seen[code] = row.line
        if row.values.get("category") not in ("A", "B", "C"):
            context.error(file.display, row.line, "category", "expected A, B or C")
        _check_row(context, file, row.line, row.values)


def _check_row(context: CheckContext, file: CsvFile, line: int, values: dict[str, str]) -> None:
    missing = [name for name in REGISTRY_HEADER if name not in values]
    if missing or "__extra__" in values:
        context.error(file.display, line, "", f"the row has {len(REGISTRY_HEADER) - len(missing)} values; "
                      f"the header has {len(REGISTRY_HEADER)} columns", "write every column, empty if unknown")
        return
    if not MUNICIPALITY_CODE.fullmatch(values["code"]):
        context.error(file.display, line, "code", f"'{values['code']}' is not a demarcation code",
                      "two or three capital letters and up to three digits, e.g. ETH or KZN272")
    if values["miif_category"] not in MIIF_CATEGORIES:
        context.error(file.display, line, "miif_category", f"'{values['miif_category']}' is not a MIIF category",
                      f"expected one of {', '.join(MIIF_CATEGORIES)}")
    if values["area_km2"] and not is_number(values["area_km2"]):
        context.error(file.display, line, "area_km2", f"'{values['area_km2']}' is not a number")
    context.plain_values(file, {name: values[name] for name in ("name", "province", "province_name", "district")},
                         LineMap(first_line=line))
    population = values.get("population") or ""
    if len(population) > MAX_POPULATION_DIGITS and population.isdigit():
        context.error(file.display, line, "population", f"a number of {len(population):,} digits is not a "
                      "population", f"write the number of residents, at most {MAX_POPULATION_DIGITS} digits")
    elif population and not (population.isascii() and population.isdigit()):
        context.error(file.display, line, "population", f"'{population}' is not a whole number",
                      "write the number of residents without spaces or separators, e.g. 186502")
    authority = (values.get("water_services_authority") or "").strip().lower()
    if authority not in ("", "yes", "no"):
        context.error(file.display, line, "water_services_authority", f"'{authority}' is not yes or no",
                      "leave it empty to follow the MIIF rule")
