"""The shipped sample library (content/) builds into complete benchmarking pages."""

from __future__ import annotations

import csv
import re
from html import escape, unescape
from pathlib import Path

import pytest
from conftest import REPO
from test_benchmark_pages import check_data_package, data_table, images, page, resolve

from generator.site.wording import format_value
from generator.site import addresses
from generator.site.samples import FILTER_VALUE
from generator.model.library import load_library


@pytest.fixture(scope="module")
def sample(sample_site):
    library, report = load_library(REPO / "content")
    assert library is not None, report.as_text()
    return library, sample_site


def test_every_indicator_has_a_page_with_charts_tables_and_downloads(sample):
    library, site = sample
    assert len(library.indicators) == 28  # 21 illustrative programme indicators, 7 official
    years = {}
    for o in library.observations:
        years.setdefault(o.indicator, set()).add(o.year)
    for indicator in library.indicators.values():
        url = f"indicators/{indicator.slug}/"
        html = page(site, url)
        charts = [i for i in images(html) if "charts/" in i["src"]]
        # Ranking, medians over time, distribution; with one year there is no trend to draw, nor to tell.
        several = len(years[indicator.id]) > 1
        assert len(charts) == (3 if several else 2), url
        assert ("Medians over time" in html) == several and ("went from" in html) == several, url
        assert all(resolve(site, url, i["src"]).stat().st_size > 1000 for i in charts), url
        assert html.count("<table") >= 3
        downloads = re.findall(r'<a href="([^"]+)" download>', html)
        assert downloads and all(resolve(site, url, href).is_file() for href in downloads), url


def test_every_municipality_with_data_has_a_card_for_each_indicator_and_its_own_download(sample):
    library, site = sample
    reported: dict[str, set[str]] = {}
    for o in library.observations:
        reported.setdefault(o.municipality, set()).add(o.indicator)
    assert len(reported) == 257  # official figures cover every municipality
    for code, indicators in reported.items():
        url = f"municipalities/{code.lower()}/"
        html = page(site, url)
        assert html.count('<h3 class="lk-card-title">') == len(indicators), url
        [own] = [href for href in re.findall(r'<a href="([^"]+)" download>', html) if "municipalities/" in href]
        rows = list(csv.DictReader(resolve(site, url, own).open(encoding="utf-8")))
        assert {r["indicator"] for r in rows} == indicators and {r["municipality_code"] for r in rows} == {code}


def test_the_downloads_of_the_sample_library_are_a_valid_data_package_with_official_counts(sample):
    library, site = sample
    check_data_package(site / "data")
    values = data_table(site / "data", "benchmarks.csv.zip")
    assert len(values) == len(library.observations)
    indicators = {row["id"]: row for row in data_table(site / "data", "indicators.csv")}
    official = [row for row in values if indicators[row["indicator"]]["illustrative"] == "false"]
    assert official and all(row["numerator"] and row["denominator"] and row["source"] for row in official)
    assert all(row["provenance"] == ("illustrative" if indicators[row["indicator"]]["illustrative"] == "true"
                                     else "official") for row in values)
    # Counts are written as people write them, not as floats.
    assert all("." not in row["numerator"] for row in official)


def test_every_made_up_source_says_it_is_illustrative(sample):
    """Three sources of sample case studies linked to example.org under a real-sounding title ("Expanded Public
    Works Programme") without the "(illustrative)" their neighbours carry."""
    from urllib.parse import urlsplit
    library, _ = sample
    made_up = [(c.slug, s.title) for c in library.case_studies for s in c.sources
               if (urlsplit(s.url).hostname or "").endswith("example.org")]
    assert len(made_up) > 20 and [source for source in made_up if "illustrative" not in source[1]] == []


def test_a_municipality_pages_notice_says_whose_figures_it_counts(sample):
    """Enoch Mgijima "has figures on 6 of the 28 indicators", all official; its notice then said "21 of the 28
    indicators on this page are illustrative ... The other 7 are official", counting its peer group's figures
    too without saying so, and a reader looked for a seventh figure of its own."""
    _, site = sample
    html = page(site, "municipalities/ec139/")
    assert "Enoch Mgijima has figures on 6 of the 28 indicators." in html
    assert "indicators on this page (Enoch Mgijima&#39;s own and other municipalities&#39;) are illustrative" in html
    jozini = page(site, "municipalities/kzn272/")  # its own figures only: nothing to tell apart
    assert "own and other municipalities" not in jozini and 'class="admonition warning lk-illustrative"' in jozini


