"""Step 4: decide which pages the site has, and build each one completely.

``build_site`` is handed what the earlier steps found (the catalogue, the
benchmark analysis, the related practices) and makes every page once, as one of
the dataclasses of ``page_kinds``, with its search record and its source file;
nothing edits a page afterwards. The charts the pages show are drawn at the end,
once every page has asked for its own. No HTML is written here.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator, Mapping

from generator import progress
from generator.analysis.benchmarking import Benchmarks, analyse
from generator.model.catalogue import Catalogue
from generator.model.connections import Person
from generator.model.entities import CaseStudy, Indicator, Library, ServiceArea, Toolkit
from generator.site import addresses as at
from generator.site import downloads
from generator.site import search_records as records
from generator.site.asks import Asks
from generator.site.benchmark_pages import BenchmarkFiles, BenchmarkPages
from generator.site.channel import RequestChannel
from generator.text.synonyms import SearchVocabulary
from generator.site.connection_downloads import add_connection_downloads
from generator.site.connection_pages import connection_pages, municipality_connections
from generator.site.contribute import Repository, contribute_pages
from generator.site.peer_pages import comparison_pages
from generator.site.samples import is_sample
from generator.site.page_kinds import (AboutDataPage, BrowseIndexPage, BrowseListPage, CaseStudyIndexPage,
                                       CaseStudyPage, Feed, FeedEntry, HomePage, LibraryCounts, MunicipalityEntry, MunicipalityIndexPage,
                                       MunicipalityPage, Page, PeerGroupPage, SearchPage, ServiceAreaIndexPage, ServiceAreaPage,
                                       ToolkitIndexPage, ToolkitPage)
from generator.site.wording import provenances, rating_meanings
from generator.text.related import RelatedPractice

#: Case studies in the Atom feed, the newest.
FEED_LENGTH = 50
#: People a service area's page names; Who to ask, filtered to the area, lists them all.
PEOPLE_SHOWN = 6
#: The toolkit the home page points contributors to.
WRITING_GUIDE = "how-to-write-a-case-study"

#: The site's navigation: section index pages only, never every item; a
#: sidebar listing thousands of pages makes each page hundreds of KB.
NAV = [
    {"Home": at.page_source(at.HOME)},
    {"Case studies": at.page_source(at.CASE_STUDIES)},
    {"Toolkits": at.page_source(at.TOOLKITS)},
    {"Service areas": at.page_source(at.SERVICE_AREAS)},
    {"Indicators": at.page_source(at.INDICATORS)},
    {"Municipalities": at.page_source(at.MUNICIPALITIES)},
    {"Peer groups": at.page_source(at.PEER_GROUPS)},
    {"Compare municipalities": at.page_source(at.COMPARE)},  # was reached only from the home page and the cards
    {"Learning networks": at.page_source(at.NETWORKS)},
    {"Browse": at.page_source(at.BROWSE)},
    {"Who to ask": at.page_source(at.PEOPLE)},
    {"Research": at.page_source(at.RESEARCH)},
    {"Peer reviews": at.page_source(at.PEER_REVIEWS)},
    {"About the data": at.page_source(at.ABOUT_THE_DATA)},
    {"Suggest a case study": at.page_source(at.SUGGEST)},
]


@dataclass
class Site:
    """Everything generated: the pages, the charts and downloads, the search records without a page."""

    pages: dict[str, Page]  # by src_uri
    files: BenchmarkFiles
    records: list[records.CustomRecord]
    feed: Feed  # for feed.xml
    stats: dict[str, float | int] = field(default_factory=dict)
    analysis: Benchmarks | None = None  # the benchmarking numbers the pages show


def build_site(catalogue: Catalogue, related: dict[str, list[RelatedPractice]], cache_dir: Path,
               repository: Repository | None = None, site_url: str = "", today: dt.date | None = None,
               channel: RequestChannel | None = None, guide: str = "") -> Site:
    """Analyse the benchmarks, build every page, draw the charts they show.

    ``related`` holds the suggested related practices of each case study and toolkit, by slug.
    ``today`` (the build date by default) splits learning-network meetings into upcoming and past.
    ``channel`` is how requests reach people; without one the site offers none. ``guide`` is the
    text of the contributing guide (CONTRIBUTING.md), published as a page when there is one.
    """
    today = today or dt.date.today()
    asks = Asks(channel, site_url) if channel else None
    started = time.perf_counter()
    benchmarks = BenchmarkPages(catalogue, analyse(catalogue.library))
    analysis_seconds = time.perf_counter() - started
    started = time.perf_counter()
    pages = {page.src_uri: page for page in progress.counted("pages", chain(
        site_pages(catalogue, benchmarks, related, asks), connection_pages(catalogue, today, asks),
        benchmarks.pages(), comparison_pages(catalogue, benchmarks.benchmarks),
        contribute_pages(catalogue, repository, asks, guide)))}
    pages_seconds = time.perf_counter() - started
    files = benchmarks.draw(cache_dir, analysis_seconds)
    add_connection_downloads(catalogue, files.downloads, today, site_url)
    files.downloads.update(downloads.peer_group_files(catalogue.library, (
        (page.summary.group, [row for _, rows in page.areas for row in rows])
        for page in pages.values() if isinstance(page, PeerGroupPage))))
    files.downloads[at.MUNICIPALITY_NAMES] = records.municipality_names(catalogue)
    stats = {"pages_seconds": pages_seconds, **files.stats, "pages": len(pages)}
    return Site(pages, files, records.custom_records(catalogue), feed(catalogue), stats, benchmarks.benchmarks)


def feed(catalogue: Catalogue) -> Feed:
    lib = catalogue.library
    return Feed([FeedEntry(date, case, lib.service_areas[case.service_area])
                 for date, case in catalogue.feed_entries[:FEED_LENGTH]])


def rebuilt_pages(catalogue: Catalogue, related: Mapping[str, list[RelatedPractice]], only: Callable[[object], bool],
                  analysis: Benchmarks, site_url: str = "", channel: RequestChannel | None = None,
                  today: dt.date | None = None) -> Iterator[Page]:
    """The pages of the items ``only`` picks (and indicators), with every list, index and connection page, built as
    ``build_site`` builds them from the library's ``analysis`` (without drawing charts or writing
    downloads): ``lekgotla serve`` after an edit."""
    asks = Asks(channel, site_url) if channel else None
    benchmarks = BenchmarkPages(catalogue, analysis)
    yield from site_pages(catalogue, benchmarks, related, asks, only)
    yield from connection_pages(catalogue, today or dt.date.today(), asks)
    yield from benchmarks.pages(only)  # an indicator's page lists the case studies on it


def site_pages(catalogue: Catalogue, benchmarks: BenchmarkPages, related: Mapping[str, list[RelatedPractice]],
               asks: Asks | None = None, only: Callable[[object], bool] | None = None) -> Iterator[Page]:
    """Every page but the indicators' and the contributors', section by section.

    ``only`` picks the case studies, toolkits, service areas and municipalities whose pages are
    built (``lekgotla serve`` rebuilds those an edit reaches); the section indexes and the lists
    are always built: they are cheap.
    """
    lib = catalogue.library
    wanted = only or (lambda item: True)
    vocabulary = SearchVocabulary(lib.search_synonyms)  # the words officials search with
    yield _home_page(catalogue)
    yield AboutDataPage(src_uri=at.page_source(at.ABOUT_THE_DATA), title="About the data",
                        illustrative=[a for a in lib.service_areas.values() if a.illustrative],
                        provenance=_provenance(lib), ratings=rating_meanings())
    yield from _case_study_pages(catalogue, benchmarks, related, vocabulary, wanted)
    yield from _toolkit_pages(catalogue, related, vocabulary, asks, wanted)
    yield from _service_area_pages(catalogue, benchmarks, vocabulary, wanted)
    yield from _municipality_pages(catalogue, benchmarks, asks, vocabulary, wanted)
    # Learning networks, people, research and peer reviews: connection_pages.py
    yield from _browse_pages(catalogue)
    yield from _search_pages()


def _home_page(catalogue: Catalogue) -> HomePage:
    lib = catalogue.library
    counts = LibraryCounts(len(lib.case_studies), len(lib.toolkits), len(lib.indicators), len(lib.municipalities),
                           len(catalogue.case_studies_by_municipality))
    return HomePage(
        src_uri=at.page_source(at.HOME), title="Home", description=(
            "Municipal best practice from South Africa: case studies, toolkits and benchmarks for peer learning."),
        counts=counts, newest=catalogue.newest_case_studies[:6], guide=catalogue.by_slug.get(WRITING_GUIDE),
        areas=[(a, len(catalogue.case_studies_by_area.get(a.id, []))) for a in lib.service_areas.values()],
        official_figures=any(not i.illustrative for i in lib.indicators.values()), sample_kinds=_sample_kinds(lib))


def _case_study_pages(catalogue: Catalogue, benchmarks: BenchmarkPages, related: Mapping[str, list[RelatedPractice]],
                      vocabulary: SearchVocabulary, wanted: Callable[[object], bool]) -> Iterator[Page]:
    lib = catalogue.library
    yield CaseStudyIndexPage(src_uri=at.page_source(at.CASE_STUDIES), title="Case studies",
                             count=len(lib.case_studies),
                             areas=[(a, catalogue.case_studies_by_area.get(a.id, [])) for a in lib.service_areas.values()])
    for case in filter(wanted, lib.case_studies):
        municipalities, area = case.places, lib.service_areas[case.service_area]
        yield CaseStudyPage(
            src_uri=at.page_source(at.case_study(case)), title=case.title, body=case.body,
            description=case.summary, source_path=case.source_path,
            search=records.case_study_record(case, municipalities, area, vocabulary),
            case=case, municipalities=municipalities, area=area, related=catalogue.related_items(case),
            referenced_by=catalogue.referenced_by.get(case.slug, []),
            indicators=[lib.indicators[i] for i in case.indicators], networks=[lib.networks[n] for n in case.networks],
            related_practices=related.get(case.slug, []), outcome_charts=benchmarks.outcome_charts(case),
            illustrative_outcomes=[o.indicator for o in case.outcomes if lib.indicators[o.indicator].illustrative],
            outcomes=benchmarks.outcome_figures(case))


def _toolkit_pages(catalogue: Catalogue, related: Mapping[str, list[RelatedPractice]], vocabulary: SearchVocabulary,
                   asks: Asks | None, wanted: Callable[[object], bool]) -> Iterator[Page]:
    lib = catalogue.library
    yield ToolkitIndexPage(src_uri=at.page_source(at.TOOLKITS), title="Toolkits",
                           toolkits=sorted(lib.toolkits, key=lambda t: t.title.lower()))
    for toolkit in filter(wanted, lib.toolkits):
        areas = [lib.service_areas[a] for a in toolkit.service_areas]
        yield ToolkitPage(
            src_uri=at.page_source(at.toolkit(toolkit)), title=toolkit.title, body=toolkit.body,
            description=toolkit.summary, source_path=toolkit.source_path,
            search=records.toolkit_record(toolkit, areas, vocabulary),
            toolkit=toolkit, areas=areas, related=catalogue.related_items(toolkit),
            referenced_by=catalogue.referenced_by.get(toolkit.slug, []), networks=[lib.networks[n] for n in toolkit.networks],
            related_practices=related.get(toolkit.slug, []), people=[lib.people[s] for s in toolkit.people],
            peer_reviews=lib.peer_reviews if "peer-review" in toolkit.tags else [],
            ask=asks.toolkit(toolkit) if asks else None)


def _service_area_pages(catalogue: Catalogue, benchmarks: BenchmarkPages, vocabulary: SearchVocabulary,
                        wanted: Callable[[object], bool]) -> Iterator[Page]:
    lib = catalogue.library
    yield ServiceAreaIndexPage(src_uri=at.page_source(at.SERVICE_AREAS), title="Service areas",
                               areas=list(lib.service_areas.values()))
    people = _people_by_area(lib)
    for area in filter(wanted, lib.service_areas.values()):
        overview, overview_chart = benchmarks.overview(area)
        yield ServiceAreaPage(
            src_uri=at.page_source(at.service_area(area)), title=area.title, description=area.description,
            source_path=area.source_path, search=records.service_area_record(area, vocabulary),
            area=area, case_studies=catalogue.case_studies_by_area.get(area.id, []),
            toolkits=catalogue.toolkits_by_area.get(area.id, []),
            networks=[n for n in lib.networks.values() if area.id in n.service_areas],
            overview=overview, overview_chart=overview_chart, provenances=provenances(area.indicators),
            people=people[area.id][:PEOPLE_SHOWN], people_in_all=len(people[area.id]))


def _people_by_area(library: Library) -> dict[str, list[Person]]:
    """Who knows each service area, mentors first (a reader who needs help most often wants one),
    then by name."""
    by_area: dict[str, list[Person]] = {area: [] for area in library.service_areas}
    for person in sorted(library.people.values(), key=lambda p: (not p.is_mentor, p.name)):
        for area in person.service_areas:
            by_area.setdefault(area, []).append(person)
    return by_area


def _municipality_pages(catalogue: Catalogue, benchmarks: BenchmarkPages, asks: Asks | None,
                        vocabulary: SearchVocabulary, wanted: Callable[[object], bool]) -> Iterator[Page]:
    lib = catalogue.library
    yield MunicipalityIndexPage(src_uri=at.page_source(at.MUNICIPALITIES), title="Municipalities",
                                provinces=_municipality_entries(catalogue))
    for municipality in filter(wanted, lib.municipalities.values()):
        description = (f"{municipality.name}: {municipality.category_name.lower()} in "
                       f"{municipality.province_name}")
        view = benchmarks.municipality_view(municipality)
        yield MunicipalityPage(
            src_uri=at.page_source(at.municipality(municipality)), title=municipality.name,
            description=description, search=records.municipality_record(municipality, description, vocabulary,
                                                                        lib.municipalities.get(municipality.district)),
            municipality=municipality,
            case_studies=catalogue.case_studies_by_municipality.get(municipality.code, []),
            district=lib.municipalities.get(municipality.district),
            district_case_studies=[c for c in catalogue.case_studies_by_municipality.get(municipality.district or "", [])
                                   if municipality.code not in c.municipalities],
            locals=[m for m in lib.municipalities.values() if m.district == municipality.code],
            view=view, **municipality_connections(catalogue, benchmarks.benchmarks, municipality, view, asks))


def _provenance(lib) -> list[tuple[Indicator, ServiceArea, list[tuple[int, str, str]]]]:
    """Per indicator, in the library's order: its area and where its values of each year come from."""
    editions: dict[str, set[tuple[int, str, str]]] = {}
    for o in lib.observations:
        editions.setdefault(o.indicator, set()).add((o.year, o.source, o.boundaries))
    result = []
    for area in lib.service_areas.values():
        for indicator in area.indicators:
            # Samples have one source, the sample generator: only official editions are listed.
            found = editions.get(indicator.id, set()) if not indicator.illustrative else set()
            result.append((indicator, area, sorted(e for e in found if e[1])))
    return result


