"""What ``lekgotla build`` shows while it works: the steps' progress (generator/progress.py) and the warnings.

On a terminal, a live table drawn by rich: a line per step with a bar, the count done of the
total, the time so far and an estimate of the time left. Elsewhere (CI, a log file) plain lines:
one per step as it ends, with its time, and while a step runs a line at least every
``QUIET_SECONDS`` (a build that prints nothing for a minute looks hung). ``--quiet``: warnings
and errors only.

The display is a logging handler. It is attached before the build forks its child (cli/forked.py),
so the child's reports and warnings reach it like the parent's own.
"""

from __future__ import annotations

import logging
import threading
import time

from rich.console import Console
from rich.progress import (BarColumn, Progress, ProgressColumn, SpinnerColumn, TaskID, TextColumn,
                           TimeElapsedColumn, TimeRemainingColumn)
from rich.text import Text

from generator import progress

#: The longest a plain display stays silent while a step runs.
QUIET_SECONDS = 4.5
#: Loggers whose warnings and errors the reader sees (MkDocs', the plugin's, and the build's own).
WARNING_LOGGERS = ("mkdocs", "mkdocs.plugins.lekgotla")


class CountColumn(ProgressColumn):
    """'419/839' for a step that knows its total, '419' for one that counts without one, else nothing."""

    def render(self, task) -> Text:
        if task.fields.get("counted"):
            return Text(f"{int(task.completed)}/{int(task.total)}", style="progress.download")
        return Text(f"{int(task.completed)}" if task.completed and not task.finished else "", style="progress.download")


class EstimateColumn(TimeRemainingColumn):
    """The time left while a counted step runs; nothing once it is done or when it cannot be known."""

    def render(self, task) -> Text:
        if task.finished or not task.fields.get("counted"):
            return Text("")
        return super().render(task)


class Display(logging.Handler):
    """Progress reports and warnings, as ``show_step`` and ``show_line`` of a subclass present them."""

    def __init__(self, console: Console) -> None:
        super().__init__(logging.INFO)
        self.console = console
        self.lock_output = threading.Lock()
        self.last_lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            report = getattr(record, "lk_progress", None)
            with self.lock_output:
                if report:
                    self.show_step(report, record.getMessage())
                else:
                    self.show_line(record.getMessage(), record.levelno)
        except Exception:  # noqa: BLE001 - showing progress must never break the build
            self.handleError(record)

    def show_step(self, report: dict, message: str) -> None:
        raise NotImplementedError

    def show_line(self, message: str, level: int) -> None:
        style = "red" if level >= logging.ERROR else "yellow"
        self.console.print(f"  {message}", style=style, markup=False, highlight=False, soft_wrap=True)

    def say(self, text: str) -> None:
        """A line of the command's own (what it builds, what it built)."""
        with self.lock_output:
            self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def say_last(self, text: str) -> None:
        """A line said once the steps are drawn for the last time: what the command made."""
        self.last_lines.append(text)

    def fail(self, text: str) -> None:
        """Why the command failed: shown by every display, the quiet one too."""
        with self.lock_output:
            self.console.print(text, style="red", markup=False, highlight=False, soft_wrap=True)

    def __enter__(self) -> Display:
        loggers = [progress.log, *map(logging.getLogger, WARNING_LOGGERS)]
        self.before = [(logger, logger.level, logger.propagate) for logger in loggers]
        for logger in loggers:
            logger.addHandler(self)
            logger.setLevel(logging.WARNING)  # the steps replace the plugin's own information lines
        progress.log.setLevel(logging.INFO)
        logging.getLogger("mkdocs.plugins.lekgotla").propagate = False  # shown here, not twice
        return self

    def __exit__(self, *exc) -> None:
        for logger, level, propagate in self.before:
            logger.removeHandler(self)
            logger.setLevel(level)
            logger.propagate = propagate
        for text in self.last_lines:
            self.say(text)


