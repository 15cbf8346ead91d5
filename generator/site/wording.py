"""The words and numbers the reader sees: how a figure, a difference, a place and a reason are written.

The analysis returns numbers and figures (``analysis/figures.py``); every sentence made of
them is written here, in one voice, and the templates write every number through the filters
at the end (``FIGURE_FILTERS``), never by themselves. Names are never re-cased (an indicator
called "HIV/AIDS ..." keeps its capitals); an indicator's figures all have the decimals of its
most precise value; a difference between two percentages is in percentage points; every value
carries its unit, singular after one; a target is met or not, the national figure only done
better or worse than ("below the national figure (worse)"); a place shared with others says so
("=15th") and every place says the year it ranks.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import cache
from decimal import ROUND_HALF_UP, Decimal

from generator.analysis.figures import Figure, Measure, is_target, point_figure, provenance_of
from generator.analysis.measures import (CLOSE_FRACTION, MIN_FOR_QUARTILE, STABLE_FRACTION, Place, Position, Rating,
                                         Scope, Trend)
from generator.analysis.peers import BetterPeer, Why
from generator.analysis.standings import Standing
from generator.model.connections import Person
from generator.model.entities import Indicator
from generator.model.peer_groups import PeerGroup, peer_group


def shortened(text: str, limit: int) -> str:
    """``text`` cut after a whole word to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def where_they_work(person: Person) -> str:
    """Where a person works, as a request and a page's description name it: "Joe Morolong",
    "formerly of Umhlabuyalingana", their organisation, or "" when none is known."""
    if person.home:
        return f"{'formerly of ' if person.affiliation == 'former-official' else ''}{person.home.name}"
    return person.organisation


def role_and_place(person: Person) -> str:
    """ "Manager, Water Services, Joe Morolong": a person as the pages and requests introduce them."""
    return ", ".join(part for part in (person.role, where_they_work(person)) if part)


def in_sentence(title: str) -> str:
    """A title inside a sentence: "Water and sanitation" -> "water and sanitation"; "HIV/AIDS" stays."""
    first = title.split(" ", 1)[0]
    return title[0].lower() + title[1:] if first[1:] == first[1:].lower() else title


