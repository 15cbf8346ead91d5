"""Step 2, connections: people, contacts, learning-network meetings, research and peer reviews.

Personal details are published only with consent: a person file needs a
consent record, and a case study's contact either points to a person or
carries its own consent.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from generator.reading.check_context import CheckContext, FrontMatter
from generator.reading.contract import field_name
from generator.reading.load import ContentFile, MarkdownFile
from generator.reading.references import dicts, strings
from generator.reading.published_files import publish_problem
from generator.reading.safety import active_type, file_name_problem
from generator.reading.source import FieldPath, LineMap

#: Domains reserved for examples (RFC 2606, RFC 6761): the only ones sample people may use.
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_SUFFIXES = (".invalid", ".example", ".test")
CONSENT_HINT = "add consent: {agreed: true, date: YYYY-MM-DD} once they agreed to be listed, or leave them out"
CONTACT_HINT = ("point to a person of content/people/ with 'person: <slug>', or add "
                "consent: {agreed: true, date: YYYY-MM-DD} to the contact")


def is_reserved_email(address: str) -> bool:
    domain = address.rpartition("@")[2].lower()
    return domain in RESERVED_DOMAINS or domain.endswith(tuple("." + d for d in RESERVED_DOMAINS)) \
        or domain.endswith(RESERVED_SUFFIXES)


#: Meetings are planned at most this many years ahead (a meeting in 9999 broke the calendars).
MEETING_YEARS_AHEAD = 5


def _years_ahead(years: int) -> dt.date:
    today = dt.date.today()
    return today.replace(year=today.year + years, day=28 if (today.month, today.day) == (2, 29) else today.day)


def parse_when(text: str) -> dt.datetime | None:
    """A meeting's date or date and time; None when it is not a real date."""
    try:
        return dt.datetime.fromisoformat(text) if " " in text else dt.datetime.fromisoformat(text + " 00:00")
    except ValueError:
        return None


def check_connections(context: CheckContext) -> None:
    for file in context.raw.people:
        check_person(context, file)
    for file in context.raw.research:
        check_research(context, file)
    for file in context.raw.peer_reviews:
        check_peer_review(context, file)
    for file in context.raw.case_studies:
        check_contacts(context, file)
    for file in context.raw.toolkits:
        if file.document and isinstance(file.document.front_matter.data, dict):
            lines = file.document.front_matter.lines
            for i, slug in enumerate(strings(file.document.front_matter.data.get("people"))):
                context.person_ref(file, lines, ("people", i), slug)
    check_network_connections(context)


# ----- people ----------------------------------------------------------------------------
def check_person(context: CheckContext, file: MarkdownFile) -> None:
    front = context.front_matter(file, "person", body_required=False, new="person")
    if not front:
        return
    data, lines, refs = front.data, front.lines, context.refs
    _consent(context, file, lines, ("consent",), data.get("consent"), CONSENT_HINT)
    affiliation, code = data.get("affiliation"), data.get("municipality")
    if affiliation in ("municipality", "former-official") and not code:
        context.error(file.display, lines.line_of(("affiliation",)), "municipality",
                      f"a person with affiliation '{affiliation}' needs the municipality's code",
                      "add municipality: CODE (see content/benchmarks/municipalities.csv)")
    if affiliation not in (None, "municipality", "former-official") and not data.get("organisation"):
        context.error(file.display, lines.line_of(("affiliation",)), "organisation",
                      f"a person with affiliation '{affiliation}' needs the organisation's name",
                      "add organisation: e.g. University of the Free State")
    if isinstance(code, str):
        context.check_ref(file, lines, ("municipality",), code, refs.municipalities, "municipality")
    if isinstance(data.get("province"), str):
        context.check_ref(file, lines, ("province",), data["province"], context.provinces, "province")
    context.check_refs(file, data, lines, {"service_areas": (refs.service_areas, "service area"),
                                           "indicators": (refs.indicators, "indicator")})
    if data.get("sample") is True:
        _sample_contact(context, file, front)


