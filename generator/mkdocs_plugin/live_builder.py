"""The process behind ``lekgotla serve`` that builds the site and keeps it up to date.

``run`` builds the site once with MkDocs (from the caches when they are warm) into the folder the
server serves, keeps what the build made in memory (live_site.py) and then waits for changes the
server's watcher sends. Each change gets the quick pass here, at once, and then the complete pass
in a forked process of its own (``Worker``), which the next change stops before its quick pass:
an edit never waits behind the check of the one before. Once a complete pass has ended, the site
is indexed for search again in another forked process, into a folder of its own that then takes
the place of the old index (search answers from the old one meanwhile, and the server says so on
the search page).

Every process started here is in a process group of its own and is ended, with its group, when
this one ends; each also ends when its parent dies (Linux), so none outlives the command.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import time
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.stoppable import Worker
from generator.workers import end_with_parent
from generator.mkdocs_plugin.live_site import LiveSite, Listener, Served
from generator.mkdocs_plugin.packaged_theme import own_theme_dirs
from generator.model.live_library import Rejected
from generator.site import search_records
from generator.site.search_index import BUNDLE, DeferredIndex, index_folders, searched_glob
from generator.site.search_index_cache import index_key, keep, restore

log = logging.getLogger("mkdocs.plugins.lekgotla")
#: Template files of a theme, as MkDocs tells them from the files it copies (Files.add_files_from_theme).
TEMPLATE_SUFFIXES = (".html",)


def run(conn: Connection, config_file: str, site_dir: str, server: int) -> None:
    """The builder process: the first build, then every change the server sends, until it says stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us; Ctrl-C reaches it alone
    signal.signal(signal.SIGTERM, _exit_on_signal)
    end_with_parent(server, signal.SIGTERM)
    builder = None
    try:
        live, watched, seconds = _first_build(config_file, site_dir, conn)
        if live is None:
            return
        builder = Builder(conn, live)
        conn.send(("ready", {"watch": watched, "pages": len(live.pages), "seconds": seconds}))
        builder.index()
        builder.loop()
    except (EOFError, BrokenPipeError, SystemExit):
        pass  # the server is gone or stopped us
    finally:
        if builder:
            builder.stop_workers()
    # Everything it started has ended and every file is written: what is left is memory, which
    # Python would free object by object for seconds (a national library's millions of them).
    logging.shutdown()
    os._exit(0)


def _first_build(config_file: str, site_dir: str, conn: Connection) -> tuple[LiveSite | None, dict, float]:
    started = time.perf_counter()
    config = load_config(config_file, site_dir=site_dir)
    plugin = config.plugins.get("lekgotla")
    if plugin is None:
        conn.send(("failed", f"{config_file} does not use the lekgotla plugin: there is nothing to serve"))
        return None, {}, 0.0
    plugin.deferred_index = DeferredIndex(Path(tempfile.mkdtemp(prefix="lekgotla-records-")))
    try:
        build(config)
    except (MkDocsException, OSError) as error:
        report = plugin.report
        conn.send(("failed", report.as_text() if report is not None and not report.ok else str(error)))
        return None, {}, 0.0
    live = LiveSite(config, plugin)
    watched = {"content": str(plugin.settings.content_dir), "theme": [str(d) for d in own_theme_dirs(config.theme)],
               "files": [str(Path(config.config_file_path).resolve()), str(plugin.settings.root / "CONTRIBUTING.md")]}
    return live, watched, time.perf_counter() - started


class _Relay(Listener):
    """The complete pass's listener: tells the builder (its parent) of each page, around each write."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def writing(self, src_uri: str) -> None:
        self.conn.send(("writing", src_uri))

    def served(self, src_uri: str, served: Served | None, address: str | None) -> None:
        self.conn.send(("served", src_uri, served, address))


class _ToServer(Listener):
    """The quick pass's listener: each page whose HTML changed is reloaded in the browsers showing it."""

    def __init__(self, builder: Builder):
        self.builder = builder

    def served(self, src_uri: str, served: Served | None, address: str | None) -> None:
        if address is not None:
            self.builder._problems([])  # the edited files passed: a page reloaded now must not show the old ones
            self.builder.pages_changed([address])


