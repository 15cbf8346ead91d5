"""Connections, not only collections: the people, meetings, research and peer reviews of a library.

Plain data like ``entities``: a ``Person`` is someone who agreed to be listed
(``consent``), a ``Meeting`` belongs to a learning network, a ``ResearchOutput``
comes from a research partnership, a ``PeerReview`` records peers reviewing one
municipality. Who links to whom is worked out in ``catalogue`` and ``mentors``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from generator.reading.content_types import PEER_REVIEW, PERSON, RESEARCH, ContentType

if TYPE_CHECKING:
    from generator.model.entities import Municipality, ServiceArea

#: What a person may offer, in the order the directory lists them, with the words a reader sees.
OFFERS = {"mentoring": "Mentoring", "coaching": "Coaching", "peer-review": "Peer review",
          "phone-call": "Phone call", "site-visit": "Site visit", "training": "Training"}
AFFILIATIONS = {"municipality": "Municipal official", "former-official": "Former municipal official",
                "university": "University", "research-agency": "Research agency", "government": "Government",
                "private-sector": "Private sector", "civil-society": "Civil society"}
FOLLOW_UP = {"not-started": "Not started", "in-progress": "In progress", "completed": "Completed"}


@dataclass(frozen=True)
class Consent:
    """That a person agreed to be listed with the details shown, and when."""

    agreed: bool
    date: str
    how: str = ""


@dataclass
class Person:
    content_type: ClassVar[ContentType] = PERSON  # its declaration: folder, schema, address
    slug: str
    name: str
    role: str
    affiliation: str  # a key of AFFILIATIONS
    service_areas: list[str]
    languages: list[str]
    offers: list[str]  # keys of OFFERS
    consent: Consent
    bio: str  # markdown
    source_path: str
    municipality: str = ""  # code; for a former official, where they worked
    organisation: str = ""
    province: str = ""  # code; from the municipality when there is one
    indicators: list[str] = field(default_factory=list)
    email: str = ""
    phone: str = ""
    contact_note: str = ""
    sample: bool = False
    home: Municipality | None = None  # the municipality of ``municipality``

    @property
    def affiliation_name(self) -> str:
        return AFFILIATIONS.get(self.affiliation, self.affiliation)

    @property
    def offer_names(self) -> list[str]:
        return [OFFERS.get(o, o) for o in self.offers]

    @property
    def is_mentor(self) -> bool:
        return bool({"mentoring", "coaching"} & set(self.offers))


@dataclass(frozen=True)
class Meeting:
    start: str  # YYYY-MM-DD or YYYY-MM-DD HH:MM, South African time
    topic: str
    end: str = ""
    place: str = ""
    online: bool = False
    outputs: tuple[str, ...] = ()

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisoformat(self.start[:10])

    @property
    def last_day(self) -> dt.date:
        return dt.date.fromisoformat((self.end or self.start)[:10])

    def is_upcoming(self, today: dt.date) -> bool:
        """A meeting still to come, or under way, on ``today``."""
        return self.last_day >= today

    @property
    def where(self) -> str:
        if self.place and self.online:
            return f"{self.place}, and online"
        return self.place or ("Online" if self.online else "")


@dataclass
class ResearchOutput:
    content_type: ClassVar[ContentType] = RESEARCH  # its declaration: folder, schema, address
    slug: str
    title: str
    authors: list[str]
    institution: str
    year: int
    abstract: str
    notes: str  # markdown body, may be empty
    source_path: str
    kind: str = "report"
    partnership: str = ""
    journal: str = ""  # an article's
    volume: str = ""
    issue: str = ""
    pages: str = ""  # e.g. 12-31
    degree: str = ""  # a thesis's: "masters" or "doctoral"
    doi: str = ""
    link: str = ""
    municipalities: list[str] = field(default_factory=list)
    service_areas: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    sample: bool = False
    areas: list[ServiceArea] = field(default_factory=list)  # those of ``service_areas``, in order

    @property
    def address(self) -> str:
        """Where to read it: the DOI resolver when there is a DOI, else the link."""
        return f"https://doi.org/{self.doi}" if self.doi else self.link


@dataclass
class PeerReview:
    content_type: ClassVar[ContentType] = PEER_REVIEW  # its declaration: folder, schema, address
    slug: str
    municipality: str  # code of the municipality reviewed
    reviewers: list[str]  # person slugs
    start: str
    end: str
    focus_areas: list[str]
    findings: list[str]
    recommendations: list[str]
    follow_up: str  # a key of FOLLOW_UP
    summary: str  # markdown body
    source_path: str
    peer_municipalities: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    follow_up_date: str = ""
    follow_up_note: str = ""
    report: str = ""  # relative to content/peer-reviews/
    sample: bool = False
    reviewed: Municipality | None = None  # the municipality of ``municipality``
    focus: list[ServiceArea] = field(default_factory=list)  # those of ``focus_areas``, in order

    @property
    def follow_up_name(self) -> str:
        return FOLLOW_UP.get(self.follow_up, self.follow_up)

    @property
    def year(self) -> int:
        return int(self.start[:4])
