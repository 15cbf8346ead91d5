"""Contributor text is escaped wherever a page shows it, by the templates' autoescaping.

Every text field of a case study, a toolkit, a network, a service area with its
indicator, and a municipality's name carries markup and an attribute breakout.
The build runs as if ``lekgotla check`` had been skipped (the check refuses such
text), so that only the templates stand between the text and the reader.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import MKDOCS_YML, REGISTRY, Library
from generator.cli.build import build_site
from generator.reading.check_context import CheckContext

EVIL = '<b>x</b> "><script>alert(1)</script>'
EVIL_YAML = "'" + EVIL.replace("'", "''") + "'"
EVIL_EMAIL = '"><b>x</b>@example.org'
#: What the raw text becomes once escaped (Jinja and markupsafe write " as &#34;).
ESCAPED = ("&lt;b&gt;x&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt;")

SERVICE_AREA = f"""\
id: water
title: {EVIL_YAML}
description: {EVIL_YAML}
illustrative: true
indicators:
  - id: WS5.1
    name: {EVIL_YAML}
    unit: {EVIL_YAML}
    better: lower
    benchmark: {{value: 30, basis: {EVIL_YAML}}}
    definition: {EVIL_YAML}
    source: {EVIL_YAML}
"""

OBSERVATIONS = """\
municipality,indicator,year,value,note
ETH,WS5.1,2019,38.0,
ETH,WS5.1,2020,35.5,
MAN,WS5.1,2019,41.0,
MAN,WS5.1,2020,33.0,
"""

NEXT_YEAR = dt.date.today().year + 1  # an upcoming meeting: meetings more than 5 years ahead are refused
NETWORKS = f"""\
- id: evil-network
  title: {EVIL_YAML}
  description: {EVIL_YAML}
  service_areas: [water]
  coordinator: evil-person
  members: [ETH]
  join: {EVIL_YAML}
  meetings:
    - date: 2020-01-01 10:00
      place: {EVIL_YAML}
      topic: {EVIL_YAML}
      outputs: [{EVIL_YAML}]
    - date: {NEXT_YEAR}-01-01
      online: true
      topic: {EVIL_YAML}
"""

PERSON = f"""\
---
name: {EVIL_YAML}
role: {EVIL_YAML}
affiliation: university
organisation: {EVIL_YAML}
province: KZN
service_areas: [water]
indicators: [WS5.1]
languages: [isiZulu]
offers: [mentoring]
contact:
  email: '{EVIL_EMAIL}'
  note: {EVIL_YAML}
consent:
  agreed: true
  date: 2024-01-01
  how: {EVIL_YAML}
---

Bio (markdown, sanitised like every body).
"""

RESEARCH = f"""\
---
title: {EVIL_YAML}
authors: [{EVIL_YAML}]
institution: {EVIL_YAML}
partnership: {EVIL_YAML}
year: 2020
abstract: {EVIL_YAML}
url: https://www.example.org/paper.pdf
municipalities: [ETH]
indicators: [WS5.1]
people: [evil-person]
---

Notes.
"""

REVIEW = f"""\
---
municipality: ETH
reviewers: [evil-person]
start: 2024-01-01
end: 2024-01-02
focus_areas: [water]
findings: [{EVIL_YAML}]
recommendations: [{EVIL_YAML}]
follow_up: {{status: in-progress, note: {EVIL_YAML}}}
---

Summary.
"""

CASE_STUDY = f"""\
---
title: {EVIL_YAML}
municipality: ETH
service_area: water
year: 2016
summary: {EVIL_YAML}
tags: [pressure-management]
indicators: [WS5.1]
outcomes:
  - indicator: WS5.1
    baseline: {{year: 2019, value: 38.0}}
    result: {{year: 2020, value: 35.5}}
review:
  status: peer-reviewed
  reviewers: [{EVIL_YAML}]
  date: 2022-03-14
networks: [evil-network]
contacts:
  - name: {EVIL_YAML}
    role: {EVIL_YAML}
    email: '{EVIL_EMAIL}'
    consent: {{agreed: true, date: 2024-01-01, how: {EVIL_YAML}}}
sources:
  - title: {EVIL_YAML}
    url: https://www.example.org/plan.pdf
---

The practice.
"""

TOOLKIT = f"""\
---
title: {EVIL_YAML}
summary: {EVIL_YAML}
service_areas: [water]
audience: [{EVIL_YAML}]
networks: [evil-network]
files:
  - title: {EVIL_YAML}
    path: files/template.csv
related: [evil-case]
---

