"""Step 3 (links): how the items of a library point at each other.

Groupings the pages need (case studies by municipality, by tag, by province...)
are computed once here, so that no template loops over the whole library.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from generator.model.entities import CaseStudy, Library, Municipality, ServiceArea, Toolkit
from generator.model.grouping import group
from generator.model.links import Links

Item = CaseStudy | Toolkit


@dataclass
class Catalogue:
    library: Library
    #: Case studies and toolkits by slug, the one look-up for both (``related:`` may name either);
    #: ``lekgotla check`` refuses a case study and a toolkit with the same slug.
    by_slug: dict[str, Item] = field(init=False)

    def __post_init__(self) -> None:
        self.by_slug = {item.slug: item for item in self.practices}

    @property
    def practices(self) -> list[Item]:
        """The case studies and the toolkits, in the library's order."""
        return [*self.library.case_studies, *self.library.toolkits]

    @cached_property
    def newest_case_studies(self) -> list[CaseStudy]:
        """Newest first: by the year the practice started, then by review date."""
        return sorted(self.library.case_studies,
                      key=lambda c: (c.year, c.review.date if c.review else "", c.title), reverse=True)

    @cached_property
    def feed_entries(self) -> list[tuple[str, CaseStudy]]:
        """(date, case study), latest first; the review date (of the submission, or of the peer review) stands
        in for publication. A case study without one is left out: the feed never invents a date (it gave
        1 January of the year the practice started), and ``lekgotla check`` warns of it."""
        dated = [(c.review.date, c) for c in self.library.case_studies if c.review and c.review.date]
        return sorted(dated, key=lambda pair: (pair[0], pair[1].slug), reverse=True)

    @cached_property
    def service_areas(self) -> list[ServiceArea]:
        """Water first, the service most asked about; the others in the library's order. Every page that
        goes through the service areas (a municipality, a peer group, compare) takes them in this order."""
        return sorted(self.library.service_areas.values(), key=lambda area: area.id != "water")

    @cached_property
    def case_studies_by_area(self) -> dict[str, list[CaseStudy]]:
        return group(self.newest_case_studies, lambda c: [c.service_area])

    @cached_property
    def case_studies_by_municipality(self) -> dict[str, list[CaseStudy]]:
        return group(self.newest_case_studies, lambda c: c.municipalities)

    @cached_property
    def case_studies_by_province(self) -> dict[str, list[CaseStudy]]:
        return group(self.newest_case_studies, lambda c: sorted({m.province for m in c.places}))

    @cached_property
    def case_studies_by_tag(self) -> dict[str, list[CaseStudy]]:
        return dict(sorted(group(self.newest_case_studies, lambda c: c.tags).items()))

    @cached_property
    def toolkits_by_tag(self) -> dict[str, list[Toolkit]]:
        return dict(sorted(group(self.library.toolkits, lambda t: t.tags).items()))

    @cached_property
    def tags(self) -> list[str]:
        """Every tag of a case study or a toolkit; each has its page /browse/tags/<tag>/."""
        return sorted({*self.case_studies_by_tag, *self.toolkits_by_tag})

    @cached_property
    def case_studies_by_year(self) -> dict[int, list[CaseStudy]]:
        return dict(sorted(group(self.newest_case_studies, lambda c: [c.year]).items(), reverse=True))

    @cached_property
    def items_by_network(self) -> dict[str, list[Item]]:
        return group([*self.newest_case_studies, *self.library.toolkits], lambda i: i.networks)

    @cached_property
    def toolkits_by_area(self) -> dict[str, list[Toolkit]]:
        return group(self.library.toolkits, lambda t: t.service_areas)

    @cached_property
    def tags_by_item_count(self) -> list[tuple[str, int]]:
        tags = group(self.practices, lambda i: i.tags)
        return sorted(((t, len(items)) for t, items in tags.items()), key=lambda p: (-p[1], p[0]))

    @cached_property
    def municipalities_by_province(self) -> dict[str, list[Municipality]]:
        grouped = group(sorted(self.library.municipalities.values(), key=lambda m: m.name.lower()),
                         lambda m: [m.province])
        return {code: grouped[code] for code in self.library.provinces if code in grouped}

    @cached_property
    def referenced_by(self) -> dict[str, list[Item]]:
        """Backlinks: the items whose ``related:`` names each slug."""
        return group([*self.newest_case_studies, *self.library.toolkits], lambda i: i.related)

    @cached_property
    def links(self) -> Links:
        """People, networks, research and peer reviews, and what each points at."""
        return Links(self)

    def related_items(self, item: Item) -> list[Item]:
        return [self.by_slug[slug] for slug in item.related if slug in self.by_slug]
