"""Work spread over the machine's cores: forked worker processes for independent pieces.

A national build has thousands of pieces that need nothing from each other (a
contributor's markdown to check, a chart to draw); a 2-core CI machine does them in
about half the time across two processes.

Workers are started afresh ("spawn"), not forked from the build: a forked copy of a
build process holding a national library starts at the build's size (the tree's
memory doubles on paper) and really copies its pages as Python touches reference
counts. A fresh worker starts small and imports only what its work needs (about a
second). Not a fork server either: its state is global to the process, and a build
forked from a process that had started one (``lekgotla build`` runs MkDocs in a
forked child) fails on its first pool with "No child processes".
"""

from __future__ import annotations

import math
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer pieces than this are done in the calling process: starting workers costs more.
PARALLEL_FROM = 64


def cores() -> int:
    """The cores this process may run on (a CI container often has fewer than the machine)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_workers(work: Callable[..., Result], *arguments: Iterable, workers: int | None = None,
                   parallel_from: int = PARALLEL_FROM) -> list[Result]:
    """``list(map(work, *arguments))``, in worker processes when there are enough pieces and cores.

    ``work`` must be a module-level function; its arguments and results are pickled.
    """
    return start_map_in_workers(work, *arguments, workers=workers, parallel_from=parallel_from).results()


def start_map_in_workers(work: Callable[..., Result], *arguments: Iterable, workers: int | None = None,
                         parallel_from: int = PARALLEL_FROM) -> Pending:
    """``map_in_workers`` started: this process goes on while the workers work; ``results()`` waits."""
    workers = workers or cores()
    return start_in_workers(work, *arguments, workers=workers, parallel_from=parallel_from if workers > 1
                            else math.inf)


class Pending:
    """Work started in worker processes while this one goes on; ``results`` waits for it."""

    def __init__(self, pool: ProcessPoolExecutor | None, results: Iterator | list):
        self._pool, self._results = pool, results

    @property
    def in_background(self) -> bool:
        return self._pool is not None

    def results(self) -> list:
        if self._pool is not None:
            try:
                self._results = list(self._results)
            finally:
                self._pool.shutdown()
                self._pool = None
        return self._results


def start_in_workers(work: Callable[..., Result], *arguments: Iterable, workers: int = 1,
                     parallel_from: float = PARALLEL_FROM) -> Pending:
    """Start ``map(work, *arguments)`` in ``workers`` processes and return at once; with fewer
    pieces than ``parallel_from``, do it here and now (starting workers would cost more)."""
    columns = [list(column) for column in arguments]
    pieces = len(columns[0]) if columns else 0
    if pieces < parallel_from:
        return Pending(None, list(map(work, *columns)))
    chunk = max(1, pieces // (workers * 8))  # small enough that the workers finish together
    pool = ProcessPoolExecutor(workers, mp_context=_worker_context())
    return Pending(pool, pool.map(work, *columns, chunksize=chunk))


def pool_of_one(initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """One worker process, for work handed to it piece by piece (pieces it has not started can be
    taken back with ``cancel``); ``initializer(*initargs)`` receives once what every piece needs."""
    return ProcessPoolExecutor(1, mp_context=_worker_context(), initializer=initializer, initargs=initargs)


def _worker_context():
    return multiprocessing.get_context("spawn")
