"""The lekgotla command as a contributor or curator runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})


def test_check_passes_on_valid_content(library):
    result = run("check", cwd=library.root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors" in result.stderr


def test_check_fails_with_path_line_and_field_and_no_traceback(library):
    library.edit("case-studies/pressure-management.md", "year: 2016", "year: 2999")
    result = run("check", cwd=library.root)
    assert result.returncode == 1
    assert "content/case-studies/pressure-management.md:5: year: 2999 is in the future" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_only_named_files(library):
    library.edit("case-studies/pressure-management.md", "year: 2016", "year: 2999")
    clean = run("check", "content/case-studies/mangaung-nrw.md", cwd=library.root)
    assert clean.returncode == 0
    broken = run("check", "content/case-studies/pressure-management.md", cwd=library.root)
    assert broken.returncode == 1


def test_check_json_output(library):
    library.edit("case-studies/pressure-management.md", "municipality: ETH", "municipality: eThekwini")
    result = run("check", "--format", "json", cwd=library.root)
    data = json.loads(result.stdout)
    assert result.returncode == 1 and data["errors"] == 1
    finding = data["findings"][0]
    assert finding["line"] == 3 and finding["field"] == "municipality" and "ETH" in finding["hint"]


def test_check_github_annotations(library):
    library.edit("case-studies/pressure-management.md", "year: 2016", "year: 2999")
    result = run("check", "--format", "github", cwd=library.root)
    assert result.stdout.startswith("::error file=content/case-studies/pressure-management.md,line=5::")


def test_build_reports_pages_and_time(library):
    result = run("build", cwd=library.root)
    assert result.returncode == 0, result.stderr
    assert "Built" in result.stderr and "pages in" in result.stderr
    assert (library.root / "site" / "index.html").is_file()


def test_failed_build_leaves_previous_site_untouched(library):
    assert run("build", cwd=library.root).returncode == 0
    site = library.root / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    library.edit("case-studies/pressure-management.md", "service_area: water", "service_area: watr")
    result = run("build", cwd=library.root)
    assert result.returncode == 1
    assert "service_area: unknown service area 'watr'" in result.stderr
    assert "Traceback" not in result.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    leftovers = [p.name for p in library.root.iterdir() if p.name.startswith(".site-")]
    assert leftovers == []


def test_a_cache_that_cannot_be_written_fails_the_build_with_what_to_do(library):
    # The render cache's files are written while later pages render: a write that fails must
    # still fail the build, say where and what to do, and leave the previous site.
    assert run("build", cwd=library.root).returncode == 0
    site = library.root / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    cache = library.root / ".lekgotla-cache"
    for folder in (cache / "pages").iterdir():  # the folder of entries is now a file: nothing goes in
        shutil.rmtree(folder)
        folder.write_text("not a folder", encoding="utf-8")
    library.edit("case-studies/mangaung-nrw.md", "title: Mangaung non-revenue water programme",
                 "title: Mangaung meters every connection")
    result = run("build", cwd=library.root)
    assert result.returncode == 1
    assert "the render cache could not be written" in result.stderr
    assert f"remove {cache} and build again" in result.stderr
    assert "Traceback" not in result.stderr
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_build_replaces_site_after_a_fix(library):
    assert run("build", cwd=library.root).returncode == 0
    library.edit("case-studies/mangaung-nrw.md", "title: Mangaung non-revenue water programme",
                 "title: Mangaung meters every connection")
    assert run("build", cwd=library.root).returncode == 0
    html = (library.root / "site" / "case-studies" / "mangaung-nrw" / "index.html").read_text()
    assert "Mangaung meters every connection" in html


def test_check_outside_a_repository_is_a_clear_error(tmp_path):
    result = run("check", cwd=tmp_path)
    assert result.returncode != 0 and "is not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_search_lists_the_water_loss_case_studies_of_the_sample_library_first(tmp_path):
    import shutil

    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "content", tmp_path / "content")
    result = run("search", "water losses", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    titles = [line.split(". ", 1)[1] for line in result.stdout.splitlines() if line[:1].isdigit()]
    assert set(titles[:4]) == {"Cutting water losses with pressure management",
                               "Keeping water losses low through long-term demand management",
                               "Bringing non-revenue water down through metering and billing clean-up",
                               "Finding water losses across scattered rural schemes"}
    assert "content/case-studies/ethekwini-pressure-management.md · eThekwini · 2016" in result.stdout
    assert "[water]" in result.stdout.lower() or "[losses]" in result.stdout  # the snippet marks the words
    assert (tmp_path / ".lekgotla-cache" / "text-index").is_dir()  # built on first use
    narrowed = run("search", "water losses", "--province", "Western Cape", "--type", "case-study", cwd=tmp_path)
    assert narrowed.stdout.splitlines()[0] == "1. Keeping water losses low through long-term demand management"
    assert "Traceback" not in result.stderr + narrowed.stderr


def test_check_warns_about_a_probable_duplicate_naming_both_files(library):
    original = (library.content / "case-studies" / "pressure-management.md").read_text(encoding="utf-8")
    library.write("case-studies/pressure-management-again.md",
                  original.replace("title: Cutting water losses with pressure management",
                                   "title: Pressure management in eThekwini"))
    result = run("check", "content/case-studies/pressure-management-again.md", cwd=library.root)
    assert result.returncode == 0  # a warning, not an error
    assert ("content/case-studies/pressure-management-again.md:1: warning: probably a duplicate of "
            "content/case-studies/pressure-management.md: ") in result.stdout
    assert "of the wording is alike" in result.stdout


def test_check_does_not_call_different_practices_duplicates(library):
    result = run("check", cwd=library.root)
    assert "duplicate" not in result.stdout and "0 warnings" in result.stderr


def test_version_is_the_installed_packages(tmp_path):
    from importlib.metadata import version

    result = run("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"lekgotla {version('lekgotla')}"
