"""The sentences of a municipality's page that no other page says: the answer it starts with.

Which peer a headline figure names and why ("Best of its peers"), how much of a service area's summary rests
on illustrative values, which summaries do (said on the first screen), and why a practice offered where none
is on an indicator is the nearest. Written in the voice of ``wording.py``, whose figures, places and
ratings they go with.
"""

from __future__ import annotations

from generator.analysis.peers import BetterPeer, Why
from generator.model.entities import Municipality


def illustrative_share(illustrative: int, of: int) -> str:
    """How much of a count rests on illustrative values: "illustrative values only", "3 of them illustrative";
    "official" when none does."""
    if not illustrative:
        return "official"
    return "illustrative values only" if illustrative == of else f"{illustrative} of them illustrative"


def illustrative_summaries(entirely: list[str], partly: list[str]) -> str:
    """Which service areas' summaries rest on illustrative values, said where a page begins: "Summaries that
    rest on illustrative values, samples that are not official statistics: HIV/AIDS entirely; housing and LED
    partly." """
    if not entirely and not partly:
        return ""
    parts = ([f"{listed(entirely)} entirely"] if entirely else []) + ([f"{listed(partly)} partly"] if partly else [])
    return f"Summaries that rest on illustrative values, samples that are not official statistics: {'; '.join(parts)}."


def listed(names: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def best_peer_label(peer: BetterPeer) -> str:
    """What a headline says of the peer it names: "Best of its peers" when it is the best of the learner's
    peer group (which the page names just above), else why it was chosen ("Does better, in KwaZulu-Natal")."""
    m = peer.municipality
    if peer.why is Why.SAME_PEER_GROUP:
        return "Best of its peers"
    if peer.why is Why.SAME_PROVINCE:
        return f"Does better, in {m.province_name}"
    return "Does better, of similar size"


def nearest_practice_reason(where: list[Municipality], why: Why | None, learner: Municipality) -> str:
    """Whose the nearest practice in a service area is, and why it is the nearest: "Joe Morolong, also a mostly
    rural local", "eThekwini, also in KwaZulu-Natal"; the newest in the area says only whose it is."""
    names = listed([m.name for m in where])
    if why is Why.SAME_PEER_GROUP:
        return f"{names}, also {learner.peer_group.singular}"
    if why is Why.SAME_PROVINCE:
        return f"{names}, also in {learner.province_name}"
    return names
