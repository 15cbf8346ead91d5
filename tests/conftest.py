"""Fixtures that write small, real libraries into tmp_path."""

from __future__ import annotations

import fcntl
import functools
import inspect
import os
import re
import shutil
import signal
import textwrap
from contextlib import contextmanager
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
review: {status: submitted, date: 2023-06-01}
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


# ----- Ctrl-C as a terminal sends it ------------------------------------------------------------------
# A shell without job control (a script's `python3 -m pytest &`, `( ... &)`) starts a background command
# with SIGINT ignored, and every process it starts inherits that: a `mkdocs serve` the tests start and
# then stop with Ctrl-C would run on for good (seen in a fresh clone run so started). Each process of the
# run (the workers load this file too) takes SIGINT back, so that the processes it starts receive it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


# ----- Tiers ------------------------------------------------------------------------------------------
# Markers set here, from the fixtures a test uses (itself or through other fixtures) and from the
# source of the test, of those fixtures and of the functions of its module they call, so that no test
# has to say it and a new test gets its tier by what it does (pyproject.toml describes them):
#   browser  opens chromium (the ``browser`` fixture);
#   build    builds a site or the wheel, or reads a site the session shares (the first test to ask for
#            one builds it);
#   process  runs a command in a process of its own (lekgotla, git, node, java, ruff): each starts a
#            Python or a VM afresh, and `lekgotla check` its workers;
#   slow     any of them, or a test that checks a library many times the test library's size (the
#            fixtures of LARGE): ``-m "not slow"`` is the fast tier, what a pull request's CI runs on
#            every push (README: under 30 s).
#: The fixtures that hand out a built site.
SITES = {"shared_sites", "fixture_site", "sample_site"}
#: The fixtures that hand out a large library: the scale smoke's generated one (100 case studies) and the
#: hostile corpus laid over the test library (60 files, five of which take the render's time limit).
LARGE = {"generated", "refused_library"}
#: What a test or fixture that builds calls: the build in-process or as a command, MkDocs or ProperDocs.
BUILDS = re.compile(r"\b(mkdocs_)?build(_site|_offline_zip)?\(|(?<!\[)[\"']build[\"'][,)\]]|\bproperdocs\b")
#: What a test or fixture that starts a process calls.
PROCESSES = re.compile(r"\bsubprocess\.(run|Popen|call|check_call|check_output)\(|\bPopen\(")


