"""Step 5c: the benchmark data as downloads, tidy and described by a Frictionless Data Package.

Each fact is written once, where it belongs (the columns are in ``datapackage.py``):

- ``/data/municipalities.csv`` and ``/data/indicators.csv``: the lookup tables (a municipality's
  province and peer group; an indicator's unit, benchmark, source and whether its values are
  illustrative samples);
- ``/data/benchmarks.csv.zip``: ``benchmarks.csv``, one row per municipality, indicator and year with
  only what varies, and the municipality's name so that the file reads in a spreadsheet. Zipped: it
  repeats the per-indicator files, and is 7 MB unzipped at national size;
- per indicator: its rows of ``benchmarks.csv`` in a CSV of its own (its definition is a row of
  ``indicators.csv``; a JSON copy of both, 2 MB at national size, was dropped as a third copy);
- per municipality: its table to read (one row per indicator, a column per year), and the JSON
  of its values that the compare page fetches.

At national size (257 municipalities, 60 indicators, ten years) these are about 15 MB; the
wide rows they replaced, repeated in every file, were 118 MB.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from itertools import groupby
from operator import attrgetter
from typing import Iterable

from generator.analysis.figures import provenance_of
from generator.analysis.measures import benchmark_gap
from generator.analysis.standings import Benchmarks, Standing
from generator.model.entities import Indicator, Library, Municipality, Observation
from generator.model.services import water_providers
from generator.site import addresses, datapackage
from generator.model.peer_groups import PeerGroup
from generator.site.benchmark_parts import GroupIndicator
from generator.site.datapackage import (INDICATOR_COLUMNS, MUNICIPALITY_COLUMNS, PEER_GROUP_COLUMNS, VALUE_COLUMNS,
                                        municipality_table_columns)
from generator.site.wording import cell_text, comparison_year, ranked, rated


def site_downloads() -> dict[str, str]:
    return {"zip": addresses.ALL_DATA_ZIP, "municipalities": addresses.MUNICIPALITIES_CSV,
            "indicators": addresses.INDICATORS_CSV, "datapackage": addresses.DATAPACKAGE}


def indicator_downloads(indicator: Indicator) -> dict[str, str]:
    return {"csv": addresses.indicator_csv(indicator)}


def municipality_downloads(municipality: Municipality) -> dict[str, str]:
    return {"csv": addresses.municipality_csv(municipality), "json": addresses.municipality_json(municipality)}


def in_order(library: Library) -> list[Observation]:
    """The observations the downloads publish, by indicator, municipality name and year."""
    known = [o for o in library.observations
             if o.municipality in library.municipalities and o.indicator in library.indicators]
    indicator_rank = {code: n for n, code in enumerate(library.indicators)}
    by_name = sorted(library.municipalities.values(), key=lambda m: m.name.lower())
    name_rank = {m.code: n for n, m in enumerate(by_name)}
    known.sort(key=lambda o: (indicator_rank[o.indicator], name_rank[o.municipality], o.year))
    return known


def files(library: Library, benchmarks: Benchmarks) -> dict[str, str | bytes]:
    """Site path -> text of every download (bytes for the zip)."""
    observations = in_order(library)
    years = sorted({o.year for o in observations})
    by_municipality = _grouped(observations, "municipality")
    reporting = [m for m in library.municipalities.values() if m.code in by_municipality]
    return {addresses.MUNICIPALITIES_CSV: csv_text(MUNICIPALITY_COLUMNS, map(municipality_row,
                                                                             library.municipalities.values())),
            addresses.INDICATORS_CSV: csv_text(INDICATOR_COLUMNS, map(indicator_row, library.indicators.values())),
            **_indicator_files(library, _grouped(observations, "indicator")),
            **_municipality_files(library, benchmarks, by_municipality, years),
            **_described(datapackage.descriptor(library, reporting, years), datapackage.shared_schemas(years))}


def _indicator_files(library: Library, by_indicator: dict[str, list[Observation]]) -> dict[str, str | bytes]:
    """Each indicator's CSV, and benchmarks.csv (zipped): their CSVs one after the other."""
    result: dict[str, str | bytes] = {}
    bodies, value_rows = [], ValueRows(library)
    for indicator in library.indicators.values():
        own = by_indicator.get(indicator.id, [])
        paths = indicator_downloads(indicator)
        result[paths["csv"]] = text = csv_text(VALUE_COLUMNS, value_rows.rows(indicator, own))
        bodies.append(text.partition("\n")[2])
    result[addresses.ALL_DATA_ZIP] = zipped(addresses.ALL_DATA_NAME, ",".join(VALUE_COLUMNS) + "\n" + "".join(bodies))
    return result


