"""A real browser for tests: Debian's chromium, headless, driven by Playwright.

Never a downloaded browser: the executable is /usr/bin/chromium (installed by
scripts/install-test-deps). Pages are served from a real HTTP server on loopback.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: axe-core, installed by scripts/install-test-deps at the version package.json pins.
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
# Without the background-networking flags chromium tries to reach Google's
# hosts at start, which this sandbox's closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@contextmanager
def serve(directory: Path, prefix: str = ""):
    """Serve ``directory`` on a free loopback port; yields the base URL.

    With ``prefix`` ("/kb/") the site is served under that sub-path only, as on a
    GitHub Pages project site.
    """
    root = Path(directory)
    if prefix:
        holder = root.parent / f".serve-{root.name}"
        (holder / prefix.strip("/")).parent.mkdir(parents=True, exist_ok=True)
        link = holder / prefix.strip("/")
        if not link.exists():
            link.symlink_to(root.resolve(), target_is_directory=True)
        root = holder
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix or '/'}"
    finally:
        server.shutdown()
        server.server_close()


# Every page reports Content-Security-Policy violations to the console, where
# WatchedBrowser collects them with chromium's own "violates ... Content Security Policy".
CSP_REPORTER = ("document.addEventListener('securitypolicyviolation', e => console.error("
                "'CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' in ' + e.documentURI))")


class CspViolation(AssertionError):
    pass


class WatchedBrowser:
    """A Playwright Browser whose every page records CSP violations and dialogs.

    ``check()`` raises if any was seen since the last check: the conftest fixture
    calls it after each test, so any test that opens a page fails on a violation.
    """

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []
        self.dialogs: list[str] = []

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        page.add_init_script(CSP_REPORTER)
        page.on("console", self._console)
        page.on("dialog", self._dialog)
        return page

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.violations.append(text[:300])

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def check(self) -> None:
        seen, self.violations, dialogs, self.dialogs = self.violations, [], self.dialogs, []
        if seen or dialogs:
            raise CspViolation("\n".join(["CSP violations:", *seen, "dialogs:", *dialogs]))


@contextmanager
def chromium():
    """A headless chromium browser; yields a WatchedBrowser (a Playwright Browser that records
    CSP violations and dialogs; call ``check()`` to fail on them)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        watched = WatchedBrowser(browser)
        try:
            yield watched
            watched.check()
        finally:
            browser.close()


# ----- accessibility: axe-core with all its rules ------------------------------------------------------
#: Every rule (the WCAG 2.1 A and AA ones and the best practices); only violations are gathered and
#: handed back (passes and incomplete results cost time on long pages). Started without waiting
#: for it, so that other tabs' pages are checked meanwhile; ``violations`` collects the result.
START_AXE = "() => { window.lkAxe = axe.run({resultTypes: ['violations']}); }"
#: What a reader sees when they open every collapsed section: closed <details> opened, as a tap on
#: each summary would (no script of the site listens for it), so that axe judges their contents too
#: and not the summaries alone; then the transitions they start (an opened request's summary fades to
#: its new colours) are taken to their end at once, or axe would judge colours halfway. finish() gives
#: the styles a second's wait gives; waiting took 125 ms or more a page (464 pages on a phone).
OPEN_EVERY_SECTION = """() => {
    document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
    document.body.getBoundingClientRect();  // the new styles now, so that their transitions start
    for (const a of document.getAnimations()) if (isFinite(a.effect?.getComputedTiming().endTime)) a.finish();
}"""


def axe_source() -> str:
    """axe-core, to be added to a context or page as an init script (a <script> tag would be refused by
    the pages' content security policy), or evaluated in a page already open."""
    return AXE.read_text(encoding="utf-8")


def start_axe(page) -> None:
    """axe with all rules started on ``page`` as it is now; ``violations(page)`` waits for the result."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(axe_source())
    page.evaluate(START_AXE)


def violations(page) -> list[tuple[str, str, str]]:
    """The rules axe found broken on ``page`` since ``start_axe``: (rule, first element, what it asks)."""
    result = page.evaluate("() => window.lkAxe")
    return [(v["id"], str(v["nodes"][0]["target"]), v["help"]) for v in result["violations"]]
