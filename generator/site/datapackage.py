"""The columns of the benchmark downloads and the Frictionless Data Package that describes them.

``/data/datapackage.json`` is a tabular data package: each CSV is a resource with its
fields, primary key and foreign keys, so that the tables join in a spreadsheet, R, pandas
or the Frictionless tools: ``benchmarks.csv`` refers to ``municipalities.csv`` by
``municipality_code`` and to ``indicators.csv`` by ``indicator``. Resource paths are
relative to ``/data/``.
"""

from __future__ import annotations

from generator.model.entities import Indicator, Library, Municipality
from generator.model.peer_groups import PEER_GROUPS, PeerGroup
from generator.site import addresses

#: The licence under which the site publishes its benchmark data.
LICENCE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}
REGISTRY_SOURCE = {"title": "Municipal registry: 2016 demarcation, Code for South Africa open municipal data",
                   "path": "https://municipaldata.treasury.gov.za/"}
#: Said wherever illustrative values are described: they look like statistics and are not.
NOT_OFFICIAL = "illustrative sample values, made up for demonstration: not official statistics"

# Each table's columns: (name, Frictionless type, description).
MUNICIPALITY_FIELDS = [
    ("code", "string", "Municipal Demarcation Board code, e.g. ETH or WC024"),
    ("name", "string", "Name of the municipality"),
    ("category", "string", "A metropolitan, B local, C district municipality"),
    ("category_name", "string", "The category in words"),
    ("miif_category", "string", "National Treasury MIIF category, the peer group: A, B1 to B4, C1, C2"),
    ("peer_group", "string", "The MIIF category in words, e.g. secondary cities"),
    ("province", "string", "Province code, e.g. KZN"),
    ("province_name", "string", "Province name"),
    ("district", "string", "Code of the district a local municipality belongs to; empty for metros and districts"),
    ("population", "integer", "Population in the Census of 2011, on the boundaries of 2016"),
    ("area_km2", "number", "Area in square kilometres"),
    ("water_services_authority", "boolean", "true when it is the water services authority for its area"),
]
INDICATOR_FIELDS = [
    ("id", "string", "Indicator id, e.g. WS5.1"),
    ("name", "string", "Indicator name"),
    ("service_area", "string", "Service area id, e.g. water"),
    ("unit", "string", "Unit of its values, benchmark and gaps"),
    ("better", "string", "Which way is better: higher or lower"),
    ("benchmark", "number", "Benchmark value; empty when none is set"),
    ("benchmark_kind", "string", "target (a published target) or comparison (a comparison point, not a target)"),
    ("benchmark_year", "year", "The year of a national figure; empty for a target"),
    ("benchmark_basis", "string", "Where the benchmark comes from"),
    ("source", "string", "Where the indicator and, for official statistics, its values come from"),
    ("illustrative", "boolean", f"true when its values are {NOT_OFFICIAL}"),
    ("licence", "string", "Terms of the source's figures and how to attribute them"),
    ("circular88", "string", "The closest MFMA Circular 88 indicator, when it is not the same measure"),
    ("definition", "string", "What is measured and how"),
]
VALUE_FIELDS = [
    ("municipality_code", "string", "The municipality: code in municipalities.csv"),
    ("municipality_name", "string", "Its name, to read the file without joining"),
    ("province", "string", "Its province's code, e.g. KZN (as in municipalities.csv)"),
    ("peer_group", "string", "Its peer group, the National Treasury MIIF category: A, B1 to B4, C1, C2 "
                             "(as in municipalities.csv, which gives it in words)"),
    ("indicator", "string", "The indicator: id in indicators.csv, which gives its name, definition and source"),
    ("unit", "string", "Unit of the value, the comparison point and the gap"),
    ("year", "year", "Year of the measurement"),
    ("value", "number", "Measured value, in the unit"),
    ("provenance", "string", f"official (published official statistics; see source) or illustrative ({NOT_OFFICIAL})"),
    ("source", "string", "For an official value, where it comes from (its edition); empty for an illustrative one"),
    ("comparison_point", "number", "What the value is compared with, in the unit: the indicator's target or the "
                                   "national figure; empty when it has neither"),
    ("comparison_kind", "string", "target (a published target, which a value can meet) or comparison (a comparison "
                                  "point such as the national figure, not a target: a value is above or below it)"),
    ("comparison_year", "year", "The year of a national figure, which may not be the value's own (the turnout of "
                                "2011 is compared with the national turnout of 2016); empty for a target"),
    ("gap", "number", "The value less the comparison point, in the unit, positive when better (whichever way the "
                      "indicator runs); for a percentage, in percentage points; empty without a comparison point"),
    ("numerator", "number", "For official shares: the count the value is computed from (e.g. residents with piped water)"),
    ("denominator", "number", "For official shares: the count it is a share of (e.g. all residents)"),
]
BENCHMARK_COLUMNS = ("benchmark", "benchmark_kind", "benchmark_year")  # in a municipality's table too
#: A peer group's rankings: a row per indicator and member, as the peer group's page ranks them.
PEER_GROUP_FIELDS = [
    ("peer_group", "string", "The peer group: its National Treasury MIIF category, A, B1 to B4, C1 or C2"),
    ("indicator", "string", "The indicator: id in indicators.csv"),
    ("indicator_name", "string", "Indicator name"),
    ("unit", "string", "Unit of the value, the median and the benchmark"),
    ("better", "string", "Which way is better: higher or lower"),
    ("municipality_code", "string", "The member: code in municipalities.csv"),
    ("municipality_name", "string", "Its name"),
    ("year", "year", "Year of the member's latest value: the year of the indicator's ranking (the latest any member "
                     "reported), or an earlier one for a member that has not reported since"),
    ("value", "number", "The member's latest value, in the unit"),
    ("rank", "integer", "Its rank in the peer group in that year, 1 the best; members with the same value share one"),
    ("ranked", "integer", "How many members were ranked in that year"),
    ("peer_median", "number", "The group's median in the year of the ranking; empty for a member whose latest "
                              "value is older"),
    *(field for field in INDICATOR_FIELDS if field[0] in BENCHMARK_COLUMNS),
    ("rating", "string", "Against a target: meets, close or far; against the national figure, which can only be "
                         "done better or worse than: better, level or worse; empty without either"),
    *(field for field in VALUE_FIELDS if field[0] in ("provenance", "source")),  # as every value's row says them
]
PEER_GROUP_COLUMNS = [name for name, _, _ in PEER_GROUP_FIELDS]
MUNICIPALITY_COLUMNS = [name for name, _, _ in MUNICIPALITY_FIELDS]
INDICATOR_COLUMNS = [name for name, _, _ in INDICATOR_FIELDS]
VALUE_COLUMNS = [name for name, _, _ in VALUE_FIELDS]


