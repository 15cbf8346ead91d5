"""Work in a forked process of its own process group, which can be stopped at once with all it started.

``lekgotla serve`` checks the whole site after each edit and indexes it for search in such
processes: the next edit stops them (and the worker pools or the Pagefind process they started)
without waiting, and the server's own work comes first (they run at a lower priority). A forked
process starts with its parent's memory as it is, so it needs nothing sent to it; it sends its
results back through a pipe. Each ends when its parent dies (Linux), so none outlives the command.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from multiprocessing.connection import Connection

from generator.workers import end_with_parent

#: Niceness of the work: the process that started it comes first.
BACKGROUND = 10


class Worker:
    """A forked process of its own group that sends messages back; stopped with everything it started."""

    def __init__(self, target, *args):
        receiving, sending = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.get_context("fork").Process(
            target=_worker, args=(sending, os.getpid(), target, args), daemon=False)
        self.process.start()
        sending.close()
        self.conn = receiving
        self.pid: int = self.process.pid or 0  # set once started
        own_group(self.pid)

    def messages(self) -> list[tuple]:
        """Everything it sent so far; an empty list once it ended (and the pipe is closed)."""
        found = []
        try:
            while self.conn.poll():
                found.append(self.conn.recv())
        except (EOFError, OSError):
            pass
        return found

    @property
    def ended(self) -> bool:
        return not self.process.is_alive()

    def stop(self) -> list[tuple]:
        """End it and its group now; what it sent before it ended."""
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            self.process.kill()
        self.process.join()
        found = self.messages()
        self.conn.close()
        return found


def _worker(conn: Connection, parent: int, target, args) -> None:
    own_group(0)
    end_with_parent(parent)  # SIGKILL: whatever it was doing is the builder's to do again
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.setpriority(os.PRIO_PROCESS, 0, BACKGROUND)
    try:
        target(conn, *args)
    except BaseException:  # noqa: B902 - reported to the builder, which reports it
        conn.send(("crashed", traceback.format_exc()))
    finally:
        conn.close()
        os._exit(0)  # no atexit handlers or finalizers of the builder's state in this copy of it


def own_group(pid: int) -> None:
    try:
        os.setpgid(pid, pid or os.getpid())
    except (PermissionError, ProcessLookupError):
        pass  # the process is already in its group, or already ended

