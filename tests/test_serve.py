"""`lekgotla serve`: the site served while a contributor edits it, each edit shown within seconds.

Every test runs the real command in its own process on a library in tmp_path, edits real files
and reads the pages over HTTP (or in chromium), as a contributor would. The served files must be
those of a cold `lekgotla build` of the same content, byte for byte, after every kind of edit.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.measure_serve import Serving
from conftest import REPO, Library

THEME = REPO / "generator" / "theme"
PERSON = """\
---
name: Thandi Mokoena
role: Water Loss Manager
affiliation: municipality
municipality: ETH
service_areas: [water]
languages: [English, isiZulu]
offers: [mentoring, phone-call]
consent: {agreed: true, date: 2024-01-10}
contact: {email: thandi@example.org}
---

Thandi leads eThekwini's water loss programme.
"""


NEW_CASE_STUDY = """\
---
title: Smart meters in Mangaung
municipality: MAN
service_area: water
year: 2021
summary: Mangaung installed smart meters in two zones and found the leaks they hid.
tags: [metering, zoning]
---

Mangaung installed smart meters.
"""


class Server(Serving):
    """`lekgotla serve` running in ``root`` (as the benchmark runs it), and every process it started."""

    def __init__(self, root: Path):
        self.seen: set[int] = set()  # every process of the command seen so far
        super().__init__(root)

    def get(self, path: str) -> str:
        self.note_processes()
        return super().get(path.lstrip("/"))

    def settled(self, passes: int, timeout: float = 240) -> dict:
        """Wait until ``passes`` changes were taken in completely and the search index is up to date."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if status["complete_passes"] >= passes and not status["busy"] and not status["indexing"]:
                return status
            time.sleep(0.2)
        raise AssertionError(f"not settled: {self.status()}\n" + "\n".join(self.lines))

    def note_processes(self) -> None:
        self.seen |= descendants(self.process.pid)

    def stop(self, signum: int = signal.SIGTERM, group: bool = False) -> int:
        if self.process.poll() is None:
            self.note_processes()
            (os.killpg if group else os.kill)(self.process.pid, signum)
        return self.process.wait(60)


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    found, stack = set(), [pid]
    while stack:
        current = stack.pop()
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                children = {int(c) for c in (task / "children").read_text().split()}
                stack.extend(children - found)
                found |= children
        except OSError:
            continue
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


@contextmanager
def serving(root: Path):
    server = Server(root)
    try:
        yield server
    finally:
        server.stop()


def cold_build(library: Library, into: Path) -> Path:
    """The library as it is now, copied and built with no cache: what `lekgotla build` makes of it."""
    from generator.cli.build import build_site

    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(library.root, into, ignore=shutil.ignore_patterns(".lekgotla-cache", "site", ".site-*"))
    return build_site(into / "mkdocs.yml", into / "site").site_dir


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but Pagefind's index."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


def served_folder(server: Server) -> Path:
    return Path(server.status()["root"])


def assert_same_site(served: Path, built: Path) -> None:
    mine, theirs = site_files(served), site_files(built)
    assert sorted(mine) == sorted(theirs), (sorted(set(mine) ^ set(theirs)))
    different = sorted(name for name in mine if mine[name] != theirs[name])
    assert not different, f"{len(different)} files differ from a cold build: {different[:10]}"


@pytest.fixture
def editable(library: Library) -> Library:
    """The fixture library with a person a case study points to and a theme override of its own."""
    library.write("people/thandi-mokoena.md", PERSON)
    library.edit("case-studies/pressure-management.md", "  - name: Sipho Ndlovu\n    role: Senior Manager\n"
                 "    email: sipho@example.org\n    phone: \"+27 31 000 0000\"\n    consent: {agreed: true, date: 2021-05-03}\n",
                 "  - person: thandi-mokoena\n")
    overrides = library.root / "overrides" / "lekgotla"
    overrides.mkdir(parents=True)
    shutil.copy(THEME / "lekgotla" / "browse-list.html", overrides / "browse-list.html")
    config = library.config_file.read_text(encoding="utf-8")
    library.config_file.write_text(config.replace("  font: false", "  custom_dir: overrides\n  font: false"),
                                   encoding="utf-8")
    return library


