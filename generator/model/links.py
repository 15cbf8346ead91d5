"""How people, networks, research and peer reviews point at each other and at the rest.

Computed once per catalogue (``Catalogue.links``), so a person's page or a
municipality's page never loops over the whole library.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import TYPE_CHECKING

from generator.model.connections import PeerReview, Person, ResearchOutput
from generator.model.entities import CaseStudy, Municipality, Network, Toolkit

if TYPE_CHECKING:
    from generator.model.catalogue import Catalogue


class Links:
    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.library = catalogue.library

    # ----- a person's work ---------------------------------------------------
    @cached_property
    def case_studies_by_person(self) -> dict[str, list[CaseStudy]]:
        return _group(self.catalogue.newest_case_studies, lambda c: [x.person for x in c.contacts if x.person])

    @cached_property
    def toolkits_by_person(self) -> dict[str, list[Toolkit]]:
        return _group(self.library.toolkits, lambda t: t.people)

    @cached_property
    def networks_by_person(self) -> dict[str, list[Network]]:
        """The networks a person coordinates, or whose members include their municipality."""
        return _group(self.library.people.values(), lambda p: [
            n.id for n in self.library.networks.values() if n.coordinator == p.slug or p.municipality in n.members],
            value=lambda p: p.slug, lookup=self.library.networks)

    @cached_property
    def peer_reviews_by_person(self) -> dict[str, list[PeerReview]]:
        return _group(self.library.peer_reviews, lambda r: r.reviewers)

    @cached_property
    def research_by_person(self) -> dict[str, list[ResearchOutput]]:
        return _group(self.library.research, lambda r: r.people)

    # ----- by municipality, indicator, service area ----------------------------
    @cached_property
    def networks_by_municipality(self) -> dict[str, list[Network]]:
        return _group(self.library.networks.values(), lambda n: n.members)

    @cached_property
    def peer_reviews_by_municipality(self) -> dict[str, list[PeerReview]]:
        return _group(self.library.peer_reviews, lambda r: [r.municipality])

    @cached_property
    def research_by_municipality(self) -> dict[str, list[ResearchOutput]]:
        return _group(self.library.research, lambda r: r.municipalities)

    @cached_property
    def research_by_indicator(self) -> dict[str, list[ResearchOutput]]:
        return _group(self.library.research, lambda r: r.indicators)

    @cached_property
    def people_by_municipality(self) -> dict[str, list[Person]]:
        return _group(self.library.people.values(), lambda p: sorted(self.municipalities_of(p)))

    @cached_property
    def people_by_indicator(self) -> dict[str, list[Person]]:
        """Who knows an indicator: it is in their expertise, or in a case study they are the contact for."""
        return _group(self.library.people.values(), lambda p: sorted(self.indicators_of(p)))

    def municipalities_of(self, person: Person) -> set[str]:
        """Their municipality, and those of the case studies they are the contact for."""
        codes = {c for case in self.case_studies_by_person.get(person.slug, []) for c in case.municipalities}
        return codes | ({person.municipality} if person.municipality else set())

    def indicators_of(self, person: Person) -> set[str]:
        cases = self.case_studies_by_person.get(person.slug, [])
        return set(person.indicators) | {i for c in cases for i in (*c.indicators, *(o.indicator for o in c.outcomes))}

    def municipality(self, code: str) -> Municipality | None:
        return self.library.municipalities.get(code)

    def province_name(self, person: Person) -> str:
        return self.library.provinces.get(person.province, "")

    # ----- the latest values, for "people who have fixed this" -----------------
    @cached_property
    def latest_values(self) -> dict[str, dict[str, tuple[int, float]]]:
        """indicator -> municipality code -> (year, value) of its latest observation."""
        latest: dict[str, dict[str, tuple[int, float]]] = defaultdict(dict)
        for o in self.library.observations:
            known = latest[o.indicator].get(o.municipality)
            if known is None or o.year > known[0]:
                latest[o.indicator][o.municipality] = (o.year, o.value)
        return dict(latest)


def _group(items, keys_of, value=None, lookup=None) -> dict:
    groups: dict = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            if value is None:
                groups[key].append(item)
            else:  # grouped the other way round: value(item) -> the looked-up keys
                groups[value(item)].append(lookup[key])
    return dict(groups)
