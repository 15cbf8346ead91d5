"""How far a build is: which step runs, how much of it is done, how long it took.

The steps of the build report here; whoever shows it listens on the ``lekgotla.progress``
logger (``lekgotla build``'s display, cli/display.py). Reports are log records, so they cross
from the build's forked child to the command (cli/forked.py) like every other record, and the
steps need not know where they run or whether anyone is watching: without a listener
(``mkdocs build``, the tests) the logger is off and a report costs one level check.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

log = logging.getLogger("lekgotla.progress")
log.propagate = False  # for the display only: never a line of `mkdocs build` or of pytest's log

#: The steps of a build in the order they start, and what a reader is told while each runs.
STEPS = {
    "load": "Loading and checking the content",
    "related": "Finding related practices",
    "pages": "Building the pages",
    "markdown": "Converting markdown",
    "charts": "Drawing charts",
    "render": "Rendering pages",
    "search": "Indexing the site for search",
}
#: Where a step's end is told when no display listens: `mkdocs build` shows the plugin's information lines.
PLAIN_LOGGER = "mkdocs.plugins.lekgotla"
#: Seconds between two reports of a step's count: a national build renders 6,000 pages.
EVERY = 0.2


@dataclass
class Step:
    name: str
    total: int | None = None
    count: int = 0
    started: float = field(default_factory=time.perf_counter)
    reported: float = 0.0


_running: dict[str, Step] = {}


def start(name: str, total: int | None = None) -> None:
    """Step ``name`` (one of STEPS) begins; ``total``: how many things it will do, when known."""
    _running[name] = step = Step(name, total)
    _report("start", step)


def advance(name: str, count: int = 1) -> None:
    """``count`` more things of step ``name`` are done (reported at most every EVERY seconds)."""
    step = _running.get(name)
    if step is None:
        return
    step.count += count
    now = time.perf_counter()
    if now - step.reported >= EVERY or (step.total is not None and step.count >= step.total):
        step.reported = now
        _report("advance", step)


def counted(name: str, items: Iterable[T]) -> Iterator[T]:
    """``items``, counted as step ``name``'s progress while they are made (a generator's pages, say)."""
    for item in items:
        yield item
        advance(name)


def done(name: str, summary: str) -> None:
    """Step ``name`` ended; ``summary`` says what it did ('839 pages'). Whoever shows it adds the time."""
    step = _running.pop(name, None)
    if step is not None:
        _report("done", step, summary)


def total(name: str) -> int | None:
    """The total of running step ``name``, as it was started."""
    step = _running.get(name)
    return step.total if step else None


def listening() -> bool:
    return log.isEnabledFor(logging.INFO)


def _report(event: str, step: Step, summary: str = "") -> None:
    if not listening():
        if event == "done":  # no display: a line of `mkdocs build` (the plugin's logger) as each step ends
            seconds = time.perf_counter() - step.started
            logging.getLogger(PLAIN_LOGGER).info(f"{STEPS.get(step.name, step.name)}: {summary} ({seconds:.1f} s)")
        return
    log.info(summary or STEPS.get(step.name, step.name),
             extra={"lk_progress": {"event": event, "step": step.name, "count": step.count, "total": step.total,
                                    "seconds": time.perf_counter() - step.started}})
