"""The contributor's way in: edit and report links, the published schemas, the suggestion form.

Its pages are typed pages like every other; links point at the repository
configured in mkdocs.yml (``repository`` and ``branch`` of the lekgotla plugin).
Without a repository the site simply shows no edit, report or "open on GitHub" links.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Iterator
from urllib.parse import quote, urlencode

from generator.model.catalogue import Catalogue
from generator.site import addresses
from generator.site.page_kinds import Page, SchemasPage, SuggestPage
from generator.reading.sections import CASE_STUDY_SECTIONS
from generator.reading.contract import FIRST_YEAR, PATTERN_MESSAGES, SCHEMA_DIR, TYPE_NAMES

#: Published at /schemas/<name>.schema.json: what editors and the form validate with.
SCHEMA_NAMES = ("case-study", "toolkit", "service-area", "networks", "person", "research", "peer-review")


@dataclass(frozen=True)
class Repository:
    """Where the content is kept, e.g. https://github.com/owner/lekgotla on branch main."""

    url: str
    branch: str = "main"

    def edit_url(self, source_path: str) -> str:
        return f"{self.url}/edit/{self.branch}/{quote(source_path)}"

    def new_file_url(self, folder: str) -> str:
        """GitHub's "create a new file" page; the form adds ?filename=…&value=…"""
        return f"{self.url}/new/{self.branch}/{quote(folder)}"

    def report_url(self, title: str, page_url: str, source_path: str) -> str:
        """The issue form .github/ISSUE_TEMPLATE/report-a-problem.yml with the page filled in: the
        form asks the questions, so the link on every page stays short."""
        return f"{self.url}/issues/new?" + urlencode({"template": "report-a-problem.yml",
                                                      "title": f"Problem on “{title}”", "page": page_url,
                                                      "source": source_path or "(generated page)"})


def page_links(page: Page, repository: Repository | None, page_url: str) -> dict[str, str]:
    """``edit`` and ``report`` URLs for a page (empty without a repository)."""
    if repository is None:
        return {}
    path = page.source_path
    return {"edit": repository.edit_url(path) if path else "", "source": path,
            "report": repository.report_url(page.title, page_url, path)}


def contribute_pages(catalogue: Catalogue, repository: Repository | None) -> Iterator[Page]:
    """The suggestion form and the schema index."""
    yield SuggestPage(src_uri=addresses.page_source(addresses.SUGGEST), title="Suggest a case study",
                      description="Describe a practice that worked in your municipality; we turn it into a case study.",
                      **suggest_data(catalogue, repository))
    yield SchemasPage(src_uri=addresses.page_source(addresses.SCHEMAS), title="Content schemas",
                      schemas=[{"file": f"{name}.schema.json", "address": addresses.schema(name), **_schema_summary(name)}
                               for name in SCHEMA_NAMES])


def suggest_data(catalogue: Catalogue, repository: Repository | None) -> dict[str, Any]:
    """Everything the form needs, so it works with no server: choices, schema and messages."""
    lib = catalogue.library
    provinces: dict[str, list[dict[str, str]]] = {}
    for m in sorted(lib.municipalities.values(), key=lambda m: m.name.lower()):
        provinces.setdefault(m.province_name, []).append({"code": m.code, "name": m.name})
    return {
        "schema": load_schema("case-study"),
        "provinces": dict(sorted(provinces.items())),
        "service_areas": [{"id": a.id, "title": a.title,
                           "indicators": [{"id": i.id, "name": i.name} for i in a.indicators]}
                          for a in lib.service_areas.values()],
        "sections": CASE_STUDY_SECTIONS,
        "rules": {"first_year": FIRST_YEAR, "this_year": dt.date.today().year,
                  "pattern_messages": PATTERN_MESSAGES, "type_names": TYPE_NAMES,
                  "municipalities": sorted(lib.municipalities)},
        "new_file_url": repository.new_file_url("content/case-studies") if repository else "",
    }


def load_schema(name: str) -> dict[str, Any]:
    with open(SCHEMA_DIR / f"{name}.schema.json", encoding="utf-8") as handle:
        return json.load(handle)


def _schema_summary(name: str) -> dict[str, str]:
    schema = load_schema(name)
    return {"title": schema.get("title", name), "description": schema.get("description", "")}