def as_written(value: float, decimals: int) -> Decimal:
    """``value`` rounded as a figure is written: half away from zero, to ``decimals``. Rounded to 9 decimals
    first, so that a float's last bits never decide a half: (35.5 + 35.6) / 2 is 35.549999999999997 in binary
    and is written 35.6, as the median of 35.5 and 35.6 is."""
    exact = Decimal(repr(round(float(value), 9)))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float | None, decimals: int | None = None) -> str:
    """12.5 -> "12.5", 30.0 -> "30", 123456 -> "123,456"; "–" for nothing. With ``decimals``,
    exactly that many, rounded half away from zero as the value is written (35.55 -> "35.6")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if decimals is not None:
        rounded = as_written(value, decimals)
        text = f"{rounded:,.{decimals}f}"
        return text[1:] if text.startswith("-") and not rounded else text  # no "-0.0"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return "0" if text == "-0" else text


def format_value(value: float | None, unit: str = "", decimals: int | None = None) -> str:
    """A value with its unit: "30%", "120 days", "4.5 jobs per 1,000 residents", "1 meeting per year"."""
    text = format_number(value, decimals)
    if not unit or text == "–":
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit_for(text, unit)}"


def unit_for(number: str, unit: str) -> str:
    """The unit as it follows ``number``: singular after exactly "1" ("1 meeting per year", "1 day")."""
    unit = unit_shown(unit)
    if number not in ("1", "-1", "+1"):
        return unit
    head, per, tail = unit.partition(" per ")
    words = head.split(" ")
    noun = words[-1]
    if noun.endswith("ies"):
        words[-1] = noun[:-3] + "y"
    elif noun.endswith("s") and not noun.endswith("ss"):
        words[-1] = noun[:-1]
    return " ".join(words) + per + tail


@cache  # called for every figure a page shows, with a handful of units
def unit_shown(unit: str) -> str:
    """A unit as a page shows it: a number in it never breaks across lines at its thousands
    ("per 1 000 residents" keeps "1 000" together); downloads keep the unit as written."""
    return _DIGIT_GROUP.sub("\u00a0", unit)


_DIGIT_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def format_difference(delta: float | None, unit: str = "", signed: bool = True, short: bool = False,
                      decimals: int | None = None) -> str:
    """A difference between two values: a difference of percentages is in percentage points
    ("+3.5 percentage points", or "+3.5 pp" when ``short``); other units keep their unit."""
    if delta is None:
        return "–"
    number = format_number(delta if signed else abs(delta), decimals)
    text = ("+" if signed and not number.startswith("-") and number.strip("0.,") else "") + number
    if unit == "%":
        return f"{text} pp" if short else f"{text} percentage point{'' if number in ('1', '-1') else 's'}"
    return f"{text} {unit_for(number, unit)}" if unit else text


# --- Figures: every number the site shows --------------------------------------------------------
def figure_text(figure: Figure, short: bool = False) -> str:
    """A figure as the reader sees it, with its unit and its indicator's decimals: "38.6%",
    "429.8 days"; a difference signed and, for a percentage, in percentage points ("-38.4 pp"
    when ``short``); how much a peer is ahead, unsigned."""
    if figure.measure.difference:
        return format_difference(figure.value, figure.unit, signed=figure.measure is not Measure.AHEAD, short=short,
                                 decimals=figure.decimals)
    return format_value(figure.value, figure.unit, figure.decimals)


def figure_in_year(figure: Figure) -> str:
    """ "38.6% in 2011": a figure with the year it is of."""
    return f"{figure_text(figure)} in {figure.year}" if figure.year is not None else figure_text(figure)


def provenance_in_words(indicator: Indicator) -> str:
    """Where an indicator's values come from, as a sentence: "Official statistics: Statistics South Africa,
    Census 2011." or "Illustrative samples, not official statistics."."""
    if indicator.illustrative:
        return "Illustrative samples, not official statistics."
    return f"Official statistics: {indicator.source}."


def provenance_and_year(indicator: Indicator, year: int | None) -> str:
    """What an indicator's figures of ``year`` are and when, in the fewest words, as a chart's bar says it
    beside bars of other years or kinds: "official, 2011", "illustrative, 2024"."""
    if year is None:  # a figure without its year is never shown
        raise ValueError(f"{indicator.id}: a figure shown without its year")
    return f"{provenance_of(indicator).value}, {year}"


def sources_in_words(indicators) -> str:
    """Which of a chart's series are official, with their sources, and which illustrative (as its caption says)."""
    indicators = list(indicators)
    official = [i for i in indicators if not i.illustrative]
    sources = "; ".join(dict.fromkeys(i.source for i in official))
    if len(indicators) > 1:
        return ((f"Official statistics: {sources}. " if official else "") + "Series: " + ", ".join(
            f"{i.code or i.name} ({'illustrative' if i.illustrative else 'official'})" for i in indicators) + "."
            + (" Illustrative values are samples made up for demonstration, not official statistics."
               if len(official) < len(indicators) else ""))
    return f"Official statistics: {sources}." if official else "Illustrative data, not official statistics."


@dataclass(frozen=True)
class Provenances:
    """What a page's notice says of where its figures come from: how many of the indicators it shows
    figures of are illustrative."""

    illustrative: int
    shown: int
    text: str


def provenances(indicators, whose: str = "") -> Provenances | None:
    """The notice of a page showing figures of ``indicators`` (each counted once); None for none. ``whose``:
    whose figures they are, where a page shows others' beside its subject's ("Jozini's own and other
    municipalities'"), so that its count is not read as the subject's alone."""
    unique = list({i.id: i for i in indicators}.values())
    if not unique:
        return None
    illustrative = sum(i.illustrative for i in unique)
    return Provenances(illustrative, len(unique), illustrative_notice(illustrative, len(unique), whose))


