"""Who to ask: the practitioners named in case-study ``contacts``, and what each can speak about.

Only what the case studies publish is shown: name, role, email and phone as
written there, the municipality of the case study, its indicators and the
practices themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.model.catalogue import Catalogue
from generator.model.entities import CaseStudy, Library, Municipality


@dataclass
class Person:
    name: str
    roles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    municipalities: list[Municipality] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    practices: list[CaseStudy] = field(default_factory=list)
    slug: str = ""  # the anchor on their service area's page, unique there

    @property
    def sample(self) -> bool:
        """Named only in sample case studies: made up, not someone to contact."""
        return bool(self.practices) and all(p.sample for p in self.practices)

    def search_text(self, library: Library) -> str:
        indicators = "; ".join(f"{code} {library.indicators[code].name}" for code in self.indicators)
        return ". ".join(filter(None, [
            self.name, ", ".join(self.roles), ", ".join(m.name for m in self.municipalities), indicators,
            "; ".join(p.title for p in self.practices)]))


def people_by_service_area(catalogue: Catalogue) -> dict[str, list[Person]]:
    """Service area id -> the people who published a case study in it, by name.

    The same name with the same email (or none) is one person, even across
    case studies; a name with two different emails is taken as two people.
    """
    grouped: dict[str, dict[tuple[str, str], Person]] = {area: {} for area in catalogue.library.service_areas}
    for case in catalogue.newest_case_studies:
        for contact in case.contacts:
            key = (" ".join(contact.name.casefold().split()), contact.email.casefold())
            person = grouped[case.service_area].setdefault(key, Person(contact.name))
            _add(person.roles, contact.role)
            _add(person.emails, contact.email)
            _add(person.phones, contact.phone)
            for municipality in catalogue.municipalities_of(case):
                _add(person.municipalities, municipality)
            for indicator in case.indicators:
                _add(person.indicators, indicator)
            _add(person.practices, case)
    return {area: _with_anchors(sorted(people.values(), key=lambda p: p.name.casefold()))
            for area, people in grouped.items() if people}


def _with_anchors(people: list[Person]) -> list[Person]:
    taken: set[str] = set()
    for person in people:
        base = re.sub(r"[^a-z0-9]+", "-", person.name.casefold()).strip("-") or "person"
        person.slug, number = base, 2
        while person.slug in taken:
            person.slug, number = f"{base}-{number}", number + 1
        taken.add(person.slug)
    return people


def _add(values: list, value) -> None:
    if value and value not in values:
        values.append(value)
