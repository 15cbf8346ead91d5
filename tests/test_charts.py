"""Charts a reader can read: labels apart and legible, gaps for missing years (no MkDocs build)."""

from __future__ import annotations

import math
import re

from generator.site.chart_drawing import spread_labels, with_gaps
from generator.site.charts import Bar, Chart, Line, render_svg


def _contrast_on_white(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    def channel(c):  # noqa: E306
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


CHARTS = [
    Chart("charts/a.svg", "small-lines", "t", "d", unit="%", benchmark=30, benchmark_label="Benchmark 30%",
          lines=(Line("Jozini", ((2016, 40.0), (2017, 39.0), (2020, 36.0)), "focus"),
                 Line("Peer median", ((2016, 38.0), (2017, 37.0), (2018, 36.5), (2019, 36.0), (2020, 35.0)), "peer"))),
    Chart("charts/b.svg", "ranking", "t", "d", unit="%", benchmark=30, benchmark_label="Benchmark 30%",
          values=tuple(20.0 + i for i in range(59)), markers=(("Median municipality 36.6", 36.6), ("B4 37.0", 37.0), ("A 47.0", 47.0))),
    Chart("charts/c.svg", "bars", "t", "d", unit="%", benchmark=30, benchmark_label="Benchmark 30%",
          bars=(Bar("Before (2016)", 29.0, "29%"), Bar("After (2022)", 31.0, "31%"))),
    Chart("charts/d.svg", "histogram", "t", "d", unit="%", benchmark=30, values=tuple(float(v) for v in range(10, 60))),
]


def test_every_text_in_every_chart_has_at_least_4_5_to_1_contrast_and_a_halo():
    for chart in CHARTS:
        svg = render_svg(chart).decode()
        fills = re.findall(r'<text [^>]*fill="(#[0-9A-Fa-f]{6})"', svg)
        assert fills, chart.kind
        assert all(_contrast_on_white(f) >= 4.5 for f in fills), (chart.kind, sorted(set(fills)))
        assert "paint-order: stroke; stroke: #fff" in svg  # no line runs through a label


def test_a_missing_year_is_a_gap_not_a_line_across_it():
    xs, ys = with_gaps(((2016, 40.0), (2017, 39.0), (2020, 36.0)), [2016, 2017, 2018, 2019, 2020])
    assert xs[:2] == [2016, 2017] and math.isnan(xs[2]) and xs[3] == 2020
    # Consecutive years reported by the indicator are joined, even when they are not calendar neighbours.
    assert with_gaps(((2016, 1.0), (2019, 2.0)), [2016, 2019]) == ([2016, 2019], [1.0, 2.0])


def test_labels_are_pushed_apart_and_stay_in_order():
    placed = spread_labels([36.6, 37.0, 36.8, 47.0], gap=1.5, low=0, high=60)
    ordered = sorted(placed)
    assert all(b - a >= 1.5 - 1e-9 for a, b in zip(ordered, ordered[1:]))
    assert placed[3] == 47.0  # a label with room stays at its level


def test_labels_crowded_at_the_top_move_down_without_moving_those_below_that_have_room():
    """Piped water's ranking chart: nine levels, seven of them between 75.7 and 94.3. Shifting the whole stack
    down put "C2 56.8" and "B4 45.9" beside the marks of other levels, twenty points below their own."""
    levels = [45.9, 56.8, 75.7, 77.0, 77.7, 82.35, 83.3, 88.0, 94.3]
    placed = spread_labels(levels, gap=5, low=0, high=96)
    assert placed[:2] == [45.9, 56.8]
    assert all(upper - lower >= 5 - 1e-9 for lower, upper in zip(placed, placed[1:]))  # in order, apart
    assert max(placed) <= 96


def test_a_ranking_label_moved_from_its_level_is_joined_to_it():
    svg = render_svg(CHARTS[1]).decode()
    # The three medians 36.6, 37.0 and 47 and the benchmark: the close ones are moved, with leaders.
    assert "Median municipality 36.6" in svg and "B4 37.0" in svg
    assert svg.count("<path") >= 3
    # Each leader in its label's colour (the medians' dark vermillion), not one grey for all, which a reader
    # could not follow to its own level.
    assert svg.count("stroke: #a34400") == 2 and "stroke: #999999" not in svg


def test_a_sparkline_is_points_for_a_template_higher_values_higher_and_gaps_for_missing_years():
    from generator.site.inline_charts import HEIGHT, sparkline
    line = sparkline(((2016, 40.0), (2017, 39.0), (2020, 36.0)), [2016, 2017, 2018, 2019, 2020])
    assert len(line.segments) == 2  # 2018 and 2019 missing: two runs
    first_run = [tuple(map(float, p.split(","))) for p in line.segments[0].split()]
    assert first_run[0][1] < first_run[1][1] < HEIGHT  # 40 is drawn above 39 (SVG y grows downwards)
    assert line.last == tuple(map(float, line.segments[1].split(",")))
    assert sparkline(((2020, 1.0),)) is None  # one year: no trend to draw


def test_inline_charts_stay_inside_their_boxes():
    # The first and last points sit just inside the box, so the line's width and its end dot are
    # never cut off; the peer strip's first and last dots likewise (a constant shared by mistake
    # between two drawings once moved them all by a pixel, and nothing noticed).
    from generator.site.charts import Bar
    from generator.site.inline_charts import STRIP_WIDTH, WIDTH, before_after, peer_strip, sparkline
    line = sparkline(((2016, 1.0), (2025, 2.0)))
    assert line.segments == (f"3,21 {WIDTH - 3},3",) and line.last == (WIDTH - 3, 3)
    strip = peer_strip(1, 61)
    assert strip.dots.startswith("M5 7H") and strip.focus == 5 and 5 < strip.median < STRIP_WIDTH - 5
    drawn = before_after((Bar("Before (2019)", 38.0, "38%"), Bar("After (2020)", 35.5, "35.5%")), 30.0, "Benchmark 30%")
    assert all(4 <= bar.x and bar.x + bar.length <= drawn.width - 4 for bar in drawn.bars)
    assert drawn.bars[0].length > drawn.bars[1].length and 4 < drawn.benchmark_x < drawn.width - 4
    # The benchmark's dashed line crosses the bars, never a bar's label: it struck through "240.0 days".
    import re
    segments = [(float(a), float(b)) for a, b in re.findall(r"M[\d.]+ ([\d.]+)V([\d.]+)", drawn.benchmark_path)]
    assert len(segments) == 3  # one under the benchmark's own label, one across each bar
    assert all(not (top - 6 < b.text_y < end + 6) for b in drawn.bars for top, end in segments)
    assert all(any(top <= b.y and b.y + drawn.thickness <= end for top, end in segments) for b in drawn.bars)


def test_a_ranking_chart_names_its_median_as_a_median_and_writes_levels_as_its_caption_does(sample_site):
    """The ranking chart of piped water drew "National figure 77.0%" (the dashed line) beside "National 75.7"
    (the median), and wrote the medians otherwise than the caption and every page: each level is now written as
    they write it, one decimal more for a median halfway between two values (B2's 82.35%), and the national
    figure with its year. A level with a zero decimal lost it ("B1 88" for 88.0%): every level of every ranking
    chart is checked against its page."""
    import re
    svg = (sample_site / "charts" / "indicators" / "piped-water-scheme-ranking.svg").read_text(encoding="utf-8")
    labels = re.findall(r">([^<>]+)</text>", svg)
    assert "Median municipality 75.7" in labels and "National figure 77.0% in 2011" in labels
    levels = []
    for chart in sorted((sample_site / "charts" / "indicators").glob("*-ranking.svg")):
        page = (sample_site / "indicators" / chart.name.removesuffix("-ranking.svg") / "index.html").read_text(encoding="utf-8")
        for label in re.findall(r">([^<>]+)</text>", chart.read_text(encoding="utf-8")):
            if level := re.fullmatch(r"(?:Median municipality|[ABC]\d?) (-?\d+(?:\.\d+)?)", label):
                levels.append(label)
                assert re.search(f">{re.escape(level.group(1))}[%\u00a0 <]", page), (chart.name, label)
    assert len(levels) > 100 and any(re.search(r"\.\d0$", label) for label in levels), levels  # "88.0" among them


#: Every <text> of an SVG whose box, as chromium lays it out, reaches past the SVG's viewBox: the label
#: a reader sees cut ("National figure 60.3" for 60.3%, "arget 200.0 litres…"), at a side or at the top or
#: bottom (a bar's three lines of label, in a chart as tall as its bars).
CUT_LABELS = """svg => {
    const box = svg.viewBox.baseVal, width = box && box.width ? box.width : svg.width.baseVal.value;
    const height = box && box.height ? box.height : svg.height.baseVal.value;
    return [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox();
        return b.x < -0.5 || b.x + b.width > width + 0.5 || b.y < -0.5 || b.y + b.height > height + 0.5; })
        .map(t => t.textContent);
}"""


def test_no_label_of_any_chart_is_cut_off_by_its_edge_in_chromium(sample_site, browser):
    """The drawn charts (each SVG file opened as it is) and the before-and-after bars inline in the case
    studies, measured with the fonts chromium has: every label ends inside its chart."""
    from browser import serve

    charts = sorted(p.relative_to(sample_site).as_posix() for p in (sample_site / "charts").rglob("*.svg"))
    case_studies = sorted(p.parent.relative_to(sample_site).as_posix() + "/"
                          for p in (sample_site / "case-studies").glob("*/index.html"))
    assert len(charts) > 50 and len(case_studies) > 15
    page = browser.new_page(viewport={"width": 360, "height": 740})
    cut = {}
    with serve(sample_site) as base:
        for address in charts:
            page.goto(base + address)
            cut[address] = page.evaluate(f"() => ({CUT_LABELS})(document.documentElement)")
        for address in case_studies:
            page.goto(base + address)
            for svg in page.query_selector_all("svg.lk-bars"):
                cut[address] = cut.get(address, []) + svg.evaluate(CUT_LABELS)
    page.close()
    assert {address: labels for address, labels in cut.items() if labels} == {}


def test_a_service_areas_bars_are_named_in_words_a_reader_can_tell_apart(sample_site):
    """The water chart named a bar "Share of residents with…", which could be any of three indicators: a name
    without a code now takes two lines, cut between words."""
    svg = (sample_site / "charts" / "service-areas" / "water.svg").read_text(encoding="utf-8")
    names = [" ".join(lines[:-1]) for lines in bar_labels(svg)]  # the last line is the bar's note
    assert "Share of residents with piped water from…" in names and "Share with a flush toilet" in names


def bar_labels(svg: str) -> list[list[str]]:
    """The lines of each bar's label in a drawn bars chart, top to bottom."""
    return [re.findall(r"<tspan[^>]*>([^<]*)</tspan>", text)
            for text in re.findall(r"<text[^>]*>((?:<tspan[^>]*>[^<]*</tspan>)+)</text>", svg)]


def test_each_bar_of_a_service_areas_chart_says_what_its_figure_is_and_its_year_as_the_table_does(sample_site):
    """Water's chart drew official 2011 Census shares beside illustrative 2024 ones, and only its caption said
    which was which: each bar's label now ends in what its figure is and its year, by the rule the table under
    the chart follows (its label and its year for each indicator, in the same order)."""
    charts = sorted((sample_site / "charts" / "service-areas").glob("*.svg"))
    assert len(charts) == 5
    notes = {}
    for chart in charts:
        page = (sample_site / "service-areas" / chart.stem / "index.html").read_text(encoding="utf-8")
        table = page[page.index("<tbody>"):page.index("</tbody>")]
        rows = re.findall(r'<tr data-i="[^"]+"><th scope="row">.*?lk-(official|illustrative)-label.*?'
                          r'data-f="(?:meets|better)"[^>]*data-y="(\d{4})"', table, re.S)
        notes[chart.stem] = [lines[-1] for lines in bar_labels(chart.read_text(encoding="utf-8"))]
        assert notes[chart.stem] == [f"{kind}, {year}" for kind, year in rows], chart.stem
    assert notes["water"][:2] == ["official, 2011"] * 2 and notes["water"][2] == "illustrative, 2024"
