"""Step 1: find the content files and parse them, keeping line numbers.

Nothing here judges the content beyond "can it be read"; that is ``validate``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.findings import Finding, Report
from generator.source import MarkdownDocument, SourceError, YamlDocument, parse_markdown, parse_yaml, read_text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

REGISTRY_FILE = "benchmarks/municipalities.csv"
REGISTRY_HEADER = ["code", "name", "category", "miif_category", "province", "province_name", "district", "area_km2"]
OBSERVATION_HEADER = ["municipality", "indicator", "year", "value"]
NETWORKS_FILE = "networks.yaml"


@dataclass
class ContentFile:
    """A file under content/, with the name a contributor knows it by."""

    path: Path
    display: str  # relative to the repository, e.g. content/case-studies/x.md

    @property
    def slug(self) -> str:
        return self.path.stem


@dataclass
class MarkdownFile(ContentFile):
    document: MarkdownDocument | None = None


@dataclass
class YamlFile(ContentFile):
    document: YamlDocument | None = None


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
    case_studies: list[MarkdownFile] = field(default_factory=list)
    toolkits: list[MarkdownFile] = field(default_factory=list)
    service_areas: list[YamlFile] = field(default_factory=list)
    observations: list[CsvFile] = field(default_factory=list)
    registry: CsvFile | None = None
    networks: YamlFile | None = None


def read_content(root: Path, report: Report) -> RawLibrary:
    """Parse every content file under ``root``; unreadable files become findings."""
    raw = RawLibrary(root)
    for path in sorted((root / "case-studies").glob("*.md")):
        raw.case_studies.append(_read_markdown(root, path, report))
    for path in sorted((root / "toolkits").glob("*.md")):
        raw.toolkits.append(_read_markdown(root, path, report))
    for path in sorted((root / "benchmarks").glob("*.yaml")):
        raw.service_areas.append(_read_yaml(root, path, report))
    for path in sorted((root / "benchmarks").glob("*.csv")):
        if path.name != Path(REGISTRY_FILE).name:
            raw.observations.append(_read_csv(root, path, report))
    raw.registry = _read_required(root, REGISTRY_FILE, _read_csv, report)
    raw.networks = _read_required(root, NETWORKS_FILE, _read_yaml, report)
    _report_strays(root, report)
    return raw


def display_path(root: Path, path: Path) -> str:
    """How a file is named in messages: relative to the repository holding content/."""
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def _read_required(root, name, reader, report):
    path = root / name
    if not path.exists():
        report.add(Finding.error(display_path(root, path), 1, "", "this file is missing",
                                 hint="every library needs it; see CONTRIBUTING.md"))
        return None
    return reader(root, path, report)


def _read_markdown(root: Path, path: Path, report: Report) -> MarkdownFile:
    return _parse_into(MarkdownFile(path, display_path(root, path)), parse_markdown, report)


def _read_yaml(root: Path, path: Path, report: Report) -> YamlFile:
    return _parse_into(YamlFile(path, display_path(root, path)), parse_yaml, report)


def _parse_into(file, parse, report: Report):
    """Parse ``file`` with ``parse``; on failure the document stays None and the finding is reported."""
    try:
        file.document = parse(read_text(file.path, file.display), file.display)
    except SourceError as exc:
        report.add(exc.finding)
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
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        row = dict(zip(file.header, (v.strip() for v in values)))
        if len(values) > len(file.header):
            row["__extra__"] = ",".join(values[len(file.header):])
        file.rows.append(CsvRow(reader.line_num, row))
    return file


def _report_strays(root: Path, report: Report) -> None:
    # A case study saved as .markdown or .txt would silently vanish from the site.
    for folder in ("case-studies", "toolkits"):
        for path in sorted((root / folder).glob("*")):
            if path.is_file() and path.suffix != ".md":
                report.add(Finding.warning(display_path(root, path), 1, "",
                                           f"only .md files in {folder}/ are published",
                                           hint=f"rename it to {path.stem}.md"))
