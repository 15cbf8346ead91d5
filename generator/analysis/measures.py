"""The measures of benchmarking as small pure functions: gaps, ratings, ranks, quartiles, trends.

One sign everywhere: a positive ``benchmark_gap`` or change always means
*better*, whichever way the indicator runs (fewer water losses, more households
served). Rank 1 is the best; quartile 1 is the best quarter. A rank or quartile
always belongs to a scope, the peer group or the whole country (see ``Place``).
"""

from __future__ import annotations

import statistics
from collections import Counter
from decimal import Decimal
from dataclasses import dataclass
from enum import Enum
from typing import Iterable

from generator.model.entities import Direction, Indicator

# --- Thresholds: the one place where "close" and "stable" are defined -----------------------------
#: A value short of the benchmark by at most this fraction of the benchmark is rated "close"
#: (benchmark 30% non-revenue water: up to 33% is close, above is far). When the benchmark
#: is 0 the fraction applies to the spread (highest minus lowest) of that year's values.
CLOSE_FRACTION = 0.10
#: A change over the years smaller than this fraction of the larger of the first and last
#: values is "stable" (95.0 to 96.5 is stable; 95 to 98 is improving when higher is better).
STABLE_FRACTION = 0.02
#: Quartiles mean little in a smaller group; below this many reporters none is given.
MIN_FOR_QUARTILE = 4
#: An indicator's figures are written with as many decimals as its most precise published value,
#: and never more than this: a median of 35.5 and 35.6 is written 35.6, beside 36.0.
MOST_DECIMALS = 2


class Rating(str, Enum):
    """How a value compares with its indicator's comparison point.

    A target can be met; a comparison point that is not a target (the national figure)
    can only be done better or worse than: a value is never said to "meet" it.
    """

    MEETS = "meets"
    """At or better than the target."""
    CLOSE = "close"
    """Short of the target by at most CLOSE_FRACTION of it."""
    FAR = "far"
    """Further from the target than that."""
    BETTER = "better"
    """Better than the national figure: above it when higher is better, below it when lower is."""
    LEVEL = "level"
    """Equal to the national figure."""
    WORSE = "worse"
    """Worse than the national figure."""

    @property
    def favourable(self) -> bool:
        """Meets the target, or does better than the national figure."""
        return self in (Rating.MEETS, Rating.BETTER)


class Trend(str, Enum):
    IMPROVING = "improving"
    """Moved in the better direction by more than STABLE_FRACTION."""
    STABLE = "stable"
    """Moved less than that, either way."""
    WORSENING = "worsening"
    """Moved in the worse direction by more than STABLE_FRACTION."""


class Position(str, Enum):
    """Where a municipality stands among those it is compared with, from its quartile."""

    TOP_QUARTER = "top quarter"
    """Quartile 1: better than at least three quarters of the others."""
    MIDDLE_HALF = "middle half"
    """Quartiles 2 and 3."""
    BOTTOM_QUARTER = "bottom quarter"
    """Quartile 4."""


class Scope(str, Enum):
    PEER_GROUP = "peer group"
    """Among the municipalities of the same MIIF category that reported."""
    NATIONAL = "national"
    """Among every municipality that reported."""


@dataclass(frozen=True)
class Place:
    """A rank among ``of`` reporters within a scope: 1 is best, and quartile 1 the best quarter."""

    scope: Scope
    rank: int
    of: int
    quartile: int | None  # None when fewer than MIN_FOR_QUARTILE reported
    tied: bool = False  # another reporter has the same value, so the same rank ("=15th")

    @property
    def position(self) -> Position | None:
        return position_of(self.quartile)


def directed(better: Direction, delta: float) -> float:
    """``delta`` signed so that positive means better."""
    return delta if better is Direction.HIGHER else -delta


def benchmark_gap(indicator: Indicator, value: float) -> float | None:
    """How far ``value`` is past the benchmark (positive) or short of it (negative); None without one."""
    if indicator.benchmark is None:
        return None
    return directed(indicator.better, value - indicator.benchmark.value)


