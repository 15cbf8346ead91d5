"""What a page costs a reader: bytes transferred and requests, first with a cold cache, then for a second page.

Used by the benchmark and runnable on its own on any built site:

    python3 -m bench.measure_weight site/                      # two case studies of median size
    python3 -m bench.measure_weight site/ case-studies/a/ case-studies/b/

Headless chromium with a fresh profile and a phone-sized window loads the first
page and waits until the network is quiet (images below the fold that load
lazily are not fetched, as on a phone); then, in the same browser, it follows to
the second page. The local server is the one the search measurement uses: it
gzips text as a static host does and, like GitHub Pages, lets browsers keep a
file for ten minutes (``Cache-Control: max-age=600``) and answers a revalidation
with 304. The bytes are counted where they leave the server, status line and
headers included, so nothing the browser keeps to itself can hide a transfer.
"""

from __future__ import annotations

import json
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from bench.measure_search import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve

#: A common phone: readers are municipal officials on mobile data.
PHONE = {"width": 360, "height": 740}


def page_weight(site_dir: str | Path, first: str | None = None, second: str | None = None) -> dict:
    """Bytes and requests of ``first`` with a cold cache, then of ``second`` with the cache warm.

    Pages are paths from the site root ("case-studies/some-slug/"); by default two
    case studies of about median size.
    """
    site = Path(site_dir)
    if first is None or second is None:
        first, second = median_case_studies(site)
    from playwright.sync_api import sync_playwright

    with _counting_server(site) as (base, log), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            tab = browser.new_context(viewport=PHONE).new_page()  # a fresh profile: nothing cached
            tab.goto(base + first, wait_until="networkidle")
            cold = log.take()
            tab.goto(base + second, wait_until="networkidle")
            warm = log.take()
        finally:
            browser.close()
    return {"first": _figures(first, cold), "second": _figures(second, warm)}


def median_case_studies(site: Path) -> tuple[str, str]:
    """The two case-study pages whose HTML sizes are nearest the median: a typical page and another."""
    pages = sorted((p.stat().st_size, p.parent.name) for p in (site / "case-studies").glob("*/index.html"))
    if len(pages) < 2:
        raise ValueError(f"{site} has fewer than two case-study pages")
    middle = min(len(pages) // 2, len(pages) - 2)
    return tuple(f"case-studies/{slug}/" for _, slug in pages[middle:middle + 2])


def _figures(page: str, transfers: list[tuple[str, int]]) -> dict:
    return {"page": page, "bytes": sum(size for _, size in transfers), "requests": len(transfers),
            "files": sorted(transfers, key=lambda pair: -pair[1])}


class _Log:
    """Every request the server answered, with the bytes it wrote (status line, headers, body)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._done: list[tuple[str, int]] = []

    def add(self, path: str, size: int) -> None:
        with self._lock:
            self._done.append((path, size))

    def take(self) -> list[tuple[str, int]]:
        with self._lock:
            taken, self._done = self._done, []
        return taken


class _CountingWriter:
    def __init__(self, stream):
        self.stream, self.written = stream, 0

    def write(self, data) -> int:
        self.written += len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


@contextmanager
def _counting_server(site: Path):
    log = _Log()

    class Counting(QuietHandler):
        def handle_one_request(self):
            self.wfile = _CountingWriter(getattr(self.wfile, "stream", self.wfile))
            self.path = ""
            super().handle_one_request()
            if self.path:
                log.add(self.path, self.wfile.written)

    with serve(site, Counting) as base:
        yield base, log


def main(argv: list[str]) -> int:
    if len(argv) not in (1, 3):
        print("usage: python3 -m bench.measure_weight SITE_DIR [FIRST_PAGE SECOND_PAGE]", file=sys.stderr)
        return 2
    print(json.dumps(page_weight(*argv), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
