"""The full-text index of case studies and toolkits: the only module that knows whoosh.

Everything else talks to ``TextIndex`` in domain terms (an ``IndexedPractice`` in,
``Hit`` and key terms out), so the engine can be swapped without touching the
related-practices logic, the CLI or the duplicate check.

Two things live in the build cache, both kept up to date incrementally (each
document carries a fingerprint of its content; only added or changed documents
are analysed again, removed ones are dropped):

- ``KeyTerms``: each document's term counts, from which whoosh's more-like-this
  model (Bo1 query expansion) picks the key terms that characterise it. This is
  what related practices and the duplicate check use, and it is fast: whoosh's
  own indexing of 2,000 long documents takes over a minute in pure Python.
- ``TextIndex``: a whoosh full-text index for ``lekgotla search``, built the
  first time someone searches and then updated incrementally.
"""

from __future__ import annotations

import html
import pickle
import re
import shutil
import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import numpy

from generator.cache import content_key
from generator.workers import map_in_workers

with warnings.catch_warnings():
    # whoosh 2.7.4 predates current Python: its modules raise Syntax/Deprecation
    # warnings when compiled. They say nothing to a contributor, so they stay quiet.
    warnings.simplefilter("ignore")
    from whoosh import index as whoosh_index
    from whoosh import qparser, query
    from whoosh.analysis import STOP_WORDS, StemmingAnalyzer
    from whoosh.lang.porter import stem
    from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
    from whoosh.highlight import ContextFragmenter, HtmlFormatter

#: Bump when the schema or the analysis changes: old cached data is then rebuilt.
SCHEMA_VERSION = "5"
#: How many key terms describe one document for "more like this".
KEY_TERMS = 25
#: Words as the index sees them: letters and digits, with inner dots kept so
#: that indicator codes such as WS5.1 stay one word.
WORD = re.compile(r"\w+(?:\.\w+)*")


@dataclass(frozen=True)
class IndexedPractice:
    """A case study or toolkit as the text index sees it."""

    slug: str
    kind: str  # "case-study" or "toolkit"
    title: str
    summary: str
    body: str
    path: str  # source file, e.g. content/case-studies/x.md
    municipalities: tuple[str, ...] = ()  # names, so that "eThekwini" is findable
    provinces: tuple[str, ...] = ()  # codes and names
    service_areas: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    year: int | None = None

    @cached_property  # asked for twice per build (the related key, then the key terms) at 0.15 ms each
    def fingerprint(self) -> str:
        return content_key(SCHEMA_VERSION, self)


@dataclass(frozen=True)
class Hit:
    slug: str
    kind: str
    title: str
    path: str
    municipalities: str
    year: int | None
    score: float
    snippet: str  # with the matched words between the markers given to search()


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def touched(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def _schema() -> Schema:
    stem = StemmingAnalyzer(cachesize=-1)
    return Schema(
        slug=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=TEXT(analyzer=stem, stored=True, field_boost=4.0),
        summary=TEXT(analyzer=stem, field_boost=2.0),
        body=TEXT(analyzer=stem, stored=True),
        municipalities=TEXT(stored=True, field_boost=2.0),
        provinces=KEYWORD(commas=True, lowercase=True),
        service_areas=KEYWORD(commas=True, lowercase=True, scorable=True),
        indicators=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=2.0),
        tags=KEYWORD(commas=True, lowercase=True, scorable=True, field_boost=1.5),
        networks=KEYWORD(commas=True, lowercase=True),
        year=NUMERIC(stored=True),
        path=STORED(),
    )


