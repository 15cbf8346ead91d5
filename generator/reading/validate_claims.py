"""Claims a contributor could make for themselves: a review status, who to ask.

- ``peer-reviewed`` and ``endorsed`` name their reviewers and a review date that is not
  in the future (a review dated 9999-12-31 pinned its case study to the top of the feed);
- ``endorsed`` is the curators' status: it names the curator who endorsed it
  (``endorsed_by``), one of ``content/curators.yaml``, the file only curators change;
- a contact who is a person of another municipality says why they are the one to ask
  (``why``): a contributor could name anyone as a practice's contact.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.reading.check_context import CheckContext, FrontMatter
from generator.reading.contract import field_name
from generator.reading.load import CURATORS_FILE, MarkdownFile
from generator.reading.references import dicts, strings

#: Statuses that say people checked the practice: they name them and when.
REVIEWED = ("peer-reviewed", "endorsed")
#: Affiliations of people who work (or worked) for one municipality.
MUNICIPAL = ("municipality", "former-official")


def check_claims(context: CheckContext) -> None:
    """The review and contact claims of every case study."""
    curators = check_curators(context)
    people = {f.slug: f.document.front_matter.data for f in context.raw.people
              if f.document and isinstance(f.document.front_matter.data, dict)}
    for file in context.raw.case_studies:
        data = file.document.front_matter.data if file.document else None
        if file.document and isinstance(data, dict):
            front = FrontMatter(data, file.document.front_matter.lines)
            check_review(context, file, front, curators)
            check_contacts_why(context, file, front, people)


def check_curators(context: CheckContext) -> set[str]:
    """The curators' names, from content/curators.yaml (checked here: a list of names)."""
    file = context.raw.curators
    if not file or not file.document:
        return set()
    data, names = file.document.data, set()
    for index, entry in enumerate(data if isinstance(data, list) else [None]):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or len(name.strip()) < 2:
            context.error(file.display, file.document.lines.line_of((index,)), f"[{index}].name",
                          "each curator is written '- name: Their Name'", "see CONTRIBUTING.md, Review statuses")
        else:
            names.add(name.strip())
    context.plain_values(file, data, file.document.lines)
    return names


def check_review(context: CheckContext, file: MarkdownFile, front: FrontMatter, curators: set[str]) -> None:
    review, lines = front.data.get("review"), front.lines
    if not isinstance(review, dict) or review.get("status") not in REVIEWED:
        return
    status = review["status"]
    if not list(strings(review.get("reviewers"))):
        context.error(file.display, lines.line_of(("review", "status")), "review.reviewers",
                      f"'{status}' says who checked the practice: name the reviewers",
                      "reviewers: [Their Name, Another Name], or status: submitted")
    date = review.get("date")
    if not isinstance(date, str):
        context.error(file.display, lines.line_of(("review", "status")), "review.date",
                      f"'{status}' says when the practice was checked: give the date", "date: YYYY-MM-DD")
    elif (day := _day(date)) and day > context.today:
        context.error(file.display, lines.line_of(("review", "date")), "review.date", f"{date} is in the future",
                      "the day the review was done")
    if status == "endorsed" and review.get("endorsed_by") not in curators:
        named = review.get("endorsed_by")
        context.error(file.display, lines.line_of(("review", "endorsed_by") if named else ("review", "status")),
                      "review.endorsed_by" if named else "review.status",
                      f"'{named}' is not a curator of content/{CURATORS_FILE}" if named else
                      "'endorsed' is the curators' status: it names the curator who endorsed the practice",
                      "the curators set it, with endorsed_by: <a name of content/curators.yaml>; "
                      "send it as submitted or peer-reviewed")


def check_contacts_why(context: CheckContext, file: MarkdownFile, front: FrontMatter,
                       people: dict[str, dict[str, Any]]) -> None:
    """A contact who is a municipal person of another municipality says why they are the one to ask."""
    codes = front.data.get("municipality")
    named = set(strings(codes if isinstance(codes, list) else [codes]))
    for index, contact in enumerate(dicts(front.data.get("contacts"))):
        person = people.get(contact["person"]) if isinstance(contact.get("person"), str) else None
        if not isinstance(person, dict) or person.get("affiliation") not in MUNICIPAL or contact.get("why"):
            continue
        if person.get("municipality") not in named:
            path = ("contacts", index, "person")
            context.error(file.display, front.lines.line_of(path), field_name(path),
                          f"{contact['person']} works for {person.get('municipality')}, not for this practice's "
                          f"municipality ({', '.join(sorted(named))})",
                          "name someone of the municipality, or say why they are the one to ask: "
                          "why: e.g. 'The provincial coordinator of the programme'")


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