def illustrative_notice(illustrative: int, shown: int, whose: str = "") -> str:
    """What a page's notice says of the indicators it shows figures of (``whose``, as ``provenances``)."""
    on_this_page = f"on this page ({whose})" if whose else "on this page"
    if not illustrative:
        return ("The figures on this page are official statistics, with their source beside them." if shown > 1 else
                "The figures on this page are official statistics: their source is given below.")
    if illustrative == shown == 1:
        return "The values of this indicator are illustrative samples, made up for demonstration: not official statistics."
    if illustrative == shown:
        return (f"The values of all {shown} indicators {on_this_page} are illustrative samples, made up for "
                "demonstration: not official statistics.")
    official = shown - illustrative
    return (f"{illustrative} of the {shown} indicators {on_this_page} {'is' if illustrative == 1 else 'are'} "
            "illustrative (marked so): their values are samples made up for demonstration, not official statistics. "
            f"{'The other one is' if official == 1 else f'The other {official} are'} official, with "
            f"{'its source beside it' if official == 1 else 'their sources beside them'}.")


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def group_words(code: str) -> PeerGroup:
    """The peer group of a MIIF code in words; an unknown code is its own name."""
    return peer_group(code) or PeerGroup(code, code, code)


def place_in_words(place: Place, miif_category: str = "", year: int | None = None) -> str:
    """ "=4th of 12 mostly rural locals in 2024" in the peer group, "4th of 59 nationally" in the country;
    "=" when another has the same value and so the same place."""
    rank = f"{'=' if place.tied else ''}{ordinal(place.rank)}"
    within = group_words(miif_category).plural if place.scope is Scope.PEER_GROUP else "nationally"
    return f"{rank} of {place.of} {within}" + (f" in {year}" if year is not None else "")


def rank_short(place: Place) -> str:
    """A rank in a table whose caption says within what and when: "=15" of "=15th of 59"."""
    return f"{'=' if place.tied else ''}{place.rank}"


def quarter_words(place: Place) -> str:
    """The quarter a place is in, as every page names it: "top quarter", "middle half", "bottom quarter"; "–" when
    too few report to speak of quarters."""
    position = place.position
    return position.value if position else "–"


# --- Parts of sentences that the pages mark up: figures (analysis.figures.Figure), places, ratings ---
@dataclass(frozen=True)
class Ranked:
    """A place in a sentence: "=15th of 59 mostly rural locals in 2011" (``kind`` "rank"), "4th of 59
    nationally in 2011" ("nrank"), or its quarter of the peer group, "middle half of its peer group" ("q")."""

    place: Place
    year: int
    text: str
    kind: str = "rank"

    @property
    def number(self) -> int:
        if self.kind == "q" and self.place.quartile is not None:  # a quarter is named only where there is one
            return self.place.quartile
        return self.place.rank


@dataclass(frozen=True)
class Rated:
    """How a value compares with its indicator's comparison point: "✓ meets the target"."""

    rating: Rating
    year: int
    text: str


@dataclass(frozen=True)
class Counted:
    """How many of those compared meet the target (``kind`` "meets") or do better than the national
    figure ("better"): "0 of 4 meet the target"."""

    kind: str
    number: int
    of: int
    text: str
    indicator: str = ""  # its id, where the element around it does not say (a chart's caption)
    year: int | None = None  # the year compared, when it is one year for all


#: A sentence: text, and the figures, places, ratings and counts in it, each marked up by the template.
Words = tuple["str | Figure | Ranked | Rated | Counted", ...]


def ranked(standing: Standing, scope: Scope = Scope.PEER_GROUP) -> Ranked:
    place = standing.peer if scope is Scope.PEER_GROUP else standing.national
    return Ranked(place, standing.year, place_in_words(place, standing.municipality.miif_category, standing.year),
                  "rank" if scope is Scope.PEER_GROUP else "nrank")


