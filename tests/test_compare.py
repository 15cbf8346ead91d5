"""Comparing municipalities: the peer-group pages and /compare/, on the sample site in Debian's chromium."""

from __future__ import annotations

import pytest

from generator.analysis.benchmarking import analyse
from generator.site.wording import format_value, unit_shown
from generator.model.library import load_library
from generator.model.peer_groups import PEER_GROUPS
from tests.browser import serve
from tests.conftest import REPO

#: What the compare page shows for a municipality without a value of an illustrative indicator.
NO_SAMPLE_VALUE = "no sample value (samples were made up for some municipalities only)"
#: And of an official one: some have none (formed after the census, say), which the indicator's page explains.
NO_OFFICIAL_VALUE = "no official value (the indicator’s page says which municipalities have none, and why)"

PHONE = {"width": 360, "height": 740}
CHOSEN = ["KZN272", "EC154", "NC451"]  # Jozini, Port St Johns, Joe Morolong: all mostly rural (B4)


@pytest.fixture(scope="module")
def base(sample_site):
    with serve(sample_site) as url:
        yield url


@pytest.fixture(scope="module")
def benchmarks():
    library, _ = load_library(REPO / "content")
    return analyse(library)


def latest(benchmarks, indicator, code) -> str | None:
    series = benchmarks.series(indicator.id, code)
    shown = format_value(series.last[1], indicator.unit, benchmarks.decimals(indicator.id)) if series else None
    return None if series is None else f"{shown} {series.last[0]}"


def test_compare_shows_the_three_chosen_municipalities_on_every_indicator(browser, base, benchmarks):
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "compare/?m=" + ",".join(CHOSEN))
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                           timeout=20000)
    names = [benchmarks.library.municipalities[code].name for code in CHOSEN]
    for indicator in benchmarks.library.indicators.values():
        body = page.locator(f"section[data-i='{indicator.id}'] tbody")
        rows = body.locator("tr").all_inner_texts()
        assert len(rows) == 3, indicator.id
        for name, code, row in zip(names, CHOSEN, rows):
            row = " ".join(row.split())
            assert row.startswith(name), (indicator.id, row)
            expected = latest(benchmarks, indicator, code)
            # Without a value: an illustrative indicator's samples cover some municipalities only, and says so; on
            # water, a municipality that is not a water services authority says that instead.
            missing = ("no data: not a water services authority" if "not a water services authority" in row
                       else NO_SAMPLE_VALUE if indicator.illustrative else NO_OFFICIAL_VALUE)
            assert (expected.split()[0] in row and expected.split()[-1] in row) if expected else missing in row, row
        # Every number is labelled: the table says what its columns are, the heading what it measures.
        section = page.locator(f"section[data-i='{indicator.id}']")
        assert section.locator("thead").inner_text().split() == ["Municipality", "Latest", "value", "Year"]
        assert indicator.name in section.locator("h3").inner_text()
        assert f"Unit: {unit_shown(indicator.unit)}" in section.inner_text()  # "1 000" on one line
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    page.close()


def test_best_of_these_is_said_only_where_every_value_shown_is_of_one_year(browser, base, benchmarks):
    """Jozini's 429.8 days to register a title deed (2024) was "best of these in 2024" above Port St Johns'
    347.1 days (2023): a reader saw the worse value marked best."""
    import re

    page = browser.new_page(viewport=PHONE)
    page.goto(base + "compare/?m=" + ",".join(CHOSEN))
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                           timeout=20000)
    mixed = single = 0
    for indicator in benchmarks.library.indicators.values():
        section = page.locator(f"section[data-i='{indicator.id}']")
        years = set(section.locator("tbody tr[data-y]").evaluate_all("rows => rows.map(r => r.dataset.y)"))
        marked = section.locator("tbody tr", has_text="best of these")
        if len(years) > 1:
            mixed += 1
            assert marked.count() == 0, indicator.id
        elif section.locator("tbody tr[data-y]").count() > 1:
            single += 1
            assert marked.count() >= 1, indicator.id  # shared when two are equal
            best = marked.first.locator("[data-f='v']").inner_text()
            values = section.locator("tbody tr[data-y] [data-f='v']").all_inner_texts()
            number = lambda text: float(re.match(r"-?[\d ]+(\.\d+)?", text).group(0).replace(" ", ""))  # noqa: E731
            pick = min if indicator.better.value == "lower" else max
            assert number(best) == pick(number(v) for v in values), indicator.id
    page.close()
    assert mixed and single  # both cases are on the page


