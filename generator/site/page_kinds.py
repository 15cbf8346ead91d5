"""Every kind of page the site has, as one dataclass each: what its template receives as ``lk``.

A page is plain data, built once and completely by the step that owns it
(``pages.py``, ``benchmark_pages.py``, ``contribute.py``); nothing changes it
afterwards. Its class names the template in ``generator/theme/lekgotla/`` that draws it,
so nothing dispatches on template names. No HTML is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

import yaml

from generator.analysis.benchmarking import IndicatorSummary
from generator.analysis.figures import Figure
from generator.model.connections import Meeting, PeerReview, Person, ResearchOutput
from generator.model.entities import CaseStudy, Indicator, Municipality, Network, ServiceArea, Toolkit
from generator.model.peer_groups import PeerGroup
from generator.site.benchmark_parts import (ChartView, GroupIndicator, IndicatorOverview, IndicatorRanking,
                                           PracticeOnIndicator)
from generator.site.channel import AskForm
from generator.site.municipality_view import MunicipalityView
from generator.site.search_records import SearchRecord
from generator.site.wording import Meaning, Point, Provenances
from generator.text.related import RelatedPractice

if TYPE_CHECKING:
    from generator.site.mentors import PersonToAsk

# libyaml's emitter when it is installed: the pure-Python one took seconds for a national library.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(kw_only=True)
class Page:
    template: ClassVar[str]
    #: "article" for a contributed practice (Open Graph type), "website" for the rest.
    share_type: ClassVar[str] = "website"

    src_uri: str  # e.g. case-studies/x.md; MkDocs turns it into case-studies/x/
    title: str
    description: str = ""
    body: str = ""  # markdown written by a contributor, if any
    search: SearchRecord | None = None  # what Pagefind learns besides the text; None: not indexed
    source_path: str = ""  # the contributed file it is made from, for "Edit this page"; "" for many files

    @property
    def markdown(self) -> str:
        meta = {"title": self.title, "template": f"lekgotla/{self.template}.html"}
        if self.description:
            meta["description"] = self.description
        return f"---\n{yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, width=1000)}---\n\n{self.body}"


# --- Pages that list a section ---------------------------------------------------------------------
@dataclass(frozen=True)
class LibraryCounts:
    """How much the library holds, as the home page counts it."""

    case_studies: int
    toolkits: int
    indicators: int
    municipalities: int
    sharing: int  # municipalities with a case study of their own


@dataclass(kw_only=True)
class HomePage(Page):
    template = "home"
    counts: LibraryCounts
    areas: list[tuple[ServiceArea, int]]  # each with how many case studies it has
    newest: list[CaseStudy]
    official_figures: bool  # whether any indicator has official statistics (the rest are illustrative)
    guide: CaseStudy | Toolkit | None = None  # how to write a case study, when the library has it
    sample_kinds: list[str] = field(default_factory=list)  # "case studies", "people"...: those with samples


@dataclass(kw_only=True)
class CaseStudyIndexPage(Page):
    template = "case-study-index"
    count: int
    areas: list[tuple[ServiceArea, list[CaseStudy]]]  # every area, with its case studies newest first


@dataclass(kw_only=True)
class ToolkitIndexPage(Page):
    template = "toolkit-index"
    toolkits: list[Toolkit]  # by title


@dataclass(kw_only=True)
class ServiceAreaIndexPage(Page):
    template = "service-area-index"
    areas: list[ServiceArea]


@dataclass(frozen=True)
class MunicipalityEntry:
    """A municipality as the list of all of them shows it."""

    municipality: Municipality
    official: int  # how many official indicators it has figures for
    illustrative: int  # how many illustrative indicators it has sample values for
    case_studies: int


@dataclass(kw_only=True)
class MunicipalityIndexPage(Page):
    template = "municipality-index"
    provinces: list[tuple[str, str, list[MunicipalityEntry]]]  # (code, name, its municipalities by name)


@dataclass(kw_only=True)
class NetworkIndexPage(Page):
    template = "network-index"
    networks: list[Network]
    next_meetings: dict[str, Meeting]  # network id -> its next meeting, on the build date


@dataclass(kw_only=True)
class BrowseIndexPage(Page):
    """The browse page, all three ways in; or, at a way's own address, that way alone (its other lists empty)."""

    template = "browse-index"
    provinces: list[tuple[str, str, int]]  # (code, name, how many case studies), by name
    years: list[tuple[int, int]]  # (year a practice started, how many), latest first
    tags: list[tuple[str, int]]  # (tag, how many case studies and toolkits), most used first
    whole: bool = True  # all three under their headings; False on a way's own page
    #: What the counts count, and their name, for the note on how many of them are samples.
    counted: list[CaseStudy | Toolkit] = field(default_factory=list)
    counted_plural: str = "case studies"


