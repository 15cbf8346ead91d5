"""``lekgotla new``: start a case study or toolkit as a file that already passes ``check``.

Every answer is checked as it is given, with the rules and messages of the
validator (the same JSON Schema, the same municipality hints), so a contributor
who has never written YAML ends up with a valid file and the recommended
headings to fill in. An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from generator.reading.findings import Report, did_you_mean
from generator.reading.content_types import by_schema
from generator.reading.load import SLUG, read_content
from generator.reading.sections import CASE_STUDY_SECTIONS, TOOLKIT_SECTIONS
from generator.reading.contract import FIRST_YEAR, describe_error, schema
from generator.reading.references import References



class Invalid(ValueError):
    """An answer that breaks the content contract; the message says why and what to write."""


@dataclass
class Choices:
    """What the library offers to choose from: municipalities, service areas, indicators."""

    refs: References
    people: dict[str, str] = field(default_factory=dict)  # slug -> name, of content/people/

    @classmethod
    def of(cls, content_dir: Path) -> Choices:
        raw = read_content(content_dir, Report())
        people = {f.slug: f.document.front_matter.data.get("name", f.slug) for f in raw.people
                  if f.document and isinstance(f.document.front_matter.data, dict)}
        return cls(References.of(raw), people)

    @property
    def municipalities(self) -> dict[str, str]:
        return self.refs.municipalities  # code -> name

    @property
    def service_areas(self) -> list[str]:
        return sorted(self.refs.service_areas)

    @property
    def indicators(self) -> dict[str, str]:
        return self.refs.indicators  # id -> service area

    def municipalities_of(self, text: str) -> str | list[str]:
        """One code, or a list of codes for a joint practice ('DC21, KZN212')."""
        codes = [self.municipality(part) for part in text.split(",") if part.strip()]
        if not codes:
            raise Invalid("municipality: give a code or a name, e.g. ETH or eThekwini")
        return codes[0] if len(codes) == 1 else codes

    def municipality(self, text: str) -> str:
        """The code for ``text``: a code or a name, in any case; a unique part of a name will do."""
        text = text.strip()
        by_code = {code.lower(): code for code in self.municipalities}
        if text.lower() in by_code:
            return by_code[text.lower()]
        names = {name.lower(): code for code, name in self.municipalities.items()}
        plain = text.lower().removeprefix("city of ").strip()
        if plain in names:
            return names[plain]
        matches = sorted({code for name, code in names.items() if plain and plain in name})
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(f"{c} ({self.municipalities[c]})" for c in matches[:8])
            raise Invalid(f"municipality: '{text}' matches several municipalities: {listed}; type the code")
        raise Invalid(f"municipality: unknown municipality '{text}' (" + self.refs.municipality_hint(text) + ")")

    def indicator_list(self, text: str, area: str) -> list[str]:
        codes = [c.strip().upper() for c in re.split(r"[,\s]+", text) if c.strip()]
        for code in codes:
            if self.indicators.get(code) != area:
                own = sorted(i for i, a in self.indicators.items() if a == area)
                raise Invalid(f"indicators: '{code}' is not an indicator of {area}; choose from {', '.join(own)}")
        return codes


@dataclass
class Draft:
    """The answers so far, in the order they appear in the file."""

    kind: str  # its schema, which names its content type: case-study, toolkit, person, research or peer-review
    fields: dict[str, Any] = field(default_factory=dict)
    slug: str = ""
    body: str = ""  # the text below the front matter; by default the recommended sections


# ----- one rule per field, shared by options and prompts ---------------------------
def check_field(kind: str, name: str, value: Any) -> Any:
    """``value`` if the schema accepts it as field ``name``, else ``Invalid`` with the validator's message."""
    for error in schema(kind).iter_errors({name: value}):
        if tuple(error.absolute_path)[:1] == (name,):
            raise Invalid(f"{name}: " + describe_error(error.validator, error.validator_value, error.instance))
    return value


def check_year(text: str | int) -> int:
    this_year = dt.date.today().year
    try:
        if not str(text).strip().isascii():
            raise ValueError  # int() would read full-width and other digits
        year = int(str(text).strip())
    except ValueError:
        raise Invalid(f"year: '{text}' is not a year; write it as four digits, e.g. 2019") from None
    if not FIRST_YEAR <= year <= this_year:
        raise Invalid(f"year: {year} is not a year from {FIRST_YEAR} to {this_year}")
    return year


