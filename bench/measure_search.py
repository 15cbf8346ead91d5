"""What search costs a reader: bytes transferred for a first query, in headless chromium with a cold cache.

Used by the benchmark and runnable on its own:

    python3 -m bench.measure_search site/ water

A page is loaded first (its own bytes are not counted, but any search bytes
it fetched are reported as ``page_load_search_bytes``, which must be 0); then
the query is typed into the header search box and every byte fetched until the
results are shown and the network is quiet is counted, Pagefind's web worker
included. Bytes are headers plus the body as received; the local server gzips
text files as a static host does.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEARCH_PATHS = ("/pagefind/", "lekgotla-search.js")
COMPRESSED = {".html", ".js", ".css", ".json", ".svg", ".txt", ".csv", ".xml"}
CACHE_CONTROL = "max-age=600"  # what GitHub Pages sends with every file


def first_query_bytes(site_dir: str | Path, query: str, page: str = "") -> dict:
    """Bytes a reader's browser fetches for the first ``query`` typed on ``page`` of the built site."""
    from playwright.sync_api import sync_playwright

    with serve(Path(site_dir)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context()  # a fresh profile: nothing cached
            tab = context.new_page()
            transfers = _Transfers(context)
            tab.goto(base + page, wait_until="networkidle")
            on_load = transfers.take()
            tab.fill("#lk-search-input", query)
            tab.wait_for_selector(".lk-search__results li, .lk-search__status:not(:empty)", timeout=30000)
            tab.wait_for_load_state("networkidle")
            on_query = transfers.take()
            results = tab.locator(".lk-search__results li").count()
        finally:
            browser.close()
    return {
        "query": query,
        "bytes": sum(size for _, size in on_query),
        "requests": len(on_query),
        "results_shown": results,
        "files": sorted(on_query, key=lambda pair: -pair[1]),
        "page_load_search_bytes": sum(size for url, size in on_load if any(p in url for p in SEARCH_PATHS)),
        "page_load_bytes": sum(size for _, size in on_load),
    }


class _Transfers:
    """Every finished request's URL and bytes received (headers and encoded body).

    Playwright's request events include Pagefind's web worker, which fetches the
    index chunks; a DevTools session on the page alone would miss them.
    """

    def __init__(self, context):
        self.done: list[tuple[str, int]] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        sizes = request.sizes()
        self.done.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def take(self) -> list[tuple[str, int]]:
        taken, self.done = self.done, []
        return taken


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static host as readers meet it: text files gzipped when the browser accepts it.

    Pagefind's index, fragments and wasm are gzipped already and go out as they are.
    Like GitHub Pages, every file may be kept for ten minutes and a revalidation of
    an unchanged file is answered with 304 (bench/measure_weight.py counts on it).
    """

    def log_message(self, *args):
        pass

    def end_headers(self):
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or \
                not path.is_file():
            return super().do_GET()
        modified = self.date_time_string(int(path.stat().st_mtime))
        if self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)
            self.end_headers()
            return
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(directory: Path, handler_class: type = QuietHandler):
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python3 -m bench.measure_search SITE_DIR QUERY", file=sys.stderr)
        return 2
    print(json.dumps(first_query_bytes(argv[0], argv[1]), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