def quartered(standing: Standing) -> Ranked | None:
    """Its quarter of the peer group in words; None when too few report to speak of quarters."""
    position = standing.peer.position
    if position is None:
        return None
    return Ranked(standing.peer, standing.year, f"{position.value} of its peer group", "q")


def rated(standing: Standing) -> Rated | None:
    if standing.rating is None:
        return None
    return Rated(standing.rating, standing.year, rating_with_symbol(standing.rating, standing.indicator))


def figure_shown(figure: Figure) -> str:
    """A figure as a sentence or a card shows it: a value with its year ("38.6% in 2011"), a gap short
    ("-38.4 pp"), how much a peer is ahead or a case study's change in full ("57.2 percentage points")."""
    if figure.measure is Measure.GAP:
        return figure_text(figure, short=True)
    return figure_text(figure) if figure.measure.difference else figure_in_year(figure)


def plain(words: Words) -> str:
    """A sentence as plain text (a chart's description, a search record)."""
    return "".join(part if isinstance(part, str) else figure_shown(part) if isinstance(part, Figure) else part.text
                   for part in words)


# --- Comparison points: a target can be met, the national figure only done better or worse than ------
def point_name(indicator: Indicator) -> str:
    """ "target" or "national figure": what the indicator's values are compared with."""
    return "target" if is_target(indicator) else "national figure"


@dataclass(frozen=True)
class Point:
    """An indicator's comparison point as the pages show it: "target 80% or more", "national figure 77.0%"."""

    figure: Figure
    name: str  # "target" or "national figure"
    direction: str  # " or more", " or less", or nothing (point_direction)
    year: int | None = None  # the national figure's year; a target has none


def point_of(indicator: Indicator, decimals: int) -> Point | None:
    """The indicator's comparison point; None when it has none."""
    figure = point_figure(indicator, decimals)
    if figure is None or indicator.benchmark is None:
        return None
    return Point(figure, point_name(indicator), point_direction(indicator), comparison_year(indicator))


def comparison_year(indicator: Indicator) -> int | None:
    """The year of a national figure (a comparison point is of one); None for a target, which has none."""
    return indicator.benchmark.year if indicator.benchmark and not is_target(indicator) else None


def point_year(indicator: Indicator) -> str:
    """ " in 2011" after a national figure, as after every figure of a year; nothing after a target."""
    year = comparison_year(indicator)
    return f" in {year}" if year else ""


def point_basis(indicator: Indicator) -> str:
    """Where the comparison point comes from, as its indicator says, and, for the national figure, that it
    is not a target (unless the basis says so already)."""
    if indicator.benchmark is None:
        return ""
    basis = indicator.benchmark.basis
    if is_target(indicator) or "not a target" in basis:
        return basis
    return f"{basis} A comparison point, not a target: a value is above or below it, never said to meet it."


def point_direction(indicator: Indicator) -> str:
    """What follows a target: " or more", " or less"; nothing after the national figure, nor after a
    target of 100% to reach (or 0% to get down to), beyond which there is nothing."""
    benchmark = indicator.benchmark
    if benchmark is None or not is_target(indicator):
        return ""
    higher = indicator.better.value == "higher"
    if indicator.unit == "%" and benchmark.value == (100 if higher else 0):
        return ""
    return " or more" if higher else " or less"


RATING_WORDS = {Rating.MEETS: "meets the target", Rating.CLOSE: "close to the target",
                Rating.FAR: "short of the target", Rating.LEVEL: "at the national figure"}
#: Marks that go with the words, never instead of them.
RATING_SYMBOLS = {Rating.MEETS: "✓", Rating.CLOSE: "≈", Rating.FAR: "✗", Rating.LEVEL: "="}


