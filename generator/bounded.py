"""Work on untrusted input, each piece in a worker process with a time limit.

Rendering a contributor's markdown can take minutes (40,000 unmatched brackets, 150,000
headings, 600,000 backslashes) or exhaust Python's stack (a list nested 300 deep); a C
library such as the sanitizer cannot even be interrupted. ``start_bounded`` hands the
pieces one at a time to worker processes: a piece that uses more than its CPU seconds is
stopped in the worker (``Unfinished("time")``), one that goes on past a wall-clock margin
above that is stopped by killing its worker, which is replaced; a crashed worker is
replaced too. Every piece gets an answer, and the whole run a bound: pieces × limit.

The workers end with the process that started them (``workers.end_with_parent``; at its
exit, multiprocessing ends them as daemons) and are stopped with a run that fails
(``BoundedRun.stop``, on any error of the caller). Between runs a process keeps its idle
workers (a worker costs half a second to start, and `check` runs often), except those a run
had to start from its own thread, which the kernel would end with that thread.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable

from generator.workers import cores, end_with_parent, worker_context

#: A worker still on a piece this many times its CPU limit (plus a second) later is killed: the
#: piece is stuck where the CPU timer cannot reach it (in C), or the machine is very busy.
WALL_MARGIN = 3
#: What a worker says first, once it has started.
_READY = "ready"


@dataclass(frozen=True)
class Unfinished:
    """A piece of bounded work that gave no result, and why: ``time`` (stopped at its limit),
    ``recursion`` (nested too deep for Python), or ``crash: ...`` (the work raised or the worker died)."""

    reason: str
    seconds: float


class _OutOfTime(BaseException):
    """Raised in a worker at its CPU limit; a BaseException, so no ``except Exception`` of the work keeps it."""


@dataclass
class _Worker:
    process: Any
    connection: Connection
    index: int = -1  # the piece it is on, -1 when idle
    deadline: float = 0.0  # monotonic time by which it must answer
    lasting: bool = False  # started from the thread that started the run: it may serve later runs
    started: bool = False  # it said it is ready: a worker that dies before is a problem of the machine


class WorkersFailed(RuntimeError):
    """A worker process could not start at all (not a problem of the work)."""


#: Idle workers kept for the next run, and the process they belong to (a forked child must not use them).
_idle: list[_Worker] = []
_idle_owner = 0


class BoundedRun:
    """``work`` applied to every item in worker processes, started at once; ``results`` waits."""

    def __init__(self, work: Callable[[Any], Any], items: Iterable, seconds: float, workers: int):
        self._work, self._items, self._seconds = work, list(items), seconds
        self._results: list[Any] = [None] * len(self._items)
        self._next = 0
        self._error: BaseException | None = None
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._workers = _take_idle(min(workers, len(self._items)))
        self._workers += [self._spawn(lasting=True) for _ in range(min(workers, len(self._items)) - len(self._workers))]
        self._thread = threading.Thread(target=self._dispatch, name="lekgotla-bounded", daemon=True)
        self._thread.start()

    def results(self) -> list[Any]:
        """Each item's result, or an ``Unfinished``, in the order of the items."""
        try:
            while self._thread.is_alive():
                self._thread.join(0.2)  # in steps: Ctrl-C reaches this thread between them
        except BaseException:
            self.stop()
            raise
        if self._error is not None:
            self.stop()
            raise self._error
        with self._lock:
            workers, self._workers = self._workers, []
        _keep_idle(workers)
        return self._results

    def stop(self) -> None:
        """End the run and its workers now."""
        self._stopping.set()
        with self._lock:
            workers, self._workers = self._workers, []
        for worker in workers:
            _end(worker)

    # ----- in the dispatching thread -------------------------------------------------------------
    def _dispatch(self) -> None:
        try:
            while not self._stopping.is_set() and (self._next < len(self._items) or self._busy()):
                self._hand_out()
                self._collect()
        except BaseException as exc:  # noqa: B902 - raised again in the caller's thread
            self._error = exc

    def _busy(self) -> list[_Worker]:
        with self._lock:
            return [w for w in self._workers if w.index >= 0]

    def _hand_out(self) -> None:
        with self._lock:
            idle = [w for w in self._workers if w.index < 0]
        for worker in idle:
            if self._next >= len(self._items):
                return
            worker.index, self._next = self._next, self._next + 1
            worker.deadline = time.monotonic() + self._seconds * WALL_MARGIN + 1
            try:
                worker.connection.send((self._work, self._items[worker.index], self._seconds))
            except (OSError, ValueError):  # the worker died between two pieces
                self._replace(worker, Unfinished("crash: the worker process ended", 0.0))

    def _collect(self) -> None:
        busy = self._busy()
        if not busy:
            return
        timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
        ready = wait([w.connection for w in busy], timeout=min(timeout, 0.5))
        for worker in busy:
            if worker.connection in ready:
                try:
                    answer = worker.connection.recv()
                except (EOFError, OSError):  # killed (out of memory?) or crashed
                    if not worker.started:
                        worker.process.join(5)
                        raise WorkersFailed(f"a worker process could not start (exit code {worker.process.exitcode})") from None
                    self._replace(worker, Unfinished("crash: the worker process ended", 0.0))
                    continue
                if answer == _READY:
                    worker.started = True
                    continue
                self._results[worker.index] = answer
                worker.index = -1
            elif time.monotonic() > worker.deadline:
                self._replace(worker, Unfinished("time", self._seconds))

    def _replace(self, worker: _Worker, answer: Unfinished) -> None:
        self._results[worker.index] = answer
        _end(worker)
        with self._lock:
            if worker in self._workers and not self._stopping.is_set():
                self._workers[self._workers.index(worker)] = self._spawn()

    def _spawn(self, lasting: bool = False) -> _Worker:
        ours, theirs = worker_context().Pipe()
        process = worker_context().Process(target=_serve, args=(theirs, os.getpid()), daemon=True,
                                            name="lekgotla-bounded-worker")
        process.start()
        theirs.close()
        return _Worker(process, ours, lasting=lasting and threading.current_thread() is threading.main_thread())


