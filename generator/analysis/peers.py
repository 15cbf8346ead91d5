"""Peers who do better: for an indicator a municipality falls short on, whom to learn from.

The rule, in order: municipalities of the same peer group whose latest value is
better, best first; when fewer than ``ENOUGH`` exist, better municipalities of
the same province, then of a similar population (at most half as large again,
or a third smaller, and of the same category: a district is no peer for a local
municipality, whatever its size; so that "of similar size" is true of every one). Never a peer that is
worse. A peer without a case study is still worth calling: each comes with its
numbers, its case studies on the indicator and the people to ask.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass
from enum import Enum
from itertools import islice

from generator.analysis.figures import Figure, Measure
from generator.analysis.measures import directed
from generator.analysis.standings import Benchmarks, Series, Standing
from generator.model.catalogue import Catalogue
from generator.model.connections import Person
from generator.model.entities import CaseStudy, Contact, Municipality
from generator.model.links import Links

#: Fewer same-group peers than this and the province, then similar population, fill in.
ENOUGH = 3
#: "Of similar size": populations at most this many times apart (Ubuntu's 18,601 residents were offered to
#: Johannesburg's 4.4 million as "of similar size" when the closest better peer was all there was; at twice
#: apart, Buffalo City's 781,026 to West Coast's 391,766, which a reader does not call similar).
SIMILAR_SIZE = 1.5
#: The most peers offered for one indicator: the best three (the compare and peer-group pages list all).
LIMIT = 3


class Why(str, Enum):
    """Why a peer was chosen: the first that applies."""

    SAME_PEER_GROUP = "same peer group"
    """The same MIIF category."""
    SAME_PROVINCE = "same province"
    """Another category, the same province."""
    SIMILAR_POPULATION = "similar population"
    """Neither, but of a size close to the learner's (Census 2011)."""


@dataclass(frozen=True)
class BetterPeer:
    """A municipality that does better on an indicator, with the numbers that say so."""

    standing: Standing  # the peer's latest value, its rank and rating
    series: Series  # its values over the years, for "from ... to ..."
    ahead_by: float  # how much better than the learner's latest value; always positive
    why: Why
    case_studies: tuple[CaseStudy, ...]  # its case studies on the indicator
    contacts: tuple[Contact | Person, ...]  # people to ask: a case study's contacts, people listed there

    @property
    def municipality(self) -> Municipality:
        return self.standing.municipality

    @property
    def value(self) -> float:
        return self.standing.value

    @property
    def year(self) -> int:
        return self.standing.year

    @property
    def ahead_figure(self) -> Figure:
        """How much better than the learner, as a figure of the peer's latest year."""
        s = self.standing
        return Figure(s.indicator, Measure.AHEAD, self.ahead_by, s.year, s.decimals, s.municipality.code)


class Peers:
    """Peers who do better, for any municipality and indicator of one analysed library."""

    def __init__(self, benchmarks: Benchmarks, links: Links | None = None):
        self.benchmarks = benchmarks
        self.library = benchmarks.library
        self.links = links or Catalogue(benchmarks.library).links  # case studies and people, by municipality
        self._ranked: dict[str, tuple[list[float], list[Standing]]] = {}  # see _better_than_value

    def better_than(self, code: str, indicator_id: str, limit: int = LIMIT) -> list[BetterPeer]:
        """Municipalities whose latest value of the indicator is better than ``code``'s, chosen as
        the module docstring says; empty when ``code`` has no value or nobody does better."""
        b = self.benchmarks
        learner_standing = b.latest_standing(indicator_id, code)
        if learner_standing is None:
            return []
        learner = learner_standing.municipality
        indicator = b.indicators[indicator_id]
        best_first = self._better_than_value(indicator_id, learner_standing.value)

        # The first ``limit`` of its group, not all of them cut after: best_first holds up to 257.
        chosen: list[tuple[Standing, Why]] = list(islice(((s, Why.SAME_PEER_GROUP) for s in best_first
                                                          if s.municipality.miif_category == learner.miif_category), limit))
        for why, fits in ((Why.SAME_PROVINCE, lambda m: m.province == learner.province),
                          (Why.SIMILAR_POPULATION, lambda m: m.category == learner.category
                           and _size_difference(learner, m) <= math.log(SIMILAR_SIZE))):
            if len(chosen) >= ENOUGH:
                break
            taken = {s.municipality.code for s, _ in chosen}
            extra = [s for s in best_first if s.municipality.code not in taken and fits(s.municipality)]
            if why is Why.SIMILAR_POPULATION:  # stable: equally close, the better one first
                extra.sort(key=lambda s: _size_difference(learner, s.municipality))
            chosen += [(s, why) for s in extra[:ENOUGH - len(chosen)]]

        return [BetterPeer(s, series, directed(indicator.better, s.value - learner_standing.value), why,
                           tuple(self.links.case_studies_on.get((s.municipality.code, indicator_id), ())),
                           tuple(self.links.contacts_at(s.municipality.code, indicator)))
                for s, why in chosen if (series := b.series(indicator_id, s.municipality.code))]  # each has one

    def count_better(self, code: str, indicator_id: str) -> int:
        """How many municipalities, of any group or province, have a latest value better than ``code``'s."""
        standing = self.benchmarks.latest_standing(indicator_id, code)
        return len(self._better_than_value(indicator_id, standing.value)) if standing else 0

    def _better_than_value(self, indicator_id: str, value: float) -> list[Standing]:
        """The latest standings strictly better than ``value``, best first, then by name.

        Ranked once per indicator, then cut with a binary search: asked for each indicator
        of each municipality, scanning all 257 every time took 11 s of a national build.
        """
        if indicator_id not in self._ranked:
            b = self.benchmarks
            better = b.indicators[indicator_id].better
            latest = (b.latest_standing(indicator_id, code) for code in b.reporting_municipalities)
            standings = sorted((s for s in latest if s is not None),
                               key=lambda s: (-directed(better, s.value), s.municipality.name.lower()))
            self._ranked[indicator_id] = ([-directed(better, s.value) for s in standings], standings)
        keys, standings = self._ranked[indicator_id]
        return standings[:bisect_left(keys, -directed(self.benchmarks.indicators[indicator_id].better, value))]


def _size_difference(a: Municipality, b: Municipality) -> float:
    """How different two populations are, as a ratio; unknown sizes sort last."""
    if not a.population or not b.population:
        return math.inf
    return abs(math.log(a.population / b.population))
