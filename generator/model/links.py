"""How people, networks, research and peer reviews point at each other and at the rest.

Computed once per catalogue (``Catalogue.links``), so a person's page or a
municipality's page never loops over the whole library.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from generator.model.connections import PeerReview, Person, ResearchOutput
from generator.model.grouping import group
from generator.model.entities import CaseStudy, Contact, Indicator, Municipality, Network, Toolkit

if TYPE_CHECKING:
    from generator.model.catalogue import Catalogue


class Links:
    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.library = catalogue.library

    # ----- a person's work ---------------------------------------------------
    @cached_property
    def case_studies_by_person(self) -> dict[str, list[CaseStudy]]:
        return group(self.catalogue.newest_case_studies, lambda c: [x.person for x in c.contacts if x.person])

    @cached_property
    def toolkits_by_person(self) -> dict[str, list[Toolkit]]:
        return group(self.library.toolkits, lambda t: t.people)

    @cached_property
    def networks_by_person(self) -> dict[str, list[Network]]:
        """The networks a person coordinates, or whose members include their municipality."""
        networks = self.library.networks.values()
        found = {p.slug: [n for n in networks if n.coordinator == p.slug or p.municipality in n.members]
                 for p in self.library.people.values()}
        return {slug: networks_of for slug, networks_of in found.items() if networks_of}

    @cached_property
    def peer_reviews_by_person(self) -> dict[str, list[PeerReview]]:
        return group(self.library.peer_reviews, lambda r: r.reviewers)

    @cached_property
    def research_by_person(self) -> dict[str, list[ResearchOutput]]:
        return group(self.library.research, lambda r: r.people)

    # ----- by municipality, indicator, service area ----------------------------
    @cached_property
    def networks_by_municipality(self) -> dict[str, list[Network]]:
        return group(self.library.networks.values(), lambda n: n.members)

    @cached_property
    def peer_reviews_by_municipality(self) -> dict[str, list[PeerReview]]:
        return group(self.library.peer_reviews, lambda r: [r.municipality])

    @cached_property
    def research_by_municipality(self) -> dict[str, list[ResearchOutput]]:
        return group(self.library.research, lambda r: r.municipalities)

    @cached_property
    def research_by_indicator(self) -> dict[str, list[ResearchOutput]]:
        return group(self.library.research, lambda r: r.indicators)

    @cached_property
    def people_by_municipality(self) -> dict[str, list[Person]]:
        return group(self.library.people.values(), lambda p: sorted(self.municipalities_of(p)))

    @cached_property
    def people_by_indicator(self) -> dict[str, list[Person]]:
        """Who knows an indicator: it is in their expertise, or in a case study they are the contact for."""
        return group(self.library.people.values(), lambda p: sorted(self.indicators_of(p)))

    def municipalities_of(self, person: Person) -> set[str]:
        """Their municipality, and those of the case studies they are the contact for."""
        codes = {c for case in self.case_studies_by_person.get(person.slug, []) for c in case.municipalities}
        return codes | ({person.municipality} if person.municipality else set())

    def indicators_of(self, person: Person) -> set[str]:
        cases = self.case_studies_by_person.get(person.slug, [])
        return set(person.indicators).union(*(c.about for c in cases))

    # ----- whom to call at a municipality ----------------------------------------------
    @cached_property
    def case_studies_on(self) -> dict[tuple[str, str], list[CaseStudy]]:
        """(municipality code, indicator) -> its case studies about the indicator, in the library's order."""
        return group(self.library.case_studies, lambda c: [(code, i) for code in c.municipalities for i in c.about])

    @cached_property
    def case_studies_in_area(self) -> dict[tuple[str, str], list[CaseStudy]]:
        """(municipality code, service area) -> its case studies in the area, in the library's order."""
        return group(self.library.case_studies, lambda c: [(code, c.service_area) for code in c.municipalities])

    @cached_property
    def people_at(self) -> dict[str, list[Person]]:
        """Municipality code -> the people who work (or worked) there."""
        return group(self.library.people.values(), lambda p: [p.municipality] if p.municipality else [])

    def contacts_at(self, code: str, indicator: Indicator) -> list[Contact | Person]:
        """Whom to call at a municipality about ``indicator``: the one place that decides it.

        The contacts of its case studies on the indicator, then of its other case studies
        in the same service area, then the people listed at it who know the service area,
        each person once: a municipality without a written-up practice is still worth calling.
        """
        on_indicator = self.case_studies_on.get((code, indicator.id), [])
        in_area = [c for c in self.case_studies_in_area.get((code, indicator.service_area), [])
                   if c not in on_indicator]
        listed = [p for p in self.people_at.get(code, []) if indicator.service_area in p.service_areas]
        seen, people = set(), []
        candidates: list[Contact | Person] = [*(c for case in on_indicator + in_area for c in case.contacts), *listed]
        for contact in candidates:
            key = (" ".join(contact.name.casefold().split()), contact.email.casefold())
            if key not in seen:
                seen.add(key)
                people.append(contact)
        return people

    def municipality(self, code: str) -> Municipality | None:
        return self.library.municipalities.get(code)

    def province_name(self, person: Person) -> str:
        return self.library.provinces.get(person.province, "")