def start_bounded(work: Callable[[Any], Any], items: Iterable, seconds: float,
                  workers: int | None = None) -> BoundedRun:
    """Start ``work(item)`` for every item, each in a worker process with ``seconds`` of CPU time;
    ``workers`` defaults to the cores this process may use. ``work`` must be a module-level function."""
    return BoundedRun(work, items, seconds, workers or cores())


def _take_idle(count: int) -> list[_Worker]:
    global _idle
    if _idle_owner != os.getpid():
        _idle = []  # a forked copy of another process's list: those workers are not ours
    taken: list[_Worker] = []
    while _idle and len(taken) < count:
        worker = _idle.pop()
        if worker.process.is_alive():
            taken.append(worker)
    return taken


def _keep_idle(workers: list[_Worker]) -> None:
    global _idle, _idle_owner
    if _idle_owner != os.getpid():
        _idle, _idle_owner = [], os.getpid()
    for worker in workers:
        if worker.lasting and worker.index < 0 and worker.process.is_alive() and len(_idle) < cores():
            _idle.append(worker)
        else:
            _end(worker)


def _end(worker: _Worker) -> None:
    worker.connection.close()
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(5)


# ----- in a worker -------------------------------------------------------------------------------
def _serve(connection: Connection, parent: int) -> None:
    end_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    signal.signal(signal.SIGPROF, _out_of_time)
    connection.send(_READY)
    while True:
        try:
            work, item, seconds = connection.recv()
        except (EOFError, OSError):
            return
        connection.send(bounded_call(work, item, seconds))


def bounded_call(work: Callable[[Any], Any], item: Any, seconds: float) -> Any:
    """``work(item)`` stopped after ``seconds`` of CPU time (in a worker, whose SIGPROF is ours)."""
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        return work(item)
    except _OutOfTime:
        return Unfinished("time", time.process_time() - started)
    except RecursionError:
        return Unfinished("recursion", time.process_time() - started)
    except Exception as exc:  # noqa: BLE001 - the work's own failure is the piece's answer
        return Unfinished(f"crash: {type(exc).__name__}: {exc}"[:300], time.process_time() - started)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _out_of_time(signum, frame) -> None:
    raise _OutOfTime()
