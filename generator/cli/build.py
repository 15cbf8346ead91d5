"""Building the site atomically: a failed build never touches the previous ``site/``."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import json
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from generator.cache import DEFAULT_DIR as CACHE_DIR

log = logging.getLogger("mkdocs.plugins.lekgotla")


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float
    stats: dict = field(default_factory=dict)  # the plugin's figures: step timings and counts


def build_site(config_file: str | Path = "mkdocs.yml", site_dir: str | Path | None = None,
               **config_overrides) -> BuildResult:
    """Build into a temporary folder beside ``site_dir``, then swap it in.

    The temporary folder sits next to the target so the final renames stay on
    one file system and are (close to) instantaneous; on any error the folder
    is removed and the old site is left exactly as it was.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    started = time.perf_counter()
    config_file = Path(config_file)
    if site_dir is None:
        site_dir = load_config(str(config_file)).site_dir
    target = Path(site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        config = load_config(str(config_file), site_dir=str(staging), **config_overrides)
        build(config)
        plugin = config.plugins.get("lekgotla")
        pages = len(plugin.pages) if plugin else sum(1 for _ in staging.rglob("index.html"))
        stats = dict(plugin.stats) if plugin else {}
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    result = BuildResult(target, pages, time.perf_counter() - started, stats)
    _record_stats(config_file.parent / CACHE_DIR, result)
    return result


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
    plugins = yaml_load(config_file.read_text(encoding="utf-8")).get("plugins") or []
    offline = []
    for plugin in plugins:
        name, options = next(iter(plugin.items())) if isinstance(plugin, dict) else (plugin, {})
        if name == "lekgotla":
            options = {**(options or {}), "search_index": False}
        if name not in ("search", "offline"):
            offline.append({name: options or {}})
    return [*offline, "search", "offline"]


def _swap_into_place(staging: Path, target: Path) -> None:
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(retired / target.name)
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    staging.rename(target)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)
