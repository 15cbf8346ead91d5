"""Addresses from the configuration and the environment are checked as contributed ones are:
``LEKGOTLA_REPOSITORY=javascript:…`` was written into every page's "Edit this page" link unchecked."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO


def configured_from_the_environment(library) -> None:
    """mkdocs.yml as the repository's own: the repository and the public address come from the environment."""
    config = library.config_file.read_text(encoding="utf-8")
    config = config.replace("  - lekgotla\n", "  - lekgotla:\n      repository: !ENV [LEKGOTLA_REPOSITORY, \"\"]\n")
    library.config_file.write_text("site_url: !ENV [LEKGOTLA_SITE_URL, null]\n" + config, encoding="utf-8")


def lekgotla(library, *args: str, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", *args], cwd=library.root, text=True,
                          capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO), **environment})


@pytest.mark.parametrize("variable, setting, value", [
    ("LEKGOTLA_REPOSITORY", "repository", "javascript:alert(1470)//"),
    ("LEKGOTLA_REPOSITORY", "repository", "https://github.com/x/y\" onmouseover=\"alert(1471)"),
    ("LEKGOTLA_SITE_URL", "site_url", "javascript://kb.example.org/%0aalert(1472)/"),
])
def test_an_address_from_the_environment_that_is_not_a_web_address_stops_check_and_build(library, variable, setting,
                                                                                          value):
    configured_from_the_environment(library)
    for command in (("check",), ("build",)):
        result = lekgotla(library, *command, **{variable: value})
        assert result.returncode != 0, (command, result.stderr)
        assert f"{setting}: {value[:80]!r} is not a web address (https://...)" in result.stderr, (command, result.stderr)
        assert "Traceback" not in result.stderr
    assert not (library.root / "site").exists()


def test_a_web_address_from_the_environment_is_used(library):
    configured_from_the_environment(library)
    result = lekgotla(library, "build", LEKGOTLA_REPOSITORY="https://github.com/example/fork",
                      LEKGOTLA_SITE_URL="https://kb.example.org/")
    assert result.returncode == 0, result.stderr
    page = (library.root / "site" / "case-studies" / "mangaung-nrw" / "index.html").read_text(encoding="utf-8")
    assert "https://github.com/example/fork/edit/" in page and "https://kb.example.org/case-studies/mangaung-nrw/" in page