def test_a_municipalitys_table_says_what_each_benchmark_is_and_of_when(sample):
    """Jozini's table gave 13.6 as the "benchmark" of informal dwellings beside the target 80.0 of ward AIDS
    committees, with nothing to tell a national figure of 2011 (which a value is only above or below)
    from a target (which it can meet)."""
    _, site = sample
    rows = {row["indicator"]: row for row in data_table(site / "data", "municipalities/kzn272.csv")}
    assert [rows["informal-dwelling"][c] for c in ("benchmark", "benchmark_kind", "benchmark_year")] == [
        "13.6", "comparison", "2011"]
    assert [rows["HA1.1"][c] for c in ("benchmark", "benchmark_kind", "benchmark_year")] == ["80.0", "target", ""]


def _latest(library) -> dict[tuple[str, str], tuple[int, float]]:
    latest = {}
    for o in library.observations:
        key = (o.municipality, o.indicator)
        if key not in latest or o.year > latest[key][0]:
            latest[key] = (o.year, o.value)
    return latest


def test_no_municipality_page_is_a_dead_end(sample):
    """All 257: each has at least one peer comparison and one way forward."""
    library, site = sample
    assert len(library.municipalities) == 257
    for m in library.municipalities.values():
        url = f"municipalities/{m.slug}/"
        html = page(site, url)
        comparison = ('<h3 class="lk-card-title">' in html and "mostly" in html or "<dt>Rank</dt>" in html
                      or 'id="peer-group"' in html)
        assert comparison, url
        forward = html[html.index('id="submit-data"'):]
        assert "download>CSV template</a>" in forward and "toolkits/running-a-benchmarking-exercise/" in forward, url
        if "No data have been submitted" in html:
            assert 'id="peer-group"' in html and 'id="neighbours"' in html, url


def test_the_leaders_to_compare_with_say_when_illustrative_values_chose_them(sample):
    """Matzikama has official figures only, on which it is ahead of the leaders its page links to: they lead its
    peer group on the illustrative indicators, and the link says so; Jozini's lead it on both kinds."""
    _, site = sample
    link = re.compile(r"Compare with its peer group's leaders</a>\s*(<span[^>]*>\(leading on ([^)]*)\)</span>)?")
    said = {code: link.search(page(site, f"municipalities/{code}/")).group(2) for code in ("wc011", "kzn272")}
    assert said == {"wc011": "illustrative values", "kzn272": "official and illustrative values"}


def test_every_municipality_that_reported_an_indicator_is_on_its_page(sample):
    """An indicator's page ranks its latest year; a municipality whose latest value is older (Mogale City's
    GG2.1 of 2022, its case study's result) is listed under the ranking with its own year, never left out."""
    library, site = sample
    reported: dict[str, set[str]] = {}
    for o in library.observations:
        reported.setdefault(o.indicator, set()).add(o.municipality)
    for indicator in library.indicators.values():
        html = page(site, addresses.indicator(indicator))
        ranking = html[html.index('id="ranking"'):html.index("</table>", html.index('id="ranking"'))]
        older = html[html.index('id="older"'):].split("</p>")[0] if 'id="older"' in html else ""
        shown = set(re.findall(r'data-m="([^"]+)"', ranking + older))
        assert shown == reported.get(indicator.id, set()), indicator.id
    gg21 = page(site, "indicators/gg2-1/")
    assert re.search(r'data-m="GT481" data-y="2022"><a [^>]*>Mogale City</a>', gg21)


def test_no_two_municipalities_are_shown_under_one_name(sample):
    """Emalahleni is a municipality in the Eastern Cape (EC136) and one in Mpumalanga (MP312): Jozini's card
    listed "Emalahleni 38.7%" as a peer and "Emalahleni reports 67.9%" beside a person, one name, two figures."""
    library, site = sample
    names = [m.name for m in library.municipalities.values()]
    assert len(set(names)) == len(names) == 257
    assert library.municipalities["EC136"].name == "Emalahleni, Eastern Cape"
    jozini = text_of(page(site, "municipalities/kzn272/"))
    assert "Emalahleni, Mpumalanga reports" in jozini and not re.search(r"Emalahleni(?!, )", jozini)
    assert ">Emalahleni, Mpumalanga</h1>" in page(site, "municipalities/mp312/")
    # The data files keep the registry's name, beside the code and province that tell the two apart.
    assert "\nMP312,Emalahleni,B," in (site / "data" / "municipalities.csv").read_text(encoding="utf-8")


def test_a_card_never_says_there_is_no_practice_where_the_municipality_has_its_own(sample):
    """eThekwini's water-losses card said "No practice on this indicator yet" above its own case study on it,
    which the indicator's page lists: the card's practices are others', and now say so."""
    library, site = sample
    checked = 0
    for m in library.municipalities.values():
        html = page(site, f"municipalities/{m.slug}/")
        for case in (c for c in library.case_studies if m.code in c.municipalities):
            for indicator_id in case.about:
                slug = re.escape(library.indicators[indicator_id].slug)  # the card runs to the next card or the end
                card = re.search(rf'<li id="indicator-{slug}".*?(?=<li id="indicator-|</main>)', html, re.S)
                if not card or 'class="lk-practices"' not in card.group(0):
                    continue  # no card, or one that meets its benchmark
                practices = text_of(re.search(r'<p class="lk-practices">.*?</p>', card.group(0), re.S).group(0))
                assert "No practice on this indicator" not in practices, (m.code, indicator_id, practices)
                assert f"{m.name}'s own practice" in practices and case.title in practices, (m.code, practices)
                checked += 1
    assert checked, "no municipality's card had its own practice: the test shows nothing"


def test_an_indicator_without_a_code_is_shown_by_its_name_alone(sample):
    """"flush-toilet" and "piped-water-scheme" name files and addresses; shown beside a name, in a chart's
    bars and in its caption, they read as codes like WS5.1 that mean nothing."""
    library, site = sample
    ids = [i.id for i in library.indicators.values() if not i.code]
    assert "flush-toilet" in ids and library.indicators["WS5.1"].code == "WS5.1"
    shown = re.compile(r"\b(" + "|".join(map(re.escape, ids)) + r")\b")
    found = []
    for path in site.rglob("index.html"):
        html = re.sub(r"<(script|style|code)\b.*?</\1>", "", path.read_text(encoding="utf-8"), flags=re.S)  # code: ids as ids
        found += [(path.parent.name, m) for m in shown.findall(text_of(re.sub(r"<[^>]+>", " ", html)))]
    for chart in (site / "charts").rglob("*.svg"):
        found += [(chart.name, m) for m in shown.findall(" ".join(re.findall(r"<text[^>]*>([^<]*)", chart.read_text())))]
    assert found == []


def test_a_districts_locals_are_listed_with_their_figures_a_tap_away(sample):
    """Umkhanyakude's locals were each one run-on paragraph of every figure (Jozini's a screen and a half on a
    phone): each is now a line, its figures in a list behind "Its latest figure on 23 indicators"."""
    _, site = sample
    html = page(site, "municipalities/dc27/")
    section = html[html.index('<section id="neighbours"'):]
    section = section[:section.index("</section>")]
    locals_ = re.findall(r'<li data-m="(\w+)">.*?</details></li>', section, re.S)
    assert len(locals_) == 4, locals_
    for item in re.findall(r'<li data-m="\w+">.*?</details></li>', section, re.S):
        count = int(re.search(r"<summary>Its latest figure on (\d+) indicators?</summary>", item).group(1))
        assert len(re.findall(r'<li data-i="', item)) == count


def test_the_list_of_municipalities_says_what_data_each_has(sample):
    library, site = sample
    text = text_of(page(site, "municipalities/"))
    assert "257 have official figures and 60 have illustrative sample values" in text
    assert "no data yet" not in text
    for m in library.municipalities.values():
        own = {o.indicator for o in library.observations if o.municipality == m.code}
        official = sum(1 for i in own if not library.indicators[i].illustrative)
        illustrative = len(own) - official
        words = ", ".join([f"{official} official"] + ([f"{illustrative} illustrative"] if illustrative else []))
        assert f"{m.name} {m.code} · {m.miif_category} · {words} indicators" in text, m.code


