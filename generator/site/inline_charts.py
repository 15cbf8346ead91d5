"""Tiny charts drawn inline by a template from numbers given here: no chart file, no matplotlib.

- a trend sparkline: higher values always drawn higher; a missing year breaks the line;
- a peer strip: where a municipality stands in its peer group, every member a dot, best on
  the left, the municipality itself a ring, the group's median a tick;
- a case study's before and after: two labelled bars against the benchmark's dashed line
  (as chart files they were 2,424 of a national library's 2,609, 7 MB and most of 28 s of matplotlib).

Python gives the coordinates; the SVG markup is in ``generator/theme/lekgotla/partials/sparkline.html``.
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
        return _tidy(x), _tidy(y)

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
    return PeerStrip(STRIP_WIDTH, STRIP_HEIGHT, dots, math.floor(step * 1000) / 1000, _tidy(x(rank)), _tidy(x((of + 1) / 2)))


#: The before-and-after box in CSS pixels: each bar under a line that names it and gives its value
#: (a value such as "612 litres per connection per day" has no room beside a bar on a phone).
BARS_WIDTH, BAR_THICKNESS, BAR_PITCH, BARS_TOP, BARS_PAD = 320, 16, 40, 26, 4


@dataclass(frozen=True)
class InlineBar:
    label: str  # "Before (2019)"
    value_label: str  # "67.6%"
    x: float  # where the bar starts (its value or zero, whichever is further left)
    y: int  # its top
    length: float
    text_y: int  # the line above it that names it


@dataclass(frozen=True)
class BeforeAfter:
    width: int
    height: int
    bars: tuple[InlineBar, ...]
    thickness: int
    benchmark_x: float | None  # the benchmark's dashed line, when there is one
    benchmark_label: str
    benchmark_anchor: str  # start | middle | end: its label kept inside the box
    benchmark_text_x: float  # where its label is anchored: on its line, or at the box's edge when too long
    text_x: int = BARS_PAD

    @property
    def benchmark_path(self) -> str:
        """The benchmark's dashed line across each bar, a little above and below it, and not across the labels
        between them: it struck through "240.0 days" where the label's glyphs left a gap."""
        x = self.benchmark_x
        under_its_label = f"M{x} 17V{self.bars[0].text_y - 8}" if self.bars else ""
        return under_its_label + "".join(f"M{x} {_tidy(b.y - 4)}V{_tidy(b.y + self.thickness + 4)}" for b in self.bars)


def before_after(bars, benchmark: float | None, benchmark_label: str) -> BeforeAfter:
    """Coordinates for a few labelled bars (``charts.Bar``: label, value, value_label) and the
    benchmark. The values' labels carry their unit, so the unit is not written apart."""
    values = [b.value for b in bars]
    high = max(values + ([benchmark] if benchmark is not None else []) + [0])
    low = min(values + [0])
    span = (high - low) or 1.0
    left, right = BARS_PAD, BARS_WIDTH - BARS_PAD

    def x(value: float) -> float:
        return _tidy(left + (value - low) / span * (right - left))

    drawn = []
    for i, bar in enumerate(bars):
        start, end = sorted((x(0), x(bar.value)))
        top = BARS_TOP + i * BAR_PITCH
        drawn.append(InlineBar(bar.label, bar.value_label, start, top + BAR_PITCH - BAR_THICKNESS - 4,
                               max(_tidy(end - start), 1), top + 10))
    where = None if benchmark is None else x(benchmark)
    text_x, anchor = _label_place(where, benchmark_label)
    return BeforeAfter(BARS_WIDTH, BARS_TOP + len(bars) * BAR_PITCH, tuple(drawn), BAR_THICKNESS, where,
                       benchmark_label, anchor, text_x)


#: About how wide a character of the bars' 12 px text is (0.55 em): labels are measured by it, as the
#: page's fonts are not known here. A little wide, so that a label is never cut.
CHARACTER_WIDTH = 6.8


def _label_place(where: float | None, label: str) -> tuple[float, str]:
    """Where the benchmark's label goes and how it is anchored (``label_place``)."""
    if where is None:
        return 0, "middle"
    return label_place(where, len(label) * CHARACTER_WIDTH, BARS_WIDTH, BARS_PAD)


def label_place(at: float, width: float, box: float, edge: float) -> tuple[float, str]:
    """Where a label ``width`` wide, written over a line at ``at`` in a box ``box`` wide, goes, and its
    anchor: centred on the line when it fits, else starting or ending at it, else from ``edge`` ("Target
    200.0 litres per connection per day" is wider than either side of its line): never cut off by the box.
    The one rule of the inline bars and the drawn charts (chart_drawing.py)."""
    if width / 2 <= at <= box - width / 2:
        return at, "middle"
    if at + width <= box:
        return at, "start"
    if at >= width:
        return at, "end"
    return edge, "start"


def _tidy(value: float) -> float | int:
    """One decimal, and none when it is zero: "96", not "96.0", sixty times a page."""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded
