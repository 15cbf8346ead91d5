"""What an organisation that starts a library of its own gets: `lekgotla init`, and the package's
theme on MkDocs' template path, which the library's own templates can still override."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REGISTRY, REPO
from generator.cli.build import build_site
from generator.packaged import STARTER_DIR, THEME_DIR

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def lekgotla(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", *args], cwd=cwd, capture_output=True,
                          text=True, env=ENV)


@pytest.fixture(scope="module")
def new_library(tmp_path_factory) -> Path:
    """A library as `lekgotla init` writes it, checked and built once."""
    root = tmp_path_factory.mktemp("init")
    result = lekgotla("init", "karoo-practice", "--name", "Karoo Lekgotla", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "karoo-practice"


def test_init_writes_every_kind_of_content_and_what_publishes_it(new_library):
    files = {p.relative_to(new_library).as_posix() for p in new_library.rglob("*") if p.is_file()}
    for folder in ("case-studies", "toolkits", "people", "research", "peer-reviews"):
        assert any(f.startswith(f"content/{folder}/") and f.endswith(".md") for f in files), folder
    assert {"content/networks.yaml", "content/benchmarks/municipalities.csv", "content/benchmarks/water.yaml",
            "content/benchmarks/water.csv", "mkdocs.yml", "README.md", "requirements.txt", ".gitignore",
            ".github/workflows/pull-request.yml", ".github/workflows/deploy.yml"} <= files
    config = yaml.safe_load((new_library / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert config["site_name"] == "Karoo Lekgotla"
    assert config["theme"]["name"] == "material" and "custom_dir" not in config["theme"]
    assert "lekgotla" in str(config["plugins"])
    assert "# Karoo Lekgotla" in (new_library / "README.md").read_text(encoding="utf-8")
    assert "lekgotla" in (new_library / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]


def test_a_new_library_passes_the_check_and_builds_with_the_packaged_theme(new_library, tmp_path):
    check = lekgotla("check", cwd=new_library)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "0 errors, 0 warnings" in check.stderr
    site = build_site(new_library / "mkdocs.yml", tmp_path / "site").site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<h1>Karoo Lekgotla: municipal best practice</h1>" in home
    assert "A demonstration library" in home and "Its benchmark figures are illustrative too." in home
    assert "The official statistics are real" not in home  # the starter has none
    for page in ("case-studies/ethekwini-pressure-zones", "toolkits/running-a-benchmarking-exercise",
                 "people/nandi-dube", "networks/water-loss-learning-network", "municipalities/eth",
                 "indicators/ws5-1"):
        assert (site / page / "index.html").is_file(), page
    assert (site / "assets" / "stylesheets" / "lekgotla.css").is_file()  # the theme's own files came along


def test_a_new_librarys_requests_to_github_open_issue_forms_it_has(new_library, tmp_path, monkeypatch):
    """With its repository set (as the workflows set it) a new library sends requests to GitHub's issue forms:
    each form and "Report a problem" names a template the new repository has, and fills its fields by their ids.
    The starter had none: GitHub opened a blank issue and the fields were lost."""
    import re

    monkeypatch.setenv("LEKGOTLA_REPOSITORY", "https://github.com/karoo/practice")
    site = build_site(new_library / "mkdocs.yml", tmp_path / "site").site_dir
    forms_dir = new_library / ".github" / "ISSUE_TEMPLATE"
    used = set()
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for form in re.findall(r'<form class="lk-ask__form" action="https://github.com/karoo/practice/issues/new"'
                               r'.*?</form>', html, re.S):
            template = re.search(r'name="template" value="([^"]+)"', form).group(1)
            issue_form = yaml.safe_load((forms_dir / template).read_text(encoding="utf-8"))
            ids = {field.get("id") for field in issue_form["body"]}
            assert set(re.findall(r'name="([^"]+)"', form)) - {"template", "title"} <= ids, (path, template)
            used.add(template)
        used.update(re.findall(r"issues/new\?template=([a-z-]+\.yml)", html))
    assert {"mentor-request.yml", "be-put-in-touch.yml", "join-a-network.yml", "report-a-problem.yml"} <= used
    assert all((forms_dir / template).is_file() for template in used)


def test_the_issue_forms_a_new_library_starts_with_are_the_projects_own():
    own = REPO / ".github" / "ISSUE_TEMPLATE"
    assert sorted(p.name for p in (STARTER_DIR / ".github" / "ISSUE_TEMPLATE").iterdir()) == sorted(
        p.name for p in own.iterdir())
    for form in own.iterdir():
        assert (STARTER_DIR / ".github" / "ISSUE_TEMPLATE" / form.name).read_bytes() == form.read_bytes(), form.name


def test_the_registry_a_new_library_starts_with_is_the_projects_own():
    assert (STARTER_DIR / "content" / "benchmarks" / "municipalities.csv").read_bytes() == REGISTRY.read_bytes()
    rows = REGISTRY.read_text(encoding="utf-8").splitlines()[1:]
    assert len(rows) == 257


def test_init_never_writes_into_a_folder_that_has_files(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    result = lekgotla("init", "taken", cwd=tmp_path)
    assert result.returncode == 1 and "not an empty folder" in result.stderr
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_a_librarys_own_templates_override_the_packaged_ones(library):
    own = library.root / "overrides"
    (own / "lekgotla").mkdir(parents=True)
    (own / "lekgotla" / "home.html").write_text(
        '{% extends "main.html" %}{% block content %}<h1>Our own front page</h1>{% endblock %}', encoding="utf-8")
    config = library.config_file.read_text(encoding="utf-8")
    library.config_file.write_text(config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                                   encoding="utf-8")
    site = build_site(library.config_file, library.root / "site").site_dir
    assert "<h1>Our own front page</h1>" in (site / "index.html").read_text(encoding="utf-8")
    case_study = (site / "case-studies" / "pressure-management" / "index.html").read_text(encoding="utf-8")
    assert "Cutting water losses with pressure management" in case_study  # the packaged template, still
    assert (THEME_DIR / "lekgotla" / "case-study.html").is_file()


def test_a_theme_other_than_mkdocs_material_is_refused_with_a_message(library):
    config = library.config_file.read_text(encoding="utf-8")
    library.config_file.write_text(config.replace("  name: material\n", "  name: mkdocs\n"), encoding="utf-8")
    result = lekgotla("build", cwd=library.root)
    assert result.returncode == 1
    assert "the lekgotla plugin needs mkdocs-material: set `theme: name: material`" in result.stderr
