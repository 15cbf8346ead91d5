"""The contributor's way in: edit and report links, the published schemas, the suggestion form,
the contributing guide.

Its pages are typed pages like every other; links point at the repository
configured in mkdocs.yml (``repository`` and ``branch`` of the lekgotla plugin).
Without a repository the site simply shows no edit, report or "open on GitHub" links.
The suggestion form sends the file it makes through the site's request channel (asks.py).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, urlencode

from generator.model.catalogue import Catalogue
from generator.site import addresses
from generator.site.asks import Asks
from generator.site.channel import ChannelKind, RequestChannel
from generator.site.page_kinds import GuidePage, Page, SchemasPage, SuggestPage
from generator.reading.sections import CASE_STUDY_SECTIONS
from generator.reading.contract import FIRST_YEAR, PATTERN_MESSAGES, SCHEMA_DIR, TYPE_NAMES

#: Published at /schemas/<name>.schema.json: what editors and the form validate with.
SCHEMA_NAMES = ("case-study", "toolkit", "service-area", "networks", "person", "research", "peer-review",
                "search-synonyms")


@dataclass(frozen=True)
class Repository:
    """Where the content is kept, e.g. https://github.com/owner/lekgotla on branch main."""

    url: str
    branch: str = "main"

    def edit_url(self, source_path: str) -> str:
        return f"{self.url}/edit/{self.branch}/{quote(source_path)}"

    def file_url(self, path: str) -> str:
        """The file as GitHub shows it: readable without an account."""
        return f"{self.url}/blob/{self.branch}/{quote(path)}"

    def new_file_url(self, folder: str) -> str:
        """GitHub's "create a new file" page; the form adds ?filename=…&value=…"""
        return f"{self.url}/new/{self.branch}/{quote(folder)}"

    def report_url(self, title: str, page_url: str, source_path: str) -> str:
        """The issue form .github/ISSUE_TEMPLATE/report-a-problem.yml with the page filled in: the
        form asks the questions, so the link on every page stays short."""
        return f"{self.url}/issues/new?" + urlencode({"template": "report-a-problem.yml",
                                                      "title": f"Problem on “{title}”", "page": page_url,
                                                      "source": source_path or "(generated page)"})


def page_links(page: Page, repository: Repository | None, page_url: str,
               channel: RequestChannel | None = None) -> dict[str, str]:
    """``edit`` and ``report`` URLs for a page, and ``report_email`` where requests go by e-mail: a reader
    without a GitHub account reports a problem to the coordinator (empty where there is no such way); and
    ``placeholder_note``, what the page says where the requests' address (any kind) is a placeholder nobody reads."""
    path = page.source_path
    links = {"edit": "", "source": path, "report": "", "report_email": "", "placeholder_note": ""}
    if channel is not None and channel.kind is ChannelKind.EMAIL:
        subject, body = f"Problem on “{page.title}”", f"Page: {page_url}\nWhat is wrong:\n"
        links["report_email"] = f"mailto:{channel.target}?subject={quote(subject)}&body={quote(body)}"
    if channel is not None:
        links["placeholder_note"] = channel.placeholder_note
    if repository is not None:
        links["edit"] = repository.edit_url(path) if path else ""
        links["report"] = repository.report_url(page.title, page_url, path)
    return links


def contribute_pages(catalogue: Catalogue, repository: Repository | None, asks: Asks | None = None,
                     guide: str = "") -> Iterator[Page]:
    """The suggestion form, the schema index and, from ``guide`` (the text of CONTRIBUTING.md), the
    contributing guide."""
    if guide:
        yield GuidePage(src_uri=addresses.page_source(addresses.CONTRIBUTING), title="Contributing",
                        body=guide_for_the_site(guide, repository),
                        description="How to send a case study, what the curators look for, and what each file holds.")
    guide_address = addresses.CONTRIBUTING if guide else ""
    yield SuggestPage(src_uri=addresses.page_source(addresses.SUGGEST), title="Suggest a case study",
                      description="Describe a practice that worked in your municipality; we turn it into a case study.",
                      **suggest_data(catalogue, repository), send=asks.suggestion() if asks else None,
                      guide=guide_address or (repository.file_url("CONTRIBUTING.md") if repository else ""))
    yield SchemasPage(src_uri=addresses.page_source(addresses.SCHEMAS), title="Content schemas",
                      schemas=[{"file": f"{name}.schema.json", "address": addresses.schema(name), **_schema_summary(name)}
                               for name in SCHEMA_NAMES])


GUIDE = "CONTRIBUTING.md"
#: Where the guide stops being for contributors: the rest is for developers, and stays in the repository.
_DEVELOPERS = re.compile(r"^# Changing the code\b", re.M)
_FENCE = re.compile(r"^```[\w-]*\n(.*?)^```\n?", re.M | re.S)
_IN_A_LIST = re.compile(r"^(\d+\.|[-*]) |^ {2,}\S")


def read_guide(root: Path) -> str:
    """The contributing guide beside mkdocs.yml (in ``root``), or "" when there is none."""
    path = root / GUIDE
    return path.read_text(encoding="utf-8") if path.is_file() and not path.is_symlink() else ""


def guide_for_the_site(text: str, repository: Repository | None) -> str:
    """CONTRIBUTING.md as a page of the site: its contributors' part, under the page's own title.

    Written for GitHub's markdown, it is made to read the same in the site's: its first heading
    is the page's title and its other top headings become sections; lists nested by three spaces
    are nested by four; code blocks are indented (the site's markdown has no fenced blocks), inside
    the list item they follow; links into the repository (``../../issues``) point at the
    repository, or lose their link without one.
    """
    text = _DEVELOPERS.split(text, 1)[0]
    text = re.sub(r"\A# .*\n+", "", text)
    text = re.sub(r"^<!--.*?-->\n", "", text, flags=re.M)  # markers for the tests, not for readers
    # The code blocks first: a list nested by two spaces inside one (a YAML template's contacts) is code, to
    # be copied exactly as written, and the renesting below would move it off its column.
    text = _FENCE.sub(_indented_block, text)
    text = re.sub(r"^ {2,3}(?=[-*] |\d+\. )", "    ", text, flags=re.M)
    text = re.sub(r"^# ", "## ", text, flags=re.M)
    return re.sub(r"\[([^\]]+)\]\(\.\./\.\./([^)]*)\)",
                  lambda link: f"[{link.group(1)}]({repository.url}/{link.group(2)})" if repository
                  else link.group(1), text)


def _indented_block(fence: re.Match) -> str:
    before = [line for line in fence.string[:fence.start()].splitlines() if line.strip()]
    indent = " " * (8 if before and _IN_A_LIST.match(before[-1]) else 4)
    return "".join(f"{indent}{line}\n" if line.strip() else "\n" for line in fence.group(1).splitlines())


def suggest_data(catalogue: Catalogue, repository: Repository | None) -> dict[str, Any]:
    """Everything the form needs, so it works with no server: choices, schema and messages."""
    lib = catalogue.library
    provinces: dict[str, list[dict[str, str]]] = {}
    for m in sorted(lib.municipalities.values(), key=lambda m: m.name.lower()):
        provinces.setdefault(m.province_name, []).append({"code": m.code, "name": m.registered_name})
    return {
        "schema": load_schema("case-study"),
        "provinces": dict(sorted(provinces.items())),
        "service_areas": [{"id": a.id, "title": a.title,
                           "indicators": [{"id": i.id, "code": i.code, "name": i.name} for i in a.indicators]}
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

