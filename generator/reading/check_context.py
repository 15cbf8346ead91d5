"""What every check of the content reads and writes, handed to each checker.

A ``CheckContext`` holds the raw library and the ids its files may name (``References``), the
findings sink (``Report``), the memo of per-file results, the day the check runs, the body checks
running in worker processes (``validate_bodies.BodyChecks``), and the checks that every kind of
file shares: its schema, its file name, a reference to another file, a year, plain text values.
Checkers (``validate``, ``validate_registry``, ``validate_people``, ``validate_claims``) are
functions of the context: none reaches into the state of another.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.reading.contract import (FIRST_YEAR, choices_hint, field_name, schema, schema_error_findings)
from generator.reading.findings import Finding, Report, did_you_mean
from generator.reading.load import SLUG, ContentFile, MarkdownFile, RawLibrary
from generator.reading.references import References, strings
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions, text_problems
from generator.reading.source import FieldPath, LineMap
from generator.reading.validate_bodies import BodyChecks

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo

# A day, or a day and a time (a network meeting starts at "2026-02-19 09:00").
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?")


@dataclass(frozen=True)
class FrontMatter:
    """The fields of a markdown file, once they are known to be a set of 'field: value' lines."""

    data: dict[str, Any]
    lines: LineMap


class CheckContext:
    def __init__(self, raw: RawLibrary, report: Report, memo: FileMemo | None = None,
                 extensions: Extensions = DEFAULT_EXTENSIONS, today: dt.date | None = None):
        self.raw = raw
        self.refs = References.of(raw)
        self.report = report
        self.memo = memo
        self.today = today or dt.date.today()
        self.this_year = self.today.year
        self.bodies = BodyChecks(raw.root, report, memo, extensions)
        self.people = {f.slug for f in raw.people}  # the slugs of content/people/, which files name
        self.provinces = {r.values.get("province", "") for r in (raw.registry.rows if raw.registry else [])}

    # ----- reporting -------------------------------------------------------------------------
    def error(self, path: str, line: int, field: str, message: str, hint: str = "") -> None:
        self.report.add(Finding.error(path, line, field, message, hint))

    def warning(self, path: str, line: int, field: str, message: str, hint: str = "") -> None:
        self.report.add(Finding.warning(path, line, field, message, hint))

    # ----- a whole file ----------------------------------------------------------------------
    def front_matter(self, file: MarkdownFile, schema_name: str, skip: Collection[str] = frozenset(),
                     body_required: bool = True, new: str = "") -> FrontMatter | None:
        """The checks every markdown file gets (its name, its schema, its untrusted text); its fields
        when there are any to check further. ``new``: the `lekgotla new` command that starts one."""
        self.slug_file_name(file)
        if not file.document:
            return None
        data, lines = file.document.front_matter.data, file.document.front_matter.lines
        if not isinstance(data, dict):
            self.error(file.display, 2, "", "the front matter is not a set of 'field: value' lines",
                       "see the example in CONTRIBUTING.md" + (f", or start one with `lekgotla new {new}`" if new else ""))
            return None
        self.schema_findings(file.display, schema_name, data, lines, skip=skip, digest=file.digest)
        if body_required and not file.document.body.strip():
            self.error(file.display, file.document.body_line, "", "the page has no text after the front matter",
                       "write the case study below the closing '---' line")
        self.untrusted(file, data, lines)
        return FrontMatter(data, lines)

    def untrusted(self, file: MarkdownFile, data: dict[str, Any], lines: LineMap) -> None:
        """Contributions come from outside: nothing in them may run code or load content from
        elsewhere, and images must be files of this library."""
        self.plain_values(file, data, lines)
        self.bodies.check(file)

    def schema_findings(self, display: str, name: str, data: Any, lines: LineMap,
                        skip: Collection[str] = frozenset(), digest: str = "") -> None:
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

    def slug_file_name(self, file: ContentFile) -> None:
        if not SLUG.fullmatch(file.slug):
            suggestion = "-".join("".join(c if c.isalnum() else " " for c in file.slug.lower()).split())
            self.error(file.display, 1, "", f"the file name '{file.path.name}' is not a valid slug",
                       f"use lowercase letters, digits and hyphens: {suggestion}{file.path.suffix}")

    def plain_values(self, file: ContentFile, data: Any, lines: LineMap) -> None:
        """Front matter and YAML hold plain text and finite numbers, and dates that exist."""
        for path, value in _values(data):
            name, line = field_name(path), lines.line_of(path)
            if isinstance(value, float) and not math.isfinite(value):
                self.error(file.display, line, name, f"{value!r} is not a number", "write a finite number")
            elif isinstance(value, str):
                for hazard in text_problems(value):
                    self.error(file.display, line, name, hazard.reason, "remove it; write plain text")
                if path and path[-1] in ("date", "end") and not _is_date(value):
                    self.error(file.display, line, name, f"'{value}' is not a date", "write it as YYYY-MM-DD")

    # ----- one field -------------------------------------------------------------------------
    def check_ref(self, file: ContentFile, lines: LineMap, path: FieldPath, value: str,
                  known: Collection[str], kind: str) -> None:
        """``value`` names one of ``known`` (ids of ``kind``), unless the file defining them is unreadable."""
        if kind in self.refs.unreadable:
            return
        if value not in known:
            self.error(file.display, lines.line_of(path), field_name(path), f"unknown {kind} '{value}'",
                       did_you_mean(value, known) or choices_hint(known))

    def check_refs(self, file: ContentFile, data: Mapping[str, Any], lines: LineMap,
                   lists: Mapping[str, tuple[Collection[str], str]]) -> None:
        """Each list field of ``lists`` names only ids it knows: {field: (known ids, their kind)}."""
        for name, (known, kind) in lists.items():
            for i, value in enumerate(strings(data.get(name))):
                self.check_ref(file, lines, (name, i), value, known, kind)

    def person_ref(self, file: ContentFile, lines: LineMap, path: FieldPath, slug: str) -> None:
        if slug not in self.people:
            self.error(file.display, lines.line_of(path), field_name(path), f"unknown person '{slug}'",
                       did_you_mean(slug, self.people) or f"add content/people/{slug}.md (lekgotla new person)")

    def year(self, file: ContentFile, lines: LineMap, path: FieldPath, year: Any) -> None:
        if isinstance(year, float):
            self.error(file.display, lines.line_of(path), field_name(path),
                       f"{year!r} is not a whole year", f"write it as four digits, e.g. {FIRST_YEAR + 20}")
        if isinstance(year, int) and not isinstance(year, bool) and year > self.this_year:
            self.error(file.display, lines.line_of(path), field_name(path),
                       f"{year} is in the future; expected {FIRST_YEAR} to {self.this_year}")


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
