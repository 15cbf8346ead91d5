"""Building the site atomically: a failed build never touches the previous ``site/``."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

log = logging.getLogger("mkdocs.plugins.lekgotla")


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    seconds: float


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
        pages = len(plugin.specs) if plugin else sum(1 for _ in staging.rglob("index.html"))
        _swap_into_place(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(target, pages, time.perf_counter() - started)


def _swap_into_place(staging: Path, target: Path) -> None:
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        target.rename(retired / target.name)
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must read it
    staging.rename(target)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)
