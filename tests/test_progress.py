"""What `lekgotla build` prints while it works: live progress on a terminal, plain timed lines
elsewhere (never a long silence), nothing but problems with --quiet."""

from __future__ import annotations

import logging
import os
import pty
import re
import subprocess
import sys
import time

from rich.console import Console

from conftest import REPO
from generator import progress
from generator.cli import display as display_module
from generator.cli.display import PlainDisplay

ENV = {**os.environ, "PYTHONPATH": str(REPO)}
STEP_LINE = re.compile(r"^  (?P<step>[A-Z][^:]+): (?P<summary>.+) \((?P<seconds>\d+\.\d) s\)$")


def build(library, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", "build", *args], cwd=library.root,
                          capture_output=True, text=True, env=ENV)


def test_without_a_terminal_each_step_is_a_line_with_its_time(library):
    result = build(library)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    steps = {m["step"]: m["summary"] for m in map(STEP_LINE.match, lines) if m}
    assert list(steps) == [progress.STEPS[name] for name in
                           ("load", "related", "pages", "markdown", "charts", "render", "search")]
    assert steps["Loading and checking the content"] == "2 case studies and 1 toolkit"
    rendered = int(steps["Rendering pages"].split()[0])
    assert rendered > 100 and lines[-1].startswith(f"✓ Built {rendered} pages in ")
    assert "\x1b[" not in result.stderr  # no terminal codes in a log


def test_on_a_terminal_the_steps_are_drawn_live_with_counts(library):
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli.commands", "build"], cwd=library.root,
                               stdin=terminal, stdout=terminal, stderr=terminal,
                               env={**ENV, "TERM": "xterm-256color", "COLUMNS": "120"})
    os.close(terminal)
    screen = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the build ended and closed its side
            break
        if not chunk:
            break
        screen += chunk
    assert process.wait(timeout=120) == 0
    drawn = screen.decode("utf-8", errors="replace")
    assert "\x1b[2K" in drawn  # lines redrawn in place, not printed one after another
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)  # what the reader sees, without the colours
    assert re.search(r"Rendering pages\s+\S*━+\S*\s+(\d+)/\1", text), "the render step's count of its total"
    assert re.search(r"✓.*Indexing the site for search", text)
    assert "✓ Built " in text


def test_quiet_prints_nothing_when_all_is_well(library):
    result = build(library, "--quiet")
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""
    assert (library.root / "site" / "index.html").is_file()


def test_quiet_still_says_why_a_build_failed(library):
    library.edit("case-studies/pressure-management.md", "year: 2016", "year: 2999")
    result = build(library, "--quiet")
    assert result.returncode == 1
    assert "year: 2999 is in the future" in result.stderr and "✗ Build failed" in result.stderr


def test_a_long_step_is_never_silent_for_more_than_a_few_seconds(monkeypatch):
    # The real display and its watch thread, with the silence shortened so the test takes a second.
    monkeypatch.setattr(display_module, "QUIET_SECONDS", 0.4)
    lines = []
    console = Console(file=_Lines(lines), width=200)
    with PlainDisplay(console):
        progress.start("render", 10)
        progress.advance("render", 3)
        time.sleep(1.3)
        progress.done("render", "10 pages")
    assert len([line for line in lines if line.startswith("  … Rendering pages: 3 of 10")]) >= 2, lines
    assert lines[-1].startswith("  Rendering pages: 10 pages (")


def test_without_a_display_the_steps_are_plain_lines_of_mkdocs_build(caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.lekgotla"):
        progress.start("charts", 4)
        progress.advance("charts", 4)
        progress.done("charts", "4 drawn")
    assert [r.getMessage() for r in caplog.records] == ["Drawing charts: 4 drawn (0.0 s)"]


class _Lines:
    """A file that keeps each line written to it."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def write(self, text: str) -> int:
        self.lines.extend(line for line in text.splitlines() if line)
        return len(text)

    def flush(self) -> None:
        pass
