"""``lekgotla import``: indicator values from a spreadsheet into the library's values files.

Values of official indicators go to ``content/benchmarks/official/<area>.csv``, those of
illustrative ones to ``content/benchmarks/<area>.csv`` (which ``tools/make_sample_observations.py``
regenerates), so official figures and samples never share a file.

Curators receive figures as spreadsheets: a tidy CSV or an Excel workbook with one
row per municipality, indicator and year, and a value (or the numerator and
denominator it is computed from). Every row is checked with the rules and words of
``lekgotla check`` (``reading/observations.py``); if any row is wrong nothing is
written. A value the library already has is left alone when it agrees and refused
when it differs, unless ``replace`` is asked for: nothing is overwritten silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from generator.cli.spreadsheets import SpreadsheetError, csv_rows, workbook_rows
from generator.reading.findings import Finding, Report
from generator.reading.load import OFFICIAL_DIR, REGISTRY_FILE, RawLibrary, read_content
from generator.reading.observations import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, RowChecker, agrees, is_number
from generator.reading.references import References
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions
from generator.reading.validate import validate
from generator.site.reserved import SITE_CHECKS

COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
#: Other names a spreadsheet may use for a column.
ALIASES = {"code": "municipality", "municipality code": "municipality", "indicator id": "indicator"}


@dataclass
class ImportResult:
    report: Report
    added: dict[str, int] = field(default_factory=dict)  # area -> rows added
    changed: list[str] = field(default_factory=list)  # "ETH piped-water-scheme 2011: 90.1 -> 90.2"
    unchanged: int = 0
    written: list[str] = field(default_factory=list)  # files written

    @property
    def nothing_to_do(self) -> bool:
        return not self.added and not self.changed

    def summary(self) -> str:
        if not self.report.ok:
            return f"nothing was imported: {self.report.summary()}"
        added = sum(self.added.values())
        if self.nothing_to_do:
            return f"nothing to do: all {self.unchanged} values are already in the library"
        by_area = ", ".join(f"{area} {count}" for area, count in sorted(self.added.items()))
        return (f"added {added} value{'s' if added != 1 else ''}" + (f" ({by_area})" if by_area else "")
                + f", changed {len(self.changed)}, left {self.unchanged} alone")


def import_values(content_dir: Path, spreadsheet: Path, *, sheet: str | None = None, source: str = "",
                  replace: bool = False, dry_run: bool = False,
                  extensions: Extensions = DEFAULT_EXTENSIONS) -> ImportResult:
    """Check every row of ``spreadsheet`` and, when all are right, add them to the library's files
    (checked as `lekgotla check` checks them, with the site's markdown ``extensions``)."""
    report = Report()
    result, display = ImportResult(report), str(spreadsheet)
    try:
        header, rows = read_spreadsheet(spreadsheet, sheet)
    except SpreadsheetError as exc:
        report.add(Finding.error(display, exc.row, "", str(exc), exc.hint))
        return result
    raw = _checked_library(content_dir, rows, report, display, extensions)
    if raw is None or not _header_ok(header, report, display):
        return result
    refs, existing = References.of(raw), _existing_rows(raw)
    accepted = _sorted_rows(rows, refs, existing, result, display, source=source, replace=replace)
    if not report.ok:
        return result
    result.added = _count_by_area(accepted, refs, existing)
    if dry_run:
        return result
    refused = _unwritable(raw, refs, accepted, display)
    if refused:
        report.extend(refused)
        result.added = {}
        return result
    result.written = _write(raw, refs, accepted)
    return result


def _checked_library(content_dir: Path, rows: list[tuple[int, dict[str, str]]], report: Report,
                     display: str, extensions: Extensions) -> RawLibrary | None:
    """The library's files, when ``lekgotla check`` finds nothing wrong in them: values are only
    added to a library that is right."""
    raw = read_content(content_dir, report)
    # An official indicator defined before its first figures are imported has none yet: those this
    # spreadsheet gives are checked below, row by row, with the rules of check.
    validate(raw, report, incoming=frozenset(values.get("indicator", "") for _, values in rows), extensions=extensions)
    for check in SITE_CHECKS:  # as `lekgotla check` (a service area may not be named after the registry)
        report.extend(check(raw))
    if report.ok:
        return raw
    report.add(Finding.error(display, 1, "", "the library itself has errors, so nothing was imported",
                             "run lekgotla check and fix them first"))
    return None


def _header_ok(header: list[str], report: Report, display: str) -> bool:
    missing = [c for c in ("municipality", "indicator", "year") if c not in header]
    if "value" not in header and not {"numerator", "denominator"} <= set(header):
        missing.append("value (or numerator and denominator)")
    if missing:
        report.add(Finding.error(display, 1, "", f"the header has no column {', '.join(missing)}",
                                 f"the columns are {', '.join(COLUMNS)}; value may be left out when numerator "
                                 f"and denominator are given"))
    return not missing


def _sorted_rows(rows: list[tuple[int, dict[str, str]]], refs: References, existing: dict[_Key, _Existing],
                 result: ImportResult, display: str, *, source: str, replace: bool) -> list[dict[str, str]]:
    """The rows to write (new ones, and with ``replace`` those that differ); a wrong row or one that
    differs from the library is an error of ``result``'s report, an equal one counts as unchanged."""
    checker, report = RowChecker(refs, dt.date.today().year), result.report
    accepted: list[dict[str, str]] = []
    for line, values in rows:
        if source and not values.get("source"):
            values["source"] = source
        _fill_value(values, refs)
        problems = checker.problems(display, line, values, None)
        if problems:
            report.extend(problems)
            continue
        key = (values["municipality"], values["indicator"], values["year"])
        known = existing.get(key)
        differences = _differences(known.values, values) if known else []
        if known is None or (differences and replace):
            accepted.append(values)
            if known:
                result.changed.append(f"{' '.join(key)}: {'; '.join(differences)}")
        elif not differences:
            result.unchanged += 1
        else:
            report.add(Finding.error(display, line, "value",
                                     f"{' '.join(key)} differs from the library ({'; '.join(differences)}; "
                                     f"{known.file}:{known.line})",
                                     "nothing is overwritten silently: correct the row, or pass --replace"))
    return accepted


def read_spreadsheet(path: Path, sheet: str | None = None) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (normalised column names) and each row with its row number, values as text."""
    if not path.is_file():
        raise SpreadsheetError(f"there is no file {path}")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table = workbook_rows(path, sheet)
    elif path.suffix.lower() == ".csv":
        table = csv_rows(path)
    else:
        raise SpreadsheetError(f"'{path.suffix}' files cannot be imported: give a .csv or an .xlsx workbook")
    table = [(n, cells) for n, cells in table if any(c.strip() for c in cells)]
    if not table:
        raise SpreadsheetError("the file is empty: the first row is the header")
    header = [ALIASES.get(c.strip().lower(), c.strip().lower()) for c in table[0][1]]
    rows = []
    for number, cells in table[1:]:
        values = {name: cell.strip() for name, cell in zip(header, cells) if name}
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            values["__extra__"] = ",".join(cells[len(header):])
        rows.append((number, values))
    return header, rows


def _fill_value(values: dict[str, str], refs: References) -> None:
    """A percentage left out is computed from its counts, to one decimal."""
    if values.get("value") or refs.units.get(values.get("indicator", "")) != "%":
        return
    numerator, denominator = values.get("numerator", ""), values.get("denominator", "")
    if is_number(numerator) and is_number(denominator) and float(denominator) > 0:
        values["value"] = f"{100 * float(numerator) / float(denominator):.1f}"


@dataclass
class _Existing:
    file: str
    line: int
    values: dict[str, str]


#: A value's municipality, indicator and year.
_Key = tuple[str, str, str]


def _existing_rows(raw: RawLibrary) -> dict[_Key, _Existing]:
    return {(r.values.get("municipality", ""), r.values.get("indicator", ""), r.values.get("year", "")):
            _Existing(f.display, r.line, r.values) for f in raw.observations for r in f.rows}


def _differences(known: dict[str, str], given: dict[str, str]) -> list[str]:
    """Where the spreadsheet's figures differ from the library's; a different source or note alone
    leaves the library's row as it is."""
    result = []
    for column in ("value", "numerator", "denominator"):
        new, old = given.get(column, ""), known.get(column, "")
        if not new:
            continue
        same = (agrees(new, float(old)) and agrees(old, float(new))) if is_number(new) and is_number(old) \
            else new == old
        if not same:
            result.append(f"{column} {old or '(none)'} in the library, {new} here")
    return result


def _count_by_area(accepted: list[dict[str, str]], refs: References, existing: dict[_Key, _Existing]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for values in accepted:
        if (values["municipality"], values["indicator"], values["year"]) not in existing:
            area = refs.indicators[values["indicator"]]
            counts[area] = counts.get(area, 0) + 1
    return counts


def _write(raw: RawLibrary, refs: References, accepted: list[dict[str, str]]) -> list[str]:
    """Add and replace rows, file by file; each file keeps its rows' order, new rows at the end."""
    by_file: dict[Path, list[dict[str, str]]] = {}
    for values in accepted:
        by_file.setdefault(_file_for(raw, refs, values["indicator"]), []).append(values)
    files = {f.path: f for f in raw.observations}
    written = []
    for path, new_rows in by_file.items():
        file = files.get(path)
        old_rows = [r.values for r in file.rows] if file else []
        index = {(r.get("municipality"), r.get("indicator"), r.get("year")): i for i, r in enumerate(old_rows)}
        for values in new_rows:
            key = (values["municipality"], values["indicator"], values["year"])
            if key in index:
                old_rows[index[key]] = {**old_rows[index[key]], **{k: v for k, v in values.items() if v}}
            else:
                index[key] = len(old_rows)
                old_rows.append(values)
        used = {c for row in old_rows for c, v in row.items() if v} | set(file.header if file else [])
        header = REQUIRED_COLUMNS + [c for c in OPTIONAL_COLUMNS if c in used]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows([row.get(c, "") for c in header] for row in old_rows)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".csv.tmp")
        temporary.write_text(buffer.getvalue(), encoding="utf-8")
        temporary.replace(path)
        written.append(str(path))
    return written


def _unwritable(raw: RawLibrary, refs: References, accepted: list[dict[str, str]], display: str) -> list[Finding]:
    """An error for each file the import would write that is not the values file of an existing
    service area (benchmarks/<area>.csv or benchmarks/official/<area>.csv): never the registry or
    another file the library owns, whatever the content claims (an area named 'municipalities' had
    its values written over the registry). Checked before anything is written."""
    areas = {file.slug for file in raw.service_areas}
    owned = {raw.root / folder / f"{area}.csv" for area in areas for folder in ("benchmarks", OFFICIAL_DIR)}
    owned -= {raw.root / REGISTRY_FILE}
    problems = []
    for path in sorted({_file_for(raw, refs, values["indicator"]) for values in accepted}):
        if path not in owned:
            problems.append(Finding.error(display, 1, "", f"the values would be written to "
                                          f"{path.relative_to(raw.root.parent).as_posix()}, which is not the values "
                                          "file of a service area: nothing was imported",
                                          "run lekgotla check: a service area's id must be the name of its file"))
    return problems


def _file_for(raw: RawLibrary, refs: References, indicator: str) -> Path:
    """Where an indicator's values belong, by its kind: official figures only in the official file
    of its service area (reading/provenance.py)."""
    area = refs.indicators[indicator]
    folder = raw.root / ("benchmarks" if indicator in refs.illustrative else OFFICIAL_DIR)
    return folder / f"{area}.csv"
