"""Step 4c: comparing municipalities: a page per peer group, and the compare page.

``/peer-groups/<id>/`` lists every member of a MIIF class with its latest value
of each indicator, best first, beside the group's median: the comparison works
without JavaScript and on a phone. ``/compare/`` lets a reader put two to four
municipalities side by side; the page carries the indicators and the pickers,
and ``theme/assets/javascripts/compare.js`` fetches only the chosen
municipalities' values (``/data/municipalities/<code>.json``). Plain data, no HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from generator.analysis.benchmarking import Benchmarks, benchmark_gap, directed
from generator.model.catalogue import Catalogue
from generator.model.entities import Indicator, Municipality, ServiceArea
from generator.model.peer_groups import PEER_GROUPS, PeerGroup
from generator.site import downloads
from generator.site.pages import PageSpec

#: The compare page shows at most this many municipalities side by side.
COMPARE_MAX = 4


def peer_group_address(group: PeerGroup) -> str:
    return f"peer-groups/{group.id}/"


def compare_address(municipalities: list[Municipality]) -> str:
    """The compare page with these municipalities chosen: compare/?m=KZN272,EC154."""
    codes = ",".join(m.code for m in municipalities[:COMPARE_MAX])
    return f"compare/?m={codes}" if codes else "compare/"


@dataclass(frozen=True)
class MemberValue:
    """A member's latest value of one indicator."""

    municipality: Municipality
    year: int
    value: float
    meets: bool | None  # None when the indicator has no benchmark


@dataclass(frozen=True)
class GroupIndicator:
    """One indicator across a peer group: every reporting member, best first."""

    indicator: Indicator
    members: list[MemberValue]
    median: float | None  # the group's median in median_year
    median_year: int | None
    reporting_in_median_year: int

    @property
    def meeting(self) -> int:
        return sum(1 for v in self.members if v.meets)


@dataclass(frozen=True)
class PeerGroupView:
    group: PeerGroup
    members: list[Municipality]  # by name
    reporting: set[str]  # codes of members with at least one value
    areas: list[tuple[ServiceArea, list[GroupIndicator]]]  # only indicators some member reports
    illustrative: bool


@dataclass(frozen=True)
class CompareIndicator:
    indicator: Indicator
    download: str  # the indicator's JSON, for readers who want every municipality


def peer_group_pages(catalogue: Catalogue, benchmarks: Benchmarks) -> Iterator[PageSpec]:
    lib = catalogue.library
    views = [_peer_group_view(catalogue, benchmarks, group) for group in PEER_GROUPS]
    yield PageSpec("peer-groups/index.md", "Peer groups", "peer-group-index",
                   data={"peer_groups": views},
                   description="The seven National Treasury (MIIF) classes of municipalities, and how the "
                               "members of each compare on every indicator.")
    for view in views:
        yield PageSpec(f"peer-groups/{view.group.id}.md", f"Peer group: {view.group.name}", "peer-group",
                       data={"peer_group": view},
                       description=f"{view.group.description} Every member's latest values, best first.")
    provinces = {lib.provinces[code]: members for code, members in catalogue.municipalities_by_province.items()}
    yield PageSpec("compare.md", "Compare municipalities", "compare",
                   data={"provinces": provinces, "peer_groups": PEER_GROUPS, "max": COMPARE_MAX,
                         "reporting": benchmarks.reporting_municipalities,
                         "areas": [(area, [CompareIndicator(i, downloads.indicator_downloads(i)["json"])
                                           for i in area.indicators])
                                   for area in lib.service_areas.values() if area.indicators],
                         "illustrative": any(a.illustrative for a in lib.service_areas.values())},
                   description="Two to four municipalities side by side on every indicator.")


def _peer_group_view(catalogue: Catalogue, benchmarks: Benchmarks, group: PeerGroup) -> PeerGroupView:
    lib = catalogue.library
    members = sorted((m for m in lib.municipalities.values() if m.miif_category == group.code),
                     key=lambda m: m.name.lower())
    areas, reporting, illustrative = [], set(), False
    for area in lib.service_areas.values():
        rows = [row for row in (_group_indicator(benchmarks, i, members) for i in area.indicators) if row]
        if rows:
            areas.append((area, rows))
            reporting.update(v.municipality.code for row in rows for v in row.members)
            illustrative = illustrative or area.illustrative
    return PeerGroupView(group, members, reporting, areas, illustrative)


def _group_indicator(benchmarks: Benchmarks, indicator: Indicator, members: list[Municipality]) -> GroupIndicator | None:
    values = []
    for m in members:
        series = benchmarks.series(indicator.id, m.code)
        if series is None:
            continue
        year, value = series.last
        gap = benchmark_gap(indicator, value)
        meets = None if gap is None else gap >= 0
        values.append(MemberValue(m, year, value, meets))
    if not values:
        return None
    values.sort(key=lambda v: (-directed(indicator.better, v.value), v.municipality.name.lower()))
    year = max(v.year for v in values)
    medians = benchmarks.medians(indicator.id, year)
    median = medians.by_peer_group.get(members[0].miif_category) if medians else None
    return GroupIndicator(indicator, values, median, year, sum(1 for v in values if v.year == year))
