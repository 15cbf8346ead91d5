"""Step 2: check parsed content against the contract and against itself.

Two layers: the JSON Schemas in ``schemas/`` (shapes and types, the same files
editors use) and cross-reference checks that a schema cannot express (does this
municipality, indicator or slug exist?). Every problem becomes a ``Finding`` with
the file, the line and the field; nothing stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from generator.reading.contract import (FIRST_YEAR, choices_hint, describe_value, field_name, schema,
                                       schema_error_findings)
from generator.reading.findings import Finding, Report, did_you_mean
from generator.reading.load import (OBSERVATION_HEADER, REGISTRY_HEADER, SLUG, CsvFile, MarkdownFile, RawLibrary,
                            YamlFile)
from generator.reading.references import References, dicts, strings
from generator.reading.safety import image_problem, markdown_hazards, markdown_images
from generator.reading.source import FieldPath, LineMap
from generator.reading.validate_people import ConnectionChecks

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo

def validate(raw: RawLibrary, report: Report, memo: FileMemo | None = None) -> None:
    """Add a finding to ``report`` for everything wrong in ``raw``.

    With a ``memo``, a file's schema findings are reused while its bytes are
    unchanged; the cross-reference checks always run, on the whole library.
    """
    refs = References.of(raw)
    check = Checker(raw, refs, report, memo)
    check.registry()
    check.networks()
    for file in raw.service_areas:
        check.service_area(file)
    for file in raw.observations:
        check.observations(file)
    for file in raw.case_studies:
        check.case_study(file)
    for file in raw.toolkits:
        check.toolkit(file)
    check.connections()


class Checker(ConnectionChecks):
    def __init__(self, raw: RawLibrary, refs: References, report: Report, memo: FileMemo | None = None):
        self.raw = raw
        self.refs = refs
        self.report = report
        self.memo = memo
        self.this_year = dt.date.today().year

    # ----- files ---------------------------------------------------------
    def registry(self) -> None:
        file = self.raw.registry
        if not file or not file.header:
            return
        if not self._header_ok(file, REGISTRY_HEADER, exact=True):
            return
        seen: dict[str, int] = {}
        for row in file.rows:
            code = row.values.get("code", "")
            if code in seen:
                self._error(file.display, row.line, "code", f"'{code}' is listed twice (also line {seen[code]})")
            seen[code] = row.line
            if row.values.get("category") not in ("A", "B", "C"):
                self._error(file.display, row.line, "category", "expected A, B or C")

    def networks(self) -> None:
        file = self.raw.networks
        if not file or not file.document:
            return
        self._schema_findings(file.display, "networks", file.document.data, file.document.lines, digest=file.digest)
        seen: dict[str, int] = {}
        for index, network in enumerate(dicts(file.document.data)):
            line = file.document.lines.line_of((index, "id"))
            if network.get("id") in seen:
                self._error(file.display, line, "id",
                            f"'{network['id']}' is defined twice (also line {seen[network['id']]})")
            seen.setdefault(network.get("id"), line)
            for i, area in enumerate(strings(network.get("service_areas"))):
                self._check_ref(file, file.document.lines, (index, "service_areas", i), area,
                                self.refs.service_areas, "service area")

    def service_area(self, file: YamlFile) -> None:
        if not file.document:
            return
        self._slug_file_name(file)
        data, lines = file.document.data, file.document.lines
        self._schema_findings(file.display, "service-area", data, lines, digest=file.digest)
        if not isinstance(data, dict):
            return
        if isinstance(data.get("id"), str) and data["id"] != file.slug:
            self._error(file.display, lines.line_of(("id",)), "id",
                        f"'{data['id']}' does not match the file name '{file.slug}'",
                        f"rename the file to {data['id']}.yaml or set id: {file.slug}")
        for index, indicator in enumerate(dicts(data.get("indicators"))):
            owner = self.refs.indicators.get(indicator.get("id"))
            if owner is not None and (owner != file.slug or self._first_index(data, indicator["id"]) != index):
                first = f"{owner}.yaml" if owner != file.slug else f"line {lines.line_of(('indicators', self._first_index(data, indicator['id']), 'id'))}"
                self._error(file.display, lines.line_of(("indicators", index, "id")), f"indicators[{index}].id",
                            f"indicator '{indicator['id']}' is defined twice (also in {first})")

    def observations(self, file: CsvFile) -> None:
        if not file.header:
            return
        area = file.slug
        if area not in self.refs.service_areas:
            self._error(file.display, 1, "", f"there is no service area '{area}' for these values",
                        did_you_mean(area, self.refs.service_areas) or f"add content/benchmarks/{area}.yaml")
            return
        if not self._header_ok(file, OBSERVATION_HEADER + ["note"], exact=False):
            return
        seen = getattr(self, "_seen_observations", {})
        self._seen_observations = seen
        municipalities, indicators, this_year = self.refs.municipalities, self.refs.indicators, self.this_year
        for row in file.rows:
            # A national library has 150,000 rows: the common, correct row takes one test,
            # anything unusual the full check with its messages.
            v = row.values
            key = (v.get("municipality", ""), v.get("indicator", ""), v.get("year", ""))
            if ("__extra__" not in v and key[0] in municipalities and indicators.get(key[1]) == area
                    and key[2].isdigit() and FIRST_YEAR <= int(key[2]) <= this_year and key not in seen
                    and _is_number(v.get("value", ""))):
                seen[key] = (file.display, row.line)
            else:
                self._observation_row(file, row.line, v, area, seen)

    def case_study(self, file: MarkdownFile) -> None:
        checked = self._front_matter(file, "case-study", skip={"municipality"})
        if not checked:
            return
        data, lines = checked
        self._municipalities(file, data, lines)
        if isinstance(data.get("service_area"), str):
            self._check_ref(file, lines, ("service_area",), data["service_area"], self.refs.service_areas,
                            "service area")
        self._year(file, lines, ("year",), data.get("year"))
        for i, code in enumerate(strings(data.get("indicators"))):
            self._check_ref(file, lines, ("indicators", i), code, self.refs.indicators, "indicator")
        for i, outcome in enumerate(dicts(data.get("outcomes"))):
            if isinstance(outcome.get("indicator"), str):
                self._check_ref(file, lines, ("outcomes", i, "indicator"), outcome["indicator"],
                                self.refs.indicators, "indicator")
            for point in ("baseline", "result"):
                if isinstance(outcome.get(point), dict):
                    self._year(file, lines, ("outcomes", i, point, "year"), outcome[point].get("year"))
        self._common_refs(file, data, lines)

    def toolkit(self, file: MarkdownFile) -> None:
        checked = self._front_matter(file, "toolkit")
        if not checked:
            return
        data, lines = checked
        areas = list(strings(data.get("service_areas")))
        if areas != ["all"]:
            for i, area in enumerate(areas):
                self._check_ref(file, lines, ("service_areas", i), area, self.refs.service_areas | {"all"},
                                "service area")
        for i, download in enumerate(dicts(data.get("files"))):
            if isinstance(download.get("path"), str):
                self._download(file, lines, i, download["path"])
        self._common_refs(file, data, lines)

    # ----- shared checks -------------------------------------------------
    def _front_matter(self, file: MarkdownFile, schema_name: str, skip=frozenset()) -> tuple[dict, LineMap] | None:
        """Checks every markdown file gets; the parsed fields when there are any to check further."""
        self._slug_file_name(file)
        if not file.document:
            return None
        data, lines = file.document.front_matter.data, file.document.front_matter.lines
        if not isinstance(data, dict):
            self._error(file.display, 2, "", "the front matter is not a set of 'field: value' lines",
                        "see the example in CONTRIBUTING.md")
            return None
        self._schema_findings(file.display, schema_name, data, lines, skip=skip, digest=file.digest)
        self._empty_body(file)
        self._untrusted(file, data, lines)
        return data, lines

    def _common_refs(self, file: MarkdownFile, data: dict, lines: LineMap) -> None:
        for i, network in enumerate(strings(data.get("networks"))):
            self._check_ref(file, lines, ("networks", i), network, self.refs.networks, "learning network")
        for i, slug in enumerate(strings(data.get("related"))):
            if slug == file.slug:
                self._error(file.display, lines.line_of(("related", i)), f"related[{i}]",
                            "a page cannot be related to itself")
            else:
                self._check_ref(file, lines, ("related", i), slug, self.refs.slugs, "case study or toolkit")

    def _municipalities(self, file: MarkdownFile, data: dict, lines: LineMap) -> None:
        value = data.get("municipality")
        if value is None:
            return  # reported as a missing required field
        codes = value if isinstance(value, list) else [value]
        for i, code in enumerate(codes):
            path: FieldPath = ("municipality", i) if isinstance(value, list) else ("municipality",)
            name = field_name(path)
            if not isinstance(code, str):
                self._error(file.display, lines.line_of(path), name,
                            f"expected a demarcation code such as ETH, got {describe_value(code)}")
            elif code not in self.refs.municipalities and "municipality" not in self.refs.unreadable:
                self._error(file.display, lines.line_of(path), name, f"unknown municipality '{code}'",
                            self.refs.municipality_hint(code))

    def _year(self, file, lines: LineMap, path: FieldPath, year: Any) -> None:
        if isinstance(year, int) and not isinstance(year, bool) and year > self.this_year:
            self._error(file.display, lines.line_of(path), field_name(path),
                        f"{year} is in the future; expected {FIRST_YEAR} to {self.this_year}")

    def _empty_body(self, file: MarkdownFile) -> None:
        if file.document and not file.document.body.strip():
            self._error(file.display, file.document.body_line, "", "the page has no text after the front matter",
                        "write the case study below the closing '---' line")

    def _untrusted(self, file: MarkdownFile, data: dict, lines: LineMap) -> None:
        # Contributions come from outside: nothing in them may run code or load
        # content from elsewhere, and images must be files of this library.
        for path, value in _text_fields(data):
            for hazard in markdown_hazards(value):
                self._error(file.display, lines.line_of(path), field_name(path), hazard.reason,
                            "remove it; write plain text")
        body, first = file.document.body, file.document.body_line
        for hazard in markdown_hazards(body):
            self._error(file.display, first + hazard.line - 1, "", hazard.reason,
                        "remove it; pages may use markdown and simple HTML only")
        for image in markdown_images(body):
            problem = image_problem(image.path, file.path.parent, self.raw.root)
            if problem:
                self._error(file.display, first + image.line - 1, "", f"image '{image.path}': {problem}",
                            "put the picture in content/images/ and write ![description](../images/name.jpg)")

    def _download(self, file: MarkdownFile, lines: LineMap, index: int, path: str) -> None:
        line = lines.line_of(("files", index, "path"))
        name = f"files[{index}].path"
        folder = (self.raw.root / "toolkits" / "files").resolve()
        target = (self.raw.root / "toolkits" / path)
        if os.path.isabs(path) or ".." in Path(path).parts:
            self._error(file.display, line, name, f"'{path}' points outside content/toolkits/files/",
                        "use a path such as files/template.md")
        elif not target.is_file():
            self._error(file.display, line, name, f"'{path}' does not exist",
                        "put the file in content/toolkits/files/")
        elif not target.resolve().is_relative_to(folder):
            self._error(file.display, line, name, f"'{path}' is a link that leads outside content/toolkits/files/")

    def _check_ref(self, file, lines: LineMap, path: FieldPath, value: str, known, kind: str) -> None:
        if kind in self.refs.unreadable:
            return
        if value not in known:
            self._error(file.display, lines.line_of(path), field_name(path), f"unknown {kind} '{value}'",
                        did_you_mean(value, known) or choices_hint(known))

    def _observation_row(self, file: CsvFile, line: int, row: dict[str, str], area: str, seen: dict) -> None:
        code, indicator = row.get("municipality", ""), row.get("indicator", "")
        if "__extra__" in row:
            hint = ""
            if row.get("value", "").lstrip("-").isdigit() and (row.get("note") or row["__extra__"]).isdigit():
                hint = f"if you meant {row['value']},{row.get('note') or row['__extra__']} as a decimal, write {row['value']}.{row.get('note') or row['__extra__']}"
            self._error(file.display, line, "", "the row has more values than the header has columns", hint)
            return
        if code not in self.refs.municipalities:
            self._error(file.display, line, "municipality", f"unknown municipality '{code}'",
                        self.refs.municipality_hint(code))
        owner = self.refs.indicators.get(indicator)
        if owner is None:
            self._error(file.display, line, "indicator", f"unknown indicator '{indicator}'",
                        did_you_mean(indicator, [i for i, a in self.refs.indicators.items() if a == area])
                        or f"define it in content/benchmarks/{area}.yaml")
        elif owner != area:
            self._error(file.display, line, "indicator", f"'{indicator}' belongs to the service area '{owner}'",
                        f"move the row to content/benchmarks/{owner}.csv")
        year = row.get("year", "")
        if not year.isdigit() or not FIRST_YEAR <= int(year) <= self.this_year:
            self._error(file.display, line, "year", f"'{year}' is not a year from {FIRST_YEAR} to {self.this_year}")
        value = row.get("value", "")
        if not _is_number(value):
            hint = f"use a decimal point: {value.replace(',', '.')}" if _is_number(value.replace(",", ".")) else ""
            self._error(file.display, line, "value", f"'{value}' is not a number", hint)
        key = (code, indicator, year)
        if key in seen:
            where = "{}:{}".format(*seen[key])
            self._error(file.display, line, "", f"{code} {indicator} {year} is given twice (also {where})",
                        "keep one row per municipality, indicator and year")
        else:
            seen[key] = (file.display, line)

    def _header_ok(self, file: CsvFile, expected: list[str], exact: bool) -> bool:
        required = expected if exact else expected[:-1]
        ok = file.header == expected if exact else file.header in (required, expected)
        if not ok:
            self._error(file.display, 1, "", f"the header is '{','.join(file.header)}'",
                        f"expected '{','.join(expected)}'" + ("" if exact else " (the note column is optional)"))
        return ok

    def _slug_file_name(self, file) -> None:
        if not SLUG.match(file.slug):
            suggestion = "-".join("".join(c if c.isalnum() else " " for c in file.slug.lower()).split())
            self._error(file.display, 1, "", f"the file name '{file.path.name}' is not a valid slug",
                        f"use lowercase letters, digits and hyphens: {suggestion}{file.path.suffix}")

    def _first_index(self, data: dict, indicator_id: str) -> int:
        return next(i for i, ind in enumerate(dicts(data.get("indicators"))) if ind.get("id") == indicator_id)

    def _schema_findings(self, display: str, name: str, data: Any, lines: LineMap, skip=frozenset(),
                         digest: str = "") -> None:
        # The findings depend only on the file's bytes (and the schema, part of every cache key).
        key = ("schema", name, display, digest, tuple(sorted(skip)))
        known = self.memo.get(key) if self.memo and digest else None
        if known is None:
            known = []
            for error in schema(name).iter_errors(data):
                path = tuple(error.absolute_path)
                if path and path[0] in skip:
                    continue
                known.extend(schema_error_findings(display, error, path, lines))
            if self.memo and digest:
                self.memo.put(key, known)
        self.report.extend(known)

    def _error(self, path: str, line: int, field: str, message: str, hint: str = "") -> None:
        self.report.add(Finding.error(path, line, field, message, hint))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip().lower() not in ("nan", "inf", "-inf", "infinity")


def _text_fields(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text value in front matter, with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_fields(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_fields(item, path + (index,))
