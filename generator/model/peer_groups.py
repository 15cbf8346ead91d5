"""The peer groups: National Treasury's MIIF categories, in words: the one table of their names.

The Municipal Infrastructure Investment Framework (MIIF) sorts the 257
municipalities into seven classes by what they are and what they must
deliver. Lekgotla compares a municipality with the others of its class.
Every sentence and label that names a peer group takes its words from here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PeerGroup:
    code: str  # the MIIF category as the registry writes it: A, B1 ... C2
    plural: str  # "mostly rural locals": "4th of 12 mostly rural locals"
    singular: str  # "a mostly rural local": "Port St Johns, also a mostly rural local"
    description: str = ""  # what the class is, in a sentence

    @property
    def id(self) -> str:
        """The address part: /peer-groups/b4/."""
        return self.code.lower()

    @property
    def name(self) -> str:
        """The plural as a heading, with the code it is known by: "Mostly rural locals (B4)"."""
        return f"{self.plural[:1].upper()}{self.plural[1:]} ({self.code})"


#: Every class, in the order National Treasury lists them.
PEER_GROUPS = (
    PeerGroup("A", "metros", "a metro",
              "The eight metropolitan municipalities: large cities that provide every municipal service themselves."),
    PeerGroup("B1", "secondary cities", "a secondary city",
              "Secondary cities: the local municipalities with the largest budgets, each built around a sizeable "
              "city."),
    PeerGroup("B2", "large towns", "a large town", "Local municipalities with a large town at their core."),
    PeerGroup("B3", "small towns", "a small town",
              "Local municipalities with small towns, a smaller population and a substantial urban share, "
              "but no large town at their core."),
    PeerGroup("B4", "mostly rural locals", "a mostly rural local",
              "Mostly rural local municipalities, with much land under communal tenure and at most one or two "
              "small towns."),
    PeerGroup("C1", "districts that are not water services authorities",
              "a district that is not a water services authority",
              "District municipalities that are not water services authorities: their local municipalities "
              "provide water and sanitation."),
    PeerGroup("C2", "districts that are water services authorities", "a district that is a water services authority",
              "District municipalities that are water services authorities: the district provides water and "
              "sanitation to its local municipalities, except to a few secondary cities that are water services "
              "authorities themselves."),
)
_BY_CODE = {group.code: group for group in PEER_GROUPS}
PEER_GROUP_NAMES = {group.code: group.name for group in PEER_GROUPS}


def peer_group(code: str) -> PeerGroup | None:
    return _BY_CODE.get(code)