# ----- Workers -------------------------------------------------------------------------------------
# `pytest` runs the tests in as many processes as the machine has cores (pytest-xdist: -n auto in
# pyproject.toml), scheduled by group (--dist loadgroup). A module's tests form one group, so that its
# module-scoped fixtures (a library, a site, a served folder) are set up once, by one worker; the
# modules of SPREAD go test by test to whichever worker is free. The built sites the session shares
# are built once for all workers (SharedSites, below).
#: Modules whose tests are spread over the workers: their module fixtures are cheap (a browser
#: context), and their tests are the suite's longest work (axe on every page, in shards).
SPREAD = {"test_every_page"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        if item.module.__name__ not in SPREAD:
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
        tiers = {"browser"} & set(item.fixturenames)
        sources = _sources(item)
        if SITES & set(item.fixturenames) or BUILDS.search(sources):
            tiers.add("build")
        if PROCESSES.search(sources):
            tiers.add("process")
        for tier in sorted(tiers | ({"slow"} if tiers or LARGE & set(item.fixturenames) else set())):
            if tier not in item.keywords:
                item.add_marker(tier)


def _sources(item) -> str:
    """The source of the test, of every fixture it uses, and of the functions of its module they call."""
    functions = [getattr(item, "function", None)]
    for name in item.fixturenames:
        functions += [fixture.func for fixture in item._fixtureinfo.name2fixturedefs.get(name, ())]
    sources, seen = [], set()
    while functions:
        function = functions.pop()
        if function is None or function in seen:
            continue
        seen.add(function)
        sources.append(_source(function))
        module = inspect.getmodule(function)
        for name in CALLED.findall(sources[-1]):
            helper = getattr(module, name, None)
            if inspect.isfunction(helper) and helper.__module__ == module.__name__:
                functions.append(helper)
            elif inspect.isclass(helper):  # a class the test makes: its code, and its bases' that are ours
                functions += [cls for cls in helper.__mro__ if _ours(cls)]
    return "\n".join(sources)


def _ours(cls: type) -> bool:
    """Whether ``cls`` is defined in this repository (a test helper, the bench, the generator)."""
    try:
        return Path(inspect.getfile(cls)).resolve().is_relative_to(REPO)
    except TypeError:  # a built-in class
        return False


#: A call of a function by its name, as a test calls a helper of its module.
CALLED = re.compile(r"\b([A-Za-z_]\w*)\(")


@functools.lru_cache(maxsize=None)  # a fixture's source is read once, not once per test using it
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


class SharedSites:
    """The built sites the whole session shares: each configuration built once, then only read.

    A test that needs another library or configuration asks for it here (or builds its own
    library); a test that would change a shared site copies it first. Every shared site is
    fingerprinted when it is built and checked at the end of the session: a test that wrote into
    one fails there, since the tests after it would read what it left."""

    def __init__(self, tmp_path_factory):
        self._root = _session_folder(tmp_path_factory)
        self._built: dict[tuple, Path] = {}
        self._fingerprints: dict[Path, dict[str, tuple[int, int]]] = {}

    def sample(self, *, site_url: str | None = PUBLIC_URL, search_index: bool = True,
               requests: str | None = None) -> Path:
        """The repository's sample library, copied outside the repository and built with its own
        mkdocs.yml, but for the options given: ``site_url`` (the public address, as a deployment
        sets it), ``search_index`` (Pagefind) and ``requests`` (the request channel)."""
        return self._once(("sample", site_url, search_index, requests),
                          lambda folder: self._build_sample(folder, site_url, search_index, requests))

    def fixture(self) -> Path:
        """The fixture library of this file, with a repository configured."""
        return self._once(("fixture",), self._build_fixture)

    def _once(self, key: tuple, build) -> Path:
        """The site of ``key``, built by the first worker that asks for it; the others wait for it
        (a lock on its folder) and read the same files."""
        if key not in self._built:
            folder = self._root / re.sub(r"[^A-Za-z0-9]+", "-", "-".join(map(str, key))).strip("-")
            with _locked(folder.with_suffix(".lock")):
                built = folder / "built-site.txt"
                if not built.exists():  # nor half-built by a worker whose build failed
                    shutil.rmtree(folder, ignore_errors=True)
                    folder.mkdir()
                    built.write_text(str(build(folder)), encoding="utf-8")
                site = Path(built.read_text(encoding="utf-8"))
            self._built[key], self._fingerprints[site] = site, _fingerprint(site)
        return self._built[key]

    def _build_sample(self, root: Path, site_url: str | None, search_index: bool, requests: str | None) -> Path:
        from generator.cli.build import build_site

        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "CONTRIBUTING.md", root / "CONTRIBUTING.md")  # published as /contributing/
        options = "".join(f"\n      {name}: {value}" for name, value in
                          (("search_index", "false" if not search_index else None), ("requests", requests)) if value)
        config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
        config = re.sub(r"\n      requests: .*", "", config) if requests else config
        (root / "mkdocs.yml").write_text(config.replace("  - lekgotla:", "  - lekgotla:" + options, 1), encoding="utf-8")
        return build_site(root / "mkdocs.yml", root / "site", site_url=site_url).site_dir

    def _build_fixture(self, root: Path) -> Path:
        from generator.cli.build import build_site

        lib = fixture_library(root)
        config = lib.config_file.read_text(encoding="utf-8").replace(
            "  - lekgotla\n", f"  - lekgotla:\n      repository: {GITHUB}\n      branch: trunk\n")
        lib.config_file.write_text(config, encoding="utf-8")
        return build_site(lib.config_file, lib.root / "site").site_dir

    def changed(self) -> list[str]:
        """The shared sites some test wrote into since they were built, with what changed."""
        changes = []
        for site, before in self._fingerprints.items():
            after = _fingerprint(site)
            changed = sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
            if changed:
                changes.append(f"{site}: {', '.join(changed[:10])}")
        return changes


def _session_folder(tmp_path_factory) -> Path:
    """A folder of this run that every worker sees: the parent of the workers' own temporary folders
    under pytest-xdist, the run's temporary folder without it."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def _locked(path: Path):
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _fingerprint(site: Path) -> dict[str, tuple[int, int]]:
    return {path.relative_to(site).as_posix(): (stat.st_size, stat.st_mtime_ns)
            for path in site.rglob("*") for stat in [path.lstat()]}


@pytest.fixture(scope="session")
def shared_sites(tmp_path_factory):
    sites = SharedSites(tmp_path_factory)
    yield sites
    changed = sites.changed()
    assert not changed, "tests wrote into sites the session shares (copy one before changing it):\n" + \
        "\n".join(changed)


@pytest.fixture(scope="session")
def fixture_site(shared_sites) -> Path:
    """The fixture library built once, with a repository configured. Read it, never change it:
    a test that needs another library or configuration builds its own."""
    return shared_sites.fixture()


@pytest.fixture(scope="session")
def sample_site(shared_sites) -> Path:
    """The repository's own sample library built once with its public address and search, as a
    deployment builds it. Read it, never change it."""
    return shared_sites.sample()
