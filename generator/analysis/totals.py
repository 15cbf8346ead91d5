"""Totals of official figures: the sum of numerators over the sum of denominators.

The national share of residents with piped water is not the median of the
municipalities' shares: it is all residents with piped water over all residents.
Values that keep their counts (``Observation.numerator`` and ``denominator``)
are added up here, nationally, per province and per peer group.

A district's figure covers its whole district, local municipalities included,
so the country (or a province) is counted once: the metros, plus each district's
own figure, or the sum of its local municipalities where the district has none.
A peer group holds only one kind of municipality (metros, locals or districts),
so its total is the plain sum of its members.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from generator.model.entities import Library, Municipality, Observation


@dataclass(frozen=True)
class Total:
    numerator: float
    denominator: float
    municipalities: int  # how many figures were added up

    @property
    def value(self) -> float:
        """As a percentage."""
        return 100 * self.numerator / self.denominator


class Totals:
    """Every total of a library, per indicator and year, computed once."""

    def __init__(self, library: Library):
        self.library = library
        # indicator -> year -> code -> observation with counts
        self._counts: dict[str, dict[int, dict[str, Observation]]] = defaultdict(lambda: defaultdict(dict))
        for o in library.observations:
            if o.numerator is not None and o.denominator and o.municipality in library.municipalities:
                self._counts[o.indicator][o.year][o.municipality] = o

    def has_counts(self, indicator_id: str) -> bool:
        return indicator_id in self._counts

    def years(self, indicator_id: str) -> list[int]:
        return sorted(self._counts.get(indicator_id, {}))

    def national(self, indicator_id: str, year: int) -> Total | None:
        return _add(self._once(self._counts.get(indicator_id, {}).get(year, {}), lambda m: True))

    def by_province(self, indicator_id: str, year: int) -> dict[str, Total]:
        counted = self._counts.get(indicator_id, {}).get(year, {})
        provinces = sorted({self.library.municipalities[c].province for c in counted})
        totals = {p: _add(self._once(counted, _in_province(p))) for p in provinces}
        return {p: t for p, t in totals.items() if t}

    def by_peer_group(self, indicator_id: str, year: int) -> dict[str, Total]:
        groups: dict[str, list[Observation]] = defaultdict(list)
        for code, o in self._counts.get(indicator_id, {}).get(year, {}).items():
            groups[self.library.municipalities[code].miif_category].append(o)
        return {g: t for g, t in ((g, _add(obs)) for g, obs in sorted(groups.items())) if t}

    def _once(self, counted: dict[str, Observation], wanted: Callable[[Municipality], bool]) -> list[Observation]:
        """The figures that cover the wanted municipalities' area once: metros, districts, and the
        local municipalities of a district that has no figure of its own."""
        municipalities = self.library.municipalities
        chosen = []
        for code, o in counted.items():
            m = municipalities[code]
            if not wanted(m):
                continue
            if m.category == "B" and m.district in counted:
                continue  # its district's figure includes it
            chosen.append(o)
        return chosen


def _in_province(code: str) -> Callable[[Municipality], bool]:
    return lambda m: m.province == code


def _add(observations: Iterable[Observation]) -> Total | None:
    """The total of observations with counts (numerator and denominator: ``Totals`` keeps only those)."""
    with_counts = list(observations)
    denominator = sum(o.denominator or 0.0 for o in with_counts)
    if not with_counts or not denominator:
        return None
    return Total(sum(o.numerator or 0.0 for o in with_counts), denominator, len(with_counts))