def rating_words(rating: Rating | None, indicator: Indicator) -> str:
    """ "meets the target", "short of the target"; "above the national figure" (better when higher is
    better), "below the national figure"; "no comparison point" without one."""
    if rating is None:
        return "no target or national figure"
    if rating in (Rating.BETTER, Rating.WORSE):
        better = rating is Rating.BETTER
        above = better == (indicator.better.value == "higher")
        return f"{'above' if above else 'below'} the national figure ({'better' if better else 'worse'})"
    return RATING_WORDS[rating]


@dataclass(frozen=True)
class Meaning:
    """A word the pages rate or describe a value with, as they show it, and what decides it."""

    words: str
    meaning: str


def rating_meanings() -> list[Meaning]:
    """What each rating and trend means, from the thresholds that decide them (analysis/measures.py), for
    the About the data page: one rule for every page, written where a reader can find it."""
    close, stable = _percent(CLOSE_FRACTION), _percent(STABLE_FRACTION)
    example = 30 * (1 + CLOSE_FRACTION)
    symbol = RATING_SYMBOLS
    return [
        Meaning(f"{symbol[Rating.MEETS]} {RATING_WORDS[Rating.MEETS]}",
                "At the indicator's target or past it, in the better direction."),
        Meaning(f"{symbol[Rating.CLOSE]} {RATING_WORDS[Rating.CLOSE]}",
                f"Short of the target by at most {close} of it: with a target of 30% non-revenue water or less, "
                f"up to {example:g}% is close. Where the target is 0, by at most {close} of the spread of that "
                "year's values (the highest less the lowest)."),
        Meaning(f"{symbol[Rating.FAR]} {RATING_WORDS[Rating.FAR]}", "Further short of the target than that."),
        Meaning("▲ above or ▼ below the national figure (better or worse)",
                "For an indicator without a target, the value against its national figure (the indicator's page "
                "says of which year and from where). The national figure is not a target: a value is above or below it, never said to meet it, and the "
                "words in brackets say which is better."),
        Meaning(f"{symbol[Rating.LEVEL]} {RATING_WORDS[Rating.LEVEL]}", "Equal to it, as the figures are written."),
        Meaning(f"{Trend.IMPROVING.value}, {Trend.STABLE.value}, {Trend.WORSENING.value}",
                "The latest value against the first of the years shown: stable when they differ by at most "
                f"{stable} of the larger of the two, otherwise improving or worsening by which way is better. "
                "The years between are not weighed: the chart beside it shows them."),
        Meaning(", ".join(f"{p.value} of its peer group" for p in Position),
                "Its rank among the municipalities of its peer group that reported that year: the top quarter, the "
                "middle half or the bottom quarter. The top and the bottom quarter are a quarter of the places from "
                "each end, rounded down (of 21, the first 5 and the last 5); given only where at least "
                f"{MIN_FOR_QUARTILE} report."),
    ]


def _percent(fraction: float) -> str:
    return f"{fraction * 100:g}%"


def rating_with_symbol(rating: Rating | None, indicator: Indicator) -> str:
    """ "✓ meets the target", "▼ below the national figure (worse)": the symbol never stands alone; against
    the national figure it points the way the value lies (▲ above, ▼ below), the words say which is better."""
    words = rating_words(rating, indicator)
    if rating is None:
        return words
    symbol = RATING_SYMBOLS.get(rating) or ("▲" if words.startswith("above") else "▼")
    return f"{symbol}\u00a0{words}"  # a no-break space: the symbol never ends a line alone


def counted(ahead: int, of: int, target: bool, indicator: str = "", year: int | None = None,
            indicators: bool = False) -> Counted:
    """Of municipalities, "0 of 4 meet the target"; of a municipality's ``indicators``, "0 of 4 targets met";
    of either, "1 of 2 better than the national figure"."""
    if target:
        met = f"target{'' if of == 1 else 's'} met" if indicators else f"meet{'s' if of == 1 else ''} the target"
        return Counted("meets", ahead, of, f"{ahead} of {of} {met}", indicator, year)
    return Counted("better", ahead, of, f"{ahead} of {of} better than the national figure", indicator, year)


