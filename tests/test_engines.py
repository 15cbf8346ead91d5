"""A second engine, proven: ProperDocs (the maintained fork of MkDocs 1.x) builds the sample library
into the same site as MkDocs, page by page, but for the tag that names the generator."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PUBLIC_URL, REPO

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')
#: Pagefind's index files named by a hash of their content, whose content is not the same from one
#: run to the next even with one engine (two MkDocs builds of one library differ there too): its
#: fragments, one per page indexed, are compared instead.
PAGEFIND_UNSTABLE = re.compile(r"^pagefind/(filter/|pagefind\.[^/]*\.pf_meta$|pagefind-entry\.json$)")


def lekgotla(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO), **env})


@pytest.fixture(scope="module")
def properdocs_site(sample_site) -> Path:
    """The sample library of `sample_site`, built by `lekgotla build` with ProperDocs, with the same address."""
    target = sample_site.parent / "site-properdocs"
    result = lekgotla("build", "--quiet", "-d", str(target), cwd=sample_site.parent,
                      LEKGOTLA_ENGINE="properdocs", LEKGOTLA_SITE_URL=PUBLIC_URL)
    assert result.returncode == 0, result.stderr
    return target


def files_of(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_pages_as_mkdocs(sample_site, properdocs_site):
    mkdocs_files, properdocs_files = files_of(sample_site), files_of(properdocs_site)
    stable = sorted(name for name in mkdocs_files if not PAGEFIND_UNSTABLE.match(name))
    assert stable == sorted(name for name in properdocs_files if not PAGEFIND_UNSTABLE.match(name))
    pages = [name for name in stable if name.endswith(".html")]
    assert len(pages) > 400
    engines, different = set(), []
    for name in stable:
        ours, theirs = mkdocs_files[name].read_bytes(), properdocs_files[name].read_bytes()
        if name.endswith(".html"):
            engines.update(GENERATOR_TAG.findall(ours) + GENERATOR_TAG.findall(theirs))
            ours, theirs = GENERATOR_TAG.sub(b"", ours), GENERATOR_TAG.sub(b"", theirs)
        if ours != theirs:
            different.append(name)
    assert different == []
    # The tag aside really was another engine: else the comparison proves nothing.
    assert {engine.split(b",")[0] for engine in engines} == {b"mkdocs-1.6.1", b"mkdocs-ProperDocs 1.6.7"}


def test_the_search_index_holds_the_same_pages_with_either_engine(sample_site, properdocs_site):
    def fragments(site: Path) -> dict[str, bytes]:
        return {p.name: gzip.decompress(p.read_bytes()) for p in (site / "pagefind" / "fragment").iterdir()}
    ours, theirs = fragments(sample_site), fragments(properdocs_site)
    assert len(ours) > 300 and ours == theirs


def test_properdocs_own_command_builds_a_library(library):
    # A library built by `properdocs build`, not through lekgotla's commands.
    properdocs = shutil.which("properdocs") or str(Path(sys.executable).parent / "properdocs")
    result = subprocess.run([properdocs, "build", "-f", "mkdocs.yml", "-d", "site"], cwd=library.root,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    home = (library.root / "site" / "index.html").read_bytes()
    assert b'content="mkdocs-ProperDocs 1.6.7' in home
    assert (library.root / "site" / "case-studies" / "pressure-management" / "index.html").is_file()
    assert (library.root / "site" / "pagefind" / "pagefind.js").is_file()  # indexed by the plugin itself


def test_an_unknown_engine_is_refused_with_a_message(library):
    result = lekgotla("check", cwd=library.root, LEKGOTLA_ENGINE="hugo")
    assert result.returncode == 1
    assert "LEKGOTLA_ENGINE=hugo: expected one of mkdocs, properdocs" in result.stderr