Step one.
"""


def _registry_with_evil_name() -> str:
    rows = list(csv.DictReader(REGISTRY.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        if row["code"] == "ETH":
            row["name"] = EVIL
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    lib = Library(root)
    lib.write("benchmarks/municipalities.csv", _registry_with_evil_name())
    lib.write("benchmarks/water.yaml", SERVICE_AREA)
    lib.write("benchmarks/water.csv", OBSERVATIONS)
    lib.write("networks.yaml", NETWORKS)
    lib.write("case-studies/evil-case.md", CASE_STUDY)
    lib.write("toolkits/evil-kit.md", TOOLKIT)
    lib.write("people/evil-person.md", PERSON)
    lib.write("research/evil-research.md", RESEARCH)
    lib.write("peer-reviews/evil-review.md", REVIEW)
    lib.write("toolkits/files/template.csv", "municipality,indicator,year,value\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CheckContext, "untrusted", lambda self, file, data, lines: None)
        patch.setattr(CheckContext, "plain_values", lambda self, file, data, lines: None)
        # The schemas refuse the markup in email fields too (an address alone); the templates are on test here.
        patch.setattr(CheckContext, "schema_findings", lambda self, *args, **kwargs: None)
        yield build_site(lib.config_file, root / "site").site_dir
    shutil.rmtree(root, ignore_errors=True)


def _text(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


PAGES = ["case-studies/evil-case/", "toolkits/evil-kit/", "networks/evil-network/", "indicators/ws5-1/",
         "municipalities/eth/", "service-areas/water/", "people/evil-person/", "research/evil-research/",
         "peer-reviews/evil-review/"]


def test_no_page_of_the_site_carries_the_hostile_markup(site):
    files = [*site.rglob("*.html"), site / "feed.xml"]
    assert len(files) > 280  # 257 municipalities and the rest
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert "<b>x</b>" not in text, file
        assert "<script>alert(1)" not in text, file
        assert '"><b>' not in text, file


@pytest.mark.parametrize("url", PAGES)
def test_each_page_shows_the_text_escaped_in_the_body_title_and_meta(site, url):
    text = _text(site, url)
    for escaped in ESCAPED:
        assert escaped in text
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    og_title = re.search(r'<meta property="og:title" content="([^"]*)"', text).group(1)
    if url != "municipalities/eth/" or "&lt;b&gt;" in title:
        assert ESCAPED[0] in title and ESCAPED[0] in og_title, (title, og_title)
        # Escaped once, not twice: a reader sees the text as it was written.
        assert EVIL[:10] in html.unescape(og_title)


@pytest.mark.parametrize("url", ["case-studies/evil-case/", "toolkits/evil-kit/", "networks/evil-network/",
                                 "indicators/ws5-1/", "service-areas/water/"])
def test_descriptions_in_meta_are_escaped_once(site, url):
    text = _text(site, url)
    for name in ('name="description"', 'property="og:description"'):
        content = re.search(rf'<meta {name} content="([^"]*)"', text).group(1)
        assert ESCAPED[0] in content, name
        assert "&amp;lt;" not in content, name


def test_every_field_reaches_its_page_escaped(site):
    case = _text(site, "case-studies/evil-case/")
    # title, summary, reviewer, contact name and role, source title, municipality, indicator, area, network
    assert case.count(ESCAPED[0]) >= 9
    assert html.escape(EVIL_EMAIL, quote=True).replace("&quot;", "&#34;") in case
    toolkit = _text(site, "toolkits/evil-kit/")
    assert toolkit.count(ESCAPED[0]) >= 5  # title, summary, audience, file title, area, network
    indicator = _text(site, "indicators/ws5-1/")
    assert indicator.count(ESCAPED[0]) >= 5  # name, unit, definition, basis, source, area, municipality
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert ESCAPED[0] in feed and "<b>" not in feed


def test_search_results_show_the_hostile_text_as_text_in_chromium(site, browser):
    """Service areas and networks are indexed by their own text (search_records.py): a search
    that finds them, their case study and their person shows the markup as words and runs nothing."""
    from browser import serve

    with serve(site) as base:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(base + "search/?q=alert")
        try:
            page.wait_for_selector(".lk-results li")
        except PlaywrightTimeout:  # seen twice in loaded full runs, never alone: say what the page said
            raise AssertionError("no result in 30 s; the page says: " + page.inner_text("[data-lk-status]")) from None
        kinds = page.locator(".lk-results li").all_inner_texts()
        assert any("Service area" in k for k in kinds) and any("Learning network" in k for k in kinds), kinds
        assert page.locator(".lk-results b, .lk-results script").count() == 0
        assert EVIL in page.locator(".lk-results").inner_text()  # the markup, as words a reader can see
        page.close()
