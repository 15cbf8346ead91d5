"""Pages of connections: who to ask, people, learning networks, research and peer reviews.

Also what connections add to a municipality's page (``municipality_connections``):
its networks, peer reviews, research and, for each area for improvement, the
people to ask; and the page's one "Request a mentor" form. Indicator pages read the research
and people on the indicator from ``catalogue.links``.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from generator.analysis.benchmarking import Benchmarks
from generator.site.asks import Asks
from generator.site.mentors import people_to_ask
from generator.model.catalogue import Catalogue
from generator.model.connections import OFFERS
from generator.model.entities import Municipality
from generator.site import addresses as at
from generator.site import search_records as records
from generator.site.calendars import split_meetings
from generator.site.citations import bibtex, plain_citation
from generator.site.municipality_view import MunicipalityView
from generator.text.synonyms import SearchVocabulary
from generator.site.wording import days_in_words, role_and_place
from generator.site.page_kinds import (NetworkIndexPage, NetworkPage, Page, PeerReviewIndexPage, PeerReviewPage,
                                       PersonPage, ResearchIndexPage, ResearchPage, WhoToAskPage)

#: The twelve official languages, in the order the directory's filter lists them.
LANGUAGES = ["English", "isiZulu", "isiXhosa", "Afrikaans", "Sepedi", "Setswana", "Sesotho", "Xitsonga", "siSwati",
             "Tshivenda", "isiNdebele", "South African Sign Language"]


def connection_pages(catalogue: Catalogue, today: dt.date, asks: Asks | None = None) -> Iterator[Page]:
    vocabulary = SearchVocabulary(catalogue.library.search_synonyms)  # the words officials search with
    yield from _people_pages(catalogue, vocabulary, asks)
    yield from _network_pages(catalogue, today, vocabulary, asks)
    yield from _research_pages(catalogue, vocabulary)
    yield from _review_pages(catalogue, vocabulary)


def municipality_connections(catalogue: Catalogue, benchmarks: Benchmarks, municipality: Municipality,
                             view: MunicipalityView, asks: Asks | None) -> dict:
    """What connections add to a municipality's page (fields of ``MunicipalityPage``)."""
    links = catalogue.links
    rows = [improvement.row for improvement in view.improvements]
    to_ask = {row.indicator.id: people_to_ask(catalogue, benchmarks, municipality.code, row.indicator.id)
              for row in rows}
    return {
        "networks": links.networks_by_municipality.get(municipality.code, []),
        "peer_reviews": links.peer_reviews_by_municipality.get(municipality.code, []),
        "research": links.research_by_municipality.get(municipality.code, []),
        "people": links.people_by_municipality.get(municipality.code, []),
        "people_to_ask": to_ask,
        # Nothing is stored: the request goes through the site's channel, offering the mentors the page names.
        "mentor_request": asks.improvements(municipality, [(row.indicator, [a.person for a in to_ask[row.indicator.id]])
                                                           for row in _in_page_order(rows, view)]) if asks else None,
    }


def _in_page_order(rows: list, view: MunicipalityView) -> list:
    """The areas for improvement as the page shows their cards (service area by service area), not by gap:
    the order a reader looks for one in the request form's list."""
    order = {c.indicator.id: n for n, c in enumerate(c for a in view.areas for c in a.cards)}
    return sorted(rows, key=lambda row: order[row.indicator.id])


# ----- people ----------------------------------------------------------------------
def _people_pages(catalogue: Catalogue, vocabulary: SearchVocabulary, asks: Asks | None) -> Iterator[Page]:
    lib, links = catalogue.library, catalogue.links
    people = list(lib.people.values())
    yield WhoToAskPage(
        src_uri=at.page_source(at.PEOPLE), title="Who to ask", people=people,
        areas=[a for a in lib.service_areas.values() if any(a.id in p.service_areas for p in people)],
        provinces={c: n for c, n in lib.provinces.items() if any(p.province == c for p in people)},
        languages=[lang for lang in LANGUAGES if any(lang in p.languages for p in people)],
        offers={k: v for k, v in OFFERS.items() if any(k in p.offers for p in people)},
        description="Practitioners, mentors and researchers who agreed to be asked: filter by service area, "
                    "province, language and what they offer.")
    for person in people:
        municipality = lib.municipalities.get(person.municipality)
        province, areas = links.province_name(person), [lib.service_areas[a] for a in person.service_areas]
        indicators = [lib.indicators[i] for i in sorted(links.indicators_of(person)) if i in lib.indicators]
        case_studies, toolkits = links.case_studies_by_person.get(person.slug, []), links.toolkits_by_person.get(person.slug, [])
        networks, research = links.networks_by_person.get(person.slug, []), links.research_by_person.get(person.slug, [])
        reviews = links.peer_reviews_by_person.get(person.slug, [])
        # What the page shows besides the bio, for the words search adds ("NRW" for the long form).
        shown = [*(i.name for i in indicators), *(c.title for c in case_studies), *(t.title for t in toolkits),
                 *(n.title for n in networks), *("" for _ in reviews), *(r.title for r in research)]
        yield PersonPage(
            src_uri=at.page_source(at.person(person)), title=person.name, body=person.bio,
            description=f"{person.name}: {role_and_place(person)}", source_path=person.source_path,
            search=records.person_record(person, municipality, province, areas, vocabulary, shown),
            person=person, municipality=municipality, province=province, areas=areas,
            indicators=indicators, ask=asks.person(person, indicators) if asks else None, case_studies=case_studies,
            toolkits=toolkits, networks=networks, peer_reviews=reviews, research=research)