def test_every_suggested_peer_does_better_and_places_agree_with_the_indicator_pages(sample):
    library, site = sample
    latest = _latest(library)
    indicator_rows: dict[str, dict[str, tuple[str, str]]] = {}
    for indicator in library.indicators.values():
        html = page(site, f"indicators/{indicator.slug}/")
        table = html[html.index("<caption>All municipalities with a value for"):]
        table = table[:table.index("</table>")]
        rows = re.findall(r'municipalities/(\w+)/">.*?</th>.*?<td>(=?\d+ of \d+)</td><td>([^<]*)</td></tr>', table, re.S)
        indicator_rows[indicator.id] = {code.upper(): (rank, q) for code, rank, q in rows}
    checked_peers = checked_places = 0
    for code in {c for c, _ in latest}:
        m = library.municipalities[code]
        html = page(site, f"municipalities/{m.slug}/")
        for indicator in library.indicators.values():
            if (code, indicator.id) not in latest:
                continue
            year, value = latest[code, indicator.id]
            card = re.search(rf'<a href="../../indicators/{indicator.slug}/">.*?</dl>', html, re.S).group(0)
            words = re.search(r'<dt>Rank</dt><dd><span data-f="rank">(=?\d+)\w\w of (\d+) ', card)
            on_indicator_page = indicator_rows[indicator.id].get(code)
            if '<strong data-f="v">' in card and on_indicator_page and f"in {year}" in card:
                assert f"{words.group(1)} of {words.group(2)}" == on_indicator_page[0], (code, indicator.id)
                quarter = None if on_indicator_page[1] == "–" else on_indicator_page[1]
                assert (quarter is None) == ("of its peer group" not in card.split("<dt>Rating</dt>")[1]), (code, indicator.id)
                if quarter:
                    assert f"{quarter} of its peer group" in card, (code, indicator.id)
                checked_places += 1
            section = re.search(rf'id="better-{indicator.slug}">.*?</ul>', html, re.S)  # in its card
            for peer in re.findall(r'<li data-m="\w+" data-y="\d+"><a href="\.\./(\w+)/">', section.group(0) if section else ""):
                _, peer_value = latest[peer.upper(), indicator.id]
                better = peer_value > value if indicator.better.value == "higher" else peer_value < value
                assert better, (code, indicator.id, peer, peer_value, value)
                checked_peers += 1
    assert checked_peers > 500 and checked_places > 500


def test_peers_who_do_better_come_with_their_reason_in_numbers(sample):
    _, site = sample
    html = page(site, "municipalities/kzn272/")
    peers = html[html.index('class="lk-areas"'):]  # in the cards of the indicators short of their benchmark
    reasons = [text_of(r).strip() for r in re.findall(r'<span class="lk-reason">(.*?)</span>\s*(?:<br>|</li>)', peers, re.S)]
    assert reasons and all(re.search(r"(percentage points?|days|litres|%|meetings|\w) better than Jozini", r)
                           for r in reasons)
    assert any(r.startswith("also a mostly rural local:") for r in reasons)
    text = re.sub(r"<script.*?</script>", "", html, flags=re.S)
    assert "hIV" not in text and "((" not in text and "))" not in text


def test_charts_of_illustrative_data_say_so(sample):
    _, site = sample
    html = page(site, "indicators/ws5-1/")
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S)
    assert len(captions) >= 3 and all("Illustrative data, not official statistics" in c for c in captions)
    assert "Illustrative data" in page(site, "municipalities/eth/")
    assert Path(site / "data" / "datapackage.json").is_file()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_official_values_appear_on_their_municipality_and_indicator_pages(sample):
    library, site = sample
    official = sorted((o for o in library.observations if o.numerator is not None),
                      key=lambda o: (o.indicator, o.municipality, o.year))
    assert len(official) == 2028
    municipality_pages: dict[str, str] = {}
    indicator_pages: dict[str, str] = {}
    for o in official[::17]:  # 120 rows across every indicator, year and kind of municipality
        indicator, municipality = library.indicators[o.indicator], library.municipalities[o.municipality]
        shown = format_value(o.value, "%", 1)  # every official share is written with one decimal
        own = municipality_pages.setdefault(o.municipality, page(site, f"municipalities/{municipality.slug}/"))
        # The indicator's card gives the latest value ("Latest 38.6% in 2011") and the first
        # year of its trend ("since 57.1% in 2011").
        card = text_of(own[own.index(f'<li id="indicator-{indicator.slug}"'):][:6000])[:700]
        assert f"{shown} in {o.year}" in card, (o, shown, card)
        ranking = indicator_pages.setdefault(o.indicator, page(site, f"indicators/{indicator.slug}/"))
        link = f'municipalities/{municipality.slug}/">{escape(municipality.name)}</a>'
        table = ranking[ranking.index(f'id="values-{o.year}"'):] if f'id="values-{o.year}"' in ranking else \
            ranking[ranking.index('id="ranking"'):]
        row = table[table.index(link):]
        assert f"<td>{shown}</td>" in row[:300], (o, shown)


def test_the_illustrative_banner_is_on_every_illustrative_indicator_page_and_no_official_one(sample):
    library, site = sample
    for indicator in library.indicators.values():
        html = page(site, f"indicators/{indicator.slug}/")
        assert ('class="admonition warning lk-illustrative"' in html) == indicator.illustrative, indicator.id
        assert ("Official statistics" in html) == (not indicator.illustrative)
    official = [i for i in library.indicators.values() if not i.illustrative]
    totals = page(site, f"indicators/{official[0].slug}/")
    assert "National and peer-group figures" in totals and "total" in totals


