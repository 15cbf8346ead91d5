"""Every figure on every page of the built sample library, recomputed from the content files.

A reviewer's test of trust: it walks every HTML page of the sample site (and the compare page, filled
in chromium for every municipality), finds each figure, place, rating, count and provenance label by
the markup of ``generator/theme/lekgotla/partials/benchmark-macros.html``, and recomputes it from
``content/`` alone, with the rules written out here again (medians, totals, ranks with shared
places, quarters, targets and national figures, decimals, units, percentage points), not through
the generator's code. Then it checks that each municipality's rank on its own page is the one the
peer-group, indicator and compare pages give. The numbers it checked are printed (``-s``).
"""

from __future__ import annotations

import csv
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.browser import serve
from tests.conftest import REPO

CONTENT = REPO / "content"
#: A value short of a target by at most this fraction of it is "close" (generator/analysis/measures.py says so too).
CLOSE = Decimal("0.1")
MOST_DECIMALS = 2
PLURALS = {"A": "metros", "B1": "secondary cities", "B2": "large towns", "B3": "small towns",
           "B4": "mostly rural locals", "C1": "districts that are not water services authorities",
           "C2": "districts that are water services authorities"}
POSITIONS = {1: "top quarter", 2: "middle half", 3: "middle half", 4: "bottom quarter"}


# --- The model, read from the content files --------------------------------------------------------
@dataclass
class Indicator:
    id: str
    unit: str
    higher: bool
    illustrative: bool
    point: Decimal | None
    target: bool  # the point is a target (else the national figure, a comparison point)
    area: str


@dataclass
class Model:
    municipalities: dict[str, dict]  # code -> registry row
    indicators: dict[str, Indicator]
    values: dict[str, dict[int, dict[str, Decimal]]]  # indicator -> year -> code -> value
    counts: dict[str, dict[int, dict[str, tuple[Decimal, Decimal]]]]  # numerator, denominator
    outcomes: dict[tuple[str, str], tuple[int, Decimal, int, Decimal]]  # (case, indicator) -> before, after
    practices: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)  # title -> indicators, contacts
    decimals: dict[str, int] = field(default_factory=dict)

    def group(self, code: str) -> str:
        return self.municipalities[code]["miif_category"]

    def latest(self, i: str, code: str) -> tuple[int, Decimal] | None:
        years = [y for y, values in self.values[i].items() if code in values]
        return (max(years), self.values[i][max(years)][code]) if years else None


def decimals_of(text: str) -> int:
    """Decimals a value is written with, trailing zeros not counted ("36.0" has none, "0.03" two)."""
    digits = f"{Decimal(text):f}".partition(".")[2].rstrip("0")
    return len(digits)


def load_model(content: Path) -> Model:
    registry = {row["code"]: row for row in csv.DictReader((content / "benchmarks/municipalities.csv").open())}
    indicators, numbers = {}, defaultdict(list)
    for path in sorted((content / "benchmarks").glob("*.yaml")):
        area = yaml.safe_load(path.read_text(encoding="utf-8"))
        for raw in area["indicators"]:
            point = raw.get("benchmark")
            indicators[raw["id"]] = Indicator(
                raw["id"], raw["unit"], raw["better"] == "higher", bool(raw.get("illustrative", area.get("illustrative", False))),
                Decimal(str(point["value"])) if point else None, (point or {}).get("kind", "target") == "target", area["id"])
            if point:
                numbers[raw["id"]].append(str(point["value"]))
    values = defaultdict(lambda: defaultdict(dict))
    counts = defaultdict(lambda: defaultdict(dict))
    for path in [*(content / "benchmarks").glob("*.csv"), *(content / "benchmarks/official").glob("*.csv")]:
        if path.name == "municipalities.csv":
            continue
        for row in csv.DictReader(path.open(encoding="utf-8")):
            i, year = row["indicator"], int(row["year"])
            values[i][year][row["municipality"]] = Decimal(row["value"])
            numbers[i].append(row["value"])
            if row.get("numerator") and row.get("denominator"):
                counts[i][year][row["municipality"]] = (Decimal(row["numerator"]), Decimal(row["denominator"]))
    outcomes, practices = {}, {}
    for path in (content / "case-studies").glob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        practices[meta["title"]] = ({*meta.get("indicators", []), *(o["indicator"] for o in meta.get("outcomes") or [])},
                                    {c["person"] for c in meta.get("contacts", []) if c.get("person")})
        for o in meta.get("outcomes") or []:
            before, after = o["baseline"], o["result"]
            outcomes[path.stem, o["indicator"]] = (before["year"], Decimal(str(before["value"])), after["year"],
                                                   Decimal(str(after["value"])))
            numbers[o["indicator"]] += [str(before["value"]), str(after["value"])]
    model = Model(registry, indicators, values, counts, outcomes, practices)
    model.decimals = {i: min(MOST_DECIMALS, max(map(decimals_of, texts))) for i, texts in numbers.items()}
    return model


