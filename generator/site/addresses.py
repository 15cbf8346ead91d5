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
from generator.reading import content_types
from generator.reading.content_types import CASE_STUDY, PEER_REVIEW, PERSON, TOOLKIT, ContentType

HOME = ""
CASE_STUDIES = "case-studies/"
TOOLKITS = "toolkits/"
SERVICE_AREAS = "service-areas/"
INDICATORS = "indicators/"
MUNICIPALITIES = "municipalities/"
NETWORKS = "networks/"
BROWSE = "browse/"
BROWSE_PROVINCES = f"{BROWSE}provinces/"  # each a page of its own as well as a section of BROWSE,
BROWSE_YEARS = f"{BROWSE}years/"  # so that a reader who shortens a list's address finds a page
BROWSE_TAGS = f"{BROWSE}tags/"
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
#: Every municipality's names and address, for the search page's "Did you mean" when a name is mistyped.
MUNICIPALITY_NAMES = f"{SEARCH}municipality-names.json"
CONNECTIONS_SCRIPT = "assets/javascripts/connections.js"  # the Who to ask filter, the copy buttons
SOCIAL_CARD = "assets/images/social-card.png"

#: Sections whose address is a folder with an index page of its own.
SECTIONS = (CASE_STUDIES, TOOLKITS, SERVICE_AREAS, INDICATORS, MUNICIPALITIES, NETWORKS, BROWSE, PEOPLE,
            SCHEMAS, PEER_GROUPS, RESEARCH, PEER_REVIEWS)


# --- Pages ---------------------------------------------------------------------------------------
def item(kind: ContentType, slug: str) -> str:
    """The page of a contributed markdown file (content_types): its kind's folder, then its slug."""
    return f"{kind.folder}/{slug}/"


def case_study(case: CaseStudy | str) -> str:
    """A case study's page; by slug, where a file is checked before it is a case study."""
    return item(CASE_STUDY, _slug(case))


def toolkit(kit: Toolkit | str) -> str:
    return item(TOOLKIT, _slug(kit))


def municipality(m: Municipality) -> str:
    return f"{MUNICIPALITIES}{m.slug}/"


def indicator(i: Indicator | str, section: str = "") -> str:
    """The indicator's page (by the indicator or its slug), or one of its sections (``top-performers``)."""
    return f"{INDICATORS}{_slug(i)}/" + (f"#{section}" if section else "")


def service_area(area: ServiceArea | str) -> str:
    return f"{SERVICE_AREAS}{area if isinstance(area, str) else area.id}/"


def indicator_definition(i: Indicator) -> str:
    """The indicator's row in its service area's table (where search sends a reader)."""
    return f"{service_area(i.service_area)}#{i.slug}"


def peer_group(group: PeerGroup) -> str:
    """The page of a peer group (a MIIF class): ``peer-groups/b4/``."""
    return f"{PEER_GROUPS}{group.id}/"


def compare(chosen: list[Municipality | str] | tuple = (), on: Indicator | None = None) -> str:
    """The compare page with these municipalities (or codes) chosen: ``compare/?m=KZN272,EC154``; ``on`` an
    indicator, at its table (``#cmp-piped-water-scheme``), as a card's link means that one, not the first area."""
    codes = ",".join(m if isinstance(m, str) else m.code for m in chosen)
    return (f"{COMPARE}?m={codes}" if codes else COMPARE) + (f"#cmp-{on.slug}" if on else "")


def network(n: Network | str) -> str:
    return f"{NETWORKS}{n if isinstance(n, str) else n.id}/"


def province(code: str) -> str:
    return f"{BROWSE_PROVINCES}{code.lower()}/"


def tag(name: str) -> str:
    return f"{BROWSE_TAGS}{name}/"


def year(value: int | str) -> str:
    return f"{BROWSE_YEARS}{value}/"


def person(p: Person | str) -> str:
    """A person's page; a case study's contact names the person by slug."""
    return item(PERSON, _slug(p))


def network_calendar(n: Network) -> str:
    """The .ics file of a network's upcoming meetings."""
    return f"{NETWORKS}{n.id}.ics"


def research(r: ResearchOutput | str) -> str:
    return item(content_types.RESEARCH, _slug(r))


def peer_review(r: PeerReview | str) -> str:
    return item(PEER_REVIEW, _slug(r))


def peer_review_report(r: PeerReview | str) -> str:
    """The report download (by the review or its path), published from content/peer-reviews/files/."""
    return f"{PEER_REVIEWS}{r if isinstance(r, str) else r.report}"


def toolkit_file(file: ToolkitFile | str) -> str:
    """A toolkit's download, by the file or its path under content/toolkits/."""
    return f"{TOOLKITS}{file if isinstance(file, str) else file.path}"


def _slug(item: CaseStudy | Toolkit | Indicator | Person | ResearchOutput | PeerReview | str) -> str:
    """The slug of an item, or the slug itself: the reserved names are checked before there are items."""
    return item if isinstance(item, str) else item.slug


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
PEER_GROUP_TABLE_SCHEMA = f"{DATA}peer-group-table.schema.json"


def indicator_csv(i: Indicator) -> str:
    """Its rows of benchmarks.csv."""
    return f"{DATA}indicators/{i.slug}.csv"


def municipality_csv(m: Municipality) -> str:
    """Its table to read: one row per indicator, a column per year."""
    return f"{DATA}municipalities/{m.slug}.csv"


def peer_group_csv(group: PeerGroup) -> str:
    """Its members' latest values of each indicator, ranked as its page ranks them."""
    return f"{DATA}peer-groups/{group.id}.csv"


def municipality_json(m: Municipality) -> str:
    """Its values by indicator, small: what the compare page fetches for each chosen municipality."""
    return f"{DATA}municipalities/{m.slug}.json"


MUNICIPALITY_DATA = f"{DATA}municipalities/"  # compare.js adds '<code>.json'
def connections_csv(name: str) -> str:
    """research, peer-reviews or network-meetings."""
    return f"{DATA}{name}.csv"


# --- Charts --------------------------------------------------------------------------------------
def indicator_chart(i: Indicator | str, kind: str) -> str:
    """``kind``: ranking, trend or distribution; ``i``, the indicator or its slug."""
    return f"charts/indicators/{_slug(i)}-{kind}.svg"


def outcome_chart(case: CaseStudy, i: Indicator) -> str:
    return f"charts/case-studies/{case.slug}/{i.slug}.svg"


def service_area_chart(area: ServiceArea) -> str:
    return f"charts/service-areas/{area.id}.svg"


# --- For templates -------------------------------------------------------------------------------
@singledispatch
def of(thing) -> str:
    """The page of a model object, whatever its kind (the ``address`` filter of the templates): a
    contribution's by the kind its class names (``CaseStudy.content_type``), the others' registered below."""
    kind = getattr(type(thing), "content_type", None)
    if isinstance(kind, ContentType):
        return item(kind, thing.slug)
    raise TypeError(f"no page for {type(thing).__name__}")


of.register(Municipality, municipality)
of.register(Indicator, indicator)
of.register(ServiceArea, service_area)
of.register(Network, network)
of.register(ToolkitFile, toolkit_file)
of.register(PeerGroup, peer_group)
