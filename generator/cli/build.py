"""Building the site atomically: a failed build never touches the previous ``site/``.

``build_site`` runs MkDocs in a forked child and Pagefind after the child has
ended: the build's memory (the library, every page, MkDocs' state) is handed
back before Pagefind, which needs more than a gigabyte of its own for a national
library, starts. This process stays small while Pagefind runs: it never loads the
configuration (which imports every plugin) or the library.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import BuildError, MkDocsException

from generator import progress
from generator.cli.forked import run_forked
from generator.site.search_index import DeferredIndex
from generator.site.search_index_cache import index_or_reuse

log = logging.getLogger("mkdocs.plugins.lekgotla")
#: What a failed build raises, for the commands: they import no MkDocs module themselves.
BuildFailure = MkDocsException


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float
    stats: dict = field(default_factory=dict)  # the plugin's figures: step timings and counts


@dataclass
class _Built:
    """What the build's child hands back."""

    pages: int
    stats: dict
    cache_dir: Path
    search: DeferredIndex


def build_site(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None,
               **config_overrides) -> BuildResult:
    """Build into a temporary folder beside ``site_dir``, index it, then swap it in.

    The temporary folder sits next to the target so the final renames stay on
    one file system and are (close to) instantaneous; on any error, in the
    build or in the indexing, the folder is removed and the old site is left exactly as it was.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    config_file = Path(config_file)
    target = Path(site_dir or _site_dir_of(config_file)).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    recover_interrupted(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        with terminate_as_interrupt(), tempfile.TemporaryDirectory(prefix="lekgotla-records-") as record_pages:
            built = _build_and_index(config_file, staging, Path(record_pages), config_overrides)
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = BuildResult(target, built.pages, time.perf_counter() - started, built.stats)
    _record_stats(built.cache_dir, result)
    return result


def _build_and_index(config_file: Path, staging: Path, record_pages: Path, overrides: dict) -> _Built:
    try:
        built = run_forked(_build, config_file, staging, DeferredIndex(record_pages), overrides)
    except ChildProcessError as exc:  # killed, most likely for want of memory
        raise BuildError(str(exc)) from None
    if built.search.glob is not None:
        started = time.perf_counter()
        progress.start("search")
        reused = index_or_reuse(staging, record_pages, built.search.glob, built.cache_dir)
        built.stats["pagefind_seconds"] = time.perf_counter() - started
        built.stats["search_index_reused"] = int(reused)
        progress.done("search", "the last build's index, unchanged" if reused else f"{built.pages} pages")
    return built


def _build(config_file: Path, staging: Path, search: DeferredIndex, overrides: dict) -> _Built:
    """The MkDocs build, run in the child: the site into ``staging``, the search record pages for the parent."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from generator.mkdocs_plugin.config import settings_of

    config = load_config(str(config_file), site_dir=str(staging), **overrides)
    plugin = config.plugins.get("lekgotla")
    if plugin:
        plugin.deferred_index = search
    build(config)
    pages = len(plugin.pages) if plugin else sum(1 for _ in staging.rglob("index.html"))
    cache_dir = plugin.settings.cache_dir if plugin and plugin.settings else settings_of(config_file).cache_dir
    return _Built(pages, dict(plugin.stats) if plugin else {}, cache_dir, search)


def _site_dir_of(config_file: Path) -> Path:
    # As MkDocs reads it (relative to mkdocs.yml, site/ if unset), without loading the
    # configuration, which would import every plugin into this process.
    return config_file.resolve().parent / (_written_config(config_file).get("site_dir") or "site")


def _written_config(config_file: Path) -> dict:
    """mkdocs.yml as written, by MkDocs' own YAML reader (!ENV and the rest), as config.mkdocs_yml reads it
    for the commands; read here because this process, which runs Pagefind, must not import the plugin's
    package (test_build_process)."""
    from mkdocs.utils.yaml import yaml_load

    with open(config_file, encoding="utf-8") as handle:
        return yaml_load(handle) or {}


def _record_stats(cache_dir: Path, result: BuildResult) -> None:
    # bench/run.py reads the figures of the last build from here.
    cache_dir.mkdir(parents=True, exist_ok=True)
    figures = {"pages": result.pages, "seconds": result.seconds, **result.stats}
    (cache_dir / "last-build.json").write_text(json.dumps(figures, indent=2), encoding="utf-8")


def build_offline_zip(config_file: str | Path = "mkdocs.yml", zip_path: str | Path = "site-offline.zip") -> Path:
    """A copy of the site that works from file:// with no server, as a zip.

    Pagefind fetches its index, which browsers refuse from file://, so this
    variant uses mkdocs-material's offline plugin and its own lunr search
    instead; the offline plugin also turns off folder-style addresses.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_file = Path(config_file)
    target = Path(zip_path).resolve()
    with tempfile.TemporaryDirectory(prefix=".offline-", dir=target.parent) as staging:
        site = Path(staging) / "site"
        build(load_config(str(config_file), site_dir=str(site), plugins=_offline_plugins(config_file)))
        archive = shutil.make_archive(str(Path(staging) / "offline"), "zip", root_dir=site)
        os.replace(archive, target)  # the old zip stays until the new one is complete
    return target


def _offline_plugins(config_file: Path) -> list:
    plugins = _written_config(config_file).get("plugins") or []
    offline = []
    for plugin in plugins:
        name, options = next(iter(plugin.items())) if isinstance(plugin, dict) else (plugin, {})
        if name == "lekgotla":
            options = {**(options or {}), "search_index": False}
        if name not in ("search", "offline"):
            offline.append({name: options or {}})
    return [*offline, "search", "offline"]


def recover_interrupted(target: Path) -> list[str]:
    """Put right what an interrupted build left beside ``target``; says what it did.

    Killed between the two renames of the swap, a build leaves no ``site/`` but the
    previous one in ``.site-old-*/site``: that is moved back. Leftover
    ``.site-building-*`` folders (a build killed outright) and retired sites are removed.
    """
    done = []
    parent, name = target.parent, target.name
    if not target.exists():
        retired = sorted(parent.glob(f".{name}-old-*/{name}"), key=lambda p: p.stat().st_mtime)
        if retired:
            retired[-1].rename(target)
            done.append(f"restored {target.name}/ from an interrupted build")
    for leftover in [*parent.glob(f".{name}-building-*"), *parent.glob(f".{name}-old-*")]:
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)
            done.append(f"removed {leftover.name}")
    return done


@contextmanager
def terminate_as_interrupt():
    """SIGTERM (a CI runner cancelling a job) cleans up as Ctrl-C does: as KeyboardInterrupt.

    Python runs a handler between any two bytecodes, also inside a callback (the one that drops an
    import lock, say) where an exception cannot propagate: it was printed as "Exception ignored",
    with a traceback, and lost. Such an interrupt is delivered again once the callback has returned.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def deliver_again(unraisable):
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            # From another thread, a moment later: raised here, it would be lost again.
            threading.Timer(0.01, signal.pthread_kill, (threading.main_thread().ident, signal.SIGTERM)).start()
        else:
            previous_hook(unraisable)

    previous = signal.signal(signal.SIGTERM, interrupt)
    previous_hook, sys.unraisablehook = sys.unraisablehook, deliver_again
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        sys.unraisablehook = previous_hook


def _swap_into_place(staging: Path, target: Path) -> None:
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(retired / target.name)
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    staging.rename(target)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)