def sample_pages(library) -> dict[str, str]:
    """The address of every item made up for demonstration, with its kind."""
    kinds = {"case study": (library.case_studies, addresses.case_study),
             "toolkit": (library.toolkits, addresses.toolkit),
             "person": (library.people.values(), addresses.person),
             "research": (library.research, addresses.research),
             "peer review": (library.peer_reviews, addresses.peer_review),
             "network": (library.networks.values(), addresses.network)}
    return {address(item): kind for kind, (items, address) in kinds.items() for item in items if item.sample}


def test_every_sample_item_is_labelled_wherever_it_appears(sample):
    library, site = sample
    samples = sample_pages(library)
    assert set(samples.values()) == {"case study", "person", "research", "peer review", "network"}
    links: dict[str, int] = {}
    for file in site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        for match in re.finditer(r'<a href="([^"#?]+)"[^>]*>(.*?)</a>', html, re.S):
            target = (file.parent / match.group(1)).resolve()
            if not target.is_relative_to(site.resolve()) or target == site.resolve():
                continue
            relative = target.relative_to(site.resolve()).as_posix() + "/"
            if relative in samples and file.parent.resolve() != target:
                links[samples[relative]] = links.get(samples[relative], 0) + 1
                assert "lk-sample-label" in html[match.end():match.end() + 60], (file, match.group(0))
        assert 'href="tel:' not in html, file
    # Every kind is linked from other pages (municipality, indicator, people, network, home...), all labelled.
    assert links["case study"] > 100 and links["person"] > 100, links
    assert min(links[kind] for kind in ("research", "peer review", "network")) >= 10, links
    for url in samples:
        html = page(site, url)
        assert 'class="admonition warning lk-sample"' in html, url
        # Its search record: the "Sample content" filter and the label beside the result.
        assert f'"{FILTER_VALUE}"' in html and '="Sample"' in html, url
    home = text_of(page(site, ""))
    assert ("The case studies, people, research outputs, peer reviews and learning networks marked Sample were "
            "made up") in home


def test_no_sample_address_is_a_link_to_write_to(sample):
    """The sample's people are made up: their addresses (example.org) are shown as text, never as a mailto:
    link a reader would use, on every page (municipality cards, case studies, people); the request buttons,
    which reach the people who run the library, stay the way to ask."""
    _, site = sample
    written = {}
    for path in site.rglob("*.html"):
        links = re.findall(r'href="mailto:([^"?]+)', path.read_text(encoding="utf-8"))
        written.update({address: path.relative_to(site).as_posix() for address in links})
    assert written and all(not address.endswith("example.org") or address.startswith("coordinator@")
                           for address in written), written
    jozini = page(site, "municipalities/kzn272/")
    assert "nomsa.skhosana@example.org <span class=\"lk-meta\">(sample address, not monitored)</span>" in jozini


def test_the_feed_labels_every_sample_case_study(sample):
    library, site = sample
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    entries = re.findall(r"<entry>.*?</entry>", feed, re.S)
    assert len(entries) == min(50, len(library.case_studies))
    by_title = {c.title: c for c in library.case_studies}
    for entry in entries:
        title = unescape(re.search(r"<title>(.*?)</title>", entry).group(1))
        case = by_title[title.removeprefix("[Sample] ")]
        assert title.startswith("[Sample] ") == case.sample, title
        summary = unescape(re.search(r"<summary>(.*?)</summary>", entry).group(1))
        assert summary.startswith("Sample case study, made up for demonstration") == case.sample, summary


def test_calendars_label_every_meeting_of_a_sample_network(sample):
    from icalendar import Calendar

    library, site = sample
    calendars = 0
    for network in library.networks.values():
        path = site / addresses.network_calendar(network)
        if not path.is_file():
            continue
        calendars += 1
        calendar = Calendar.from_ical(path.read_bytes())
        assert str(calendar["X-WR-CALNAME"]).startswith("[Sample] ") == network.sample
        events = calendar.walk("VEVENT")
        assert events, network.id
        for event in events:
            assert str(event["SUMMARY"]).startswith(f"[Sample] {network.title}: ") == network.sample
            assert str(event["DESCRIPTION"]).startswith(
                "Sample meeting, made up for demonstration: not a real meeting.\n") == network.sample
    assert calendars == 2 and all(n.sample for n in library.networks.values()
                                  if (site / addresses.network_calendar(n)).is_file())


def test_every_download_that_lists_sample_items_has_a_sample_column(sample):
    library, site = sample
    expected = {
        "network-meetings.csv": [n.sample for n in library.networks.values() for _ in n.meetings],
        "research.csv": [r.sample for r in library.research],
        "peer-reviews.csv": [r.sample for r in library.peer_reviews],
    }
    for name, flags in expected.items():
        rows = data_table(site / "data", name)
        assert [row["sample"] for row in rows] == ["true" if f else "false" for f in flags], name
        assert any(flags)


