"""Related practices: for every case study and toolkit, up to five others worth reading next.

The authors' own ``related:`` entries come first. The rest is a blend of text
similarity (the key terms of whoosh's more-like-this, compared in memory) and
what the two practices share: indicators, learning networks, tags, service area.
Each suggestion carries a short reason a reader can judge it by.

Speed at national scale comes from doing each expensive thing once: the text
index is updated incrementally, key terms are kept per document, and the final
lists are cached under a hash of every input, so an unchanged library costs one
hash and one cache read.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy

from generator.cache import Cache, content_key
from generator.model.catalogue import Catalogue, Item
from generator.model.entities import CaseStudy
from generator.text.index import IndexedPractice, KeyTerms, SyncReport

LIMIT = 5
#: Bump when the scoring or the reasons change, so cached lists are recomputed.
ALGORITHM_VERSION = "2"
TEXT_SHARE = 0.6  # the blend: text similarity against shared metadata


@dataclass(frozen=True)
class Suggestion:
    """One related practice of one item, by slug (cache-friendly), with its reason."""

    slug: str
    reason: str
    explicit: bool = False


@dataclass(frozen=True)
class RelatedPractice:
    """What a template shows: the item itself and why it is suggested."""

    item: Item
    reason: str
    explicit: bool


@dataclass
class RelatedResult:
    suggestions: dict[str, list[Suggestion]]
    seconds: float = 0.0
    from_cache: bool = False
    reindexed: int = 0


def key_terms_store(cache_dir: Path) -> KeyTerms:
    return KeyTerms(Path(cache_dir) / "key-terms")


def analysed(sources: list[IndexedPractice], cache_dir: Path) -> tuple[KeyTerms, SyncReport]:
    """The key-terms store with every practice analysed. ``sources`` carry their markdown
    (``indexed_practice(..., text=str)``): the workers turn it into plain text, and the
    related step and the duplicate check, which share the store, key it alike."""
    store = key_terms_store(cache_dir)
    return store, store.update(sources, prepare=plain_text)


def indexed_practice(catalogue: Catalogue, item: Item, text=None) -> IndexedPractice:
    """The text index's view of a case study or toolkit: plain text, no markdown signs.

    ``text`` turns the markdown body into the indexed text (``plain_text`` unless given).
    """
    to_text = text or plain_text
    lib = catalogue.library
    if isinstance(item, CaseStudy):
        municipalities = item.places
        return IndexedPractice(
            item.slug, "case-study", item.title, item.summary, to_text(item.body), item.source_path,
            municipalities=tuple(m.name for m in municipalities),
            provinces=tuple(sorted({p for m in municipalities for p in (m.province, m.province_name)})),
            service_areas=(item.service_area, lib.service_areas[item.service_area].title),
            indicators=tuple(item.indicators), tags=tuple(item.tags), networks=tuple(item.networks),
            year=item.year)
    return IndexedPractice(
        item.slug, "toolkit", item.title, item.summary, to_text(item.body), item.source_path,
        service_areas=tuple(item.service_areas), tags=tuple(item.tags), networks=tuple(item.networks))


def plain_text(markdown: str) -> str:
    """Markdown as a reader sees it: links keep their text; headings, tables and emphasis lose their signs."""
    text = MARKDOWN_LINK.sub(r"\1", markdown)
    return MARKDOWN_SIGNS.sub(" ", text)


MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_SIGNS = re.compile(r"(?m)^\s*(?:#+|[-*]|\d+\.)\s+|\*\*|__|`|\|(?:\s*:?-{3,}:?\s*\|)*|^\s*-{3,}\s*$")


def find_related(catalogue: Catalogue, cache_dir: Path, limit: int = LIMIT) -> RelatedResult:
    """Related practices of every item, from the cache when no input changed."""
    started = time.perf_counter()
    items = catalogue.practices
    # The key is taken over the markdown bodies: the plain text follows from them (and
    # from our code, which every key covers), and making it costs 1 s at national scale,
    # the whole budget of an unchanged rebuild.
    sources = [indexed_practice(catalogue, item, text=str) for item in items]
    cache = Cache(cache_dir, "related")
    places = _place_words(catalogue)  # left out of the reasons: in the key, as the names they quote are
    key = content_key("related", ALGORITHM_VERSION, limit, _names(catalogue), tuple(sorted(places)),
                      [(p.fingerprint, tuple(i.related)) for p, i in zip(sources, items)])
    cached = cache.get_object(key)
    if cached is not None:
        return RelatedResult(cached, time.perf_counter() - started, from_cache=True)
    store, report = analysed(sources, cache_dir)
    terms = {slug: {term: (weight, word) for term, weight, word in kts} for slug, kts in store.key_terms().items()}
    # Explicit links take places first, so rank enough to fill up after them.
    ranked = Scorer(items, terms).best(2 * limit)
    suggestions = {item.slug: _suggest(catalogue, terms, places, item, ranked.get(item.slug, []), limit)
                   for item in items}
    cache.put_object(key, suggestions)
    return RelatedResult(suggestions, time.perf_counter() - started, reindexed=report.touched)


def resolve(catalogue: Catalogue, suggestions: list[Suggestion]) -> list[RelatedPractice]:
    return [RelatedPractice(catalogue.by_slug[s.slug], s.reason[:1].upper() + s.reason[1:], s.explicit)
            for s in suggestions if s.slug in catalogue.by_slug]


def _names(catalogue: Catalogue) -> tuple:
    # Reasons quote indicator and network names: renaming one changes the lists.
    lib = catalogue.library
    return (tuple(sorted((i.id, i.name) for i in lib.indicators.values())),
            tuple(sorted((n.id, n.title) for n in lib.networks.values())),
            tuple(sorted((a.id, a.title) for a in lib.service_areas.values())))


# -- scoring: one block of practices against all at a time ----------------------------

#: What sharing one of each is worth before the blend; the sum is capped at 1.
SHARED_INDICATOR, SHARED_NETWORK, SHARED_TAG, SAME_AREA = 0.35, 0.25, 0.2, 0.1
BLOCK = 256  # rows scored at a time, to keep memory small at national scale


class Scorer:
    """Blended scores of every practice against every other, a block of practices at a time.

    Text similarity is the cosine of key-term vectors (over the terms two practices share:
    ``_SparseRows``); shared metadata, a matrix product, counts
    indicators, networks and tags in common. Doing this for all pairs at once
    replaces one more-like-this query per practice (30 s at national scale).
    """

    def __init__(self, items: Sequence[Item], terms: dict[str, dict[str, tuple[float, str]]], text_only: bool = False):
        self.slugs = [i.slug for i in items]
        self.text_share = 1.0 if text_only else TEXT_SHARE
        self.text = _SparseRows(_normalised(_matrix(self.slugs, {s: {t: w for t, (w, _) in terms.get(s, {}).items()}
                                                                 for s in self.slugs})))
        self.shared = [(worth, _matrix(self.slugs, {i.slug: dict.fromkeys(keys_of(i), 1.0) for i in items}))
                       for worth, keys_of in ((SHARED_INDICATOR, _indicators), (SHARED_NETWORK, lambda i: i.networks),
                                              (SHARED_TAG, lambda i: i.tags))]
        self.areas = _matrix(self.slugs, {i.slug: dict.fromkeys(_areas(i), 1.0) for i in items})

    def best(self, wanted: int) -> dict[str, list[tuple[str, float]]]:
        """The ``wanted`` best-scoring other practices of each practice, best first."""
        result = {}
        wanted = min(wanted, len(self.slugs) - 1)
        if wanted < 1:
            return {slug: [] for slug in self.slugs}
        for start in range(0, len(self.slugs), BLOCK):
            scores = self._block(start, min(start + BLOCK, len(self.slugs)))
            best = numpy.argpartition(-scores, wanted - 1, axis=1)[:, :wanted]
            for offset, columns in enumerate(best):
                ranked = sorted(((-float(scores[offset, c]), self.slugs[c]) for c in columns if scores[offset, c] > 0))
                result[self.slugs[start + offset]] = [(slug, -score) for score, slug in ranked]
        return result

    def _block(self, start: int, stop: int) -> numpy.ndarray:
        text = self.text.similarity(start, stop)
        shared = SAME_AREA * ((self.areas[start:stop] @ self.areas.T) > 0)
        for worth, matrix in self.shared:
            shared += worth * (matrix[start:stop] @ matrix.T)
        scores = self.text_share * text + (1 - self.text_share) * numpy.minimum(shared, 1.0)
        rows = numpy.arange(stop - start)
        scores[rows, start + rows] = -1.0  # never oneself
        return scores


class _SparseRows:
    """The normalised key-term vectors, kept as their few non-zero weights (25 of some 7,700 columns
    per practice at national scale) with each term's postings, so that the text similarity of a block
    of practices multiplies only the pairs that share a term: 4 million products at national scale
    where the dense product did 34 billion (Scorer.best: 2 to 3 s of the 10 s cold step, 0.65 s now).

    The weights are those of the dense matrix, taken from it; each pair's products are summed in
    float64 and rounded to float32, the dense product's type, so the blend below is unchanged."""

    def __init__(self, dense: numpy.ndarray):
        self.size = dense.shape[0]
        rows, columns = numpy.nonzero(dense)  # by row, then column
        self.row_start = numpy.searchsorted(rows, numpy.arange(self.size + 1))
        self.columns, self.weights = columns, dense[rows, columns].astype(numpy.float64)
        by_column = numpy.argsort(columns, kind="stable")  # each term's postings, in row order
        self.posting_rows, self.posting_weights = rows[by_column], self.weights[by_column]
        self.posting_start = numpy.searchsorted(columns[by_column], numpy.arange(dense.shape[1] + 1))

    def similarity(self, start: int, stop: int) -> numpy.ndarray:
        """The cosine of practices ``start:stop`` with every practice, as the rows of a dense float32 array."""
        at, to = self.row_start[start], self.row_start[stop]
        rows = numpy.repeat(numpy.arange(stop - start), numpy.diff(self.row_start[start:stop + 1]))
        columns, weights = self.columns[at:to], self.weights[at:to]
        first, lengths = self.posting_start[columns], numpy.diff(self.posting_start)[columns]
        # Every (row, posting) pair of the block, as positions in the postings.
        offsets = numpy.arange(lengths.sum()) - numpy.repeat(numpy.cumsum(lengths) - lengths - first, lengths)
        cells = numpy.repeat(rows, lengths) * self.size + self.posting_rows[offsets]
        products = numpy.repeat(weights, lengths) * self.posting_weights[offsets]
        summed = numpy.bincount(cells, weights=products, minlength=(stop - start) * self.size)
        return summed.reshape(stop - start, self.size).astype(numpy.float32)


