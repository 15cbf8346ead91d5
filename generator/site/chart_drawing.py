"""Drawing a ``Chart`` (see charts.py) as SVG with matplotlib: the same chart always gives the same bytes.

Speed matters: a national library has over 5,000 charts. Figures are made once
per process and their artists reused; the axes are drawn by hand (a few lines
and labels) because matplotlib's tick machinery costs more than the chart.
Text stays text in the SVG (``svg.fonttype: none``): smaller files, readable by
search engines and screen magnifiers, and no per-glyph path work. Every label
has a white halo, so no line runs through it, and a colour with at least 4.5:1
contrast on white.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_svg import FigureCanvasSVG  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import PathPatch  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from generator.site.inline_charts import label_place  # noqa: E402
from generator.site.wording import format_number as _number  # noqa: E402
from generator.site.wording import shortened, unit_shown  # noqa: E402

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

    from generator.site.charts import Chart

#: Bump when the look of the charts changes, so cached files are redrawn.
STYLE_VERSION = "3"

#: Okabe-Ito colours, distinguishable with every common colour-vision deficiency. Colour is
#: never the only cue: every line and marker also carries a text label and its own dash.
BLUE, ORANGE, VERMILLION, GREY, DARK, LIGHT = "#0072B2", "#E69F00", "#D55E00", "#999999", "#222222", "#DDDDDD"
#: Text in a line's colour takes a darker shade of it where the colour itself has less than
#: 4.5:1 contrast on white (orange 2.3:1, vermillion 3.9:1, grey 2.8:1).
TEXT_COLOURS = {ORANGE: "#8A5A00", VERMILLION: "#A34400", GREY: DARK}

#: Charts are drawn 4.5 inches (324 SVG units) wide with 11-unit text: on a 360 px phone
#: screen the text shows at about 12 px, on a projector it scales up crisply.
WIDTH, HEIGHT, SMALL_HEIGHT = 4.5, 3.0, 2.4
FONT_SIZE = 11
#: How wide a character of the labels (DejaVu Sans at FONT_SIZE - 1 px) is at the most, about: digits and
#: capitals are 0.6-0.7 em. Labels are measured by it, as measuring them through matplotlib costs more.
LABEL_CHARACTER_WIDTH = 6.6
#: From one bar to the next where bars carry notes (SVG units): three lines of label and a gap; such a
#: chart is as tall as its bars need, with this much room above and below them.
NOTED_BAR_PITCH, NOTED_MARGIN = 44, 6
MIN_PLOT_WIDTH = 0.3  # of the figure: the plot narrowed for long labels keeps at least this
RC: dict[RcKeyType, Any] = {"svg.fonttype": "none", "svg.hashsalt": "lekgotla", "font.family": "sans-serif",
      "font.sans-serif": ["DejaVu Sans"], "font.size": FONT_SIZE, "path.simplify": True}
METADATA = {"Creator": None, "Date": None, "Format": None, "Type": None}


def drawing_version() -> str:
    """What the look of a chart depends on besides the chart itself."""
    return f"{STYLE_VERSION}-{matplotlib.__version__}"


# --- Drawing -------------------------------------------------------------------------------------

def render_svg(chart: Chart) -> bytes:
    """The chart as SVG bytes: the same chart always gives the same bytes."""
    with matplotlib.rc_context(RC):
        canvas = _CANVASES.get(chart.kind)
        if canvas is None:
            canvas = _CANVASES[chart.kind] = _KINDS[chart.kind]()
        canvas.texts = []
        canvas.height = drawn_height(chart)
        canvas.figure.set_size_inches(WIDTH, canvas.height)
        canvas.draw(chart)
        buffer = io.BytesIO()
        canvas.svg.print_svg(buffer, metadata=METADATA)
    return _accessible(buffer.getvalue(), chart, canvas.text_elements())


def drawn_height(chart: Chart) -> float:
    """How tall ``chart`` is drawn, in inches: its kind's height, or more for bars with notes, each of
    which takes three lines of label (its name on two, its note under them)."""
    if not any(bar.note for bar in chart.bars):
        return _KINDS[chart.kind].height
    return (_BarsCanvas.rows(chart.bars) * NOTED_BAR_PITCH + 2 * NOTED_MARGIN) / 72


def _accessible(svg: bytes, chart: Chart, texts: str) -> bytes:
    """Add <title> and <desc> and the labels, and drop the DOCTYPE no browser reads."""
    text = svg.decode("utf-8")
    text = text.replace('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n  '
                        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n', "")
    start = text.index("<svg ")
    end = text.index(">", start)
    head = text[start:end] + ' role="img" aria-labelledby="title desc">'
    labels = f'\n <title id="title">{escape(chart.title)}</title>\n <desc id="desc">{escape(chart.description)}</desc>'
    body = _FLOAT.sub(r"\1", text[end + 1:])  # 0.01 of a point is finer than any screen shows
    closing = body.rindex("</svg>")
    return (text[:start] + head + labels + body[:closing] + texts + body[closing:]).encode("utf-8")


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    text: str
    anchor: str = "start"  # start | middle | end
    va: str = "center"  # center | top | bottom
    color: str = DARK
    where: str = "data"  # data | figure (fractions)


class _Canvas:
    """A figure made once per process; ``draw`` resets every artist it uses, so output never
    depends on what was drawn before.

    matplotlib draws the geometry; the labels are written as plain SVG <text> (see
    ``text_elements``): measuring each label's extent through matplotlib costs about a
    millisecond, more than the rest of a small chart, and the browser anchors text itself.
    """

    height = HEIGHT
    # The plot area in figure fractions: room on the left for values, on the right for labels.
    box = (0.13, 0.14, 0.53, 0.74)

    def __init__(self):
        self.figure = Figure(figsize=(WIDTH, self.height), dpi=72)  # 1 display unit = 1 SVG unit
        self.svg = FigureCanvasSVG(self.figure)
        self.axes = self.figure.add_axes(self.box)
        self.axes.set_axis_off()
        self.grid = self.axes.hlines([0], 0, 1, color=LIGHT, linewidth=0.8, zorder=0)
        self.benchmark = self.axes.axhline(0, color=DARK, linestyle=(0, (5, 3)), linewidth=1.4, zorder=3)
        # Thin leaders from a level to its label, when the label had to move away from it.
        self.leaders = LineCollection([], colors=GREY, linewidths=1.0, zorder=3, clip_on=False)
        self.axes.add_collection(self.leaders)
        self.texts: list[_Text] = []

    def draw(self, chart: Chart) -> None:
        """Set every artist of the figure for ``chart``: each kind of canvas draws its own."""
        raise NotImplementedError

    def text_elements(self) -> str:
        height = self.height * 72
        out = []
        for t in self.texts:
            if t.where == "figure":
                x, y = t.x * WIDTH * 72, t.y * height
            else:
                x, y = self.axes.transData.transform((t.x, t.y))
            dy = {"center": ' dy="0.35em"', "top": ' dy="0.8em"', "bottom": ""}[t.va]
            out.append(f'  <text x="{x:.1f}" y="{height - y:.1f}"{dy} text-anchor="{t.anchor}" '
                       f'fill="{TEXT_COLOURS.get(t.color, t.color)}">{_lines(t.text, x, t.va)}</text>\n')
        if not out:
            return ""
        # The white halo keeps every line from running through a label.
        return (f' <g style="font-family: \'DejaVu Sans\', Verdana, sans-serif; font-size: {FONT_SIZE - 1}px; '
                f'paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round">\n'
                + "".join(out) + " </g>\n")

    def frame(self, low: float, high: float, x_low: float, x_high: float, unit: str) -> None:
        """Value gridlines and labels, drawn by hand (cheaper than matplotlib's axis)."""
        if high - low < 1e-9:
            low, high = low - 1, high + 1
        ticks = [t for t in MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
                 if low - 1e-9 <= t <= high + 1e-9]
        pad = (high - low) * 0.06
        self.axes.set_position(self.box)  # right_labels may have narrowed it for the chart before
        self.axes.set_xlim(x_low, x_high)
        self.axes.set_ylim(low - pad, high + pad)
        self.grid.set_segments([[(x_low, t), (x_high, t)] for t in ticks])
        self.texts += [_Text(x_low - (x_high - x_low) * 0.02, t, _number(t), "end") for t in ticks]
        if unit:
            self.texts.append(_Text(0.01, 0.97, unit, "start", "top", where="figure"))

    def bottom_labels(self, pairs: list[tuple[float, str]]) -> None:
        y = self.axes.get_ylim()[0]
        self.texts += [_Text(x, y, label, "middle", "top") for x, label in pairs]

    def right_labels(self, items: list[tuple[float, str, str]], x: float, start: float | None = None) -> None:
        """Labels at the right edge, at their values, pushed apart so none overlaps; a label
        moved away from its value is joined to it by a leader from ``start``."""
        self._make_room(max((len(label) for _, label, _ in items), default=0), x)
        low, high = self.axes.get_ylim()
        gap = (high - low) * (FONT_SIZE * 1.25) / (self.height * 72 * self.box[3])
        placed = spread_labels([y for y, _, _ in items], gap, low, high)
        self.texts += [_Text(x, y, label, "start", "center", color) for (_, label, color), y in zip(items, placed)]
        # Each leader in its label's colour: grey ones, all alike, let "Median 75.7" be read off the mark of 45.9
        # it had been pushed down beside.
        segments, colours = [], []
        for (y, _, color), to in zip(items, placed):
            if start is not None and abs(to - y) > gap * 0.3:
                segments.append([(start, y), (x - (x - start) * 0.15, to)])
                colours.append(TEXT_COLOURS.get(color, color))
        self.leaders.set_segments(segments)
        self.leaders.set_color(colours)

    def _make_room(self, characters: int, x: float) -> None:
        """The plot area narrowed, where need be, so that right labels of ``characters`` starting at ``x``
        (data) end inside the figure: "National figure 60.3%" ran off its edge."""
        left, bottom, width, height = self.box
        x_low, x_high = self.axes.get_xlim()
        starts_at = (x - x_low) / (x_high - x_low)  # where the labels start, in plot widths from its left
        room = 1 - left - (characters * LABEL_CHARACTER_WIDTH + 4) / (WIDTH * 72)
        self.axes.set_position((left, bottom, max(MIN_PLOT_WIDTH, min(width, room / starts_at)), height))

    def top_label(self, x: float, y: float, label: str) -> _Text:
        """A label above a vertical line at ``x`` (data), its foot at ``y``, placed by ``label_place`` in the
        figure: on the line, or from the figure's left edge when it fits on neither side of it."""
        at, foot = self.axes.transData.transform((x, y))
        width = WIDTH * 72
        placed, anchor = label_place(at, len(label) * LABEL_CHARACTER_WIDTH + 4, width, 2)
        if placed == at:
            return _Text(x, y, label, anchor, "bottom")
        return _Text(placed / width, foot / (self.height * 72), label, anchor, "bottom", where="figure")

    def show_benchmark(self, chart: Chart) -> list[tuple[float, str, str]]:
        self.benchmark.set_visible(chart.benchmark is not None)
        if chart.benchmark is None:
            return []
        self.benchmark.set_ydata([chart.benchmark, chart.benchmark])
        label = chart.benchmark_label or f"Benchmark {_number(chart.benchmark)}"
        if chart.unit != "%":  # written at the chart's top, as for the medians beside it: "Target 15.0"
            label = label.removesuffix(f" {unit_shown(chart.unit)}")  # as format_value wrote it
        return [(chart.benchmark, label, DARK)]


class _LinesCanvas(_Canvas):
    """Values over the years: a municipality, its peer group, the benchmark (the scorecard's small chart)."""

    STYLES: dict[str, dict[str, Any]] = {"focus": dict(color=BLUE, linewidth=2.4, linestyle="-", marker="o", markersize=4, zorder=5),
              "peer": dict(color=ORANGE, linewidth=1.8, linestyle=(0, (4, 2)), marker="", markersize=0, zorder=4),
              "context": dict(color=GREY, linewidth=1.0, linestyle="-", marker="", markersize=0, zorder=2)}

    def __init__(self):
        super().__init__()
        self.lines = [self.axes.plot([], [])[0] for _ in range(10)]

    def draw(self, chart: Chart) -> None:
        years = sorted({year for line in chart.lines for year, _ in line.points})
        values = [v for line in chart.lines for _, v in line.points] + (
            [chart.benchmark] if chart.benchmark is not None else [])
        first, last = years[0], years[-1]
        span = max(last - first, 1)
        self.frame(min(values), max(values), first - span * 0.04, last + span * 0.04, chart.unit)
        step = max(1, math.ceil(len(years) / 4))
        shown = years[::step] if years[-1] in years[::step] else years[::step][:-1] + [years[-1]]
        self.bottom_labels([(y, str(y)) for y in shown])
        labels = self.show_benchmark(chart)
        for artist, line in zip(self.lines, list(chart.lines) + [None] * len(self.lines)):
            artist.set_visible(line is not None)
            if line:
                artist.set_data(*with_gaps(line.points, years))
                artist.set(**self.STYLES[line.style])
                labels.append((line.points[-1][1], _short(line.label, 19), self.STYLES[line.style]["color"]
                               if line.style != "context" else DARK))
        self.right_labels(labels, last + span * 0.1, last + span * 0.01)


class _SmallLinesCanvas(_LinesCanvas):
    height = SMALL_HEIGHT
    box = (0.13, 0.15, 0.53, 0.72)


class _RankingCanvas(_Canvas):
    """Every reporting municipality as a bar, best on the left; medians and the benchmark as
    labelled levels. No bar is labelled: with 257 bars only the shape and the levels read."""

    def __init__(self):
        super().__init__()
        self.bars = PathPatch(MplPath([(0, 0)]), facecolor=GREY, edgecolor="none", zorder=2)
        self.axes.add_patch(self.bars)
        self.levels = self.axes.hlines([0], 0, 1, color=VERMILLION, linewidth=1.6, zorder=4)

    def draw(self, chart: Chart) -> None:
        values = list(chart.values)
        count = len(values)
        base = min(0.0, *values)
        top = max(values + [chart.benchmark if chart.benchmark is not None else base]
                  + [v for _, v in chart.markers])
        right = count - 0.4 + count * 0.12
        self.frame(base, top, -0.6, right, chart.unit)
        self.bars.set_path(_bar_path(values, base, 0.8 if count <= 60 else 1.0))
        self.levels.set_segments([[(count - 0.2, v), (right, v)] for _, v in chart.markers])
        labels = self.show_benchmark(chart) + [(v, label, VERMILLION) for label, v in chart.markers]
        # The labels stand off from the levels' marks, so that a leader's slope shows which mark is its own.
        self.right_labels(labels, right + count * 0.16, right)
        self.bottom_labels([(0, "best"), (count - 1, "worst")] if count > 1 else [])


class _HistogramCanvas(_Canvas):
    """How many municipalities fall in each band of values, with the benchmark marked."""

    box = (0.13, 0.14, 0.80, 0.70)

    def __init__(self):
        super().__init__()
        self.bars = self.axes.vlines([0], 0, [0], color=BLUE, zorder=2)
        self.vertical = self.axes.axvline(0, color=DARK, linestyle=(0, (5, 3)), linewidth=1.4, zorder=3)

    def draw(self, chart: Chart) -> None:
        edges, counts = histogram(chart.values)
        width = edges[1] - edges[0]
        self.frame(0, max(counts) * 1.1, edges[0] - width * 0.1, edges[-1] + width * 0.1, "municipalities")
        self.bars.set_segments([[((a + b) / 2, 0), ((a + b) / 2, c)] for a, b, c in zip(edges, edges[1:], counts)])
        self.bars.set_linewidth(WIDTH * 72 * self.box[2] / len(counts) * 0.85)
        self.benchmark.set_visible(False)
        self.vertical.set_visible(chart.benchmark is not None)
        if chart.benchmark is not None:
            self.vertical.set_xdata([chart.benchmark, chart.benchmark])
            self.texts.append(self.top_label(chart.benchmark, self.axes.get_ylim()[1], chart.benchmark_label
                                             or f"Benchmark {_number(chart.benchmark)}"))
        step = max(1, math.ceil((len(edges) - 1) / 4))
        suffix = chart.unit if chart.unit == "%" else ""
        self.bottom_labels([(edges[i], _number(edges[i]) + suffix) for i in range(0, len(edges), step)])


class _BarsCanvas(_Canvas):
    """A few labelled horizontal bars with their values written at the end (before and after,
    the share meeting each benchmark)."""

    box = (0.34, 0.06, 0.46, 0.80)

    def __init__(self):
        super().__init__()
        self.hbars = self.axes.hlines([0], 0, [0], color=BLUE, zorder=2)
        self.vertical = self.axes.axvline(0, color=DARK, linestyle=(0, (5, 3)), linewidth=1.4, zorder=3)

    def draw(self, chart: Chart) -> None:
        bars = list(chart.bars)
        high = max([b.value for b in bars] + ([chart.benchmark] if chart.benchmark is not None else []) + [0])
        if chart.unit.startswith("%"):
            # Shares of a whole, drawn against the whole: stretched to the largest, 21 of 60 filled the width as
            # if every municipality met the target, and the bars have no axis to say otherwise.
            high = max(high, 100.0)
        low = min([b.value for b in bars] + [0])
        span = (high - low) or 1
        labels = [_two_lines(bar.label, 22) + (f"\n{bar.note}" if bar.note else "") for bar in bars]
        bottom, height = self._plot_rows(bars)
        self._room_on_the_left(max(len(line) for label in labels for line in label.split("\n")), bottom, height)
        self.axes.set_xlim(low - span * 0.02, high + span * 0.02)
        self.axes.set_ylim(len(bars) - 0.4, -0.8)
        self.grid.set_segments([])
        self.benchmark.set_visible(False)
        self.hbars.set_segments([[(low, i), (b.value, i)] for i, b in enumerate(bars)])
        self.hbars.set_linewidth(min(22.0, self.height * 72 * height / max(len(bars), 1) * 0.6))
        for i, (bar, label) in enumerate(zip(bars, labels)):
            self.texts.append(_Text(low - span * 0.04, i, label, "end"))
            self.texts.append(_Text(bar.value + span * 0.02, i, bar.value_label, "start"))
        if chart.unit:
            self.texts.append(_Text(0.01, 0.97, chart.unit, "start", "top", where="figure"))
        self.vertical.set_visible(chart.benchmark is not None)
        if chart.benchmark is not None:
            self.vertical.set_xdata([chart.benchmark, chart.benchmark])
            self.texts.append(self.top_label(chart.benchmark, -0.6, chart.benchmark_label
                                             or f"Benchmark {_number(chart.benchmark)}"))

    @staticmethod
    def rows(bars) -> float:
        """How many bars' room the plot's height holds: the bars, and room above the first for a label."""
        return len(bars) + 0.4

    def _plot_rows(self, bars) -> tuple[float, float]:
        """The plot area's bottom and height, in fractions of the figure: the box's, or for bars with notes
        (a chart as tall as they need, see ``drawn_height``) all of it but the margins."""
        if not any(bar.note for bar in bars):
            return self.box[1], self.box[3]
        return NOTED_MARGIN / (self.height * 72), self.rows(bars) * NOTED_BAR_PITCH / (self.height * 72)

    def _room_on_the_left(self, characters: int, bottom: float, height: float) -> None:
        """The plot area starts far enough right for the bars' names (``characters`` long at the most) to
        end inside the figure; its right edge stays, so the values beside the bars keep their room."""
        left, _, width, _ = self.box
        start = max(left, (characters * LABEL_CHARACTER_WIDTH + 10) / (WIDTH * 72))
        self.axes.set_position((start, bottom, max(MIN_PLOT_WIDTH, left + width - start), height))


_FLOAT = re.compile(r"(\d\.\d\d)\d+")

_KINDS = {"lines": _LinesCanvas, "small-lines": _SmallLinesCanvas, "ranking": _RankingCanvas,
          "histogram": _HistogramCanvas, "bars": _BarsCanvas}
_CANVASES: dict[str, _Canvas] = {}


# --- Helpers ------------------------------------------------------------------------------------

def histogram(values, bands: int = 8) -> tuple[list[float], list[int]]:
    """Round band edges covering ``values`` and how many values fall in each band."""
    low, high = min(values), max(values)
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    edges = list(MaxNLocator(nbins=bands, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high))
    while edges[-2] >= high:  # the locator may add an empty band past the highest value
        edges.pop()
    counts = [0] * (len(edges) - 1)
    for value in values:
        index = min(len(counts) - 1, max(0, int((value - edges[0]) // (edges[1] - edges[0]))))
        counts[index] += 1
    return edges, counts


def _bar_path(values: list[float], base: float, width: float) -> MplPath:
    """All bars as one compound path: one SVG element instead of one per municipality."""
    vertices, codes = [], []
    half = width / 2
    for i, value in enumerate(values):
        vertices += [(i - half, base), (i - half, value), (i + half, value), (i + half, base), (i - half, base)]
        codes += [MplPath.MOVETO, MplPath.LINETO, MplPath.LINETO, MplPath.LINETO, MplPath.CLOSEPOLY]
    return MplPath(vertices, codes)


def spread_labels(ys: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move label positions apart by at least ``gap``, keeping their order and staying in range."""
    if not ys:
        return []
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    placed = [0.0] * len(ys)
    previous = -math.inf
    for i in order:
        placed[i] = max(ys[i], previous + gap)
        previous = placed[i]
    # Those pushed past the top come back down, each as far as the one above it needs and no further: shifting
    # the whole stack moved C2 56.8 and B4 45.9 twenty points below their levels, beside others' marks.
    ceiling = high
    for i in reversed(order):
        placed[i] = max(low, min(placed[i], ceiling))
        ceiling = placed[i] - gap
    return placed


def with_gaps(points, years: list[int]) -> tuple[list[float], list[float]]:
    """x and y of a line, broken (NaN) where a year between two of its points has no value:
    a missing year is a gap, not a straight line across it."""
    xs, ys = [], []
    index = {year: i for i, year in enumerate(years)}
    for n, (year, value) in enumerate(points):
        if n and index[year] - index[points[n - 1][0]] > 1:
            xs.append(math.nan)
            ys.append(math.nan)
        xs.append(year)
        ys.append(value)
    return xs, ys


def _short(text: str, limit: int = 17) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _lines(text: str, x: float, va: str) -> str:
    """A label's text, each of its lines a <tspan> of its own (SVG does not break lines); a centred label's
    lines centred together on its point."""
    lines = text.split("\n")
    if len(lines) == 1:
        return escape(text)
    # The first line's dy replaces the <text>'s own (0.35em centres one line on its point).
    first = 0.35 - 0.6 * (len(lines) - 1) if va == "center" else 0
    return "".join(f'<tspan x="{x:.1f}" dy="{first if n == 0 else 1.2:g}em">{escape(line)}</tspan>'
                   for n, line in enumerate(lines))


def _two_lines(text: str, limit: int) -> str:
    """``text`` on at most two lines of ``limit`` characters, broken between words and shortened after:
    "Share of residents with…" named none of the three indicators it could be."""
    if len(text) <= limit:
        return text
    first = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else ""
    if not first:  # one word longer than a line
        return _short(text, limit)
    return f"{first}\n{shortened(text[len(first):].strip(), limit)}"
