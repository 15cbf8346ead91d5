"""`lekgotla build` in two processes: MkDocs in a child, Pagefind after it, the old site safe throughout.

The child's memory is returned before Pagefind starts (issue 15's budget is the peak of
the whole process tree); for the person building, nothing else may change: the same
messages, the same errors, and a failed or killed build never touches the previous site.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import BuildError

from conftest import REPO
from generator.cli import build as cli_build
from generator.cli.build import build_site
from generator.cli.forked import ChildError, run_forked
from generator.site import search_index_cache
from generator.site.search_index import ALLOCATOR_SETTING, WHOLE_SITE, index_folders, searched_glob


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def indexed_urls(site: Path) -> set[str]:
    """The address of every result the site's search can return."""
    urls = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        urls.add(record["meta"].get("link") or record["url"])
    return urls


# ----- what a reader can find ---------------------------------------------------------------------
def test_the_search_finds_practices_places_and_indicators_but_no_browse_list(fixture_site):
    urls = indexed_urls(fixture_site)
    assert "/case-studies/pressure-management/" in urls
    assert "/municipalities/eth/" in urls
    assert any(url.startswith("/service-areas/water/#") for url in urls)  # an indicator's record
    assert not [url for url in urls if url.startswith("/browse/")]


def test_edit_links_are_not_searchable(fixture_site):
    html = (fixture_site / "case-studies" / "pressure-management" / "index.html").read_text(encoding="utf-8")
    aside = html[html.index('<aside class="lk-contribute"'):]
    assert "data-pagefind-ignore" in aside[:aside.index(">")]


class Searchable:
    def __init__(self, src_uri: str, search: bool = True) -> None:
        self.src_uri, self.search = src_uri, search


def test_pagefind_reads_only_the_folders_that_hold_a_searchable_page():
    pages = [Searchable("case-studies/x.md"), Searchable("municipalities/eth.md"),
             Searchable("browse/tags/water.md", search=False), Searchable("index.md", search=False)]
    assert searched_glob(pages) == "{case-studies,municipalities}/**/*.html"
    assert searched_glob([*pages, Searchable("about.md")]) == WHOLE_SITE


def test_pagefind_runs_with_its_allocator_returning_freed_memory_and_a_setting_of_ones_own_is_kept(tmp_path,
                                                                                                  monkeypatch):
    # Pagefind itself, started through a shim that notes the setting its allocator reads.
    from pagefind.service import get_executable

    seen, shim = tmp_path / "seen", tmp_path / "pagefind"
    shim.write_text(f'#!/bin/sh\nprintf %s "$_RJEM_MALLOC_CONF" > "{seen}"\nexec "{get_executable()}" "$@"\n')
    shim.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(shim))
    monkeypatch.delenv(ALLOCATOR_SETTING[0], raising=False)
    site, records = tmp_path / "site", tmp_path / "records"
    site.mkdir(), records.mkdir()
    (site / "index.html").write_text('<html lang="en"><body><main data-pagefind-body><h1>Water meters</h1>'
                                     "<p>Leaks fixed in a month.</p></main></body></html>", encoding="utf-8")
    index_folders(site, records)
    assert seen.read_text() == ALLOCATOR_SETTING[1] == "dirty_decay_ms:0,muzzy_decay_ms:0,narenas:1"
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert ALLOCATOR_SETTING[0] not in os.environ  # set for Pagefind only, while it runs
    monkeypatch.setenv(ALLOCATOR_SETTING[0], "narenas:2")
    index_folders(site, records)
    assert seen.read_text() == "narenas:2"


# ----- the two processes ----------------------------------------------------------------------------
def test_a_plain_mkdocs_build_indexes_the_site_itself(library):
    mkdocs_build(load_config(str(library.config_file), site_dir=str(library.root / "plain")))
    assert "/case-studies/pressure-management/" in indexed_urls(library.root / "plain")


def test_the_building_process_loads_neither_the_library_nor_the_plugin(library):
    script = ("import sys; from generator.cli.build import build_site; build_site('mkdocs.yml'); "
              "print(sorted(m for m in sys.modules if m.startswith(('generator.model', 'generator.mkdocs_plugin', "
              "'matplotlib', 'material'))))")
    result = subprocess.run([sys.executable, "-c", script], cwd=library.root, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (library.root / "site" / "pagefind" / "pagefind.js").is_file()


def test_a_failure_while_indexing_leaves_the_previous_site(library, monkeypatch):
    site = build_site(library.config_file, library.root / "site").site_dir
    before = snapshot(site)

    def failing_index(*args):
        raise RuntimeError("pagefind broke")
    monkeypatch.setattr(search_index_cache, "index_folders", failing_index)
    library.edit("case-studies/pressure-management.md", "## Results", "## Results\n\nNew words to index.\n")
    with pytest.raises(RuntimeError, match="pagefind broke"):
        build_site(library.config_file, site)
    assert snapshot(site) == before
    assert [p.name for p in library.root.iterdir() if p.name.startswith(".site-")] == []


def test_a_killed_build_is_reported_and_leaves_the_previous_site(library, monkeypatch):
    site = build_site(library.config_file, library.root / "site").site_dir
    before = snapshot(site)
    monkeypatch.setattr(cli_build, "_build", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(BuildError, match="killed by SIGKILL: out of memory"):
        build_site(library.config_file, site)
    assert snapshot(site) == before
    assert [p.name for p in library.root.iterdir() if p.name.startswith(".site-")] == []


def test_an_unexpected_error_in_the_child_is_raised_as_itself_with_the_childs_traceback(library, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug in the build")
    monkeypatch.setattr("generator.mkdocs_plugin.plugin.build_site", broken)
    with pytest.raises(ValueError, match="a bug in the build") as raised:
        build_site(library.config_file, library.root / "site")
    assert "in broken" in str(raised.value.__cause__)
    assert not (library.root / "site").exists()


# ----- running a call in a forked child -----------------------------------------------------------
def answer_and_log(number: int) -> int:
    logging.getLogger("mkdocs.plugins.lekgotla").warning("working on %d", number)
    return number * 2


class NeedsTwo(Exception):
    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def raise_needs_two() -> None:
    raise NeedsTwo("this", "that")


def test_a_forked_call_returns_its_answer_and_its_log_reaches_this_process(caplog):
    assert run_forked(answer_and_log, 21) == 42
    assert "working on 21" in caplog.text


def test_an_exception_that_cannot_travel_arrives_as_a_child_error_naming_it():
    with pytest.raises(ChildError, match="NeedsTwo: this and that"):
        run_forked(raise_needs_two)


def indexed_text(site: Path) -> str:
    """The text of every page the site's search holds, as its result excerpts are made from."""
    return " ".join(json.loads((data := gzip.decompress(f.read_bytes()))[data.index(b"{"):])["content"]
                    for f in (site / "pagefind" / "fragment").glob("*.pf_fragment"))


def test_an_unchanged_site_reuses_its_search_index_and_an_edited_one_is_indexed_again(library):
    first = build_site(library.config_file, library.root / "site")
    bundle, text = snapshot(first.site_dir / "pagefind"), indexed_text(first.site_dir)
    again = build_site(library.config_file, library.root / "site")
    assert again.stats["search_index_reused"] == 1 and snapshot(again.site_dir / "pagefind") == bundle
    library.edit("case-studies/pressure-management.md", "## Results", "## Results\n\nZwakalisa valves held.\n")
    edited = build_site(library.config_file, library.root / "site")
    assert edited.stats["search_index_reused"] == 0
    assert "Zwakalisa" in indexed_text(edited.site_dir) and "Zwakalisa" not in text
