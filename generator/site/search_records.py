"""Browser search: what each page tells Pagefind (search_index.py runs Pagefind).

Pagefind splits its index into small chunks that a browser fetches only for
the words a reader types, so a first query costs tens of KB instead of the
megabytes a whole-site index would. Pages opt in: a page that carries a
``SearchRecord`` (its builder calls one of the ``*_record`` functions below)
marks its main content with ``data-pagefind-body`` (see generator/theme/main.html) and lists its filters, metadata and sort keys in hidden
elements (generator/theme/lekgotla/partials/search-record.html). Indicators,
which have no page of their own, are indexed from small record pages rendered
into a folder beside the site (generator/theme/lekgotla/search-record-page.html): the Python
API answers one message per 0.1 s, so 1,000 custom records would take 100 s,
while one extra folder costs one message.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypedDict

from generator.model.entities import CaseStudy, Municipality, ServiceArea, Toolkit
from generator.site import addresses
from generator.site.samples import search_filter, search_meta
from generator.site.search_index import WHOLE_SITE, index_folders
from generator.text.synonyms import SearchVocabulary
from generator.site.wording import provenance_in_words

if TYPE_CHECKING:
    from generator.model.catalogue import Catalogue
    from generator.model.connections import PeerReview, Person, ResearchOutput
    from generator.model.entities import Network

#: The filters, in the order the search page shows them (the URL uses these names).
FILTERS = {
    "type": "Type", "service_area": "Service area", "province": "Province", "category": "Municipality category",
    "municipality": "Municipality", "year": "Year", "review": "Review status", "tag": "Tag",
    "sample": "Sample content", "language": "Language", "offer": "Offers",
}


@dataclass
class SearchRecord:
    """What Pagefind learns about one result besides its text."""

    type: str  # "Case study", "Toolkit", "Municipality", "Service area", "Indicator", "Person"
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)
    #: When set, the index holds this text instead of the page's body (a municipality page is
    #: found by its name and place, not by the hundreds of numbers in its tables; a service area
    #: or network by its purpose, not by the summaries of the hundreds of practices it lists).
    text: str = ""
    #: The words officials search with for what the page says (content/search-synonyms.yaml:
    #: "NRW, non-revenue water; youth jobs, youth employment"), indexed with it: those for what it is
    #: (its title, tags, a person's role), which weigh as a title does, and those for what it mentions.
    subject_terms: str = ""
    terms: str = ""

    @property
    def indexes_body(self) -> bool:
        """Whether the page's own text is indexed (and its excerpts made from it), or ``text`` instead."""
        return not self.text

    def __post_init__(self) -> None:
        self.filters = {"type": [self.type], **{k: v for k, v in self.filters.items() if v}}
        self.meta = {"type": self.type, **{k: v for k, v in self.meta.items() if v}}


@dataclass
class CustomRecord:
    """A search result without a page of its own: an indicator."""

    url: str  # from the site root, e.g. /service-areas/water/#ws5-1; results link here (meta "link")
    title: str
    content: str
    record: SearchRecord


# --- What each kind of page tells the search (the page builders call these) ---------------------
def case_study_record(case: CaseStudy, municipalities: list[Municipality], area: ServiceArea,
                      vocabulary: SearchVocabulary) -> SearchRecord:
    return SearchRecord("Case study", filters={
        "service_area": [area.title],
        "province": sorted({m.province_name for m in municipalities}),
        "category": sorted({m.category_name for m in municipalities}),
        "municipality": [m.name for m in municipalities], "year": [str(case.year)],
        "review": [case.review_status.value.replace("-", " ").capitalize()], "tag": case.tags,
        "sample": search_filter(case),
    }, meta={"municipality": ", ".join(m.name for m in municipalities), "year": str(case.year),
             # No summary: the page's lead paragraph carries data-pagefind-meta="summary" itself
             # (case-study.html), written once on the page, not again in an attribute.
             "sample": search_meta(case)}, sort={"year": str(case.year)},
        # What the page shows: its own words, and the service area and tags it lists.
        **_terms(vocabulary, " ".join((case.title, *case.tags)), f"{case.summary} {case.body} {area.title}"))