class LiveDisplay(Display):
    """On a terminal: a line per step, redrawn as it advances."""

    def __init__(self, console: Console) -> None:
        super().__init__(console)
        self.bars = Progress(SpinnerColumn(finished_text="[green]✓[/]"), TextColumn("{task.description}"),
                             BarColumn(bar_width=20), CountColumn(), TimeElapsedColumn(), EstimateColumn(),
                             TextColumn("{task.fields[summary]}", markup=False),
                             console=console, redirect_stdout=False, redirect_stderr=False)
        self.tasks: dict[str, TaskID] = {}

    def show_step(self, report: dict, message: str) -> None:
        name, count, total = report["step"], report["count"], report["total"]
        label = progress.STEPS.get(name, name)
        if report["event"] == "start" or name not in self.tasks:
            self.tasks[name] = self.bars.add_task(label, total=total, counted=total is not None, summary="")
        task = self.tasks[name]
        if report["event"] == "done":
            self.bars.update(task, summary=message, total=max(count, total or 0, 1),
                             completed=max(count, total or 0, 1))
        else:
            self.bars.update(task, completed=count)

    def __enter__(self) -> LiveDisplay:
        super().__enter__()
        self.bars.start()
        return self

    def __exit__(self, *exc) -> None:
        self.bars.stop()
        super().__exit__(*exc)


class PlainDisplay(Display):
    """Anywhere else: a line per step as it ends, and a line at least every QUIET_SECONDS while one runs."""

    def __init__(self, console: Console) -> None:
        super().__init__(console)
        self.running: dict[str, dict] = {}
        self.last_line = time.monotonic()
        self.started = time.monotonic()
        self.stopping = threading.Event()
        self.watch = threading.Thread(target=self._say_something, name="lekgotla-progress", daemon=True)

    def show_step(self, report: dict, message: str) -> None:
        name = report["step"]
        if report["event"] == "done":
            self.running.pop(name, None)
            self._line(f"{progress.STEPS.get(name, name)}: {message} ({report['seconds']:.1f} s)")
        else:
            self.running[name] = {**report, "at": time.monotonic()}

    def show_line(self, message: str, level: int) -> None:
        self._line(message)

    def say(self, text: str) -> None:
        super().say(text)
        self.last_line = time.monotonic()

    def _line(self, text: str) -> None:
        self.console.print(f"  {text}", markup=False, highlight=False, soft_wrap=True)
        self.last_line = time.monotonic()

    def _say_something(self) -> None:
        while not self.stopping.wait(0.25):
            with self.lock_output:
                if time.monotonic() - self.last_line >= QUIET_SECONDS:
                    self._line(self._what_runs())

    def _what_runs(self) -> str:
        if not self.running:
            return f"… still building ({time.monotonic() - self.started:.0f} s)"
        name, report = list(self.running.items())[-1]
        seconds = report["seconds"] + time.monotonic() - report["at"]
        count = f": {report['count']} of {report['total']}" if report["total"] else (
            f": {report['count']} so far" if report["count"] else "")
        return f"… {progress.STEPS.get(name, name)}{count} ({seconds:.0f} s so far)"

    def __enter__(self) -> PlainDisplay:
        super().__enter__()
        self.watch.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self.watch.join()
        super().__exit__(*exc)


class QuietDisplay(Display):
    """``--quiet``: no progress, warnings and errors only."""

    def __enter__(self) -> QuietDisplay:
        super().__enter__()
        progress.log.setLevel(logging.WARNING)  # the steps report nothing at all
        return self

    def show_step(self, report: dict, message: str) -> None:
        pass

    def say(self, text: str) -> None:
        pass


def display_for(quiet: bool) -> Display:
    """The display that suits where the output goes: a terminal, anything else, or nowhere."""
    console = Console(stderr=True, highlight=False)
    if quiet:
        return QuietDisplay(console)
    if console.is_terminal and not console.is_dumb_terminal:
        return LiveDisplay(console)
    return PlainDisplay(Console(stderr=True, highlight=False, width=1000))  # never wrap a log line
