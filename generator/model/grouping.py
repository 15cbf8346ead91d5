"""Items grouped by their keys: the one way the model builds its look-ups (case studies by
municipality, people by indicator...), each computed once rather than by a loop per page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def group(items: Iterable[T], keys_of: Callable[[T], Iterable[K]]) -> dict[K, list[T]]:
    """Key -> the items that have it, in the items' order; an item with several keys is in each group."""
    groups: defaultdict[K, list[T]] = defaultdict(list)
    for item in items:
        for key in keys_of(item):
            groups[key].append(item)
    return dict(groups)
