"""Running one call in a forked child process, as if it ran here.

``lekgotla build`` builds the site in a child so that the memory of the build
(the library, every page, MkDocs' state) is returned to the system before
Pagefind starts: their peaks never add up. For the caller nothing else changes:
what the child logs is handled by this process's handlers (the command's
progress lines, pytest's caplog), and what it raises is raised here.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import signal
import threading
import traceback
from multiprocessing.connection import Connection, wait
from typing import Any

from generator.workers import end_with_parent

#: Seconds a child stopped with SIGTERM gets to unwind (it stops as Ctrl-C stops a build) before it is killed.
STOP_GRACE_SECONDS = 10
STOPPING = {signal.SIGINT, signal.SIGTERM}  # the signals that stop a build (SIGTERM as Ctrl-C does)


class ChildError(Exception):
    """Stands in for an exception of the child that could not be sent here as itself."""


class ChildTraceback(Exception):
    """The child's traceback, as the cause of the exception raised here."""

    def __str__(self) -> str:
        return "\n" + self.args[0]


def run_forked(function, *args):
    """``function(*args)``, called in a forked child; returns what it returns, raises what it raises.

    On any exception here (Ctrl-C, or SIGTERM turned into KeyboardInterrupt) the
    child is stopped and waited for, so that nothing writes on after the caller
    cleans up. Raises ChildProcessError if the child ended without an answer
    (killed, out of memory). Where fork is not available, calls ``function`` here.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        return function(*args)
    context = multiprocessing.get_context("fork")
    handlers = _all_handlers()
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, handlers, function, args, os.getpid()), name="lekgotla-build")
    # Ctrl-C or SIGTERM in the instant the child starts would reach it inside multiprocessing's own start,
    # which prints a traceback of its own: held back here until the child has started, in the child
    # until it is inside _child's try (the mask is inherited), and raised then.
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        child.start()
    except BaseException:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        raise
    sending.close()  # the child holds the only sending end: its end of the pipe means it ended
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a signal that came meanwhile is raised here
        return _answer(receiving, child, handlers)
    finally:
        _stop(child)
        receiving.close()


# --- In the child ---------------------------------------------------------------------------------
def _child(sending: Connection, handlers: list, function, args, parent: int) -> None:
    end_with_parent(parent)  # `lekgotla build` killed outright: the build (and its workers) end with it
    sender = _Sender(sending)
    _forward_logging(handlers, sender)
    answer: tuple[Any, ...]  # ("result", value) or ("error", exception, traceback)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)  # see run_forked: a signal that came meanwhile is raised here
        answer = ("result", function(*args))
    except BaseException as exc:  # noqa: B902 - every exception, Ctrl-C included, is the caller's to handle
        _ignore_signals()
        answer = ("error", _sendable(exc), traceback.format_exc())
    _ignore_signals()
    sender.send(answer)


def _ignore_signals() -> None:
    # The child is done: Ctrl-C, or the parent stopping a child that has already answered,
    # would only end it with a traceback of its own. Ignored, not blocked: a mask holds for
    # one thread, and a worker pool's threads would still take the signal for the process.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


class _Sender:
    """The child's end of the pipe: one message at a time, and only from the child itself
    (processes it forks, such as the chart workers, inherit the handlers but not the right to write)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.pid = os.getpid()
        self.lock = threading.Lock()

    def send(self, message: tuple) -> None:
        if os.getpid() != self.pid:
            return
        with self.lock:
            self.connection.send(message)


class _ToParent(logging.Handler):
    """Takes the place of the parent's handler number ``index``; the parent's own copy handles the record."""

    def __init__(self, index: int, level: int, sender: _Sender) -> None:
        super().__init__(level)
        self.index, self.sender = index, sender

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.sender.send(("log", self.index, _sendable_record(record)))
        except Exception:  # noqa: BLE001 - logging must never break the build
            self.handleError(record)


def _all_handlers() -> list[tuple[logging.Logger, logging.Handler]]:
    """Every handler of every logger, in an order the child sees the same way (it is a copy of this process)."""
    loggers = [logging.getLogger(), *(logger for logger in list(logging.Logger.manager.loggerDict.values())
                                      if isinstance(logger, logging.Logger))]
    return [(logger, handler) for logger in loggers for handler in logger.handlers]


def _forward_logging(handlers: list[tuple[logging.Logger, logging.Handler]], sender: _Sender) -> None:
    for index, (logger, handler) in enumerate(handlers):
        position = logger.handlers.index(handler)
        logger.handlers[position] = _ToParent(index, handler.level, sender)


def _sendable_record(record: logging.LogRecord) -> logging.LogRecord:
    # As logging's QueueHandler does: the arguments may hold anything, the message is text.
    record = logging.makeLogRecord(record.__dict__)
    record.msg, record.args = record.getMessage(), None
    if record.exc_info:
        record.exc_text = record.exc_text or logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    try:
        pickle.dumps(record)
    except Exception:  # noqa: BLE001 - an "extra" field that cannot travel: keep the plain fields
        record = logging.makeLogRecord({k: v for k, v in record.__dict__.items()
                                        if isinstance(v, (str, int, float, type(None)))})
    return record


def _sendable(exc: BaseException) -> BaseException:
    """``exc`` if it survives the pipe as itself, else a ChildError that names it."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - e.g. an exception whose constructor needs more than its message
        return ChildError(f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}")


# --- In the parent --------------------------------------------------------------------------------
def _answer(receiving: Connection, child, handlers: list):
    while True:
        ready = wait([receiving, child.sentinel])
        while receiving.poll():  # everything the child sent, before deciding that it ended
            try:
                kind, *content = receiving.recv()
            except EOFError:  # every holder of the sending end has closed it: the child is ending
                child.join()
                ready = [child.sentinel]
                break
            if kind == "log":
                index, record = content
                handlers[index][1].handle(record)
            elif kind == "result":
                return content[0]
            else:
                exc, child_traceback = content
                raise exc from ChildTraceback(child_traceback)
        if child.sentinel in ready:
            child.join()
            raise ChildProcessError(f"the build process ended without finishing ({_how_it_ended(child.exitcode)})")


def _how_it_ended(exitcode: int) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        return f"killed by {name}" + (": out of memory?" if name == "SIGKILL" else "")
    return f"exit code {exitcode}"


def _stop(child) -> None:
    if child.is_alive():
        child.terminate()  # SIGTERM: the child unwinds as a build does on Ctrl-C
        child.join(STOP_GRACE_SECONDS)
    if child.is_alive():
        child.kill()
    child.join()
