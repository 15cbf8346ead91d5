"""Step 2, practices: case studies and toolkits, their references, downloads and reported figures."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.reading.check_context import CheckContext, FrontMatter
from generator.reading.contract import describe_value, field_name
from generator.reading.load import MarkdownFile
from generator.reading.observations import agrees, is_number
from generator.reading.published_files import publish_problem
from generator.reading.references import dicts, strings
from generator.reading.reported import reported_in_outcomes, reported_in_tables
from generator.reading.safety import active_type, file_name_problem, folder_problem
from generator.reading.source import FieldPath


def check_case_study(context: CheckContext, file: MarkdownFile) -> None:
    front = context.front_matter(file, "case-study", skip={"municipality"})
    if not front:
        return
    data, lines, refs = front.data, front.lines, context.refs
    _municipalities(context, file, front)
    if isinstance(data.get("service_area"), str):
        context.check_ref(file, lines, ("service_area",), data["service_area"], refs.service_areas, "service area")
    context.year(file, lines, ("year",), data.get("year"))
    for i, code in enumerate(strings(data.get("indicators"))):
        context.check_ref(file, lines, ("indicators", i), code, refs.indicators, "indicator")
    for i, outcome in enumerate(dicts(data.get("outcomes"))):
        if isinstance(outcome.get("indicator"), str):
            context.check_ref(file, lines, ("outcomes", i, "indicator"), outcome["indicator"], refs.indicators,
                              "indicator")
        for point in ("baseline", "result"):
            if isinstance(outcome.get(point), dict):
                context.year(file, lines, ("outcomes", i, point, "year"), outcome[point].get("year"))
    _review_date(context, file, front)
    _common_refs(context, file, front)


def _review_date(context: CheckContext, file: MarkdownFile, front: FrontMatter) -> None:
    """A case study without the day it was sent or reviewed is left out of the site's feed, which never
    invents a date: said, as the contributor would not otherwise know."""
    review = front.data.get("review")
    if isinstance(review, dict) and review.get("date"):
        return
    context.warning(file.display, front.lines.line_of(("review",)), field_name(("review", "date")),
                    "no date: the site's feed of case studies (feed.xml) leaves this one out, as it cannot say when "
                    "it was sent", "add the day it was sent or reviewed, e.g. review: {status: submitted, date: 2025-03-05}")


def check_toolkit(context: CheckContext, file: MarkdownFile) -> None:
    front = context.front_matter(file, "toolkit")
    if not front:
        return
    areas = list(strings(front.data.get("service_areas")))
    if areas != ["all"]:
        for i, area in enumerate(areas):
            context.check_ref(file, front.lines, ("service_areas", i), area, context.refs.service_areas | {"all"},
                              "service area")
    for i, download in enumerate(dicts(front.data.get("files"))):
        if isinstance(download.get("path"), str):
            _download(context, file, front, i, download["path"])
    _common_refs(context, file, front)


def check_shared_slugs(context: CheckContext) -> None:
    """A case study and a toolkit may not share a file name: ``related:`` and the site name either by it."""
    case_studies = {f.slug: f for f in context.raw.case_studies}
    for file in context.raw.toolkits:
        if file.slug in case_studies:
            context.error(file.display, 1, "", f"the case study {case_studies[file.slug].display} has the same "
                          f"file name, so related: '{file.slug}' could mean either", hint="rename one of the two files")


def check_outcomes_agree(context: CheckContext) -> None:
    """A figure a case study reports for its municipality, an indicator and a year must be the
    library's value for them, to the rounding of the figure as written."""
    values: dict[_Key, tuple[str, str]] | None = None
    for file in context.raw.case_studies:
        data = file.document.front_matter.data if file.document else None
        if not file.document or not isinstance(data, dict) or not isinstance(data.get("municipality"), str):
            continue  # a joint practice's figures are for the group, not one municipality
        reported = (reported_in_outcomes(data.get("outcomes"), file.document.front_matter.lines.line_of)
                    + reported_in_tables(file.document.body, file.document.body_line, context.refs.indicators))
        if not reported:
            continue
        values = values if values is not None else _values_by_key(context)
        code = data["municipality"]
        for figure in reported:
            known = values.get((code, figure.indicator, str(figure.year)))
            if known is None or not is_number(known[0]) or agrees(figure.value, float(known[0])):
                continue
            where = "the outcome" if figure.field else "the table in the text"
            context.error(file.display, figure.line, figure.field,
                          f"{figure.indicator} {figure.year} is {figure.value} in {where}, but {known[0]} in "
                          f"{known[1]} ({code})", "the case study and the library must agree: correct one of them")


