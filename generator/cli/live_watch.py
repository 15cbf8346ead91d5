"""What ``lekgotla serve`` watches: the site's sources, changes taken in batches once they settle."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

#: Seconds without a new change before the changes so far are taken in: an editor saves in several writes.
SETTLE = 0.1
#: File names of editors' backups and swap files, and of hidden files.
IGNORED_PREFIXES, IGNORED_SUFFIXES = (".", "#"), ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")
#: Events that change nothing: opened and closed_no_write (the builder reads every file).
CHANGES = ("created", "deleted", "modified", "moved", "closed")


def watch(folders: list[str], files: set[str], changed: Callable[[list[str]], None]) -> BaseObserver:
    """Watch ``folders`` (recursively) and ``files``; ``changed`` gets the paths of each settled batch."""
    observer, handler = Observer(), Batch(Sources(folders, files), changed)
    for folder in folders:
        observer.schedule(handler, folder, recursive=True)
    for folder in {str(Path(f).parent) for f in files}:
        observer.schedule(handler, folder, recursive=False)
    observer.daemon = True
    observer.start()
    return observer


class Sources:
    """Which paths are the site's sources: files of the watched folders (not hidden, not an editor's
    backup or probe, not Python's caches) and the watched files."""

    def __init__(self, folders: list[str], files: set[str]):
        self.folders, self.files = folders, files

    def __contains__(self, path: str) -> bool:
        name = Path(path).name
        if name.startswith(IGNORED_PREFIXES) or name.endswith(IGNORED_SUFFIXES) or name == "4913":  # vim's probe
            return False
        inside = [path[len(f):] for f in self.folders if path.startswith(f + os.sep)]
        return path in self.files or any("/." not in rest and "/__pycache__/" not in rest for rest in inside)


class Batch(FileSystemEventHandler):
    """Collects the changed sources and hands them on once no change came for SETTLE seconds."""

    def __init__(self, sources: Sources, changed: Callable[[list[str]], None]) -> None:
        self.sources, self.changed = sources, changed
        self.paths: set[str] = set()
        self.last = 0.0
        self.lock = threading.Condition()
        threading.Thread(target=self._settle, daemon=True).start()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a file in it changed: that file says so
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path and _text(path) in self.sources:
                with self.lock:
                    self.paths.add(_text(path))
                    self.last = time.monotonic()
                    self.lock.notify()

    def _settle(self) -> None:
        while True:
            with self.lock:
                while not self.paths or time.monotonic() - self.last < SETTLE:
                    self.lock.wait(SETTLE if self.paths else None)
                paths, self.paths = sorted(self.paths), set()
            self.changed(paths)


def _text(path: str | bytes) -> str:
    return os.fsdecode(path)