class Builder:
    def __init__(self, conn: Connection, live: LiveSite):
        self.conn, self.live = conn, live
        live.listener = _ToServer(self)
        self.complete: Worker | None = None
        self.indexer: Worker | None = None
        self.index_wanted = False
        self.glob: str | None = live.plugin.deferred_index.glob if live.plugin.deferred_index else None
        self.problems: list[str] = []
        self.changed: set[Path] = set()
        self.started = time.perf_counter()

    # ----- the loop -----------------------------------------------------------------------------
    def loop(self) -> None:
        while True:
            idle_work = self.live.library.raw is None  # what the next quick pass needs, read while nothing happens
            workers = [w for w in (self.complete, self.indexer) if w]
            ready = wait([self.conn, *[w.conn for w in workers], *[w.process.sentinel for w in workers]],
                         timeout=0.05 if idle_work else None)
            if self.conn in ready:
                self._from_server()
            self._from_workers()
            if self.changed:
                self.take_in()
            elif idle_work and not ready:
                self.live.library.read()

    def _from_server(self) -> None:
        while self.conn.poll():
            kind, *content = self.conn.recv()
            if kind == "stop":
                raise SystemExit(0)
            if kind == "changes":
                self.changed.update(Path(p) for p in content[0])

    def take_in(self) -> None:
        """The changes so far: the quick pass, then the complete pass in a process of its own."""
        changed, self.changed = self.changed, set()
        self._stop_complete_pass()
        self._stop_indexing()
        self._state(busy=True)
        content, templates = self._sorted(changed)
        started = time.perf_counter()
        quick = None
        try:
            quick = self.live.edit(content) if content else None
        except Rejected as rejected:
            self._problems([f.as_text() for f in rejected.findings])
            self._say("✗ " + "\n  ".join(f.as_text() for f in rejected.findings) +
                      "\n  (the pages show the last version that passed the check)")
            self._state(busy=False)
            return
        if quick is not None:
            self._problems([])
            self._say(f"↻ {_names(content)}: {_counted(quick.written, 'page')} updated in "
                      f"{time.perf_counter() - started:.1f} s; checking the whole site …")
        if self.conn.poll():  # more changes came meanwhile: take them in before the complete pass
            self._from_server()
            if self.changed:
                return
        whole_library = quick is None and bool(content)
        self.complete = Worker(_complete_pass, self.live, sorted(content), templates, whole_library)
        self.conn.send(("group", self.complete.process.pid))
        self.started = time.perf_counter()

    def _sorted(self, changed: set[Path]) -> tuple[list[Path], set[str]]:
        """Content files (and files the build reads beside mkdocs.yml), and the names of changed templates;
        changed static files of the theme are copied to the site here."""
        content, templates = [], set()
        theme_dirs = [Path(d).resolve() for d in self.live.config.theme.dirs]
        for path in changed:
            folder = next((d for d in theme_dirs if path.resolve().is_relative_to(d)), None)
            if folder is None:
                content.append(path)
                continue
            name = path.resolve().relative_to(folder).as_posix()
            if name.endswith(TEMPLATE_SUFFIXES) or name in self.live.config.theme.static_templates:
                templates.add(name)
            elif not name.startswith(".") and "/." not in name:
                source = next((d / name for d in theme_dirs if (d / name).is_file()), None)
                self.live.asset_changed(name, source)
                self.pages_changed([name])
        if templates:
            self.live.renderer.templates_changed()
        return content, templates

    # ----- what the workers send ----------------------------------------------------------------
    def _from_workers(self) -> None:
        if self.complete:
            for message in self.complete.messages():
                self._from_complete_pass(*message)
            if self.complete and self.complete.ended:
                for message in self.complete.stop():
                    self._from_complete_pass(*message)
                self.complete = None
                self._state(busy=False)
                if self.index_wanted:
                    self.index()
        if self.indexer:
            for message in self.indexer.messages():
                if message[0] == "indexed":
                    self._say(f"… search index updated in {message[1]:.0f} s")
                elif message[0] == "crashed":
                    self._say(f"✗ indexing for search failed:\n{message[1]}")
            if self.indexer.ended:
                self.indexer.stop()
                self.indexer = None
                self._state(indexing=False)

    def _from_complete_pass(self, kind: str, *content: Any) -> None:
        live = self.live
        if kind == "writing":  # not known until it is confirmed: a pass stopped now leaves it to the next
            served = live.served.get(content[0])
            if served:
                served.lk = None
        elif kind == "served":
            src, served, address = content
            if served is None:
                live.served.pop(src, None)
                live.pages.pop(src, None)
                live.renderer.forget(src)
            else:
                live.served[src] = served
                live.pages.setdefault(src, None)  # the page exists (has_page); its object is the other process's
            if address is not None:
                self.pages_changed([address])
        elif kind == "suggestions":
            live.suggestions = content[0]
        elif kind == "library":
            live.use_library(content[0])
        elif kind == "problems":
            self._problems(content[0])
            self._say("✗ the whole site's check failed: the pages show the last version that passed\n  "
                      + "\n  ".join(content[0]))
        elif kind == "done":
            self.glob, info = content[0], content[1]
            self.index_wanted = True
            self._problems([])
            self._say(f"✓ whole site checked in {time.perf_counter() - self.started:.1f} s: "
                      f"{_counted(info['written'], 'more page')} updated, {info['rendered']} rendered"
                      + (f", {info['files']} files" if info["files"] else ""))
        elif kind == "crashed":
            self._say(f"✗ the complete pass failed:\n{content[0]}")

    # ----- search ------------------------------------------------------------------------------
    def index(self) -> None:
        """Index the site for search again, in the background (when the build indexes it at all)."""
        self.index_wanted = False
        deferred = self.live.plugin.deferred_index
        if self.glob is None or deferred is None:
            return
        records = deferred.record_pages
        shutil.rmtree(records, ignore_errors=True)
        records.mkdir(parents=True)
        search_records.write_record_pages(records, search_records.custom_records(self.live.plugin.catalogue),
                                          self.live.plugin.env)
        self.indexer = Worker(_index, self.live.site_dir, records, self.glob, self.live.plugin.settings.cache_dir)
        self.conn.send(("group", self.indexer.process.pid))
        self._state(indexing=True)

    # ----- telling the server ------------------------------------------------------------------
    def pages_changed(self, addresses: list[str]) -> None:
        if addresses:
            self.conn.send(("pages", addresses))

    def _problems(self, problems: list[str]) -> None:
        if problems != self.problems:
            self.problems = problems
            self.conn.send(("problems", problems))

    def _state(self, **state: bool) -> None:
        self.conn.send(("state", state))

    def _say(self, line: str) -> None:
        self.conn.send(("say", line))

    def _stop_complete_pass(self) -> None:
        if self.complete:
            for message in self.complete.stop():
                self._from_complete_pass(*message)
            self.complete = None

    def _stop_indexing(self) -> None:
        if self.indexer:
            self.indexer.stop()
            self.indexer = None
            self.index_wanted = True
            self._state(indexing=False)

    def stop_workers(self) -> None:
        for worker in (self.complete, self.indexer):
            if worker:
                worker.stop()


