"""Step 4c: comparing municipalities: a page per peer group, and the compare page.

``/peer-groups/<id>/`` lists every member of a MIIF class with its latest value
of each indicator, best first, beside the group's median: the comparison works
without JavaScript and on a phone. ``/compare/?m=KZN272,EC154`` puts two to
four municipalities of the reader's choice side by side: the page carries the
indicators and the pickers, and ``generator/theme/assets/javascripts/compare.js`` fetches
only the chosen municipalities' values (``data/municipalities/<code>.json``).
Plain data, no HTML.
"""

from __future__ import annotations

from typing import Iterator

from generator.analysis.benchmarking import Benchmarks, benchmark_gap, directed
from generator.model.catalogue import Catalogue
from generator.model.entities import Indicator, Municipality
from generator.model.peer_groups import PEER_GROUPS, PeerGroup
from generator.site import addresses as at
from generator.site.page_kinds import (ComparePage, GroupIndicator, MemberValue, Page, PeerGroupIndexPage,
                                       PeerGroupPage, PeerGroupSummary)

#: The compare page shows at most this many municipalities side by side.
COMPARE_MOST = 4


def comparison_pages(catalogue: Catalogue, benchmarks: Benchmarks) -> Iterator[Page]:
    lib = catalogue.library
    summaries, group_pages = [], []
    for group in PEER_GROUPS:
        members = sorted((m for m in lib.municipalities.values() if m.miif_category == group.code),
                         key=lambda m: m.name.lower())
        areas = [(area, rows) for area in lib.service_areas.values()
                 if (rows := [r for r in (_group_indicator(benchmarks, i, group, members) for i in area.indicators) if r])]
        summary = PeerGroupSummary(group, members, {v.municipality.code for _, rows in areas for r in rows
                                                    for v in r.members})
        summaries.append(summary)
        group_pages.append(PeerGroupPage(
            src_uri=at.page_source(at.peer_group(group)), title=group.name,
            description=f"{group.description} Every member's latest values, best first.",
            summary=summary, areas=areas, illustrative=any(area.illustrative for area, _ in areas)))
    yield PeerGroupIndexPage(src_uri=at.page_source(at.PEER_GROUPS), title="Peer groups", groups=summaries,
                             description="The seven National Treasury (MIIF) classes of municipalities, and how "
                                         "the members of each compare on every indicator.")
    yield from group_pages
    yield ComparePage(
        src_uri=at.page_source(at.COMPARE), title="Compare municipalities",
        description="Two to four municipalities side by side on every indicator.",
        provinces={lib.provinces[code]: members for code, members in catalogue.municipalities_by_province.items()},
        reporting=benchmarks.reporting_municipalities, peer_groups=PEER_GROUPS,
        areas=[(area, area.indicators) for area in lib.service_areas.values() if area.indicators],
        most=COMPARE_MOST, illustrative=any(a.illustrative for a in lib.service_areas.values()))


def _group_indicator(benchmarks: Benchmarks, indicator: Indicator, group: PeerGroup,
                     members: list[Municipality]) -> GroupIndicator | None:
    values = []
    for m in members:
        series = benchmarks.series(indicator.id, m.code)
        if series is None:
            continue
        year, value = series.last
        gap = benchmark_gap(indicator, value)
        values.append(MemberValue(m, year, value, None if gap is None else gap >= 0))
    if not values:
        return None
    values.sort(key=lambda v: (-directed(indicator.better, v.value), v.municipality.name.lower()))
    year = max(v.year for v in values)
    medians = benchmarks.medians(indicator.id, year)
    median = medians.by_peer_group.get(group.code) if medians else None
    return GroupIndicator(indicator, values, median, year, sum(1 for v in values if v.year == year))
