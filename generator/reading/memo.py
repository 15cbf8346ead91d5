"""Results per file, by content hash: so a rebuild parses and checks only the files that changed.

The memo belongs to the reading step, which fills and consults it; the model's
``library_cache`` only decides where it is stored.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Any, Iterator

from generator.cache import Cache, content_key


class FileMemo:
    """Results per file, by content hash, kept together in one cache entry.

    One entry rather than one file each: thousands of small reads and writes cost
    more than the parsing they save. Only the results used in this build are
    written back, so the entry never grows beyond the library.
    """

    def __init__(self, cache: Cache):
        self.cache = cache
        self.key = content_key("file-memo")
        with no_gc():
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


@contextmanager
def no_gc() -> Iterator[None]:
    # Unpickling creates hundreds of thousands of objects and none of them is
    # garbage: the collector's passes would double the time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
