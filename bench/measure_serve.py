"""What a contributor waits for with ``lekgotla serve``: the start, and each edit until it shows.

Used by the benchmark (``python3 bench/run.py --serve-only``) and runnable on its own on a library:

    python3 -m bench.measure_serve bench/libraries/scale-0.05

The command runs as a contributor runs it, in its own process, and is only read over HTTP:

- start, cold (no cache) and warm (the caches the cold start left): from starting the command
  until it says it serves;
- edit to visible: a sentence appended to a case study, timed from the write until the served page
  contains it, once for each of five case studies (the median is the figure); before each edit the
  server has finished the edit before (its check of the whole site), as after a writer's pause;
- a changed title: every page that links to a case study and shows its title is found in the served folder first; the
  title is changed, and timed until each of the lists among them shows the new title (the section,
  tag, year and province lists, its service area, network, indicators and own municipality: every
  page but items' own pages and other municipalities'), and until every one of them does.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CACHE_DIR = ".lekgotla-cache"
EDITS = 5
#: Seconds to wait for a start, for an edit to show and for the server to finish an edit.
START_TIMEOUT, SHOW_TIMEOUT, SETTLE_TIMEOUT = 1200, 120, 900
POLL = 0.02
#: Pages of one item each: a case study's title on another of them is a related practice, not a list; on
#: another municipality's page, a practice its peers or its gaps lead to.
ITEM_PAGES = re.compile(r"^(case-studies|toolkits|people|research|peer-reviews)/[^/]+/")


class Serving:
    """``lekgotla serve`` on a free port in ``library``, from its start until ``stop``."""

    def __init__(self, library: Path):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
               "NO_MKDOCS_2_WARNING": "1"}
        started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-m", "generator.cli.commands", "serve", "--port", "0"],
                                        cwd=library, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                        text=True, start_new_session=True)
        self.lines: list[str] = []
        self.url = ""
        ready = threading.Event()
        threading.Thread(target=self._read, args=(ready,), daemon=True).start()
        ready.wait(START_TIMEOUT)
        self.start_seconds = time.perf_counter() - started
        if not self.url:
            self.stop()
            raise RuntimeError("lekgotla serve did not start:\n" + "\n".join(self.lines[-40:]))

    def _read(self, ready: threading.Event) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip())
            found = re.search(r"Serving (http://\S+/)", line)
            if found:
                self.url = found.group(1)
                ready.set()
        ready.set()

    def get(self, address: str) -> str:
        with urllib.request.urlopen(self.url + address, timeout=30) as response:
            return response.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get("__lekgotla__/status"))

    def settle(self) -> float:
        """Wait until the server has taken in every change completely; the seconds waited."""
        started = time.perf_counter()
        while time.perf_counter() - started < SETTLE_TIMEOUT:
            if not self.status()["busy"]:
                return time.perf_counter() - started
            time.sleep(0.2)
        raise RuntimeError(f"lekgotla serve still busy after {SETTLE_TIMEOUT} s:\n" + "\n".join(self.lines[-20:]))

    def until(self, addresses: list[str], text: str, since: float) -> float:
        """Seconds from ``since`` until every page at ``addresses`` contains ``text``."""
        waiting = list(addresses)
        while waiting:
            if time.perf_counter() - since > SHOW_TIMEOUT:
                raise RuntimeError(f"{text!r} not shown on {waiting[:5]} after {SHOW_TIMEOUT} s:\n"
                                   + "\n".join(self.lines[-20:]))
            waiting = [a for a in waiting if text not in self.get(a)]
            if waiting:
                time.sleep(POLL)
        return time.perf_counter() - since

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(120)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def serve_figures(library: Path, say=lambda message: None) -> dict:
    """Start times cold and warm, the edits' times to visible and the title's time to the lists."""
    shutil.rmtree(library / CACHE_DIR, ignore_errors=True)
    say("lekgotla serve, cold start")
    cold = Serving(library)
    figures = {"start_cold_seconds": cold.start_seconds}
    cold.stop()
    say("lekgotla serve, warm start")
    server = Serving(library)
    figures["start_warm_seconds"] = server.start_seconds
    try:
        figures.update(_edits(library, server, say))
        figures.update(_title(library, server, say))
    finally:
        server.stop()
    return figures


def _case_studies(library: Path) -> list[Path]:
    found = sorted((library / "content" / "case-studies").glob("*.md"))
    return found[:: max(1, len(found) // (EDITS + 1))][: EDITS + 1]


def _edits(library: Path, server: Serving, say) -> dict:
    seconds, waited = [], []
    for number, path in enumerate(_case_studies(library)[:EDITS], start=1):
        waited.append(server.settle())
        sentence = f"The council heard serve check {number} at {time.time_ns()}."
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"\n{sentence}\n")
        written = time.perf_counter()
        seconds.append(server.until([f"case-studies/{path.stem}/"], sentence, written))
        say(f"  edit {number} ({path.name}) visible after {seconds[-1]:.2f} s")
    return {"edit_seconds": seconds, "edit_median_seconds": statistics.median(seconds),
            "settle_seconds": waited}


def _title(library: Path, server: Serving, say) -> dict:
    server.settle()
    path = _case_studies(library)[EDITS]
    link = re.compile(rf'href="[^"]*case-studies/{re.escape(path.stem)}/"')
    front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    old = html.escape(front["title"], quote=False)
    codes = front.get("municipalities") or [front.get("municipality")]
    own = {f"municipalities/{str(code).lower()}/" for code in codes}
    root = Path(server.status()["root"])
    showing = sorted(p.parent.relative_to(root).as_posix() + "/" for p in root.rglob("index.html")
                     if link.search(page := p.read_text(encoding="utf-8")) and old in page)
    showing = [("" if a == "./" else a) for a in showing if a != f"case-studies/{path.stem}/"]
    lists = [a for a in showing if not ITEM_PAGES.match(a) and (not a.startswith("municipalities/") or a in own)]
    title = f"Serve check title {time.time_ns()}"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M), encoding="utf-8")
    written = time.perf_counter()
    figures = {"title_page_seconds": server.until([f"case-studies/{path.stem}/"], title, written),
               "title_lists_seconds": server.until(lists, title, written), "title_lists": len(lists)}
    figures["title_all_seconds"] = server.until(showing, title, written)
    figures["title_pages"] = len(showing)
    say(f"  title of {path.name}: its {len(lists)} lists after {figures['title_lists_seconds']:.2f} s, "
        f"all {len(showing)} pages showing it after {figures['title_all_seconds']:.2f} s")
    return figures


if __name__ == "__main__":
    print(json.dumps(serve_figures(Path(sys.argv[1]), say=lambda m: print(m, file=sys.stderr)), indent=2))
