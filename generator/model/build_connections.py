"""Build the connections of a validated library: people, meetings, research, peer reviews."""

from __future__ import annotations

import re

from generator.model.connections import Consent, Meeting, PeerReview, Person, ResearchOutput
from generator.model.entities import Contact, Municipality, ServiceArea
from generator.reading.load import MarkdownFile


#: Titles a name may start with, which a list of people does not sort by: "Dr Karabo Letsoalo" goes with the Ks.
TITLES = re.compile(r"^(?:(?:dr|prof|professor|mr|mrs|ms|adv|cllr|hon|rev)\.?\s+)+", re.IGNORECASE)


def people(files: list[MarkdownFile], municipalities: dict[str, Municipality]) -> dict[str, Person]:
    """Every person, by slug, in alphabetical order of name, titles aside."""
    built = [_person(f, municipalities) for f in files]
    return {p.slug: p for p in sorted(built, key=lambda p: (TITLES.sub("", p.name).casefold(), p.slug))}


def _person(file: MarkdownFile, municipalities: dict[str, Municipality]) -> Person:
    data = file.parsed.front_matter.data
    code = data.get("municipality", "")
    contact, consent = data.get("contact") or {}, data["consent"]
    home = municipalities.get(code)
    return Person(
        slug=file.slug, name=data["name"], role=data["role"], affiliation=data["affiliation"],
        service_areas=data["service_areas"], languages=data["languages"], offers=data["offers"],
        consent=Consent(consent["agreed"], consent["date"], consent.get("how", "")),
        bio=file.parsed.body, source_path=file.display, municipality=code,
        organisation=data.get("organisation", ""), province=data.get("province") or (home.province if home else ""),
        indicators=data.get("indicators", []), email=contact.get("email", ""), phone=contact.get("phone", ""),
        contact_note=contact.get("note", ""), sample=bool(data.get("sample")), home=home,
    )


def contact(data: dict, people_by_slug: dict[str, Person], sample: bool = False) -> Contact:
    """A case study's contact: a person's own details when it points to one. ``sample``: the case
    study is a sample, so its contacts are made up too."""
    if data.get("person"):
        person = people_by_slug[data["person"]]
        return Contact(person.name, person.role, person.email, person.phone, person=person.slug,
                       sample=sample or person.sample)
    return Contact(data["name"], data["role"], data.get("email", ""), data.get("phone", ""), sample=sample)


def meetings(data: list[dict] | None) -> list[Meeting]:
    built = [Meeting(m["date"], m["topic"], m.get("end", ""), m.get("place", ""), bool(m.get("online")),
                     tuple(m.get("outputs", []))) for m in data or []]
    return sorted(built, key=lambda m: m.start)


def research(files: list[MarkdownFile], areas: dict[str, ServiceArea]) -> list[ResearchOutput]:
    """Every research output, newest first."""
    built = []
    for file in files:
        data = file.parsed.front_matter.data
        built.append(ResearchOutput(
            slug=file.slug, title=data["title"], authors=data["authors"], institution=data["institution"],
            year=data["year"], abstract=" ".join(data["abstract"].split()), notes=file.parsed.body,
            source_path=file.display, kind=data.get("kind", "report"), partnership=data.get("partnership", ""),
            journal=data.get("journal", ""), volume=str(data.get("volume", "")), issue=str(data.get("issue", "")),
            pages=str(data.get("pages", "")), degree=data.get("degree", ""),
            doi=data.get("doi", ""), link=data.get("url", ""), municipalities=data.get("municipalities", []),
            service_areas=data.get("service_areas", []), indicators=data.get("indicators", []),
            people=data.get("people", []), sample=bool(data.get("sample")),
            areas=[areas[a] for a in data.get("service_areas", [])]))
    return sorted(built, key=lambda r: (-r.year, r.title.casefold()))


def peer_reviews(files: list[MarkdownFile], municipalities: dict[str, Municipality],
                 areas: dict[str, ServiceArea]) -> list[PeerReview]:
    """Every peer review, newest first."""
    built = []
    for file in files:
        data = file.parsed.front_matter.data
        follow_up = data["follow_up"]
        built.append(PeerReview(
            slug=file.slug, municipality=data["municipality"], reviewers=data["reviewers"], start=data["start"],
            end=data["end"], focus_areas=data["focus_areas"], findings=data["findings"],
            recommendations=data["recommendations"], follow_up=follow_up["status"], summary=file.parsed.body,
            source_path=file.display, peer_municipalities=data.get("peer_municipalities", []),
            indicators=data.get("indicators", []), follow_up_date=follow_up.get("date", ""),
            follow_up_note=follow_up.get("note", ""), report=data.get("report", ""),
            sample=bool(data.get("sample")), reviewed=municipalities[data["municipality"]],
            focus=[areas[a] for a in data["focus_areas"]]))
    return sorted(built, key=lambda r: (r.start, r.slug), reverse=True)
