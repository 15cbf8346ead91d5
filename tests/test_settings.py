"""The build and the ``lekgotla`` commands read their paths from the same place: mkdocs.yml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.cache import DEFAULT_DIR
from generator.cli.build import build_site
from generator.mkdocs_plugin.config import settings_of

REPO = Path(__file__).resolve().parent.parent


def _configure(library, options: str) -> None:
    path = library.config_file
    path.write_text(path.read_text(encoding="utf-8").replace("  - lekgotla\n", f"  - lekgotla:\n{options}"),
                    encoding="utf-8")


def test_without_options_content_is_docs_dir_and_the_cache_sits_beside_mkdocs_yml(library):
    settings = settings_of(library.config_file)
    assert settings.content_dir == library.content.resolve()
    assert settings.cache_dir == library.root.resolve() / DEFAULT_DIR


def test_paths_in_mkdocs_yml_are_relative_to_it_wherever_the_command_runs(library, tmp_path_factory, monkeypatch):
    _configure(library, "      cache_dir: work/cache\n")
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    settings = settings_of(library.config_file)
    assert settings.cache_dir == library.root.resolve() / "work" / "cache"
    assert settings.content_dir == library.content.resolve()


def test_without_mkdocs_yml_the_cache_sits_beside_the_content(tmp_path):
    (tmp_path / "content").mkdir()
    settings = settings_of(tmp_path / "mkdocs.yml", tmp_path / "content")
    assert settings.cache_dir == tmp_path.resolve() / DEFAULT_DIR


def test_a_configured_cache_folder_is_used_by_the_build_and_by_lekgotla_search(library):
    _configure(library, "      cache_dir: work/cache\n      search_index: false\n")
    build_site(library.config_file, library.root / "site")
    cache = library.root / "work" / "cache"
    assert (cache / "last-build.json").is_file() and (cache / "charts").is_dir()
    assert not (library.root / DEFAULT_DIR).exists()
    found = subprocess.run([sys.executable, "-m", "generator.cli.commands", "search", "pressure"],
                           cwd=library.root, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert "Cutting water losses" in found.stdout
    assert (cache / "text-index").is_dir() and not (library.root / DEFAULT_DIR).exists()


def test_a_bad_option_is_a_clear_error_not_a_traceback(library):
    _configure(library, "      cache_dir: [not, a, path]\n")
    result = subprocess.run([sys.executable, "-m", "generator.cli.commands", "check"], cwd=library.root,
                            capture_output=True, text=True)
    assert result.returncode != 0 and "cache_dir" in result.stderr
    assert "Traceback" not in result.stderr
