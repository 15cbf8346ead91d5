"""Work spread over the machine's cores: forked worker processes for independent pieces.

A national build has thousands of pieces that need nothing from each other (a
contributor's markdown to check, a chart to draw); a 2-core CI machine does them in
about half the time across two processes.

Workers come from a fork server, not from forking the build itself: a forked copy of a
build process holding a national library starts at the build's size (the tree's
memory doubles on paper) and really copies its pages as Python touches reference
counts. A fork-server worker starts small and imports only what its work needs.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, TypeVar

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
    columns = [list(column) for column in arguments]
    pieces = len(columns[0]) if columns else 0
    workers = workers or cores()
    if workers < 2 or pieces < parallel_from:
        return list(map(work, *columns))
    chunk = max(1, pieces // (workers * 8))  # small enough that both workers finish together
    with ProcessPoolExecutor(workers, mp_context=_worker_context()) as pool:
        return list(pool.map(work, *columns, chunksize=chunk))


def _worker_context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
