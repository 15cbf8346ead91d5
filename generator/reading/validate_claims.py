"""Claims a contributor could make for themselves: a review status, who to ask.

A mixin of ``validate.Checker`` (it relies on ``raw``, ``_error`` and ``_plain_values``):

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

from generator.reading.contract import field_name
from generator.reading.load import CURATORS_FILE, MarkdownFile
from generator.reading.references import dicts, strings
from generator.reading.source import LineMap

#: Statuses that say people checked the practice: they name them and when.
REVIEWED = ("peer-reviewed", "endorsed")
#: Affiliations of people who work (or worked) for one municipality.
MUNICIPAL = ("municipality", "former-official")


class ClaimChecks:
    def claims(self) -> None:
        """The review and contact claims of every case study."""
        curators = self.curators()
        people = {f.slug: f.document.front_matter.data for f in self.raw.people
                  if f.document and isinstance(f.document.front_matter.data, dict)}
        for file in self.raw.case_studies:
            data = file.document.front_matter.data if file.document else None
            if isinstance(data, dict):
                self.review_claims(file, data, file.document.front_matter.lines, curators)
                self.contact_claims(file, data, file.document.front_matter.lines, people)

    def curators(self) -> set[str]:
        """The curators' names, from content/curators.yaml (checked here: a list of names)."""
        file = self.raw.curators
        if not file or not file.document:
            return set()
        data, names = file.document.data, set()
        for index, entry in enumerate(data if isinstance(data, list) else [None]):
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or len(name.strip()) < 2:
                self._error(file.display, file.document.lines.line_of((index,)), f"[{index}].name",
                            "each curator is written '- name: Their Name'", "see CONTRIBUTING.md, Review statuses")
            else:
                names.add(name.strip())
        self._plain_values(file, data, file.document.lines)
        return names

    def review_claims(self, file: MarkdownFile, data: dict, lines: LineMap, curators: set[str]) -> None:
        review = data.get("review")
        if not isinstance(review, dict) or review.get("status") not in REVIEWED:
            return
        status = review["status"]
        if not list(strings(review.get("reviewers"))):
            self._error(file.display, lines.line_of(("review", "status")), "review.reviewers",
                        f"'{status}' says who checked the practice: name the reviewers",
                        "reviewers: [Their Name, Another Name], or status: submitted")
        date = review.get("date")
        if not isinstance(date, str):
            self._error(file.display, lines.line_of(("review", "status")), "review.date",
                        f"'{status}' says when the practice was checked: give the date", "date: YYYY-MM-DD")
        elif _day(date) and _day(date) > dt.date.today():
            self._error(file.display, lines.line_of(("review", "date")), "review.date", f"{date} is in the future",
                        "the day the review was done")
        if status == "endorsed" and review.get("endorsed_by") not in curators:
            named = review.get("endorsed_by")
            self._error(file.display, lines.line_of(("review", "endorsed_by") if named else ("review", "status")),
                        "review.endorsed_by" if named else "review.status",
                        f"'{named}' is not a curator of content/{CURATORS_FILE}" if named else
                        "'endorsed' is the curators' status: it names the curator who endorsed the practice",
                        "the curators set it, with endorsed_by: <a name of content/curators.yaml>; "
                        "send it as submitted or peer-reviewed")

    def contact_claims(self, file: MarkdownFile, data: dict, lines: LineMap, people: dict[str, Any]) -> None:
        """A contact who is a municipal person of another municipality says why they are the one to ask."""
        codes = data.get("municipality")
        codes = set(strings(codes if isinstance(codes, list) else [codes]))
        for index, contact in enumerate(dicts(data.get("contacts"))):
            person = people.get(contact.get("person")) if isinstance(contact.get("person"), str) else None
            if not isinstance(person, dict) or person.get("affiliation") not in MUNICIPAL or contact.get("why"):
                continue
            if person.get("municipality") not in codes:
                path = ("contacts", index, "person")
                self._error(file.display, lines.line_of(path), field_name(path),
                            f"{contact['person']} works for {person.get('municipality')}, not for this practice's "
                            f"municipality ({', '.join(sorted(codes))})",
                            "name someone of the municipality, or say why they are the one to ask: "
                            "why: e.g. 'The provincial coordinator of the programme'")


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None