def test_compare_pickers_change_the_choice_and_the_address(browser, base):
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "compare/?m=KZN272,EC154")
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                           timeout=20000)
    assert page.input_value("#lk-compare-1") == "KZN272" and page.input_value("#lk-compare-3") == ""
    page.select_option("#lk-compare-3", "ETH")
    page.click("#lk-compare button[type=submit]")
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.includes('eThekwini')",
                           timeout=20000)
    assert page.url.endswith("compare/?m=KZN272,EC154,ETH")
    assert page.locator("section[data-i='WS5.1'] tbody tr").count() == 3
    assert page.locator("label[for=lk-compare-3]").inner_text().startswith("Third municipality")
    page.close()


def test_a_municipality_without_a_value_is_shown_as_such_and_each_file_is_fetched_once(browser, base):
    page = browser.new_page(viewport=PHONE)
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/data/" in r.url else None)
    page.goto(base + "compare/?m=KZN272,WC011")  # Matzikama has official figures, no non-revenue water value
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                           timeout=20000)
    rows = page.locator("section[data-i='WS5.1'] tbody tr").all_inner_texts()
    assert any(row.split()[0] == "Matzikama" and NO_SAMPLE_VALUE in row for row in rows), rows
    assert sorted(url.rsplit("/", 1)[-1] for url in fetched) == ["kzn272.json", "wc011.json"]
    page.close()


def test_compare_without_javascript_says_what_it_does_and_links_to_the_peer_groups(browser, base):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(base + "compare/?m=" + ",".join(CHOSEN))
    text = page.inner_text("article")
    assert "Choose two to four municipalities" in text and "needs JavaScript" in text
    assert page.locator("#lk-compare").is_hidden()  # no form that cannot work
    page.locator("noscript a, article a", has_text="peer group").first.click()
    assert page.locator("h1").inner_text() in ("Peer groups", *(g.name for g in PEER_GROUPS))
    context.close()


@pytest.mark.parametrize("group", PEER_GROUPS, ids=lambda g: g.id)
def test_every_peer_group_has_a_page_that_works_without_javascript(group, browser, base, benchmarks):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    response = page.goto(base + f"peer-groups/{group.id}/")
    assert response.status == 200
    assert page.inner_text("h1") == group.name
    members = [m for m in benchmarks.library.municipalities.values() if m.miif_category == group.code]
    listed = page.locator("#members + ul li").all_inner_texts()
    assert len(listed) == len(members)
    for indicator in benchmarks.library.indicators.values():
        reporting = [m for m in members if benchmarks.series(indicator.id, m.code)]
        block = page.locator(f"section[aria-labelledby='{group.id}-{indicator.slug}']")
        if not reporting:
            assert block.count() == 0, indicator.id
            continue
        # One year ranked, the latest any member reported; members whose latest value is older are
        # listed after the table, each with its year, never ranked with the others.
        year = max(benchmarks.series(indicator.id, m.code).last[0] for m in reporting)
        ranked = [m for m in reporting if benchmarks.series(indicator.id, m.code).last[0] == year]
        opener = block.locator("details > summary")
        if opener.count():  # a long ranking opens on a tap, which needs no script
            opener.click()
        table = block.locator("tbody tr")
        assert table.count() == len(ranked), indicator.id
        older = [m for m in reporting if m not in ranked]
        assert block.locator("p.lk-meta span[data-m]").count() == len(older), indicator.id
        assert f"Rank in {year}" in block.locator("thead").inner_text()
        # Best first: the first row holds the best value of that year.
        best = max(ranked, key=lambda m: benchmarks.series(indicator.id, m.code).last[1]
                   * (1 if indicator.better.value == "higher" else -1))
        value = benchmarks.series(indicator.id, best.code).last[1]
        first = " ".join(table.first.inner_text().split())
        shown = " ".join(format_value(value, indicator.unit, benchmarks.decimals(indicator.id)).split())  # as `first`
        assert shown in first, (indicator.id, first)
        assert first.split()[0] in ("1", "=1"), first
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    context.close()


