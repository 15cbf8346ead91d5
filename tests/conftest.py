"""Fixtures that write small, real libraries into tmp_path."""

from __future__ import annotations

import inspect
import re
import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
REGISTRY = REPO / "content" / "benchmarks" / "municipalities.csv"

WATER_YAML = """\
id: water
title: Water and sanitation
description: Access to water and how well it is managed.
illustrative: true
indicators:
  - id: WS5.1
    name: Percentage of non-revenue water
    unit: "%"
    better: lower
    benchmark: {value: 30, basis: Illustrative target.}
    definition: Water that earns no revenue.
    source: MFMA Circular 88 (WS5.1)
  - id: WS2.1
    name: Percentage of households with access to basic water supply
    unit: "%"
    better: higher
    definition: Households with basic water.
    source: MFMA Circular 88 (WS2.1)
"""

WATER_CSV = """\
municipality,indicator,year,value,note
ETH,WS5.1,2019,38.0,
ETH,WS5.1,2020,35.5,
MAN,WS5.1,2019,41.0,
MAN,WS5.1,2020,33.0,
"""

NETWORKS_YAML = """\
- id: water-services-learning-network
  title: Water Services Learning Network
  description: Water engineers sharing practice.
  service_areas: [water]
"""

CASE_STUDY = """\
---
title: Cutting water losses with pressure management
municipality: ETH
service_area: water
year: 2016
summary: eThekwini divided its network into pressure zones and cut night-time pressure.
tags: [pressure-management]
indicators: [WS5.1]
outcomes:
  - indicator: WS5.1
    baseline: {year: 2019, value: 38.0}
    result: {year: 2020, value: 35.5}
review:
  status: peer-reviewed
  reviewers: [Thandi Mokoena]
  date: 2022-03-14
networks: [water-services-learning-network]
contacts:
  - name: Sipho Ndlovu
    role: Senior Manager
    email: sipho@example.org
    phone: "+27 31 000 0000"
    consent: {agreed: true, date: 2021-05-03}
related: [mangaung-nrw]
sources:
  - title: Water services plan
    url: https://www.example.org/wsdp.pdf
---

## Context

Water losses were high.

## Results

They fell.
"""

SECOND_CASE_STUDY = """\
---
title: Mangaung non-revenue water programme
municipality: MAN
service_area: water
year: 2017
summary: Mangaung replaced meters and fixed leaks across the city, cutting losses sharply.
tags: [metering]
---

Mangaung replaced meters.
"""

TOOLKIT = """\
---
title: Running a benchmarking exercise
summary: How to compare your municipality with its peer group and the benchmark.
service_areas: [all]
files:
  - title: Data template
    path: files/template.csv
related: [pressure-management]
---

Step one: choose indicators.
"""

MKDOCS_YML = """\
site_name: Test library
docs_dir: content
theme:
  name: material
  font: false  # as the site: no web fonts from another host (the pages' CSP refuses them)
plugins:
  - lekgotla
"""


# ----- Tiers: the fast tier (-m "not slow") is what a pull request's CI runs on every push ------
#: A test is slow when it, or a fixture it uses, builds a site (or the wheel), or when it opens a browser.
#: Judged here, from the source of the test and of its fixtures, so no test has to say it.
BUILDS = re.compile(r"\bbuild_site\(|\bbuild\(|\bmkdocs_build\(|[\"']build[\"']|\bproperdocs\b")


def pytest_collection_modifyitems(items):
    for item in items:
        if "slow" not in item.keywords and builds_or_browses(item):
            item.add_marker(pytest.mark.slow)


def builds_or_browses(item) -> bool:
    if "browser" in item.fixturenames:
        return True
    functions = [getattr(item, "function", None)]
    for name in item.fixturenames:
        functions += [fixture.func for fixture in item._fixtureinfo.name2fixturedefs.get(name, ())]
    return any(BUILDS.search(_source(function)) for function in functions if function is not None)


def _source(function) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run (Debian's, driven by Playwright)."""
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(autouse=True)
def _no_csp_violation(request):
    """Any test that opened a page fails if the page logged a CSP violation or opened a dialog."""
    yield
    if "browser" in request.fixturenames:
        request.getfixturevalue("browser").check()


class Library:
    """A library on disk that a test can break one file at a time."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return path

    def edit(self, relative: str, old: str, new: str) -> Path:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"


def fixture_library(root: Path) -> Library:
    """The small library of this file, written into ``root``."""
    lib = Library(root)
    lib.content.mkdir()
    (lib.content / "benchmarks").mkdir()
    shutil.copy(REGISTRY, lib.content / "benchmarks" / "municipalities.csv")
    lib.write("benchmarks/water.yaml", WATER_YAML)
    lib.write("benchmarks/water.csv", WATER_CSV)
    lib.write("networks.yaml", NETWORKS_YAML)
    lib.write("case-studies/pressure-management.md", CASE_STUDY)
    lib.write("case-studies/mangaung-nrw.md", SECOND_CASE_STUDY)
    lib.write("toolkits/benchmarking.md", TOOLKIT)
    lib.write("toolkits/files/template.csv", "municipality,indicator,year,value\n")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return lib


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """The fixture library in a folder of its own: a test may change it."""
    return fixture_library(tmp_path)


# ----- Built sites shared by every test that only reads them ------------------------------------
#: The repository the shared fixture site links to ("Edit this page", "Report a problem").
GITHUB = "https://github.com/example/lekgotla"
#: The public address the shared sample site is built for, as a deployment sets it.
PUBLIC_URL = "https://kb.example.org/"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fixture library built once, with a repository configured. Read it, never change it:
    a test that needs another library or configuration builds its own."""
    from generator.cli.build import build_site

    lib = fixture_library(tmp_path_factory.mktemp("fixture-site"))
    config = lib.config_file.read_text(encoding="utf-8").replace(
        "  - lekgotla\n", f"  - lekgotla:\n      repository: {GITHUB}\n      branch: trunk\n")
    lib.config_file.write_text(config, encoding="utf-8")
    return build_site(lib.config_file, lib.root / "site").site_dir


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The repository's own sample library, copied outside the repository and built once with
    its public address and search, as a deployment builds it. Read it, never change it."""
    from generator.cli.build import build_site

    root = tmp_path_factory.mktemp("sample-site")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")  # published as /contributing/
    return build_site(root / "mkdocs.yml", root / "site", site_url=PUBLIC_URL).site_dir
