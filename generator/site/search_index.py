"""Running Pagefind over a built site: which of its files to read, and the run itself.

Kept apart from the search records (search_records.py) and free of the model, so that
``lekgotla build`` can run Pagefind from a process that has loaded nothing else.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from generator.site.page_kinds import Page

log = logging.getLogger("mkdocs.plugins.lekgotla")

BUNDLE = "pagefind"  # the folder of the site that holds the index
#: What Pagefind writes that the site never loads: its own search interfaces (the site has its own,
#: generator/theme/assets/javascripts/lekgotla-search.js, which imports pagefind.js only) and the WebAssembly
#: for pages of no known language (every page is indexed as English). 0.5 MB.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js", "wasm.unknown.pagefind")
WHOLE_SITE = "**/*.{html}"  # Pagefind's own default
#: Pagefind's allocator (jemalloc, in its Linux build since 1.5.2), told to hand freed memory back to the
#: system at once and to keep one arena: Pagefind frees much of what it reads while it builds the index, and
#: kept it for reuse. Its peak over the national library's pages: 1,263-1,338 MB as it was, 1,146 MB so.
#: Read by Pagefind only (the variable is jemalloc's with Pagefind's prefix); a value already set is kept.
ALLOCATOR_SETTING = ("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0,narenas:1")


def searched_glob(pages: Iterable[Page]) -> str:
    """The files Pagefind reads: those under the site's top folders that hold a searchable page.

    Pagefind keeps every page it reads in memory until it has read them all, as only then
    does it know whether any page marks its body for the index; pages that never do
    (the browse lists, which repeat the case studies' summaries; indicator and peer group
    tables) would cost memory and time for nothing. A searchable page at the root means all of it.
    """
    folders = {page.src_uri.split("/")[0] if "/" in page.src_uri else "" for page in pages if page.search}
    if "" in folders or not folders:
        return WHOLE_SITE
    return "{" + ",".join(sorted(folders)) + "}/**/*.html"


@dataclass
class DeferredIndex:
    """Indexing left to whoever runs the build (``lekgotla build`` runs Pagefind once the
    build's process has ended, so that their memory never adds up): where the build writes
    the record pages, and what it found to index."""

    record_pages: Path
    glob: str | None = None  # set by the build when the site is to be indexed


def index_folders(site_dir: Path, record_pages: Path, glob: str = WHOLE_SITE, bundle: Path | None = None) -> float:
    """Pagefind over the files of ``site_dir`` that ``glob`` matches and the record pages, into ``bundle``
    (``site_dir/pagefind`` unless given); returns the seconds."""
    started = time.perf_counter()
    site_dir = Path(site_dir).resolve()
    _run(_index(site_dir, Path(record_pages), glob, Path(bundle) if bundle else site_dir / BUNDLE))
    return time.perf_counter() - started


def _run(indexing) -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(indexing)
    else:  # called from inside an event loop (a server, a browser driver): run beside it
        with ThreadPoolExecutor(max_workers=1) as worker:
            worker.submit(asyncio.run, indexing).result()


async def _index(site_dir: Path, record_pages: Path, glob: str, bundle: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(bundle), force_language="en")
    with lean_allocator():
        async with PagefindIndex(config=config) as index:
            site = await index.add_directory(str(site_dir), glob=glob)
            extra = await index.add_directory(str(record_pages))
            log.debug(f"pagefind: {site['page_count']} pages of {glob} and {extra['page_count']} records indexed")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)


@contextmanager
def lean_allocator():
    """ALLOCATOR_SETTING in the environment while Pagefind runs (it starts its service and reads it then),
    unless one is set already."""
    name, value = ALLOCATOR_SETTING
    if name in os.environ:
        yield
        return
    os.environ[name] = value
    try:
        yield
    finally:
        os.environ.pop(name, None)