def test_served_pages_equal_a_cold_build_after_each_kind_of_edit(editable, tmp_path):
    lib = editable
    case_study = "case-studies/pressure-management/"
    with serving(lib.root) as server:
        assert_same_site(served_folder(server), cold_build(lib, tmp_path / "cold"))
        edits = [
            ("a title", lambda: lib.edit("case-studies/pressure-management.md", "title: Cutting water losses",
                                         "title: Halving water losses"),
             [(case_study, "Halving water losses"), ("case-studies/", "Halving water losses"),
              ("municipalities/eth/", "Halving water losses"), ("browse/tags/pressure-management/",
                                                               "Halving water losses")]),
            ("a figure", lambda: lib.edit("benchmarks/water.csv", "MAN,WS5.1,2019,41.0", "MAN,WS5.1,2019,47.5"),
             [("municipalities/man/", "47.5"), ("indicators/ws5-1/", "47.5")]),
            ("a tag", lambda: lib.edit("case-studies/pressure-management.md", "tags: [pressure-management]",
                                       "tags: [pressure-management, zoning]"),
             [("browse/tags/zoning/", "Halving water losses"), (case_study, "zoning")]),
            ("a person's name", lambda: lib.edit("people/thandi-mokoena.md", "name: Thandi Mokoena",
                                                 "name: Thandiwe Mokoena"),
             [("people/thandi-mokoena/", "Thandiwe Mokoena"), (case_study, "Thandiwe Mokoena")]),
            ("a template", lambda: (lib.root / "overrides/lekgotla/browse-list.html").write_text(
                (lib.root / "overrides/lekgotla/browse-list.html").read_text(encoding="utf-8").replace(
                    "{% block content %}", "{% block content %}<p>Edited in the theme.</p>", 1), encoding="utf-8"),
             [("browse/tags/zoning/", "Edited in the theme.")]),
            ("a new case study", lambda: lib.write("case-studies/new-meters.md", NEW_CASE_STUDY),
             [("case-studies/new-meters/", "Smart meters in Mangaung"), ("municipalities/man/", "Smart meters")]),
            ("a removed case study", lambda: (lib.content / "case-studies/new-meters.md").unlink(), []),
        ]
        for number, (what, edit, expected) in enumerate(edits, start=1):
            edit()
            server.settled(number)
            for path, text in expected:
                assert text in server.get(path), f"after {what}: {text!r} is not on {path}"
            assert_same_site(served_folder(server), cold_build(lib, tmp_path / "cold"))


def test_a_changed_title_reaches_its_lists_before_the_whole_site_is_checked(library):
    """The quick pass renders the lists an edited case study is shown in: its section, tag, year and
    province lists, its service area, municipality, network and the page of the indicator it is on."""
    lists = ["", "case-studies/", "browse/tags/pressure-management/", "browse/years/2016/", "browse/provinces/kzn/",
             "service-areas/water/", "municipalities/eth/", "networks/water-services-learning-network/",
             "indicators/ws5-1/"]
    with serving(library.root) as server:
        server.settled(0)
        assert all("Cutting water losses" in server.get(address) for address in lists)
        library.edit("case-studies/pressure-management.md", "title: Cutting water losses", "title: Halving losses")
        deadline = time.monotonic() + 60
        while not any(line.startswith("↻ pressure-management.md") for line in server.lines):
            assert time.monotonic() < deadline, "\n".join(server.lines)
            time.sleep(0.05)
        assert server.status()["busy"], "the whole site's check is running"
        late = [address for address in lists if "Halving losses" not in server.get(address)]
        assert not late, f"shown only after the whole site's check: {late}"


