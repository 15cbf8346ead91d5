"""Search in officials' words: the searches of tests/search-queries.yaml, each run in the sample
site's own search page (the real Pagefind index, in chromium, on a phone), must put their pages in
the top three; and the excerpts under the results read as sentences."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from tests.browser import serve

QUERIES = yaml.safe_load((Path(__file__).parent / "search-queries.yaml").read_text(encoding="utf-8"))
#: Words that run together where a page's markup had no break between two parts
#: ("reviewedJozini", "WorksMunicipal", "Dates2025"). Place names that start in lower case (eThekwini,
#: uMkhanyakude) or with Kwa (KwaZulu-Natal, KwaThema) are written so.
RUN_TOGETHER = re.compile(r"\b(?!Kwa|BibTeX|GitHub)[A-Za-z]*[a-z]{2}(?:[A-Z][a-z]|\d)")


@pytest.fixture(scope="module")
def search_page(sample_site, browser):
    with serve(sample_site) as base:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        yield lambda query: results_for(page, base, query)
        page.close()


def results_for(page, base: str, query: str) -> list[tuple[str, str]]:
    """(title, excerpt) of the first page of results the search page shows for ``query``."""
    page.goto(f"{base}search/?q={quote(query)}")
    page.wait_for_function("() => /result/.test(document.querySelector('[data-lk-status]').innerText)",
                           timeout=20000)
    return [(link.locator(".lk-result__title").inner_text(), link.locator(".lk-result__excerpt").inner_text())
            for link in page.locator(".lk-results .lk-result").all()]


def test_the_list_holds_at_least_thirty_searches_and_those_of_the_issue():
    queries = [q["query"] for q in QUERIES]
    assert len(set(queries)) == len(queries) >= 30
    assert {"youth jobs", "housing backlog", "NRW", "water losses"} <= set(queries)


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_a_search_in_officials_words_puts_its_pages_in_the_top_three(case, search_page):
    results = search_page(case["query"])
    titles = [title for title, _ in results]
    assert titles, f"{case['query']!r} finds nothing"
    assert [t for t in case.get("top3", []) if t not in titles[:3]] == [], titles[:3]
    assert case.get("first", titles[0]) == titles[0], titles[:3]
    assert [t for t in case.get("found", []) if t not in titles] == [], titles


@pytest.mark.parametrize("query", ["Jozini", "NRW", "mentorship", "peer review", "youth jobs", "housing backlog"])
def test_excerpts_read_as_sentences(query, search_page):
    excerpts = [excerpt for _, excerpt in search_page(query)]
    assert excerpts
    for excerpt in excerpts:
        assert "Members: ." not in excerpt and ": ." not in excerpt, excerpt
        assert not RUN_TOGETHER.findall(excerpt), excerpt


def test_a_network_without_members_lists_none(sample_site):
    from generator.model.library import load_library
    from generator.site.search_records import network_record
    from generator.text.synonyms import SearchVocabulary

    lib, _ = load_library(Path(__file__).resolve().parent.parent / "content")
    network = lib.networks["water-services-learning-network"]
    assert not network.members
    record = network_record(network, [lib.service_areas["water"]], [], SearchVocabulary(lib.search_synonyms))
    assert "Members" not in record.text and record.text.endswith(".")