def test_search_results_and_the_sample_filter_carry_the_label(sample, browser):
    from browser import serve

    library, site = sample
    samples = sample_pages(library)
    with serve(site) as base:
        tab = browser.new_page()
        tab.goto(base + "search/")
        found = tab.evaluate("""async (value) => {
            const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
            const filters = await pagefind.filters();
            const search = await pagefind.search(null, {filters: {sample: value}});
            const results = await Promise.all(search.results.map(r => r.data()));
            return {count: filters.sample[value], results: results.map(r => [r.url, r.meta.sample || ""])};
        }""", FILTER_VALUE)
        tab.close()
    assert found["count"] == len(samples)
    assert sorted(url.lstrip("/") for url, _ in found["results"]) == sorted(samples)
    assert all(label == "Sample" for _, label in found["results"])


def test_sample_content_reaches_no_real_person():
    reserved = re.compile(r"@(example\.(org|com|net)|[a-z0-9.-]+\.(invalid|test|example))$")
    for path in sorted((REPO / "content" / "case-studies").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for email in re.findall(r"[\w.+-]+@[\w.-]+\.\w+", text):
            assert reserved.search(email), (path.name, email)


def test_a_case_studys_review_names_each_person_for_what_they_did(sample):
    """An endorsed practice said "Endorsed by" its two peer reviewers: the curator who endorsed it was not named."""
    library, site = sample
    endorsed = [c for c in library.case_studies if c.review and c.review.endorsed_by]
    assert endorsed
    for case in endorsed:
        review = case.review
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(site, f"case-studies/{case.slug}/")))
        assert (f"Endorsed by {review.endorsed_by}, a curator of the library; peer reviewed by "
                f"{', '.join(review.reviewers)}") in text, case.slug
    peer_reviewed = [c for c in library.case_studies if c.review and c.review.status.value == "peer-reviewed"]
    for case in peer_reviewed:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(site, f"case-studies/{case.slug}/")))
        assert f"Peer reviewed by {', '.join(case.review.reviewers)}" in text, case.slug
    # Buffalo City's read "Submitted by Nomvula Dlamini", naming its reviewer as its author; and the made-up
    # names of a sample's reviewers and curator stood without a word that they are made up.
    submitted = [c for c in library.case_studies if c.review and c.review.status.value == "submitted" and c.review.reviewers]
    assert submitted
    for case in submitted:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(site, f"case-studies/{case.slug}/")))
        assert f"Submitted; being reviewed by {', '.join(case.review.reviewers)}" in text, case.slug
    for case in library.case_studies:
        if case.review and (case.review.reviewers or case.review.endorsed_by) and case.sample:
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page(site, f"case-studies/{case.slug}/")))
            assert "(made-up names, as the whole sample is)" in text, case.slug


def test_a_card_that_finds_no_better_peer_says_how_many_do_better_elsewhere(sample):
    """Buffalo City's title-deed card said "No municipality reports a better value" while Bela-Bela, a small town
    of another province, did better, and was named under it: the peers looked at are its group, province and
    size, and the card must not speak for every municipality. Checked against the data download."""
    _, site = sample
    better = {row["id"]: row["better"] for row in data_table(site / "data", "indicators.csv")}
    latest: dict[str, dict[str, float]] = {}
    for row in data_table(site / "data", "benchmarks.csv.zip"):  # rows by year: the last one of each is its latest
        latest.setdefault(row["indicator"], {})[row["municipality_code"]] = float(row["value"])
    said = 0
    for path in sorted((site / "municipalities").glob("*/index.html")):
        for card in path.read_text(encoding="utf-8").split('<li id="indicator-')[1:]:
            indicator = re.search(r'data-i="([^"]+)"', card).group(1)
            text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", card))
            values, code = latest[indicator], path.parent.name.upper()
            sign = 1 if better[indicator] == "higher" else -1
            ahead = sum(1 for v in values.values() if sign * (v - values[code]) > 0)
            if "No municipality reports a better value" in text:
                assert ahead == 0, (code, indicator)
                said += 1
            elsewhere = re.search(r"reports a better value; (\d+) municipalit(y|ies) elsewhere", text)
            if elsewhere:
                assert int(elsewhere.group(1)) == ahead > 0, (code, indicator)
                said += 1
    assert said >= 10


