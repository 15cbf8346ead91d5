"""Where everything lives on the site: the one place that spells an address.

Addresses are relative to the site root and folder-style (``municipalities/eth/``),
as MkDocs' ``url`` filter expects them; the plugin turns them into file
addresses for the offline build. Python code calls these functions; templates
reach them through the ``address`` filter (``{{ municipality | address | url }}``)
for model objects and the ``addresses`` global for the rest
(``{{ addresses.tag(t) | url }}``). Nothing else concatenates a path.
"""

from __future__ import annotations

from functools import singledispatch

from generator.model.connections import PeerReview, Person, ResearchOutput
from generator.model.entities import (CaseStudy, Indicator, Municipality, Network, ServiceArea, Toolkit,
                                      ToolkitFile)
from generator.model.peer_groups import PeerGroup

HOME = ""
CASE_STUDIES = "case-studies/"
TOOLKITS = "toolkits/"
SERVICE_AREAS = "service-areas/"
INDICATORS = "indicators/"
MUNICIPALITIES = "municipalities/"
NETWORKS = "networks/"
BROWSE = "browse/"
PEOPLE = "people/"
RESEARCH = "research/"
PEER_REVIEWS = "peer-reviews/"
SEARCH = "search/"
SUGGEST = "suggest/"
CONTRIBUTING = "contributing/"  # the contributing guide, CONTRIBUTING.md as a page
SCHEMAS = "schemas/"
ABOUT_THE_DATA = "about-the-data/"
PEER_GROUPS = "peer-groups/"
COMPARE = "compare/"
COMPARE_SCRIPT = "assets/javascripts/compare.js"
FEED = "feed.xml"
STYLESHEET = "assets/stylesheets/lekgotla.css"
SEARCH_SCRIPT = "assets/javascripts/lekgotla-search.js"
CONNECTIONS_SCRIPT = "assets/javascripts/connections.js"  # the Who to ask filter, the copy buttons
SOCIAL_CARD = "assets/images/social-card.png"

#: Sections whose address is a folder with an index page of its own.
SECTIONS = (CASE_STUDIES, TOOLKITS, SERVICE_AREAS, INDICATORS, MUNICIPALITIES, NETWORKS, BROWSE, PEOPLE,
            SCHEMAS, PEER_GROUPS, RESEARCH, PEER_REVIEWS)


# --- Pages ---------------------------------------------------------------------------------------
def case_study(case: CaseStudy) -> str:
    return f"{CASE_STUDIES}{case.slug}/"


def toolkit(kit: Toolkit) -> str:
    return f"{TOOLKITS}{kit.slug}/"


def municipality(m: Municipality) -> str:
    return f"{MUNICIPALITIES}{m.slug}/"


def indicator(i: Indicator, section: str = "") -> str:
    """The indicator's page, or one of its sections (``top-performers``)."""
    return f"{INDICATORS}{i.slug}/" + (f"#{section}" if section else "")


def service_area(area: ServiceArea | str) -> str:
    return f"{SERVICE_AREAS}{area if isinstance(area, str) else area.id}/"


def indicator_definition(i: Indicator) -> str:
    """The indicator's row in its service area's table (where search sends a reader)."""
    return f"{service_area(i.service_area)}#{i.slug}"


def peer_group(group: PeerGroup) -> str:
    """The page of a peer group (a MIIF class): ``peer-groups/b4/``."""
    return f"{PEER_GROUPS}{group.id}/"


def compare(chosen: list[Municipality | str] | tuple = ()) -> str:
    """The compare page with these municipalities (or codes) chosen: ``compare/?m=KZN272,EC154``."""
    codes = ",".join(m if isinstance(m, str) else m.code for m in chosen)
    return f"{COMPARE}?m={codes}" if codes else COMPARE


def network(n: Network) -> str:
    return f"{NETWORKS}{n.id}/"


def province(code: str) -> str:
    return f"{BROWSE}provinces/{code.lower()}/"


def tag(name: str) -> str:
    return f"{BROWSE}tags/{name}/"


