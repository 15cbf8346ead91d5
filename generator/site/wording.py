"""The words and numbers the reader sees: how a value, a difference, a place and a reason are written.

The analysis returns numbers; every sentence made of them is written here, in
one voice. Names are never re-cased (an indicator called "HIV/AIDS ..." keeps
its capitals), a difference between two percentages is in percentage points,
and every value carries its unit.
"""

from __future__ import annotations

import math

from generator.analysis.measures import Place, Position, Rating, Scope, Trend
from generator.analysis.peers import BetterPeer, Why
from generator.analysis.standings import Standing
from generator.model.entities import Indicator, Municipality
from generator.model.peer_groups import PeerGroup, peer_group


def shortened(text: str, limit: int) -> str:
    """``text`` cut after a whole word to at most ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def format_number(value: float | None) -> str:
    """12.5 -> "12.5", 30.0 -> "30", 123456 -> "123,456"; "–" for nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return "0" if text == "-0" else text


def format_value(value: float | None, unit: str = "") -> str:
    """A value with its unit: "30%", "120 days", "4.5 jobs per 1,000 residents"."""
    text = format_number(value)
    if not unit or text == "–":
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def format_difference(delta: float | None, unit: str = "", signed: bool = True, short: bool = False) -> str:
    """A difference between two values: a difference of percentages is in percentage points
    ("+3.5 percentage points", or "+3.5 pp" when ``short``); other units keep their unit."""
    if delta is None:
        return "–"
    sign = "+" if signed and delta > 0 else ""
    text = sign + format_number(delta if signed else abs(delta))
    if unit == "%":
        return f"{text} pp" if short else f"{text} percentage point{'' if abs(delta) == 1 else 's'}"
    return f"{text} {unit}" if unit else text


def ordinal(n: int) -> str:
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def group_words(code: str) -> PeerGroup:
    """The peer group of a MIIF code in words; an unknown code is its own name."""
    return peer_group(code) or PeerGroup(code, code, code)


def place_in_words(place: Place, miif_category: str = "") -> str:
    """ "4th of 12 mostly rural locals" in the peer group, "4th of 59 nationally" in the country."""
    if place.scope is Scope.PEER_GROUP:
        return f"{ordinal(place.rank)} of {place.of} {group_words(miif_category).plural}"
    return f"{ordinal(place.rank)} of {place.of} nationally"


def quartile_label(place: Place) -> str:
    """ "Q1 (top) in peer group", "Q3 nationally"; "–" when too few report."""
    if place.quartile is None:
        return "–"
    q = place.quartile
    where = "in peer group" if place.scope is Scope.PEER_GROUP else "nationally"
    extra = " (top)" if q == 1 else " (bottom)" if q == 4 else ""
    return f"Q{q}{extra} {where}"


RATING_WORDS = {Rating.MEETS: "meets the benchmark", Rating.CLOSE: "close to the benchmark",
                Rating.FAR: "short of the benchmark"}


def rating_in_words(standing: Standing) -> str:
    """The rating and the position in the peer group: "short of the benchmark; top quarter of its peer group"."""
    parts = [RATING_WORDS[standing.rating]] if standing.rating else []
    position = standing.peer.position
    if position is not None:
        parts.append(f"{position.value} of its peer group")
    return "; ".join(parts) or "no benchmark"


def position_in_words(position: Position | None) -> str:
    return position.value if position else "too few to compare"


def trend_in_words(trend: Trend | None) -> str:
    return trend.value if trend else "one year only"


def peer_reason(peer: BetterPeer, learner: Municipality, indicator: Indicator) -> str:
    """Why this peer, in numbers, to follow its name: "also a mostly rural local: 30.8% in 2023,
    13.9 percentage points better than Jozini; 1st of 12 mostly rural locals; meets the benchmark"."""
    m = peer.municipality
    if peer.why is Why.SAME_PEER_GROUP:
        who = f"also {m.peer_group.singular}"
    elif peer.why is Why.SAME_PROVINCE:
        who = f"also in {m.province_name} ({m.peer_group.singular})"
    else:
        who = f"of similar size ({format_number(m.population)} residents; {m.peer_group.singular})"
    parts = [f"{who}: {format_value(peer.value, indicator.unit)} in {peer.year}, "
             f"{format_difference(peer.ahead_by, indicator.unit, signed=False)} better than {learner.name}",
             place_in_words(peer.standing.peer, m.miif_category)]
    if peer.standing.rating is Rating.MEETS:
        parts.append("meets the benchmark")
    change = peer.series.change
    if change is not None and change > 0:
        (first_year, first), _ = peer.series.first, peer.series.last
        parts.append(f"from {format_value(first, indicator.unit)} in {first_year}")
    return "; ".join(parts)


def benchmark_in_words(indicator: Indicator) -> str:
    """ "30% or less", "95% or more"; "no benchmark"; a comparison point (the national
    figure) is a value to compare with, not a target, so it is given as it is: "77%"."""
    if indicator.benchmark is None:
        return "no benchmark"
    if not indicator.benchmark.is_target:
        return format_value(indicator.benchmark.value, indicator.unit)
    direction = "or more" if indicator.better.value == "higher" else "or less"
    return f"{format_value(indicator.benchmark.value, indicator.unit)} {direction}"
