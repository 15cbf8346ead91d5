"""Related practices and the text index: kept up to date incrementally, never shown stale."""

from __future__ import annotations

from generator.model.catalogue import Catalogue
from generator.model.library import load_library
from generator.text.related import find_related, indexed_practice, key_terms_store
from generator.text.index import TextIndex

EXTRA = """\
---
title: Finding leaks at night with district metered areas
municipality: CPT
service_area: water
year: 2019
summary: Cape Town split its network into district metered areas and chased night flows to find leaks.
indicators: [WS5.1]
---

Night flows showed where the leaks were; pressure management followed.
"""


def related_of(library, slug):
    lib, _ = load_library(library.content)
    return find_related(Catalogue(lib), library.root / ".lekgotla-cache")


def test_explicit_links_come_first_then_suggestions_with_reasons(library):
    library.write("case-studies/cape-town-night-flows.md", EXTRA)
    result = related_of(library, "pressure-management")
    suggestions = result.suggestions["pressure-management"]
    assert suggestions[0].slug == "mangaung-nrw" and suggestions[0].explicit
    cape_town = next(s for s in suggestions if s.slug == "cape-town-night-flows")
    assert "WS5.1" in cape_town.reason  # both target non-revenue water
    assert all(s.reason for s in suggestions) and len(suggestions) <= 5


def test_an_unchanged_library_is_served_from_the_cache(library):
    first = related_of(library, "pressure-management")
    again = related_of(library, "pressure-management")
    assert not first.from_cache and again.from_cache
    assert again.suggestions == first.suggestions


def test_only_added_changed_or_removed_documents_are_analysed_again(library):
    lib, _ = load_library(library.content)
    catalogue = Catalogue(lib)
    store = key_terms_store(library.root / ".lekgotla-cache")
    practices = [indexed_practice(catalogue, i) for i in (*lib.case_studies, *lib.toolkits)]
    assert len(store.update(practices).added) == 3
    library.edit("case-studies/mangaung-nrw.md", "Mangaung replaced meters.", "Mangaung replaced 40 000 meters.")
    library.write("case-studies/cape-town-night-flows.md", EXTRA)
    (library.content / "toolkits" / "benchmarking.md").unlink()
    lib, _ = load_library(library.content)
    catalogue = Catalogue(lib)
    fresh = key_terms_store(library.root / ".lekgotla-cache")  # as a later build would: from disk
    report = fresh.update(indexed_practice(catalogue, i) for i in (*lib.case_studies, *lib.toolkits))
    assert (report.added, report.changed, report.removed) == (["cape-town-night-flows"], ["mangaung-nrw"],
                                                              ["benchmarking"])


def test_the_full_text_index_updates_incrementally_and_finds_by_municipality_and_code(library, tmp_path):
    lib, _ = load_library(library.content)
    catalogue = Catalogue(lib)
    index = TextIndex(tmp_path / "text-index")
    practices = [indexed_practice(catalogue, i) for i in (*lib.case_studies, *lib.toolkits)]
    assert index.sync(practices).touched == 3
    assert TextIndex(tmp_path / "text-index").sync(practices).touched == 0
    assert [h.slug for h in index.search("eThekwini")] == ["pressure-management"]
    assert "pressure-management" in [h.slug for h in index.search("WS5.1")]
    assert [h.slug for h in index.search("meters", kind="toolkit")] == []


PLACE_WORDS = """\
---
title: Cape Town's night-flow teams
municipality: CPT
service_area: water
year: 2020
summary: Cape Town sent teams out at night in Cape Town.
---

Cape Town, Cape Town, Cape Town: the city of Cape Town did it.
"""


def test_a_reason_never_calls_a_shared_place_name_similar_wording(library):
    """"Similar wording: village, joe" (from Joe Morolong): two practices that share a place's name share a
    place, which each names already, not a way of working."""
    library.write("case-studies/cape-town-night-flows.md", EXTRA)
    library.write("case-studies/cape-town-night-teams.md", PLACE_WORDS)
    suggestions = related_of(library, "cape-town-night-teams").suggestions["cape-town-night-teams"]
    reasons = " ".join(s.reason for s in suggestions).lower()
    assert suggestions and "cape" not in reasons and "town" not in reasons, reasons