# --- What the site's rules say each figure is -----------------------------------------------------
def better(i: Indicator, delta: Decimal) -> Decimal:
    return delta if i.higher else -delta


def place(values: dict[str, Decimal], code: str, higher: bool) -> tuple[int, int, bool]:
    """(rank, of, tied): 1 + how many are strictly better; equal values share the place."""
    mine = values[code]
    ahead = sum(1 for v in values.values() if (v > mine if higher else v < mine))
    return ahead + 1, len(values), sum(1 for v in values.values() if v == mine) > 1


def quartile(rank: int, of: int) -> int | None:
    """The top and bottom quarters: a quarter of the places from each end, rounded down."""
    if of < 4:
        return None
    return 1 if 4 * rank <= of else 4 if 4 * (of - rank + 1) <= of else 2 if 2 * rank <= of else 3


def rating(i: Indicator, value: Decimal, year_values: dict[str, Decimal]) -> str | None:
    if i.point is None:
        return None
    gap = better(i, value - i.point)
    if not i.target:
        return "better" if gap > 0 else "worse" if gap < 0 else "level"
    if gap >= 0:
        return "meets"
    spread = max(year_values.values()) - min(year_values.values())
    tolerance = CLOSE * (abs(i.point) if i.point else spread)
    return "close" if -gap <= tolerance else "far"


def national_total(model: Model, i: str, year: int) -> Decimal:
    """All numerators over all denominators, each area once: a district's figure covers its locals."""
    counted = model.counts[i][year]
    chosen = [c for c in counted if not (model.municipalities[c]["category"] == "B"
                                         and model.municipalities[c]["district"] in counted)]
    return 100 * sum(counted[c][0] for c in chosen) / sum(counted[c][1] for c in chosen)


def group_total(model: Model, i: str, year: int, group: str) -> Decimal:
    members = [c for c in model.counts[i][year] if model.group(c) == group]
    return 100 * sum(model.counts[i][year][c][0] for c in members) / sum(model.counts[i][year][c][1] for c in members)


def written(value: Decimal, d: int) -> str:
    text = f"{value.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP):,.{d}f}"
    return text.lstrip("-") if set(text) <= set("-0.,") else text


def with_unit(number: str, unit: str) -> str:
    if unit == "%":
        return number + "%"
    if number in ("1", "+1", "-1"):
        head, per, tail = unit.partition(" per ")
        noun = head.split(" ")[-1]
        head = head[: -len(noun)] + (noun[:-3] + "y" if noun.endswith("ies") else noun.rstrip("s"))
        unit = head + per + tail
    return f"{number} {unit}"


