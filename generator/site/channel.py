"""How requests reach people: the one channel the site's owner chooses (the plugin's ``requests`` option).

Every "ask" on the site (request a mentor, ask to join a learning network, send a suggested case
study) is an ``AskForm`` made here from a ``Request``, for the site's one ``RequestChannel``:

- ``mailto:coordinator@example.org``: the form opens the reader's e-mail app with the request
  written out to the coordinator (connections.js writes it as lines of "Label: value"; without
  script the browser writes the fields as lines of ``name=value``);
- ``https://forms.example.org/…``: the host's form service receives a plain HTML POST, which
  needs no script; the page's CSP lets forms go to that endpoint and nowhere else;
- ``github``: a prefilled issue of the repository (an issue form of .github/ISSUE_TEMPLATE/),
  for readers with a GitHub account.

Nothing is stored by the site. A request names no one but people who agreed to be listed: the
mentors it offers are people of ``content/people/``, each with a consent record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from urllib.parse import quote, urlsplit

from generator.model.connections import Person
from generator.site.csp import origin_of
from generator.site.wording import where_they_work

#: Domains reserved for examples and tests (RFC 2606, RFC 6761): an address there reaches nobody.
RESERVED_DOMAINS = (".example.org", ".example.com", ".example.net", ".example", ".test", ".invalid")


class ChannelKind(Enum):
    EMAIL = "email"
    """An e-mail to the site's coordinator, written out by the reader's e-mail app."""
    FORM = "form"
    """A POST to a form service (Formspree, Basin, a council's own), at an https:// endpoint."""
    GITHUB = "github"
    """A prefilled issue of the repository: needs a GitHub account, and is public."""


class ChannelError(ValueError):
    """A ``requests`` setting that names no channel; the message says what was expected."""


#: An address and nothing else: no "?", "&", "%" or "," that would smuggle headers into a mailto: link.
_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
#: The characters a form endpoint may use: enough for any form service's path and query, none that
#: would end a directive of the content security policy (";", ",", quotes, spaces).
_ENDPOINT = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&()*+=:@%/-]*)?(\?[A-Za-z0-9._~!$&()*+=:@%/?-]*)?")
#: A form service on one's own machine, to try the form channel: browsers treat loopback as secure.
_LOOPBACK = re.compile(r"http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?(/.*)?")
#: What the setting may be, for messages.
EXPECTED = ("mailto: and a coordinator's e-mail address (mailto:mentoring@example.org), "
            "the https:// address of a form service that receives a POST, or github")


