"""People to ask about an area for improvement: who improved it, and who can advise.

For a municipality and an indicator it falls short on, a person is said to have improved it only
with evidence: a municipality of theirs (where they work, or of a case study they are the contact
for) does better on the indicator, or they are the contact for a practice on it. Mentors who list
the indicator among what they know, or who work in its service area, are offered apart, as people
who "can advise on" the area: no claim is made that they fixed it. People of the same province come
first in each group (a shared language is likelier, the drive shorter); nobody from the
municipality itself is suggested.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.analysis.figures import Figure, Measure
from generator.model.catalogue import Catalogue
from generator.model.connections import Person
from generator.model.entities import Direction, Municipality
from generator.site.wording import Words, in_sentence


@dataclass(frozen=True)
class PersonToAsk:
    person: Person
    reason: Words  # e.g. "Drakenstein reports 14.9% in 2023, against 41.0% here in 2024"
    better_municipality: Municipality | None = None  # set when they come from a better-performing one
    mentor: bool = False
    #: The evidence holds: a municipality of theirs does better, or they are the contact for a practice on it.
    improved: bool = False
    advises_on: str = ""  # the indicator's service area, as a sentence writes it ("water and sanitation")


def people_to_ask(catalogue: Catalogue, municipality: str, indicator: str, limit: int = 4,
                  decimals: int = 1) -> list[PersonToAsk]:
    """Who to ask about ``indicator`` in ``municipality`` (a code): those who improved it first, then
    those who can advise; at most ``limit``. ``decimals``: how many the indicator's figures are written with."""
    lib, links = catalogue.library, catalogue.links
    learner = lib.municipalities[municipality]
    definition = lib.indicators[indicator]
    area = lib.service_areas[definition.service_area]
    values = links.latest_values.get(indicator, {})
    own = values.get(municipality)
    knowers = [p for p in links.people_by_indicator.get(indicator, [])
               if municipality not in links.municipalities_of(p)]
    mentors = [p for p in lib.people.values() if p.is_mentor and definition.service_area in p.service_areas
               and municipality not in links.municipalities_of(p)]

    def near(person: Person) -> tuple:
        return (person.province != learner.province, person.name.casefold())

    found: dict[str, PersonToAsk] = {}
    if own is not None:
        better = []
        for person in {p.slug: p for p in [*knowers, *mentors]}.values():
            best = _best_better(links.municipalities_of(person), values, own[1], definition.better)
            if best:
                better.append((person, best))
        for person, (code, (year, value)) in sorted(better, key=lambda pair: near(pair[0])):
            peer = lib.municipalities[code]
            theirs = Figure(definition, Measure.VALUE, value, year, decimals, code)
            ours = Figure(definition, Measure.VALUE, own[1], own[0], decimals, municipality)
            found.setdefault(person.slug, PersonToAsk(
                person, (f"{peer.name} reports ", theirs, ", against ", ours, " here"), better_municipality=peer,
                mentor=person.is_mentor, improved=True))
    for person in sorted(knowers, key=near):
        practice = next((c for c in links.case_studies_by_person.get(person.slug, [])
                         if indicator in c.indicators or any(o.indicator == indicator for o in c.outcomes)), None)
        if practice is not None:
            found.setdefault(person.slug, PersonToAsk(
                person, (f"Contact for “{practice.title}”, a practice on {definition.id}",), mentor=person.is_mentor,
                improved=True))
    for person in sorted((p for p in knowers if p.is_mentor), key=near):
        found.setdefault(person.slug, PersonToAsk(
            person, (f"Mentor who knows {definition.id}{_where(person, learner, links)}",), mentor=True))
    if len(found) < limit:
        for person in sorted(mentors, key=near):
            found.setdefault(person.slug, PersonToAsk(
                person, (f"Mentor in {area.title}{_where(person, learner, links)}",), mentor=True))
    ordered = sorted(found.values(), key=lambda p: not p.improved)  # stable: each group keeps its order
    return [replace(p, advises_on=in_sentence(area.title)) for p in ordered[:limit]]


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
