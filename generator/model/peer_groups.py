"""The peer groups: National Treasury's MIIF categories, in words.

The Municipal Infrastructure Investment Framework (MIIF) sorts the 257
municipalities into seven classes by what they are and what they must
deliver. Lekgotla compares a municipality with the others of its class.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.model.entities import PEER_GROUP_NAMES


@dataclass(frozen=True)
class PeerGroup:
    code: str  # the MIIF category as the registry writes it: A, B1 ... C2
    name: str  # "Mostly rural locals (B4)"
    description: str  # what the class is, in a sentence

    @property
    def id(self) -> str:
        """The address part: /peer-groups/b4/."""
        return self.code.lower()


_DESCRIPTIONS = {
    "A": "The eight metropolitan municipalities: large cities that provide every municipal service themselves.",
    "B1": "Secondary cities: the local municipalities with the largest budgets, each built around a sizeable city.",
    "B2": "Local municipalities with a large town at their core.",
    "B3": "Local municipalities with small towns, a smaller population and a substantial urban share, "
          "but no large town at their core.",
    "B4": "Mostly rural local municipalities, with much land under communal tenure and at most one or two "
          "small towns.",
    "C1": "District municipalities that are not water services authorities: their local municipalities "
          "provide water and sanitation.",
    "C2": "District municipalities that are water services authorities: the district, not its local "
          "municipalities, provides water and sanitation.",
}

#: Every class, in the order National Treasury lists them.
PEER_GROUPS = tuple(PeerGroup(code, PEER_GROUP_NAMES[code], _DESCRIPTIONS[code]) for code in _DESCRIPTIONS)


def peer_group(code: str) -> PeerGroup | None:
    return next((g for g in PEER_GROUPS if g.code == code), None)
