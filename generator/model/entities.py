"""The content model: what a library is made of, once it has been validated."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import ClassVar

from generator.model.peer_groups import PEER_GROUP_NAMES, PeerGroup, peer_group  # noqa: F401 (re-exported)
from generator.model.connections import Meeting, PeerReview, Person, ResearchOutput
from generator.reading.content_types import CASE_STUDY, TOOLKIT, ContentType


class Direction(str, Enum):
    HIGHER = "higher"
    """A higher value is better (access to water)."""
    LOWER = "lower"
    """A lower value is better (non-revenue water)."""


class ReviewStatus(str, Enum):
    SUBMITTED = "submitted"
    """Sent in, not yet reviewed."""
    PEER_REVIEWED = "peer-reviewed"
    """Checked by practitioners from another municipality."""
    ENDORSED = "endorsed"
    """Peer-reviewed and endorsed by the curators as a recommended practice."""


CATEGORY_NAMES = {"A": "Metropolitan municipality", "B": "Local municipality", "C": "District municipality"}


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str
    category: str  # A metro, B local, C district
    miif_category: str  # the National Treasury peer group: A, B1-B4, C1, C2
    province: str
    province_name: str
    district: str
    area_km2: float | None
    population: int | None = None  # Census 2011, on 2016 boundaries
    #: Whether it is the water services authority for its area (see model/services.py): set
    #: when the library is built, from the MIIF classes or the registry's override.
    water_services_authority: bool = True
    #: True where that comes from the MIIF classes' rule and not from the registry: pages then say so, as the
    #: rule has exceptions (uMhlathuze is an authority in a C2 district) that only the registry knows.
    water_services_authority_by_rule: bool = False

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def authority_status_from_rule(self) -> bool:
        """Whether pages say its water services authority status comes from the MIIF classes' rule: a local
        municipality's, where the registry does not set it. A metro is one by law, and a district's class (C1,
        C2) is defined by the status: nothing to say for them."""
        return self.water_services_authority_by_rule and self.category == "B"

    @property
    def category_name(self) -> str:
        return CATEGORY_NAMES.get(self.category, self.category)

    @property
    def registered_name(self) -> str:
        """Its name as the registry writes it, for the data files and the lists that give its province
        beside it; a name two municipalities share carries the province everywhere else (model/library.py)."""
        return self.name.removesuffix(f", {self.province_name}")

    @property
    def peer_group(self) -> PeerGroup:
        """Its MIIF class in words; an unknown class is its own name."""
        return peer_group(self.miif_category) or PeerGroup(self.miif_category, self.miif_category, self.miif_category)

    @property
    def peer_group_name(self) -> str:
        return self.peer_group.name


class BenchmarkKind(str, Enum):
    TARGET = "target"
    """A published target (a national plan's, a standard's or a programme's)."""
    COMPARISON = "comparison"
    """A comparison point such as the national figure: not a target, and never called one."""


@dataclass(frozen=True)
class Benchmark:
    value: float
    basis: str
    kind: BenchmarkKind = BenchmarkKind.TARGET
    year: int | None = None  # a comparison point's year (the national figure of 2011); a target has none

    @property
    def is_target(self) -> bool:
        return self.kind is BenchmarkKind.TARGET


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    unit: str
    better: Direction
    definition: str
    source: str
    service_area: str
    benchmark: Benchmark | None = None
    #: True when the values are samples made up for demonstration, not official statistics.
    illustrative: bool = False
    circular88: str = ""  # the closest MFMA Circular 88 indicator, when it is not the same measure
    licence: str = ""  # the terms of the source's figures and how to attribute them

    @property
    def slug(self) -> str:
        return indicator_slug(self.id)

    @property
    def code(self) -> str:
        """Its code where it has one ("WS5.1", as Circular 88 numbers them); "" for an indicator known by
        its name alone, whose id ("flush-toilet") names its files and address but means nothing to a reader."""
        return self.id if _INDICATOR_CODE.fullmatch(self.id) else ""

    @property
    def named(self) -> str:
        """"WS5.1 Total water losses"; the name alone where it has no code."""
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def titled(self) -> str:
        """As a title or a list writes it: "Total water losses (WS5.1)"; the name alone where it has no code."""
        return f"{self.name} ({self.code})" if self.code else self.name


_INDICATOR_CODE = re.compile(r"[A-Z]{1,4}[0-9]+(\.[0-9]+)*")  # as the content's schema writes a code


def indicator_slug(indicator_id: str) -> str:
    """The one rule of an indicator's slug: WS5.1 -> ws5-1."""
    return indicator_id.lower().replace(".", "-")


@dataclass
class ServiceArea:
    id: str
    title: str
    description: str
    #: What the area's YAML says for indicators that do not say themselves (see ``illustrative``).
    illustrative_default: bool
    indicators: list[Indicator]
    source_path: str = ""  # relative to the repository, for "edit this page"

    @property
    def illustrative(self) -> bool:
        """Whether any of its indicators has illustrative values."""
        return any(i.illustrative for i in self.indicators)

    @property
    def official_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.illustrative]

    @property
    def illustrative_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators if i.illustrative]


