"""``lekgotla new person|research|review``: start a connection file that already passes ``check``.

The same way of asking as ``scaffold`` (options, or questions for what is
missing; every answer checked with the validator's rules), for the files of
content/people/, content/research/ and content/peer-reviews/.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.cli.scaffold import (Ask, Choices, Draft, Invalid, answer, check_field, check_slug, check_year,
                                    consent_date, interview_or_defaults, one_of, slug_of)
from generator.reading.contract import schema

PERSON_BODY = "<!-- A few sentences: what they have done, and what they can help others with. -->\n"
RESEARCH_BODY = "<!-- Optional: what the findings mean for a municipality, in plain language. -->\n"
REVIEW_BODY = "<!-- A short summary of the review: who visited, what they looked at, how. -->\n"


def person_draft(choices: Choices, given: dict[str, Any], ask: Ask) -> Draft:
    draft = Draft("person", body=PERSON_BODY)
    f = draft.fields
    ask = interview_or_defaults(given, ("name", "role", "affiliation", "service_areas", "languages", "offers",
                                        "consent"), ask)
    f["name"] = answer(given, "name", ask, "Name", lambda v: check_field("person", "name", v.strip()))
    f["role"] = answer(given, "role", ask, "Role, e.g. Manager: Water Services",
                       lambda v: check_field("person", "role", v.strip()))
    affiliations = _enum("person", "affiliation")
    f["affiliation"] = answer(given, "affiliation", ask, f"Works for ({', '.join(affiliations)})",
                              lambda v: one_of(v.strip().lower(), affiliations, "affiliation"), default="municipality")
    if f["affiliation"] in ("municipality", "former-official"):
        f["municipality"] = answer(given, "municipality", ask, "Municipality (code or name)", choices.municipality)
    else:
        f["organisation"] = answer(given, "organisation", ask, "Organisation, e.g. University of Limpopo",
                                   lambda v: check_field("person", "organisation", v.strip()))
    f["service_areas"] = answer(given, "service_areas", ask, f"Service areas ({', '.join(choices.service_areas)}; "
                                "comma-separated)", lambda v: _several(v, choices.service_areas, "service area"))
    indicators = answer(given, "indicators", ask, "Indicators they know (comma-separated, or leave empty)",
                        lambda v: _several(v.upper(), sorted(choices.indicators), "indicator", allow_empty=True),
                        default="")
    if indicators:
        f["indicators"] = indicators
    languages = _enum("person", "languages")
    f["languages"] = answer(given, "languages", ask, f"Languages ({', '.join(languages)}; comma-separated)",
                            lambda v: _several(v, languages, "language"), default="English")
    offers = _enum("person", "offers")
    f["offers"] = answer(given, "offers", ask, f"Offers ({', '.join(offers)}; comma-separated)",
                         lambda v: _several(v.lower(), offers, "offer"))
    email = answer(given, "email", ask, "Email (may be empty)",
                   lambda v: check_field("person", "contact", {"email": v.strip()})["email"] if v.strip() else "",
                   default="")
    f["contact"] = {"email": email} if email else {}
    f["consent"] = {"agreed": True, "date": answer(given, "consent", ask, "The date they agreed to be listed "
                                                   "(YYYY-MM-DD)", consent_date)}
    draft.slug = answer(given, "slug", ask, "File name", check_slug, default=slug_of(f["name"]))
    return draft


def research_draft(choices: Choices, given: dict[str, Any], ask: Ask) -> Draft:
    draft = Draft("research", body=RESEARCH_BODY)
    f = draft.fields
    ask = interview_or_defaults(given, ("title", "authors", "institution", "year", "abstract"), ask)
    f["title"] = answer(given, "title", ask, "Title", lambda v: check_field("research", "title", v.strip()))
    f["authors"] = answer(given, "authors", ask, "Authors as cited, separated by ';' (Surname, I.; Surname, I.)",
                          lambda v: check_field("research", "authors", [a.strip() for a in v.split(";") if a.strip()]))
    f["institution"] = answer(given, "institution", ask, "Institution",
                              lambda v: check_field("research", "institution", v.strip()))
    f["year"] = answer(given, "year", ask, "Year published", check_year)
    f["abstract"] = answer(given, "abstract", ask, "Abstract (20 to 2,000 characters)",
                           lambda v: check_field("research", "abstract", " ".join(v.split())))
    doi = answer(given, "doi", ask, "DOI, e.g. 10.4102/td.v17i1.1001 (may be empty)",
                 lambda v: check_field("research", "doi", v.strip().removeprefix("https://doi.org/")) if v.strip()
                 else "", default="")
    if doi:
        f["doi"] = doi
    codes = answer(given, "municipalities", ask, "Municipalities it studies (codes or names, comma-separated; "
                   "may be empty)", lambda v: [choices.municipality(p) for p in v.split(",") if p.strip()], default="")
    if codes:
        f["municipalities"] = codes
    draft.slug = answer(given, "slug", ask, "File name", check_slug, default=slug_of(f["title"]))
    return draft


def review_draft(choices: Choices, given: dict[str, Any], ask: Ask) -> Draft:
    draft = Draft("peer-review", body=REVIEW_BODY)
    f = draft.fields
    ask = interview_or_defaults(given, ("municipality", "reviewers", "start", "end", "focus_areas", "findings",
                                        "recommendations"), ask)
    f["municipality"] = answer(given, "municipality", ask, "Municipality reviewed (code or name)",
                               choices.municipality)
    people = sorted(choices.people)
    f["reviewers"] = answer(given, "reviewers", ask, "Reviewers: file names in content/people/, comma-separated",
                            lambda v: _several(v, people, "person"))
    f["start"] = answer(given, "start", ask, "First day (YYYY-MM-DD)", lambda v: _date(v, "start"))
    f["end"] = answer(given, "end", ask, "Last day (YYYY-MM-DD)", lambda v: _end(v, f["start"]))
    f["focus_areas"] = answer(given, "focus_areas", ask, f"Service areas reviewed ({', '.join(choices.service_areas)})",
                              lambda v: _several(v, choices.service_areas, "service area"))
    f["findings"] = answer(given, "findings", ask, "Findings, separated by ';'",
                           lambda v: check_field("peer-review", "findings", _items(v)))
    f["recommendations"] = answer(given, "recommendations", ask, "Recommendations, separated by ';'",
                                  lambda v: check_field("peer-review", "recommendations", _items(v)))
    statuses = _enum("peer-review", "follow_up", "status")
    f["follow_up"] = {"status": answer(given, "follow_up", ask, f"Follow-up ({', '.join(statuses)})",
                                       lambda v: one_of(v.strip(), statuses, "follow-up status"),
                                       default="not-started")}
    draft.slug = answer(given, "slug", ask, "File name", check_slug,
                        default=slug_of(f"{choices.municipalities[f['municipality']]} {f['start'][:4]}"))
    return draft


# ----- small checks ----------------------------------------------------------------------
def _enum(kind: str, *path: str) -> list[str]:
    document = schema(kind).schema
    if not isinstance(document, Mapping):  # a schema may be true or false; ours are objects
        raise TypeError(f"{kind}.schema.json is not an object")
    node = document["properties"]
    for name in path:
        node = node[name]
        node = node.get("properties", node)
    node = node.get("items", node)
    return list(node["enum"])


def _several(text: str | list, known: list[str], kind: str, allow_empty: bool = False) -> list[str]:
    items = [i.strip() for i in (text if isinstance(text, list) else re.split(r"[,;]", text)) if i.strip()]
    if not items and not allow_empty:
        raise Invalid(f"{kind.replace(' ', '_')}: name at least one {kind}")
    lowered = {k.lower(): k for k in known}
    return [one_of(lowered.get(i.lower(), i), known, kind) for i in items]


def _items(text: str) -> list[str]:
    return [" ".join(i.split()) for i in text.split(";") if i.strip()]


def _date(text: str, name: str) -> str:
    import datetime as dt

    value = check_field("peer-review", name, text.strip())
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name}: '{value}' is not a real date") from None
    return value


def _end(text: str, start: str) -> str:
    end = _date(text, "end")
    if end < start:
        raise Invalid(f"end: {end} is before the start, {start}")
    return end

