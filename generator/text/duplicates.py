"""Probable duplicate submissions: two case studies whose wording is nearly the same.

A contributor who sends the same practice twice (or copies another
municipality's write-up) gets a warning naming both files. Candidates come
from the key terms (cheap, all pairs at once); each candidate pair is then
compared on every word it uses.
"""

from __future__ import annotations

import math
from pathlib import Path

from generator.model.catalogue import Catalogue
from generator.reading.findings import Finding
from generator.model.entities import Library
from generator.text.related import Scorer, analysed, indexed_practice

#: Cosine similarity of the two term-count vectors from which a pair is reported.
THRESHOLD = 0.9


def probable_duplicates(library: Library, cache_dir: Path, threshold: float = THRESHOLD) -> list[Finding]:
    catalogue = Catalogue(library)
    cases = library.case_studies
    store, _ = analysed([indexed_practice(catalogue, item, text=str) for item in catalogue.practices], cache_dir)
    terms = {slug: {t: (w, word) for t, w, word in kts} for slug, kts in store.key_terms().items()}
    candidates = Scorer(cases, terms, text_only=True).best(3)
    findings, reported = [], set()
    by_slug = {case.slug: case for case in cases}
    for case in cases:
        for other_slug, _ in candidates.get(case.slug, []):
            pair = tuple(sorted((case.source_path, by_slug[other_slug].source_path)))
            if pair in reported:
                continue
            similarity = _cosine(store.counts(case.slug), store.counts(other_slug))
            if similarity >= threshold:
                reported.add(pair)
                # On both files: a contributor checking only their new file must see it too.
                for path, other in (pair, pair[::-1]):
                    findings.append(Finding.warning(
                        path, 1, "", f"probably a duplicate of {other}: {similarity:.0%} of the wording is alike",
                        "if it is the same practice, update the existing file instead of adding a new one"))
    return findings


def _cosine(a: dict[str, int], b: dict[str, int]) -> float:
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    norm = math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values()))
    return dot / norm if norm else 0.0