def municipality_table_fields(years: list[int]) -> list[tuple[str, str, str]]:
    """A municipality's table to read: one row per indicator, then a column per year."""
    return [("municipality_code", "string", "The municipality: code in municipalities.csv"),
            ("municipality_name", "string", "Its name"),
            ("indicator", "string", "Indicator id in indicators.csv"),
            ("indicator_name", "string", "Indicator name"),
            ("unit", "string", "Unit of the values and the benchmark"),
            ("better", "string", "Which way is better: higher or lower"),
            # What the benchmark is, as indicators.csv says it: a national figure read as a target misleads.
            *(field for field in INDICATOR_FIELDS if field[0] in BENCHMARK_COLUMNS),
            *((str(year), "number", f"Value in {year}; empty when none was reported") for year in years),
            ("sources", "string", "Where the values come from; empty for illustrative samples"),
            ("illustrative", "boolean", f"true when the values are {NOT_OFFICIAL}")]


def municipality_table_columns(years: list[int]) -> list[str]:
    return [name for name, _, _ in municipality_table_fields(years)]


#: What the package holds, files and JSON alike: a tabular data package lists only tables, so the JSON
#: files are described here.
CONTENTS = (
    "Indicator values of South African municipalities against targets and national figures, by "
    "year. benchmarks.csv (zipped as benchmarks.csv.zip) has every value, each with its province, "
    "peer group, unit, provenance (official, with its source, or illustrative) and what it is "
    "compared with; municipalities.csv and indicators.csv describe what its codes refer to. "
    "indicators/<id>.csv are its rows for one indicator; "
    "municipalities/<code>.csv are one municipality's values to read, a row per indicator. "
    "peer-groups/<id>.csv rank the members of one peer group on every indicator, as its page does. "
    "municipalities/<code>.json give a municipality's values for the compare page, "
    '{"code", "name", "miif_category", "latest": {indicator id: {"y": the year of its latest '
    'value, "v": the value, "t": the value as the site writes it, with its unit, "rank": its rank '
    'in its peer group that year, "place": the rank in words, "r": its rating (meets, close or '
    "far against a target; better, level or worse against the national figure; null without "
    'either), "rating": the rating in words}}, and, for a municipality that is not a water '
    'services authority, "water_providers" ([{"code", "name"}]: who provides its water) and '
    '"water_status_by_rule" (true where that status comes from the MIIF classes\' rule, not '
    "the registry's override)}."
)