def _matrix(slugs: list[str], rows: dict[str, dict[str, float]]) -> numpy.ndarray:
    columns: dict[str, int] = {}
    cells = [(r, columns.setdefault(key, len(columns)), weight)
             for r, slug in enumerate(slugs) for key, weight in rows[slug].items()]
    matrix = numpy.zeros((len(slugs), max(1, len(columns))), dtype=numpy.float32)
    if cells:
        r, c, w = zip(*cells)
        matrix[list(r), list(c)] = w
    return matrix


def _normalised(matrix: numpy.ndarray) -> numpy.ndarray:
    norms = numpy.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / numpy.where(norms == 0, 1, norms)


def shared_words(terms: dict[str, dict[str, tuple[float, str]]], a: str, b: str, count: int = 3) -> list[str]:
    """The key terms two documents share, strongest first, as words a reader knows."""
    mine, theirs = terms.get(a, {}), terms.get(b, {})
    shared = sorted(mine.keys() & theirs.keys(), key=lambda t: (-(mine[t][0] * theirs[t][0]), t))
    return [mine[t][1] for t in shared[:count]]


def _place_words(catalogue: Catalogue) -> set[str]:
    """The words of municipalities' names ("joe", "morolong"): two practices that share one share a
    place, not a way of working, and the place is named beside each already."""
    return {word.lower() for m in catalogue.library.municipalities.values() for word in re.findall(r"\w+", m.name)}