def zipped(name: str, text: str) -> bytes:
    """``text`` as the one file ``name`` of a zip; the same bytes for the same text (no time in it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entry = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
        archive.writestr(entry, text.encode("utf-8"), compresslevel=9)
    return buffer.getvalue()


def _municipality_files(library: Library, benchmarks: Benchmarks, by_municipality: dict[str, list[Observation]],
                        years: list[int]) -> dict[str, str]:
    """Each reporting municipality's table to read (CSV) and its values for the compare page (JSON)."""
    result, header, describe = {}, municipality_table_columns(years), IndicatorCells(library)
    for code, own in by_municipality.items():
        municipality = library.municipalities[code]
        paths = municipality_downloads(municipality)
        result[paths["csv"]] = csv_text(header, municipality_table(describe, municipality, own, years))
        providers = water_providers(municipality, library.municipalities)
        result[paths["json"]] = _json(municipality_values(municipality, own, benchmarks, providers))
    return result


def peer_group_files(library: Library, groups: Iterable[tuple[PeerGroup, list[GroupIndicator]]]) -> dict[str, str]:
    """Each peer group's rankings (CSV), written from the rows its page shows: the file and the page rank alike."""
    sources = {(o.indicator, o.municipality, o.year): o.source for o in library.observations}
    return {addresses.peer_group_csv(group): csv_text(PEER_GROUP_COLUMNS, _peer_group_rows(group, rows, sources))
            for group, rows in groups}


def _peer_group_rows(group: PeerGroup, rows: list[GroupIndicator], sources: dict[tuple[str, str, int], str]
                     ) -> Iterable[list]:
    """A row per indicator and member: the members ranked in the indicator's latest year, best first, with the
    group's median that year; then those whose latest value is older, each with its own year and rank."""
    for row in rows:
        indicator = row.indicator
        about = [_text(group.code), _text(indicator.id), _text(indicator.name), _text(indicator.unit),
                 indicator.better.value]
        compared, provenance = benchmark_cells(indicator), provenance_of(indicator).value
        median = None if row.median is None else round(row.median.value, 6)
        for standing, in_ranking in [*((s, True) for s, _ in row.ranked), *((s, False) for s in row.earlier)]:
            member = standing.municipality
            source = "" if indicator.illustrative else _text(
                sources.get((indicator.id, member.code, standing.year)) or indicator.source)
            yield [*about, _text(member.code), _text(member.registered_name), standing.year, standing.value,
                   standing.peer.rank, standing.peer.of, median if in_ranking else None, *compared,
                   standing.rating.value if standing.rating else None, provenance, source]


def _described(package: dict, schemas: dict[str, dict]) -> dict[str, str]:
    # Indented: the descriptors are small, and read by people.
    return {path: json.dumps(descriptor, ensure_ascii=False, indent=1)
            for path, descriptor in {addresses.DATAPACKAGE: package, **schemas}.items()}


# --- Rows ----------------------------------------------------------------------------------------
class ValueRows:
    """Rows of benchmarks.csv. The text of a municipality or indicator is made safe once, not once a row."""

    def __init__(self, library: Library):
        self.place = {code: [_text(code), _text(m.registered_name), _text(m.province), _text(m.miif_category)]
                      for code, m in library.municipalities.items()}

    def rows(self, indicator: Indicator, observations: list[Observation]) -> Iterable[list]:
        """Each value with what a coordinator needs beside it to use it as it is: where the municipality is and
        its peer group, the unit, whether the value is official (and its source) or illustrative, and what it
        is compared with."""
        indicator_id, unit = _text(indicator.id), _text(indicator.unit)
        provenance = provenance_of(indicator).value
        compared = benchmark_cells(indicator)
        for o in observations:
            gap = benchmark_gap(indicator, o.value)
            source = "" if indicator.illustrative else _text(o.source or indicator.source)
            yield [*self.place[o.municipality], indicator_id, unit, o.year, o.value, provenance, source, *compared,
                   None if gap is None else round(gap, 6), _count(o.numerator), _count(o.denominator)]


def municipality_row(m: Municipality) -> list:
    row = {"code": m.code, "name": m.registered_name, "category": m.category, "category_name": m.category_name,
           "miif_category": m.miif_category, "peer_group": m.peer_group_name, "province": m.province,
           "province_name": m.province_name, "district": m.district, "population": m.population,
           "area_km2": m.area_km2, "water_services_authority": m.water_services_authority}
    return [safe_cell(row[column]) for column in MUNICIPALITY_COLUMNS]


def benchmark_cells(indicator: Indicator) -> list:
    """What a value is compared with, as every download writes it: the benchmark's value, its kind (target or
    comparison) and, for a national figure, its year; empty cells where there is none."""
    point = indicator.benchmark
    return [point.value, point.kind.value, comparison_year(indicator)] if point else [None, None, None]


def indicator_row(i: Indicator) -> list:
    value, kind, year = benchmark_cells(i)
    row = {"id": i.id, "name": i.name, "service_area": i.service_area, "unit": i.unit, "better": i.better.value,
           "benchmark": value, "benchmark_kind": kind, "benchmark_year": year,
           "benchmark_basis": i.benchmark and i.benchmark.basis,
           "source": i.source, "illustrative": i.illustrative, "licence": i.licence, "circular88": i.circular88,
           "definition": i.definition}
    return [safe_cell(row[column]) for column in INDICATOR_COLUMNS]