def difference(value: Decimal, i: Indicator, d: int, short: bool, signed: bool = True) -> str:
    number = written(value if signed else abs(value), d)
    sign = "+" if signed and value > 0 and number.strip("0.,") else ""
    if i.unit == "%":
        return f"{sign}{number} " + ("pp" if short else "percentage point" + ("" if number == "1" else "s"))
    return with_unit(sign + number, i.unit)


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# --- Pages as trees --------------------------------------------------------------------------------
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []
        # A page's tree is complete before any text is asked for, and the checks ask for the text of
        # nested elements again and again: each is joined once (21 million calls a run before).
        self._texts: dict[bool, str] = {}

    def text(self, skip_marked: bool = False) -> str:
        """Its text; ``skip_marked``: without the figures, ratings and labels in it (checked on their own)."""
        if skip_marked not in self._texts:
            self._texts[skip_marked] = "".join(
                child if isinstance(child, str) else child.text(skip_marked) for child in self.children
                if isinstance(child, str) or not (skip_marked and any(k in child.attrs for k in ("data-f", "data-r", "data-p"))))
        return self._texts[skip_marked]

    def clean_text(self, skip_marked: bool = False) -> str:
        return " ".join(self.text(skip_marked).split())

    def walk(self):
        """It and every element in it, in document order (a stack, not nested generators: a page's
        elements are a dozen levels deep, and each level of generators is paid by every element)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(child for child in reversed(node.children) if isinstance(child, Node))

    def context(self, key: str, include_self: bool = True):
        """The nearest value of data-``key`` on it or around it, with the element that carries it."""
        node = self if include_self else self.parent
        while node is not None:
            if f"data-{key}" in node.attrs:
                return node.attrs[f"data-{key}"], node
            node = node.parent
        return None, None


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def tree(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


# --- The check -------------------------------------------------------------------------------------
#: Measures that are the indicator's figures (so say where they come from); before, after and their
#: change are what a case study reports, and a band's edge is no figure of anyone.
OF_THE_INDICATOR = {"v", "pm", "nm", "nt", "gt", "cp", "gap", "ahead", "rank", "nrank", "q", "meets", "better"}
YEARLY = {"v", "pm", "nm", "nt", "gt", "before", "after", "rank", "nrank", "q", "gap"}
#: Of these, the year is written beside it, or on the table, row or column that holds it (a quarter is
#: given beside its rank, and a gap beside its value, which say the year).
YEAR_WRITTEN = YEARLY - {"q", "gap"}


class Checker:
    def __init__(self, model: Model):
        self.model = model
        self.checked = Counter()  # what was checked, by kind
        self.problems: list[str] = []
        self.ranks: dict[tuple, dict[str, set]] = defaultdict(lambda: defaultdict(set))  # key -> page kind -> ranks
        self.rating_words = Counter()

    def fail(self, url: str, message: str) -> None:
        self.problems.append(f"{url}: {message}")

    # A page ---------------------------------------------------------------------------------------
    def page(self, url: str, root: Node) -> None:
        shown, labelled = {}, []
        for node in root.walk():
            kind = node.attrs.get("data-f")
            if kind and node.tag not in ("th", "td"):
                self.figure(url, node, kind, node.clean_text(), shown)
            if "data-r" in node.attrs:
                self.rating(url, node, shown)
            if "data-p" in node.attrs:
                labelled.append(node)
            if node.tag == "table":
                self.table(url, node, shown)
            if node.tag == "p" and node.clean_text() == "People who have seen it done better:":
                self.improved(url, node)
        for node in labelled:
            self.label(url, node)
        self.notice(url, root, shown)

    def figure(self, url: str, node: Node, kind: str, text: str, shown: dict, cell: bool = False,
               year: str | None = None, carrier: Node | None = None) -> None:
        m = self.model
        i_id, _ = node.context("i")
        if kind in ("meets", "better") and node.context("a")[0]:  # a service area's summary on a municipality's page
            self.checked[kind] += 1
            expected = self.count_text(kind, None, None, node.context("m")[0], node)
            return None if text == expected else self.fail(url, f"shows {text!r}, expected {expected!r}")
        if i_id not in m.indicators:
            return self.fail(url, f"a figure ({kind}: {text!r}) of no known indicator ({i_id})")
        i, d = m.indicators[i_id], m.decimals[i_id]
        if year is None:  # on it, at the end of its text ("38.6% in 2011"), or around it
            written_in = re.search(r" in (\d{4})$", text)
            year, carrier = (node.attrs["data-y"], node) if "data-y" in node.attrs else (
                (written_in.group(1), node) if written_in else node.context("y"))
        y = int(year) if year else None
        code, _ = node.context("m")
        group, _ = node.context("g")
        if kind in OF_THE_INDICATOR:
            shown.setdefault(i_id, []).append(node)
        if kind in YEARLY and y is None:
            return self.fail(url, f"{i_id} {kind} {text!r}: no year")
        if kind in YEAR_WRITTEN and carrier is not None and str(y) not in carrier.clean_text():
            return self.fail(url, f"{i_id} {kind} {text!r}: the year {y} is not written beside it")
        self.checked[kind] += 1
        try:
            expected = self.expected(kind, i, d, y, code, group, node, cell)
        except KeyError as missing:
            return self.fail(url, f"{i_id} {kind} {text!r} ({code}, {group}, {y}): nothing to show ({missing})")
        if expected is None:
            return
        if text not in expected:
            self.fail(url, f"{i_id} {kind} ({code or group or ''} {y or ''}): shows {text!r}, expected {expected[0]!r}")
        if kind in ("rank", "nrank") and code:
            page_kind = url.strip("/").split("/")[0] or "home"
            self.ranks[kind, i_id, code, y][page_kind].add(re.match(r"=?\d+", text).group())  # "=15th" and "=15"

    def expected(self, kind, i: Indicator, d: int, y, code, group, node: Node, cell: bool) -> list[str] | None:
        """The texts the figure may show: as a table cell, or in a sentence with its year."""
        m = self.model

        def value_text(value: Decimal, year=y, decimals=d) -> list[str]:
            shown = with_unit(written(value, decimals), i.unit)
            return [shown] if cell else [f"{shown} in {year}", shown] if year else [shown]

        def median_text(values) -> list[str]:
            # Halfway between two values, a median has one decimal more than they do: 3.5 meetings, not 4.
            median = statistics.median(values)
            return value_text(median, decimals=d + (median != median.quantize(Decimal(1).scaleb(-d))))

        if kind == "v":
            return value_text(m.values[i.id][y][code])
        if kind == "pm":
            group = group or m.group(code)
            return median_text([v for c, v in m.values[i.id][y].items() if m.group(c) == group])
        if kind == "nm":
            return median_text(list(m.values[i.id][y].values()))
        if kind == "nt":
            return value_text(national_total(m, i.id, y))
        if kind == "gt":
            return value_text(group_total(m, i.id, y, group))
        if kind == "cp":
            return [with_unit(written(i.point, d), i.unit)]
        if kind == "gap":
            return [difference(better(i, m.values[i.id][y][code] - i.point), i, d, short=True)]
        if kind == "ahead":
            learner, _ = node.context("vs")
            (_, theirs), (_, ours) = m.latest(i.id, code), m.latest(i.id, learner)
            ahead = better(i, theirs - ours)
            assert ahead > 0, f"{code} is said to do better than {learner} on {i.id}, and does not"
            return [difference(ahead, i, d, short=False, signed=False)]
        if kind in ("before", "after", "chg"):
            case, _ = node.context("c")
            before_year, before, after_year, after = m.outcomes[case, i.id]
            if kind == "chg":
                return [difference(after - before, i, d, short=False)]
            return value_text(before if kind == "before" else after, before_year if kind == "before" else after_year)
        if kind == "edge":  # a band of a histogram: written with the indicator's decimals and unit
            text = node.clean_text(skip_marked=cell)
            number = re.match(r"-?[\d,]+(\.\d+)?", text)
            decimals = len(number.group(1) or ".") - 1 if number else -1
            return [text] if decimals == d and text == with_unit(number.group(0), i.unit) else [
                f"a number with {d} decimals and its unit"]
        if kind in ("rank", "nrank", "q"):
            year_values = m.values[i.id][y]
            scope = {c: v for c, v in year_values.items() if kind == "nrank" or m.group(c) == m.group(code)}
            rank, of, tied = place(scope, code, i.higher)
            if kind == "q":
                q = quartile(rank, of)
                if cell:
                    return ["–" if q is None else POSITIONS[q]]
                return [f"{POSITIONS[q]} of its peer group"] if q else ["(no quarter with fewer than four)"]
            short = f"{'=' if tied else ''}{rank}"
            if cell:
                return [short, f"{short} of {of}"]
            within = "nationally" if kind == "nrank" else PLURALS[m.group(code)]
            return [f"{'=' if tied else ''}{ordinal(rank)} of {of} {within} in {y}"]
        if kind in ("meets", "better"):
            return [self.count_text(kind, i, y, code, node)]
        return [f"(an unknown kind of figure: {kind})"]

    def count_text(self, kind: str, i: Indicator, y, code, node: Node) -> str:
        m = self.model
        area, _ = node.context("a")
        if area:  # a municipality's summary of a service area: its latest value of each indicator
            target = kind == "meets"
            rated = []
            for other in m.indicators.values():
                if other.area == area and other.point is not None and other.target == target and m.latest(other.id, code):
                    year, value = m.latest(other.id, code)
                    rated.append(rating(other, value, m.values[other.id][year]))
        else:
            group, _ = node.context("g")
            year_values = m.values[i.id][y]
            rated = [rating(i, v, year_values) for c, v in year_values.items() if not group or m.group(c) == group]
        ahead = sum(r in ("meets", "better") for r in rated)
        if kind == "meets" and area:  # of the municipality's indicators
            return f"{ahead} of {len(rated)} target{'' if len(rated) == 1 else 's'} met"
        if kind == "meets":  # of the municipalities
            return f"{ahead} of {len(rated)} meet{'s' if len(rated) == 1 else ''} the target"
        return f"{ahead} of {len(rated)} better than the national figure"

    def table(self, url: str, table: Node, shown: dict) -> None:
        head = next((n for n in table.walk() if n.tag == "thead"), None)
        if head is None:
            return
        columns = [n for n in head.walk() if n.tag in ("th", "td")]
        body = next((n for n in table.walk() if n.tag == "tbody"), None)
        for row in (n for n in (body.children if body else []) if isinstance(n, Node) and n.tag == "tr"):
            cells = [n for n in row.children if isinstance(n, Node) and n.tag in ("th", "td")]
            for column, cell in zip(columns, cells):
                kind = cell.attrs.get("data-f") or column.attrs.get("data-f")
                text = cell.clean_text(skip_marked=True)
                if not kind or text in ("–", ""):
                    continue
                year, carrier = cell.context("y")
                if "data-y" not in cell.attrs and "data-y" in column.attrs:
                    year, carrier = column.attrs["data-y"], column
                if "data-g" in column.attrs and "data-g" not in cell.attrs:
                    cell.attrs["data-g"] = column.attrs["data-g"]
                self.figure(url, cell, kind, text, shown, cell=True, year=year, carrier=carrier)

    def improved(self, url: str, heading: Node) -> None:
        """Each person said to have improved an indicator: a municipality of theirs does better (the two
        figures of the reason, theirs first), or they are the contact for a practice on it."""
        m = self.model
        siblings = [n for n in heading.parent.children if isinstance(n, Node)]
        listed = siblings[siblings.index(heading) + 1]
        i = m.indicators[heading.context("i")[0]]
        for item in (n for n in listed.children if isinstance(n, Node) and n.tag == "li"):
            self.checked["improved"] += 1
            person = re.search(r"people/([\w-]+)/", next(n for n in item.walk() if n.tag == "a").attrs["href"]).group(1)
            reason = next(n for n in item.walk() if "lk-reason--person" in n.attrs.get("class", ""))
            figures = [n for n in reason.walk() if n.attrs.get("data-f") == "v"]
            practice = re.fullmatch(r"Contact for “(.+)”, a practice on (\S+)", reason.clean_text())
            if len(figures) == 2:
                (theirs, _), (ours, _) = (n.context("m") for n in figures)
                if better(i, m.latest(i.id, theirs)[1] - m.latest(i.id, ours)[1]) <= 0:
                    self.fail(url, f"{person} is said to have improved {i.id}: {theirs} does not do better than {ours}")
            elif practice:
                indicators, contacts = m.practices.get(practice.group(1), (set(), set()))
                if practice.group(2) != i.id or i.id not in indicators or person not in contacts:
                    self.fail(url, f"{person} is not the contact for a practice on {i.id}: {reason.clean_text()!r}")
            else:
                self.fail(url, f"{person} is said to have improved {i.id} without evidence: {reason.clean_text()!r}")

    def rating(self, url: str, node: Node, shown: dict) -> None:
        m = self.model
        i_id, _ = node.context("i")
        code, _ = node.context("m")
        year, _ = node.context("y")
        if i_id not in m.indicators or not code or not year:
            return self.fail(url, f"a rating {node.clean_text()!r} without its indicator, municipality or year")
        i, r, text = m.indicators[i_id], node.attrs["data-r"], node.clean_text()
        shown.setdefault(i_id, []).append(node)
        year_values = m.values[i_id][int(year)]
        expected = rating(i, year_values[code], year_values)
        self.checked["rating"] += 1
        self.rating_words[text] += 1
        words = {"meets": "meets the target", "close": "close to the target", "far": "short of the target",
                 "level": "at the national figure"}.get(expected)
        if expected in ("better", "worse"):
            above = (expected == "better") == i.higher
            words = f"{'above' if above else 'below'} the national figure ({expected})"
        if r != expected or words not in text or (not i.target and "meet" in text):
            self.fail(url, f"{i_id} {code} {year}: rated {r} {text!r}, expected {expected} ({words})")

    def label(self, url: str, node: Node) -> None:
        i_id, _ = node.context("i")
        if i_id is None:
            return self.fail(url, f"a provenance label {node.clean_text()!r} of no indicator")
        self.checked["label"] += 1
        expected = "illustrative" if self.model.indicators[i_id].illustrative else "official"
        if node.attrs["data-p"] != expected or expected not in node.clean_text().lower():
            self.fail(url, f"{i_id} is labelled {node.attrs['data-p']} {node.clean_text()!r}, and is {expected}")

    def notice(self, url: str, root: Node, shown: dict) -> None:
        notices = [n for n in root.walk() if "data-n" in n.attrs]
        illustrative = sum(self.model.indicators[i].illustrative for i in shown)
        for n in notices:
            self.checked["notice"] += 1
            if (int(n.attrs["data-n"]), int(n.attrs["data-of"])) != (illustrative, len(shown)):
                self.fail(url, f"the notice says {n.attrs['data-n']} of {n.attrs['data-of']} indicators are illustrative; "
                               f"the page shows figures of {len(shown)}, {illustrative} illustrative")
            elif f"{illustrative} of the {len(shown)}" not in n.clean_text() and 0 < illustrative < len(shown):
                self.fail(url, f"the notice does not say how many: {n.clean_text()!r}")
        single = bool(notices) and illustrative in (0, len(shown))
        if single:
            return
        for i_id, nodes in shown.items():
            for node in nodes:
                if not self.labelled(node, i_id):
                    self.fail(url, f"a figure of {i_id} ({node.clean_text()[:40]!r}) does not say where it comes from")
                    break

    def labelled(self, node: Node, i_id: str) -> bool:
        """Whether a provenance label of the indicator is in the figure's block: the element around it that
        says its indicator (or, for a figure that says it itself, the caption, row or item it is in)."""
        _, block = node.context("i", include_self="data-i" not in node.attrs)
        if "data-i" in node.attrs:
            block = node.parent
            while block is not None and block.tag not in ("figcaption", "li", "tr", "section"):
                block = block.parent
        return block is not None and any("data-p" in n.attrs and n.context("i")[0] == i_id for n in block.walk())


# --- The test ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def model() -> Model:
    return load_model(CONTENT)


def compare_pages(browser, site: Path, model: Model) -> list[tuple[str, str]]:
    """The compare page filled in chromium for every municipality with values, four at a time."""
    codes = sorted({c for years in model.values.values() for values in years.values() for c in values})
    pages = []
    with serve(site) as base:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        for start in range(0, len(codes), 4):
            chosen = ",".join(codes[start:start + 4] if start + 4 <= len(codes) else codes[-4:])  # never one alone
            page.goto(f"{base}compare/?m={chosen}")
            page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                                   timeout=20000)
            pages.append((f"/compare/?m={chosen}", page.content()))
        page.close()
    return pages


def test_every_figure_on_every_page_agrees_with_the_data_and_ranks_agree_across_pages(sample_site, browser, model):
    checker = Checker(model)
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 400
    for path in pages:
        url = "/" + str(path.relative_to(sample_site).parent).strip(".") + "/"
        checker.page(url.replace("//", "/"), tree(path.read_text(encoding="utf-8")))
    compared = compare_pages(browser, sample_site, model)
    for url, html in compared:
        checker.page(url, tree(html))

    # The same rank on every page that shows it: the municipality's own card, its peer group's page,
    # the indicator's page (its latest year, and every year of an official one) and the compare page.
    latest_years = {i: max(years) for i, years in model.values.items() if years}
    missing = []
    for (kind, i, code, year), by_page in checker.ranks.items():
        if kind != "rank" or "municipalities" not in by_page:
            continue
        wanted = {"peer-groups", "compare"} | ({"indicators"} if year == latest_years[i] or not
                                                model.indicators[i].illustrative else set())
        latest = model.latest(i, code)[0] == year
        for page_kind in wanted if latest else wanted - {"peer-groups", "compare"}:
            if page_kind not in by_page:
                missing.append(f"{code} {i} {year}: no rank on the {page_kind} page")
        if len({r for ranks in by_page.values() for r in ranks}) > 1:
            missing.append(f"{code} {i} {year}: ranks differ between pages: {dict(by_page)}")
    on_cards = [by_page for (kind, *_), by_page in checker.ranks.items() if kind == "rank" and "municipalities" in by_page]
    everywhere = sum(1 for by_page in on_cards if {"peer-groups", "indicators", "compare"} <= set(by_page))

    print(f"\nChecked {len(pages)} pages and the compare page for {len(compared)} sets of four municipalities:")
    for kind, count in sorted(checker.checked.items()):
        print(f"  {kind:8} {count:7,}")
    print(f"  {sum(checker.checked.values()):,} in all. Of the {len(on_cards):,} ranks on municipalities' cards, "
          f"{everywhere:,} are also on the peer-group, indicator and compare pages, and every one on the pages "
          "that rank its year")
    print("  ratings as written:", ", ".join(f"{text!r} {n}" for text, n in checker.rating_words.most_common()))
    assert not checker.problems, f"{len(checker.problems)} disagreements:\n" + "\n".join(checker.problems[:40])
    assert not missing, f"{len(missing)} ranks missing or differing:\n" + "\n".join(missing[:40])
    assert checker.checked["v"] > 10_000 and checker.checked["rank"] > 5_000 and checker.checked["label"] > 500
