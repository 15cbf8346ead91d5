"""The shipped sample library (content/) builds into complete benchmarking pages."""

from __future__ import annotations

import csv
import re
from html import escape, unescape
from pathlib import Path

import pytest
from conftest import REPO
from test_benchmark_pages import images, page, resolve

from generator.analysis.benchmarking import format_value
from generator.cli.build import build_site
from generator.site import addresses
from generator.model.library import load_library


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    library, report = load_library(REPO / "content")
    assert library is not None, report.as_text()
    site = build_site(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample") / "site").site_dir
    return library, site


def test_every_indicator_has_a_page_with_charts_tables_and_downloads(sample):
    library, site = sample
    assert len(library.indicators) == 28  # 21 illustrative programme indicators, 7 official
    for indicator in library.indicators.values():
        url = f"indicators/{indicator.slug}/"
        html = page(site, url)
        charts = [i for i in images(html) if "charts/" in i["src"]]
        assert len(charts) == 3, url  # ranking, medians over time, distribution
        assert all(resolve(site, url, i["src"]).stat().st_size > 1000 for i in charts), url
        assert html.count("<table") >= 3
        downloads = re.findall(r'<a href="([^"]+)" download>', html)
        assert downloads and all(resolve(site, url, href).is_file() for href in downloads), url


def test_every_municipality_with_data_has_a_scorecard(sample):
    library, site = sample
    reported: dict[str, set[str]] = {}
    for o in library.observations:
        reported.setdefault(o.municipality, set()).add(o.indicator)
    assert len(reported) == 257  # official figures cover every municipality
    for code, indicators in reported.items():
        url = f"municipalities/{code.lower()}/"
        html = page(site, url)
        assert 'id="scorecard-heading"' in html, url
        charts = [i for i in images(html) if f"charts/municipalities/{code.lower()}/" in i["src"]]
        assert len(charts) == len(indicators), url
        assert html.count("<summary>Data table</summary>") == len(indicators)
        [own] = [href for href in re.findall(r'<a href="([^"]+)" download>', html) if "municipalities/" in href]
        rows = list(csv.DictReader(resolve(site, url, own).open(encoding="utf-8")))
        assert {r["indicator"] for r in rows} == indicators and {r["municipality_code"] for r in rows} == {code}


def test_scorecards_point_to_peer_practices_with_reasons(sample):
    _, site = sample
    with_peers = []
    for file in sorted((site / "municipalities").glob("*/index.html")):
        html = file.read_text(encoding="utf-8")
        if 'class="lk-learn">Learn from peers:' in html:
            with_peers.append(html)
    assert len(with_peers) >= 10
    reasons = re.findall(r'<span class="lk-reason">([^<]+)</span>', "".join(with_peers))
    assert any(", also a metro," in r for r in reasons)
    assert all(re.search(r"\b(raised|reduced|meets the benchmark)\b", r) for r in reasons)


def test_charts_of_illustrative_data_say_so(sample):
    library, site = sample
    html = page(site, "municipalities/eth/")
    figures = re.findall(r'<figure class="lk-chart[^"]*">\s*<img src="[^"]*/([^/"]+)\.svg".*?<figcaption[^>]*>(.*?)</figcaption>',
                         html, re.S)
    assert len(figures) >= 20
    by_slug = {i.slug: i for i in library.indicators.values()}
    for slug, caption in figures:
        assert ("Illustrative data, not official statistics" in caption) == by_slug[slug].illustrative, slug
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
        shown = format_value(round(o.value, 1), "%")
        own = municipality_pages.setdefault(o.municipality, text_of(page(site, f"municipalities/{municipality.slug}/")))
        # The data table under the indicator's chart lists every year: "2011 38.6% ..."
        heading = own.rindex(f"{indicator.name} {indicator.id}")
        section = own[own.index("Data table", heading):]
        assert f"{o.year} {shown}" in section[:400], (o, shown)
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
    assert len(samples) == len(library.case_studies) == 20
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
    assert feed.count("<title>[Sample] ") == feed.count("<entry>") == 20
    assert "A demonstration library" in page(site, "")


def test_sample_content_reaches_no_real_person():
    reserved = re.compile(r"@(example\.(org|com|net)|[a-z0-9.-]+\.(invalid|test|example))$")
    for path in sorted((REPO / "content" / "case-studies").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for email in re.findall(r"[\w.+-]+@[\w.-]+\.\w+", text):
            assert reserved.search(email), (path.name, email)
