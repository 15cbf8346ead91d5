"""``lekgotla search``: the case studies and toolkits, searched from a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from generator.model.catalogue import Catalogue
from generator.model.entities import Library
from generator.text.related import indexed_practice
from generator.text.index import Hit, TextIndex


def search_practices(library: Library, cache_dir: Path, text: str, *, kind: str | None = None,
                     service_area: str | None = None, province: str | None = None, limit: int = 10,
                     marks: tuple[str, str] = ("[", "]"),
                     progress: Callable[[str], None] = lambda message: None) -> list[Hit]:
    """Ranked hits for ``text``, after bringing the index in the cache up to date."""
    catalogue = Catalogue(library)
    index = TextIndex(Path(cache_dir) / "text-index")
    practices = [indexed_practice(catalogue, item) for item in catalogue.practices]
    first = not index.exists()
    if first:
        progress(f"Building the search index of {len(practices)} case studies and toolkits (first search only) …")
    report = index.sync(practices)
    if report.touched and not first:
        progress(f"Updated the search index: {len(report.added)} added, {len(report.changed)} changed, "
                 f"{len(report.removed)} removed.")
    return index.search(text, kind=kind, service_area=service_area, province=province, limit=limit, marks=marks)