def toolkit_record(toolkit: Toolkit, areas: list[ServiceArea], vocabulary: SearchVocabulary) -> SearchRecord:
    return SearchRecord("Toolkit", filters={"service_area": [a.title for a in areas], "tag": toolkit.tags,
                                            "sample": search_filter(toolkit)},
                        meta={"sample": search_meta(toolkit)},  # summary: its lead paragraph
                        **_terms(vocabulary, " ".join((toolkit.title, *toolkit.tags)),
                                 " ".join((toolkit.summary, toolkit.body, *(a.title for a in areas)))))


def municipality_record(m: Municipality, summary: str, vocabulary: SearchVocabulary,
                        district: Municipality | None = None) -> SearchRecord:
    """Found by its name and place only (the page's tables of figures are left out of the index), and by
    the names people use for it: "Durban" finds eThekwini."""
    return SearchRecord("Municipality", filters={"province": [m.province_name], "category": [m.category_name],
                                                 "municipality": [m.name]},
                        meta={"title": m.name, "municipality": m.name, "summary": summary},
                        text=f"{m.name} ({m.code}): {m.category_name.lower()} in {m.province_name}"
                             + (f", {district.name}" if district else "") + f"; peer group {m.peer_group_name}.",
                        **_terms(vocabulary, m.name, ""))


def service_area_record(area: ServiceArea, vocabulary: SearchVocabulary) -> SearchRecord:
    """Found by its own words: its lists of case studies are each case study's to be found by."""
    indicators = "; ".join(i.named for i in area.indicators)
    return SearchRecord("Service area", filters={"service_area": [area.title]},
                        meta={"title": area.title, "summary": area.description},
                        text=f"{area.title}: {area.description} Indicators: {indicators}.",
                        **_terms(vocabulary, area.title,
                                 " ".join((area.description, *(i.name for i in area.indicators)))))


def person_record(person: Person, municipality: Municipality | None, province: str,
                  areas: list[ServiceArea], vocabulary: SearchVocabulary, shown: Sequence[str] = ()) -> SearchRecord:
    where = [municipality.name] if municipality else []
    return SearchRecord("Person", filters={
        "service_area": [a.title for a in areas], "province": [province] if province else [], "municipality": where,
        "language": person.languages, "offer": person.offer_names, "sample": search_filter(person),
    }, meta={"municipality": ", ".join(where) or person.organisation, "summary": person.role,
             "sample": search_meta(person)},
        **_terms(vocabulary, person.role, " ".join((person.bio, *(a.title for a in areas), *shown))))


def network_record(network: Network, areas: list[ServiceArea], members: list[Municipality],
                   vocabulary: SearchVocabulary) -> SearchRecord:
    """Found by its own words (purpose, members, meetings), not by the practices it lists; written
    as sentences, since its excerpt in the results is made from them."""
    meetings = " ".join(_sentence(f"{m.topic}{': ' if m.outputs else ''}{'; '.join(m.outputs)}")
                        for m in network.meetings)
    members_line = f"Members: {', '.join(m.name for m in members)}." if members else ""
    return SearchRecord("Learning network", filters={
        "service_area": [a.title for a in areas], "province": sorted({m.province_name for m in members}),
        "municipality": [m.name for m in members], "sample": search_filter(network)},
        meta={"title": network.title, "summary": network.description, "sample": search_meta(network)},
        text=" ".join(part for part in (f"{network.title}: {_sentence(network.description)}", _sentence(network.join),
                                         members_line, meetings) if part),
        **_terms(vocabulary, network.title,
                 " ".join((network.description, network.join, *(a.title for a in areas), meetings))))


