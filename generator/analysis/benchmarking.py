"""Step 3b: benchmarking, in one import: where each municipality stands, and who does better.

The measures (gaps, ratings, ranks, quartiles) are in ``measures``; standings,
medians and series in ``standings``; peers who do better in ``peers``. All of it
returns numbers: the sentences are written by the site step (``site/wording.py``).
"""

from __future__ import annotations

from generator.analysis.measures import (Place, Position, Rating, Scope, Trend, benchmark_gap, close_tolerance,
                                         directed, quartile, ranks, rate, trend_of)
from generator.analysis.peers import BetterPeer, Peers, Why
from generator.analysis.standings import (Benchmarks, GroupFigure, IndicatorSummary, Medians, ScorecardRow, Series,
                                          Standing)
from generator.model.entities import Library

__all__ = ["Benchmarks", "BetterPeer", "GroupFigure", "IndicatorSummary", "Medians", "Peers", "Place", "Position",
           "Rating", "ScorecardRow", "Scope", "Series", "Standing", "Trend", "Why", "analyse", "benchmark_gap",
           "close_tolerance", "directed", "quartile", "ranks", "rate", "trend_of"]


def analyse(library: Library) -> Benchmarks:
    return Benchmarks(library)
