"""Load, validate and model a library: the first three steps in one call."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from generator.reading.findings import Finding, Report
from generator.reading.load import OFFICIAL_DIR, REGISTRY_FILE, CsvFile, MarkdownFile, RawLibrary, YamlFile, read_content
from generator.model import build_connections as connections
from generator.model.connections import Person
from generator.model.entities import (Benchmark, BenchmarkKind, CaseStudy, Direction, Indicator, Library, Measurement,
                             Municipality, Network, Observation, Outcome, Review, ReviewStatus, ServiceArea, Source,
                             SynonymGroup, Toolkit, ToolkitFile)
from generator.model.services import OVERRIDE_VALUES, water_providers, with_water_services_authorities
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions
from generator.reading.validate import validate

if TYPE_CHECKING:
    from generator.reading.memo import FileMemo


#: A check of a later step of the flow, run on the files as read (the site's reserved names:
#: ``site.reserved.SITE_CHECKS``, which `lekgotla check` and the build pass).
ExtraCheck = Callable[[RawLibrary], list[Finding]]


def load_library(content_dir: Path, memo: FileMemo | None = None, checks: Sequence[ExtraCheck] = (),
                 extensions: Extensions = DEFAULT_EXTENSIONS) -> tuple[Library | None, Report]:
    """Read ``content_dir``; the library is None when the report has errors.

    ``memo`` lets unchanged files skip parsing and schema checks (see library_cache);
    ``checks`` are run after validation, on the same files; ``extensions``, the site's markdown
    extensions (mkdocs.yml's, as Settings.extensions holds them), are those bodies are checked with.
    """
    report = Report()
    raw = read_content(Path(content_dir), report, memo)
    validate(raw, report, memo, extensions=extensions)
    for check in checks:
        report.extend(check(raw))
    if not report.ok:
        return None, report
    library = build_library(raw)
    report.extend(water_outside_authorities(raw, library))
    return library, report


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
        case_studies=[_case_study(f, people, municipalities) for f in raw.case_studies],
        toolkits=[_toolkit(f, all_areas) for f in raw.toolkits],
        networks=_networks(raw.networks),
        people=people,
        research=connections.research(raw.research, service_areas),
        peer_reviews=connections.peer_reviews(raw.peer_reviews, municipalities, service_areas),
        search_synonyms=_synonyms(raw.search_synonyms),
    )


def water_outside_authorities(raw: RawLibrary, library: Library) -> list[Finding]:
    """A warning for each municipality with water values that is not a water services authority,
    at its first row: its values are probably its provider's, or belong to no one."""
    first: dict[str, tuple[CsvFile, int, int]] = {}
    for file in raw.observations:
        # Official figures (content/benchmarks/official/) are Census counts of residents' access:
        # every municipality has them, whoever provides its water.
        if file.slug != "water" or f"/{OFFICIAL_DIR}/" in f"/{file.display}":
            continue
        for row in file.rows:
            code = row.values.get("municipality", "")
            municipality = library.municipalities.get(code)
            if municipality is not None and not municipality.water_services_authority:
                found = first.get(code)
                first[code] = (file, row.line, 1) if found is None else (found[0], found[1], found[2] + 1)
    findings = []
    registry = raw.registry.display if raw.registry else REGISTRY_FILE
    for code, (file, line, count) in first.items():
        municipality = library.municipalities[code]
        providers = water_providers(municipality, library.municipalities)
        by = (f"its water is provided by {', '.join(f'{p.name} ({p.code})' for p in providers[:3])}"
              f"{' and others' if len(providers) > 3 else ''}; " if providers else "")
        findings.append(Finding.warning(
            file.display, line, "municipality",
            f"{municipality.name} ({code}) is not a water services authority, yet has {count} water "
            f"value{'s' if count != 1 else ''}",
            f"{by}if it is one, say so in the water_services_authority column of {registry}"))
    return findings


def _municipalities(file: CsvFile | None) -> dict[str, Municipality]:
    result, overrides = {}, {}
    for row in file.rows if file else []:
        v = row.values
        area = v.get("area_km2") or ""
        population = v.get("population") or ""
        result[v["code"]] = Municipality(v["code"], v["name"], v["category"], v["miif_category"], v["province"],
                                         v["province_name"], v.get("district", ""), float(area) if area else None,
                                         int(population) if population.isdigit() else None)
        override = OVERRIDE_VALUES.get((v.get("water_services_authority") or "").strip().lower())
        if override is not None:
            overrides[v["code"]] = override
    return with_water_services_authorities(_distinctly_named(result), overrides)


def _distinctly_named(municipalities: dict[str, Municipality]) -> dict[str, Municipality]:
    """A name two municipalities share carries its province, wherever it is shown: "Emalahleni, Eastern Cape"
    and "Emalahleni, Mpumalanga", not one name with two figures on the same card (a comma, as an address
    writes it: brackets would nest inside the brackets the pages put around names)."""
    counts = Counter(m.name for m in municipalities.values())
    return {code: dataclasses.replace(m, name=f"{m.name}, {m.province_name}") if counts[m.name] > 1 else m
            for code, m in municipalities.items()}


def _service_area(file: YamlFile) -> ServiceArea:
    data = file.parsed.data
    default = bool(data.get("illustrative", False))
    indicators = [
        Indicator(id=i["id"], name=i["name"], unit=i["unit"], better=Direction(i["better"]),
                  definition=i["definition"], source=i["source"], service_area=data["id"],
                  benchmark=_benchmark(i["benchmark"]) if "benchmark" in i else None,
                  illustrative=bool(i.get("illustrative", default)), circular88=i.get("circular88", ""),
                  licence=i.get("licence", "").strip())
        for i in data["indicators"]
    ]
    return ServiceArea(data["id"], data["title"], data["description"], default, indicators, file.display)


def _benchmark(data: dict) -> Benchmark:
    return Benchmark(float(data["value"]), data["basis"], BenchmarkKind(data.get("kind", "target")), data.get("year"))


def _observations(file: CsvFile) -> list[Observation]:
    return [Observation(v["municipality"], v["indicator"], int(v["year"]), float(v["value"]), v.get("note", ""),
                        _number(v.get("numerator")), _number(v.get("denominator")), v.get("source", ""),
                        v.get("boundaries", ""))
            for v in (r.values for r in file.rows)]


def _number(text: str | None) -> float | None:
    return float(text) if text else None


def _case_study(file: MarkdownFile, people: dict[str, Person], municipalities: dict[str, Municipality]) -> CaseStudy:
    data = file.parsed.front_matter.data
    codes = data["municipality"] if isinstance(data["municipality"], list) else [data["municipality"]]
    review = data.get("review")
    return CaseStudy(
        slug=file.slug, title=data["title"], municipalities=codes, places=[municipalities[c] for c in codes],
        service_area=data["service_area"], year=data["year"], summary=data["summary"].strip(),
        body=file.parsed.body, source_path=file.display,
        tags=data.get("tags", []), indicators=data.get("indicators", []),
        outcomes=[Outcome(o["indicator"], _pick(Measurement, o["baseline"]), _pick(Measurement, o["result"]))
                  for o in data.get("outcomes", [])],
        review=Review(ReviewStatus(review["status"]), tuple(review.get("reviewers", [])), review.get("date", ""),
                      review.get("endorsed_by", ""))
        if review else None,
        networks=data.get("networks", []),
        contacts=[connections.contact(c, people, bool(data.get("sample", False))) for c in data.get("contacts", [])],
        related=data.get("related", []),
        sources=[_pick(Source, s) for s in data.get("sources", [])],
        sample=bool(data.get("sample", False)),
    )


def _toolkit(file: MarkdownFile, all_areas: list[str]) -> Toolkit:
    data = file.parsed.front_matter.data
    areas = data["service_areas"]
    return Toolkit(
        slug=file.slug, title=data["title"], summary=data["summary"].strip(),
        service_areas=all_areas if areas == ["all"] else areas, body=file.parsed.body,
        source_path=file.display, audience=data.get("audience", []), tags=data.get("tags", []),
        related=data.get("related", []), networks=data.get("networks", []),
        files=[ToolkitFile(f["title"], f["path"]) for f in data.get("files", [])],
        sample=bool(data.get("sample", False)),
        people=data.get("people", []),
    )


def _networks(file: YamlFile | None) -> dict[str, Network]:
    data = file.parsed.data if file and file.document else []
    return {n["id"]: Network(n["id"], n["title"], n["description"], n["service_areas"],
                             coordinator=n.get("coordinator", ""), members=n.get("members", []),
                             meetings=connections.meetings(n.get("meetings")), join=n.get("join", ""),
                             sample=bool(n.get("sample"))) for n in data}


def _synonyms(file: YamlFile | None) -> list[SynonymGroup]:
    data = file.parsed.data if file and file.document else []
    return [SynonymGroup(tuple(g["same"]), tuple(g.get("also", ()))) for g in data or []]


def _pick(cls, data: dict):
    # Unknown fields are only warnings, so the model takes the fields it knows.
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in data.items() if k in names})