def test_an_edit_reloads_the_open_page_and_a_problem_shows_on_it(library, browser):
    case_study = "case-studies/pressure-management.md"
    with serving(library.root) as server:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(server.url + "case-studies/pressure-management/")
        # The page reloads by itself with the edit.
        library.edit(case_study, "title: Cutting water losses", "title: Halving water losses")
        page.get_by_role("heading", name="Halving water losses").wait_for(timeout=60_000)
        server.settled(1)
        # A mistake: the site keeps the last version that passed, and the page and the terminal say what
        # is wrong and where, as `lekgotla check` does.
        library.edit(case_study, "municipality: ETH", "municipality: ETHX")
        problem = f"content/{case_study}:3: municipality: unknown municipality 'ETHX'"
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=60_000)
        assert problem in alert.inner_text()
        assert any(problem in line for line in server.lines)
        assert server.status()["problems"][0].startswith(problem)
        assert "Halving water losses" in server.get("case-studies/pressure-management/")
        assert "ETHX" not in server.get("case-studies/pressure-management/")
        # Put right (and edited again): the notice goes and the page shows the new version.
        library.edit(case_study, "municipality: ETHX", "municipality: ETH")
        library.edit(case_study, "title: Halving water losses", "title: Cutting losses by half")
        page.get_by_role("heading", name="Cutting losses by half").wait_for(timeout=60_000)
        assert page.get_by_role("alert").count() == 0
        assert server.settled(2)["problems"] == []


def test_the_search_page_says_while_the_index_is_being_rebuilt(library, browser):
    with serving(library.root) as server:
        server.settled(0)
        page = browser.new_page()
        page.goto(server.url + "search/")
        note = page.get_by_role("status").filter(has_text="search index is being rebuilt")
        library.edit("case-studies/mangaung-nrw.md", "Mangaung replaced meters.", "Mangaung replaced 9,000 meters.")
        note.wait_for(timeout=120_000)
        server.settled(1)
        note.wait_for(state="detached", timeout=60_000)


def test_only_the_served_pages_carry_the_reload_script_which_their_policy_allows(library, tmp_path):
    with serving(library.root) as server:
        root = served_folder(server)
        for path in ("", "case-studies/pressure-management/", "municipalities/eth/", "search/"):
            sent = server.get(path).encode()
            tag = re.search(rb'<script src="/__lekgotla__/live-reload.js" data-since="[0-9]+"></script></body>', sent)
            assert tag, f"{path or 'the home page'} has no reload script"
            on_disk = (root / path / "index.html").read_bytes()
            assert sent.replace(tag.group(0), b"</body>") == on_disk  # the page as built, and the tag
            policy = re.search(rb'http-equiv="Content-Security-Policy" content="([^"]+)"', on_disk).group(1)
            assert b"script-src 'self'" in policy and b"unsafe-inline" not in policy  # its own origin: allowed
        script = server.get("__lekgotla__/live-reload.js")
        assert "location.reload()" in script and "innerHTML" not in script
    built = cold_build(library, tmp_path / "built")
    assert not [p for p in built.rglob("*") if p.is_file() and b"__lekgotla__" in p.read_bytes()]
    assert not (built / "__lekgotla__").exists()


@pytest.mark.parametrize("stop", ["Ctrl-C", "SIGTERM"])
def test_stopping_leaves_no_process_and_no_folder(library, stop):
    server = Server(library.root)
    try:
        root = served_folder(server)
        library.edit("case-studies/pressure-management.md", "title: Cutting water losses", "title: Halving losses")
        deadline = time.monotonic() + 60
        while "Halving losses" not in server.get("case-studies/pressure-management/") and time.monotonic() < deadline:
            time.sleep(0.02)  # the quick pass is done: the builder has started the complete pass
        assert server.status()["busy"], "stopped while the whole site is checked"
        code = server.stop(signal.SIGINT, group=True) if stop == "Ctrl-C" else server.stop(signal.SIGTERM)
        assert code == 0
        deadline = time.monotonic() + 1  # killed with the command, not left to notice that it is alone
        while alive(server.seen) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(server.seen), [Path(f"/proc/{p}/cmdline").read_text() for p in alive(server.seen)]
        assert not root.exists()
    finally:
        for pid in alive(server.seen):  # only ours: seen below the command
            os.kill(pid, signal.SIGKILL)
        server.stop(signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_mkdocs_serve_still_serves_and_rebuilds(library):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
           "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=library.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)

    def page() -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/case-studies/pressure-management/", timeout=10) as r:
            return r.read().decode("utf-8")

    def shows(text: str) -> bool:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            try:
                if text in page():
                    return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert shows("Cutting water losses")
        library.edit("case-studies/pressure-management.md", "title: Cutting water losses", "title: Halving losses")
        assert shows("Halving losses")
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the test fails, and leaves no server behind
            raise
