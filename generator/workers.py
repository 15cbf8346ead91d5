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

Every worker ends with the process that started it: the kernel stops it when its parent ends,
however that ends (``end_with_parent``), it leaves Ctrl-C to its parent, and a parent that gives up
on its work stops it at once (``stop_pool``) rather than waiting for the piece it is on. A worker
left behind keeps the caller's standard output open: ``lekgotla build | tee build.log`` would
wait for it.
"""

from __future__ import annotations

import ctypes
import math
import multiprocessing
import os
import signal
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
            except BaseException:
                self.stop()
                raise
            self._pool.shutdown()
            self._pool = None
        if not isinstance(self._results, list):  # the work was done here, lazily: do it now, once
            self._results = list(self._results)
        return self._results

    def stop(self) -> None:
        """Give up on the work: its workers are stopped now, whatever they are doing."""
        if self._pool is not None:
            stop_pool(self._pool)
            self._pool = None


def start_in_workers(work: Callable[..., Result], *arguments: Iterable, workers: int = 1,
                     parallel_from: float = PARALLEL_FROM) -> Pending:
    """Start ``map(work, *arguments)`` in ``workers`` processes and return at once; with fewer
    pieces than ``parallel_from``, do it here and now (starting workers would cost more)."""
    columns = [list(column) for column in arguments]
    pieces = len(columns[0]) if columns else 0
    if pieces < parallel_from:
        return Pending(None, list(map(work, *columns)))
    chunk = max(1, pieces // (workers * 8))  # small enough that the workers finish together
    pool = ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=_start_worker,
                               initargs=(os.getpid(),))
    try:
        return Pending(pool, pool.map(work, *columns, chunksize=chunk))
    except BaseException:
        stop_pool(pool)
        raise


def pool_of_one(initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """One worker process, for work handed to it piece by piece (pieces it has not started can be
    taken back with ``cancel``); ``initializer(*initargs)`` receives once what every piece needs."""
    return ProcessPoolExecutor(1, mp_context=worker_context(), initializer=_start_worker,
                               initargs=(os.getpid(), initializer, *initargs))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool``'s workers now, including one in the middle of a piece (``shutdown`` would
    wait for it: a page that takes minutes kept a failed build from ending)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(5)


#: Linux's prctl option that has the kernel signal a process when its parent ends.
_PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int, sig: int = signal.SIGKILL) -> None:
    """Have the kernel send this process ``sig`` when its parent (process ``parent``) ends (Linux),
    and end now if it has already gone. Called first thing in every worker and in the build's child."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the workers end when their pipes close
        return
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os._exit(1)


def _start_worker(parent: int, initializer: Callable[..., None] | None = None, *initargs) -> None:
    """A worker's start: it ends with its parent, and Ctrl-C (sent to the whole process group) is
    its parent's to handle, which stops it; then ``initializer(*initargs)``."""
    end_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def worker_context():
    return multiprocessing.get_context("spawn")
