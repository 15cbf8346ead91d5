"""Step 1: find the content files and parse them, keeping line numbers.

Nothing here judges the content beyond "can it be read"; that is ``validate``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.reading.content_types import (CASE_STUDY, MARKDOWN_TYPES, PEER_REVIEW, PERSON, RESEARCH, TOOLKIT,
                                             ContentType)
from generator.reading.findings import Finding, Report
from generator.reading.source import (MarkdownDocument, SourceError, YamlDocument, decode_text, parse_markdown, parse_yaml,
                              read_text)

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo

SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")  # use fullmatch: "$" lets a trailing newline through

REGISTRY_FILE = "benchmarks/municipalities.csv"
REGISTRY_HEADER = ["code", "name", "category", "miif_category", "province", "province_name", "district", "area_km2"]
#: Optional columns after those: Census 2011 population, and "yes" or "no" where a municipality's
#: water services authorisation differs from the MIIF rule (see model/services.py).
REGISTRY_OPTIONAL = ["population", "water_services_authority"]
OBSERVATION_HEADER = ["municipality", "indicator", "year", "value"]
#: Values of official statistics, kept apart from the illustrative samples: ``<area>.csv`` here too.
OFFICIAL_DIR = "benchmarks/official"
NETWORKS_FILE = "networks.yaml"
SYNONYMS_FILE = "search-synonyms.yaml"  # optional: the words officials search with
#: The curators: only they endorse a case study (a review's endorsed_by names one of them).
CURATORS_FILE = "curators.yaml"


@dataclass
class ContentFile:
    """A file under content/, with the name a contributor knows it by."""

    path: Path
    display: str  # relative to the repository, e.g. content/case-studies/x.md
    digest: str = ""  # sha256 of the file's bytes, when it was read

    @property
    def slug(self) -> str:
        return self.path.stem


@dataclass
class MarkdownFile(ContentFile):
    document: MarkdownDocument | None = None  # None: it could not be parsed (a finding says why)

    @property
    def parsed(self) -> MarkdownDocument:
        """The document of a file that parsed: the model is built only from a library that validated."""
        if self.document is None:
            raise ValueError(f"{self.display} could not be parsed; validation reports why")
        return self.document


@dataclass
class YamlFile(ContentFile):
    document: YamlDocument | None = None  # None: it could not be parsed (a finding says why)

    @property
    def parsed(self) -> YamlDocument:
        """The document of a file that parsed: the model is built only from a library that validated."""
        if self.document is None:
            raise ValueError(f"{self.display} could not be parsed; validation reports why")
        return self.document


@dataclass
class CsvRow:
    line: int
    values: dict[str, str]


@dataclass
class CsvFile(ContentFile):
    header: list[str] = field(default_factory=list)
    rows: list[CsvRow] = field(default_factory=list)


@dataclass
class RawLibrary:
    """Everything under content/, parsed but not yet checked."""

    root: Path
    # The markdown files of each kind (content_types): case studies, toolkits, and the connections
    # (optional folders): people who agreed to be listed, research, peer reviews.
    markdown: dict[ContentType, list[MarkdownFile]] = field(
        default_factory=lambda: {kind: [] for kind in MARKDOWN_TYPES})
    service_areas: list[YamlFile] = field(default_factory=list)
    observations: list[CsvFile] = field(default_factory=list)
    registry: CsvFile | None = None
    networks: YamlFile | None = None
    search_synonyms: YamlFile | None = None
    curators: YamlFile | None = None  # optional: without it, nothing can be endorsed

    @property
    def case_studies(self) -> list[MarkdownFile]:
        return self.markdown[CASE_STUDY]

    @property
    def toolkits(self) -> list[MarkdownFile]:
        return self.markdown[TOOLKIT]

    @property
    def people(self) -> list[MarkdownFile]:
        return self.markdown[PERSON]

    @property
    def research(self) -> list[MarkdownFile]:
        return self.markdown[RESEARCH]

    @property
    def peer_reviews(self) -> list[MarkdownFile]:
        return self.markdown[PEER_REVIEW]

    @property
    def markdown_files(self) -> list[MarkdownFile]:
        """Every markdown file, kind by kind."""
        return [file for files in self.markdown.values() for file in files]


def read_content(root: Path, report: Report, memo: FileMemo | None = None) -> RawLibrary:
    """Parse every content file under ``root``; unreadable files become findings.

    With a ``memo``, a markdown or YAML file whose bytes were parsed before is
    not parsed again: its document and findings come from the memo.
    """
    raw = RawLibrary(root)
    links = report_links(root, report)
    for kind, files in raw.markdown.items():
        files.extend(_read_markdown(root, path, report, memo) for path in _files(root, kind.folder, "*.md", links))
    for path in _files(root, "benchmarks", "*.yaml", links):
        raw.service_areas.append(_read_yaml(root, path, report, memo))
    for path in _files(root, "benchmarks", "*.csv", links):
        if path.name != Path(REGISTRY_FILE).name:
            raw.observations.append(_read_csv(root, path, report))
    for path in sorted((root / OFFICIAL_DIR).glob("*.csv")):
        raw.observations.append(_read_csv(root, path, report))
    raw.registry = _read_required(root, REGISTRY_FILE, _read_csv, report)
    raw.networks = _read_required(root, NETWORKS_FILE, lambda root, path, report: _read_yaml(root, path, report, memo), report)
    if (root / SYNONYMS_FILE).is_file() and root / SYNONYMS_FILE not in links:
        raw.search_synonyms = _read_yaml(root, root / SYNONYMS_FILE, report, memo)
    if (root / CURATORS_FILE).is_file() and root / CURATORS_FILE not in links:
        raw.curators = _read_yaml(root, root / CURATORS_FILE, report, memo)
    _report_strays(root, report)
    return raw


def report_links(root: Path, report: Report) -> set[Path]:
    """Every symbolic link under ``root``, each reported as an error, so none is read or published.

    All of them, not only those leading out: a link's target can change after
    the check (and a link to a folder would publish the whole folder).
    """
    links = set()
    for folder, subfolders, names in os.walk(root):
        for name in sorted(subfolders + names):
            path = Path(folder) / name
            if path.is_symlink():
                links.add(path)
                report.add(Finding.error(_link_display(root, path), 1, "",
                                         "a symbolic link: links are not allowed in content/",
                                         hint="copy the file itself into content/"))
    return links


def _files(root: Path, folder: str, pattern: str, links: set[Path]) -> list[Path]:
    return sorted(p for p in (root / folder).glob(pattern) if p not in links and p.is_file())


def _link_display(root: Path, path: Path) -> str:
    try:
        return (root.resolve() / path.relative_to(root)).relative_to(_repository(root)).as_posix()
    except ValueError:
        return path.as_posix()


def display_path(root: Path, path: Path) -> str:
    """How a file is named in messages: relative to the repository holding content/."""
    try:
        return path.resolve().relative_to(_repository(root)).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=16)
def _repository(root: Path) -> Path:
    return root.resolve().parent


def _read_required(root, name, reader, report):
    path = root / name
    if path.is_symlink():
        return None  # reported by report_links
    if not path.exists():
        report.add(Finding.error(display_path(root, path), 1, "", "this file is missing",
                                 hint="every library needs it; see CONTRIBUTING.md"))
        return None
    return reader(root, path, report)


def read_markdown_file(root: Path, path: Path, report: Report) -> MarkdownFile:
    """One markdown file under ``root`` read again, as ``read_content`` reads it (``lekgotla serve``)."""
    return _read_markdown(root, path, report)


def _read_markdown(root: Path, path: Path, report: Report, memo: FileMemo | None = None) -> MarkdownFile:
    return _read_parsed(MarkdownFile(path, display_path(root, path)), parse_markdown, report, memo)


def _read_yaml(root: Path, path: Path, report: Report, memo: FileMemo | None = None) -> YamlFile:
    return _read_parsed(YamlFile(path, display_path(root, path)), parse_yaml, report, memo)


def _read_parsed(file, parse, report: Report, memo: FileMemo | None):
    data = file.path.read_bytes()
    file.digest = hashlib.sha256(data).hexdigest()
    key = ("parsed", type(file).__name__, file.display, file.digest)
    known = memo.get(key) if memo else None
    if known is None:
        try:
            known = (parse(decode_text(data, file.display), file.display), [])
        except SourceError as exc:
            known = (None, [exc.finding])
        if memo:
            memo.put(key, known)
    file.document, findings = known
    report.extend(findings)
    return file


def _read_csv(root: Path, path: Path, report: Report) -> CsvFile:
    file = CsvFile(path, display_path(root, path))
    try:
        text = read_text(path, file.display)
    except SourceError as exc:
        report.add(exc.finding)
        return file
    reader = csv.reader(io.StringIO(text))
    try:
        file.header = [h.strip() for h in next(reader)]
    except StopIteration:
        report.add(Finding.error(file.display, 1, "", "the file is empty",
                                 hint="the first line is the header"))
        return file
    header, width, rows = file.header, len(file.header), file.rows
    try:
        _read_rows(reader, header, width, rows)
    except csv.Error as exc:
        report.add(Finding.error(file.display, reader.line_num, "", f"the CSV does not parse: {exc}",
                                 hint="a value may hold at most 131,072 characters; check the quotes"))
    return file


def _read_rows(reader, header: list[str], width: int, rows: list[CsvRow]) -> None:
    for values in reader:
        row = dict(zip(header, map(str.strip, values)))
        if not any(row.values()) and not "".join(values[width:]).strip():
            continue
        if len(values) > width:
            row["__extra__"] = ",".join(values[width:])
        rows.append(CsvRow(reader.line_num, row))


def _report_strays(root: Path, report: Report) -> None:
    # A case study saved as .markdown or .txt would silently vanish from the site.
    for folder in (kind.folder for kind in MARKDOWN_TYPES):
        for path in sorted((root / folder).glob("*")):
            if path.is_file() and path.suffix != ".md":
                report.add(Finding.warning(display_path(root, path), 1, "",
                                           f"only .md files in {folder}/ are published",
                                           hint=f"rename it to {path.stem}.md"))
