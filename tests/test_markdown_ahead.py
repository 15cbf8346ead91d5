"""Contributors' markdown converted ahead, in a worker, gives exactly the pages MkDocs would write.

A national build converts 2,000 case studies in a worker process while it builds the
pages (markdown_ahead.py). These tests turn that on for a small library (it starts
from 64 pages of markdown) and build it with the real MkDocs build, with and without:
the HTML must be the same byte for byte, the same warnings must be logged, and a
page whose links would resolve differently in the worker must be left to MkDocs.
"""

from __future__ import annotations

import json
import logging

import pytest

from conftest import CASE_STUDY
from generator.cli.build import build_site

CONFIG = """\
site_name: Test library
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - lekgotla:
      search_index: false
      render_cache: false
      markdown_ahead: {ahead}
      ahead_from: 1
      ahead_take_back: {take_back}
"""

#: A body with what conversion does besides paragraphs: anchors, links MkDocs rewrites
#: (a page, a page's anchor, a download), a link it warns about, a table with
#: alignment, raw HTML, a checklist.
BODY = """
## Context {#context}

Water losses were high; see [the guide](../toolkits/benchmarking.md#steps), the
[template](../toolkits/files/template.csv), [the peer](mangaung-nrw.md) and
[a page that is not there](../toolkits/missing.md).

| Year | Loss |
| ---: | :--- |
| 2019 | 38 % |

<div class="note" id="raw">Raw <em>HTML</em></div>

## Results

- [x] done
- [ ] next

They fell. [Back up](#context)
"""
#: A generated page exists only later in the build: the worker cannot find it.
LINK_TO_GENERATED = "\nCompare with [eThekwini](../municipalities/eth.md).\n"
MISSING = "contains a link '../toolkits/missing.md', but the target 'toolkits/missing.md' is not found"


def build(library, caplog, *, ahead: bool, site: str, take_back: bool = False
          ) -> tuple[dict[str, bytes], dict, list[str]]:
    """Every HTML file the build wrote, the build's figures, and the warnings it logged. Unless told
    to take pages back, MkDocs waits for the worker: every page is converted there."""
    library.config_file.write_text(CONFIG.format(ahead=str(ahead).lower(),
                                                 take_back=str(take_back).lower()), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.INFO):
        result = build_site(library.config_file, library.root / site)
    stats = json.loads((library.root / ".lekgotla-cache" / "last-build.json").read_text(encoding="utf-8"))
    html = {p.relative_to(result.site_dir).as_posix(): p.read_bytes() for p in result.site_dir.rglob("*.html")
            if p.is_file()}  # a contributed folder may be named like a page (tests/hostile/image-under-html-folder)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    return html, stats, warnings


def with_body(body: str) -> str:
    front_matter = CASE_STUDY.split("\n---\n", 1)[0]
    return f"{front_matter}\n---\n{body}"


def test_pages_converted_ahead_are_the_pages_mkdocs_writes(library, caplog):
    library.write("case-studies/pressure-management.md", with_body(BODY))
    ahead, stats, warned = build(library, caplog, ahead=True, site="site-ahead")
    plain, plain_stats, plain_warned = build(library, caplog, ahead=False, site="site-plain")

    # Both case studies and the toolkit were converted in the worker, and nothing told them apart.
    assert stats["pages_converted_ahead"] == 3 and plain_stats["pages_converted_ahead"] == 0
    assert ahead.keys() == plain.keys()
    assert [page for page in plain if ahead[page] != plain[page]] == []
    page = ahead["case-studies/pressure-management/index.html"].decode()
    assert 'href="../../toolkits/benchmarking/#steps"' in page  # rewritten as MkDocs does
    assert '<td class="lk-align-right">2019</td>' in page  # and sanitized as the build does
    # The worker's warning about the broken link is logged once, as MkDocs logs it.
    assert [w for w in warned if MISSING in w] == [w for w in plain_warned if MISSING in w]
    assert len([w for w in warned if MISSING in w]) == 1

    # As a build runs by default: MkDocs converts the pages the worker has not started yet.
    shared, stats, warned = build(library, caplog, ahead=True, site="site-shared", take_back=True)
    assert stats["pages_converted_ahead"] + stats["pages_taken_back"] == 3
    assert [page for page in plain if shared[page] != plain[page]] == []
    assert len([w for w in warned if MISSING in w]) == 1


def test_a_page_whose_links_resolve_otherwise_in_the_site_is_converted_by_mkdocs(library, caplog):
    library.write("case-studies/pressure-management.md", with_body(BODY + LINK_TO_GENERATED))
    ahead, stats, warned = build(library, caplog, ahead=True, site="site-ahead")
    plain, _, plain_warned = build(library, caplog, ahead=False, site="site-plain")

    # The worker found no municipalities/eth.md and warned; MkDocs finds the generated page.
    assert stats["pages_converted_ahead"] == 2
    assert 'href="../../municipalities/eth/"' in ahead["case-studies/pressure-management/index.html"].decode()
    assert [page for page in plain if ahead[page] != plain[page]] == []
    assert warned == plain_warned and not [w for w in warned if "municipalities/eth.md" in w]


def test_hostile_markup_converted_ahead_is_stripped_as_mkdocs_strips_it(library, caplog):
    """Every markup payload of tests/hostile, built as if `check` had not run: the worker's
    sanitized HTML is the HTML the build writes without it (which the browser tests open)."""
    from test_hostile import MARKUP_CASES, lay_over
    from generator.reading.check_context import CheckContext

    for name in MARKUP_CASES:
        lay_over(library, name, rename=lambda relative, n=name: relative.replace("zz-hostile", f"hostile-{n}"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CheckContext, "untrusted", lambda self, file, data, lines: None)
        ahead, stats, _ = build(library, caplog, ahead=True, site="site-ahead")
        plain, _, _ = build(library, caplog, ahead=False, site="site-plain")
    assert stats["pages_converted_ahead"] >= len(MARKUP_CASES)
    assert [page for page in plain if ahead[page] != plain[page]] == []
