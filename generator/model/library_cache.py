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
import hashlib
import os
from importlib.metadata import version
from pathlib import Path
from typing import Sequence

from generator.cache import Cache, content_key
from generator.reading.memo import FileMemo, no_gc
from generator.reading.findings import Report
from generator.reading.safety import DEFAULT_EXTENSIONS, Extensions
from generator.model.library import ExtraCheck, load_library
from generator.model.entities import Library


def load_library_cached(content_dir: Path, cache_dir: Path, checks: Sequence[ExtraCheck] = (),
                        extensions: Extensions = DEFAULT_EXTENSIONS) -> tuple[Library | None, Report, bool]:
    """``load_library`` (with ``checks`` and ``extensions``) through the cache; the flag says whether
    the whole result was reused. A change of the site's markdown extensions is a change of the key:
    the bodies' verdict depends on them."""
    content_dir = Path(content_dir)
    cache = Cache(cache_dir, "library")
    key = content_key("library", library_fingerprint(content_dir), [f"{c.__module__}.{c.__qualname__}" for c in checks],
                      extensions)
    with no_gc():
        stored = cache.get_object(key)
    if stored is not None:
        library, report = stored
        return library, report, True
    memo = FileMemo(Cache(cache_dir, "files"))
    library, report = load_library(content_dir, memo, checks, extensions)
    memo.save()
    if not report.stopped:  # a verdict of the machine's load is found again, not reused
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
