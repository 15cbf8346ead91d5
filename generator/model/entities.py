"""The content model: what a library is made of, once it has been validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import ClassVar


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
PEER_GROUP_NAMES = {
    "A": "Metros", "B1": "Secondary cities (B1)", "B2": "Large towns (B2)", "B3": "Small towns (B3)",
    "B4": "Mostly rural locals (B4)", "C1": "Districts, not water authorities (C1)",
    "C2": "Districts that are water authorities (C2)",
}


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

    @property
    def slug(self) -> str:
        return self.code.lower()

    @property
    def category_name(self) -> str:
        return CATEGORY_NAMES.get(self.category, self.category)

    @property
    def peer_group_name(self) -> str:
        return PEER_GROUP_NAMES.get(self.miif_category, self.miif_category)


@dataclass(frozen=True)
class Benchmark:
    value: float
    basis: str


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

    @property
    def slug(self) -> str:
        return self.id.lower().replace(".", "-")


@dataclass
class ServiceArea:
    id: str
    title: str
    description: str
    illustrative: bool
    indicators: list[Indicator]
    source_path: str = ""  # relative to the repository, for "edit this page"


@dataclass(frozen=True)
class Observation:
    municipality: str
    indicator: str
    year: int
    value: float
    note: str = ""


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
    date: str = ""


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass
class CaseStudy:
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

    @property
    def review_status(self) -> ReviewStatus:
        return self.review.status if self.review else ReviewStatus.SUBMITTED


@dataclass(frozen=True)
class ToolkitFile:
    title: str
    path: str  # relative to content/toolkits/


@dataclass
class Toolkit:
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


@dataclass
class Network:
    id: str
    title: str
    description: str
    service_areas: list[str]


@dataclass
class Library:
    """A whole validated library, with look-ups the pages need."""

    #: What each look-up method reads, for the render cache (as ``Catalogue.READS``).
    READS: ClassVar[dict[str, tuple[str, ...]]] = {
        "case_study": ("_items_by_slug",),
        "item_by_slug": ("_items_by_slug",),
    }

    municipalities: dict[str, Municipality]
    service_areas: dict[str, ServiceArea]
    observations: list[Observation]
    case_studies: list[CaseStudy]
    toolkits: list[Toolkit]
    networks: dict[str, Network]

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

    @cached_property
    def _items_by_slug(self) -> dict[str, CaseStudy | Toolkit]:
        return {item.slug: item for item in (*self.toolkits, *self.case_studies)}  # case studies win a tie

    def case_study(self, slug: str) -> CaseStudy | None:
        item = self._items_by_slug.get(slug)
        return item if isinstance(item, CaseStudy) else None

    def item_by_slug(self, slug: str) -> CaseStudy | Toolkit | None:
        """A case study or toolkit; ``related:`` may name either."""
        return self._items_by_slug.get(slug)
