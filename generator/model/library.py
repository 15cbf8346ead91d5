"""Load, validate and model a library: the first three steps in one call."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from generator.reading.findings import Report
from generator.reading.load import CsvFile, MarkdownFile, RawLibrary, YamlFile, read_content
from generator.model import build_connections as connections
from generator.model.connections import Person
from generator.model.entities import (Benchmark, CaseStudy, Direction, Indicator, Library, Measurement,
                             Municipality, Network, Observation, Outcome, Review, ReviewStatus, ServiceArea, Source,
                             Toolkit, ToolkitFile)
from generator.reading.validate import validate

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo


def load_library(content_dir: Path, memo: FileMemo | None = None) -> tuple[Library | None, Report]:
    """Read ``content_dir``; the library is None when the report has errors.

    ``memo`` lets unchanged files skip parsing and schema checks (see library_cache).
    """
    report = Report()
    raw = read_content(Path(content_dir), report, memo)
    validate(raw, report, memo)
    if not report.ok:
        return None, report
    return build_library(raw), report


def build_library(raw: RawLibrary) -> Library:
    """Turn validated raw files into the typed model."""
    service_areas = {f.slug: _service_area(f) for f in raw.service_areas}
    all_areas = list(service_areas)
    municipalities = _municipalities(raw.registry)
    people = connections.people(raw.people, municipalities)
    return Library(
        municipalities=municipalities,
        service_areas=service_areas,
        observations=[o for f in raw.observations for o in _observations(f)],
        case_studies=[_case_study(f, people) for f in raw.case_studies],
        toolkits=[_toolkit(f, all_areas) for f in raw.toolkits],
        networks=_networks(raw.networks),
        people=people,
        research=connections.research(raw.research),
        peer_reviews=connections.peer_reviews(raw.peer_reviews),
    )


def _municipalities(file: CsvFile | None) -> dict[str, Municipality]:
    result = {}
    for row in file.rows if file else []:
        v = row.values
        area = v.get("area_km2") or ""
        result[v["code"]] = Municipality(v["code"], v["name"], v["category"], v["miif_category"], v["province"],
                                         v["province_name"], v.get("district", ""), float(area) if area else None)
    return result


def _service_area(file: YamlFile) -> ServiceArea:
    data = file.document.data
    indicators = [
        Indicator(id=i["id"], name=i["name"], unit=i["unit"], better=Direction(i["better"]),
                  definition=i["definition"], source=i["source"], service_area=data["id"],
                  benchmark=Benchmark(float(i["benchmark"]["value"]), i["benchmark"]["basis"])
                  if "benchmark" in i else None)
        for i in data["indicators"]
    ]
    return ServiceArea(data["id"], data["title"], data["description"], bool(data["illustrative"]), indicators,
                       file.display)


def _observations(file: CsvFile) -> list[Observation]:
    return [Observation(r.values["municipality"], r.values["indicator"], int(r.values["year"]),
                        float(r.values["value"]), r.values.get("note", "")) for r in file.rows]


def _case_study(file: MarkdownFile, people: dict[str, Person]) -> CaseStudy:
    data = file.document.front_matter.data
    codes = data["municipality"]
    review = data.get("review")
    return CaseStudy(
        slug=file.slug, title=data["title"], municipalities=codes if isinstance(codes, list) else [codes],
        service_area=data["service_area"], year=data["year"], summary=data["summary"].strip(),
        body=file.document.body, source_path=file.display,
        tags=data.get("tags", []), indicators=data.get("indicators", []),
        outcomes=[Outcome(o["indicator"], _pick(Measurement, o["baseline"]), _pick(Measurement, o["result"]))
                  for o in data.get("outcomes", [])],
        review=Review(ReviewStatus(review["status"]), tuple(review.get("reviewers", [])), review.get("date", ""))
        if review else None,
        networks=data.get("networks", []),
        contacts=[connections.contact(c, people) for c in data.get("contacts", [])],
        related=data.get("related", []),
        sources=[_pick(Source, s) for s in data.get("sources", [])],
    )


def _toolkit(file: MarkdownFile, all_areas: list[str]) -> Toolkit:
    data = file.document.front_matter.data
    areas = data["service_areas"]
    return Toolkit(
        slug=file.slug, title=data["title"], summary=data["summary"].strip(),
        service_areas=all_areas if areas == ["all"] else areas, body=file.document.body,
        source_path=file.display, audience=data.get("audience", []), tags=data.get("tags", []),
        related=data.get("related", []), networks=data.get("networks", []),
        files=[ToolkitFile(f["title"], f["path"]) for f in data.get("files", [])],
        people=data.get("people", []),
    )


def _networks(file: YamlFile | None) -> dict[str, Network]:
    data = file.document.data if file and file.document else []
    return {n["id"]: Network(n["id"], n["title"], n["description"], n["service_areas"],
                             coordinator=n.get("coordinator", ""), members=n.get("members", []),
                             meetings=connections.meetings(n.get("meetings")), join=n.get("join", ""),
                             sample=bool(n.get("sample"))) for n in data}


def _pick(cls, data: dict):
    # Unknown fields are only warnings, so the model takes the fields it knows.
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})
