"""The hostile corpus: every input of tests/hostile/ through `lekgotla check` and `lekgotla build`.

Each folder of tests/hostile/ holds files laid over the test library (``x.append``
is appended to ``x``) and ``expect.json``: the words `check` must report (empty
when the input is acceptable; for the newer cases ``path:line: field: message``)
and markers that must appear in no built file. Inputs too large to keep in git are
written by the test from ``generate`` in expect.json: for each path, parts that are
text, ``[text, times]`` (repeated) or ``{"bytes": count, "start": hex}`` (binary).
``"unchecked_build": false`` leaves a case out of the build with `check` skipped: only
the check stands between it and the build (a list nested too deep to render).
`check` and the build must agree: both refuse with a ``path:line`` message (and
raise nothing else: no traceback), or both accept, and then no marker reaches the site.

Then the sanitizer alone: the markup cases are built with `check` skipped (as if
a pull request were merged without it), and the pages are opened in chromium.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from mkdocs.exceptions import MkDocsException

from browser import serve
from conftest import REPO
from generator.cli.build import build_site
from generator.model.library import load_library
from generator.reading.check_context import CheckContext
from generator.site.reserved import SITE_CHECKS

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "expect.json").is_file())


def expectation(name: str) -> dict:
    return json.loads((HOSTILE / name / "expect.json").read_text(encoding="utf-8"))


def lay_over(library, name: str, rename=lambda relative: relative) -> None:
    """Write the case's files into the library, configured as the real site is (mkdocs.yml)."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    library.config_file.write_text(config, encoding="utf-8")
    for relative, data in files_of(name).items():
        relative = rename(relative)
        target = library.content / relative.removesuffix(".append")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("ab" if relative.endswith(".append") else "wb") as out:
            out.write(data)


def files_of(name: str) -> dict[str, bytes]:
    """The case's files by their path in content/: those of its folder, and those expect.json generates."""
    source = HOSTILE / name / "content"
    files = {path.relative_to(source).as_posix(): path.read_bytes()
             for path in sorted(source.rglob("*")) if path.is_file()}
    files.update({relative: generated(parts) for relative, parts in expectation(name).get("generate", {}).items()})
    return files


def generated(parts: list) -> bytes:
    """A file of ``generate`` in expect.json: text, ``[text, times]``, or ``{"bytes": n, "start": hex}``."""
    data = b""
    for part in parts:
        if isinstance(part, str):
            data += part.encode("utf-8")
        elif isinstance(part, list):
            data += part[0].encode("utf-8") * part[1]
        else:
            start = bytes.fromhex(part.get("start", ""))
            data += start + b"\0" * (part["bytes"] - len(start))
    return data


def built_text(site: Path) -> dict[str, str]:
    """Every file of the site as text, Pagefind's compressed chunks unpacked."""
    texts = {}
    for path in site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            texts[path.relative_to(site).as_posix()] = data.decode("utf-8", errors="replace")
    return texts


# ----- refused cases, judged together --------------------------------------------------------------
def own_name(name: str, relative: str) -> str:
    """Where a refused case's file goes in the library that holds them all: zz-hostile.md becomes
    zz-hostile-<case>.md; its other files (a picture, a download, a person) keep their paths."""
    return relative.replace("zz-hostile.", f"zz-hostile-{name}.")


def refused_together() -> list[str]:
    """The refused cases whose files are all their own: none appended to or in place of a file of the
    test library, and none at a path another of them writes differently or needs as a folder. Each is
    refused for its own file, whatever else the library holds, so one check and one build judge them all."""
    library_files = {"benchmarks/municipalities.csv", "benchmarks/water.yaml", "benchmarks/water.csv", "networks.yaml",
                     "case-studies/pressure-management.md", "case-studies/mangaung-nrw.md", "toolkits/benchmarking.md",
                     "toolkits/files/template.csv"}
    written: dict[str, set[bytes]] = {}
    candidates = []
    for name in CASES:
        files = {own_name(name, relative): data for relative, data in files_of(name).items()}
        if expectation(name)["error"] and not any(path.endswith(".append") or path in library_files for path in files):
            candidates.append((name, files))
            for path, data in files.items():
                written.setdefault(path, set()).add(data)
    folders = {parent.as_posix() for path in written for parent in Path(path).parents}
    return [name for name, files in candidates if all(len(written[path]) == 1 and path not in folders
                                                      for path in files)]


TOGETHER = refused_together()


def expected_error(name: str) -> str:
    return own_name(name, expectation(name)["error"])


def said_of(name: str, text: str) -> str:
    """The lines of a report that name one of the case's files."""
    paths = [f"content/{own_name(name, relative)}" for relative in files_of(name)]
    return "\n".join(line for line in text.splitlines() if any(path in line for path in paths))