def _suggest(catalogue: Catalogue, terms: dict, places: set[str], item: Item, ranked: list[tuple[str, float]],
             limit: int) -> list[Suggestion]:
    chosen = [Suggestion(slug, "linked by the authors", explicit=True)
              for slug in dict.fromkeys(item.related) if slug in catalogue.by_slug and slug != item.slug][:limit]
    taken = {item.slug, *(s.slug for s in chosen)}
    for slug, _ in [(slug, score) for slug, score in ranked if slug not in taken][:limit - len(chosen)]:
        words = [w for w in shared_words(terms, item.slug, slug, count=6) if w.lower() not in places][:3]
        chosen.append(Suggestion(slug, _reason(catalogue, item, catalogue.by_slug[slug], words)))
    return chosen


def _areas(item: Item) -> set[str]:
    return {item.service_area} if isinstance(item, CaseStudy) else set(item.service_areas)


def _indicators(item: Item) -> list[str]:
    return item.indicators if isinstance(item, CaseStudy) else []


def _reason(catalogue: Catalogue, item: Item, other: Item, words: list[str]) -> str:
    """The strongest one or two things the two practices have in common, in words."""
    lib = catalogue.library
    reasons = []
    indicators = sorted(set(_indicators(item)) & set(_indicators(other)))
    if indicators:
        first = lib.indicators[indicators[0]]
        more = f" and {len(indicators) - 1} more" if len(indicators) > 1 else ""
        reasons.append(f"also targets {first.id} {_lower_first(first.name)}{more}")
    networks = sorted(set(item.networks) & set(other.networks))
    if networks:
        reasons.append(f"same learning network: {lib.networks[networks[0]].title}")
    tags = sorted(set(item.tags) & set(other.tags))
    if tags and len(reasons) < 2:
        reasons.append("also tagged " + ", ".join(tags[:2]))  # tags as their pages name them
    if words and len(reasons) < 2:
        reasons.append("similar wording: " + ", ".join(words))
    if not reasons:
        areas = sorted(_areas(item) & _areas(other))
        reasons.append(f"same service area: {lib.service_areas[areas[0]].title}" if areas else "similar practice")
    return "; ".join(reasons[:2])


def _lower_first(text: str) -> str:
    # "Percentage of non-revenue water" reads better mid-sentence; "IDP ..." keeps its capitals.
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
