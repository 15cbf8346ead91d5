"""The search index of the last build, reused while every page it indexed is the same.

Pagefind reads every page on every build: 20 s of a national build, a third of a
plain site's. When the pages and the search records are byte for byte those of
an earlier build, so is its index: it is copied back instead of made again
(hashing the pages takes well under a second). One index is kept, the last.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from generator.cache import content_key
from generator.site.search_index import BUNDLE, UNUSED, index_folders

FOLDER = "search-index"


def index_or_reuse(site_dir: Path, record_pages: Path, glob: str, cache_dir: Path) -> bool:
    """Index ``site_dir`` as ``index_folders`` does, or copy back the index of a build that read
    exactly the same pages; True when reused."""
    key = index_key(site_dir, record_pages, BUNDLE, glob)
    bundle = Path(site_dir) / BUNDLE
    if restore(cache_dir, key, bundle):
        return True
    index_folders(site_dir, record_pages, glob)
    keep(cache_dir, key, bundle)
    return False


def index_key(site_dir: Path, record_pages: Path, bundle: str, options: str) -> str:
    """A key of everything Pagefind reads: each HTML page (not its own bundle), the record
    pages, its version and ``options``."""
    digest = hashlib.sha256()
    for root, skip in ((Path(site_dir), bundle), (Path(record_pages), None)):
        for page in sorted(root.rglob("*.html")):
            relative = page.relative_to(root)
            if (skip and relative.parts[0] == skip) or not page.is_file():  # a folder may be named x.html
                continue
            digest.update(relative.as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(page.read_bytes()).digest())
    return content_key("search index", _pagefind_version(), options, UNUSED, digest.hexdigest())


def restore(cache_dir: Path, key: str, target: Path) -> bool:
    """Copy the kept index for ``key`` to ``target``; False when there is none."""
    kept = Path(cache_dir) / FOLDER / key
    if not (kept / "done").is_file():
        return False
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(kept / "bundle", target)
    return True


def keep(cache_dir: Path, key: str, bundle: Path) -> None:
    """Keep a copy of the index just made, under ``key``, in place of any older one."""
    folder = Path(cache_dir) / FOLDER
    for old in folder.glob("*"):
        shutil.rmtree(old, ignore_errors=True)
    kept = folder / key
    shutil.copytree(bundle, kept / "bundle")
    (kept / "done").write_text("complete\n", encoding="utf-8")  # a copy cut short is never used


def _pagefind_version() -> str:
    try:
        return version("pagefind")
    except PackageNotFoundError:
        return "none"
