"""Loading a library without redoing work: the whole result, or file by file.

Two levels, both on disk under the cache folder (.lekgotla-cache/ next to mkdocs.yml):

- the loaded ``Library`` and its report, keyed by a fingerprint of every file
  under content/ (its path and bytes), the current year (validation depends on
  it) and, through ``content_key``, Lekgotla's version, code and schemas. A
  rebuild with nothing changed only hashes the files and reads one pickle.
- when something did change, a ``FileMemo`` of per-file results (parsed front
  matter, schema findings) keyed by each file's bytes, so only the edited files
  are parsed and checked again. Cross-references are always checked again, on
  the whole library, because an edit in one file can break a reference in another.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from importlib.metadata import version
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from generator.cache import Cache, content_key
from generator.findings import Report
from generator.library import load_library
from generator.model import Library


class FileMemo:
    """Results per file, by content hash, kept together in one cache entry.

    One entry rather than one file each: thousands of small reads and writes cost
    more than the parsing they save. Only the results used in this build are
    written back, so the entry never grows beyond the library.
    """

    def __init__(self, cache: Cache):
        self.cache = cache
        self.key = content_key("file-memo")
        with _no_gc():
            self.known: dict[tuple, Any] = cache.get_object(self.key) or {}
        self.used: dict[tuple, Any] = {}
        self.changed = False

    def get(self, key: tuple) -> Any | None:
        value = self.known.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: tuple, value: Any) -> None:
        self.used[key] = value
        self.changed = True

    def save(self) -> None:
        if self.changed or len(self.used) != len(self.known):
            self.cache.put_object(self.key, self.used)


def load_library_cached(content_dir: Path, cache_dir: Path) -> tuple[Library | None, Report, bool]:
    """``load_library`` through the cache; the flag says whether the whole result was reused."""
    content_dir = Path(content_dir)
    cache = Cache(cache_dir, "library")
    key = content_key("library", library_fingerprint(content_dir))
    with _no_gc():
        stored = cache.get_object(key)
    if stored is not None:
        library, report = stored
        return library, report, True
    memo = FileMemo(Cache(cache_dir, "files"))
    library, report = load_library(content_dir, memo)
    memo.save()
    cache.put_object(key, (library, report))
    _keep_only(cache, key)
    return library, report, False


def library_fingerprint(content_dir: Path) -> str:
    """A hash of everything ``load_library`` reads, and of what else its result depends on."""
    root = content_dir.resolve()
    digest = hashlib.sha256()
    for part in (str(root), str(dt.date.today().year), version("pyyaml"), version("jsonschema")):
        digest.update(part.encode() + b"\0")
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            if path.is_symlink():  # where a download link leads is checked too
                digest.update(os.path.realpath(path).encode() + b"\0")
            try:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            except OSError as exc:  # unreadable now: load_library reports it
                digest.update(repr(exc).encode())
    return digest.hexdigest()


def _keep_only(cache: Cache, key: str) -> None:
    # A loaded national library is tens of MB: keep the latest one only.
    for path in cache.folder.glob("*/*.pickle"):
        if path.stem != key:
            path.unlink(missing_ok=True)


@contextmanager
def _no_gc() -> Iterator[None]:
    # Unpickling creates hundreds of thousands of objects and none of them is
    # garbage: the collector's passes would double the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
