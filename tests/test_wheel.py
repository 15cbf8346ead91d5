"""The package on its own: the wheel, installed in a fresh virtual environment outside the repository,
starts a library, checks it and builds it, and the site it builds opens in a browser.

The environment reuses the installed dependencies (--system-site-packages), but Lekgotla itself comes
from the wheel: the test checks that the modules it runs are the venv's, not the repository's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import serve
from conftest import REPO

pytestmark = pytest.mark.slow


def run(*command: str | Path, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, env=env,
                            timeout=600)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(the venv's bin folder, an environment without the repository on any path, a working folder)."""
    root = tmp_path_factory.mktemp("wheel")
    assert REPO not in root.parents
    started = time.perf_counter()
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run(sys.executable, "-m", "build", "--outdir", root / "dist", REPO, cwd=root, env=env)
    wheels = sorted((root / "dist").glob("lekgotla-*.whl"))
    assert len(wheels) == 1, wheels
    run(sys.executable, "-m", "venv", "--system-site-packages", root / "venv", cwd=root, env=env)
    bin_dir = root / "venv" / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheels[0], cwd=root,
        env=env)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    print(f"wheel built and installed in {time.perf_counter() - started:.1f} s")
    return bin_dir, env, root


def test_the_installed_wheel_starts_checks_and_builds_a_library_that_opens_in_a_browser(installed, browser):
    bin_dir, env, root = installed
    where = run(bin_dir / "python", "-c", "import generator, generator.packaged as p; "
                "print(generator.__file__); print(p.THEME_DIR)", cwd=root, env=env).stdout.split()
    venv = (root / "venv").resolve()
    assert all(venv in Path(path).resolve().parents for path in where), where  # not the repository's
    assert Path(where[1], "lekgotla", "home.html").is_file()  # the theme came in the wheel

    from importlib.metadata import version
    assert run(bin_dir / "lekgotla", "--version", cwd=root, env=env).stdout.strip() == f"lekgotla {version('lekgotla')}"
    run(bin_dir / "lekgotla", "init", "my-library", "--name", "Namakwa Practice", cwd=root, env=env)
    library = root / "my-library"
    check = run(bin_dir / "lekgotla", "check", cwd=library, env=env)
    assert "0 errors, 0 warnings" in check.stderr
    build = run(bin_dir / "lekgotla", "build", cwd=library, env=env)
    assert "✓ Built " in build.stderr

    with serve(library / "site") as base:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        response = page.goto(base)
        assert response.ok
        assert page.locator("h1").inner_text() == "Namakwa Practice: municipal best practice"
        # The packaged stylesheet (lekgotla.css) reached the page: the service areas are a grid of cards.
        assert page.locator("ul.lk-cards").evaluate("e => getComputedStyle(e).display") == "grid"
        page.get_by_role("link", name="Cutting water losses with metered pressure zones").first.click()
        page.wait_for_url("**/case-studies/ethekwini-pressure-zones/")
        assert "Sample case study" in page.locator("article.lk-case-study").inner_text()
        page.close()
