"""A figure: one number the site shows, with everything a reader needs to trust it.

Whatever the page (a municipality's card, an indicator's ranking, a peer group's table, the
compare page, a chart's caption, a case study's outcomes, a download), a number is shown as
a ``Figure``: what it measures (a municipality's value, a peer group's median, the national
total, a gap...), of which indicator, where and in which year, with how many decimals, and so
its unit, where it comes from (official, with its source, or illustrative) and what it is
compared with (a target, which can be met, or the national figure, which can only be done
better or worse than). The words are written by ``site/wording.py``, from the figure alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from generator.model.entities import Benchmark, BenchmarkKind, Indicator


class Measure(str, Enum):
    """What a figure is. The value is the short name the pages' markup carries (``data-f``)."""

    VALUE = "v"
    """A municipality's value in a year."""
    PEER_MEDIAN = "pm"
    """The median of a peer group's values in a year."""
    NATIONAL_MEDIAN = "nm"
    """The median of every reporting municipality's value in a year."""
    NATIONAL_TOTAL = "nt"
    """An official share for the country: all the numerators over all the denominators."""
    PEER_TOTAL = "gt"
    """The same for a peer group."""
    POINT = "cp"
    """The indicator's comparison point: its target, or the national figure."""
    GAP = "gap"
    """A value less its comparison point, positive when better."""
    AHEAD = "ahead"
    """How much better a peer's latest value is than the learner's; always positive."""
    BEFORE = "before"
    """A case study's outcome before its practice, as the case study reports it."""
    AFTER = "after"
    """And after."""
    CHANGE = "chg"
    """After less before, as reported: a difference, in percentage points for a percentage."""
    EDGE = "edge"
    """An edge of a band of values in a distribution."""

    @property
    def difference(self) -> bool:
        """Whether the figure is a difference of two values (written "+3.5 percentage points")."""
        return self in (Measure.GAP, Measure.AHEAD, Measure.CHANGE)


class Provenance(str, Enum):
    OFFICIAL = "official"
    """Published official statistics, with their source."""
    ILLUSTRATIVE = "illustrative"
    """Samples made up for demonstration, not official statistics."""
    REPORTED = "reported"
    """As a case study reports it."""


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    measure: Measure
    value: float
    year: int | None  # None for a comparison point, whose year its basis gives
    decimals: int  # as many as the indicator's values are published with (measures.decimals_of)
    municipality: str = ""  # its code, for a municipality's value, gap or outcome
    peer_group: str = ""  # the MIIF code, for a peer group's median or total

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def provenance(self) -> Provenance:
        if self.measure in (Measure.BEFORE, Measure.AFTER, Measure.CHANGE):
            return Provenance.REPORTED
        return provenance_of(self.indicator)

    @property
    def source(self) -> str:
        """Where an official figure comes from; empty for the others."""
        return self.indicator.source if self.provenance is Provenance.OFFICIAL else ""

    @property
    def point(self) -> Benchmark | None:
        """What the figure is compared with."""
        return self.indicator.benchmark


def provenance_of(indicator: Indicator) -> Provenance:
    """Official or illustrative: the one rule, for a figure, a label and a download's row alike."""
    return Provenance.ILLUSTRATIVE if indicator.illustrative else Provenance.OFFICIAL


def is_target(indicator: Indicator) -> bool:
    """Whether the indicator's comparison point is a target (which can be met)."""
    return indicator.benchmark is not None and indicator.benchmark.kind is BenchmarkKind.TARGET


def point_figure(indicator: Indicator, decimals: int) -> Figure | None:
    """The indicator's comparison point as a figure; None when it has none."""
    if indicator.benchmark is None:
        return None
    return Figure(indicator, Measure.POINT, indicator.benchmark.value, None, decimals)
