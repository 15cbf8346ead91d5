"""What a reader sees in a real browser: accessibility, privacy, small screens, print, feed.

One build of the shipped sample library, served over HTTP and opened in Debian's
chromium. axe-core and the Nu HTML Checker run on every page in test_every_page.py.
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import serve
from conftest import PUBLIC_URL, REPO  # the shared sample site is built for PUBLIC_URL
from generator.cli.build import build_offline_zip


# One page of every page type a reader meets.
PAGE_TYPES = {
    "home": "",
    "case study": "case-studies/mangaung-non-revenue-water/",
    "case study index": "case-studies/",
    "toolkit": "toolkits/municipal-peer-review/",
    "service area": "service-areas/water/",
    "municipality scorecard": "municipalities/man/",
    "municipality without data": "municipalities/wc011/",
    "municipality index": "municipalities/",
    "network": "networks/hiv-aids-district-learning-network/",
    "network index": "networks/",
    "browse": "browse/",
    "browse list": "browse/tags/metering/",
    "about the data": "about-the-data/",
    "indicator": "indicators/ws5-1/",
    "indicator index": "indicators/",
    "search": "search/",
    "suggest a case study": "suggest/",
    "who to ask": "people/",
    "person": "people/zodwa-cele/",
    "research index": "research/",
    "research": "research/non-revenue-water-secondary-cities/",
    "peer review index": "peer-reviews/",
    "peer review": "peer-reviews/jozini-2025/",
    "schemas": "schemas/",
    "compare": "compare/",
    "peer group": "peer-groups/b4/",
    "peer group index": "peer-groups/",
}
@pytest.fixture(scope="module")
def site(sample_site) -> Path:
    # Built with a public address, as a deployment sets it: the sitemap and og:url need one.
    return sample_site


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


def test_no_relative_address_in_the_site_is_broken(site):
    """Every href and src of every built HTML file, 404.html included, resolves to a file."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urljoin

    class Addresses(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []

        def handle_starttag(self, tag, attrs):
            self.found += [v for n, v in attrs if n in ("href", "src") and v]

    broken, root_absolute, checked = [], [], 0
    for html_file in site.rglob("*.html"):
        if "pagefind" in html_file.parts:
            continue
        own = "http://site/" + html_file.relative_to(site).as_posix()
        parser = Addresses()
        parser.feed(html_file.read_text(encoding="utf-8"))
        for address in parser.found:
            if address.startswith(("#", "mailto:", "tel:", "data:")) or urlparse(address).scheme or address.startswith("//"):
                continue
            if address.startswith("/"):
                root_absolute.append((html_file.relative_to(site).as_posix(), address))
                continue
            path = unquote(urlparse(urljoin(own, address)).path).lstrip("/")
            target = site / path
            checked += 1
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((html_file.relative_to(site).as_posix(), address))
    assert checked > 10000
    assert root_absolute == [] and broken == [], (root_absolute[:10], broken[:10])


@pytest.mark.parametrize("kind", ["home", "case study", "municipality scorecard", "indicator", "search"])
def test_no_request_leaves_the_site_host(kind, browser, base_url):
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))
    page.goto(base_url + PAGE_TYPES[kind], wait_until="networkidle")
    page.close()
    assert hosts == {urlparse(base_url).netloc}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_scrolls_sideways_at_360px(kind, browser, base_url):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base_url + PAGE_TYPES[kind])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.close()
    assert overflow <= 0


def test_case_study_prints_on_a4_without_navigation(browser, base_url):
    from pypdf import PdfReader

    page = browser.new_page()
    page.goto(base_url + PAGE_TYPES["case study"])
    pdf = page.pdf(format="A4", print_background=False)
    page.close()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Bringing non-revenue water down" in text and "Lessons learned" in text
    assert "About the data" not in text  # a navigation tab
    assert "Skip to content" not in text
    assert "example.org" in text  # source link targets are printed


def test_feed_is_linked_and_lists_case_studies_newest_first(site, browser, base_url):
    page = browser.new_page()
    page.goto(base_url + PAGE_TYPES["toolkit"])
    href = page.get_attribute('link[rel="alternate"][type="application/atom+xml"]', "href")
    page.close()
    feed = ET.parse(site / PAGE_TYPES["toolkit"] / href)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == len(list((REPO / "content" / "case-studies").glob("*.md")))  # every sample case study
    dates = [e.find("a:updated", ns).text for e in entries]
    assert dates == sorted(dates, reverse=True)
    link = entries[0].find("a:link", ns).get("href")
    assert (site / link / "index.html").is_file()


