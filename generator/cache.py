"""An on-disk cache of build work, keyed by a hash of everything that went into it.

The key always covers the generator's own version, so upgrading Lekgotla can
never serve a stale result; callers add every input they depend on.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from generator import __version__

DEFAULT_DIR = ".lekgotla-cache"


def content_key(*parts: Any) -> str:
    """A stable hash of ``parts`` (bytes, str, or anything with a stable repr)."""
    digest = hashlib.sha256(__version__.encode())
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode() if not isinstance(part, str) else part.encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """Files under ``root/<namespace>/``; writes are atomic so a killed build leaves no torn entry."""

    def __init__(self, root: str | Path, namespace: str):
        self.folder = Path(root) / namespace
        self.hits = 0
        self.misses = 0

    def path(self, key: str, suffix: str = "") -> Path:
        return self.folder / key[:2] / f"{key}{suffix}"

    def get_bytes(self, key: str, suffix: str = "") -> bytes | None:
        try:
            data = self.path(key, suffix).read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put_bytes(self, key: str, data: bytes, suffix: str = "") -> Path:
        target = self.path(key, suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
        return target

    def get_object(self, key: str) -> Any | None:
        data = self.get_bytes(key, ".pickle")
        if data is None:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # a damaged entry is a miss, never a wrong page
            self.hits -= 1
            self.misses += 1
            return None

    def put_object(self, key: str, value: Any) -> None:
        self.put_bytes(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), ".pickle")
