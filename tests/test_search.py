"""Search as a reader meets it: the sample site, built for real, in Debian's chromium."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import serve

SEARCH_FILES = ("/pagefind/", "lekgotla-search.js")


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
    page.wait_for_function("() => document.querySelector('[data-lk-status]').innerText.includes('result')",
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
    page.wait_for_function("total => { const t = document.querySelector('[data-lk-status]').innerText;"
                           " return /^\\d+ result/.test(t) && !t.startsWith(total + ' '); }", arg=total, timeout=20000)
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


def test_on_a_phone_each_filter_box_is_beside_its_words_and_every_value_shows(browser, base):
    """At 360 px the boxes sat a line above their words (the first box over nothing, the last under the last
    word) and each group scrolled inside itself, hiding five of the nine kinds of page."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "search/?q=water", wait_until="networkidle")
    page.wait_for_function("() => /result/.test(document.querySelector('[data-lk-status]').innerText)", timeout=20000)
    page.click("details.lk-search-options > summary")
    kinds = page.locator("input[name=type]")
    assert kinds.count() >= 8
    for n in range(kinds.count()):
        box = kinds.nth(n)
        words = page.locator(f"label[for='{box.get_attribute('id')}']")
        assert box.is_visible() and words.is_visible()
        box_at, words_at = box.bounding_box(), words.bounding_box()
        middle = box_at["y"] + box_at["height"] / 2
        assert words_at["y"] <= middle <= words_at["y"] + words_at["height"], words.inner_text()
        assert box_at["x"] + box_at["width"] <= words_at["x"]
    lists = page.locator(".lk-filter__values")
    assert all(lists.nth(n).evaluate("l => l.scrollHeight <= l.clientHeight") for n in range(lists.count()))
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


def test_mkdocs_materials_own_search_files_and_source_maps_are_not_published(sample_site):
    # The site searches with Pagefind; lunr, its languages and worker load only with mkdocs-material's
    # search plugin (the offline zip keeps them, test_reach), and a source map only in browser tools.
    javascripts = sample_site / "assets" / "javascripts"
    assert not (javascripts / "lunr").exists()
    assert not list(javascripts.glob("workers/search.*"))
    assert not list((sample_site / "assets").rglob("*.map"))
    assert list(javascripts.glob("bundle.*.min.js"))  # mkdocs-material's own script is still there


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
    person = re.search(r'<li class="lk-person"[^>]*>\s*<h2><a href="sipho-ndlovu/">.*?</li>', index, re.S).group(0)
    assert "Senior Manager, Non-Revenue Water, eThekwini" in person and "isiZulu" in person
    page = (sample_site / "people" / "sipho-ndlovu" / "index.html").read_text()
    assert "WS5.1" in page and 'href="../../case-studies/ethekwini-pressure-management/"' in page


def pagefind_results(page, query: str, phrase: str = "") -> list[tuple[str, str]]:
    """(type, title) of every result of ``query``, best first, from the site's own Pagefind;
    with ``phrase``, only the results whose indexed text contains it."""
    return [tuple(r) for r in page.evaluate("""async ([query, phrase]) => {
        const pf = await import(new URL('pagefind/pagefind.js', document.baseURI.replace(/search\\/.*$/, '')).href);
        await pf.init();
        const search = await pf.search(query);
        const data = await Promise.all(search.results.map((r) => r.data()));
        return data.filter((d) => d.content.toLowerCase().includes(phrase.toLowerCase()))
                   .map((d) => [d.meta.type, d.meta.title]); }""", [query, phrase])]


def test_topical_queries_return_practices_not_municipality_pages_of_numbers(browser, base):
    page, _ = open_page(browser, base + "search/")
    results = pagefind_results(page, "water losses")
    assert [kind for kind, _ in results[:3]] and all(kind != "Municipality" for kind, _ in results)
    assert ("Case study", "Cutting water losses with pressure management") in results[:3]
    # A municipality is still found by its name, and first.
    assert pagefind_results(page, "Jozini")[0] == ("Municipality", "Jozini")
    page.close()


@pytest.mark.parametrize("abbreviation, long_form", [
    ("NRW", "non-revenue water"), ("EPWP", "expanded public works programme"), ("IDP", "integrated development plan"),
    ("SDBIP", "service delivery and budget implementation plan"), ("LED", "local economic development")])