def trend_in_words(trend: Trend | None) -> str:
    return trend.value if trend else "one year only"


def peer_reason(peer: BetterPeer, learner: Standing) -> Words:
    """Why this peer, in numbers, to follow its name: "also a mostly rural local: 30.8% in 2023,
    13.9 percentage points better than Jozini; 1st of 12 mostly rural locals in 2023; ✓ meets the target;
    from 20.1% in 2016" (its rating whatever it is: "≈ close to the target" too). Its gap is to ``learner``'s
    latest value, whose figure is named where its year is another ("better than Jozini (76.6% in 2023)"): a gap
    across years is not read as one of the same year."""
    m = peer.municipality
    if peer.why is Why.SAME_PEER_GROUP:
        who = f"also {m.peer_group.singular}"
    elif peer.why is Why.SAME_PROVINCE:
        who = f"also in {m.province_name} ({m.peer_group.singular})"
    else:
        who = f"of similar size ({format_number(m.population)} residents; {m.peer_group.singular})"
    than: list = ([f" better than {learner.municipality.name}; "] if learner.year == peer.standing.year else
                  [f" better than {learner.municipality.name} (", learner.figure, "); "])
    words: list = [f"{who}: ", peer.standing.figure, ", ", peer.ahead_figure, *than, ranked(peer.standing)]
    # Rated as every value is, also where the peer is itself short of the target or below the national figure:
    # a peer named without its rating among peers named with theirs reads as one that meets it.
    rating = rated(peer.standing)
    if rating is not None:
        words += ["; ", rating]
    if peer.series.change is not None and peer.series.change > 0:
        words += ["; from ", peer.series.first_figure]
    return tuple(words)


def cell_text(figure: Figure) -> str:
    """A figure in a table whose caption gives its year: "38.6%", a gap "-38.4 pp"."""
    return figure_text(figure, short=True)


_SMALL_NUMBERS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def count_in_words(n: int) -> str:
    """A count in a sentence: below ten in words ("two to four municipalities"), else in digits."""
    return _SMALL_NUMBERS[n] if 0 <= n < len(_SMALL_NUMBERS) else format_number(n)


#: The filters the templates write figures, places and ratings with (``partials/benchmark-macros.html``).
FIGURE_FILTERS = {"lk_count": count_in_words, "lk_figure": figure_shown, "lk_cell": cell_text, "lk_number": format_number,
                  "lk_rank": rank_short, "lk_quarter": quarter_words, "lk_rated": rated, "lk_ranked": ranked,
                  "lk_unit": unit_shown}


# --- Dates ----------------------------------------------------------------------------------------
def day_in_words(iso: str) -> str:
    """ "2025-10-14" (or "2025-10-14 09:00") -> "14 October 2025", as a reader says a day."""
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def days_in_words(start: str, end: str) -> str:
    """A span of days without repeating what its ends share: "14 to 16 October 2025",
    "30 September to 2 October 2025", "30 December 2025 to 2 January 2026"; one day alone."""
    first, last = span_ends(start, end)
    return first if first == last else f"{first} to {last}"


def span_ends(start: str, end: str) -> tuple[str, str]:
    """How each end of a span of days is written: ("14", "16 October 2025"); both the same for one day."""
    first, last = dt.date.fromisoformat(start[:10]), dt.date.fromisoformat(end[:10])
    if first == last:
        return day_in_words(start), day_in_words(start)
    if (first.year, first.month) == (last.year, last.month):
        return str(first.day), day_in_words(end)
    if first.year == last.year:
        return f"{first.day} {first:%B}", day_in_words(end)
    return day_in_words(start), day_in_words(end)


#: The filters the templates write dates with (``partials/connection-macros.html``).
DATE_FILTERS = {"lk_day": day_in_words, "lk_span_ends": span_ends}
PEOPLE_FILTERS = {"lk_role_and_place": role_and_place}
