"""An on-disk cache of build work, keyed by a hash of everything that went into it.

The key always covers the generator's own version and a hash of its code and
schemas, so upgrading or editing Lekgotla can never serve a stale result; callers
add every input they depend on.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import queue
import tempfile
import sys
import threading
from functools import cache
from pathlib import Path
from typing import Any

from generator import __version__

DEFAULT_DIR = ".lekgotla-cache"
PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def code_fingerprint() -> bytes:
    """A hash of the generator's code and schemas, and of the Python running it.

    A cached result is only as right as the code that made it: an edited module
    without a version bump must still miss.
    """
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


def content_key(*parts: Any) -> str:
    """A stable hash of ``parts`` (bytes, str, or anything with a stable repr)."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(code_fingerprint())
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
        return self.write_file(self.path(key, suffix), data)

    @staticmethod
    def write_file(target: Path, data: bytes) -> Path:
        """Write ``data`` to ``target`` whole or not at all: a reader never sees half a file."""
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


class WriteBehind:
    """Cache files written by a thread while the build goes on.

    Writing a file costs the build little CPU but can wait on the disk: on a 2-core machine a
    cold national build waited about 4 s for the render cache's 5,600 files, with one core idle.
    At most ``limit`` files wait in memory; ``finish`` waits for the rest and raises the
    first error a write met (a full disk fails the build, as a write of its own would); the
    files handed over after it are dropped.
    """

    def __init__(self, limit: int = 64):
        self._waiting: queue.Queue[tuple[Path, bytes] | None] = queue.Queue(maxsize=limit)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def write(self, target: Path, data: bytes) -> None:
        if self._thread is None:
            # A daemon: a build that dies leaves no thread behind (its files are atomic, or absent).
            self._thread = threading.Thread(target=self._write_all, name="lekgotla-cache-writes", daemon=True)
            self._thread.start()
        self._waiting.put((target, data))

    def finish(self) -> None:
        """Every file handed over is written; raises what a write met."""
        if self._thread is not None:
            self._waiting.put(None)
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _write_all(self) -> None:
        while (item := self._waiting.get()) is not None:
            if self._error is None:  # after an error the rest is dropped: the build fails anyway
                try:
                    Cache.write_file(*item)
                except BaseException as error:  # noqa: BLE001 - handed to the build in finish()
                    self._error = error