def research_record(output: ResearchOutput, areas: list[ServiceArea],
                    municipalities: list[Municipality], vocabulary: SearchVocabulary) -> SearchRecord:
    return SearchRecord("Research", filters={
        "service_area": [a.title for a in areas], "province": sorted({m.province_name for m in municipalities}),
        "municipality": [m.name for m in municipalities], "year": [str(output.year)],
        "sample": search_filter(output),
    }, meta={"year": str(output.year), "summary": output.abstract[:300], "sample": search_meta(output)},
        sort={"year": str(output.year)},
        **_terms(vocabulary, output.title, f"{output.abstract} {output.notes}"))


def peer_review_record(review: PeerReview, m: Municipality, areas: list[ServiceArea], summary: str,
                       vocabulary: SearchVocabulary) -> SearchRecord:
    return SearchRecord("Peer review", filters={
        "service_area": [a.title for a in areas], "province": [m.province_name], "municipality": [m.name],
        "year": [str(review.year)], "sample": search_filter(review),
    }, meta={"municipality": m.name, "year": str(review.year), "summary": summary, "sample": search_meta(review)},
        sort={"year": str(review.year)},
        **_terms(vocabulary, " ".join(a.title for a in areas), f"{summary} {review.summary}"))


def custom_records(catalogue: Catalogue) -> list[CustomRecord]:
    """Indicators, on their service area's page (people, networks and research have pages of their own)."""
    lib = catalogue.library
    vocabulary = SearchVocabulary(lib.search_synonyms)
    records = []
    for area in lib.service_areas.values():
        for indicator in area.indicators:
            records.append(CustomRecord(
                "/" + addresses.indicator_definition(indicator), indicator.named,
                f"{indicator.named}. {indicator.definition} Source: {indicator.source}",
                SearchRecord("Indicator", filters={"service_area": [area.title]},
                             # Beside "Indicator" in the result, as "Sample" is beside a sample practice: the
                             # values behind it are made up (the definition is real: Circular 88's, say).
                             meta={"summary": f"{provenance_in_words(indicator)} {indicator.definition}",
                                   "sample": "Illustrative values" if indicator.illustrative else "Official figures"},
                             **_terms(vocabulary, indicator.name, indicator.definition))))
    return records


def municipality_names(catalogue: Catalogue) -> str:
    """The search page's list for a mistyped name ("Jozni"): each municipality's name, the other names people use
    for it ("Durban"), its code and its page, by name, as JSON (20 KB, 4 KB compressed, fetched only when a
    search finds nothing)."""
    lib = catalogue.library
    vocabulary = SearchVocabulary(lib.search_synonyms)
    entries = []
    for m in sorted(lib.municipalities.values(), key=lambda m: m.name.lower()):
        about, _ = vocabulary.terms(m.name, "")
        others = [name for name in about.split(", ") if name and name != m.name]
        entries.append({"name": m.name, "code": m.code, "url": addresses.municipality(m), **({"also": others} if others else {})})
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


class _Terms(TypedDict):
    subject_terms: str
    terms: str


def _terms(vocabulary: SearchVocabulary, subject: str, text: str) -> _Terms:
    """``subject_terms`` and ``terms`` of a record: what its subject (title, tags) is also searched
    as, and what the rest of its text is. A network that mentions public employment among four
    topics is not a page about youth jobs; a practice titled "a public employment programme" is."""
    about, mentioned = vocabulary.terms(subject, text)
    return {"subject_terms": about, "terms": mentioned}


def _sentence(text: str) -> str:
    """``text`` ending as a sentence ends, for an excerpt: "Meter audits" -> "Meter audits."."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def index_site(site_dir: Path, records: list[CustomRecord], env, glob: str = WHOLE_SITE) -> float:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind``; returns the seconds it took.

    ``env`` is the theme's Jinja environment, which renders the record pages.
    """
    with tempfile.TemporaryDirectory(prefix="lekgotla-records-") as folder:
        write_record_pages(Path(folder), records, env)
        return index_folders(site_dir, Path(folder), glob)


def write_record_pages(folder: Path, records: list[CustomRecord], env) -> None:
    template = env.get_template("lekgotla/search-record-page.html")
    for number, record in enumerate(records):
        page = folder / f"record-{number}" / "index.html"
        page.parent.mkdir()
        page.write_text(template.render(record=record), encoding="utf-8")
