"""Peers who do better: for an indicator a municipality falls short on, whom to learn from.

The rule, in order: municipalities of the same peer group whose latest value is
better, best first; when fewer than ``ENOUGH`` exist, better municipalities of
the same province, then of a similar population (at most twice or half the
learner's, so that "of similar size" is true of every one). Never a peer that is
worse. A peer without a case study is still worth calling: each comes with its
numbers, its case studies on the indicator and the people to ask.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from generator.analysis.figures import Figure, Measure
from generator.analysis.measures import directed
from generator.analysis.standings import Benchmarks, Series, Standing
from generator.model.entities import CaseStudy, Contact, Indicator, Municipality

#: Fewer same-group peers than this and the province, then similar population, fill in.
ENOUGH = 3
#: "Of similar size": populations at most this many times apart (Ubuntu's 18,601 residents were offered to
#: Johannesburg's 4.4 million as "of similar size" when the closest better peer was all there was).
SIMILAR_SIZE = 2.0
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
    contacts: tuple[Contact, ...]  # people to ask

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

    def __init__(self, benchmarks: Benchmarks):
        self.benchmarks = benchmarks
        self.library = benchmarks.library
        # Looked up for every peer of every area for improvement: indexed once.
        self._practices: dict[tuple[str, str], list[CaseStudy]] = defaultdict(list)  # (code, indicator)
        self._by_area: dict[tuple[str, str], list[CaseStudy]] = defaultdict(list)  # (code, service area)
        for case in self.library.case_studies:
            about = set(case.indicators) | {o.indicator for o in case.outcomes}
            for code in case.municipalities:
                self._by_area[code, case.service_area].append(case)
                for indicator_id in about:
                    self._practices[code, indicator_id].append(case)
        # People of content/people/ (each agreed to be listed), by the municipality they work at.
        self._people_at: dict[str, list] = defaultdict(list)
        self._ranked: dict[str, tuple[list[float], list[Standing]]] = {}  # see _better_than_value
        for person in self.library.people.values():
            if person.municipality:
                self._people_at[person.municipality].append(person)

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

        chosen: list[tuple[Standing, Why]] = [(s, Why.SAME_PEER_GROUP) for s in best_first
                                       if s.municipality.miif_category == learner.miif_category][:limit]
        for why, fits in ((Why.SAME_PROVINCE, lambda m: m.province == learner.province),
                          (Why.SIMILAR_POPULATION, lambda m: _size_difference(learner, m) <= math.log(SIMILAR_SIZE))):
            if len(chosen) >= ENOUGH:
                break
            taken = {s.municipality.code for s, _ in chosen}
            extra = [s for s in best_first if s.municipality.code not in taken and fits(s.municipality)]
            if why is Why.SIMILAR_POPULATION:  # stable: equally close, the better one first
                extra.sort(key=lambda s: _size_difference(learner, s.municipality))
            chosen += [(s, why) for s in extra[:ENOUGH - len(chosen)]]

        return [BetterPeer(s, b.series(indicator_id, s.municipality.code),
                           directed(indicator.better, s.value - learner_standing.value), why,
                           tuple(self._practices.get((s.municipality.code, indicator_id), ())),
                           tuple(self.people_to_ask(s.municipality, indicator)))
                for s, why in chosen]

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

    def people_to_ask(self, municipality: Municipality, indicator: Indicator) -> list[Contact]:
        """Whom to call at ``municipality`` about ``indicator``: the one place that decides it.

        The contacts of its case studies on the indicator, then of its other case studies
        in the same service area, then the people listed at it who know the service area,
        each person once: a peer without a written-up practice is still a peer worth calling.
        """
        on_indicator = self._practices.get((municipality.code, indicator.id), [])
        in_area = [c for c in self._by_area.get((municipality.code, indicator.service_area), [])
                   if c not in on_indicator]
        seen, people = set(), []
        listed = [p for p in self._people_at.get(municipality.code, []) if indicator.service_area in p.service_areas]
        for contact in [*(c for case in on_indicator + in_area for c in case.contacts), *listed]:
            key = (" ".join(contact.name.casefold().split()), contact.email.casefold())
            if key not in seen:
                seen.add(key)
                people.append(contact)
        return people


def _size_difference(a: Municipality, b: Municipality) -> float:
    """How different two populations are, as a ratio; unknown sizes sort last."""
    if not a.population or not b.population:
        return math.inf
    return abs(math.log(a.population / b.population))
