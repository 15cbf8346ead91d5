"""The shipped sample library (content/) builds into complete benchmarking pages."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import REPO
from test_benchmark_pages import images, page, resolve

from generator.model.library import load_library


@pytest.fixture(scope="module")
def sample(sample_site):
    library, report = load_library(REPO / "content")
    assert library is not None, report.as_text()
    return library, sample_site


def test_every_indicator_has_a_page_with_charts_tables_and_downloads(sample):
    library, site = sample
    assert len(library.indicators) == 21
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
    assert len(reported) == 60
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
    _, site = sample
    html = page(site, "municipalities/eth/")
    captions = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S)
    assert len(captions) >= 10 and all("Illustrative data, not official statistics" in c for c in captions)
    assert Path(site / "data" / "datapackage.json").is_file()