def test_abbreviations_find_what_their_long_forms_find(abbreviation, long_form, browser, base):
    page, _ = open_page(browser, base + "search/")
    # Pages that use the long form (Pagefind also returns pages with its words apart).
    long_results = set(pagefind_results(page, long_form, phrase=long_form))
    short_results = set(pagefind_results(page, abbreviation))
    page.close()
    assert long_results and long_results <= short_results, long_results - short_results


def test_results_found_through_synonyms_show_the_pages_own_words_and_indicators_say_whose_values(browser, base):
    """"NRW" is, on most pages, only among the hidden words officials search with ("Also searched as: NRW,
    non-revenue water, nonrevenue water; …"): their excerpts listed those synonyms instead of what the page did."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "search/?q=NRW")
    titles = results_on(page)
    excerpts = page.locator(".lk-results .lk-result__excerpt").all_inner_texts()
    assert len(excerpts) == len(titles) >= 5
    assert [e for e in excerpts if "searched as" in e or "nonrevenue" in e or not e.strip()] == []
    drakenstein = titles.index("Keeping water losses low through long-term demand management")
    assert excerpts[drakenstein].startswith("Drakenstein built on years of water demand management")
    # An indicator whose values are samples says so beside it, as a sample practice says "Sample".
    facts = page.locator(".lk-results .lk-result__facts").all_inner_texts()
    assert facts[titles.index("WS5.1 Percentage of non-revenue water")] == "Indicator · Illustrative values"
    page.close()


@pytest.mark.parametrize("typed, meant, address", [("Jozni", "Jozini", "municipalities/kzn272/"),
                                                    ("Durbn", "eThekwini", "municipalities/eth/"),
                                                    ("Nelson Mandla", "Nelson Mandela Bay", "municipalities/nma/")])
def test_a_mistyped_municipality_name_is_answered_with_the_one_it_may_mean(typed, meant, address, browser, base):
    """An official types their municipality's name on a phone, one letter wrong: the index knows no such word, and
    the page said only "No results"."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "search/?q=" + typed)
    page.wait_for_function("() => /No results/.test(document.querySelector('[data-lk-status]').innerText)", timeout=20000)
    assert page.inner_text("[data-lk-suggest]") == f"Did you mean {meant}?"
    page.click(f"[data-lk-suggest] a:text-is('{meant}')")
    page.wait_for_url(base + address)
    assert page.inner_text("h1").startswith(meant)
    # A query with no name near it is left at "No results".
    page.goto(base + "search/?q=xyzzy")
    page.wait_for_function("() => /No results/.test(document.querySelector('[data-lk-status]').innerText)", timeout=20000)
    assert page.locator("[data-lk-suggest]").is_hidden()
    page.close()


def test_a_sample_pages_notice_is_not_what_its_result_shows(browser, base):
    """Every sample page opens with the same notice, and a search for a place showed it as the excerpt: "... point
    you to someone real. Which figures on this site are real. Buffalo City teamed up ..."."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "search/?q=Buffalo City")
    titles = results_on(page)
    excerpts = page.locator(".lk-results .lk-result__excerpt").all_inner_texts()
    assert "Clearing the title deeds backlog with a registration blitz" in titles
    assert [e for e in excerpts if "someone real" in e or "made up to demonstrate" in e] == []
    page.close()


def test_on_a_phone_the_first_result_is_on_the_first_screen(browser, base):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(base + "search/?q=water")
    results_on(page)
    assert page.locator("[data-lk-options]").get_attribute("open") is None  # filters wait behind their button
    assert page.locator(".lk-results .lk-result").first.bounding_box()["y"] < 740 - 40
    page.click("[data-lk-options] > summary")
    assert page.locator("input[name=type]").first.is_visible()
    page.close()


def test_the_search_page_says_it_is_loading_while_the_index_arrives(browser, base):
    """On a slow connection Pagefind's files take seconds: the page said nothing meanwhile, and looked
    broken. Its files are held back here until the page has been read."""
    page = browser.new_page()
    held, arrived = [], []

    def hold(route):
        route.continue_() if arrived else held.append(route)

    page.route("**/pagefind/**", hold)
    page.goto(base + "search/?q=water", wait_until="domcontentloaded")
    page.wait_for_function("() => document.querySelector('[data-lk-status]').innerText !== ''", timeout=20000)
    assert page.inner_text("[data-lk-status]") == "Loading the search…"
    arrived.append(True)
    for route in held:
        route.continue_()
    page.wait_for_function("() => /^\\d+ result/.test(document.querySelector('[data-lk-status]').innerText)",
                           timeout=20000)
    page.close()