def descriptor(library: Library, reporting: list[Municipality], years: list[int]) -> dict:
    """The Data Package: the lookup tables, every value, and the same values by indicator and by municipality
    (the JSON files in its description, CONTENTS)."""
    illustrative = [f"{i.name} ({i.id})" for i in library.indicators.values() if i.illustrative]
    resources = [
        csv_resource("municipalities", addresses.MUNICIPALITIES_CSV, "Every municipality of the registry",
                     table_schema(MUNICIPALITY_FIELDS, ["code"])),
        csv_resource("indicators", addresses.INDICATORS_CSV, "Every indicator: its unit, benchmark and source, "
                     f"and whether its values are {NOT_OFFICIAL}", table_schema(INDICATOR_FIELDS, ["id"])),
        {**csv_resource("benchmarks", addresses.ALL_DATA_ZIP, "Every indicator value, one row per municipality, "
                        "indicator and year, by indicator, municipality name and year; zipped",
                        values_schema()), "compression": "zip", "innerpath": addresses.ALL_DATA_NAME}]
    resources += [_indicator_resource(indicator) for indicator in library.indicators.values()]
    resources += [_municipality_resource(m) for m in sorted(reporting, key=lambda m: m.name.lower())]
    resources += [_peer_group_resource(group) for group in PEER_GROUPS]
    return {
        "profile": "tabular-data-package",
        "name": "lekgotla-benchmarks",
        "title": "Lekgotla municipal benchmarks",
        "description": CONTENTS + (f" The values of these indicators are {NOT_OFFICIAL}: {', '.join(illustrative)}."
                                   if illustrative else ""),
        "licenses": [LICENCE],
        "sources": [{"title": s} for s in sorted({i.source for i in library.indicators.values()})]
                   + [REGISTRY_SOURCE],
        "resources": resources,
    }


def shared_schemas(years: list[int]) -> dict[str, dict]:
    """Site path -> Table Schema of the columns many files share, which their resources point to."""
    return {addresses.VALUES_SCHEMA: values_schema(),
            addresses.MUNICIPALITY_TABLE_SCHEMA: table_schema(municipality_table_fields(years), ["indicator"],
                                                              _VALUE_REFERENCES),
            addresses.PEER_GROUP_TABLE_SCHEMA: table_schema(PEER_GROUP_FIELDS, ["indicator", "municipality_code"],
                                                            _VALUE_REFERENCES)}


def values_schema() -> dict:
    return table_schema(VALUE_FIELDS, ["municipality_code", "indicator", "year"], _VALUE_REFERENCES)


#: The columns that refer to the lookup tables: column -> (resource, its key).
_VALUE_REFERENCES = {"municipality_code": ("municipalities", "code"), "indicator": ("indicators", "id")}


def _indicator_resource(indicator: Indicator) -> dict:
    return csv_resource(f"indicator-{indicator.slug}", addresses.indicator_csv(indicator),
                        f"{indicator.name} ({indicator.id}), in {indicator.unit}; {indicator.better.value} is better"
                        + (f"; {NOT_OFFICIAL}" if indicator.illustrative else "")
                        + ". Its rows of benchmarks.csv, with the same columns", _in_data(addresses.VALUES_SCHEMA))


def _peer_group_resource(group: PeerGroup) -> dict:
    return csv_resource(f"peer-group-{group.id}", addresses.peer_group_csv(group),
                        f"The {group.plural} ({group.code}): each member's latest value of every indicator, ranked "
                        "as the peer group's page ranks them, with the group's median and what each value is "
                        "compared with", _in_data(addresses.PEER_GROUP_TABLE_SCHEMA))


def _municipality_resource(municipality: Municipality) -> dict:
    return csv_resource(f"municipality-{municipality.slug}", addresses.municipality_csv(municipality),
                        f"Every indicator value of {municipality.name} ({municipality.code}), to read: "
                        "a row per indicator, a column per year", _in_data(addresses.MUNICIPALITY_TABLE_SCHEMA))


def table_schema(fields: list[tuple[str, str, str]], key: list[str] | None = None,
                 references: dict[str, tuple[str, str]] | None = None) -> dict:
    """A Table Schema; ``references``: column -> (resource, its key column)."""
    schema = {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields], "missingValues": [""]}
    if key:
        schema["primaryKey"] = key
    if references:
        schema["foreignKeys"] = [{"fields": column, "reference": {"resource": resource, "fields": target}}
                                 for column, (resource, target) in references.items()]
    return schema


def csv_resource(name: str, address: str, description: str, schema: dict | str) -> dict:
    """A CSV resource; ``schema`` is the Table Schema, or the path of a file holding it (shared by many files)."""
    return {"name": name, "path": _in_data(address), "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": description, "schema": schema}


def _in_data(address: str) -> str:
    return address.removeprefix(addresses.DATA)