#: (municipality, indicator, year) as a values row writes them (a row may lack any of them).
_Key = tuple[str | None, str | None, str | None]


def _values_by_key(context: CheckContext) -> dict[_Key, tuple[str, str]]:
    """(municipality, indicator, year) -> (the value as written, where), the first of each."""
    values: dict[_Key, tuple[str, str]] = {}
    for f in context.raw.observations:
        for r in f.rows:
            if "__extra__" not in r.values:  # a broken row is reported as such, not compared
                key = (r.values.get("municipality"), r.values.get("indicator"), r.values.get("year"))
                values.setdefault(key, (r.values.get("value", ""), f"{f.display}:{r.line}"))
    return values


def _common_refs(context: CheckContext, file: MarkdownFile, front: FrontMatter) -> None:
    for i, network in enumerate(strings(front.data.get("networks"))):
        context.check_ref(file, front.lines, ("networks", i), network, context.refs.networks, "learning network")
    for i, slug in enumerate(strings(front.data.get("related"))):
        if slug == file.slug:
            context.error(file.display, front.lines.line_of(("related", i)), f"related[{i}]",
                          "a page cannot be related to itself")
        else:
            context.check_ref(file, front.lines, ("related", i), slug, context.refs.slugs, "case study or toolkit")


def _municipalities(context: CheckContext, file: MarkdownFile, front: FrontMatter) -> None:
    value: Any = front.data.get("municipality")
    if value is None:
        return  # reported as a missing required field
    codes = value if isinstance(value, list) else [value]
    for i, code in enumerate(codes):
        path: FieldPath = ("municipality", i) if isinstance(value, list) else ("municipality",)
        name, line = field_name(path), front.lines.line_of(path)
        if not isinstance(code, str):
            context.error(file.display, line, name, f"expected a demarcation code such as ETH, got {describe_value(code)}")
        elif code not in context.refs.municipalities and "municipality" not in context.refs.unreadable:
            context.error(file.display, line, name, f"unknown municipality '{code}'",
                          context.refs.municipality_hint(code))


def _download(context: CheckContext, file: MarkdownFile, front: FrontMatter, index: int, path: str) -> None:
    line, name = front.lines.line_of(("files", index, "path")), f"files[{index}].path"
    folder = (context.raw.root / "toolkits" / "files").resolve()
    target = (context.raw.root / "toolkits" / path)
    if os.path.isabs(path) or ".." in Path(path).parts:
        context.error(file.display, line, name, f"'{path}' points outside content/toolkits/files/",
                      "use a path such as files/template.md")
    elif target.is_symlink():
        context.error(file.display, line, name, f"'{path}' is a symbolic link",
                      "copy the file itself into content/toolkits/files/")
    elif not target.is_file():
        context.error(file.display, line, name, f"'{path}' does not exist", "put the file in content/toolkits/files/")
    elif not target.resolve().is_relative_to(folder):
        context.error(file.display, line, name, f"'{path}' is a link that leads outside content/toolkits/files/")
    else:
        problem = (active_type(path) or file_name_problem(path) or folder_problem(path)
                   or publish_problem("download", f"toolkits/{path}", target))
        if problem:
            context.error(file.display, line, name, f"'{path}': {problem}")