# ----- learning networks -------------------------------------------------------------
def _network_pages(catalogue: Catalogue, today: dt.date, vocabulary: SearchVocabulary,
                   asks: Asks | None) -> Iterator[Page]:
    lib = catalogue.library
    split = {n.id: split_meetings(n, today) for n in lib.networks.values()}
    yield NetworkIndexPage(src_uri=at.page_source(at.NETWORKS), title="Learning networks",
                           networks=list(lib.networks.values()),
                           next_meetings={i: upcoming[0] for i, (upcoming, _) in split.items() if upcoming},
                           description="Learning networks: practitioners from different municipalities who meet "
                                       "to learn from each other.")
    for network in lib.networks.values():
        areas = [lib.service_areas[a] for a in network.service_areas]
        members = sorted((lib.municipalities[c] for c in network.members), key=lambda m: m.name.casefold())
        yield NetworkPage(
            src_uri=at.page_source(at.network(network)), title=network.title, description=network.description,
            search=records.network_record(network, areas, members, vocabulary), network=network,
            items=catalogue.items_by_network.get(network.id, []), areas=areas,
            coordinator=lib.people.get(network.coordinator), members=members,
            upcoming=split[network.id][0], past=split[network.id][1],
            ask=asks.join(network, lib.people.get(network.coordinator)) if asks else None)


# ----- research ---------------------------------------------------------------------
def _research_pages(catalogue: Catalogue, vocabulary: SearchVocabulary) -> Iterator[Page]:
    lib = catalogue.library
    yield ResearchIndexPage(src_uri=at.page_source(at.RESEARCH), title="Research", research=lib.research,
                            description="Research from partnerships with universities and research agencies, with "
                                        "the municipalities and indicators it studies.")
    for output in lib.research:
        areas = [lib.service_areas[a] for a in output.service_areas]
        municipalities = [lib.municipalities[c] for c in output.municipalities]
        yield ResearchPage(
            src_uri=at.page_source(at.research(output)), title=output.title, body=output.notes,
            description=output.abstract[:300], source_path=output.source_path,
            search=records.research_record(output, areas, municipalities, vocabulary),
            research=output, citation=plain_citation(output), bibtex=bibtex(output),
            people=[lib.people[s] for s in output.people], municipalities=municipalities, areas=areas,
            indicators=[lib.indicators[i] for i in output.indicators])


# ----- peer reviews -------------------------------------------------------------------
def _review_pages(catalogue: Catalogue, vocabulary: SearchVocabulary) -> Iterator[Page]:
    lib = catalogue.library
    yield PeerReviewIndexPage(src_uri=at.page_source(at.PEER_REVIEWS), title="Peer reviews", reviews=lib.peer_reviews,
                              toolkits=[t for t in lib.toolkits if "peer-review" in t.tags],
                              description="Peer reviews of municipalities: who reviewed what, the findings and "
                                          "recommendations, and how far the follow-up has come.")
    for review in lib.peer_reviews:
        municipality = lib.municipalities[review.municipality]
        areas = [lib.service_areas[a] for a in review.focus_areas]
        description = (f"Peer review of {municipality.name}, {days_in_words(review.start, review.end)}: "
                       f"{len(review.findings)} findings, follow-up {review.follow_up_name.lower()}.")
        yield PeerReviewPage(
            src_uri=at.page_source(at.peer_review(review)), title=f"Peer review of {municipality.name} ({review.year})",
            body=review.summary, description=description, source_path=review.source_path,
            search=records.peer_review_record(review, municipality, areas, description, vocabulary),
            review=review, municipality=municipality, reviewers=[lib.people[s] for s in review.reviewers],
            peers=[lib.municipalities[c] for c in review.peer_municipalities], areas=areas,
            indicators=[lib.indicators[i] for i in review.indicators])
