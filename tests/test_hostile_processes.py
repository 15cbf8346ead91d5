"""No process outlives the command that started it: the build's child, the markdown and body-check
workers and Pagefind end with `lekgotla build`, on failure, SIGTERM, Ctrl-C and SIGKILL alike.

A process left behind keeps the caller's standard output open: a CI step, ``| tee build.log`` or
``subprocess.run(capture_output=True)`` then waits for it (issue 23: the markdown worker of a
failed build was still alive 20 minutes later). Each build here runs in a session of its own, so
its processes are found by their session id in /proc, and only they are ever killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO

FRONT = ("---\ntitle: {title}\nmunicipality: MAN\nservice_area: water\nyear: 2017\n"
         "summary: A sample case study carrying a hostile input, for the test suite only.\n---\n\nIntro.\n\n")


def session_processes(session: int) -> list[tuple[int, str]]:
    """(pid, command line) of every live process of ``session``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            state, _, _, sid = stat[stat.rindex(")") + 2:].split()[:4]
            if int(sid) == session and state != "Z":
                found.append((int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (OSError, ValueError):
            continue  # ended while we looked
    return found


def left_behind(session: int, within: float = 5.0) -> list[tuple[int, str]]:
    """The processes of ``session`` still alive ``within`` seconds from now; any found are killed
    (they are this test's own: nothing else runs in its session)."""
    deadline = time.monotonic() + within
    while session_processes(session) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = session_processes(session)
    for pid, _ in left:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return left


def start_build(library) -> subprocess.Popen:
    """`lekgotla build` with its output captured, in a session of its own."""
    return subprocess.Popen([sys.executable, "-m", "generator.cli.commands", "build"], cwd=library.root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})


def finish(process: subprocess.Popen, timeout: float) -> tuple[str, str]:
    try:
        return process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        left = left_behind(process.pid, within=0)
        process.communicate()
        pytest.fail(f"the build did not return within {timeout} s; its processes: {left}")


def with_plugin_options(library, options: str) -> None:
    config = library.config_file.read_text(encoding="utf-8")
    library.config_file.write_text(config.replace("  - lekgotla\n", f"  - lekgotla:\n{options}"), encoding="utf-8")


def slow_pages(library, count: int, backslashes: int = 100_000) -> None:
    """Pages that are legitimate but take a second or so each to render (a long run of backslashes)."""
    for number in range(count):
        library.write(f"case-studies/slow-{number}.md", FRONT.format(title=f"Slow page {number}") + "\\" * backslashes + "\n")


def test_a_failing_build_with_captured_output_returns_promptly_and_leaves_no_process(library):
    # The build of issue 23: a list nested too deep to render, and a page that took 115 s in the
    # markdown worker; the build crashed, and its worker held the output open.
    with_plugin_options(library, "      ahead_from: 1\n      search_index: false\n")
    library.write("case-studies/a-nested.md", FRONT.format(title="Nested") + "".join(
        "    " * depth + "1. x\n" for depth in range(300)))
    library.write("case-studies/z-stars.md", FRONT.format(title="Stars") + "*a" * 450_000 + "\n")
    started = time.monotonic()
    process = start_build(library)
    _, stderr = finish(process, timeout=90)
    seconds = time.monotonic() - started
    assert process.returncode == 1 and "Traceback" not in stderr, stderr
    assert "content/case-studies/a-nested.md:31: lists and quotes are nested 21 deep" in stderr
    assert "content/case-studies/z-stars.md:11: the text takes more than 3 s to render" in stderr
    assert seconds < 40, seconds  # the check's own bound: 3 s of CPU for the slow page
    assert left_behind(process.pid) == []


def test_a_build_killed_outright_takes_its_child_and_workers_with_it(library):
    with_plugin_options(library, "      ahead_from: 1\n      ahead_take_back: false\n      search_index: false\n")
    slow_pages(library, 6)
    process = start_build(library)
    deadline = time.monotonic() + 60
    while len(session_processes(process.pid)) < 3 and time.monotonic() < deadline:  # the build's child and a worker
        time.sleep(0.05)
    assert len(session_processes(process.pid)) >= 3, session_processes(process.pid)
    time.sleep(1)
    process.kill()  # SIGKILL: no chance to clean up
    finish(process, timeout=30)
    assert left_behind(process.pid) == []


@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_an_interrupted_build_returns_promptly_and_leaves_no_process(library, how):
    with_plugin_options(library, "      ahead_from: 1\n      ahead_take_back: false\n      search_index: false\n")
    slow_pages(library, 6)
    process = start_build(library)
    deadline = time.monotonic() + 60
    while len(session_processes(process.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1)
    if how == "SIGTERM":  # a cancelled CI job
        process.send_signal(signal.SIGTERM)
    else:  # the terminal sends Ctrl-C to every process of the foreground group
        os.killpg(process.pid, signal.SIGINT)
    interrupted = time.monotonic()
    _, stderr = finish(process, timeout=60)
    assert time.monotonic() - interrupted < 15
    assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert left_behind(process.pid) == []
    assert not (library.root / "site").exists()


def test_pagefind_ends_with_an_interrupted_build(library):
    process = start_build(library)
    deadline = time.monotonic() + 120
    while not any("pagefind" in command for _, command in session_processes(process.pid)):
        if time.monotonic() > deadline or process.poll() is not None:
            pytest.skip("the build ended before Pagefind could be seen")
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, stderr = finish(process, timeout=60)
    assert process.returncode == 130 and "Traceback" not in stderr, stderr
    assert left_behind(process.pid) == []