@dataclass(kw_only=True)
class AboutDataPage(Page):
    template = "about-data"
    illustrative: list[ServiceArea]
    #: Per indicator: its service area and, for official ones, (year, source, boundaries) of each edition.
    provenance: list[tuple[Indicator, ServiceArea, list[tuple[int, str, str]]]] = field(default_factory=list)
    ratings: list[Meaning] = field(default_factory=list)  # what each rating and trend word means


# --- Contributed practices ------------------------------------------------------------------------
@dataclass(kw_only=True)
class CaseStudyPage(Page):
    template = "case-study"
    share_type = "article"
    case: CaseStudy
    municipalities: list[Municipality]
    area: ServiceArea
    related: list[CaseStudy | Toolkit]  # the authors' own ``related:``
    referenced_by: list[CaseStudy | Toolkit]
    indicators: list[Indicator] = field(default_factory=list)  # those it aims to improve
    networks: list[Network] = field(default_factory=list)
    related_practices: list[RelatedPractice] = field(default_factory=list)  # suggested, each with its reason
    outcome_charts: list[ChartView] = field(default_factory=list)  # before and after
    illustrative_outcomes: list[str] = field(default_factory=list)  # ids of its outcomes' illustrative indicators
    #: Each outcome as the case study reports it: the indicator, before, after and the change.
    outcomes: list[tuple[Indicator, Figure, Figure, Figure]] = field(default_factory=list)


@dataclass(kw_only=True)
class ToolkitPage(Page):
    template = "toolkit"
    share_type = "article"
    toolkit: Toolkit
    areas: list[ServiceArea]
    related: list[CaseStudy | Toolkit]
    referenced_by: list[CaseStudy | Toolkit]
    networks: list[Network] = field(default_factory=list)
    related_practices: list[RelatedPractice] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)  # who can help with it
    peer_reviews: list[PeerReview] = field(default_factory=list)  # on the peer-review toolkit: the records
    ask: AskForm | None = None  # "Request a mentor", in a toolkit about mentoring


# --- Things of the library ------------------------------------------------------------------------
@dataclass(kw_only=True)
class ServiceAreaPage(Page):
    template = "service-area"
    area: ServiceArea
    case_studies: list[CaseStudy]
    toolkits: list[Toolkit]
    networks: list[Network]
    overview: list[IndicatorOverview] = field(default_factory=list)
    overview_chart: ChartView | None = None  # when any indicator is rated
    provenances: Provenances | None = None  # what its notice says of the indicators it shows
    people: list[Person] = field(default_factory=list)  # who know the area: mentors first, at most PEOPLE_SHOWN
    people_in_all: int = 0  # how many know it: Who to ask, filtered to the area, lists them all


@dataclass(kw_only=True)
class MunicipalityPage(Page):
    template = "municipality"
    municipality: Municipality
    case_studies: list[CaseStudy]
    district: Municipality | None
    district_case_studies: list[CaseStudy]  # its district's own, which often involve its locals
    locals: list[Municipality]
    view: MunicipalityView  # where it stands, its peers who do better, and a way forward
    networks: list[Network] = field(default_factory=list)  # it is a member of
    peer_reviews: list[PeerReview] = field(default_factory=list)  # of it
    research: list[ResearchOutput] = field(default_factory=list)  # that studies it
    people: list[Person] = field(default_factory=list)  # who work or worked there
    # For each area for improvement (by indicator id): people who have fixed it or can advise.
    people_to_ask: dict[str, list[PersonToAsk]] = field(default_factory=dict)
    # The one "Request a mentor" form, which every area for improvement links to; None without any.
    mentor_request: AskForm | None = None


@dataclass(kw_only=True)
class NetworkPage(Page):
    template = "network"
    network: Network
    items: list[CaseStudy | Toolkit]
    areas: list[ServiceArea]
    coordinator: Person | None = None
    members: list[Municipality] = field(default_factory=list)
    upcoming: list[Meeting] = field(default_factory=list)  # on the build date, soonest first
    past: list[Meeting] = field(default_factory=list)  # latest first
    ask: AskForm | None = None  # "Ask to join"


@dataclass(kw_only=True)
class BrowseListPage(Page):
    template = "browse-list"
    case_studies: list[CaseStudy]
    toolkits: list[Toolkit] = field(default_factory=list)  # on a tag's page


@dataclass(kw_only=True)
class IndicatorIndexPage(Page):
    template = "indicator-index"
    areas: list[tuple[ServiceArea, list[IndicatorOverview]]]
    downloads: dict[str, str]
    provenances: Provenances | None


@dataclass(kw_only=True)
class IndicatorPage(Page):
    """An indicator; its ranking, trend and distribution are None until some municipality reports it."""

    template = "indicator"
    indicator: Indicator
    area: ServiceArea
    summary: IndicatorSummary
    year: int | None  # the latest year reported
    downloads: dict[str, str]
    case_studies: list[PracticeOnIndicator]  # each with its municipalities' latest standing and series
    point: Point | None  # its target or national figure
    point_basis: str  # where the point comes from
    provenances: Provenances | None
    ranking: IndicatorRanking | None = None
    research: list[ResearchOutput] = field(default_factory=list)  # that studies it
    people: list[Person] = field(default_factory=list)  # who know it


