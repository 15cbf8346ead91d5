"""Search as a reader meets it: the sample site, built for real, in Debian's chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from generator.cli.build import build_site
from tests.browser import serve
from tests.conftest import REPO

SEARCH_FILES = ("/pagefind/", "lekgotla-search.js")


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample library, built with search, outside the repository."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "content", root / "content")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: theme",
                                                                       f"custom_dir: {REPO / 'theme'}")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return build_site(root / "mkdocs.yml", root / "site").site_dir


@pytest.fixture(scope="module")
def base(sample_site):
    with serve(sample_site) as url:
        yield url


def open_page(browser, url):
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="networkidle")
    return page, requests


def test_a_plain_page_load_fetches_no_search_code_or_data(browser, base):
    page, requests = open_page(browser, base + "case-studies/ethekwini-pressure-management/")
    assert page.locator("#lk-search-input").is_visible()
    assert not [r for r in requests if any(part in r for part in SEARCH_FILES)]
    page.close()


def test_typing_in_the_header_shows_results_and_a_result_opens_its_page(browser, base):
    page, requests = open_page(browser, base)
    page.fill("#lk-search-input", "pressure")
    first = page.locator(".lk-search__results a").first
    first.wait_for(timeout=20000)
    assert "Cutting water losses with pressure management" in page.inner_text(".lk-search__results")
    assert "result" in page.inner_text(".lk-search__status")
    assert any("/pagefind/" in r for r in requests)  # the index came once the reader typed
    page.locator(".lk-search__results a", has_text="Cutting water losses").first.click()
    page.wait_for_url("**/case-studies/ethekwini-pressure-management/")
    assert page.inner_text("h1") == "Cutting water losses with pressure management"
    page.close()


def test_header_results_are_keyboard_operable_and_escape_closes_them(browser, base):
    page, _ = open_page(browser, base)
    page.fill("#lk-search-input", "ward")
    page.locator(".lk-search__results a").first.wait_for(timeout=20000)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.lk-search__results') !== null")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert page.locator("#lk-search-panel").is_hidden()
    assert page.evaluate("document.activeElement.id") == "lk-search-input"
    label = page.locator("label[for=lk-search-input]").inner_text()
    assert "Search" in label
    page.close()


def test_indicator_codes_municipality_names_and_people_are_findable(browser, base):
    page, _ = open_page(browser, base)
    for query, expected in [("WS5.1", "WS5.1 Percentage of non-revenue water"), ("Drakenstein", "Drakenstein"),
                            ("Sipho Ndlovu", "Person")]:
        page.fill("#lk-search-input", query)
        page.wait_for_function(
            "text => document.querySelector('.lk-search__results').innerText.includes(text)", arg=expected,
            timeout=20000)
    page.close()


def results_on(page) -> list[str]:
    page.wait_for_function("document.querySelector('[data-lk-status]').innerText.includes('result')",
                           timeout=20000)
    return page.locator(".lk-results .lk-result__title").all_inner_texts()


def test_search_page_province_filter_narrows_results_and_keeps_state_in_the_address(browser, base):
    page, _ = open_page(browser, base + "search/?q=water")
    everything = results_on(page)
    status = page.inner_text("[data-lk-status]")
    total = int(re.match(r"(\d+) result", status).group(1))
    province = page.locator("input[name=province][value='KwaZulu-Natal']")
    label = page.locator(f"label[for='{province.get_attribute('id')}']").inner_text()
    count = int(re.search(r"\((\d+)\)", label).group(1))
    province.check()
    page.wait_for_function(f"!document.querySelector('[data-lk-status]').innerText.startsWith('{total} ')",
                           timeout=20000)
    narrowed = int(re.match(r"(\d+) result", page.inner_text("[data-lk-status]")).group(1))
    assert 0 < narrowed < total and narrowed == count
    assert parse_qs(urlparse(page.url).query) == {"q": ["water"], "province": ["KwaZulu-Natal"]}
    shown = results_on(page)
    assert "Cutting water losses with pressure management" in shown  # eThekwini is in KwaZulu-Natal
    assert "Keeping water losses low through long-term demand management" not in shown  # Western Cape
    assert len(everything) >= len(shown)
    # The address alone restores the search: a shared link shows the same results.
    again, _ = open_page(browser, page.url)
    assert results_on(again) == shown
    assert again.locator("input[name=province][value='KwaZulu-Natal']").is_checked()
    again.close()
    page.close()


def test_search_page_orders_by_year(browser, base):
    page, _ = open_page(browser, base + "search/?q=ward&type=Case+study&sort=newest")
    results_on(page)
    facts = page.locator(".lk-results .lk-result__facts").all_inner_texts()
    years = [int(re.search(r"(\d{4})$", f).group(1)) for f in facts]
    assert years == sorted(years, reverse=True) and len(years) > 1
    page.close()


def test_search_pages_index_only_the_main_content(sample_site):
    html = (sample_site / "case-studies" / "ethekwini-pressure-management" / "index.html").read_text()
    assert html.count("data-pagefind-body") == 1
    article = html[html.index("data-pagefind-body"):]
    assert "md-nav" not in article.split("</article>")[0]
    slot = re.search(r'data-pagefind-filter="[^"]*\bprovince\[(data-f\d+)\]', html).group(1)
    assert f'{slot}="KwaZulu-Natal"' in html
    assert 'data-pagefind-sort="year[data-value]" data-value="2016"' in html
    # Index pages and browse lists are not search results.
    assert "data-pagefind-body" not in (sample_site / "case-studies" / "index.html").read_text()
    assert not (sample_site / "search" / "index.html").read_text().count("data-pagefind-body")


def test_the_lunr_search_index_is_not_built(sample_site):
    assert not (sample_site / "search" / "search_index.json").exists()
    assert (sample_site / "pagefind" / "pagefind.js").is_file()


def test_every_sample_case_study_shows_a_related_practice_with_a_reason(sample_site):
    pages = sorted((sample_site / "case-studies").glob("*/index.html"))
    assert len(pages) == len(list(Path(__file__).resolve().parent.parent.glob("content/case-studies/*.md")))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        related = re.search(r'<section aria-labelledby="related-heading".*?</section>', html, re.S)
        assert related, page
        assert re.search(r'<a href="[^"]+">[^<]+</a>.*?<span class="lk-reason">\w[^<]+</span>', related.group(0),
                         re.S), page


def test_related_practices_put_the_authors_links_first(sample_site):
    html = (sample_site / "case-studies" / "ethekwini-pressure-management" / "index.html").read_text()
    related = re.search(r'<section aria-labelledby="related-heading".*?</section>', html, re.S).group(0)
    links = re.findall(r'<a href="\.\./([^/]+)/">', related)
    assert links[:2] == ["mangaung-non-revenue-water", "drakenstein-water-demand-management"]
    assert "Linked by the authors" in related
    assert 3 <= len(links) <= 5


def test_people_directory_shows_who_can_speak_about_what(sample_site):
    index = (sample_site / "people" / "index.html").read_text()
    assert 'href="water/"' in index
    water = (sample_site / "people" / "water" / "index.html").read_text()
    person = re.search(r'<li class="lk-person" id="sipho-ndlovu">.*?</li>', water, re.S).group(0)
    assert "Senior Manager, Non-Revenue Water" in person and ">eThekwini</a>" in person
    assert "WS5.1" in person and 'href="../../case-studies/ethekwini-pressure-management/"' in person