@pytest.fixture(scope="module")
def refused_library(tmp_path_factory):
    """The test library with every case of TOGETHER laid over it, each under its own names."""
    from conftest import library as make_library

    library = make_library.__wrapped__(tmp_path_factory.mktemp("refused"))
    for name in TOGETHER:
        lay_over(library, name, rename=lambda relative, n=name: own_name(n, relative))
    return library


def test_most_refused_cases_are_judged_together():
    # A case that stops qualifying (a file appended to the library's) is judged alone below: this keeps
    # the shared check from shrinking to nothing unnoticed.
    assert len(TOGETHER) >= 50, TOGETHER


def test_check_refuses_each_case_for_its_own_file_with_its_message(refused_library):
    # In-process, as `lekgotla check` runs it, so that any exception (a traceback for a user) fails the
    # test as itself.
    _, report = load_library(refused_library.content, checks=SITE_CHECKS)
    text = report.as_text()
    assert all(line.startswith("content/") for line in text.splitlines())
    missing = [f"{name}: {expected_error(name)!r}" for name in TOGETHER if expected_error(name) not in said_of(name, text)]
    assert missing == [], text


def test_the_build_refuses_each_case_with_the_message_check_gives(refused_library, caplog):
    with pytest.raises(MkDocsException):
        build_site(refused_library.config_file, refused_library.root / "site")
    missing = [f"{name}: {expected_error(name)!r}" for name in TOGETHER
               if expected_error(name) not in said_of(name, caplog.text)]
    assert missing == [], caplog.text
    assert not (refused_library.root / "site").exists()
    assert "Traceback" not in caplog.text


# ----- the other cases, one library each: accepted ones (built, then searched for markers) and refused
# ones that change a file of the library (a row appended to the registry shifts every line after it)
@pytest.mark.parametrize("name", [name for name in CASES if name not in TOGETHER])
def test_check_and_build_agree_on_every_hostile_input(library, name, caplog):
    # In-process, so that any exception (a traceback for a user) fails the test as itself.
    expect = expectation(name)
    lay_over(library, name)
    _, report = load_library(library.content, checks=SITE_CHECKS)  # as `lekgotla check` runs it
    if expect["error"]:
        assert expect["error"] in report.as_text(), report.as_text()
        assert all(line.startswith("content/") for line in report.as_text().splitlines())
        with pytest.raises(MkDocsException):
            build_site(library.config_file, library.root / "site")
        assert expect["error"] in caplog.text
        assert not (library.root / "site").exists()
        assert "Traceback" not in caplog.text
    else:
        assert report.ok, report.as_text()
        build_site(library.config_file, library.root / "site")
        for path, text in built_text(library.root / "site").items():
            for marker in expect["absent"]:
                assert marker not in text, (marker, path)


# ----- the sanitizer alone: check skipped, pages opened in a browser ---------------------------
MARKUP_CASES = [name for name in CASES
                if (HOSTILE / name / "content" / "case-studies" / "zz-hostile.md").is_file()
                and "too slow" not in expectation(name)["error"] and not expectation(name).get("generate")
                and expectation(name).get("unchecked_build", True)
                and "\nIntro.\n" in (HOSTILE / name / "content" / "case-studies" / "zz-hostile.md").read_text()]


@pytest.fixture(scope="module")
def unchecked_site(tmp_path_factory):
    """Every markup payload on a page of its own, built as if `check` had not run."""
    from conftest import Library, library as make_library

    root = tmp_path_factory.mktemp("unchecked")
    library: Library = make_library.__wrapped__(root)
    for name in MARKUP_CASES:
        lay_over(library, name, rename=lambda relative, n=name: relative.replace("zz-hostile", f"hostile-{n}"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CheckContext, "untrusted", lambda self, file, data, lines: None)
        return build_site(library.config_file, root / "site").site_dir


def test_the_build_strips_every_payload_even_when_check_was_skipped(unchecked_site):
    texts = built_text(unchecked_site)
    for name in MARKUP_CASES:
        page = texts[f"case-studies/hostile-{name}/index.html"]
        assert "Intro." in page
        for marker in expectation(name)["absent"]:
            leaks = [path for path, text in texts.items() if marker in text]
            assert leaks == [], (name, marker)
    assert not any(path.endswith(".svg") and path.startswith("images/") for path in texts)
    assert [p for p in unchecked_site.rglob("*") if p.is_symlink()] == []


def test_payload_pages_run_nothing_and_reach_no_other_host_in_chromium(unchecked_site, browser):
    # The browser fixture fails the test on any dialog or CSP violation (see conftest).
    with serve(unchecked_site) as base:
        for name in MARKUP_CASES:
            page = browser.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(base + f"case-studies/hostile-{name}/")
            for link in page.locator(".lk-body a").all():
                if link.is_visible():
                    link.click(no_wait_after=True, timeout=2000)
            page.keyboard.press("Tab")
            page.wait_for_timeout(100)
            page.close()
            assert [url for url in requests if not url.startswith(base)] == [], name