def test_pages_carry_share_metadata(site):
    html = (site / PAGE_TYPES["case study"] / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Bringing non-revenue water down' in html
    assert 'property="og:description" content="Mangaung combined a meter audit' in html
    image = re.search(r'property="og:image" content="([^"]+)"', html).group(1)
    assert image == f"{PUBLIC_URL}assets/images/social-card.png"  # messaging apps need it absolute
    assert (site / "assets" / "images" / "social-card.png").is_file()
    assert 'name="twitter:card" content="summary_large_image"' in html
    assert f'property="og:url" content="{PUBLIC_URL}case-studies/mangaung-non-revenue-water/"' in html


def test_robots_file_and_sitemap(site):
    robots = (site / "robots.txt").read_text()
    assert robots.startswith("User-agent: *") and f"Sitemap: {PUBLIC_URL}sitemap.xml" in robots
    sitemap = ET.parse(site / "sitemap.xml")
    urls = {u.text for u in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert f"{PUBLIC_URL}case-studies/mangaung-non-revenue-water/" in urls
    assert f"{PUBLIC_URL}municipalities/man/" in urls and f"{PUBLIC_URL}indicators/ws5-1/" in urls
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}
    assert len(urls) >= len(pages) - 1  # every page but the 404


def _charts_loaded(page) -> list[tuple[str, int]]:
    """(src, natural width) of every chart image, after scrolling each into view and waiting for it.

    One at a time: a lazy image scrolled past before the browser noticed it was in view is
    never fetched (under load, waiting for all of them at the end timed out now and then).
    In two fresh-clone CI runs of the whole suite, every chart of one file:// page stayed at
    width 0 although its file was on disk, which neither this module alone nor the test alone
    reproduced: such a page is loaded once more. A chart broken both times fails the caller,
    with what the first load saw."""
    first = _chart_sizes(page)
    if first and all(width > 0 for _, width in first):
        return first
    page.reload()
    return [[src, width, {"first load": dict((s, w) for s, w in first)}] if width == 0 else [src, width]
            for src, width in _chart_sizes(page)]


def _chart_sizes(page) -> list[tuple[str, int]]:
    page.wait_for_load_state()
    images = page.locator("img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
        # The size, not `complete` alone: a broken image is complete too.
        try:
            page.wait_for_function("(i) => document.images[i].complete && document.images[i].naturalWidth > 0",
                                   arg=index, timeout=20_000)
        except PlaywrightTimeout:
            pass  # a broken image: the caller's assertion names it
    return page.evaluate("[...document.images].map(i => [i.getAttribute('src'), i.naturalWidth])")


def _drawn_inline(page) -> list[dict]:
    """Each chart drawn in the page (before and after): its size on screen and its name."""
    page.wait_for_load_state()
    return page.evaluate("""[...document.querySelectorAll('svg.lk-bars')].map(s => {
        const box = s.getBoundingClientRect();
        const name = document.getElementById(s.getAttribute('aria-labelledby'));
        return {width: box.width, height: box.height, name: name && name.textContent}; })
        .filter(c => c.width > 200 && c.height > 60 && c.name)""")


def test_offline_zip_works_from_file_urls(tmp_path, browser):
    archive = build_offline_zip(REPO / "mkdocs.yml", tmp_path / "site-offline.zip")
    folder = tmp_path / "unzipped"
    zipfile.ZipFile(archive).extractall(folder)
    page = browser.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).scheme))
    page.goto((folder / "index.html").as_uri())
    page.click(".md-nav--primary >> text=Case studies")
    page.click("text=Bringing non-revenue water down through metering and billing clean-up")
    assert page.url.endswith("/case-studies/mangaung-non-revenue-water.html")
    assert _drawn_inline(page)  # before and after
    page.click(".lk-facts a >> text=Mangaung")
    assert page.url.endswith("/municipalities/man.html")
    download = page.locator("a[href$='.csv']").first.get_attribute("href")
    assert (Path(urlparse(page.url).path).parent / download).resolve().is_file()
    page.click("#area-water > summary")  # its cards are in the section of their service area, closed at first
    page.click(".lk-card-title a >> text=Percentage of non-revenue water")
    assert page.url.endswith("/indicators/ws5-1.html")
    charts = _charts_loaded(page)
    on_disk = {chart[0]: (folder / "indicators" / chart[0]).resolve().stat().st_size for chart in charts}
    assert charts and all(chart[1] > 0 for chart in charts), (charts, on_disk)
    page.go_back()
    page.click(".md-search__input")
    page.keyboard.type("pressure")
    page.wait_for_selector(".md-search-result__item")
    page.locator(".md-search-result__item a", has_text="pressure management").first.click()
    page.wait_for_url("**/case-studies/ethekwini-pressure-management.html")
    page.close()
    assert hosts == {"file"}  # nothing fetched from any server, not even a CDN shim