@dataclass(frozen=True)
class RequestChannel:
    kind: ChannelKind
    target: str  # the e-mail address, the form endpoint, or the repository's address

    @classmethod
    def parse(cls, setting: str, repository: str = "") -> RequestChannel | None:
        """The channel a ``requests`` setting names; None when it is empty and there is no repository.

        Empty with a repository on the web: its GitHub issues, as before the setting existed.
        """
        value = (setting or "").strip()
        repository = (repository or "").strip().rstrip("/")
        if not value:
            return cls(ChannelKind.GITHUB, repository) if origin_of(repository) else None
        if value == "github":
            if not origin_of(repository):
                raise ChannelError("'github' sends requests to the repository's issues, but no repository is set "
                                   "(as https://github.com/owner/name): set the plugin's repository option, or give "
                                   "an e-mail address or a form endpoint")
            return cls(ChannelKind.GITHUB, repository)
        if value.lower().startswith("mailto:"):
            address = value[len("mailto:"):]
            if not _EMAIL.fullmatch(address):
                raise ChannelError(f"'{value}' is not a single e-mail address: expected mailto: and an address "
                                   "alone (mailto:mentoring@example.org), without ?subject or other headers")
            return cls(ChannelKind.EMAIL, address)
        if value.lower().startswith("http://") and not _LOOPBACK.fullmatch(value):
            raise ChannelError(f"'{value}' is not https: requests carry people's names and contact details, "
                               "so the form endpoint must be an https:// address (http:// only on this machine, to try one: "
                               "127.0.0.1 or localhost)")
        if value.lower().startswith(("https://", "http://")):
            if not _ENDPOINT.fullmatch(value.replace("http://", "https://", 1)) or "@" in urlsplit(value).netloc:
                raise ChannelError(f"'{value}' is not a plain https:// address of a form endpoint "
                                   "(no spaces, quotes, commas, semicolons, passwords or #fragment)")
            return cls(ChannelKind.FORM, value)
        if _EMAIL.fullmatch(value):
            raise ChannelError(f"'{value}' is an e-mail address: write it as mailto:{value}")
        raise ChannelError(f"'{value}' names no channel: expected {EXPECTED}")

    @property
    def form_action_source(self) -> str:
        """Where the page's forms may send (CSP ``form-action``): exactly the endpoint, the mail
        app, or the repository's host."""
        if self.kind is ChannelKind.EMAIL:
            return "mailto:"
        if self.kind is ChannelKind.FORM:
            return self.target.split("?", 1)[0]  # a policy matches the path; the query is the service's
        return origin_of(self.target)

    @property
    def recipient(self) -> str:
        """Who receives a request, in words; said plainly when the address is a placeholder (a domain reserved
        for examples, as the sample library's is), which nobody receives."""
        placeholder = f" ({self.placeholder_note})" if self.placeholder_note else ""
        if self.kind is ChannelKind.EMAIL:
            return f"the library's coordinator, by e-mail to {self.target}{placeholder}"
        if self.kind is ChannelKind.FORM:
            return f"the library's coordinator, through the form service at {urlsplit(self.target).netloc}{placeholder}"
        return ("the curators, as a public issue on GitHub (a free GitHub account is needed; "
                "leave out anything you do not want published)")

    @property
    def placeholder_note(self) -> str:
        """What a link or form that sends to a placeholder address says beside itself; empty for a real one."""
        return "a placeholder address: nobody receives it yet" if self.is_placeholder else ""

    @property
    def is_placeholder(self) -> bool:
        """Whether requests go to a domain reserved for examples (RFC 2606, RFC 6761): nobody receives them."""
        host = (self.target.rpartition("@")[2] if self.kind is ChannelKind.EMAIL
                else urlsplit(self.target).hostname or "").lower().rstrip(".")
        return host.endswith(RESERVED_DOMAINS) or host in {d.lstrip(".") for d in RESERVED_DOMAINS}

    def form(self, request: Request, form_id: str) -> AskForm:
        """The form that sends ``request`` through this channel; ``form_id`` is unique on its page."""
        fields = request.fields(contact=self.kind is not ChannelKind.GITHUB,
                                contact_required=self.kind is ChannelKind.FORM)
        if self.kind is ChannelKind.GITHUB:
            action, method, enctype = f"{self.target}/issues/new", "get", ""
            # The issue form says what kind of request it is; its fields take the rest by their ids.
            fields = (AskField("template", "", request.kind.issue_form, "hidden"),
                      AskField("title", "", request.subject, "hidden"), *(f for f in fields if f.name != "request"))
        elif self.kind is ChannelKind.EMAIL:
            # Without script the browser writes each field as a line of the body; connections.js
            # writes it as the reader would, with the reader's municipality in the subject.
            action, method, enctype = f"mailto:{self.target}?subject={quote(request.subject)}", "post", "text/plain"
        else:
            action, method, enctype = self.target, "post", ""
            fields = (AskField("subject", "Subject", request.subject, "hidden"), *fields)
        return AskForm(id=form_id, button=request.button, context=request.context, action=action, method=method,
                       enctype=enctype, fields=fields, subject=request.subject, channel=self.kind,
                       email=self.target if self.kind is ChannelKind.EMAIL else "",
                       recipient=self.recipient, next_step=request.next_step, opened=request.opened,
                       placeholder=self.is_placeholder)


class RequestKind(Enum):
    MENTOR = ("Mentor request", "mentor-request.yml")
    COACHING = ("Coaching request", "mentor-request.yml")  # from someone who coaches and does not mentor
    JOIN = ("Request to join a learning network", "join-a-network.yml")
    CONTACT = ("Request to be put in touch", "be-put-in-touch.yml")
    CASE_STUDY = ("Suggested case study", "propose-a-case-study.yml")

    @property
    def words(self) -> str:
        return self.value[0]

    @property
    def issue_form(self) -> str:
        """The GitHub issue form, in .github/ISSUE_TEMPLATE/, whose field ids are the form's names."""
        return self.value[1]