def check_slug(text: str) -> str:
    if not SLUG.fullmatch(text):  # the schema's pattern ends in "$", which lets "x\n" through
        raise Invalid(f"slug: '{text}' may only hold lowercase letters, digits and single hyphens")
    return check_field("toolkit", "tags", [text])[0]


def slug_of(title: str) -> str:
    """A file name from a title: 'Ward AIDS committees!' -> 'ward-aids-committees'."""
    return "-".join(re.sub(r"[^a-z0-9]+", " ", title.lower()).split())[:60].rstrip("-")


# ----- the file --------------------------------------------------------------------
def render(draft: Draft) -> str:
    """The markdown file: front matter in the order of CONTRIBUTING.md, then the headings to fill in."""
    front = yaml.dump(draft.fields, Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True, width=100)
    sections = CASE_STUDY_SECTIONS if draft.kind == "case-study" else TOOLKIT_SECTIONS
    body = draft.body or "\n".join(f"## {heading}\n\n<!-- {guide} -->\n" for heading, guide in sections.items())
    return f"---\n{front}---\n\n{body}"


class _FrontMatterDumper(yaml.SafeDumper):
    """Block style as in CONTRIBUTING.md, except short lists of words: tags: [a, b]."""


def _list(dumper: yaml.SafeDumper, items: list) -> yaml.Node:
    flow = all(isinstance(item, (str, int, float)) for item in items)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", items, flow_style=flow)


_FrontMatterDumper.add_representer(list, _list)


def target_path(content_dir: Path, draft: Draft) -> Path:
    return content_dir / by_schema(draft.kind).folder / f"{draft.slug}.md"


