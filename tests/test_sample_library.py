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


def test_every_suggested_peer_does_better_and_places_agree_with_the_indicator_pages(sample):
    library, site = sample
    latest = _latest(library)
    indicator_rows: dict[str, dict[str, tuple[str, str]]] = {}
    for indicator in library.indicators.values():
        html = page(site, f"indicators/{indicator.slug}/")
        table = html[html.index("<caption>All municipalities that reported"):]
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
                quarter = {"Q1 (top)": "top quarter", "Q4 (bottom)": "bottom quarter", "Q2": "middle half",
                           "Q3": "middle half"}.get(on_indicator_page[1])
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
        own = municipality_pages.setdefault(o.municipality, text_of(page(site, f"municipalities/{municipality.slug}/")))
        # The indicator's card gives the latest value ("Latest 38.6% in 2011") and the first
        # year of its trend ("since 57.1% in 2011").
        card = own[own.index(f"{indicator.name} {indicator.id}"):][:700]
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


def test_every_sample_item_is_labelled_wherever_it_appears(sample):
    library, site = sample
    samples = ({addresses.case_study(c) for c in library.case_studies if c.sample}
               | {addresses.toolkit(t) for t in library.toolkits if t.sample})
    assert len(samples) == len(library.case_studies) >= 20
    links = 0
    for file in site.rglob("*.html"):
        html = file.read_text(encoding="utf-8")
        for match in re.finditer(r'<a href="([^"]+)">[^<]+</a>', html):
            target = (file.parent / match.group(1)).resolve()
            relative = target.relative_to(site.resolve()).as_posix() + "/" if target != site.resolve() else ""
            if relative in samples and file.parent.resolve() != target:
                links += 1
                assert "lk-sample-label" in html[match.end():match.end() + 60], (file, match.group(0))
        assert 'href="tel:' not in html, file
    assert links > 100
    for url in samples:
        html = page(site, url)
        assert 'class="admonition warning lk-sample"' in html and "data-m" in html and '="Sample"' in html
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<title>[Sample] ") == feed.count("<entry>") == len(samples)
    assert "A demonstration library" in page(site, "")


def test_sample_content_reaches_no_real_person():
    reserved = re.compile(r"@(example\.(org|com|net)|[a-z0-9.-]+\.(invalid|test|example))$")
    for path in sorted((REPO / "content" / "case-studies").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for email in re.findall(r"[\w.+-]+@[\w.-]+\.\w+", text):
            assert reserved.search(email), (path.name, email)
