"""Addresses and typed pages, without a MkDocs build: one module spells every address,
and every page the site step makes lives where that module says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.analysis.benchmarking import analyse
from generator.model.catalogue import Catalogue
from generator.model.library import load_library
from generator.site import addresses
import datetime as dt

from generator.site.benchmark_pages import BenchmarkPages
from generator.site.connection_pages import connection_pages
from generator.site.peer_pages import comparison_pages
from generator.site.page_kinds import (CaseStudyPage, IndicatorPage, MunicipalityPage, NetworkPage, Page,
                                       PersonPage, ServiceAreaPage, ToolkitPage)
from generator.site.pages import NAV, site_pages
from generator.packaged import THEME_DIR

REPO = Path(__file__).resolve().parent.parent
THEME = THEME_DIR


@pytest.fixture
def pages(library) -> dict[str, Page]:
    lib, report = load_library(library.content)
    assert lib is not None, report.as_text()
    catalogue = Catalogue(lib)
    benchmarks = BenchmarkPages(catalogue, analyse(lib))
    made = [*site_pages(catalogue, benchmarks, {}), *connection_pages(catalogue, dt.date.today()), *benchmarks.pages(),
            *comparison_pages(catalogue, benchmarks.benchmarks)]
    return {page.src_uri: page for page in made}


def test_addresses_are_folder_style_and_relative(library):
    lib, _ = load_library(library.content)
    case, toolkit = lib.case_studies[0], lib.toolkits[0]
    eth, indicator = lib.municipalities["ETH"], lib.indicators["WS5.1"]
    assert addresses.case_study(case) == f"case-studies/{case.slug}/"
    assert addresses.toolkit(toolkit) == f"toolkits/{toolkit.slug}/"
    assert addresses.municipality(eth) == "municipalities/eth/"
    assert addresses.indicator(indicator) == "indicators/ws5-1/"
    assert addresses.indicator(indicator, "top-performers") == "indicators/ws5-1/#top-performers"
    assert addresses.indicator_definition(indicator) == "service-areas/water/#ws5-1"
    assert addresses.province("KZN") == "browse/provinces/kzn/"
    assert addresses.tag("metering") == "browse/tags/metering/"
    assert addresses.year(2016) == "browse/years/2016/"
    assert addresses.person("sipho-ndlovu") == "people/sipho-ndlovu/"
    assert addresses.indicator_csv(indicator) == "data/indicators/ws5-1.csv"


def test_the_address_filter_knows_every_kind_of_page_and_refuses_anything_else(library):
    lib, _ = load_library(library.content)
    things = [lib.case_studies[0], lib.toolkits[0], lib.municipalities["ETH"], lib.indicators["WS5.1"],
              lib.service_areas["water"], next(iter(lib.networks.values())), lib.toolkits[0].files[0]]
    assert [addresses.of(t) for t in things] == [
        addresses.case_study(things[0]), addresses.toolkit(things[1]), "municipalities/eth/", "indicators/ws5-1/",
        "service-areas/water/", "networks/water-services-learning-network/", "toolkits/files/template.csv"]
    with pytest.raises(TypeError):
        addresses.of("municipalities/eth/")


@pytest.mark.parametrize("address, source", [
    ("", "index.md"), ("case-studies/", "case-studies/index.md"), ("case-studies/x/", "case-studies/x.md"),
    ("search/", "search.md"), ("browse/tags/water/", "browse/tags/water.md")])
def test_each_address_has_one_markdown_source(address, source):
    assert addresses.page_source(address) == source


def test_every_page_lives_where_the_addresses_module_says(pages):
    expected = {CaseStudyPage: lambda p: addresses.case_study(p.case),
                ToolkitPage: lambda p: addresses.toolkit(p.toolkit),
                MunicipalityPage: lambda p: addresses.municipality(p.municipality),
                IndicatorPage: lambda p: addresses.indicator(p.indicator),
                ServiceAreaPage: lambda p: addresses.service_area(p.area),
                NetworkPage: lambda p: addresses.network(p.network), PersonPage: lambda p: addresses.person(p.person)}
    seen = set()
    for page in pages.values():
        if type(page) in expected:
            assert page.src_uri == addresses.page_source(expected[type(page)](page))
            seen.add(type(page))
    assert seen == set(expected) - {PersonPage}  # the fixture library has no content/people/
    for entry in NAV:  # the suggestion form is the contribute step's page
        assert next(iter(entry.values())) in {*pages, "suggest.md"}


def test_pages_are_complete_when_built(pages):
    case = pages["case-studies/pressure-management.md"]
    assert case.search.type == "Case study" and case.source_path == "content/case-studies/pressure-management.md"
    assert len(case.outcome_charts) == 1 and case.related[0].slug == "mangaung-nrw"
    eth = pages["municipalities/eth.md"]
    assert eth.view.areas and eth.search.type == "Municipality"
    assert not pages["municipalities/wc024.md"].view.reported_areas  # reported nothing: the page says so
    water = pages["service-areas/water.md"]
    assert water.source_path == "content/benchmarks/water.yaml" and water.overview
    assert pages["case-studies/index.md"].search is None  # index pages are not search results


def test_each_page_kind_has_its_template():
    kinds = {cls.template for cls in _subclasses(Page)}
    templates = {p.stem for p in (THEME / "lekgotla").glob("*.html")}
    assert kinds <= templates, kinds - templates


def test_no_template_builds_an_address_by_concatenation():
    found = []
    # Our templates; mkdocs-material's (and our copies of them) use MkDocs' own page.url.
    for path in [*(THEME / "lekgotla").rglob("*.html"), THEME / "main.html", THEME / "feed.xml"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""['"][\w-]+/['"]\s*~|~\s*['"]/""", line) or re.search(r"\.url\s*\|\s*url", line):
                found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)
