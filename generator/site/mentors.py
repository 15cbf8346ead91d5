"""People to ask about an area for improvement: "people who have fixed this".

For a municipality and an indicator it falls short on: people who know the
indicator and come from a municipality whose latest value is better, then
mentors who know the indicator, then mentors in its service area. People of
the same province come first in each group (a shared language is likelier, and
the drive shorter); nobody from the municipality itself is suggested.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.wording import format_value
from generator.model.catalogue import Catalogue
from generator.model.connections import Person
from generator.model.entities import Direction, Municipality


@dataclass(frozen=True)
class PersonToAsk:
    person: Person
    reason: str  # plain text, e.g. "Drakenstein reports 14.9% (2023) against your 41%"
    better_municipality: Municipality | None = None  # set when they come from a better-performing one
    mentor: bool = False


def people_to_ask(catalogue: Catalogue, municipality: str, indicator: str, limit: int = 4) -> list[PersonToAsk]:
    """Who to ask about ``indicator`` in ``municipality`` (a code), best first; at most ``limit``."""
    lib, links = catalogue.library, catalogue.links
    learner = lib.municipalities[municipality]
    definition = lib.indicators[indicator]
    values = links.latest_values.get(indicator, {})
    own = values.get(municipality)
    knowers = [p for p in links.people_by_indicator.get(indicator, [])
               if municipality not in links.municipalities_of(p)]

    def near(person: Person) -> tuple:
        return (person.province != learner.province, person.name.casefold())

    found: dict[str, PersonToAsk] = {}
    if own is not None:
        better = []
        for person in knowers:
            best = _best_better(links.municipalities_of(person), values, own[1], definition.better)
            if best:
                better.append((person, best))
        for person, (code, (year, value)) in sorted(better, key=lambda pair: near(pair[0])):
            peer = lib.municipalities[code]
            found.setdefault(person.slug, PersonToAsk(
                person, f"{peer.name} reports {format_value(value, definition.unit)} ({year}), against "
                        f"{format_value(own[1], definition.unit)} here ({own[0]})", better_municipality=peer,
                mentor=person.is_mentor))
    for person in sorted((p for p in knowers if p.is_mentor), key=near):
        found.setdefault(person.slug, PersonToAsk(
            person, f"Mentor who has worked on {definition.id}{_where(person, learner, links)}", mentor=True))
    if len(found) < limit:
        area = lib.service_areas[definition.service_area]
        mentors = [p for p in lib.people.values() if p.is_mentor and definition.service_area in p.service_areas
                   and municipality not in links.municipalities_of(p)]
        for person in sorted(mentors, key=near):
            found.setdefault(person.slug, PersonToAsk(
                person, f"Mentor in {area.title}{_where(person, learner, links)}", mentor=True))
    return list(found.values())[:limit]


def _best_better(codes, values, own: float, better: Direction):
    """The person's municipality with the best latest value, if it beats ``own``."""
    reported = [(code, values[code]) for code in sorted(codes) if code in values]
    beating = [(code, yv) for code, yv in reported
               if (yv[1] > own if better is Direction.HIGHER else yv[1] < own)]
    if not beating:
        return None
    pick = max if better is Direction.HIGHER else min
    return pick(beating, key=lambda pair: pair[1][1])


def _where(person: Person, learner: Municipality, links) -> str:
    home = links.municipality(person.municipality)
    if person.province == learner.province:
        return f", in {learner.province_name} too"
    if home:
        return f", {'formerly ' if person.affiliation == 'former-official' else ''}{home.name}"
    return f", {person.organisation}" if person.organisation else ""