def year(value: int | str) -> str:
    return f"{BROWSE}years/{value}/"


def person(p: Person | str) -> str:
    """A person's page; a case study's contact names the person by slug."""
    return f"{PEOPLE}{p if isinstance(p, str) else p.slug}/"


def network_calendar(n: Network) -> str:
    """The .ics file of a network's upcoming meetings."""
    return f"{NETWORKS}{n.id}.ics"


def research(r: ResearchOutput) -> str:
    return f"{RESEARCH}{r.slug}/"


def peer_review(r: PeerReview) -> str:
    return f"{PEER_REVIEWS}{r.slug}/"


def peer_review_report(r: PeerReview) -> str:
    """The report download, published from content/peer-reviews/files/."""
    return f"{PEER_REVIEWS}{r.report}"


def toolkit_file(file: ToolkitFile) -> str:
    return f"{TOOLKITS}{file.path}"


def schema(name: str) -> str:
    return f"{SCHEMAS}{name}.schema.json"


def page_source(address: str) -> str:
    """The generated markdown file MkDocs renders at ``address``: ``x/y/`` is ``x/y.md``, a section ``x/index.md``."""
    if address == HOME:
        return "index.md"
    if address in SECTIONS:
        return f"{address}index.md"
    return f"{address.rstrip('/')}.md"


# --- Downloads -----------------------------------------------------------------------------------
DATA = "data/"
ALL_DATA_ZIP = f"{DATA}benchmarks.csv.zip"  # every value, one row per municipality, indicator and year...
ALL_DATA_NAME = "benchmarks.csv"  # ...in this file of the zip, a seventh of its size (7 MB at national scale)
MUNICIPALITIES_CSV = f"{DATA}municipalities.csv"  # the lookup tables benchmarks.csv refers to
INDICATORS_CSV = f"{DATA}indicators.csv"
DATAPACKAGE = f"{DATA}datapackage.json"
# Table Schemas the Data Package shares between the files by indicator and by municipality.
VALUES_SCHEMA = f"{DATA}benchmarks.schema.json"
MUNICIPALITY_TABLE_SCHEMA = f"{DATA}municipality-table.schema.json"


def indicator_csv(i: Indicator) -> str:
    """Its rows of benchmarks.csv."""
    return f"{DATA}indicators/{i.slug}.csv"


def municipality_csv(m: Municipality) -> str:
    """Its table to read: one row per indicator, a column per year."""
    return f"{DATA}municipalities/{m.slug}.csv"


def municipality_json(m: Municipality) -> str:
    """Its values by indicator, small: what the compare page fetches for each chosen municipality."""
    return f"{DATA}municipalities/{m.slug}.json"


MUNICIPALITY_DATA = f"{DATA}municipalities/"  # compare.js adds '<code>.json'
def connections_csv(name: str) -> str:
    """research, peer-reviews or network-meetings."""
    return f"{DATA}{name}.csv"


# --- Charts --------------------------------------------------------------------------------------
def indicator_chart(i: Indicator, kind: str) -> str:
    """``kind``: ranking, trend or distribution."""
    return f"charts/indicators/{i.slug}-{kind}.svg"


def outcome_chart(case: CaseStudy, i: Indicator) -> str:
    return f"charts/case-studies/{case.slug}/{i.slug}.svg"


def service_area_chart(area: ServiceArea) -> str:
    return f"charts/service-areas/{area.id}.svg"


# --- For templates -------------------------------------------------------------------------------
@singledispatch
def of(thing) -> str:
    """The page of a model object, whatever its kind (the ``address`` filter of the templates)."""
    raise TypeError(f"no page for {type(thing).__name__}")


of.register(CaseStudy, case_study)
of.register(Toolkit, toolkit)
of.register(Municipality, municipality)
of.register(Indicator, indicator)
of.register(ServiceArea, service_area)
of.register(Network, network)
of.register(ToolkitFile, toolkit_file)
of.register(PeerGroup, peer_group)
of.register(Person, person)
of.register(ResearchOutput, research)
of.register(PeerReview, peer_review)