@pytest.mark.parametrize("group", PEER_GROUPS, ids=lambda g: g.id)
def test_a_peer_groups_rankings_download_ranks_as_its_page_does(sample_site, benchmarks, group):
    """A coordinator takes a group's rankings to a roundtable: the file has what the page shows, in its order."""
    import csv
    import re

    page = (sample_site / "peer-groups" / group.id / "index.html").read_text(encoding="utf-8")
    assert f'href="../../data/peer-groups/{group.id}.csv" download' in page
    with (sample_site / "data" / "peer-groups" / f"{group.id}.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    sections = re.findall(r'<section class="lk-indicator-block"[^>]*data-i="([^"]+)"[^>]*>(.*?)</section>', page, re.S)
    assert sections and {r["indicator"] for r in rows} == {indicator for indicator, _ in sections}
    for indicator_id, section in sections:
        indicator, year = benchmarks.library.indicators[indicator_id], re.search(r'data-y="(\d+)"', section).group(1)
        ranked = [r for r in rows if r["indicator"] == indicator_id and r["year"] == year]
        shown = re.findall(r'<tr data-m="([^"]+)"><td>([^<]+)</td>', section)
        assert [(r["municipality_code"], int(r["rank"])) for r in ranked] == [
            (code, int(re.sub(r"\D", "", rank))) for code, rank in shown], indicator_id
        earlier = re.findall(r'<span data-m="([^"]+)"><a', section.partition("Latest value older than")[2])
        assert [r["municipality_code"] for r in rows if r["indicator"] == indicator_id and r["year"] != year] == earlier
        if median := re.search(r'Group median <span[^>]*>([\d.,-]+)', section):
            written = median.group(1)
            decimals = len(written.partition(".")[2])
            assert all(abs(float(r["peer_median"]) - float(written)) <= 0.5 * 10 ** -decimals for r in ranked)
        # Each row says what its value is, as the page's label does, and where an official one comes from.
        assert {(r["provenance"], bool(r["source"])) for r in rows if r["indicator"] == indicator_id} == {
            ("illustrative", False) if indicator.illustrative else ("official", True)}


def test_peer_group_index_explains_every_class_in_words(browser, base):
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "peer-groups/")
    text = page.inner_text("article")
    assert "Municipal Infrastructure Investment Framework" in text
    for group in PEER_GROUPS:
        assert group.name in text and group.description in text
    page.close()


def test_a_peer_groups_median_is_the_median_of_its_members(sample_site, benchmarks):
    html = (sample_site / "peer-groups" / "b4" / "index.html").read_text(encoding="utf-8")
    indicator = benchmarks.library.indicators["WS5.1"]
    year = benchmarks.latest_year("WS5.1")
    median = benchmarks.medians("WS5.1", year).by_peer_group["B4"]
    shown = format_value(median, indicator.unit, benchmarks.decimals("WS5.1"))
    assert f'Group median <span data-f="pm" data-g="B4">{shown} in {year}</span></strong>' in html


def test_each_reporting_municipality_publishes_its_values_for_the_compare_page(sample_site, benchmarks):
    import gzip
    import json

    data = json.loads((sample_site / "data" / "municipalities" / "nc451.json").read_text(encoding="utf-8"))
    assert data["name"] == "Joe Morolong" and data["miif_category"] == "B4"
    series = benchmarks.series("WS5.1", "NC451")
    # The latest value as the pages write it, with its rank and rating: the compare page writes no number itself.
    latest = data["latest"]["WS5.1"]
    assert (latest["y"], latest["v"]) == series.last
    assert latest["t"] == format_value(series.last[1], "%", benchmarks.decimals("WS5.1"))
    assert latest["place"].endswith(f"mostly rural locals in {series.last[0]}") and latest["r"] in ("meets", "close", "far")
    # What a reader on mobile data pays per municipality (the hosts serve JSON compressed, as README asks).
    text = (sample_site / "data" / "municipalities" / "nc451.json").read_bytes()
    assert len(text) < 6000 and len(gzip.compress(text)) < 1500


def test_a_large_peer_group_page_reads_on_a_phone_with_its_rankings_a_tap_away(browser, base):
    """B3's 99 small towns in seven rankings made a page 98 screens tall at 360 px: a ranking longer than a
    dozen opens on a tap, under the indicator's facts, the group's median and its best member."""
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "peer-groups/b3/")
    screens = page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
    summary = page.locator("section[aria-labelledby='b3-piped-water-scheme'] details > summary")
    assert summary.inner_text().startswith("All ") and " ranked in 2011, best first: " in summary.inner_text()
    page.close()
    assert screens <= 25, screens


#: Every word of the municipalities' names in the page's narrow tables that a line break cuts, except after
#: a hyphen ("Modimolle-" / "Mookgophong" breaks as a reader expects).
NAMES_CUT = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const cut = [];
  for (const link of document.querySelectorAll('.lk-narrow-table tbody th a')) {
    const text = link.firstChild;
    for (const word of text.data.matchAll(/[^\\s-]+/g)) {
      const range = document.createRange();
      range.setStart(text, word.index);
      range.setEnd(text, word.index + word[0].length);
      if (range.getClientRects().length > 1) cut.push(word[0]);
    }
  }
  return cut;
}"""


def test_names_in_the_narrow_tables_break_between_words_on_a_phone(browser, base):
    """Material's links break anywhere: "Umhlabuyalinga-na" on the compare page, "Makhuduthama-ga" in B4."""
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "compare/?m=KZN272,KZN271,NC451")
    page.wait_for_selector(".lk-narrow-table tbody th a")
    assert page.evaluate(NAMES_CUT) == []
    for group in PEER_GROUPS:
        page.goto(base + f"peer-groups/{group.id}/")
        assert page.evaluate(NAMES_CUT) == [], group.id
    page.close()


