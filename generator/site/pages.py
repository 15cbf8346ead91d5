"""Step 4: decide which pages the site has, and what each one shows.

A ``PageSpec`` is plain data: where the page lives, which template in
``theme/lekgotla/`` draws it, the markdown MkDocs renders into ``page.content``,
and the objects the template receives as ``lk``. No HTML is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

import yaml

from generator.model.catalogue import Catalogue
from generator.site.search_records import FILTERS


@dataclass
class PageSpec:
    src_uri: str  # e.g. case-studies/x.md; MkDocs turns it into case-studies/x/
    title: str
    template: str
    body: str = ""  # markdown written by a contributor, if any
    data: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def markdown(self) -> str:
        meta = {"title": self.title, "template": f"lekgotla/{self.template}.html"}
        if self.description:
            meta["description"] = self.description
        return f"---\n{yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, width=1000)}---\n\n{self.body}"


# libyaml's emitter when it is installed: the pure-Python one took seconds for a national library.
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


#: The site's navigation: section index pages only, never every item; a
#: sidebar listing thousands of pages makes each page hundreds of KB.
NAV = [
    {"Home": "index.md"},
    {"Case studies": "case-studies/index.md"},
    {"Toolkits": "toolkits/index.md"},
    {"Service areas": "service-areas/index.md"},
    {"Indicators": "indicators/index.md"},
    {"Municipalities": "municipalities/index.md"},
    {"Learning networks": "networks/index.md"},
    {"Browse": "browse/index.md"},
    {"Who to ask": "people/index.md"},
    {"Research": "research/index.md"},
    {"Peer reviews": "peer-reviews/index.md"},
    {"About the data": "about-the-data.md"},
    {"Suggest a case study": "suggest.md"},
]


def site_pages(catalogue: Catalogue) -> Iterator[PageSpec]:
    """Every page of the site, section by section."""
    lib = catalogue.library
    yield PageSpec("index.md", "Home", "home", description=(
        "Municipal best practice from South Africa: case studies, toolkits and benchmarks for peer learning."))
    yield PageSpec("about-the-data.md", "About the data", "about-data",
                   data={"illustrative": [a for a in lib.service_areas.values() if a.illustrative]})

    yield PageSpec("case-studies/index.md", "Case studies", "case-study-index")
    for case in lib.case_studies:
        yield PageSpec(f"case-studies/{case.slug}.md", case.title, "case-study", case.body,
                       {"case": case, "municipalities": catalogue.municipalities_of(case),
                        "area": lib.service_areas[case.service_area],
                        "related": catalogue.related_items(case),
                        "referenced_by": catalogue.referenced_by.get(case.slug, [])},
                       description=case.summary)

    yield PageSpec("toolkits/index.md", "Toolkits", "toolkit-index")
    for toolkit in lib.toolkits:
        yield PageSpec(f"toolkits/{toolkit.slug}.md", toolkit.title, "toolkit", toolkit.body,
                       {"toolkit": toolkit, "areas": [lib.service_areas[a] for a in toolkit.service_areas],
                        "related": catalogue.related_items(toolkit),
                        "referenced_by": catalogue.referenced_by.get(toolkit.slug, [])},
                       description=toolkit.summary)

    yield PageSpec("service-areas/index.md", "Service areas", "service-area-index")
    for area in lib.service_areas.values():
        yield PageSpec(f"service-areas/{area.id}.md", area.title, "service-area",
                       data={"area": area, "case_studies": catalogue.case_studies_by_area.get(area.id, []),
                             "toolkits": catalogue.toolkits_by_area.get(area.id, []),
                             "networks": [n for n in lib.networks.values() if area.id in n.service_areas]},
                       description=area.description)

    yield PageSpec("municipalities/index.md", "Municipalities", "municipality-index")
    for municipality in lib.municipalities.values():
        yield PageSpec(f"municipalities/{municipality.slug}.md", municipality.name, "municipality",
                       data={"municipality": municipality,
                             "case_studies": catalogue.case_studies_by_municipality.get(municipality.code, []),
                             "district": lib.municipalities.get(municipality.district),
                             "locals": [m for m in lib.municipalities.values() if m.district == municipality.code]},
                       description=f"{municipality.name}: {municipality.category_name.lower()} in "
                                   f"{municipality.province_name}")

    # Learning networks, people, research and peer reviews: site/connection_pages.py
    yield from _browse_pages(catalogue)
    yield from _search_pages(catalogue)


def _browse_pages(catalogue: Catalogue) -> Iterator[PageSpec]:
    lib = catalogue.library
    yield PageSpec("browse/index.md", "Browse", "browse-index")
    for code, name in lib.provinces.items():
        yield PageSpec(f"browse/provinces/{code.lower()}.md", f"Case studies in {name}", "browse-list",
                       data={"case_studies": catalogue.case_studies_by_province.get(code, []),
                             "province": code})
    for tag, case_studies in catalogue.case_studies_by_tag.items():
        yield PageSpec(f"browse/tags/{tag}.md", f"Case studies tagged “{tag}”", "browse-list",
                       data={"case_studies": case_studies})
    for year, case_studies in catalogue.case_studies_by_year.items():
        yield PageSpec(f"browse/years/{year}.md", f"Practices started in {year}", "browse-list",
                       data={"case_studies": case_studies})


def _search_pages(catalogue: Catalogue) -> Iterator[PageSpec]:
    yield PageSpec("search.md", "Search", "search", data={"filters": list(FILTERS.items())},
                   description="Search case studies, toolkits, municipalities, indicators, people and research.")
