"""The library kept in memory while ``lekgotla serve`` runs: one edited file read and checked again.

An edit of a case study, toolkit, person, research output or peer review that already existed
is taken in without reading the rest of the library again:

- the edited file is parsed and checked by the same ``validate`` as ``lekgotla check``, on the
  library as it is in memory with the other markdown files standing in by their names only (all a
  check of one file reads of them: what may be referred to) and without the indicator values.
  The findings about the edited file are its verdict; the one check left out, whether a figure
  the file reports agrees with the library's values, comes with the whole check that follows
  every edit (``lekgotla serve``'s complete pass, the build's own loading);
- the model objects of the edited files are built again by ``build_library``, with the objects
  their building reads: the people, since a case study's contacts copy a person's details (so a
  case study that names an edited person is built again too). Every other object stays the same
  object, so that what was computed of it (its digest, its pages) holds.

Any other change (a new, removed or renamed file, values, service areas, the registry, networks)
is not an edit of one item: the caller loads the whole library again and ``adopt`` keeps the
objects that did not change.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from generator.cache import Cache
from generator.model.entities import Library
from generator.model.library import ExtraCheck, build_library
from generator.reading.findings import Finding, Report, Severity
from generator.reading.content_types import CASE_STUDY, MARKDOWN_TYPES, TOOLKIT, ContentType
from generator.reading.load import MarkdownFile, RawLibrary, display_path, read_content, read_markdown_file
from generator.reading.memo import FileMemo
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions
from generator.reading.validate import validate

#: Kinds whose lists the library keeps in file order, so an edited item keeps its place; the others
#: are ordered by their content (people by name, research and reviews newest first): built whole.
IN_FILE_ORDER = (CASE_STUDY, TOOLKIT)
#: The other parts of the library that adopt keeps where they did not change.
OTHER_PARTS = ("networks", "municipalities", "service_areas")


@dataclass
class Edit:
    """An edit taken in: the new library, and which of its objects are new."""

    library: Library
    changed: list[Any]  # the model objects built again that differ from before (case studies, people...)
    findings: list[Finding]  # warnings about the edited files


class Rejected(Exception):
    """The edited files have errors: the library stays as it was."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.as_text() for f in findings))
        self.findings = findings