def test_each_service_area_of_a_comparison_is_a_tap_away_from_its_top(browser, base):
    """Five areas run to some twenty screens on a phone: a link to each sits above the first."""
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "compare/?m=" + ",".join(CHOSEN))
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                           timeout=20000)
    jump = page.locator(".lk-compare-jump a")
    areas = page.locator("#lk-compare-results h2")
    assert jump.all_inner_texts() == areas.all_inner_texts() and jump.count() == 5
    jump.filter(has_text="Local economic development").click()
    heading = page.locator("#lk-compare-results h2#led")
    header = page.locator("header.md-header").bounding_box()
    page.wait_for_function("h => { const r = h.getBoundingClientRect(); return r.top > 0 && r.bottom <= innerHeight; }",
                           arg=heading.element_handle(), timeout=5000)
    assert heading.bounding_box()["y"] >= header["y"] + header["height"]  # not under the header
    page.close()


def test_a_cards_compare_link_opens_the_comparison_at_its_indicator(browser, base):
    """Jozini's HIV/AIDS card compares it with the peers that do better on its indicator: the reader lands on that
    table, not on the first service area's (water, screens above it on a phone)."""
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "municipalities/kzn272/")
    page.locator("details#area-hiv-aids > summary").click()
    link = page.locator("details#area-hiv-aids .lk-card-actions a", has_text="Compare Jozini with them").first
    slug = link.get_attribute("href").split("#cmp-")[1]
    link.click()
    page.wait_for_url("**/compare/**")
    page.wait_for_function("() => document.getElementById('lk-compare-status')?.innerText.startsWith('Showing')",
                           timeout=20000)
    heading = page.locator(f"#cmp-{slug}")
    page.wait_for_function("h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }",
                           arg=heading.element_handle(), timeout=5000)
    assert page.locator("section[data-i] h3").first.bounding_box()["y"] < 0  # scrolled past the first area
    page.close()


