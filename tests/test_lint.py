"""Lint: the rules of pyproject.toml's [tool.ruff] hold, so a pull request's lint job passes locally first."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def ruff(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    command = [shutil.which("ruff")] if shutil.which("ruff") else [sys.executable, "-m", "ruff"]
    return subprocess.run([*command, "check", "--no-cache", *args], cwd=cwd, capture_output=True, text=True)


def test_the_code_passes_ruff():
    result = ruff(".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_reads_the_projects_rules(tmp_path):
    # An undefined name (pyflakes) and a mutable default (bugbear): both must be reported with
    # the project's configuration, or the lint above proves nothing.
    broken = tmp_path / "broken.py"
    broken.write_text("def f(items=[]):\n    return items + missing\n", encoding="utf-8")
    result = ruff("--config", str(REPO / "pyproject.toml"), str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert "F821" in result.stdout and "B006" in result.stdout