class LiveLibrary:
    def __init__(self, content_dir: Path, cache_dir: Path, library: Library, checks: Sequence[ExtraCheck] = (),
                 extensions: Extensions = DEFAULT_EXTENSIONS):
        self.root, self.cache_dir = Path(content_dir), Path(cache_dir)
        self.checks = checks  # the checks of later steps that the build loads the library with (load_library)
        self.extensions = extensions  # the site's markdown extensions, which the body checks render with
        self.library = library
        self.raw: RawLibrary | None = None
        self._items: set[Path] = set()  # the item files read, resolved

    def read(self) -> None:
        """Read the files (parsed from the cache where unchanged) for later edits, once; the values'
        rows are not kept: a check of one item does not read them."""
        if self.raw is None:
            memo = FileMemo(Cache(self.cache_dir, "files"))
            self.raw = dataclasses.replace(read_content(self.root, Report(), memo), observations=[])
            self._items = {f.path.resolve() for f in self.raw.markdown_files}

    def item_files(self, paths: Iterable[Path]) -> list[Path] | None:
        """``paths`` when every one is a markdown item the library already has, and still there; else None."""
        self.read()
        found = [Path(p).resolve() for p in paths]
        if found and all(p in self._items and p.is_file() for p in found):
            return found
        return None

    def display(self, path: Path) -> str:
        """How findings name the file at ``path``."""
        return display_path(self.root, Path(path))

    def edit(self, paths: list[Path]) -> Edit:
        """Take in edits of items the library has (``item_files``); raises Rejected when they have errors."""
        report = Report()
        files = [read_markdown_file(self.root, path, report) for path in paths]
        findings = report.findings + self._check(files)
        if any(f.severity is Severity.ERROR for f in findings):
            raise Rejected(findings)
        before = {id(o) for o in _objects(self.library)}
        self.raw = _with(self._raw(), files)
        self.library = self._rebuilt(files)
        return Edit(self.library, [o for o in _objects(self.library) if id(o) not in before], findings)

    def adopt(self, library: Library) -> Library:
        """``library`` (loaded whole again) with each object equal to one of the current library
        replaced by that one, so that what was computed of it still holds; it becomes the current one."""
        old = self.library
        kept = {part: _same_where_equal(getattr(library, part), getattr(old, part))
                for part in (*(kind.field for kind in MARKDOWN_TYPES), *OTHER_PARTS)}
        self.library = dataclasses.replace(library, **kept)
        if library.observations == old.observations:
            self.library = dataclasses.replace(self.library, observations=old.observations)
        self.raw = None  # read again before the next edit: the files changed
        return self.library

    # ----- the check of the edited files ---------------------------------------------------------
    def _check(self, files: list[MarkdownFile]) -> list[Finding]:
        edited = {f.display: f for f in files}
        markdown = {kind: [edited.get(f.display) or MarkdownFile(f.path, f.display, f.digest) for f in listed]
                    for kind, listed in self._raw().markdown.items()}
        report, raw = Report(), dataclasses.replace(self._raw(), markdown=markdown)
        validate(raw, report, extensions=self.extensions)
        for check in self.checks:
            report.extend(check(raw))
        return [f for f in report.findings if f.path in edited]

    # ----- the model ---------------------------------------------------------------------------
    def _rebuilt(self, files: list[MarkdownFile]) -> Library:
        edited = {f.display for f in files}
        raw = self._raw()
        people = {f.slug for f in raw.people if f.display in edited}
        markdown = {kind: [f for f in listed if f.display in edited
                           or (kind is CASE_STUDY and _names_a_person(f, people))] if kind in IN_FILE_ORDER else listed
                    for kind, listed in raw.markdown.items()}
        partial = build_library(dataclasses.replace(raw, observations=[], markdown=markdown))
        old = self.library
        new: dict[str, Any] = {kind.field: _spliced(getattr(old, kind.field), getattr(partial, kind.field)) if kind in IN_FILE_ORDER
               else _same_where_equal(getattr(partial, kind.field), getattr(old, kind.field))
               for kind in MARKDOWN_TYPES}
        return dataclasses.replace(old, **new)

    def _raw(self) -> RawLibrary:
        if self.raw is None:
            raise RuntimeError("LiveLibrary.read() comes before an edit")
        return self.raw


def _with(raw: RawLibrary, files: list[MarkdownFile]) -> RawLibrary:
    by_display = {f.display: f for f in files}
    markdown: dict[ContentType, list[MarkdownFile]] = {
        kind: [by_display.get(f.display, f) for f in listed] for kind, listed in raw.markdown.items()}
    return dataclasses.replace(raw, markdown=markdown)


def _names_a_person(file: MarkdownFile, slugs: set[str]) -> bool:
    data = file.document.front_matter.data if file.document else None
    contacts = data.get("contacts") if isinstance(data, dict) else None
    return bool(slugs) and isinstance(contacts, list) and any(
        isinstance(c, dict) and c.get("person") in slugs for c in contacts)


def _spliced(old: list, rebuilt: list) -> list:
    """``old`` with each item rebuilt (by slug) in its place, unless it is equal to the old one."""
    by_slug = {item.slug: item for item in rebuilt}
    return [by_slug[item.slug] if item.slug in by_slug and by_slug[item.slug] != item else item for item in old]


def _same_where_equal(new: Any, old: Any) -> Any:
    """``new`` (a list, or a dict by key) with every item equal to one of ``old`` replaced by it."""
    if isinstance(new, dict):
        return {key: old[key] if key in old and old[key] == value else value for key, value in new.items()}
    by_key = {_key(item): item for item in old}
    return [by_key[_key(item)] if by_key.get(_key(item)) == item else item for item in new]


def _key(item: Any) -> Any:
    return getattr(item, "slug", None) or getattr(item, "id", None) or id(item)


def _objects(library: Library) -> list[Any]:
    return [*library.case_studies, *library.toolkits, *library.people.values(), *library.research,
            *library.peer_reviews]