class KeyTerms:
    """Term counts per document, cached in ``folder``, and the key terms they yield.

    Key terms follow whoosh's more-like-this: Bo1 expansion scores each word of a
    document by how much more often it appears there than in the collection.
    Only the counts of added or changed documents are recomputed; the scores are
    always taken against the current collection, which is cheap.
    """

    def __init__(self, folder: str | Path):
        self.path = Path(folder) / "term-counts.pickle"
        # slug -> (fingerprint, the pickled analysis: see _analysed). Pickled by the worker that made
        # it, so that saving thousands of them is one write, not a second of pickling in this process.
        self.documents: dict[str, tuple[str, bytes]] = {}
        self._decoded: dict[str, Analysis] = {}

    def update(self, practices: Iterable[IndexedPractice], prepare: Callable[[str], str] | None = None) -> SyncReport:
        """Analyse the added and changed practices; ``prepare`` (run in the workers) turns
        each one's title, summary and body into the text analysed."""
        wanted = {p.slug: p for p in practices}
        self._load()
        fingerprints = {slug: p.fingerprint for slug, p in wanted.items()}
        report = _compare(fingerprints, {slug: d[0] for slug, d in self.documents.items()})
        for slug in report.removed:
            del self.documents[slug]
            self._decoded.pop(slug, None)
        todo = report.added + report.changed
        # Each document is analysed on its own: across the cores (most of a cold related-practices step).
        texts = [f"{wanted[slug].title}\n{wanted[slug].summary}\n{wanted[slug].body}" for slug in todo]
        for slug, analysis in zip(todo, map_in_workers(partial(_analysed, prepare), texts)):
            self.documents[slug] = (fingerprints[slug], analysis)
            self._decoded.pop(slug, None)
        if report.touched:
            self._save()
        return report

    def _analysis(self, slug: str) -> Analysis:
        if slug not in self._decoded:
            self._decoded[slug] = pickle.loads(self.documents[slug][1])
        return self._decoded[slug]

    def key_terms(self, numterms: int = KEY_TERMS) -> dict[str, list[tuple[str, float, str]]]:
        """(stem, weight, word) for the ``numterms`` most characteristic terms of each document.

        The score is whoosh's Bo1 expansion model (``whoosh.classify.Bo1Model``,
        what its more-like-this uses), computed for all documents at once with
        numpy instead of term by term; weights are scaled so each document's
        best term weighs 1.
        """
        slugs = list(self.documents)
        analyses = [self._analysis(slug) for slug in slugs]
        # One flat array per field, a (document, term) pair per position, built with C-level
        # iteration: a loop over a national library's 1.3 million pairs took over a second.
        stems = list(chain.from_iterable(analysis.stems for analysis in analyses))
        if not stems:
            return {slug: [] for slug in slugs}
        vocabulary = {term: index for index, term in enumerate(dict.fromkeys(stems))}
        row = numpy.repeat(numpy.arange(len(slugs)), [len(analysis.stems) for analysis in analyses])
        column = numpy.fromiter(map(vocabulary.__getitem__, stems), dtype=numpy.int64, count=len(stems))
        count = numpy.frombuffer(b"".join(analysis.counts for analysis in analyses), dtype=numpy.int32)
        count = count.astype(numpy.float64)
        words = list(chain.from_iterable(analysis.words for analysis in analyses))
        in_collection = numpy.bincount(column, weights=count)[column] / len(slugs)
        score = count * numpy.log2((1.0 + in_collection) / in_collection) + numpy.log2(1.0 + in_collection)
        order = numpy.lexsort((-score, row))  # by document, best term first
        first_of_row = numpy.searchsorted(row[order], numpy.arange(len(slugs)))
        rank = numpy.arange(len(order)) - first_of_row[row[order]]
        kept = order[rank < numterms]
        result: dict[str, list[tuple[str, float, str]]] = {slug: [] for slug in slugs}
        best = numpy.zeros(len(slugs))
        numpy.maximum.at(best, row, score)
        for k, r, sc in zip(kept.tolist(), row[kept].tolist(), (score[kept] / best[row[kept]]).tolist()):
            result[slugs[r]].append((stems[k], sc, words[k]))
        return result

    def counts(self, slug: str) -> dict[str, int]:
        analysis = self._analysis(slug)
        return dict(zip(analysis.stems, numpy.frombuffer(analysis.counts, dtype=numpy.int32).tolist()))

    def _load(self) -> None:
        if self.documents:
            return
        try:
            stored = pickle.loads(self.path.read_bytes())
            if stored["schema"] == SCHEMA_VERSION:
                self.documents, self._decoded = stored["documents"], {}
        except Exception:  # missing or damaged: every document is analysed again
            self.documents = {}

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps({"schema": SCHEMA_VERSION, "documents": self.documents},
                                           protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self.path)


class Analysis(NamedTuple):
    """One document's terms as stored: parallel sequences, which unpickle in half the time of dicts."""

    stems: tuple[str, ...]
    counts: bytes  # int32, one per stem
    words: tuple[str, ...]  # each stem as most often written


def _analysed(prepare: Callable[[str], str] | None, text: str) -> bytes:
    counts, words = analyse(prepare(text) if prepare else text)
    analysis = Analysis(tuple(counts), numpy.array(list(counts.values()), dtype=numpy.int32).tobytes(),
                        tuple(words[stem] for stem in counts))
    return pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL)


def analyse(text: str) -> tuple[dict[str, int], dict[str, str]]:
    """Stemmed term counts of ``text`` (whoosh's stop words and Porter stemmer), and a word per stem.

    Counting distinct words first and stemming each once is what makes this
    several times faster than running whoosh's analyzer token by token.
    """
    counts: dict[str, int] = {}
    words: dict[str, tuple[int, str]] = {}
    for word, count in Counter(WORD.findall(text.lower())).items():
        if len(word) < 2 or word in STOP_WORDS or word.isdigit():
            continue
        term = _stem(word)
        counts[term] = counts.get(term, 0) + count
        if count > words.get(term, (0, ""))[0]:
            words[term] = (count, word)
    return counts, {term: word for term, (_, word) in words.items()}


@lru_cache(maxsize=None)
def _stem(word: str) -> str:
    return stem(word)


def _compare(wanted: dict[str, str], known: dict[str, str]) -> SyncReport:
    """Which slugs were added, changed (other fingerprint) or removed."""
    report = SyncReport(removed=sorted(known.keys() - wanted.keys()))
    for slug, fingerprint in wanted.items():
        if slug not in known:
            report.added.append(slug)
        elif known[slug] != fingerprint:
            report.changed.append(slug)
    return report