class IndicatorCells:
    """What a municipality's table says about each indicator, made safe once rather than in every table."""

    def __init__(self, library: Library):
        self.library = library
        self.cells = {i.id: [safe_cell(v) for v in (i.id, i.name, i.unit, i.better.value, *benchmark_cells(i))]
                      for i in library.indicators.values()}


def municipality_table(describe: IndicatorCells, municipality: Municipality, observations: list[Observation],
                       years: list[int]) -> list[list]:
    """One row per indicator it reports, in the columns of ``municipality_table_columns``:
    the municipality, what the indicator is, its value in each year, sources, illustrative."""
    place = [_text(municipality.code), _text(municipality.registered_name)]
    rows = []
    for indicator_id, group in groupby(observations, attrgetter("indicator")):
        own = list(group)
        indicator, by_year = describe.library.indicators[indicator_id], {o.year: o.value for o in own}
        rows.append([*place, *describe.cells[indicator_id], *(by_year.get(year) for year in years),
                     _text("; ".join(_sources(indicator, own))), _boolean(indicator.illustrative)])
    return rows


def _sources(indicator: Indicator, observations: list[Observation]) -> list[str]:
    """The editions an official figure comes from, or the indicator's source; none for illustrative
    samples, which come from no source (the illustrative column says what they are)."""
    editions = list(dict.fromkeys(o.source for o in observations if o.source))
    return editions or ([] if indicator.illustrative else [indicator.source])


def municipality_values(municipality: Municipality, observations: list[Observation], benchmarks: Benchmarks,
                        water_providers: list[Municipality]) -> dict:
    """What the compare page fetches of one municipality, small enough for mobile data: {"code", "name",
    "miif_category", "latest": {indicator id: LATEST}}, LATEST its latest value of the indicator as every
    page writes it (``latest_shown``). Its every year is in its table (``municipality_table``). Where it is
    not a water services authority, also "water_providers" ([{"code", "name"}]) and "water_status_by_rule",
    so that the page says why it has no water value, as the municipality's own page does."""
    reported = dict.fromkeys(o.indicator for o in observations)
    values: dict[str, object] = {"code": municipality.code, "name": municipality.registered_name,
                                 "miif_category": municipality.miif_category,
                                 "latest": {indicator_id: latest_shown(standing) for indicator_id in reported
                                            if (standing := benchmarks.latest_standing(indicator_id, municipality.code))}}
    if water_providers:
        values["water_providers"] = [{"code": p.code, "name": p.name} for p in water_providers]
        values["water_status_by_rule"] = municipality.authority_status_from_rule
    return values


def latest_shown(standing: Standing) -> dict:
    """A municipality's latest value of an indicator as the pages write it, for the compare page, which
    writes no number of its own: {"y": its year, "v": the value, "t": the value as written, with its unit,
    "rank": its rank in its peer group that year, "place": the rank in words ("=15th of 59 mostly rural
    locals in 2011"), "r": its rating (meets, close or far against a target; better, level or worse against
    the national figure; null without either), "rating": the rating in words}."""
    rating = rated(standing)
    place = ranked(standing)
    return {"y": standing.year, "v": standing.value, "t": cell_text(standing.figure), "rank": place.number,
            "place": place.text, "r": rating and rating.rating.value, "rating": rating and rating.text}


def _grouped(observations: list[Observation], attribute: str) -> dict[str, list[Observation]]:
    """The observations by ``attribute`` (indicator or municipality), in the order they come."""
    groups: dict[str, list[Observation]] = {}
    for key, group in groupby(observations, attrgetter(attribute)):
        groups.setdefault(key, []).extend(group)
    return groups


# --- Writing -------------------------------------------------------------------------------------
def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """A CSV file; the cells must already be safe (see ``safe_cell``): None is written as an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _json(data) -> str:
    # Compact: json's fast C encoder is only used without indentation.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _count(number: float | None) -> int | float | None:
    """A count as people write it: 703679, not 703679.0."""
    return None if number is None else (int(number) if number.is_integer() else number)


def _boolean(flag: bool) -> str:
    return "true" if flag else "false"


#: A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV injection"),
#: the full-width forms included (some spreadsheets fold them to ASCII).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Invisible characters a spreadsheet may drop before reading the cell (a byte-order mark before '=').
_INVISIBLE_START = "\ufeff\u200b\u200c\u200d\u2060"


def _text(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading apostrophe; the JSON files keep the raw text."""
    return "'" + text if text.lstrip(_INVISIBLE_START).startswith(FORMULA_STARTS) else text


def safe_cell(value):
    """A CSV cell of any kind. Numbers are left alone: -3.5 is a number, not a formula."""
    if value is None or isinstance(value, bool):
        return "" if value is None else _boolean(value)
    return _text(value) if isinstance(value, str) else value
