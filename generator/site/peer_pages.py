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

from generator.analysis.benchmarking import Benchmarks
from generator.analysis.figures import is_target
from generator.model.catalogue import Catalogue
from generator.model.entities import Indicator, Municipality
from generator.model.peer_groups import PEER_GROUPS, PeerGroup
from generator.site import addresses as at
from generator.site.page_kinds import (ComparePage, GroupIndicator, Page, PeerGroupIndexPage, PeerGroupPage,
                                       PeerGroupSummary)
from generator.site.wording import counted, point_of, provenances, rated

#: The compare page shows at most this many municipalities side by side.
COMPARE_MOST = 4


def comparison_pages(catalogue: Catalogue, benchmarks: Benchmarks) -> Iterator[Page]:
    lib = catalogue.library
    summaries, group_pages = [], []
    for group in PEER_GROUPS:
        members = sorted((m for m in lib.municipalities.values() if m.miif_category == group.code),
                         key=lambda m: m.name.lower())
        areas = [(area, rows) for area in catalogue.service_areas
                 if (rows := [r for r in (_group_indicator(benchmarks, i, group, members) for i in area.indicators) if r])]
        summary = PeerGroupSummary(group, members, {s.municipality.code for _, rows in areas for r in rows
                                                    for s in [*(s for s, _ in r.ranked), *r.earlier]})
        summaries.append(summary)
        group_pages.append(PeerGroupPage(
            src_uri=at.page_source(at.peer_group(group)), title=group.name,
            description=f"{group.description} Every member's latest values, ranked.",
            summary=summary, areas=areas, provenances=provenances(r.indicator for _, rows in areas for r in rows),
            download=at.peer_group_csv(group)))
    yield PeerGroupIndexPage(src_uri=at.page_source(at.PEER_GROUPS), title="Peer groups", groups=summaries,
                             municipalities=len(lib.municipalities),
                             description="The seven National Treasury (MIIF) classes of municipalities, and how "
                                         "the members of each compare on every indicator.")
    yield from group_pages
    yield ComparePage(
        src_uri=at.page_source(at.COMPARE), title="Compare municipalities",
        description="Two to four municipalities side by side on every indicator.",
        provinces={lib.provinces[code]: members for code, members in catalogue.municipalities_by_province.items()},
        reporting=benchmarks.reporting_municipalities, peer_groups=PEER_GROUPS,
        areas=[(area, [(i, point_of(i, benchmarks.decimals(i.id))) for i in area.indicators])
               for area in catalogue.service_areas if area.indicators],
        most=COMPARE_MOST, provenances=provenances(lib.indicators.values()))


def _group_indicator(benchmarks: Benchmarks, indicator: Indicator, group: PeerGroup,
                     members: list[Municipality]) -> GroupIndicator | None:
    """The indicator in the latest year any member reported it, ranked as every page ranks it; the
    members whose latest value is older come after, each with its own year (never ranked with the others)."""
    latest = [s for m in members if (s := benchmarks.latest_standing(indicator.id, m.code))]
    if not latest:
        return None
    year = max(s.year for s in latest)
    ranked = benchmarks.group_standings(indicator.id, year, group.code)
    earlier = sorted((s for s in latest if s.year < year), key=lambda s: (-s.year, s.peer.rank, s.municipality.name.lower()))
    ahead = (counted(sum(s.rating.favourable for s in ranked if s.rating), len(ranked), is_target(indicator), year=year)
             if indicator.benchmark else None)
    return GroupIndicator(indicator, year, [(s, rated(s)) for s in ranked], benchmarks.peer_median(indicator.id, year, group.code),
                          ahead, point_of(indicator, benchmarks.decimals(indicator.id)), earlier)
