"""Accessibility and valid markup on every HTML page of the sample site, not one page per kind.

The Nu HTML Checker reads every file in one java process; axe-core runs once per page with all its
rules (the WCAG 2.1 A and AA ones and the best practices, such as landmark-unique), every collapsed
section opened, in six shards that the workers share, two chromium tabs at once in each, at 360 px, as most readers meet the site; on the
states its scripts draw (the compare page with three municipalities chosen, search results); and
once per kind of page in the desktop layout (the sidebar navigation, tables at full width). Both
external checkers are installed by scripts/install-test-deps into node_modules/ (test_requests
adds the states a reader's clicks and typing make in the request forms).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import OPEN_EVERY_SECTION, START_AXE, axe_source, serve, violations
from conftest import PUBLIC_URL, REPO
from test_reach import PAGE_TYPES

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
#: Pages whose script draws what the address asks for, checked once it is drawn.
DRAWN = {"compare/?m=KZN272,EC154,NC451": "#lk-compare-status", "search/?q=water": "[data-lk-status]",
         "search/?q=Jozni": "[data-lk-status]"}
#: The Nu checker's CSP grammar predates CSP level 3's 'wasm-unsafe-eval' (which Pagefind needs and
#: every current browser knows): that is its one complaint that does not count.
NU_OUT_OF_DATE = "found \"'wasm-unsafe-eval'\""
#: The version package.json pins: an older axe in node_modules would judge by older rules unnoticed.
AXE_VERSION = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]


def html_pages(site: Path) -> list[str]:
    """Every HTML page of the site, as addresses from its root ("" for the home page, "404.html")."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        pages.append(relative.removesuffix("index.html") if relative.endswith("index.html") else relative)
    return pages


def test_the_nu_checker_finds_no_error_on_any_page(sample_site):
    pages = html_pages(sample_site)
    assert len(pages) > 450
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json",
                          *(str(sample_site / page / "index.html" if not page.endswith(".html") else sample_site / page)
                            for page in pages)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [(urlparse(m["url"]).path.split("/site/")[-1], m.get("lastLine"), m["message"]) for m in messages
              if m["type"] != "info" and NU_OUT_OF_DATE not in m["message"]]
    assert errors == []


#: Tabs axe runs in at once: each has a renderer process of its own, so on two cores two pages are
#: checked in about the time of one (color-contrast, most of axe's time, keeps one core busy).
TABS = 2


@pytest.fixture(scope="module", params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def axe_tabs(request, sample_site, browser):
    """Tabs reused for every page; axe-core is added to each page before its own scripts, as an
    init script (a <script> tag would be refused by the page's content security policy)."""
    context = browser.new_context(viewport=request.param)
    context.add_init_script(axe_source())
    # The site is built for its public address, which 404.html (served at any depth) uses for its
    # styles and scripts: it is opened there, its requests answered from the built site.
    context.route(PUBLIC_URL + "**", lambda route: route.fulfill(
        path=sample_site / urlparse(route.request.url).path.lstrip("/")))
    with serve(sample_site) as base:
        tabs = [context.new_page() for _ in range(TABS)]
        tabs[0].goto(base, wait_until="load")
        assert tabs[0].evaluate("() => axe.version") == AXE_VERSION, "node_modules is stale: bash scripts/install-test-deps"
        yield base, tabs
    context.close()



def check_with_axe(base: str, tabs, pages: list[str]) -> dict[str, list[tuple[str, str, str]]]:
    """The violations on each of ``pages`` (addresses from the site's root), checked TABS at a time."""
    found = {}
    for start in range(0, len(pages), len(tabs)):
        batch = list(zip(tabs, pages[start:start + len(tabs)]))
        for tab, page in batch:
            tab.goto((PUBLIC_URL if page == "404.html" else base) + page, wait_until="load")
            tab.evaluate(OPEN_EVERY_SECTION)
            tab.evaluate(START_AXE)
        for tab, page in batch:
            problems = violations(tab)
            if problems:
                found[page] = problems
    return found


#: The pages are checked in shards, every SHARDS-th page in each, so that the workers of a run
#: (pytest-xdist, one per core) share the suite's longest work.
SHARDS = 6


@pytest.mark.parametrize("shard", range(SHARDS))
def test_axe_finds_no_violation_of_any_rule_on_any_page(sample_site, axe_tabs, shard):
    base, tabs = axe_tabs
    # On a phone, every page; on a desktop, one of each kind: the layout differs, the markup does not.
    phone = tabs[0].viewport_size == PHONE
    pages = html_pages(sample_site) if phone else list(PAGE_TYPES.values())
    assert len(pages) > (450 if phone else 25)
    assert check_with_axe(base, tabs, pages[shard::SHARDS]) == {}


@pytest.mark.parametrize("address", DRAWN)
def test_axe_finds_no_violation_on_what_the_scripts_draw(address, axe_tabs):
    base, (tab, *_) = axe_tabs
    tab.goto(base + address, wait_until="networkidle")
    tab.wait_for_function("selector => [...document.querySelectorAll(selector)]"
                          ".some(status => /Showing|result/.test(status.innerText))", arg=DRAWN[address], timeout=30000)
    tab.evaluate(START_AXE)
    assert violations(tab) == []
