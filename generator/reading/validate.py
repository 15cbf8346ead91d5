"""Step 2: check parsed content against the contract and against itself.

Two layers: the JSON Schemas in ``schemas/`` (shapes and types, the same files
editors use) and cross-reference checks that a schema cannot express (does this
municipality, indicator or slug exist?). Every problem becomes a ``Finding`` with
the file, the line and the field; nothing stops at the first one.

Each checker is a function of one ``CheckContext`` (the files, their references, the
findings): the benchmarks here, the registry (``validate_registry``), case studies and
toolkits (``validate_practices``), their claims (``validate_claims``), the connections
(``validate_people``) and every markdown body (``validate_bodies``, in worker processes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.reading.check_context import CheckContext
from generator.reading.findings import Report, did_you_mean
from generator.reading.load import CsvFile, RawLibrary, YamlFile
from generator.reading.observations import HEADER_HINT, RowChecker, header_problem
from generator.reading.provenance import indicator_problems, is_official_file
from generator.reading.references import dicts, strings
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions
from generator.reading.source import YamlDocument
from generator.reading.validate_claims import check_claims
from generator.reading.validate_people import check_connections
from generator.reading.validate_practices import (check_case_study, check_outcomes_agree, check_shared_slugs,
                                                  check_toolkit)
from generator.reading.validate_registry import check_registry

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo


def validate(raw: RawLibrary, report: Report, memo: FileMemo | None = None,
             incoming: frozenset[str] = frozenset(), extensions: Extensions = DEFAULT_EXTENSIONS) -> None:
    """Add a finding to ``report`` for everything wrong in ``raw``.

    With a ``memo``, a file's schema findings are reused while its bytes are
    unchanged; the cross-reference checks always run, on the whole library.
    ``incoming``: the indicators a spreadsheet being imported gives values for, which
    may be official indicators with no values yet. ``extensions``: the markdown
    extensions the site renders pages with, which the body checks render them with.
    """
    context = CheckContext(raw, report, memo, extensions)
    # The markdown is checked in worker processes while this one checks everything else.
    context.bodies.start(raw.markdown_files)
    try:
        _validate(context, incoming)
    finally:
        context.bodies.stop()


def _validate(context: CheckContext, incoming: frozenset[str]) -> None:
    raw, report = context.raw, context.report
    check_registry(context)
    check_networks(context)
    check_search_synonyms(context)
    for area in raw.service_areas:
        check_service_area(context, area)
    errors_before = len(report.errors)
    if "indicator" not in context.refs.unreadable:
        report.extend(indicator_problems(raw, context.refs, incoming))
    rows = RowChecker(context.refs, context.this_year)
    for values in raw.observations:
        check_observations(context, values, rows)
    values_ok = len(report.errors) == errors_before
    for file in raw.case_studies:
        check_case_study(context, file)
    for file in raw.toolkits:
        check_toolkit(context, file)
    check_claims(context)
    context.bodies.finish()
    check_shared_slugs(context)
    if values_ok:  # case studies are held to values once the values themselves are right
        check_outcomes_agree(context)
    check_connections(context)


def _checked_yaml(context: CheckContext, file: YamlFile | None, schema: str) -> YamlDocument | None:
    """An optional YAML file's document, once its schema and its plain text are checked; None without one."""
    if not file or not file.document:
        return None
    context.schema_findings(file.display, schema, file.document.data, file.document.lines, digest=file.digest)
    context.plain_values(file, file.document.data, file.document.lines)
    return file.document


def check_networks(context: CheckContext) -> None:
    file = context.raw.networks
    document = _checked_yaml(context, file, "networks")
    if not file or not document:
        return
    data, lines = document.data, document.lines
    seen: dict[str, int] = {}
    for index, network in enumerate(dicts(data)):
        line, network_id = lines.line_of((index, "id")), network.get("id")
        if isinstance(network_id, str):  # another type is the schema's to report
            if network_id in seen:
                context.error(file.display, line, "id", f"'{network_id}' is defined twice (also line {seen[network_id]})")
            seen.setdefault(network_id, line)
        for i, area in enumerate(strings(network.get("service_areas"))):
            context.check_ref(file, lines, (index, "service_areas", i), area, context.refs.service_areas,
                              "service area")


def check_search_synonyms(context: CheckContext) -> None:
    """The search synonyms: the schema, plain text, and no phrase in the ``same`` of two groups
    (the groups would be one, written twice)."""
    file = context.raw.search_synonyms
    document = _checked_yaml(context, file, "search-synonyms")
    if not file or not document:
        return
    data, lines = document.data, document.lines
    seen: dict[str, int] = {}
    for index, group in enumerate(dicts(data)):
        for i, phrase in enumerate(strings(group.get("same"))):
            line = lines.line_of((index, "same", i))
            if phrase.casefold() in seen:
                context.error(file.display, line, f"[{index}].same[{i}]",
                              f"'{phrase}' is in another group too (line {seen[phrase.casefold()]})",
                              "merge the two groups, or move the phrase to the also: of one")
            seen.setdefault(phrase.casefold(), line)


def check_service_area(context: CheckContext, file: YamlFile) -> None:
    if not file.document:
        return
    context.slug_file_name(file)
    data, lines = file.document.data, file.document.lines
    context.schema_findings(file.display, "service-area", data, lines, digest=file.digest)
    context.plain_values(file, data, lines)
    if not isinstance(data, dict):
        return
    if isinstance(data.get("id"), str) and data["id"] != file.slug:
        context.error(file.display, lines.line_of(("id",)), "id",
                      f"'{data['id']}' does not match the file name '{file.slug}'",
                      f"rename the file to {data['id']}.yaml or set id: {file.slug}")
    ids = [(index, i["id"]) for index, i in enumerate(dicts(data.get("indicators"))) if isinstance(i.get("id"), str)]
    first: dict[str, int] = {}  # id -> the index of its first definition in this file
    for index, indicator_id in ids:
        first.setdefault(indicator_id, index)
    for index, indicator_id in ids:
        owner = context.refs.indicators.get(indicator_id)
        if owner is None or (owner == file.slug and first[indicator_id] == index):
            continue
        also = f"{owner}.yaml" if owner != file.slug else f"line {lines.line_of(('indicators', first[indicator_id], 'id'))}"
        context.error(file.display, lines.line_of(("indicators", index, "id")), f"indicators[{index}].id",
                      f"indicator '{indicator_id}' is defined twice (also in {also})")


def check_observations(context: CheckContext, file: CsvFile, rows: RowChecker) -> None:
    """The values of one service area: its CSV's header, then each row (``RowChecker`` remembers
    the rows of every file, to find one written twice)."""
    if not file.header:
        return
    area, known = file.slug, context.refs.service_areas
    if area not in known:
        context.error(file.display, 1, "", f"there is no service area '{area}' for these values",
                      did_you_mean(area, known) or f"add content/benchmarks/{area}.yaml")
        return
    problem = header_problem(file.header)
    if problem:
        context.error(file.display, 1, "", problem, HEADER_HINT)
        return
    official = is_official_file(file.display)
    for row in file.rows:
        if not official and rows.quick_ok(row.values, area):
            rows.remember(row.values, f"{file.display}:{row.line}")
        else:
            context.report.extend(rows.problems(file.display, row.line, row.values, area, official))