def _sample_contact(context: CheckContext, file: MarkdownFile, front: FrontMatter) -> None:
    """A sample person may not be reachable: a reserved e-mail domain, no phone number."""
    contact = given if isinstance(given := front.data.get("contact"), dict) else {}
    if isinstance(contact.get("email"), str) and not is_reserved_email(contact["email"]):
        context.error(file.display, front.lines.line_of(("contact", "email")), "contact.email",
                      f"'{contact['email']}' is a real domain; sample people may only use reserved ones",
                      "use an address at example.org or ending in .invalid")
    if contact.get("phone"):
        context.error(file.display, front.lines.line_of(("contact", "phone")), "contact.phone",
                      "sample people have no phone number: a reader could call a stranger",
                      "remove the phone number")


def check_contacts(context: CheckContext, file: MarkdownFile) -> None:
    """A case study's contacts point to people, or carry their own consent."""
    if not file.document or not isinstance(file.document.front_matter.data, dict):
        return
    data, lines = file.document.front_matter.data, file.document.front_matter.lines
    for i, contact in enumerate(dicts(data.get("contacts"))):
        path: FieldPath = ("contacts", i)
        slug = contact.get("person")
        if isinstance(slug, str):
            context.person_ref(file, lines, path + ("person",), slug)
            extra = [k for k in ("name", "role", "email", "phone", "consent") if k in contact]
            if extra:
                context.warning(file.display, lines.line_of(path + (extra[0],)), field_name(path + (extra[0],)),
                                "ignored: a contact that points to a person shows the person file's details",
                                f"remove {', '.join(extra)}, or change them in content/people/{slug}.md")
            continue
        for name in ("name", "role"):
            if name not in contact:
                context.error(file.display, lines.line_of(path), field_name(path + (name,)),
                              "missing required field", "or point to a person with 'person: <slug>'")
        _consent(context, file, lines, path + ("consent",), contact.get("consent"), CONTACT_HINT)


# ----- research and peer reviews -----------------------------------------------------------
def check_research(context: CheckContext, file: MarkdownFile) -> None:
    front = context.front_matter(file, "research", body_required=False, new="research")
    if not front:
        return
    data, lines, refs = front.data, front.lines, context.refs
    context.year(file, lines, ("year",), data.get("year"))
    doi = data.get("doi")
    if isinstance(doi, str) and doi.lower().startswith(("http", "doi:")):
        bare = doi.split("doi.org/", 1)[-1].removeprefix("doi:").removeprefix("DOI:")
        context.error(file.display, lines.line_of(("doi",)), "doi", "write the DOI alone, not as a link",
                      f"doi: {bare}")
    context.check_refs(file, data, lines, {"municipalities": (refs.municipalities, "municipality"),
                                           "service_areas": (refs.service_areas, "service area"),
                                           "indicators": (refs.indicators, "indicator"),
                                           "people": (context.people, "person")})


def check_peer_review(context: CheckContext, file: MarkdownFile) -> None:
    front = context.front_matter(file, "peer-review", skip={"municipality"}, body_required=False, new="review")
    if not front:
        return
    data, lines, refs = front.data, front.lines, context.refs
    code = data.get("municipality")
    if not isinstance(code, str) and code is not None:
        context.error(file.display, lines.line_of(("municipality",)), "municipality",
                      "expected one demarcation code such as KZN272")
    elif isinstance(code, str) and code not in refs.municipalities and "municipality" not in refs.unreadable:
        context.error(file.display, lines.line_of(("municipality",)), "municipality",
                      f"unknown municipality '{code}'", refs.municipality_hint(code))
    for i, slug in enumerate(strings(data.get("reviewers"))):
        context.person_ref(file, lines, ("reviewers", i), slug)
    context.check_refs(file, data, lines, {"peer_municipalities": (refs.municipalities, "municipality"),
                                           "focus_areas": (refs.service_areas, "service area"),
                                           "indicators": (refs.indicators, "indicator")})
    _period(context, file.display, lines, ("start",), data.get("start"), ("end",), data.get("end"),
            latest=context.today, kind="a peer review with findings")
    follow_up = given if isinstance(given := data.get("follow_up"), dict) else {}
    when = follow_up.get("date")
    if isinstance(when, str) and (day := parse_when(when)) and day.date() > context.today:
        context.error(file.display, lines.line_of(("follow_up", "date")), "follow_up.date",
                      f"{when} is in the future", "the day the follow-up was last checked")
    if isinstance(data.get("report"), str):
        _review_report(context, file, lines, data["report"])


