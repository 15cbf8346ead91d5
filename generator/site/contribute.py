"""The contributor's way in: edit and report links, the published schemas, the suggestion form.

Pages are ``PageSpec``s like every other page; links point at the repository
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
from generator.model.entities import CaseStudy, ServiceArea, Toolkit
from generator.site.pages import PageSpec
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
        body = (f"Page: {page_url}\nSource file: {source_path or '(generated page)'}\n\n"
                "What is wrong or out of date?\n\n\nWhat should it say instead (and where is that from)?\n")
        return f"{self.url}/issues/new?" + urlencode({"title": f"Problem on “{title}”", "body": body,
                                                      "labels": "content problem"})


def source_path(spec: PageSpec, content_folder: str = "content") -> str:
    """The file a page is made from, relative to the repository; "" for pages made from many files."""
    item = spec.data.get("case") or spec.data.get("toolkit")
    if isinstance(item, (CaseStudy, Toolkit)):
        return item.source_path
    for kind in ("person", "research", "review"):  # the connection pages of site/connection_pages.py
        if spec.template in (kind, "peer-review") and hasattr(spec.data.get(kind), "source_path"):
            return spec.data[kind].source_path
    area = spec.data.get("area")
    if spec.template == "service-area" and isinstance(area, ServiceArea):
        return f"{content_folder}/benchmarks/{area.id}.yaml"
    return ""


def page_links(spec: PageSpec, repository: Repository | None, page_url: str,
               content_folder: str = "content") -> dict[str, str]:
    """``edit`` and ``report`` URLs for a page (empty without a repository)."""
    if repository is None:
        return {}
    path = source_path(spec, content_folder)
    return {"edit": repository.edit_url(path) if path else "", "source": path,
            "report": repository.report_url(spec.title, page_url, path)}


def contribute_pages(catalogue: Catalogue, repository: Repository | None) -> Iterator[PageSpec]:
    """The suggestion form and the schema index."""
    yield PageSpec("suggest.md", "Suggest a case study", "suggest", data=suggest_data(catalogue, repository),
                   description="Describe a practice that worked in your municipality; we turn it into a case study.")
    yield PageSpec("schemas/index.md", "Content schemas", "schemas",
                   data={"schemas": [{"file": f"{name}.schema.json", **_schema_summary(name)}
                                     for name in SCHEMA_NAMES]})


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