class TextIndex:
    """A whoosh index in ``folder``, with a manifest of what it holds.

    The manifest maps each slug to its fingerprint and cached key terms, so a
    build where nothing changed never opens a writer or recomputes a term.
    """

    def __init__(self, folder: str | Path, procs: int = 1):
        self.folder = Path(folder)
        self.procs = procs
        self.manifest_path = self.folder / "manifest.pickle"
        # slug -> {"fingerprint": ...}
        self._manifest: dict[str, dict] = {}
        self._index: whoosh_index.FileIndex | None = None  # opened once (``_open``)

    # -- keeping the index current ------------------------------------------------

    def exists(self) -> bool:
        return self._usable()

    def sync(self, practices: Iterable[IndexedPractice]) -> SyncReport:
        """Make the index hold exactly ``practices``, touching only what differs."""
        wanted = {p.slug: p for p in practices}
        self._open()
        fingerprints = {slug: p.fingerprint for slug, p in wanted.items()}
        report = _compare(fingerprints, {slug: e["fingerprint"] for slug, e in self._manifest.items()})
        if report.touched:
            self._write(wanted, fingerprints, report)
        return report

    def _open(self) -> whoosh_index.FileIndex:
        """The index, opened (with its manifest) the first time it is asked for."""
        if self._index is not None:
            return self._index
        if self._usable():
            self._index = whoosh_index.open_dir(str(self.folder))
            self._manifest = pickle.loads(self.manifest_path.read_bytes())["documents"]
            return self._index
        # Missing, from another schema version, or damaged: start again.
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self._index = whoosh_index.create_in(str(self.folder), _schema())
        self._manifest = {}
        return self._index

    def _usable(self) -> bool:
        try:
            manifest = pickle.loads(self.manifest_path.read_bytes())
            return manifest["schema"] == SCHEMA_VERSION and whoosh_index.exists_in(str(self.folder))
        except Exception:  # a damaged cache is rebuilt, never trusted
            return False

    def _write(self, wanted: dict[str, IndexedPractice], fingerprints: dict[str, str], report: SyncReport) -> None:
        writer = self._open().writer(limitmb=128, procs=self.procs)
        try:
            for slug in report.removed + report.changed:
                writer.delete_by_term("slug", slug)
                self._manifest.pop(slug, None)
            for slug in report.added + report.changed:
                writer.add_document(**_fields(wanted[slug]))
            # Whole-corpus statistics changed, so every document's key terms
            # are recomputed lazily; only the changed documents were re-indexed.
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        for slug in report.added + report.changed:
            self._manifest[slug] = {"fingerprint": fingerprints[slug]}
        self._save_manifest()

    def _save_manifest(self) -> None:
        temporary = self.manifest_path.with_suffix(".tmp")
        manifest = {"schema": SCHEMA_VERSION, "documents": self._manifest}
        temporary.write_bytes(pickle.dumps(manifest, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self.manifest_path)

    # -- searching ---------------------------------------------------------------

    def search(self, text: str, *, kind: str | None = None, service_area: str | None = None,
               province: str | None = None, limit: int = 10, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
        """Ranked hits for ``text``; every word counts, documents with all words rank first."""
        index = self._open()
        fields = ["title", "summary", "body", "municipalities", "indicators", "tags"]
        parser = qparser.MultifieldParser(fields, index.schema, group=qparser.OrGroup.factory(0.9))
        parsed = parser.parse(text)
        # kind is an ID field (kept as written); the keyword fields are lower-cased.
        wanted = [query.Term(name, value) for name, value in
                  (("kind", kind), ("service_areas", (service_area or "").lower()),
                   ("provinces", (province or "").lower())) if value]
        restrict = query.And(wanted) if wanted else None
        with index.searcher() as searcher:
            results = searcher.search(parsed, limit=limit, filter=restrict)
            results.fragmenter = ContextFragmenter(maxchars=120, surround=50)
            results.formatter = HtmlFormatter(tagname="mark", between=" … ")
            return [Hit(hit["slug"], hit["kind"], hit["title"], hit["path"], hit["municipalities"],
                        hit.get("year"), float(hit.score), _marked(hit.highlights("body", top=2), marks))
                    for hit in results]


def _fields(practice: IndexedPractice) -> dict:
    joined = ",".join
    return {
        "slug": practice.slug, "kind": practice.kind, "title": practice.title, "summary": practice.summary,
        "body": practice.body,
        "municipalities": ", ".join(practice.municipalities), "provinces": joined(practice.provinces),
        "service_areas": joined(practice.service_areas), "indicators": joined(practice.indicators),
        "tags": joined(practice.tags), "networks": joined(practice.networks),
        **({"year": practice.year} if practice.year else {}),
        "path": practice.path,
    }


def _marked(highlighted: str, marks: tuple[str, str]) -> str:
    """whoosh highlights in HTML; the terminal wants plain text with its own markers."""
    opened, closed = marks
    text = re.sub(r'<mark class="match term\d+">', "\0", highlighted).replace("</mark>", "\1")
    text = " ".join(html.unescape(text).split())
    return text.replace("\0", opened).replace("\1", closed)
