"""Tiny charts drawn inline by a template from numbers given here: no chart file, no matplotlib.

- a trend sparkline: higher values always drawn higher; a missing year breaks the line;
- a peer strip: where a municipality stands in its peer group, every member a dot, best on
  the left, the municipality itself a ring, the group's median a tick.

Python gives the coordinates; the SVG markup is in ``theme/lekgotla/partials/sparkline.html``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The drawing box in CSS pixels, with room for the line's width and the end dot.
WIDTH, HEIGHT, PAD = 80, 24, 3


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    segments: tuple[str, ...]  # SVG polyline points ("x,y x,y ..."), one per run of years without a gap
    last: tuple[float, float]  # where the latest value is, marked with a dot


def sparkline(points: tuple[tuple[int, float], ...], years: list[int] | None = None) -> Sparkline | None:
    """Coordinates for ``points`` (year, value), placed on the indicator's ``years``; None for
    fewer than two points, where there is no trend to draw."""
    if len(points) < 2:
        return None
    years = years or [year for year, _ in points]
    index = {year: i for i, year in enumerate(years)}
    first, last = index[points[0][0]], index[points[-1][0]]
    values = [value for _, value in points]
    low, high = min(values), max(values)
    # A change of less than a tenth of the values' size is not drawn as a cliff.
    floor = 0.1 * max(abs(low), abs(high))
    if high - low < floor:
        middle = (high + low) / 2
        low, high = middle - floor / 2, middle + floor / 2
    span_x, span_y = max(last - first, 1), (high - low) or 1.0

    def xy(year: int, value: float) -> tuple[float, float]:
        x = PAD + (index[year] - first) / span_x * (WIDTH - 2 * PAD)
        y = HEIGHT / 2 if high == low else PAD + (high - value) / span_y * (HEIGHT - 2 * PAD)
        return round(x, 1), round(y, 1)

    segments, current, previous = [], [], None
    for year, value in points:
        if previous is not None and index[year] - index[previous] > 1:
            segments.append(current)
            current = []
        current.append(xy(year, value))
        previous = year
    segments.append(current)
    return Sparkline(WIDTH, HEIGHT, tuple(" ".join(f"{x:g},{y:g}" for x, y in run) for run in segments),
                     xy(*points[-1]))


#: The peer strip's box in CSS pixels.
STRIP_WIDTH, STRIP_HEIGHT = 120, 14


@dataclass(frozen=True)
class PeerStrip:
    width: int
    height: int
    dots: str  # the line the dots lie on: "M5 7H115"
    step: float  # the gap between dots: the line is dashed "0 step" with round caps, a dot per member
    focus: float  # x of the municipality itself
    median: float  # x of the group's median rank


def peer_strip(rank: int, of: int) -> PeerStrip | None:
    """Dots for the ``of`` members of a peer group by rank (1 is best, on the left), the ring at
    ``rank``; None for a group of one."""
    if of < 2:
        return None
    step = (STRIP_WIDTH - 2 * PAD - 4) / (of - 1)

    def x(r: float) -> float:
        return round(PAD + 2 + (r - 1) * step, 1)

    # One dashed line rather than a dot each: a strip of 61 dots was 1 KB, 60 strips a page.
    # The step rounded down and the line a hair past the last dot, so that rounding never drops it.
    first, last = PAD + 2, PAD + 2 + (of - 1) * step
    dots = f"M{first:g} {STRIP_HEIGHT / 2:g}H{last + 0.01:.2f}"
    return PeerStrip(STRIP_WIDTH, STRIP_HEIGHT, dots, math.floor(step * 1000) / 1000, x(rank), x((of + 1) / 2))