# --- Comparing municipalities --------------------------------------------------------------------
@dataclass(frozen=True)
class PeerGroupSummary:
    group: PeerGroup
    members: list[Municipality]  # by name
    reporting: set[str]  # codes of the members with at least one value


@dataclass(kw_only=True)
class PeerGroupIndexPage(Page):
    template = "peer-group-index"
    groups: list[PeerGroupSummary]
    municipalities: int  # how many the registry has


@dataclass(kw_only=True)
class PeerGroupPage(Page):
    template = "peer-group"
    summary: PeerGroupSummary
    areas: list[tuple[ServiceArea, list[GroupIndicator]]]  # indicators some member reports
    provenances: Provenances | None
    download: str  # its rankings as a CSV, written from ``areas``


@dataclass(kw_only=True)
class ComparePage(Page):
    """The pickers and one empty table per indicator; compare.js fetches the chosen values."""

    template = "compare"
    provinces: dict[str, list[Municipality]]  # province name -> its municipalities, by name
    reporting: set[str]  # codes of the municipalities with values (the others are marked "no data")
    peer_groups: tuple[PeerGroup, ...]
    areas: list[tuple[ServiceArea, list[tuple[Indicator, Point | None]]]]  # each with its comparison point
    most: int  # how many municipalities it shows at most
    provenances: Provenances | None


# --- People, search, contributing -----------------------------------------------------------------
@dataclass(kw_only=True)
class WhoToAskPage(Page):
    """The directory, filterable by service area, province, language and what is offered."""

    template = "who-to-ask"
    people: list[Person]
    areas: list[ServiceArea]  # the choices of each filter: only those someone has
    provinces: dict[str, str]
    languages: list[str]
    offers: dict[str, str]

    @property
    def area_titles(self) -> dict[str, str]:
        """Service area id -> title, for the areas someone knows."""
        return {a.id: a.title for a in self.areas}


@dataclass(kw_only=True)
class PersonPage(Page):
    template = "person"
    person: Person
    municipality: Municipality | None
    province: str  # its name
    areas: list[ServiceArea]
    indicators: list[Indicator]
    case_studies: list[CaseStudy]
    toolkits: list[Toolkit]
    networks: list[Network]
    peer_reviews: list[PeerReview]
    research: list[ResearchOutput]
    ask: AskForm | None = None  # "Request this mentor", when they offer mentoring or coaching


@dataclass(kw_only=True)
class ResearchIndexPage(Page):
    template = "research-index"
    research: list[ResearchOutput]


@dataclass(kw_only=True)
class ResearchPage(Page):
    template = "research"
    research: ResearchOutput
    citation: str
    bibtex: str
    people: list[Person]
    municipalities: list[Municipality]
    areas: list[ServiceArea]
    indicators: list[Indicator]


@dataclass(kw_only=True)
class PeerReviewIndexPage(Page):
    template = "peer-review-index"
    reviews: list[PeerReview]
    toolkits: list[Toolkit]  # how to organise one: the toolkits tagged peer-review


@dataclass(kw_only=True)
class PeerReviewPage(Page):
    template = "peer-review"
    review: PeerReview
    municipality: Municipality
    reviewers: list[Person]
    peers: list[Municipality]
    areas: list[ServiceArea]
    indicators: list[Indicator]


@dataclass(kw_only=True)
class SearchPage(Page):
    template = "search"
    filters: list[tuple[str, str]]


@dataclass(kw_only=True)
class SuggestPage(Page):
    """The suggestion form: everything it needs, so it works with no server."""

    template = "suggest"
    schema: dict[str, Any]
    provinces: dict[str, list[dict[str, str]]]
    service_areas: list[dict[str, Any]]
    sections: dict[str, str]
    rules: dict[str, Any]
    new_file_url: str
    send: AskForm | None = None  # how the file goes to the curators (by e-mail or a form service)
    guide: str = ""  # the address of the contributing guide: its page on the site, or the repository's copy


@dataclass(kw_only=True)
class GuidePage(Page):
    """The contributing guide (CONTRIBUTING.md), for readers without a GitHub account."""

    template = "guide"


@dataclass(frozen=True)
class FeedEntry:
    date: str  # YYYY-MM-DD: its review date, or the first day of the year the practice started
    case: CaseStudy
    area: ServiceArea


@dataclass(frozen=True)
class Feed:
    """What feed.xml (the Atom feed of case studies, a template of its own rather than a page) shows:
    the newest case studies, latest first."""

    entries: list[FeedEntry]


@dataclass(kw_only=True)
class SchemasPage(Page):
    template = "schemas"
    schemas: list[dict[str, str]]