def _sample_kinds(lib) -> list[str]:
    """The kinds of item of which the library has samples, as the home page names them."""
    kinds = {"case studies": lib.case_studies, "toolkits": lib.toolkits, "people": lib.people.values(),
             "research outputs": lib.research, "peer reviews": lib.peer_reviews,
             "learning networks": lib.networks.values()}
    return [kind for kind, items in kinds.items() if any(is_sample(item) for item in items)]


def _municipality_entries(catalogue: Catalogue) -> list[tuple[str, str, list[MunicipalityEntry]]]:
    """Each province with its municipalities, each with how many indicators it has values of, by kind."""
    lib = catalogue.library
    indicators: dict[str, set[str]] = {}
    for o in lib.observations:
        indicators.setdefault(o.municipality, set()).add(o.indicator)

    def entry(m) -> MunicipalityEntry:
        own = indicators.get(m.code, set())
        illustrative = sum(1 for i in own if lib.indicators[i].illustrative)
        return MunicipalityEntry(m, len(own) - illustrative, illustrative,
                                 len(catalogue.case_studies_by_municipality.get(m.code, [])))

    return [(code, lib.provinces[code], [entry(m) for m in municipalities])
            for code, municipalities in catalogue.municipalities_by_province.items()]


def _browse_pages(catalogue: Catalogue) -> Iterator[Page]:
    lib = catalogue.library
    provinces = [(code, name, len(catalogue.case_studies_by_province.get(code, []))) for code, name in lib.provinces.items()]
    years = [(year, len(items)) for year, items in catalogue.case_studies_by_year.items()]
    tags = catalogue.tags_by_item_count
    studies: list[CaseStudy | Toolkit] = list(lib.case_studies)
    yield BrowseIndexPage(src_uri=at.page_source(at.BROWSE), title="Browse", provinces=provinces, years=years, tags=tags,
                          counted=studies)
    yield BrowseIndexPage(src_uri=at.page_source(at.BROWSE_PROVINCES), title="Case studies by province",
                          provinces=provinces, years=[], tags=[], whole=False, counted=studies)
    yield BrowseIndexPage(src_uri=at.page_source(at.BROWSE_YEARS), title="Practices by the year they started",
                          provinces=[], years=years, tags=[], whole=False, counted=studies)
    yield BrowseIndexPage(src_uri=at.page_source(at.BROWSE_TAGS), title="Case studies and toolkits by tag",
                          provinces=[], years=[], tags=tags, whole=False, counted=[*studies, *lib.toolkits],
                          counted_plural="case studies and toolkits")
    for code, name in lib.provinces.items():
        yield BrowseListPage(src_uri=at.page_source(at.province(code)), title=f"Case studies in {name}",
                             case_studies=catalogue.case_studies_by_province.get(code, []))
    for tag in catalogue.tags:  # toolkits link to their tags too
        yield BrowseListPage(src_uri=at.page_source(at.tag(tag)), title=f"Tagged “{tag}”",
                             case_studies=catalogue.case_studies_by_tag.get(tag, []),
                             toolkits=catalogue.toolkits_by_tag.get(tag, []))
    for year, case_studies in catalogue.case_studies_by_year.items():
        yield BrowseListPage(src_uri=at.page_source(at.year(year)), title=f"Practices started in {year}",
                             case_studies=case_studies)


def _search_pages() -> Iterator[Page]:
    yield SearchPage(src_uri=at.page_source(at.SEARCH), title="Search", filters=list(records.FILTERS.items()),
                     description="Search case studies, toolkits, municipalities, indicators, people and research.")