# ----- in the forked processes ---------------------------------------------------------------------
def _complete_pass(conn: Connection, live: LiveSite, edited: list[Path], templates: set[str],
                   whole_library: bool) -> None:
    live.listener = _Relay(conn)
    logging.getLogger("mkdocs.plugins.lekgotla").setLevel(logging.ERROR)  # the check's warnings: said once
    try:
        done = live.complete(edited, templates)
    except MkDocsException:
        report = live.plugin.report
        conn.send(("problems", [f.as_text() for f in report.errors] if report is not None else ["the build failed"]))
        return
    conn.send(("suggestions", live.suggestions))
    if whole_library:
        conn.send(("library", live.library.library))
    conn.send(("done", searched_glob(live.searched()),
               {"written": done.written, "rendered": done.rendered, "files": done.files}))


def _index(conn: Connection, site_dir: Path, records: Path, glob: str, cache_dir: Path) -> None:
    started = time.perf_counter()
    staging = site_dir.parent / f".{site_dir.name}-{BUNDLE}"
    shutil.rmtree(staging, ignore_errors=True)
    key = index_key(site_dir, records, BUNDLE, glob)
    if not restore(cache_dir, key, staging):
        index_folders(site_dir, records, glob, bundle=staging)
        keep(cache_dir, key, staging)
    retired = site_dir.parent / f".{site_dir.name}-{BUNDLE}-old"
    shutil.rmtree(retired, ignore_errors=True)
    if (site_dir / BUNDLE).exists():
        (site_dir / BUNDLE).rename(retired)
    staging.rename(site_dir / BUNDLE)
    shutil.rmtree(retired, ignore_errors=True)
    conn.send(("indexed", time.perf_counter() - started))


def _exit_on_signal(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _names(paths: list[Path]) -> str:
    return ", ".join(p.name for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")


def _counted(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"