@dataclass(frozen=True)
class Request:
    """What one ask is about. The asker fills in who they are; the page fills in the rest."""

    kind: RequestKind
    subject: str
    button: str  # "Request this mentor"
    next_step: str  # what happens once it is sent, in words
    context: str = ""  # read after the button by screen readers: "for Percentage of non-revenue water"
    about: str = ""  # the indicator, practice or network it concerns, when the page knows it
    #: Else what the asker may choose from (a mentor's indicators), as (what is sent, what the reader sees):
    #: ("WS5.1 Percentage of non-revenue water", "Percentage of non-revenue water").
    about_choices: tuple[tuple[str, str], ...] = ()
    about_ids: tuple[str, ...] = ()  # of each choice, the indicator's id: the script offers the mentors by it
    mentor: Person | None = None  # the mentor asked for
    mentor_choices: tuple[Person, ...] = ()  # or those the asker may choose from
    mentor_for: tuple[str, ...] = ()  # of each choice, the indicators it is offered for (ids, space-separated)
    person: Person | None = None  # someone asked for what they offer, not as a mentor
    offer_choices: tuple[str, ...] = ()  # what they offer, for the asker to choose: "Phone call", "Site visit"
    municipality: str = ""  # the asker's municipality when the page is about it: "Jozini (KZN272)"
    page: str = ""  # the page it is sent from
    attached: tuple[AskField, ...] = ()  # what the page adds once the asker has made it (a case-study file)
    opened: bool = False  # shown open, not behind its button

    def fields(self, contact: bool, contact_required: bool) -> tuple[AskField, ...]:
        found: list[AskField] = [AskField("request", "Request", self.kind.words, "hidden")]
        mentor: list[AskField] = []
        if self.mentor:
            label = "Coach" if self.kind is RequestKind.COACHING else "Mentor"
            mentor.append(AskField("mentor", label, mentor_words(self.mentor), "hidden"))
        elif self.mentor_choices:
            mentor.append(AskField("mentor", "Mentor or coach you would like", kind="select", choices=(
                ("", "No preference"), *((mentor_words(p), mentor_words(p)) for p in self.mentor_choices)),
                choice_for=("", *self.mentor_for) if self.mentor_for else ()))
        if self.person:
            mentor.append(AskField("person", "Person", mentor_words(self.person), "hidden"))
        if self.offer_choices:  # chosen by the reader even when there is one: it is what they ask for
            mentor.append(AskField("offer", "What you would like", kind="select", required=True,
                                   choices=(("", "Choose one"), *((offer, offer) for offer in self.offer_choices))))
        # Mentors offered by what the request is about: that is chosen first.
        found += [*self._about(), *mentor] if self.mentor_for else [*mentor, *self._about()]
        found += [AskField("name", "Your name", kind="text", required=True, autocomplete="name"),
                  AskField("role", "Your role", kind="text", required=True, autocomplete="organization-title",
                           hint="For example: ward councillor, water services manager"),
                  AskField("municipality", "Your municipality", self.municipality, "text", required=True,
                           autocomplete="organization")]
        if contact:
            found.append(AskField("contact", "Your e-mail or phone number, for the reply", kind="text",
                                  required=contact_required, autocomplete="email"))
        found.append(AskField("message", {RequestKind.MENTOR: "What would you like help with?",
                                          RequestKind.COACHING: "What would you like help with?",
                                          RequestKind.JOIN: "Anything the coordinator should know",
                                          RequestKind.CONTACT: "What would you like to ask?",
                                          RequestKind.CASE_STUDY: "Anything the curators should know"}[self.kind],
                              kind="textarea"))
        found += self.attached
        if self.page:
            found.append(AskField("page", "Sent from", self.page, "hidden"))
        return tuple(found)

    def _about(self) -> list[AskField]:
        if self.about:
            return [AskField("about", "About", self.about, "hidden")]
        if self.about_choices:
            return [AskField("about", "About", kind="select", required=True, choices=(
                ("", "Choose what it is about"), *self.about_choices,
                ("Something else (see the message)", "Something else")),
                choice_for=("", *self.about_ids, "") if self.about_ids else ())]
        if self.kind is RequestKind.CASE_STUDY:
            return []  # the file says it
        return [AskField("about", "Which indicator or practice?", kind="text", required=True,
                         hint="For example: non-revenue water, or ward committees")]


def mentor_words(person: Person) -> str:
    """How a request names a mentor, or anyone it asks for: name, where they work and role (a reader choosing
    one, and the coordinator finding them, tell two people of the same role apart by where)."""
    # Where before the role: a phone's closed select shows about 40 characters, and the place is what tells
    # two water services managers apart ("Kagiso Mothibi, Joe Morolong, Manager, Water Services").
    return ", ".join(part for part in (person.name, where_they_work(person), person.role) if part)


@dataclass(frozen=True)
class AskField:
    name: str  # as sent (for GitHub, the id of the issue form's field)
    label: str  # what the reader sees, and the line's name in an e-mail
    value: str = ""
    kind: str = "text"  # hidden | text | textarea | select
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (value, words) of a select
    #: Of each choice, what it goes with (connections.js offers it only then): ids of the "about" choices.
    choice_for: tuple[str, ...] = ()
    autocomplete: str = ""
    hint: str = ""


@dataclass(frozen=True)
class AskForm:
    """One ask as a page shows it (generator/theme/lekgotla/partials/ask.html): a form that works without script."""

    id: str
    button: str
    action: str
    method: str
    enctype: str
    fields: tuple[AskField, ...]
    subject: str
    channel: ChannelKind
    recipient: str
    next_step: str
    context: str = ""
    email: str = ""  # the coordinator's address, for the e-mail connections.js writes
    opened: bool = False
    placeholder: bool = False  # whether nobody receives it yet (ChannelKind.is_placeholder): said again once sent

    @property
    def submit(self) -> str:
        """The words of the button that sends it."""
        return {ChannelKind.EMAIL: "Write the e-mail", ChannelKind.FORM: "Send the request",
                ChannelKind.GITHUB: "Continue on GitHub"}[self.channel]
