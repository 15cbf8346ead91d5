"""Pages of connections: who to ask, people, learning networks, research and peer reviews.

Also what connections add to other pages (``extend_pages``): on a municipality's
page its networks, peer reviews, research and, for each area for improvement,
the people to ask and a "Request a mentor" link; on an indicator's page the
research on it and who knows it; on the peer-review toolkit the review records.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator
from urllib.parse import quote, urlencode

from generator.analysis.mentors import people_to_ask
from generator.model.catalogue import Catalogue
from generator.model.connections import FOLLOW_UP, OFFERS, Person
from generator.model.entities import Indicator, Municipality
from generator.site.calendars import split_meetings
from generator.site.citations import bibtex, plain_citation
from generator.site.contribute import Repository
from generator.site.pages import PageSpec

#: The twelve official languages, in the order the directory's filter lists them.
LANGUAGES = ["English", "isiZulu", "isiXhosa", "Afrikaans", "Sepedi", "Setswana", "Sesotho", "Xitsonga", "siSwati",
             "Tshivenda", "isiNdebele", "South African Sign Language"]


def connection_pages(catalogue: Catalogue, repository: Repository | None, today: dt.date) -> Iterator[PageSpec]:
    yield from _people_pages(catalogue)
    yield from _network_pages(catalogue, today)
    yield from _research_pages(catalogue)
    yield from _review_pages(catalogue)


def mentor_request_url(repository: Repository | None, municipality: Municipality, indicator: Indicator) -> str:
    """A prefilled GitHub issue (or, with no repository, an email) asking for a mentor; nothing is stored."""
    title = f"Mentor request: {municipality.name} ({municipality.code}), {indicator.id} {indicator.name}"
    body = (f"Municipality: {municipality.name} ({municipality.code})\n"
            f"Indicator: {indicator.id} {indicator.name}\n\n"
            "Who is asking (name and role; leave out anything you do not want public):\n\n\n"
            "What you would like help with:\n\n\n"
            "Preferred language(s):\n")
    if repository:
        return f"{repository.url}/issues/new?" + urlencode({"title": title, "body": body, "labels": "mentor request"})
    return f"mailto:?subject={quote(title)}&body={quote(body)}"


# ----- people ----------------------------------------------------------------------
def _people_pages(catalogue: Catalogue) -> Iterator[PageSpec]:
    lib, links = catalogue.library, catalogue.links
    people = list(lib.people.values())
    yield PageSpec("people/index.md", "Who to ask", "who-to-ask", data={
        "people": people, "areas": [a for a in lib.service_areas.values() if any(a.id in p.service_areas for p in people)],
        "provinces": {c: n for c, n in lib.provinces.items() if any(p.province == c for p in people)},
        "languages": [lang for lang in LANGUAGES if any(lang in p.languages for p in people)],
        "offers": {k: v for k, v in OFFERS.items() if any(k in p.offers for p in people)},
    }, description="Practitioners, mentors and researchers who agreed to be asked: filter by service area, "
                   "province, language and what they offer.")
    for person in people:
        yield PageSpec(f"people/{person.slug}.md", person.name, "person", person.bio, _person_data(catalogue, person),
                       description=f"{person.name}: {person.role}{_at(person, lib)}")


def _person_data(catalogue: Catalogue, person: Person) -> dict:
    lib, links = catalogue.library, catalogue.links
    return {"person": person, "municipality": lib.municipalities.get(person.municipality),
            "province": links.province_name(person),
            "areas": [lib.service_areas[a] for a in person.service_areas],
            "indicators": [lib.indicators[i] for i in sorted(links.indicators_of(person)) if i in lib.indicators],
            "case_studies": links.case_studies_by_person.get(person.slug, []),
            "toolkits": links.toolkits_by_person.get(person.slug, []),
            "networks": links.networks_by_person.get(person.slug, []),
            "peer_reviews": links.peer_reviews_by_person.get(person.slug, []),
            "research": links.research_by_person.get(person.slug, [])}


def _at(person: Person, lib) -> str:
    home = lib.municipalities.get(person.municipality)
    if home:
        return f", {'formerly of ' if person.affiliation == 'former-official' else ''}{home.name}"
    return f", {person.organisation}" if person.organisation else ""


# ----- learning networks -------------------------------------------------------------
def _network_pages(catalogue: Catalogue, today: dt.date) -> Iterator[PageSpec]:
    lib = catalogue.library
    yield PageSpec("networks/index.md", "Learning networks", "network-index", data={"today": today},
                   description="Learning networks: practitioners from different municipalities who meet to learn "
                               "from each other.")
    for network in lib.networks.values():
        upcoming, past = split_meetings(network, today)
        yield PageSpec(f"networks/{network.id}.md", network.title, "network", data={
            "network": network, "items": catalogue.items_by_network.get(network.id, []),
            "areas": [lib.service_areas[a] for a in network.service_areas],
            "coordinator": lib.people.get(network.coordinator),
            "members": sorted((lib.municipalities[c] for c in network.members), key=lambda m: m.name.casefold()),
            "upcoming": upcoming, "past": past, "today": today,
        }, description=network.description)


# ----- research ---------------------------------------------------------------------
def _research_pages(catalogue: Catalogue) -> Iterator[PageSpec]:
    lib = catalogue.library
    yield PageSpec("research/index.md", "Research", "research-index", data={"research": lib.research},
                   description="Research from partnerships with universities and research agencies, with the "
                               "municipalities and indicators it studies.")
    for output in lib.research:
        yield PageSpec(f"research/{output.slug}.md", output.title, "research", output.notes, {
            "research": output, "citation": plain_citation(output), "bibtex": bibtex(output),
            "people": [lib.people[s] for s in output.people],
            "municipalities": [lib.municipalities[c] for c in output.municipalities],
            "areas": [lib.service_areas[a] for a in output.service_areas],
            "indicators": [lib.indicators[i] for i in output.indicators],
        }, description=output.abstract[:300])


# ----- peer reviews -------------------------------------------------------------------
def _review_pages(catalogue: Catalogue) -> Iterator[PageSpec]:
    lib = catalogue.library
    yield PageSpec("peer-reviews/index.md", "Peer reviews", "peer-review-index",
                   data={"reviews": lib.peer_reviews, "follow_up": FOLLOW_UP},
                   description="Peer reviews of municipalities: who reviewed what, the findings and recommendations, "
                               "and how far the follow-up has come.")
    for review in lib.peer_reviews:
        municipality = lib.municipalities[review.municipality]
        yield PageSpec(f"peer-reviews/{review.slug}.md", f"Peer review of {municipality.name} ({review.year})",
                       "peer-review", review.summary, {
                           "review": review, "municipality": municipality,
                           "reviewers": [lib.people[s] for s in review.reviewers],
                           "peers": [lib.municipalities[c] for c in review.peer_municipalities],
                           "areas": [lib.service_areas[a] for a in review.focus_areas],
                           "indicators": [lib.indicators[i] for i in review.indicators],
                       }, description=f"Peer review of {municipality.name}, {review.start} to {review.end}: "
                                      f"{len(review.findings)} findings, follow-up {review.follow_up_name.lower()}.")


# ----- additions to other pages ----------------------------------------------------------
def extend_pages(catalogue: Catalogue, specs: dict[str, PageSpec], repository: Repository | None) -> None:
    """Add connections to municipality, indicator, toolkit and case-study pages (after the benchmarks)."""
    lib, links = catalogue.library, catalogue.links
    for municipality in lib.municipalities.values():
        spec = specs.get(f"municipalities/{municipality.slug}.md")
        if not spec:
            continue
        spec.data["connections"] = {
            "networks": links.networks_by_municipality.get(municipality.code, []),
            "peer_reviews": links.peer_reviews_by_municipality.get(municipality.code, []),
            "research": links.research_by_municipality.get(municipality.code, []),
            "people": links.people_by_municipality.get(municipality.code, []),
        }
        rows = [row for row, _ in spec.data.get("improvements", [])]
        spec.data["people_to_ask"] = {row.indicator.id: people_to_ask(catalogue, municipality.code, row.indicator.id)
                                      for row in rows}
        spec.data["mentor_requests"] = {row.indicator.id: mentor_request_url(repository, municipality, row.indicator)
                                        for row in rows}
    for indicator in lib.indicators.values():
        spec = specs.get(f"indicators/{indicator.slug}.md")
        if spec:
            spec.data["connections"] = {"research": links.research_by_indicator.get(indicator.id, []),
                                        "people": links.people_by_indicator.get(indicator.id, [])}
    for toolkit in lib.toolkits:
        spec = specs.get(f"toolkits/{toolkit.slug}.md")
        if spec:
            spec.data["people"] = [lib.people[s] for s in toolkit.people]
            spec.data["peer_reviews"] = lib.peer_reviews if "peer-review" in toolkit.tags else []
