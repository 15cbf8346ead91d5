"""Step 5c: the benchmark data as downloads, described by a Frictionless Data Package.

``/data/benchmarks.csv`` is tidy: one row per municipality, indicator and year.
Each indicator also gets its own CSV and JSON, each municipality its own CSV,
and ``/data/datapackage.json`` describes every resource and field so that the
files load into a spreadsheet, R, pandas or the Frictionless tools with their
types and units.
"""

from __future__ import annotations

import csv
import io
import json

from generator.analysis.benchmarking import benchmark_gap
from generator.site import addresses
from generator.model.entities import Indicator, Library, Municipality

#: The licence under which the site publishes its benchmark data.
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
REGISTRY_SOURCE = {"title": "Municipal registry: 2016 demarcation, Code for South Africa open municipal data",
                   "path": "https://municipaldata.treasury.gov.za/"}

#: The tidy table's columns: (name, Frictionless type, description).
FIELDS = [
    ("municipality_code", "string", "Municipal Demarcation Board code, e.g. ETH or WC024"),
    ("municipality_name", "string", "Name of the municipality"),
    ("province", "string", "Province code, e.g. KZN"),
    ("category", "string", "A metropolitan, B local, C district municipality"),
    ("miif_category", "string", "National Treasury MIIF category, the peer group: A, B1 to B4, C1, C2"),
    ("service_area", "string", "Service area id, e.g. water"),
    ("indicator", "string", "Indicator id, e.g. WS5.1"),
    ("indicator_name", "string", "Indicator name"),
    ("unit", "string", "Unit of value, benchmark and gap"),
    ("better", "string", "Which way is better: higher or lower"),
    ("year", "year", "Year of the measurement"),
    ("value", "number", "Measured value, in the indicator's unit"),
    ("benchmark", "number", "Benchmark for the indicator; empty when none is set"),
    ("gap", "number", "Distance to the benchmark in the indicator's unit, positive when better than it"),
]
COLUMNS = [name for name, _, _ in FIELDS]


def site_downloads() -> dict[str, str]:
    return {"csv": addresses.ALL_DATA_CSV, "datapackage": addresses.DATAPACKAGE}


def indicator_downloads(indicator: Indicator) -> dict[str, str]:
    return {"csv": addresses.indicator_csv(indicator), "json": addresses.indicator_json(indicator)}


def municipality_downloads(municipality: Municipality) -> dict[str, str]:
    return {"csv": addresses.municipality_csv(municipality)}


def tidy_rows(library: Library) -> list[dict]:
    """Every observation with its context, by indicator, municipality name and year."""
    indicators = library.indicators
    order = {code: i for i, code in enumerate(indicators)}
    rows = []
    for o in library.observations:
        m, i = library.municipalities.get(o.municipality), indicators.get(o.indicator)
        if m is None or i is None:
            continue
        gap = benchmark_gap(i, o.value)
        rows.append({"municipality_code": m.code, "municipality_name": m.name, "province": m.province,
                     "category": m.category, "miif_category": m.miif_category, "service_area": i.service_area,
                     "indicator": i.id, "indicator_name": i.name, "unit": i.unit, "better": i.better.value,
                     "year": o.year, "value": o.value, "benchmark": i.benchmark.value if i.benchmark else None,
                     "gap": round(gap, 6) if gap is not None else None})
    rows.sort(key=lambda r: (order[r["indicator"]], r["municipality_name"].lower(), r["year"]))
    return rows


def files(library: Library) -> dict[str, str]:
    """Site path -> text of every download."""
    rows = tidy_rows(library)
    result = {addresses.ALL_DATA_CSV: _csv(rows)}
    by_indicator: dict[str, list[dict]] = {}
    by_municipality: dict[str, list[dict]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator"], []).append(row)
        by_municipality.setdefault(row["municipality_code"], []).append(row)
    for indicator in library.indicators.values():
        paths = indicator_downloads(indicator)
        selected = by_indicator.get(indicator.id, [])
        result[paths["csv"]] = _csv(selected)
        result[paths["json"]] = _json({"indicator": _indicator_metadata(indicator), "observations": selected})
    for code, selected in by_municipality.items():
        result[municipality_downloads(library.municipalities[code])["csv"]] = _csv(selected)
    result[addresses.DATAPACKAGE] = json.dumps(datapackage(library, by_municipality), ensure_ascii=False,
                                                 indent=1)  # small, and read by people
    return result


def datapackage(library: Library, by_municipality: dict) -> dict:
    """The Frictionless Data Package descriptor; resource paths are relative to /data/."""
    sources = sorted({i.source for i in library.indicators.values()})
    resources = [_table("benchmarks", _in_data(addresses.ALL_DATA_CSV),
                        "Every indicator value, one row per municipality, indicator and year")]
    for indicator in library.indicators.values():
        description = f"{indicator.name} ({indicator.id}), in {indicator.unit}; {indicator.better.value} is better"
        resources.append(_table(indicator.slug, _in_data(addresses.indicator_csv(indicator)), description))
        resources.append({"name": f"{indicator.slug}-json", "path": _in_data(addresses.indicator_json(indicator)),
                          "profile": "data-resource", "format": "json", "mediatype": "application/json",
                          "encoding": "utf-8", "description": description + ". The indicator's definition and "
                          "benchmark, with the same rows as the CSV."})
    for code in sorted(by_municipality):
        m = library.municipalities[code]
        resources.append(_table(f"municipality-{m.slug}", _in_data(addresses.municipality_csv(m)),
                                f"Every indicator value of {m.name} ({m.code})"))
    illustrative = [a.title for a in library.service_areas.values() if a.illustrative]
    return {
        "profile": "tabular-data-package",
        "name": "lekgotla-benchmarks",
        "title": "Lekgotla municipal benchmarks",
        "description": "Indicator values of South African municipalities against benchmarks, by year."
                       + (f" Illustrative sample values, not official statistics: {', '.join(illustrative)}."
                          if illustrative else ""),
        "licenses": [LICENCE],
        "sources": [{"title": s} for s in sources] + [REGISTRY_SOURCE],
        "indicators": [_indicator_metadata(i) for i in library.indicators.values()],
        "resources": resources,
    }


def _in_data(address: str) -> str:
    return address.removeprefix(addresses.DATA)


def _table(name: str, path: str, description: str) -> dict:
    return {"name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": description,
            "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in FIELDS],
                       "missingValues": [""],
                       "primaryKey": ["municipality_code", "indicator", "year"]}}


def _indicator_metadata(indicator: Indicator) -> dict:
    return {"id": indicator.id, "name": indicator.name, "unit": indicator.unit, "better": indicator.better.value,
            "definition": indicator.definition, "source": indicator.source, "service_area": indicator.service_area,
            "benchmark": {"value": indicator.benchmark.value, "basis": indicator.benchmark.basis}
            if indicator.benchmark else None}


def _json(data) -> str:
    # Compact: json's fast C encoder is only used without indentation, and the files are large.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([["" if row[c] is None else row[c] for c in COLUMNS] for row in rows])
    return buffer.getvalue()