# ----- learning networks -----------------------------------------------------------------
def check_network_connections(context: CheckContext) -> None:
    file = context.raw.networks
    if not file or not file.document:
        return
    lines = file.document.lines
    for n, network in enumerate(dicts(file.document.data)):
        if isinstance(network.get("coordinator"), str):
            context.person_ref(file, lines, (n, "coordinator"), network["coordinator"])
        for i, code in enumerate(strings(network.get("members"))):
            context.check_ref(file, lines, (n, "members", i), code, context.refs.municipalities, "municipality")
        for i, meeting in enumerate(dicts(network.get("meetings"))):
            path: FieldPath = (n, "meetings", i)
            _period(context, file.display, lines, path + ("date",), meeting.get("date"), path + ("end",),
                    meeting.get("end"), latest=_years_ahead(MEETING_YEARS_AHEAD), kind="a meeting")
            if not meeting.get("place") and meeting.get("online") is not True:
                context.error(file.display, lines.line_of(path), field_name(path + ("place",)),
                              "a meeting needs a place, or online: true", "e.g. place: Port Shepstone civic centre")


# ----- shared ------------------------------------------------------------------------------
def _consent(context: CheckContext, file: ContentFile, lines: LineMap, path: FieldPath, consent: Any,
             hint: str) -> None:
    if consent is None:
        if path == ("consent",):
            return  # the schema reports the missing required field
        context.error(file.display, lines.line_of(path[:-1]), field_name(path),
                      "no consent: contact details are published only when the person agreed", hint)
    elif isinstance(consent, dict):
        if consent.get("agreed") is False:
            context.error(file.display, lines.line_of(path + ("agreed",)), field_name(path + ("agreed",)),
                          "the person has not agreed to be listed", "leave them out until they agree")
        when = consent.get("date")
        if isinstance(when, str) and (day := parse_when(when)) and day.date() > context.today:
            context.error(file.display, lines.line_of(path + ("date",)), field_name(path + ("date",)),
                          f"{when} is in the future", "the date they agreed")


def _period(context: CheckContext, display: str, lines: LineMap, start_path: FieldPath, start: Any,
            end_path: FieldPath, end: Any, latest: dt.date, kind: str) -> None:
    first = parse_when(start) if isinstance(start, str) else None
    last = parse_when(end) if isinstance(end, str) else None
    if first and last and " " not in end:
        first = first.replace(hour=0, minute=0)  # a date alone is the whole day
    for path, text, when in ((start_path, start, first), (end_path, end, last)):
        if isinstance(text, str) and when is None and text[:4].isdigit():
            context.error(display, lines.line_of(path), field_name(path), f"'{text}' is not a real date")
        elif when and when.date() > latest:
            context.error(display, lines.line_of(path), field_name(path),
                          f"{text} is after {latest.isoformat()}, the latest date {kind} may have",
                          "check the year" if when.year > latest.year + 1 else "")
    if first and last and last < first:
        context.error(display, lines.line_of(end_path), field_name(end_path),
                      f"ends ({end}) before it starts ({start})", "check the dates: the end comes after the start")


def _review_report(context: CheckContext, file: MarkdownFile, lines: LineMap, path: str) -> None:
    folder = (context.raw.root / "peer-reviews" / "files").resolve()
    target = context.raw.root / "peer-reviews" / path
    line = lines.line_of(("report",))
    if os.path.isabs(path) or ".." in Path(path).parts or not target.resolve().is_relative_to(folder):
        context.error(file.display, line, "report", f"'{path}' points outside content/peer-reviews/files/",
                      "use a path such as files/report.pdf")
    elif not target.is_file():
        context.error(file.display, line, "report", f"'{path}' does not exist",
                      "put the report in content/peer-reviews/files/")
    else:
        problem = (active_type(path) or file_name_problem(path)
                   or publish_problem("report", f"peer-reviews/{path}", target))
        if problem:
            context.error(file.display, line, "report", f"'{path}': {problem}", "save the report as PDF")