@dataclass(frozen=True)
class Observation:
    municipality: str
    indicator: str
    year: int
    value: float
    note: str = ""
    # Official figures keep their counts, so that totals are sums of numerators over sums
    # of denominators rather than medians of percentages; and where they come from.
    numerator: float | None = None
    denominator: float | None = None
    source: str = ""
    boundaries: str = ""  # the demarcation the figure was tabulated on, e.g. 2016


@dataclass(frozen=True)
class Measurement:
    year: int
    value: float


@dataclass(frozen=True)
class Outcome:
    indicator: str
    baseline: Measurement
    result: Measurement


@dataclass(frozen=True)
class Review:
    status: ReviewStatus
    reviewers: tuple[str, ...] = ()
    date: str = ""  # of the submission, or of the peer review
    endorsed_by: str = ""  # the curator who endorsed it (content/curators.yaml)


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    email: str = ""
    phone: str = ""
    person: str = ""  # slug of a Person when the contact points to one; its details are then the person's
    sample: bool = False  # made up: the contact of a sample case study, or a sample person


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass
class CaseStudy:
    content_type: ClassVar[ContentType] = CASE_STUDY  # its declaration: folder, schema, address
    slug: str
    title: str
    municipalities: list[str]
    service_area: str
    year: int
    summary: str
    body: str
    source_path: str  # relative to the repository, for "edit this page"
    tags: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    review: Review | None = None
    networks: list[str] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    sample: bool = False  # made up for demonstration: labelled as a sample wherever it appears
    places: list[Municipality] = field(default_factory=list)  # the municipalities of ``municipalities``, in order

    @property
    def review_status(self) -> ReviewStatus:
        return self.review.status if self.review else ReviewStatus.SUBMITTED

    @property
    def about(self) -> set[str]:
        """The indicators it is about: those it aims to improve and those of its outcomes."""
        return {*self.indicators, *(o.indicator for o in self.outcomes)}


@dataclass(frozen=True)
class ToolkitFile:
    title: str
    path: str  # relative to content/toolkits/


@dataclass
class Toolkit:
    content_type: ClassVar[ContentType] = TOOLKIT  # its declaration: folder, schema, address
    slug: str
    title: str
    summary: str
    service_areas: list[str]  # ids; every area when the file says [all]
    body: str
    source_path: str
    audience: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    networks: list[str] = field(default_factory=list)
    files: list[ToolkitFile] = field(default_factory=list)
    sample: bool = False  # made up for demonstration: labelled as a sample wherever it appears
    people: list[str] = field(default_factory=list)  # person slugs


@dataclass
class Network:
    id: str
    title: str
    description: str  # its purpose
    service_areas: list[str]
    coordinator: str = ""  # person slug
    members: list[str] = field(default_factory=list)  # municipality codes
    meetings: list[Meeting] = field(default_factory=list)  # in date order
    join: str = ""
    sample: bool = False


@dataclass(frozen=True)
class SynonymGroup:
    """Words officials search with and the words pages are written in (content/search-synonyms.yaml):
    a page that uses any phrase of ``same`` or ``also`` is found by every phrase of ``same``."""

    same: tuple[str, ...]
    also: tuple[str, ...] = ()


@dataclass
class Library:
    """A whole validated library, with look-ups the pages need."""

    municipalities: dict[str, Municipality]
    service_areas: dict[str, ServiceArea]
    observations: list[Observation]
    case_studies: list[CaseStudy]
    toolkits: list[Toolkit]
    networks: dict[str, Network]
    people: dict[str, Person] = field(default_factory=dict)  # by slug, in name order
    research: list[ResearchOutput] = field(default_factory=list)  # newest first
    peer_reviews: list[PeerReview] = field(default_factory=list)  # newest first
    search_synonyms: list[SynonymGroup] = field(default_factory=list)  # applied when the search index is built

    # Computed once: templates look indicators up on every page. The library is
    # not changed after it is built, so the cached values cannot go stale.
    @cached_property
    def indicators(self) -> dict[str, Indicator]:
        return {i.id: i for area in self.service_areas.values() for i in area.indicators}

    @property
    def provinces(self) -> dict[str, str]:
        """Province code to name, in alphabetical order of name."""
        pairs = {m.province: m.province_name for m in self.municipalities.values()}
        return dict(sorted(pairs.items(), key=lambda kv: kv[1]))