def test_a_municipality_that_provides_no_water_says_so_and_who_does_as_its_own_page_does(browser, base):
    """Jozini is not a water services authority: on the water tables, "no data" says why and links to
    uMkhanyakude's water, in its own page's words; uMhlathuze is an authority with no value: "no data", or, of an
    illustrative indicator, "no sample value"."""
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "municipalities/kzn272/")
    own = page.locator("details#area-water .lk-provider")
    page.locator("details#area-water > summary").click()
    own_providers = [(a.inner_text(), a.evaluate("a => a.href")) for a in own.locator("a").all()]
    assert own_providers and "(as the MIIF classes have it)" in own.inner_text()
    page.goto(base + "compare/?m=KZN272,KZN282")
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                           timeout=20000)
    for indicator in ("WS5.1", "WS2.1"):
        jozini, umhlathuze = (page.locator(f"section[data-i='{indicator}'] tbody tr[data-m='{code}'] td")
                              for code in ("KZN272", "KZN282"))
        assert jozini.inner_text() == ("no data: not a water services authority (as the MIIF classes have it); "
                                       f"its water is provided by {own_providers[0][0]}")
        assert [(a.inner_text(), a.evaluate("a => a.href")) for a in jozini.locator("a").all()] == own_providers
        assert umhlathuze.inner_text() == NO_SAMPLE_VALUE  # both illustrative
    # Outside water, a missing value is only that.
    assert page.locator("section[data-a='hiv-aids'] tbody tr[data-m='KZN282'] td").first.inner_text() == NO_SAMPLE_VALUE
    page.close()


def test_a_municipality_formed_after_the_census_says_it_has_no_official_value_and_where_to_read_why(browser, base):
    """Enoch Mgijima, formed by the mergers of 2016, has no census figure of informal dwellings: its page said
    only "figures on 6 of the 28 indicators", with no card and no word of it, and the compare page "no data"."""
    page = browser.new_page(viewport=PHONE)
    page.goto(base + "municipalities/ec139/")
    page.locator("details#area-housing > summary").click()
    said = page.locator("details#area-housing .lk-without-value")
    assert " ".join(said.inner_text().split()) == ("Enoch Mgijima has no official value of “Share of households living "
                                                   "in an informal dwelling”. Its page says which municipalities have "
                                                   "none, and why.")
    said.locator("a").click()
    assert "formed by the mergers of 2016 have no value" in " ".join(page.locator("article").inner_text().split())
    page.goto(base + "compare/?m=EC139,BUF")
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.startsWith('Showing')",
                           timeout=20000)
    cell = page.locator("section[data-i='informal-dwelling'] tbody tr[data-m='EC139'] td").first
    assert cell.inner_text() == NO_OFFICIAL_VALUE
    page.close()


def test_an_address_that_asks_for_what_cannot_be_shown_says_so(browser, base):
    """/compare/?m=XYZ showed an empty form without a word; a fifth municipality was dropped silently; and
    pressing Compare with nothing chosen did nothing."""
    page = browser.new_page(viewport=PHONE)
    status = page.locator("#lk-compare-status")
    page.goto(base + "compare/?m=XYZ")
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText !== ''", timeout=20000)
    assert status.inner_text() == "“XYZ” is not a municipality code. Choose two to four municipalities."
    page.goto(base + "compare/?m=JHB,CPT,ETH,TSH,EKU")
    page.wait_for_function("() => document.getElementById('lk-compare-status').innerText.includes('Showing')",
                           timeout=20000)
    assert status.inner_text() == ("Ekurhuleni (EKU) is left out: at most 4 are compared at once. Showing City of Johannesburg, "
                                   "City of Cape Town, eThekwini, City of Tshwane.")
    page.goto(base + "compare/")
    assert status.inner_text() == ""
    page.locator("#lk-compare button[type=submit]").click()
    assert status.inner_text() == "Choose two to four municipalities."
    page.close()


def test_compare_and_the_peer_groups_take_the_service_areas_in_the_municipality_pages_order(sample_site):
    """A water manager comparing three municipalities found water last, about 15 screens down, where every
    municipality page has it first: every page goes through the service areas in one order."""
    import re

    def areas(address: str, pattern: str) -> list[str]:
        return re.findall(pattern, (sample_site / address / "index.html").read_text(encoding="utf-8"))

    order = areas("municipalities/kzn272", r'<details class="lk-area"[^>]*data-a="([\w-]+)"')
    assert order[0] == "water" and len(order) == 5
    assert areas("compare", r'<h2 id="([\w-]+)">') == order
    assert [a for a in areas("peer-groups/b4", r'<li><a href="#([\w-]+)">') if a in order] == order
