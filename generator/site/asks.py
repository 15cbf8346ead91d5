"""The requests the site offers, where the need is seen, each sent through the site's channel.

"Request this mentor" (or "coach") on the page of every person who offers mentoring or coaching, "Ask to be
put in touch" on the page of everyone else who offers something (a phone call, a site visit); "Ask
to join" on every learning network; "Request a mentor" in the mentoring toolkits and beside every
area for improvement of a municipality (a link to the page's one form, for its weight: one form
of 3 KB instead of one per indicator). Each is a ``Request`` (what it is about, whom it names)
that the channel (channel.py) turns into a form; the asker adds who they are and where from.
"""

from __future__ import annotations

from generator.model.connections import Person
from generator.model.entities import Indicator, Municipality, Network, Toolkit
from generator.site import addresses as at
from generator.site.samples import is_sample
from generator.site.channel import AskField, AskForm, ChannelKind, Request, RequestChannel, RequestKind

#: Toolkits about mentoring carry a "Request a mentor" of their own (Each One Teach One).
MENTORING_TAG = "mentoring"


class Asks:
    """The asks of one build: its channel, and the public address that requests name pages by."""

    def __init__(self, channel: RequestChannel, site_url: str = ""):
        self.channel = channel
        self.site_url = site_url.rstrip("/")
        # Who acts on a request: a person by e-mail or form; the curators, on GitHub.
        self.handler = "a curator" if channel.kind is ChannelKind.GITHUB else "the coordinator"

    def mentor(self, person: Person, indicators: list[Indicator]) -> AskForm | None:
        """"Request this mentor", on the page of a person who offers mentoring or coaching."""
        if not person.is_mentor:
            return None
        # Someone who coaches and does not mentor is asked for what they agreed to give.
        kind = RequestKind.MENTOR if "mentoring" in person.offers else RequestKind.COACHING
        return self._form(Request(
            kind, f"{kind.words}: {person.name}",
            "Request this mentor" if kind is RequestKind.MENTOR else "Request this coach", mentor=person,
            about_choices=tuple(_about(i) for i in indicators), about_ids=tuple(i.id for i in indicators),
            next_step=f"{self.handler.capitalize()} asks {person.name} and, if they agree, puts you in touch.",
            page=self._page(at.person(person))), "ask-mentor")

    def person(self, person: Person, indicators: list[Indicator]) -> AskForm | None:
        """The request a person's page offers: as a mentor or coach, or for what else they offer."""
        return self.mentor(person, indicators) or self.contact(person, indicators)

    def contact(self, person: Person, indicators: list[Indicator]) -> AskForm | None:
        """"Ask to be put in touch", on the page of a person who offers a phone call, a site visit, a
        peer review or training but no mentoring (a mentor's page has "Request this mentor")."""
        if person.is_mentor or not person.offers:
            return None
        return self._form(Request(
            RequestKind.CONTACT, f"Request to be put in touch: {person.name}", "Ask to be put in touch",
            person=person, offer_choices=tuple(person.offer_names),
            about_choices=tuple(_about(i) for i in indicators), about_ids=tuple(i.id for i in indicators),
            next_step=f"{self.handler.capitalize()} asks {person.name} and, if they agree, puts you in touch.",
            page=self._page(at.person(person))), "ask-contact")

    def improvements(self, municipality: Municipality,
                     asked: list[tuple[Indicator, list[Person]]]) -> AskForm | None:
        """The one "Request a mentor" form of a municipality's page, which every area for improvement links
        to: the reader chooses the indicator (the link's script chooses it for them) and a mentor among those
        the page names for it. ``asked``: each area for improvement with the people its card names."""
        if not asked:
            return None
        mentors: dict[str, tuple[Person, list[str]]] = {}  # by slug: the mentor, and the indicators they are named for
        for indicator, people in asked:
            for person in people:
                if person.is_mentor:
                    mentors.setdefault(person.slug, (person, []))[1].append(indicator.id)
        return self._form(Request(
            RequestKind.MENTOR, f"Mentor request: {municipality.name} ({municipality.code})", "Request a mentor",
            about_choices=tuple(_about(i) for i, _ in asked), about_ids=tuple(i.id for i, _ in asked),
            mentor_choices=tuple(person for person, _ in mentors.values()),
            mentor_for=tuple(" ".join(ids) for _, ids in mentors.values()),
            municipality=f"{municipality.name} ({municipality.code})",
            next_step=f"{self.handler.capitalize()} asks the mentor you chose, or finds one who knows "
                      "this indicator, and puts you in touch.",
            page=self._page(at.municipality(municipality))), "ask-mentor")

    def join(self, network: Network, coordinator: Person | None) -> AskForm:
        """"Ask to join", on every learning network's page."""
        # A sample coordinator is made up (the page says not to write to anyone named on it): the request is
        # answered by the library's own handler, who says how a real network would take members.
        via = (f"passes it to {coordinator.name}, who coordinates the network" if coordinator and not is_sample(coordinator)
               else "tells you how the network takes new members")
        return self._form(Request(
            RequestKind.JOIN, f"Request to join: {network.title}", "Ask to join", about=network.title,
            next_step=f"{self.handler.capitalize()} {via}, and you hear when it meets next.",
            page=self._page(at.network(network))), "ask-join")

    def toolkit(self, toolkit: Toolkit) -> AskForm | None:
        """"Request a mentor", in a toolkit about mentoring."""
        if MENTORING_TAG not in toolkit.tags:
            return None
        return self._form(Request(
            RequestKind.MENTOR, f"Mentor request: {toolkit.title}", "Request a mentor",
            next_step=f"{self.handler.capitalize()} suggests a mentor who knows it and puts you in touch. "
                      "To ask for someone by name, find them in Who to ask and use the request on their page.",
            page=self._page(at.toolkit(toolkit))), "ask-mentor")

    def suggestion(self) -> AskForm | None:
        """How the suggestion form sends the case-study file it made: None for GitHub, where the
        form opens the repository's "new file" page instead (a pull request)."""
        if self.channel.kind is ChannelKind.GITHUB:
            return None
        return self._form(Request(
            RequestKind.CASE_STUDY, "Suggested case study", "Send it to the curators", opened=True,
            next_step="A curator reads it, checks it with the same rules as this form, writes back if anything "
                      "needs changing, and publishes it; practitioners from another municipality then review it.",
            attached=(AskField("file_name", "File name", kind="hidden"),
                      AskField("file", "The case-study file", kind="hidden")),
            page=self._page(at.SUGGEST)), "ask-send")

    def _form(self, request: Request, form_id: str) -> AskForm:
        return self.channel.form(request, form_id)

    def _page(self, address: str) -> str:
        return f"{self.site_url}/{address}" if self.site_url else f"/{address}"


def _about(indicator: Indicator) -> tuple[str, str]:
    """An indicator as a request's "about" sends it ("WS5.1 Total water losses": its code, for the coordinator,
    where it has one; never a file name such as "piped-water-scheme") and as the reader chooses it (its name: a
    phone's select shows only the start)."""
    return indicator.named, indicator.name
