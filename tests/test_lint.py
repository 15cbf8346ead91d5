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


def test_the_fast_tier_leaves_out_the_tests_that_build_browse_or_start_a_command():
    # What a pull request's CI runs on every push (-m "not slow", .github/workflows/tests.yml).
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "not slow",
                             "tests/test_package.py", "tests/test_progress.py", "tests/test_front_door.py",
                             "tests/test_cli.py", "tests/test_hostile.py"],
                            cwd=REPO, capture_output=True, text=True)
    ids = [line for line in result.stdout.splitlines() if "::" in line]
    fast = {line.split("::")[1] for line in ids}
    assert "test_the_registry_a_new_library_starts_with_is_the_projects_own" in fast  # reads two files
    assert "test_init_never_writes_into_a_folder_that_has_files" not in fast  # runs `lekgotla init`
    assert "test_a_long_step_is_never_silent_for_more_than_a_few_seconds" in fast
    assert "test_a_new_library_passes_the_check_and_builds_with_the_packaged_theme" not in fast  # builds
    assert "test_quiet_prints_nothing_when_all_is_well" not in fast  # runs `lekgotla build`
    assert "test_check_passes_on_valid_content" not in fast  # runs `lekgotla check` in a process of its own
    assert "test_most_refused_cases_are_judged_together" in fast
    assert "test_check_refuses_each_case_for_its_own_file_with_its_message" not in fast  # the hostile corpus
    assert not [i for i in ids if i.startswith("tests/test_front_door.py")], ids  # every one builds or browses
    assert len(ids) >= 3


def test_each_tier_is_a_registered_marker_set_from_what_a_test_uses():
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "--strict-markers",
                             "-m", "browser and build and slow", "tests/test_front_door.py", "tests/test_lint.py"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    ids = [line.split("::")[1] for line in result.stdout.splitlines() if "::" in line]
    # The water official's walk from Jozini's page (its name counts the taps, which change with the page).
    assert [i for i in ids if i.startswith("test_a_water_official_reaches_a_better_b4_peer_and_its_practice")], ids
    assert not [i for i in ids if "lint" in i]
