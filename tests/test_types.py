"""Types: mypy finds no error in generator/ with the project's rules (pyproject.toml, [tool.mypy]),
so the type check of CI (.github/workflows/tests.yml, job types) passes locally first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# A fresh clone checks 106 modules in about 13 s (6 s of CPU); later runs read .mypy_cache/ (0.5 s).
pytestmark = pytest.mark.slow


def mypy(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", *args], cwd=cwd, capture_output=True, text=True)


def test_the_generator_has_no_type_errors():
    result = mypy()  # the files and rules of [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues found" in result.stdout


def test_mypy_reads_the_projects_rules(tmp_path):
    # A type error in a function without annotations (check_untyped_defs) and a comparison that
    # can never be true (strict_equality): mypy's defaults report neither, the project's rules both.
    broken = tmp_path / "broken.py"
    broken.write_text('def untyped():\n    return 1 + "a"\n\n\ndef never(code: int) -> bool:\n'
                      '    return code == "a"\n', encoding="utf-8")
    result = mypy("--config-file", str(REPO / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"),
                  str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert "broken.py:2: error" in result.stdout and "broken.py:6: error" in result.stdout