def test_every_national_figure_says_its_year(sample):
    """A municipality's value said "5.0% in 2011" beside "national figure 58.3%": the comparison point had no
    year, though it is a figure of one (the census of 2011, the elections of 2016) as much as the value is."""
    _, site = sample
    shown = re.compile(r'[Nn]ational figure[^<]{0,40}(?:</dt>\s*<dd>\s*)?(?:<[^>]+>\s*)*'
                       r'<span data-f="cp">([^<]*)</span>(.{0,8})', re.S)
    seen = 0
    for path in site.rglob("*.html"):
        for value, after in shown.findall(path.read_text(encoding="utf-8")):
            assert re.match(r" in 20\d\d", after), (path.relative_to(site), value, after)
            seen += 1
    assert seen > 500


@pytest.mark.parametrize("address, plural", [("people/", "people"), ("networks/", "networks"), ("research/", "outputs"),
                                             ("peer-reviews/", "peer reviews")])
def test_a_list_of_sample_items_says_so_before_the_reader_relies_on_it(sample, address, plural):
    """/people/ opened with "Practitioners ... who agreed to be asked" over 35 made-up people, each with only a
    small tag: the list says how many are samples, under its lead, and what a request reaches."""
    _, site = sample
    html = page(site, address)
    items = len(re.findall(r'class="lk-sample-label">Sample</strong>', html)) - 1  # the note's own label
    note = re.search(r'<p class="lk-note lk-sample-note">(.*?)</p>', html, re.S)
    assert note and items > 0
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", note.group(1)))
    assert words.startswith(f"All {items} {plural} here are marked Sample: made up"), words


def test_every_value_on_a_peer_group_page_is_rated_as_it_is_everywhere_else(sample):
    """The peer-group pages marked only the values that meet the target or do better than the national figure:
    eThekwini's 31.6% non-revenue water stood bare there, "≈ close to the target" on the compare and indicator
    pages, and a blank read as no judgement."""
    _, site = sample
    rated = 0
    for path in sorted((site / "peer-groups").glob("*/index.html")):
        for section in path.read_text(encoding="utf-8").split('<section class="lk-indicator-block"')[1:]:
            if "No target or national figure." in section:
                continue
            for cell in re.findall(r'<tr data-m="[^"]+">.*?<td class="lk-number">(.*?)</td></tr>', section, re.S):
                assert 'class="lk-rating" data-r=' in cell, (path.parent.name, cell)
                rated += 1
    assert rated > 1000


def test_a_local_municipalitys_page_lists_its_districts_case_studies(sample):
    """Matzikama's LED officer read "Case studies of Matzikama: No case studies yet." while West Coast District's
    business licensing practice, worked across Matzikama and its other locals, was on her topic."""
    library, site = sample
    by_district = {}
    for case in library.case_studies:
        for code in case.municipalities:
            by_district.setdefault(code, []).append(case)
    checked = 0
    for m in library.municipalities.values():
        district_cases = [c for c in by_district.get(m.district or "", []) if m.code not in c.municipalities]
        if not district_cases:
            continue
        html = page(site, f"municipalities/{m.slug}/")
        listed = html[html.index('id="case-studies"'):html.index('id="facts-heading"')]
        for case in district_cases:
            assert f'case-studies/{case.slug}/"' in listed, (m.code, case.slug)
        checked += 1
    assert checked > 10
    assert "A shared business licensing process across a district" in page(site, "municipalities/wc011/")


def test_a_sample_networks_join_form_promises_nothing_of_its_made_up_coordinator(sample):
    """The Umkhanyakude network's form said "The coordinator passes it to Nomvula Khumalo, who coordinates the
    network", under a notice that says not to write to anyone named on the page: she is made up."""
    library, site = sample
    assert len(library.networks) > 3 and all(network.sample for network in library.networks.values())
    for slug in library.networks:
        html = re.sub(r"\s+", " ", page(site, f"networks/{slug}/"))
        assert "Ask to join" in html and "passes it to" not in html, slug
        assert "tells you how the network takes new members" in html, slug


def test_each_peer_who_does_better_is_rated_and_each_card_leads_to_its_row_in_the_full_ranking(sample):
    """Umkhanyakude's piped-water card named three better peers: two with "▲ above the national figure", the third,
    Umgungundlovu, below it but with no rating, so that it read as above too. And its own place, 223rd of 257 on the
    indicator's page, was twelve screens down that page with no way to it."""
    library, site = sample
    html = page(site, "municipalities/dc27/")
    start = html.index('id="indicator-piped-water-scheme"')
    card = html[start:html.index('<li id="indicator-', start)]
    peers = re.findall(r'<li data-m="(\w+)" data-y="\d+">(.*?)</li>', card, re.S)
    assert len(peers) >= 3
    for code, reason in peers:
        assert 'class="lk-rating"' in reason, code
    assert '<a href="../../indicators/piped-water-scheme/#m-dc27">Its row in the full ranking' in html
    assert 'id="m-dc27"' in page(site, "indicators/piped-water-scheme/")


