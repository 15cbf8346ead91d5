"""Where an indicator's values may come from, and how their years are written.

Official figures are what a coordinator takes to council, so they are held at the door:
an official indicator (``illustrative: false``, the default) takes its values only from
``content/benchmarks/official/<area>.csv``, each row naming its source, a publication of a
body that publishes official statistics (``OFFICIAL_PUBLISHERS``), the same body the
indicator names. Illustrative samples stay in ``content/benchmarks/<area>.csv``. A year is
four plain ASCII digits: ``02011``, ``+2011`` and ``2011.0`` all mean 2011 to a program but
are different keys to a file, and would slip past "one row per municipality, indicator and year".
``lekgotla check`` and ``lekgotla import`` apply these rules alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from generator.reading.contract import FIRST_YEAR
from generator.reading.findings import Finding
from generator.reading.load import OFFICIAL_DIR, RawLibrary
from generator.reading.references import References, dicts

#: Bodies whose publications are official statistics about municipalities. A source must start with
#: one of them for its figures to be published as official; the list is code, not content, so that a
#: contribution cannot make its own figures official by naming a new publisher.
OFFICIAL_PUBLISHERS = (
    "Statistics South Africa",
    "Electoral Commission of South Africa",
    "National Treasury",
    "Department of Water and Sanitation",
    "Department of Human Settlements",
    "Department of Cooperative Governance",
    "Auditor-General of South Africa",
    "Municipal Demarcation Board",
)


@dataclass(frozen=True)
class Problem:
    """One problem of a row: the column, what is wrong, what to do."""

    column: str
    message: str
    hint: str = ""


def year_problem(text: str, this_year: int) -> Problem | None:
    """Why ``text`` is not a year of the values files (four plain digits, FIRST_YEAR to this year), or None."""
    if len(text) == 4 and text.isascii() and text.isdigit() and FIRST_YEAR <= int(text) <= this_year:
        return None
    message = f"'{text}' is not a year from {FIRST_YEAR} to {this_year}"
    meant = _number(text)
    if meant is not None and meant.is_integer() and FIRST_YEAR <= meant <= this_year:
        return Problem("year", message + ": a year is written as four plain digits",
                       f"write {int(meant)}")
    return Problem("year", message)


def _number(text: str) -> float | None:
    try:
        return float(text)  # reads "02011", "+2011", "2011.0" and full-width digits alike
    except ValueError:
        return None


def publisher(source: str) -> str | None:
    """The official publisher a source names first, or None."""
    folded = source.strip().casefold()
    return next((p for p in OFFICIAL_PUBLISHERS if folded.startswith(p.casefold())), None)


def official_file(area: str) -> str:
    return f"content/{OFFICIAL_DIR}/{area}.csv"


def samples_file(area: str) -> str:
    return f"content/benchmarks/{area}.csv"


def row_problems(values: dict[str, str], in_official_file: bool, refs: References) -> list[Problem]:
    """Whether a row may give this indicator's values from where it is, with the source it gives."""
    indicator = values.get("indicator", "")
    area = refs.indicators.get(indicator)
    if area is None:
        return []  # an unknown indicator is reported as such
    official = indicator not in refs.illustrative
    if official and not in_official_file:
        return [Problem("indicator", f"'{indicator}' is an official indicator: its values come only from "
                                     f"{official_file(area)}, with their source",
                        f"add the published figures there with lekgotla import FILE --source '…'; if these "
                        f"values are samples, the indicator is not official: set illustrative: true in "
                        f"content/benchmarks/{area}.yaml")]
    if not official and in_official_file:
        return [Problem("indicator", f"'{indicator}' is illustrative: its sample values belong in "
                                     f"{samples_file(area)}, not among the official figures",
                        "move the row there")]
    if not official:
        return []
    source = values.get("source", "")
    expected = publisher(refs.sources.get(indicator, ""))
    if not source:
        return [Problem("source", f"an official figure of '{indicator}' needs its source",
                        f"name the publication, e.g. '{refs.sources.get(indicator, '')}'")]
    given = publisher(source)
    if given is None:
        return [Problem("source", f"'{source}' is not a publisher of official statistics",
                        f"an official figure comes from {_publishers()}")]
    if expected and given != expected:
        return [Problem("source", f"'{source}' is not from {expected}, the source of '{indicator}'",
                        f"give the {expected} publication the figure comes from")]
    return []


def indicator_problems(raw: RawLibrary, refs: References, incoming: Iterable[str] = ()) -> list[Finding]:
    """Each official indicator names an official publisher as its source and has its values in its
    official file (or among ``incoming``, the indicators a spreadsheet being imported gives values for)."""
    with_values = set(incoming)
    for values in raw.observations:
        if is_official_file(values.display):
            with_values.update(r.values.get("indicator", "") for r in values.rows)
    found = []
    for file in raw.service_areas:
        data = file.document.data if file.document else None
        if not file.document or not isinstance(data, dict):
            continue
        lines = file.document.lines
        for index, indicator in enumerate(dicts(data.get("indicators"))):
            code = indicator.get("id")
            if not isinstance(code, str) or code in refs.illustrative or refs.indicators.get(code) != file.slug:
                continue
            source = indicator.get("source")
            if isinstance(source, str) and publisher(source) is None:
                found.append(Finding.error(
                    file.display, lines.line_of(("indicators", index, "source")), f"indicators[{index}].source",
                    f"'{source}' is not a publisher of official statistics, so '{code}' cannot be official",
                    f"official figures come from {_publishers()}; if its values are samples, set illustrative: true"))
            elif code not in with_values:
                found.append(Finding.error(
                    file.display, lines.line_of(("indicators", index, "id")), f"indicators[{index}].id",
                    f"'{code}' is official (illustrative: false), but {official_file(file.slug)} has no values for it",
                    "import its published figures with lekgotla import FILE; if its values are samples, "
                    "set illustrative: true"))
    return found


def is_official_file(display: str) -> bool:
    return f"/{OFFICIAL_DIR}/" in f"/{display}"


def _publishers() -> str:
    return ", ".join(OFFICIAL_PUBLISHERS[:-1]) + " or " + OFFICIAL_PUBLISHERS[-1]
