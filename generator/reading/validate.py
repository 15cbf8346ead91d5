"""Step 2: check parsed content against the contract and against itself.

Two layers: the JSON Schemas in ``schemas/`` (shapes and types, the same files
editors use) and cross-reference checks that a schema cannot express (does this
municipality, indicator or slug exist?). Every problem becomes a ``Finding`` with
the file, the line and the field; nothing stops at the first one.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from generator.reading.contract import (FIRST_YEAR, choices_hint, describe_value, field_name, schema,
                                       schema_error_findings)
from generator.reading.findings import Finding, Report, did_you_mean
from generator.reading.load import SLUG, CsvFile, MarkdownFile, RawLibrary, YamlFile
from generator.reading.observations import HEADER_HINT, RowChecker, agrees, header_problem, is_number
from generator.reading.provenance import indicator_problems, is_official_file
from generator.reading.published_files import publish_problem
from generator.reading.references import References, dicts, strings
from generator.reading.bodies import BodyCheck
from generator.reading.safety import (active_type, file_name_problem, folder_problem, site_markdown_extensions,
                                     text_problems)
from generator.reading.reported import reported_in_outcomes, reported_in_tables
from generator.reading.source import FieldPath, LineMap
from generator.reading.validate_bodies import BodyChecks
from generator.reading.validate_claims import ClaimChecks
from generator.reading.validate_people import ConnectionChecks
from generator.reading.validate_registry import RegistryChecks
from generator.bounded import BoundedRun

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo

def validate(raw: RawLibrary, report: Report, memo: FileMemo | None = None,
             incoming: frozenset[str] = frozenset()) -> None:
    """Add a finding to ``report`` for everything wrong in ``raw``.

    With a ``memo``, a file's schema findings are reused while its bytes are
    unchanged; the cross-reference checks always run, on the whole library.
    ``incoming``: the indicators a spreadsheet being imported gives values for, which
    may be official indicators with no values yet.
    """
    refs = References.of(raw)
    check = Checker(raw, refs, report, memo)
    # The markdown is checked in worker processes while this one checks everything else.
    check.start_body_checks([*raw.case_studies, *raw.toolkits, *raw.people, *raw.research, *raw.peer_reviews])
    try:
        _validate(check, raw, report, incoming)
    finally:
        check.stop_body_checks()


def _validate(check: Checker, raw: RawLibrary, report: Report, incoming: frozenset[str]) -> None:
    check.registry()
    check.networks()
    check.search_synonyms()
    for file in raw.service_areas:
        check.service_area(file)
    errors_before = len(report.errors)
    if "indicator" not in check.refs.unreadable:
        report.extend(indicator_problems(raw, check.refs, incoming))
    for file in raw.observations:
        check.observations(file)
    values_ok = len(report.errors) == errors_before
    for file in raw.case_studies:
        check.case_study(file)
    for file in raw.toolkits:
        check.toolkit(file)
    check.claims()
    check.bodies()
    check.shared_slugs()
    if values_ok:  # case studies are held to values once the values themselves are right
        check.outcomes_agree()
    check.connections()


class Checker(RegistryChecks, ConnectionChecks, BodyChecks, ClaimChecks):
    def __init__(self, raw: RawLibrary, refs: References, report: Report, memo: FileMemo | None = None):
        self.raw = raw
        self.refs = refs
        self.report = report
        self.memo = memo
        self.this_year = dt.date.today().year
        self.observation_rows = RowChecker(refs, self.this_year)
        self.extensions = site_markdown_extensions(raw.root.parent / "mkdocs.yml")
        self.body_checks: dict[str, BodyCheck] = {}  # by file.display; see start_body_checks
        self._checking: tuple[list[MarkdownFile], BoundedRun | None] | None = None
        self._with_bodies: list[MarkdownFile] = []  # whose front matter was checked: their bodies are next

    # ----- files ---------------------------------------------------------
    def shared_slugs(self) -> None:
        """A case study and a toolkit may not share a file name: ``related:`` and the site name either by it."""
        case_studies = {f.slug: f for f in self.raw.case_studies}
        for file in self.raw.toolkits:
            if file.slug in case_studies:
                self._error(file.display, 1, "", f"the case study {case_studies[file.slug].display} has the same "
                            f"file name, so related: '{file.slug}' could mean either",
                            hint="rename one of the two files")

    def networks(self) -> None:
        file = self.raw.networks
        if not file or not file.document:
            return
        self._schema_findings(file.display, "networks", file.document.data, file.document.lines, digest=file.digest)
        self._plain_values(file, file.document.data, file.document.lines)
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

    def search_synonyms(self) -> None:
        """The search synonyms: the schema, plain text, and no phrase in the ``same`` of two groups
        (the groups would be one, written twice)."""
        file = self.raw.search_synonyms
        if not file or not file.document:
            return
        data, lines = file.document.data, file.document.lines
        self._schema_findings(file.display, "search-synonyms", data, lines, digest=file.digest)
        self._plain_values(file, data, lines)
        seen: dict[str, int] = {}
        for index, group in enumerate(dicts(data)):
            for i, phrase in enumerate(strings(group.get("same"))):
                line = lines.line_of((index, "same", i))
                if phrase.casefold() in seen:
                    self._error(file.display, line, f"[{index}].same[{i}]",
                                f"'{phrase}' is in another group too (line {seen[phrase.casefold()]})",
                                "merge the two groups, or move the phrase to the also: of one")
                seen.setdefault(phrase.casefold(), line)

    def service_area(self, file: YamlFile) -> None:
        if not file.document:
            return
        self._slug_file_name(file)
        data, lines = file.document.data, file.document.lines
        self._schema_findings(file.display, "service-area", data, lines, digest=file.digest)
        self._plain_values(file, data, lines)
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
        problem = header_problem(file.header)
        if problem:
            self._error(file.display, 1, "", problem, HEADER_HINT)
            return
        rows, official = self.observation_rows, is_official_file(file.display)
        for row in file.rows:
            if not official and rows.quick_ok(row.values, area):
                rows.remember(row.values, f"{file.display}:{row.line}")
            else:
                self.report.extend(rows.problems(file.display, row.line, row.values, area, official))

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

    def outcomes_agree(self) -> None:
        """A figure a case study reports for its municipality, an indicator and a year must be the
        library's value for them, to the rounding of the figure as written."""
        values = None
        for file in self.raw.case_studies:
            data = file.document.front_matter.data if file.document else None
            if not isinstance(data, dict) or not isinstance(data.get("municipality"), str):
                continue  # a joint practice's figures are for the group, not one municipality
            reported = (reported_in_outcomes(data.get("outcomes"), file.document.front_matter.lines.line_of)
                        + reported_in_tables(file.document.body, file.document.body_line, self.refs.indicators))
            if not reported:
                continue
            if values is None:
                values = {}
                for f in self.raw.observations:
                    for r in f.rows:
                        if "__extra__" not in r.values:  # a broken row is reported as such, not compared
                            key = (r.values.get("municipality"), r.values.get("indicator"), r.values.get("year"))
                            values.setdefault(key, (r.values.get("value", ""), f"{f.display}:{r.line}"))
            code = data["municipality"]
            for figure in reported:
                known = values.get((code, figure.indicator, str(figure.year)))
                if known is None or not is_number(known[0]) or agrees(figure.value, float(known[0])):
                    continue
                where = "the outcome" if figure.field else "the table in the text"
                self._error(file.display, figure.line, figure.field,
                            f"{figure.indicator} {figure.year} is {figure.value} in {where}, but {known[0]} in "
                            f"{known[1]} ({code})",
                            "the case study and the library must agree: correct one of them")

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
        if isinstance(year, float):
            self._error(file.display, lines.line_of(path), field_name(path),
                        f"{year!r} is not a whole year", f"write it as four digits, e.g. {FIRST_YEAR + 20}")
        if isinstance(year, int) and not isinstance(year, bool) and year > self.this_year:
            self._error(file.display, lines.line_of(path), field_name(path),
                        f"{year} is in the future; expected {FIRST_YEAR} to {self.this_year}")

    def _empty_body(self, file: MarkdownFile) -> None:
        if file.document and not file.document.body.strip():
            self._error(file.display, file.document.body_line, "", "the page has no text after the front matter",
                        "write the case study below the closing '---' line")

    def _plain_values(self, file, data: Any, lines: LineMap) -> None:
        """Front matter and YAML hold plain text and finite numbers, and dates that exist."""
        for path, value in _values(data):
            name, line = field_name(path), lines.line_of(path)
            if isinstance(value, float) and not math.isfinite(value):
                self._error(file.display, line, name, f"{value!r} is not a number", "write a finite number")
            elif isinstance(value, str):
                for hazard in text_problems(value):
                    self._error(file.display, line, name, hazard.reason, "remove it; write plain text")
                if path and path[-1] in ("date", "end") and not _is_date(value):
                    self._error(file.display, line, name, f"'{value}' is not a date", "write it as YYYY-MM-DD")

    def _download(self, file: MarkdownFile, lines: LineMap, index: int, path: str) -> None:
        line = lines.line_of(("files", index, "path"))
        name = f"files[{index}].path"
        folder = (self.raw.root / "toolkits" / "files").resolve()
        target = (self.raw.root / "toolkits" / path)
        if os.path.isabs(path) or ".." in Path(path).parts:
            self._error(file.display, line, name, f"'{path}' points outside content/toolkits/files/",
                        "use a path such as files/template.md")
        elif target.is_symlink():
            self._error(file.display, line, name, f"'{path}' is a symbolic link",
                        "copy the file itself into content/toolkits/files/")
        elif not target.is_file():
            self._error(file.display, line, name, f"'{path}' does not exist",
                        "put the file in content/toolkits/files/")
        elif not target.resolve().is_relative_to(folder):
            self._error(file.display, line, name, f"'{path}' is a link that leads outside content/toolkits/files/")
        else:
            problem = (active_type(path) or file_name_problem(path) or folder_problem(path)
                       or publish_problem("download", f"toolkits/{path}", target))
            if problem:
                self._error(file.display, line, name, f"'{path}': {problem}")

    def _check_ref(self, file, lines: LineMap, path: FieldPath, value: str, known, kind: str) -> None:
        if kind in self.refs.unreadable:
            return
        if value not in known:
            self._error(file.display, lines.line_of(path), field_name(path), f"unknown {kind} '{value}'",
                        did_you_mean(value, known) or choices_hint(known))

    def _header_ok(self, file: CsvFile, expected: list[str], exact: bool) -> bool:
        required = expected if exact else expected[:-1]
        ok = file.header == expected if exact else file.header in (required, expected)
        if not ok:
            self._error(file.display, 1, "", f"the header is '{','.join(file.header)}'",
                        f"expected '{','.join(expected)}'" + ("" if exact else " (the note column is optional)"))
        return ok

    def _slug_file_name(self, file) -> None:
        if not SLUG.fullmatch(file.slug):
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


# A day, or a day and a time (a network meeting starts at "2026-02-19 09:00").
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?")


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))  # "nan", "inf" and "1e309" are not numbers a chart can draw
    except ValueError:
        return False


def _is_date(text: str) -> bool:
    try:
        return bool(_DATE.fullmatch(text)) and dt.datetime.fromisoformat(text) is not None
    except ValueError:
        return False


def _values(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, Any]]:
    """Every text and number in front matter or YAML, with its field path."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _values(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, path + (index,))
    else:
        yield path, value