def close_tolerance(benchmark: float, values: list[float]) -> float:
    """How far short of ``benchmark`` still counts as close (see CLOSE_FRACTION)."""
    if benchmark != 0:
        return CLOSE_FRACTION * abs(benchmark)
    return CLOSE_FRACTION * (max(values) - min(values)) if values else 0.0


def rate(gap: float | None, tolerance: float, target: bool = True) -> Rating | None:
    """Against a target: meets, close or far. Against another comparison point (``target``
    false, the national figure): better, level or worse, never "meets"."""
    if gap is None:
        return None
    # Decided on the values as written, not on a float's last bits: 97 - 87.3 is 9.700000000000003, and
    # 87.3 is exactly the 10% of 97 short of it that still counts as close.
    gap, tolerance = round(gap, 9), round(tolerance, 9)
    if not target:
        return Rating.BETTER if gap > 0 else Rating.WORSE if gap < 0 else Rating.LEVEL
    if gap >= 0:
        return Rating.MEETS
    return Rating.CLOSE if -gap <= tolerance else Rating.FAR


def ranks(values: dict[str, float], better: Direction) -> dict[str, int]:
    """Rank 1 is best; equal values share a rank and the next rank is skipped (1, 2, 2, 4)."""
    ordered = sorted(values.values(), reverse=better is Direction.HIGHER)
    first_place: dict[float, int] = {}
    for place, value in enumerate(ordered, start=1):
        first_place.setdefault(value, place)
    return {code: first_place[value] for code, value in values.items()}


def quartile(rank: int, count: int) -> int | None:
    """1 is the best quarter, 4 the worst; None when too few report to speak of quarters.

    The top and the bottom quarter each take a quarter of the places from their end, rounded down, so
    that a place and its mirror are named alike: of 21, the first 5 and the last 5 (cutting at a rank
    made 6th of 21 "top quarter" and 16th "middle half"). 2 and 3 split the middle half at its middle.
    """
    if count < MIN_FOR_QUARTILE:
        return None
    from_the_bottom = count - rank + 1
    if 4 * rank <= count:
        return 1
    if 4 * from_the_bottom <= count:
        return 4
    return 2 if 2 * rank <= count else 3


def position_of(quartile_: int | None) -> Position | None:
    if quartile_ is None:
        return None
    if quartile_ == 1:
        return Position.TOP_QUARTER
    return Position.BOTTOM_QUARTER if quartile_ == 4 else Position.MIDDLE_HALF


def median(values: Iterable[float]) -> float:
    """The median of one value or more."""
    return statistics.median(list(values))


def decimals_of(values: Iterable[float]) -> int:
    """How many decimals ``values`` are published with: the most any of them has (35.5 has one,
    0.03 two, 77.0 none), at most MOST_DECIMALS. Every figure of an indicator (its values, medians,
    totals, gaps and changes) is written with as many, so that one card never shows "36%"
    beside "35.55%"."""
    most = 0
    for value in values:
        exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
        most = max(most, -exponent if isinstance(exponent, int) else 0)
    return min(most, MOST_DECIMALS)


def median_decimals(median_: float, decimals: int) -> int:
    """The decimals a median is written with: its values' own, and one more where it lies halfway between
    two of them. The median of 2, 3, 4 and 5 meetings is 3.5; written as its values are, it read "4
    meetings", as if it met a target of 4."""
    return decimals + 1 if round(round(median_, 9) * 10 ** (decimals + 1)) % 10 else decimals


def trend_of(first: float, last: float, better: Direction) -> Trend:
    change = directed(better, last - first)
    tolerance = STABLE_FRACTION * max(abs(first), abs(last))
    if abs(change) <= tolerance:
        return Trend.STABLE
    return Trend.IMPROVING if change > 0 else Trend.WORSENING


def rank_places(values: dict[str, float], better: Direction, scope: Scope) -> dict[str, Place]:
    """Each code's place among ``values`` within ``scope``; equal values share a place and are tied."""
    count = len(values)
    ranked = ranks(values, better)
    sharing = Counter(ranked.values())
    return {code: Place(scope, rank, count, quartile(rank, count), sharing[rank] > 1) for code, rank in ranked.items()}
