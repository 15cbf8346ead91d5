"""Write a synthetic, valid Lekgotla library of national size, the same every time for a seed.

The library is for measuring, not reading: every municipality of the registry, five
service areas with twelve indicators each, ten years of values for every
municipality, thousands of case studies and a hundred toolkits with downloads. The
text is made of a few thousand distinct words, drawn with a skewed (Zipf-like)
frequency as real prose is, in documents of very different lengths with headings,
lists and tables, so that search and related-practice figures mean something.

    python bench/make_library.py                      # national: bench/libraries/national
    python bench/make_library.py --scale 0.05 /tmp/lib  # 100 case studies, for quick checks
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

REPO = Path(__file__).resolve().parent.parent
REGISTRY = REPO / "content" / "benchmarks" / "municipalities.csv"
REPO_MKDOCS = REPO / "mkdocs.yml"

CASE_STUDIES = 2000
CURATORS = ("Naledi Khoza", "Ayesha Patel", "Johan de Villiers")
TOOLKITS = 100
YEARS = range(2016, 2026)  # ten years of indicator values, all in the past

# ----- vocabulary ---------------------------------------------------------

FUNCTION_WORDS = ("the of and to in a for with on by was were that as from at this its their which "
                  "after before during each every more than also not only but between within across").split()

MUNICIPAL_WORDS = """
municipality council ward committee councillor speaker mayor manager official officials residents households
community communities budget plan planning integrated development idp sdbip performance audit auditor
general report reports quarterly annual target targets indicator indicators baseline benchmark benchmarks
water sanitation meter meters metering billing revenue collection debtors tariff tariffs indigent register
leak leaks leakage pressure valve valves reservoir reservoirs pipeline pipelines network networks zone zones
drought restrictions abstraction treatment works plant plants compliance sampling laboratory chlorine
boreholes springs tanker tankers standpipes yard connections connection household housing settlement
settlements informal upgrading title deeds beneficiaries subsidy subsidies rdp breaking new ground
consumer education allocation waiting list list emergency accommodation relocation densification land
zoning rezoning building plans approvals inspectors inspection enforcement bylaw bylaws regulation
local economic development led small business enterprises informal traders trading market markets
procurement suppliers supplier payment payments invoices days turnaround licensing permits investment
tourism agriculture farmers cooperative cooperatives youth women unemployment jobs employment public works
expanded programme epwp skills training mentoring mentors coaching apprentices learnership learnerships
hiv aids prevention testing treatment clinic clinics counselling condoms stigma workplace wellness
peer educators home based care orphans vulnerable children adherence antiretroviral tuberculosis
district aids council councils mainstreaming campaign campaigns dialogue dialogues partners ngo ngos
participation public meeting meetings imbizo izimbizo petitions complaints feedback survey surveys
satisfaction consultation consultations notice notices radio newsletter sms whatsapp outreach
functionality elections election operational ward-based volunteers traditional leaders chiefs
infrastructure maintenance asset assets register grant grants mig usdg equitable share capital operating
expenditure overspending underspending savings cost costs contractor contractors tender tenders bid
committee specification evaluation adjudication supply chain management finance chief financial officer
engineer engineers technicians artisans crews teams team unit units department departments directorate
province provincial national treasury cogta salga dplg minister circular guideline guidelines legislation
act systems structures finance mfma msa data dataset datasets spreadsheet dashboard dashboards monitoring
evaluation review reviewed endorsed lessons replicate replication pilot pilots rollout scale phase phases
year years month months week weeks quarter quarters period periods percent percentage rate rates number
increase increased decrease decreased reduce reduced improve improved improvement achieved achieve
introduced established appointed trained launched completed installed repaired replaced mapped surveyed
agreed signed approved adopted published shared presented compared measured reported tracked analysed
quickly slowly steadily sharply clearly carefully jointly together regularly weekly monthly yearly
rural urban peri-urban township townships village villages farm farms town towns city cities metro metros
poor poorest vulnerable elderly disabled learners schools school health safety roads road transport
electricity energy waste refuse collection landfill recycling environment climate flood floods fire
""".split()

SYLLABLES = ("ba be bo bu ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe pi po "
             "sa se si so su ta te ti to tu tha the thi tho thu wa we wi za ze zi zo zu nga ngo nku ntu "
             "mba mbe mbo ndi ndo nda kwa kwe hla hle dla dlo gqa xa xo qu sha she shi tse tsi tso").split()


def make_vocabulary(rng: random.Random, size: int = 5000) -> list[str]:
    """Real municipal words (the frequent ones), then made-up place and project names (the long tail)."""
    words = list(dict.fromkeys(MUNICIPAL_WORDS))
    rng.shuffle(words)
    seen = set(words) | set(FUNCTION_WORDS)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class Prose:
    """Sentences and paragraphs from a vocabulary with Zipf-like word frequencies."""

    def __init__(self, rng: random.Random, vocabulary: list[str]):
        self.rng = rng
        self.vocabulary = vocabulary
        weights = [1 / (rank + 10) for rank in range(len(vocabulary))]
        self.cumulative = list(_accumulate(weights))

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=n)

    def sentence(self, low: int = 8, high: int = 24) -> str:
        n = self.rng.randint(low, high)
        content = self.words(n)
        words = [w if self.rng.random() < 0.62 else f"{self.rng.choice(FUNCTION_WORDS)} {w}" for w in content]
        return (" ".join(words)).capitalize() + "."

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.randint(2, 7)
        return " ".join(self.sentence() for _ in range(count))

    def phrase(self, low: int = 2, high: int = 5) -> str:
        return " ".join(self.words(self.rng.randint(low, high)))


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


# ----- service areas and indicators --------------------------------------

AREAS = {
    "hiv-aids": ("HIV/AIDS", "HA", "Mainstreaming HIV/AIDS into municipal planning, workplaces and wards.",
                 ["people tested for HIV in municipal campaigns", "ward AIDS committees that meet quarterly",
                  "employees reached by the workplace programme", "condoms distributed per resident",
                  "district AIDS council meetings held", "home-based carers supported",
                  "orphans and vulnerable children registered", "budget spent on HIV/AIDS programmes",
                  "clinics with youth-friendly services", "peer educators trained",
                  "tuberculosis screening reach", "stigma survey score"]),
    "water": ("Water and sanitation", "WS", "Access to safe water, and how well it is managed.",
              ["households with basic water supply", "households with basic sanitation",
               "drinking water compliance with SANS 241", "non-revenue water",
               "water losses per connection per day", "unplanned water interruptions",
               "households with a water meter", "water billed that is collected",
               "wastewater compliance", "repair time for burst pipes", "free basic water reach",
               "reservoir capacity in days"]),
    "public-participation": ("Public participation", "PP", "How residents take part in decisions of their municipality.",
                             ["functional ward committees", "ward committee meetings held",
                              "community meetings held by councillors", "IDP consultation attendance",
                              "petitions resolved within 30 days", "complaints resolved within 14 days",
                              "residents satisfied with communication", "ward operational plans adopted",
                              "public notices published in local languages", "youth participation in IDP meetings",
                              "izimbizo held by the mayor", "ward committee members trained"]),
    "led": ("Local economic development", "LED", "Jobs, small businesses and the local economy.",
            ["work opportunities created through EPWP", "suppliers paid within 30 days",
             "budget spent on local suppliers", "business licences issued within 21 days",
             "informal traders registered", "small businesses trained", "investment attracted",
             "building plans approved within 30 days", "tourism visitors", "cooperatives supported",
             "youth in learnerships", "vacant trading bays"]),
    "housing": ("Human settlements", "HS", "Housing, informal settlement upgrading and title deeds.",
                ["households in informal settlements", "subsidised houses completed",
                 "title deeds transferred", "informal settlements upgraded in situ",
                 "serviced sites delivered", "housing backlog", "beneficiaries on the needs register",
                 "houses passing inspection", "emergency housing responses within 72 hours",
                 "rental units managed", "land parcels released", "consumer education sessions held"]),
}


@dataclass
class IndicatorSpec:
    id: str
    name: str
    unit: str
    better: str
    low: float
    high: float


def indicator_specs(rng: random.Random) -> dict[str, list[IndicatorSpec]]:
    specs = {}
    for area, (_, prefix, _, names) in AREAS.items():
        specs[area] = []
        for n, name in enumerate(names):
            percent = rng.random() < 0.6
            better = rng.choice(("higher", "higher", "lower"))
            specs[area].append(IndicatorSpec(
                id=f"{prefix}{n // 4 + 1}.{n % 4 + 1}",
                name=("Percentage of " if percent else "Number of ") + name,
                unit="%" if percent else "number", better=better,
                low=0.0 if percent else 0.0, high=100.0 if percent else rng.choice((50.0, 500.0, 5000.0))))
    return specs


def service_area_yaml(area: str, specs: list[IndicatorSpec], prose: Prose) -> str:
    title, _, description, _ = AREAS[area]
    data = {"id": area, "title": title, "description": f"{description} {prose.paragraph(2)}",
            "illustrative": True, "indicators": []}
    for spec in specs:
        indicator = {"id": spec.id, "name": spec.name, "unit": spec.unit, "better": spec.better}
        if prose.rng.random() < 0.75:
            mid = spec.low + (spec.high - spec.low) * prose.rng.uniform(0.3, 0.9)
            indicator["benchmark"] = {"value": round(mid, 1), "basis": f"Programme target (illustrative). {prose.sentence()}"}
        indicator["definition"] = f"{spec.name}. {prose.paragraph(2)}"
        indicator["source"] = f"Synthetic benchmark library ({spec.id})"
        data["indicators"].append(indicator)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def observations_csv(rng: random.Random, municipalities: list[dict], specs: list[IndicatorSpec]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["municipality", "indicator", "year", "value", "note"])
    for spec in specs:
        span = spec.high - spec.low
        for m in municipalities:
            value = spec.low + span * rng.uniform(0.1, 0.9)
            trend = span * rng.uniform(-0.03, 0.03)
            for year in YEARS:
                value = min(spec.high, max(spec.low, value + trend + span * rng.gauss(0, 0.01)))
                note = "Estimated from the annual report" if rng.random() < 0.01 else ""
                writer.writerow([m["code"], spec.id, year, f"{value:.1f}", note])
    return out.getvalue()


# ----- people, networks, items ------------------------------------------

FIRST_NAMES = ("Thandi Sipho Nomsa Pieter Lindiwe Thabo Ayanda Johan Zanele Mpho Naledi Kagiso Refilwe Themba "
               "Busisiwe Anele Lerato Sibusiso Anna Mandla Palesa Bongani Xolani Marietjie Tumelo Nokuthula").split()
SURNAMES = ("Mokoena Ndlovu Dlamini Nkosi van Wyk Khumalo Mthembu Botha Naidoo Pillay Molefe Mahlangu Zulu "
            "Sithole Radebe Pretorius Mabuza Baloyi Maluleke Chauke Mokgoro Petersen Adams Jacobs Daniels").split()
ROLES = ("Senior Manager", "Manager", "Director", "Coordinator", "Chief Engineer", "Programme Officer",
         "Deputy Director", "Speaker's Office Officer", "Town Planner", "Chief Financial Officer")


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()  # !Xaus, Khâi-Ma
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


def networks_yaml(rng: random.Random, prose: Prose) -> tuple[str, dict[str, list[str]]]:
    """About three learning networks per service area, and two across all of them."""
    networks, by_area = [], {area: [] for area in AREAS}
    for area, (title, *_rest) in AREAS.items():
        for kind in ("Learning Network", "Practitioners' Forum", "Peer Group")[: rng.randint(2, 3)]:
            network = {"id": slugify(f"{area} {kind}"), "title": f"{title} {kind}",
                       "description": prose.paragraph(2), "service_areas": [area]}
            networks.append(network)
            by_area[area].append(network["id"])
    for title in ("Each One Teach One", "Municipal Benchmarking Initiative"):
        networks.append({"id": slugify(title), "title": title, "description": prose.paragraph(2),
                         "service_areas": list(AREAS)})
        for ids in by_area.values():
            ids.append(slugify(title))
    text = "# Synthetic learning networks for the benchmark library.\n"
    return text + yaml.safe_dump(networks, sort_keys=False, width=100), by_area


@dataclass
class CaseStudyPlan:
    slug: str
    title: str
    codes: list[str]
    area: str


def plan_case_studies(rng: random.Random, prose: Prose, municipalities: list[dict], count: int) -> list[CaseStudyPlan]:
    plans, slugs = [], set()
    for _ in range(count):
        area = rng.choice(list(AREAS))
        main = rng.choice(municipalities)
        codes = [main["code"]]
        if rng.random() < 0.08:
            partner = rng.choice(municipalities)["code"]
            if partner != main["code"]:
                codes.append(partner)
        topic = prose.phrase(2, 5)
        title = f"{main['name']}: {topic} for {prose.phrase(1, 3)}".strip()[:150]
        slug = _unique(slugify(f"{main['name']} {topic}")[:80].strip("-"), slugs)
        plans.append(CaseStudyPlan(slug, title, codes, area))
    return plans


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def front_matter(data: dict) -> str:
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100) + "---\n\n"


def case_study_text(rng: random.Random, prose: Prose, plan: CaseStudyPlan, specs: list[IndicatorSpec],
                    tags: list[str], networks: list[str], related_pool: list[str]) -> str:
    year = rng.randint(2000, 2022)
    chosen = rng.sample(specs, rng.randint(0, 3))
    data = {"title": plan.title, "municipality": plan.codes if len(plan.codes) > 1 else plan.codes[0],
            "service_area": plan.area, "year": year,
            "summary": prose.paragraph(rng.randint(1, 3))[:390].rsplit(" ", 1)[0] + "."}
    data["tags"] = sorted(set(rng.sample(tags, rng.randint(1, 5))))
    if chosen:
        data["indicators"] = [s.id for s in chosen]
        data["outcomes"] = [_outcome(rng, s, year) for s in chosen if rng.random() < 0.8]
        if not data["outcomes"]:
            del data["outcomes"]
    status = rng.choice(("submitted", "peer-reviewed", "peer-reviewed", "endorsed"))
    data["review"] = {"status": status}
    if status != "submitted":
        data["review"]["reviewers"] = [person(rng) for _ in range(rng.randint(1, 3))]
        data["review"]["date"] = f"{min(year + rng.randint(1, 4), 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if status == "endorsed":  # the curators' status: it names one of content/curators.yaml
        data["review"]["endorsed_by"] = CURATORS[len(plan.slug) % len(CURATORS)]  # not from rng: the rest of the library stays as it was
    if rng.random() < 0.6:
        data["networks"] = sorted(set(rng.sample(networks, rng.randint(1, 2))))
    data["contacts"] = [_contact(rng) for _ in range(rng.randint(0, 3))] or None
    related = sorted(set(rng.sample(related_pool, rng.randint(0, 4))) - {plan.slug})
    if related:
        data["related"] = related
    data["sources"] = [{"title": f"{prose.phrase(3, 8).capitalize()} (illustrative)",
                        "url": f"https://www.example.org/{plan.slug}/{slugify(prose.phrase(1, 3))}.pdf"}
                       for _ in range(rng.randint(0, 3))] or None
    data = {k: v for k, v in data.items() if v is not None}
    return front_matter(data) + case_study_body(rng, prose, chosen)


def _outcome(rng: random.Random, spec: IndicatorSpec, year: int) -> dict:
    span = spec.high - spec.low
    before = spec.low + span * rng.uniform(0.2, 0.8)
    sign = 1 if spec.better == "higher" else -1
    after = min(spec.high, max(spec.low, before + sign * span * rng.uniform(0.01, 0.15)))
    end = min(year + rng.randint(2, 6), 2025)
    return {"indicator": spec.id, "baseline": {"year": year, "value": round(before, 1)},
            "result": {"year": end, "value": round(after, 1)}}


def _contact(rng: random.Random) -> dict:
    name = person(rng)
    contact = {"name": name, "role": rng.choice(ROLES)}
    if rng.random() < 0.8:
        contact["email"] = f"{slugify(name).replace('-', '.')}@example.org"
    if rng.random() < 0.6:
        contact["phone"] = f"+27 {rng.randint(10, 89)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    contact["consent"] = {"agreed": True, "date": "2024-01-15"}  # check refuses contacts without; no draw, same library
    return contact


def case_study_body(rng: random.Random, prose: Prose, chosen: list[IndicatorSpec]) -> str:
    """Sections of very different lengths: most pages are short, a few are long."""
    scale = min(6.0, rng.lognormvariate(0, 0.6))
    parts = []
    for heading in ("Context", "What was done", "Results", "Lessons learned", "How to replicate"):
        parts.append(f"## {heading}\n")
        for _ in range(max(1, round(rng.randint(1, 3) * scale))):
            parts.append(prose.paragraph() + "\n")
        if heading == "What was done":
            parts.append(_bullets(rng, prose, bold=True))
            if rng.random() < 0.4:
                parts.append(f"### {prose.phrase(2, 4).capitalize()}\n\n{prose.paragraph()}\n")
        elif heading == "Results" and chosen:
            parts.append(_results_table(rng, chosen))
        elif heading == "Results" and rng.random() < 0.3:
            parts.append(_budget_table(rng, prose))
        elif heading == "Lessons learned":
            parts.append(_bullets(rng, prose))
        elif heading == "How to replicate":
            parts.append("\n".join(f"{i}. {prose.sentence(5, 16)}" for i in range(1, rng.randint(3, 8))) + "\n")
    return "\n".join(parts)


def _bullets(rng: random.Random, prose: Prose, bold: bool = False) -> str:
    items = []
    for _ in range(rng.randint(2, 6)):
        lead = f"**{prose.phrase(1, 3).capitalize()}.** " if bold else ""
        items.append(f"- {lead}{prose.sentence(6, 20)}")
    return "\n".join(items) + "\n"


def _results_table(rng: random.Random, chosen: list[IndicatorSpec]) -> str:
    rows = ["| indicator | before | after |", "| --- | --- | --- |"]
    for spec in chosen:
        rows.append(f"| {spec.id} {spec.name} | {rng.uniform(spec.low, spec.high):.1f} | "
                    f"{rng.uniform(spec.low, spec.high):.1f} |")
    return "\n".join(rows) + "\n"


def _budget_table(rng: random.Random, prose: Prose) -> str:
    rows = ["| item | rand | funded by |", "| --- | ---: | --- |"]
    for _ in range(rng.randint(2, 5)):
        rows.append(f"| {prose.phrase(1, 3)} | {rng.randint(10, 9000) * 1000:,} | {rng.choice(('MIG', 'USDG', 'operating budget', 'equitable share', 'donor'))} |")
    return "\n".join(rows) + "\n"


def toolkit_files(rng: random.Random, prose: Prose, content: Path, slug: str) -> list[dict]:
    files = []
    for n in range(1, rng.randint(1, 3) + 1):
        if rng.random() < 0.5:
            name = f"{slug}-template-{n}.md"
            text = f"# {prose.phrase(2, 5).capitalize()}\n\n{prose.paragraph()}\n"
        else:
            name = f"{slug}-data-{n}.csv"
            text = "municipality,indicator,year,value\n" + "".join(
                f"ETH,WS5.1,{2016 + i},{rng.uniform(20, 40):.1f}\n" for i in range(rng.randint(2, 8)))
        (content / "toolkits" / "files" / name).write_text(text, encoding="utf-8")
        files.append({"title": f"{prose.phrase(2, 5).capitalize()} ({'template' if name.endswith('.md') else 'data'})",
                      "path": f"files/{name}"})
    return files


def toolkit_text(rng: random.Random, prose: Prose, title: str, areas: list[str], tags: list[str],
                 networks: list[str], related_pool: list[str], files: list[dict]) -> str:
    data = {"title": title, "summary": prose.paragraph(1)[:390].rsplit(" ", 1)[0] + ".",
            "service_areas": areas, "audience": sorted({rng.choice(ROLES).lower() + "s" for _ in range(2)}),
            "tags": sorted(set(rng.sample(tags, rng.randint(1, 4))))}
    if rng.random() < 0.5:
        data["networks"] = sorted(set(rng.sample(networks, 1)))
    data["related"] = sorted(set(rng.sample(related_pool, rng.randint(1, 3))))
    data["files"] = files
    body = []
    for step in range(1, rng.randint(3, 8)):
        body.append(f"## Step {step}: {prose.phrase(2, 5)}\n\n{prose.paragraph()}\n")
        if rng.random() < 0.5:
            body.append(_bullets(rng, prose))
    return front_matter(data) + "\n".join(body)


# ----- the whole library -------------------------------------------------

def write_library(out: Path, seed: int = 1, scale: float = 1.0) -> dict[str, int]:
    """Write content/ and mkdocs.yml into ``out`` (replacing what was there); return the counts."""
    rng = random.Random(seed)
    prose = Prose(rng, make_vocabulary(rng))
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    for folder in ("benchmarks", "case-studies", "toolkits/files"):
        (content / folder).mkdir(parents=True)
    shutil.copy(REGISTRY, content / "benchmarks" / "municipalities.csv")
    with open(REGISTRY, encoding="utf-8") as handle:
        municipalities = list(csv.DictReader(handle))

    specs = indicator_specs(rng)
    for area in AREAS:
        (content / "benchmarks" / f"{area}.yaml").write_text(service_area_yaml(area, specs[area], prose), encoding="utf-8")
        (content / "benchmarks" / f"{area}.csv").write_text(
            observations_csv(rng, municipalities, specs[area]), encoding="utf-8")
    text, networks_by_area = networks_yaml(rng, prose)
    (content / "networks.yaml").write_text(text, encoding="utf-8")
    (content / "curators.yaml").write_text("".join(f"- name: {name}\n" for name in CURATORS), encoding="utf-8")

    tags_by_area = {area: sorted({slugify(prose.phrase(1, 2)) for _ in range(60)}) for area in AREAS}
    shared_tags = sorted({slugify(prose.phrase(1, 2)) for _ in range(30)})
    plans = plan_case_studies(rng, prose, municipalities, max(1, round(CASE_STUDIES * scale)))
    toolkit_titles = [f"{prose.phrase(2, 4).capitalize()}: a guide to {prose.phrase(1, 3)}"
                      for _ in range(max(1, round(TOOLKITS * scale)))]
    case_slugs = [p.slug for p in plans]
    taken = set(case_slugs)
    toolkit_slugs = [_unique(slugify(t)[:70].strip("-"), taken) for t in toolkit_titles]
    by_area = {area: [p.slug for p in plans if p.area == area] for area in AREAS}

    reported: dict[tuple[str, str, int], float] = {}
    for plan in plans:
        pool = by_area[plan.area] * 3 + case_slugs + toolkit_slugs  # mostly the same service area
        text = case_study_text(rng, prose, plan, specs[plan.area], tags_by_area[plan.area] + shared_tags,
                               networks_by_area[plan.area], pool)
        if len(plan.codes) == 1:
            text = _agree_with_earlier(text, plan.codes[0], reported)
        (content / "case-studies" / f"{plan.slug}.md").write_text(text, encoding="utf-8")
    _agree_with_case_studies(content, reported)
    for title, slug in zip(toolkit_titles, toolkit_slugs):
        areas = ["all"] if rng.random() < 0.3 else sorted(set(rng.sample(list(AREAS), rng.randint(1, 2))))
        area_tags = [t for a in (AREAS if areas == ["all"] else areas) for t in tags_by_area[a]]
        networks = sorted({n for a in (AREAS if areas == ["all"] else areas) for n in networks_by_area[a]})
        pool = [s for s in toolkit_slugs if s != slug] + case_slugs
        files = toolkit_files(rng, prose, content, slug)
        text = toolkit_text(rng, prose, title, areas, area_tags + shared_tags, networks, pool, files)
        (content / "toolkits" / f"{slug}.md").write_text(text, encoding="utf-8")

    write_mkdocs_yml(out)
    return {"municipalities": len(municipalities), "case_studies": len(plans), "toolkits": len(toolkit_slugs),
            "indicators": sum(len(s) for s in specs.values()),
            "observations": len(municipalities) * len(YEARS) * sum(len(s) for s in specs.values())}


def _agree_with_earlier(text: str, code: str, reported: dict[tuple[str, str, int], float]) -> str:
    """Pin each outcome this case study reports; where an earlier case study of the same
    municipality already reported that indicator and year, report the same value (check holds
    every case study to the library's one value)."""
    _, front, body = text.split("---\n", 2)
    data = yaml.safe_load(front)
    for outcome in data.get("outcomes", []):
        for point in (outcome["baseline"], outcome["result"]):
            point["value"] = reported.setdefault((code, outcome["indicator"], point["year"]), point["value"])
    return "---\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True) + "---\n" + body


def _agree_with_case_studies(content: Path, reported: dict[tuple[str, str, int], float]) -> None:
    """The values a case study reports are the library's values (lekgotla check holds them to it)."""
    for area in AREAS:
        path = content / "benchmarks" / f"{area}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        for row in rows[1:]:
            value = reported.get((row[0], row[1], int(row[2])))
            if value is not None:
                row[3] = f"{value:.1f}"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def write_mkdocs_yml(out: Path) -> None:
    """The repository's own mkdocs.yml (same theme and plugins), pointed at this library."""
    # MkDocs' own loader: it resolves the !ENV tags the repository's file uses.
    config = yaml_load(REPO_MKDOCS.read_text(encoding="utf-8"))
    config["site_name"] = "Lekgotla (synthetic benchmark library)"
    config["docs_dir"] = "content"
    config["site_dir"] = "site"
    custom_dir = config.get("theme", {}).get("custom_dir")
    if custom_dir:  # the package's theme needs none; a fork's own overrides stay
        config["theme"]["custom_dir"] = str((REPO / custom_dir).resolve())
    (out / "mkdocs.yml").write_text(
        "# Written by bench/make_library.py from the repository's mkdocs.yml.\n"
        + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="output folder (default bench/libraries/<name>)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national size, e.g. 0.05")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = args.out or REPO / "bench" / "libraries" / ("national" if args.scale == 1 else f"scale-{args.scale:g}")
    out.mkdir(parents=True, exist_ok=True)
    counts = write_library(out, args.seed, args.scale)
    print(f"wrote {out}: " + ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
