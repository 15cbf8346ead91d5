"""The repository's GitHub side: workflows that lint clean and do their job, templates, annotations."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from generator.packaged import STARTER_DIR

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ENV = {**os.environ, "PYTHONPATH": str(REPO), "PYTHON": sys.executable}


def lint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(REPO / "scripts" / "lint-workflows.cjs"), *map(str, files)],
                          cwd=REPO, capture_output=True, text=True)


def workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def test_the_workflows_pass_actionlint():
    assert len(WORKFLOWS) == 3
    result = lint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_does_report_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_thing }}\n", encoding="utf-8")
    result = lint(broken)
    assert result.returncode == 1 and "broken.yml:6:" in result.stdout


def step_uses(job: dict) -> list[str]:
    return [step.get("uses", "").split("@")[0] or step.get("run", "") for step in job["steps"]]


def test_pull_requests_are_checked_built_and_previewed():
    flow = workflow("pull-request.yml")
    assert "pull_request" in flow[True]  # PyYAML reads the key `on` as true
    steps = step_uses(flow["jobs"]["check-and-build"])
    assert steps.index("actions/checkout") < steps.index('bash scripts/check-changed "$BASE_SHA"') \
        < steps.index("lekgotla build") < steps.index("actions/upload-artifact")


def test_pull_requests_are_linted_and_tested_and_main_gets_the_whole_suite_on_every_python():
    flow = workflow("tests.yml")
    assert "pull_request" in flow[True] and flow[True]["push"]["branches"] == ["main"]
    jobs = flow["jobs"]
    assert "ruff check --output-format github ." in step_uses(jobs["lint"]) and "if" not in jobs["lint"]
    assert step_uses(jobs["types"])[-1] == "python -m mypy" and "if" not in jobs["types"]  # [tool.mypy]
    assert jobs["fast"]["if"] == "github.event_name == 'pull_request'"
    assert step_uses(jobs["fast"])[-1] == 'python -m pytest -m "not slow"'
    assert step_uses(jobs["engines"])[-1] == "python -m pytest tests/test_engines.py"
    assert jobs["full"]["if"] == "github.event_name == 'push'"
    assert jobs["full"]["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    assert step_uses(jobs["full"])[-1] == "python -m pytest"
    declared = [c for c in tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["classifiers"]
                if c.startswith("Programming Language :: Python :: 3.")]
    assert declared == [f"Programming Language :: Python :: {v}" for v in jobs["full"]["strategy"]["matrix"]["python-version"]]


def test_pushes_to_main_are_published_on_github_pages():
    flow = workflow("deploy.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    assert "lekgotla build" in step_uses(flow["jobs"]["build"])
    assert "actions/upload-pages-artifact" in step_uses(flow["jobs"]["build"])
    assert step_uses(flow["jobs"]["deploy"]) == ["actions/deploy-pages"]


def test_a_new_librarys_workflows_pass_actionlint_check_build_and_publish():
    flows = sorted((STARTER_DIR / ".github" / "workflows").glob("*.yml"))
    assert [f.name for f in flows] == ["deploy.yml", "pull-request.yml"]
    result = lint(*flows)
    assert result.returncode == 0, result.stdout + result.stderr
    pull_request, deploy = (yaml.safe_load(f.read_text(encoding="utf-8")) for f in (flows[1], flows[0]))
    steps = step_uses(pull_request["jobs"]["check-and-build"])
    assert steps.index("python -m pip install -r requirements.txt") < steps.index("lekgotla check --format github") \
        < steps.index("lekgotla build") < steps.index("actions/upload-artifact")
    assert deploy[True]["push"]["branches"] == ["main"]
    assert "lekgotla build" in step_uses(deploy["jobs"]["build"])
    assert step_uses(deploy["jobs"]["deploy"]) == ["actions/deploy-pages"]


def test_templates_give_reviewers_a_checklist_and_proposers_a_form():
    checklist = (REPO / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert checklist.count("- [ ]") >= 6 and "peer-reviewed" in checklist
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "propose-a-case-study.yml").read_text())
    ids = [item.get("id") for item in form["body"]]
    assert {"municipality", "service_area", "year", "summary", "contact"} <= set(ids)


# ----- annotations on the files a pull request changes ----------------------------------------
def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout.strip()


@pytest.fixture
def pull_request(library):
    """The fixture library as a repository: a base commit, then a change to review."""
    git("init", "-q", "-b", "main", cwd=library.root)
    git("add", "-A", cwd=library.root)
    git("commit", "-q", "-m", "base", cwd=library.root)
    library.base = git("rev-parse", "HEAD", cwd=library.root)
    return library


def check_changed(library) -> subprocess.CompletedProcess:
    shutil.copy(REPO / "scripts" / "check-changed", library.root / "check-changed")
    return subprocess.run(["bash", "check-changed", library.base], cwd=library.root, capture_output=True,
                          text=True, env=ENV)


def test_annotations_name_the_changed_files_lines(pull_request):
    lib = pull_request
    lib.edit("case-studies/mangaung-nrw.md", "year: 2017", "year: 2999")
    lib.write("case-studies/new-practice.md", "---\ntitle: A new practice\nmunicipality: Durban\n"
              "service_area: water\nyear: 2020\nsummary: Something that worked well in the city.\n---\nText.\n")
    git("add", "-A", cwd=lib.root)
    git("commit", "-q", "-m", "change", cwd=lib.root)
    result = check_changed(lib)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotations == [
        "::error file=content/case-studies/mangaung-nrw.md,line=5::year: 2999 is in the future; expected 1994 to "
        + annotations[0].rsplit(" to ", 1)[1],
        "::error file=content/case-studies/new-practice.md,line=3::municipality: unknown municipality 'Durban' "
        + annotations[1].split("'Durban' ", 1)[1],
    ]
    # A warning is annotated as one, on its line: the new practice gives no date, so the feed leaves it out.
    assert any(line.startswith("::warning file=content/case-studies/new-practice.md,line=2::warning: review.date: no date")
               for line in result.stdout.splitlines()), result.stdout


def test_a_change_that_breaks_an_untouched_file_still_fails(pull_request):
    lib = pull_request
    (lib.content / "case-studies" / "mangaung-nrw.md").unlink()  # still named in related: by another page
    git("add", "-A", cwd=lib.root)
    git("commit", "-q", "-m", "remove", cwd=lib.root)
    result = check_changed(lib)
    assert result.returncode == 1
    assert "pressure-management.md" in result.stdout and "unknown case study or toolkit 'mangaung-nrw'" in result.stdout


def test_a_clean_pull_request_passes(pull_request):
    lib = pull_request
    lib.edit("case-studies/mangaung-nrw.md", "Mangaung replaced meters.", "Mangaung replaced 40 000 meters.")
    git("commit", "-q", "-am", "better", cwd=lib.root)
    result = check_changed(lib)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::error" not in result.stdout
