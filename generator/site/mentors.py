"""People to ask about an area for improvement: who improved it, and who can advise.

For a municipality and an indicator it falls short on, a person is said to have improved it only
with evidence: a municipality of theirs (where they work, or of a case study they are the contact
for) does better on the indicator, or they are the contact for a practice on it. Mentors who list
the indicator among what they know, or who work in its service area, are offered apart, as people
who "can advise on" the area: no claim is made that they fixed it. People of the same province come
first in each group (a shared language is likelier, the drive shorter); nobody from the
municipality itself is suggested. Who knows what, and where, is the model's (``Links``); the latest
values are the analysis's (``Benchmarks``); this module decides whom to suggest and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.analysis.benchmarking import Benchmarks, Series
from generator.model.catalogue import Catalogue
from generator.model.connections import Person
from generator.model.entities import Direction, Indicator, Municipality
from generator.model.links import Links
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


def people_to_ask(catalogue: Catalogue, benchmarks: Benchmarks, municipality: str, indicator: str,
                  limit: int = 4) -> list[PersonToAsk]:
    """Who to ask about ``indicator`` in ``municipality`` (a code): those who improved it first, then
    those who can advise; at most ``limit``."""
    lib, links = catalogue.library, catalogue.links
    learner, definition = lib.municipalities[municipality], lib.indicators[indicator]
    area = lib.service_areas[definition.service_area]
    knowers = [p for p in links.people_by_indicator.get(indicator, []) if municipality not in links.municipalities_of(p)]
    mentors = [p for p in lib.people.values() if p.is_mentor and definition.service_area in p.service_areas
               and municipality not in links.municipalities_of(p)]

    def near(person: Person) -> tuple[bool, str]:
        return (person.province != learner.province, person.name.casefold())

    own = benchmarks.series(indicator, municipality)
    found = _from_better_municipalities(links, benchmarks, definition, own, sorted({p.slug: p for p in [
        *knowers, *mentors]}.values(), key=near)) if own else {}
    for person in sorted(knowers, key=near):
        practice = next((c for c in links.case_studies_by_person.get(person.slug, []) if indicator in c.about), None)
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


def _from_better_municipalities(links: Links, benchmarks: Benchmarks, indicator: Indicator, own: Series,
                                people: list[Person]) -> dict[str, PersonToAsk]:
    """Those of ``people`` (in their order) a municipality of whom does better than ``own``'s latest value."""
    found: dict[str, PersonToAsk] = {}
    for person in people:
        best = _best_better(benchmarks, indicator, links.municipalities_of(person), own.last[1])
        if best:
            found[person.slug] = PersonToAsk(
                person, (f"{best.municipality.name} reports ", best.figures[-1], ", against ", own.figures[-1], " here"),
                better_municipality=best.municipality, mentor=person.is_mentor, improved=True)
    return found


def _best_better(benchmarks: Benchmarks, indicator: Indicator, codes: set[str], own: float) -> Series | None:
    """The series of the person's municipality with the best latest value, if it beats ``own``."""
    reported = [s for code in sorted(codes) if (s := benchmarks.series(indicator.id, code))]
    higher = indicator.better is Direction.HIGHER
    beating = [s for s in reported if (s.last[1] > own if higher else s.last[1] < own)]
    if not beating:
        return None
    pick = max if higher else min
    return pick(beating, key=lambda s: s.last[1])


def _where(person: Person, learner: Municipality, links: Links) -> str:
    home = links.municipality(person.municipality)
    if person.province == learner.province:
        return f", in {learner.province_name} too"
    if home:
        return f", {'formerly ' if person.affiliation == 'former-official' else ''}{home.name}"
    return f", {person.organisation}" if person.organisation else ""