def test_the_mentor_request_names_the_ratings_it_is_offered_for_with_the_words_the_cards_use(sample):
    """Cape Winelands' request read "where Cape Winelands is short of the target or below the national
    figure" for informal dwellings, which its card rates "▲ above the national figure (worse)": higher is
    worse there, and "below" said the opposite of the card."""
    _, site = sample
    offered_for_worse_above = 0
    for path in sorted((site / "municipalities").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        intro = re.search(r'<p class="lk-ask-intro">(.*?)</p>', html, re.S)
        if not intro:
            continue
        assert intro.group(1).endswith("is short of the target or worse than the national figure:"), path.parent.name
        offered_for_worse_above += 'data-r="worse">▲' in html
    assert offered_for_worse_above > 10


def test_every_browse_page_says_how_many_of_what_it_counts_are_samples(sample):
    """/browse/ showed "Eastern Cape 3 case studies", "2017 8 case studies" over 21 made-up case studies, and the
    word "sample" nowhere: a reader counting practices took them for real ones."""
    _, site = sample
    pages = sorted((site / "browse").rglob("index.html"))
    assert len(pages) > 50
    noted = 0
    for path in pages:
        html = path.read_text(encoding="utf-8")
        note = re.search(r'<p class="lk-note lk-sample-note">(.*?)</p>', html, re.S)
        if not note:  # a tag that only toolkits carry, none of them a sample
            assert "lk-sample-label" not in html and "/toolkits/" in html, path.relative_to(site)
            continue
        noted += 1
        words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", note.group(1)))
        assert re.match(r"(All \d+ case studies|\d+ of the \d+ case studies and toolkits|The only one) here (are|is)? ?"
                        r"marked Sample", words) or re.match(r"\d+ of the \d+ .* here (is|are) marked Sample", words), words
    assert noted > 50


def test_the_headline_gaps_say_how_they_are_ordered_and_are_in_that_order(sample):
    """Jozini's "Largest gaps on official figures" put unemployment (25.4 pp short) above piped water (38.4 pp):
    the order is by the gap as a share of the comparison point, which the page did not say, so the numbers
    seemed to contradict the heading."""
    _, site = sample
    checked = 0
    for path in sorted((site / "municipalities").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        block = re.search(r'id="standing-heading">(.*?)</h2>\s*<ol class="lk-headlines".*?>(.*?)</ol>.*?'
                          r'<p class="lk-meta lk-headlines-order">(.*?)</p>', html, re.S)
        if not block:
            continue
        heading, items, order = block.groups()
        shares = []
        for item in re.findall(r"<li.*?</li>", items, re.S):
            text = unescape(re.sub(r"<[^>]+>", "", item))
            point = re.search(r": (-?[\d.]+)%? in \d{4}; (?:national figure|target) (-?[\d.]+)%?", text)
            if point:
                value, of = float(point.group(1)), float(point.group(2))
                shares.append(abs(value - of) / of)
        if heading == "Largest gaps on official figures":
            assert order.startswith("The gaps above are in order, furthest behind first, measured as a share of each")
        elif shares:
            assert order.startswith("Above, the gaps first, furthest behind first"), (path.parent.name, order)
        else:
            assert heading == "Official figures: lowest places" and order.startswith("Above, its lowest places"), heading
        # Shares of the point as the figures are written: equal within rounding where two are close.
        assert all(a >= b - 0.01 for a, b in zip(shares, shares[1:])), (path.parent.name, shares)
        checked += len(shares) > 1
    assert checked > 100


def test_the_peer_group_pages_say_who_provides_water_as_each_municipality_page_does(sample):
    """C2's page said "the district, not its local municipalities, provides water and sanitation", while The
    Msunduzi, Newcastle, uMhlathuze and Polokwane, locals of C2 districts, say "Water services authority: yes"."""
    library, site = sample
    c2 = {m.code for m in library.municipalities.values() if m.miif_category == "C2"}
    providers = [m for m in library.municipalities.values() if m.district in c2 and m.water_services_authority]
    assert providers
    for m in providers:
        assert "Water services authority</dt><dd>yes" in page(site, f"municipalities/{m.code.lower()}/"), m.code
    words = re.sub(r"\s+", " ", page(site, "peer-groups/c2/"))
    assert "not its local municipalities" not in words and "except to a few secondary cities" in words