def test_the_site_works_under_a_sub_path(site, browser):
    with serve(site, prefix="/kb/") as base:
        page = browser.new_page()
        failed = []
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
        page.goto(base)
        page.click(".md-nav--primary >> text=Case studies")
        page.click("text=Bringing non-revenue water down through metering and billing clean-up")
        assert urlparse(page.url).path == "/kb/case-studies/mangaung-non-revenue-water/"
        assert _drawn_inline(page)
        page.click(".lk-facts a >> text=Mangaung")
        download = page.locator("a[href$='.csv']").first
        with page.expect_download() as fetched:
            download.click(modifiers=["Alt"])  # Alt-click saves the link target
        assert fetched.value.failure() is None
        page.click("#area-water > summary")  # its cards are in the section of their service area, closed at first
        page.click(".lk-card-title a >> text=Percentage of non-revenue water")
        assert urlparse(page.url).path == "/kb/indicators/ws5-1/"
        charts = _charts_loaded(page)
        assert charts and all(chart[1] > 0 for chart in charts), charts
        page.fill("#lk-search-input", "pressure")
        page.locator(".lk-search__results a", has_text="Cutting water losses").first.click()
        page.wait_for_url("**/kb/case-studies/ethekwini-pressure-management/")
        page.close()
        assert failed == []


def test_toolkit_checklists_are_boxes_and_benchmarks_carry_their_unit(site):
    toolkit = (site / "toolkits" / "each-one-teach-one-mentoring" / "index.html").read_text(encoding="utf-8")
    assert 'class="task-list-item"' in toolkit and "[ ]" not in toolkit
    area = (site / PAGE_TYPES["service area"] / "index.html").read_text(encoding="utf-8")
    # Not a bare "95.0": a target with its unit and direction, marked up as the indicator's comparison point.
    assert 'target <span data-f="cp">30.0%</span> or less' in area and 'target <span data-f="cp">95.0%</span> or more' in area



def test_a_reader_ticks_a_toolkits_checklist_and_finds_the_ticks_again(browser, base_url):
    """The checklists were pictures: a tap did nothing and the pale ticks read as done already. With script
    each box is a named checkbox, a tap on its words ticks it, the ticks outlive a reload on this device,
    and a button clears them; without script the boxes stay out of a screen reader's way."""
    address = base_url + "toolkits/running-a-benchmarking-exercise/"
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(address)
    first = page.get_by_role("checkbox", name="Each indicator uses the library definition and unit")
    assert not first.is_checked()
    page.get_by_text("Each indicator uses the library definition and unit").click()
    assert first.is_checked()
    page.reload()
    assert page.get_by_role("checkbox", name="Each indicator uses the library definition and unit").is_checked()
    page.get_by_role("button", name="Clear these ticks").click()
    assert page.get_by_role("checkbox").evaluate_all("boxes => boxes.filter(b => b.checked).length") == 0
    context.close()
    without = browser.new_context(java_script_enabled=False)
    plain = without.new_page()
    plain.goto(address)
    assert plain.locator("li.task-list-item").count() > 0 and plain.get_by_role("checkbox").count() == 0
    without.close()


def test_back_from_a_peers_page_finds_the_sections_the_reader_opened_still_open(browser, base_url):
    """The core task goes from a card to a better peer's page and back: back, every section was closed again
    and the reader had to find their place (the walk of 2026-12-07)."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base_url + "municipalities/kzn272/")
    page.locator("#area-water > summary").click()
    page.locator("#indicator-piped-water-scheme .lk-peers a").first.click()
    page.wait_for_url("**/municipalities/mp315/")
    page.go_back()
    page.wait_for_url("**/municipalities/kzn272/")
    page.wait_for_function("() => document.getElementById('area-water').open")
    assert page.evaluate("[...document.querySelectorAll('details.lk-area[open]')].map(d => d.id)") == ["area-water"]
    page.close()