def write_new(path: Path, text: str) -> None:
    """Write ``path``; refuse when it exists (mode "x"), so nothing is ever overwritten."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise Invalid(f"{path} already exists and is left as it is; choose another --slug") from None


# ----- asking ----------------------------------------------------------------------
Ask = Callable[[str, Callable[[str], Any], str | None], Any]  # question, check, default


def case_study_draft(choices: Choices, given: dict[str, Any], ask: Ask) -> Draft:
    """A case study from ``given`` options, asking (through ``ask``) for whatever is missing."""
    draft = Draft("case-study")
    f = draft.fields
    ask = interview_or_defaults(given, ("title", "municipality", "service_area", "year", "summary"), ask)
    f["title"] = answer(given, "title", ask, "Title (what the municipality did, in a few words)",
                         lambda v: check_field("case-study", "title", v.strip()))
    f["municipality"] = answer(given, "municipality", ask, "Municipality (code or name, e.g. ETH or eThekwini; "
                                "several separated by commas for a joint practice)", choices.municipalities_of)
    areas = ", ".join(choices.service_areas)
    f["service_area"] = answer(given, "service_area", ask, f"Service area ({areas})",
                                lambda v: one_of(v.strip().lower(), choices.service_areas, "service area"))
    f["year"] = answer(given, "year", ask, f"Year the practice started ({FIRST_YEAR} to {dt.date.today().year})",
                        check_year)
    f["summary"] = answer(given, "summary", ask, "Summary (plain text, 20 to 400 characters)",
                           lambda v: check_field("case-study", "summary", " ".join(v.split())))
    own = sorted(i for i, a in choices.indicators.items() if a == f["service_area"])
    indicators = answer(given, "indicators", ask, f"Indicators it aims to improve ({', '.join(own)}; "
                         "comma-separated, or leave empty)", lambda v: choices.indicator_list(v, f["service_area"]),
                         default="")
    if indicators:
        f["indicators"] = indicators
    f["review"] = {"status": "submitted", "date": dt.date.today().isoformat()}  # the feed dates it so
    contact = _contact(given, ask, choices.people)
    if contact:
        f["contacts"] = [contact]
    draft.slug = answer(given, "slug", ask, "File name (lowercase words joined by hyphens)", check_slug,
                         default=slug_of(f"{choices.municipalities[_first(f['municipality'])]} {f['title']}"))
    return draft


def toolkit_draft(choices: Choices, given: dict[str, Any], ask: Ask) -> Draft:
    draft = Draft("toolkit")
    f = draft.fields
    ask = interview_or_defaults(given, ("title", "summary"), ask)
    f["title"] = answer(given, "title", ask, "Title", lambda v: check_field("toolkit", "title", v.strip()))
    f["summary"] = answer(given, "summary", ask, "Summary (plain text, 20 to 400 characters)",
                           lambda v: check_field("toolkit", "summary", " ".join(v.split())))
    areas = ", ".join(choices.service_areas)
    f["service_areas"] = answer(given, "service_areas", ask, f"Service areas ({areas}, comma-separated, or all)",
                                 lambda v: _areas(v, choices), default="all")
    audience = answer(given, "audience", ask, "Who is it for (comma-separated, e.g. IDP managers; may be empty)",
                       lambda v: [a.strip() for a in v.split(",") if a.strip()], default="")
    if audience:
        f["audience"] = audience
    draft.slug = answer(given, "slug", ask, "File name (lowercase words joined by hyphens)", check_slug,
                         default=slug_of(f["title"]))
    return draft


def interview_or_defaults(given: dict[str, Any], required: tuple[str, ...], ask: Ask) -> Ask:
    # With every required field given as an option, optional ones take their
    # defaults instead of being asked: the command then runs unattended.
    if any(given.get(name) in (None, ()) for name in required):
        return ask

    def defaults_only(question: str, check: Callable[[str], Any], default: str | None) -> Any:
        return check(default or "")
    return defaults_only


def _contact(given: dict[str, Any], ask: Ask, people: dict[str, str]) -> dict[str, Any]:
    """A person of content/people/, or a name, role and email with the date they agreed to be listed."""
    if given.get("contact_person"):
        return {"person": _person(given["contact_person"], people)}
    name = answer(given, "contact_name", ask, "Contact person: their file name in content/people/ "
                   "(e.g. sipho-ndlovu), or their name (may be empty)",
                   lambda v: v.strip() if v.strip() in people else
                   (_contact_field("name", v.strip()) if v.strip() else ""), default="")
    if not name:
        return {}
    if name in people:
        return {"person": name}
    contact: dict[str, Any] = {"name": name}
    contact["role"] = answer(given, "contact_role", ask, "Their role, e.g. Manager: Water Services",
                              lambda v: _contact_field("role", v.strip()))
    email = answer(given, "contact_email", ask, "Their email (may be empty)",
                    lambda v: _contact_field("email", v.strip()) if v.strip() else "", default="")
    if email:
        contact["email"] = email
    agreed = answer(given, "contact_consent", ask, "The date they agreed to be listed with these details "
                     "(YYYY-MM-DD)", consent_date, default="")
    contact["consent"] = {"agreed": True, "date": agreed}
    return contact


def consent_date(text: str) -> str:
    if not text.strip():
        raise Invalid("consent: contact details are published only with the person's consent: give the date "
                      "they agreed (--contact-consent), or name a person of content/people/ (--contact-person)")
    date = check_field("person", "consent", {"agreed": True, "date": text.strip()})["date"]
    try:
        if dt.date.fromisoformat(date) > dt.date.today():
            raise Invalid(f"consent: {date} is in the future")
    except ValueError:
        raise Invalid(f"consent: '{date}' is not a real date") from None
    return date


def _person(slug: str, people: dict[str, str]) -> str:
    slug = slug.strip()
    if slug not in people:
        hint = did_you_mean(slug, people) or "add them with `lekgotla new person`"
        raise Invalid(f"contact_person: unknown person '{slug}' ({hint})")
    return slug


def _contact_field(name: str, value: str) -> str:
    person = {"name": "xx", "role": "xx", name: value}
    try:
        return check_field("case-study", "contacts", [person])[0][name]
    except Invalid as exc:
        raise Invalid(str(exc).replace("contacts: ", f"{name}: ", 1)) from None


def answer(given: dict[str, Any], name: str, ask: Ask, question: str, check: Callable[[str], Any],
            default: str | None = None) -> Any:
    value = given.get(name)
    if value is None or value == ():
        return ask(question, check, default)
    return check(",".join(value) if isinstance(value, tuple) else str(value))


def one_of(value: str, known: list[str], kind: str) -> str:
    if value not in known:
        hint = did_you_mean(value, known) or f"choose from {', '.join(known)}"
        raise Invalid(f"{kind.replace(' ', '_')}: unknown {kind} '{value}' ({hint})")
    return value


def _areas(text: str, choices: Choices) -> list[str]:
    areas = [a.strip().lower() for a in text.split(",") if a.strip()]
    if areas == ["all"]:
        return areas
    if not areas:
        raise Invalid("service_areas: name at least one service area, or all")
    return [one_of(a, choices.service_areas, "service area") for a in areas]


def _first(municipality: str | list[str]) -> str:
    return municipality[0] if isinstance(municipality, list) else municipality
