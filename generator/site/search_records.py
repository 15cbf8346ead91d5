"""Browser search: what each page tells Pagefind, and indexing the built site with it.

Pagefind splits its index into small chunks that a browser fetches only for
the words a reader types, so a first query costs tens of KB instead of the
megabytes a whole-site index would. Pages opt in: a page whose data carries a
``SearchRecord`` marks its main content with ``data-pagefind-body`` (see
theme/main.html) and lists its filters, metadata and sort keys in hidden
elements (theme/lekgotla/partials/search-record.html). Indicators,
which have no page of their own, are indexed from small record pages rendered
into a temporary folder (theme/lekgotla/search-record-page.html): the Python
API answers one message per 0.1 s, so 1,000 custom records would take 100 s,
while one extra folder costs one message.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pages.py imports this module for FILTERS
    from generator.model.catalogue import Catalogue
    from generator.site.pages import PageSpec

log = logging.getLogger("mkdocs.plugins.lekgotla")

#: The filters, in the order the search page shows them (the URL uses these names).
FILTERS = {
    "type": "Type", "service_area": "Service area", "province": "Province", "category": "Municipality category",
    "municipality": "Municipality", "year": "Year", "review": "Review status", "tag": "Tag",
    "language": "Language", "offer": "Offers",
}
BUNDLE = "pagefind"  # the folder of the site that holds the index


@dataclass
class SearchRecord:
    """What Pagefind learns about one result besides its text."""

    type: str  # "Case study", "Toolkit", "Municipality", "Service area", "Indicator", "Person", "Research"...
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    sort: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.filters = {"type": [self.type], **{k: v for k, v in self.filters.items() if v}}
        self.meta = {"type": self.type, **{k: v for k, v in self.meta.items() if v}}


@dataclass
class CustomRecord:
    """A search result without a page of its own: an indicator."""

    url: str  # from the site root, e.g. /service-areas/water/#ws5-1; results link here (meta "link")
    title: str
    content: str
    record: SearchRecord


def page_record(spec: PageSpec) -> SearchRecord | None:
    """The search record of a generated page, or None for pages search should not return."""
    data = spec.data
    if spec.template == "case-study":
        case, municipalities = data["case"], data["municipalities"]
        return SearchRecord("Case study", filters={
            "service_area": [data["area"].title],
            "province": sorted({m.province_name for m in municipalities}),
            "category": sorted({m.category_name for m in municipalities}),
            "municipality": [m.name for m in municipalities], "year": [str(case.year)],
            "review": [case.review_status.value.replace("-", " ").capitalize()], "tag": case.tags,
        }, meta={"municipality": ", ".join(m.name for m in municipalities), "year": str(case.year),
                 "summary": case.summary}, sort={"year": str(case.year)})
    if spec.template == "toolkit":
        toolkit = data["toolkit"]
        return SearchRecord("Toolkit", filters={"service_area": [a.title for a in data["areas"]], "tag": toolkit.tags},
                            meta={"summary": toolkit.summary})
    if spec.template == "municipality":
        m = data["municipality"]
        return SearchRecord("Municipality", filters={"province": [m.province_name], "category": [m.category_name],
                                                     "municipality": [m.name]},
                            meta={"municipality": m.name, "summary": spec.description})
    if spec.template == "service-area":
        area = data["area"]
        return SearchRecord("Service area", filters={"service_area": [area.title]}, meta={"summary": area.description})
    return connection_record(spec)  # index pages and browse lists: None


def connection_record(spec: PageSpec) -> SearchRecord | None:
    """People, learning networks, research and peer reviews."""
    data = spec.data
    if spec.template == "person":
        p = data["person"]
        where = [data["municipality"].name] if data["municipality"] else []
        return SearchRecord("Person", filters={
            "service_area": [a.title for a in data["areas"]], "province": [data["province"]],
            "municipality": where, "language": p.languages, "offer": p.offer_names,
        }, meta={"municipality": ", ".join(where) or p.organisation, "summary": p.role})
    if spec.template == "network":
        return SearchRecord("Learning network", filters={
            "service_area": [a.title for a in data["areas"]],
            "province": sorted({m.province_name for m in data["members"]}),
            "municipality": [m.name for m in data["members"]]}, meta={"summary": data["network"].description})
    if spec.template == "research":
        r = data["research"]
        return SearchRecord("Research", filters={
            "service_area": [a.title for a in data["areas"]],
            "province": sorted({m.province_name for m in data["municipalities"]}),
            "municipality": [m.name for m in data["municipalities"]], "year": [str(r.year)],
        }, meta={"year": str(r.year), "summary": r.abstract[:300]}, sort={"year": str(r.year)})
    if spec.template == "peer-review":
        r, m = data["review"], data["municipality"]
        return SearchRecord("Peer review", filters={
            "service_area": [a.title for a in data["areas"]], "province": [m.province_name],
            "municipality": [m.name], "year": [str(r.year)],
        }, meta={"municipality": m.name, "year": str(r.year), "summary": spec.description},
            sort={"year": str(r.year)})
    return None


def custom_records(catalogue: Catalogue) -> list[CustomRecord]:
    """Indicators, on their service area's page (people, networks and research have pages of their own)."""
    lib = catalogue.library
    records = []
    for area in lib.service_areas.values():
        for indicator in area.indicators:
            records.append(CustomRecord(
                f"/service-areas/{area.id}/#{indicator.slug}", f"{indicator.id} {indicator.name}",
                f"{indicator.id} {indicator.name}. {indicator.definition} Source: {indicator.source}",
                SearchRecord("Indicator", filters={"service_area": [area.title]},
                             meta={"summary": indicator.definition})))
    return records


def index_site(site_dir: Path, records: list[CustomRecord], env) -> float:
    """Index the built site in ``site_dir`` into ``site_dir/pagefind``; returns the seconds it took.

    ``env`` is the theme's Jinja environment, which renders the record pages.
    """
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lekgotla-records-") as folder:
        _write_record_pages(Path(folder), records, env)
        _run(_index(Path(site_dir).resolve(), Path(folder), len(records)))
    return time.perf_counter() - started


def _write_record_pages(folder: Path, records: list[CustomRecord], env) -> None:
    template = env.get_template("lekgotla/search-record-page.html")
    for number, record in enumerate(records):
        page = folder / f"record-{number}" / "index.html"
        page.parent.mkdir()
        page.write_text(template.render(record=record), encoding="utf-8")


def _run(indexing) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(indexing)
    else:  # called from inside an event loop (a server, a browser driver): run beside it
        with ThreadPoolExecutor(max_workers=1) as worker:
            worker.submit(asyncio.run, indexing).result()


async def _index(site_dir: Path, record_pages: Path, records: int) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(site_dir / BUNDLE), force_language="en")
    async with PagefindIndex(config=config) as index:
        site = await index.add_directory(str(site_dir))
        extra = await index.add_directory(str(record_pages))
        log.debug(f"pagefind: {site['page_count']} pages and {extra['page_count']} of {records} records indexed")
