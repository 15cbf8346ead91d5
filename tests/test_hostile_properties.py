"""Property-based: random hostile markup and front matter never cause a traceback or leave anything
executable. Example counts are modest (the machine is small); the build gets only a few examples."""

from __future__ import annotations

import html
import re
import shutil
import sys
import tempfile
import time
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException

from conftest import REPO

from generator.bounded import WALL_MARGIN
from generator.cli.build import build_site
from generator.model.library import load_library
from generator.reading.bodies import MAX_HTML_BYTES, RENDER_SECONDS
from generator.mkdocs_plugin.config import settings_of
from generator.reading.safety import DEFAULT_EXTENSIONS, body_hazards, render_markdown
from generator.reading.sanitize import sanitize_html

TOKENS = ["<script>", "</script>", "<img src=x ", "onerror=alert(1)", " onload=alert(1)", ">", "<", "/>", '"', "'",
          "<!--", "-->", "<!-->", "<![CDATA[", "]]>", "<noscript>", "</noscript>", "<xmp>", "</xmp>", "<textarea>",
          "</textarea>", "<title>", "</title>", "<svg>", "</svg>", "<math>", "<animate attributeName=href ",
          'values="javascript:alert(1)"', '<a href="', "java&#115;cript:", "javascript:", "data:text/html,",
          "java\tscript:", "&#x6A;avascript:", "<p ", 'style="background:url(https://evil.example/)"',
          'data-pagefind-meta="link:javascript:x"', "<iframe src=https://evil.example/>", "<style>", "</style>",
          "<video poster=https://evil.example/p>", "<input type=image src=https://evil.example/i>", "\n", "\n\n",
          "[x](javascript:alert(1))", "![y](data:image/svg+xml,x)", "{: onclick=alert(1) }", "> [r]: javascript:x",
          "[r]", "`", "    ", "<base href=https://evil.example/>", "<form action=https://evil.example/>",
          "<object data=x>", "<embed src=x>", "<meta http-equiv=refresh content=0;url=javascript:x>", "&", "\x00"]
SITE_EXTENSIONS = settings_of(REPO / "mkdocs.yml").extensions  # as the build and `lekgotla check` read them
MARKUP = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=4)), max_size=30).map("".join)
FORBIDDEN_ELEMENTS = {"script", "style", "iframe", "svg", "math", "object", "embed", "base", "meta", "form",
                      "video", "audio", "noscript", "xmp", "textarea", "title", "animate", "link", "frame"}
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]+")


class _Judge(HTMLParser):
    """Everything that could run or load: on* attributes, script-ish URLs, forbidden elements."""

    def __init__(self, theme: bool = False):
        super().__init__(convert_charrefs=True)
        self.theme = theme  # a whole page: the theme's own data-* attributes are fine
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_ELEMENTS:
            self.found.append(f"<{tag}>")
        # The one <input> allowed: a disabled checkbox, a checklist's box (no image button; a
        # disabled input with no type takes no text either).
        names = {name: value for name, value in attrs}
        if tag == "input" and not (names.get("type", "checkbox") == "checkbox" and "disabled" in names
                                   and set(names) <= {"type", "disabled", "checked", "tabindex"}):
            self.found.append("<input>")
        for name, value in attrs:
            plain = _IGNORED_IN_SCHEME.sub("", html.unescape(value or "")).lower()
            if name.startswith("on") or name == "style" or (name.startswith("data-") and not self.theme):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction", "poster", "srcset") and plain.startswith(
                    ("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")

    handle_startendtag = handle_starttag


def executable(markup: str, theme: bool = False) -> list[str]:
    judge = _Judge(theme)
    judge.feed(markup)
    judge.close()
    return judge.found


@settings(max_examples=200, deadline=None)
@given(MARKUP)
@example("<p <script><object data=x><p <script>")  # a paragraph inside one, once <object> was taken out
@example("<p><applet><p>x</applet>y")
@example("<p><marquee><p>x</marquee>y")
@example("<p><button><p>x</button>y")
@example("<p><select><p>x</select>y")
def test_sanitized_markup_holds_nothing_executable_and_is_stable(markup):
    clean = sanitize_html(markup)
    assert executable(clean) == []
    # Read again by the HTML5 parser, the output is what it was: no hidden markup left to surface.
    assert sanitize_html(clean) == clean


@settings(max_examples=80, deadline=None)
@given(MARKUP)
def test_check_never_fails_on_random_markdown_and_agrees_with_the_sanitizer(body):
    hazards = body_hazards(body, DEFAULT_EXTENSIONS)
    rendered = render_markdown(body, DEFAULT_EXTENSIONS)
    assert executable(sanitize_html(rendered)) == []
    if not hazards:
        assert executable(rendered) == []  # what check lets through was harmless before sanitizing


# Markdown as contributors write it, without raw HTML, with the edges of keeps_as_it_is: attribute
# lists, ids the sanitizer drops (_x, lk-, md-), links with and without schemes, entities, checklists,
# tables with alignment, admonitions of every kind, fenced code, letters that fold to ASCII.
PLAIN_TOKENS = ["# ", "## ", "### ", "#", "\n", "\n\n", "\n===\n", "\n---\n", "> ", "- ", "1. ", "* ", "- [ ] ",
                "- [x] ", "[", "]", "(", ")", "](", ":", "//", "!", "*", "_", "**", "`", "```\n", "```python\n", "    ",
                "|", " | ", "|:--|--:|\n", '"', "'", "lk", "md", "ｌｋ", "é", "?", "-", "=", "x", "word", "{: ", " }",
                ".md-button", ".note", "#lk-x", "#_y", "#ok", "onclick=x", "title=t", "data-x=1", "https://example.org/a",
                "javascript:x", "data:x", "mailto:a@b.c", "../images/a.png", "&amp;", "&#106;", "&", "!!! ", "!!! note ",
                "!!! md-dialog ", "??? tip ", "[TOC]", "\\", "tel:1", " ", "\t", "1", "_1"]
PLAIN_MARKDOWN = st.lists(st.one_of(st.sampled_from(PLAIN_TOKENS), st.text(alphabet="abcXYZ _-#:()[]!{}.=", max_size=3)),
                          max_size=24).map("".join)


@settings(max_examples=300, deadline=None)
@given(PLAIN_MARKDOWN)
@example("*[TOC]* ")  # found by a run: python-markdown writes <p><div class="toc">...</div></p>
def test_a_body_whose_tags_are_kept_as_they_are_has_nothing_the_sanitizer_removes(body):
    # check skips the full comparison (two parses) for such bodies: it must never wave through
    # what the comparison finds.
    from generator.reading.safety import has_raw_html
    from generator.reading.sanitize import keeps_as_it_is, removals

    for extensions in (SITE_EXTENSIONS, DEFAULT_EXTENSIONS):
        html = render_markdown(body, extensions)
        if not has_raw_html(body) and keeps_as_it_is(html):
            assert removals(html) == [], body


SCALARS = st.one_of(st.text(max_size=12), st.integers(-10**6, 10**6), st.floats(), st.booleans(), st.none(),
                    st.sampled_from([".nan", ".inf", "2022-02-30", "99999.0", "²⁰¹⁹", "'", '"', ": x", "- y",
                                     "&a", "*a", "!!python/object:os.system", "[", "{", "\x1b"]))
FIELD_NAMES = st.sampled_from(["title", "municipality", "service_area", "year", "summary", "tags", "outcomes",
                               "review", "contacts", "sources", "related", "networks", "indicators", "x"])


def _front_matter(fields: dict) -> str:
    return "".join(f"{name}: {value!s}\n" for name, value in fields.items())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(FIELD_NAMES, SCALARS, max_size=8), MARKUP)
def test_check_never_fails_on_random_front_matter(fields, body):
    from conftest import library as make_library

    root = Path(tempfile.mkdtemp(prefix="lk-prop-"))
    try:
        library = make_library.__wrapped__(root)
        library.write("case-studies/random.md", "---\n" + _front_matter(fields) + "---\n\n" + body + "\n")
        _, report = load_library(library.content)  # raises nothing: every problem is a finding
        assert all(f.path.startswith("content/") and f.line >= 1 for f in report.findings)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKUP, st.text(min_size=3, max_size=40))
def test_a_random_library_builds_when_check_passes_and_its_pages_run_nothing(body, title):
    from conftest import library as make_library

    root = Path(tempfile.mkdtemp(prefix="lk-prop-build-"))
    try:
        library = make_library.__wrapped__(root)
        library.edit("case-studies/mangaung-nrw.md", "title: Mangaung non-revenue water programme",
                     f"title: {title!r}" if "'" not in title else "title: Plain title")
        library.edit("case-studies/mangaung-nrw.md", "Mangaung replaced meters.\n", f"Mangaung replaced meters.\n\n{body}\n")
        _, report = load_library(library.content)
        if not report.ok:
            try:
                build_site(library.config_file, root / "site")
            except MkDocsException:
                return
            raise AssertionError("the build accepted what check refused")
        site = build_site(library.config_file, root / "site").site_dir
        page = (site / "case-studies" / "mangaung-nrw" / "index.html").read_text(encoding="utf-8")
        body_html = page.split('<div class="lk-body">', 1)[-1].split("</article>", 1)[0]
        assert executable(body_html, theme=True) == []
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ----- check and build agree on markdown's structure, in bounded time --------------------------------
# Deep nesting, long runs of markup characters and many headings: what made the build take
# minutes or crash while check, judging the body plain, passed it unrendered.
STRUCTURES = st.one_of(
    st.builds(lambda depth, marker: "".join("    " * i + marker + " x\n" for i in range(depth)),
              st.integers(0, 320), st.sampled_from(["-", "1.", "*", "+"])),
    st.builds(lambda depth: ">" * depth + " x\n", st.integers(0, 1_000)),
    st.builds(lambda run, times: run * times, st.sampled_from(["*a", "_a", "`", "\\", "[", "<", "&", "![", "](", "**",
                                                               "<div>", "#", "|", "- "]), st.integers(0, 30_000)),
    st.builds(lambda count: "".join(f"## Heading {i}\n\n" for i in range(count)), st.integers(0, 700)),
    MARKUP)
BODIES = st.lists(STRUCTURES, min_size=1, max_size=3).map("\n\n".join)


def _mkdocs_render(body: str) -> str:
    """The body as the build converts it: MkDocs' own Page.render with the site's configuration,
    then the build's sanitizer."""
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    config = _site_config()
    file = File("case-studies/random.md", str(REPO / "content"), str(REPO / "site"), True)
    page = Page(None, file, config)
    page.markdown = body
    # Python's own stack limit, as the build has it: Hypothesis raises it while a test runs.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        page.render(config, Files([file]))
    finally:
        sys.setrecursionlimit(limit)
    return sanitize_html(page.content)


@lru_cache(maxsize=1)
def _site_config():
    from mkdocs.config import load_config

    return load_config(str(REPO / "mkdocs.yml"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(BODIES)
@example("".join("    " * i + "1. x\n" for i in range(300)))  # a RecursionError in the build, once
@example("".join(f"# h{i}\n" for i in range(600)))
def test_what_check_accepts_the_build_renders_and_check_ends_within_its_bound(body):
    root = Path(tempfile.mkdtemp(prefix="lk-prop-body-"))
    try:
        shutil.copytree(_import_library() / "content", root / "content")
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")  # the site's markdown extensions
        (root / "content" / "case-studies" / "random.md").write_text(
            "---\ntitle: Random\nmunicipality: MAN\nservice_area: water\nyear: 2017\n"
            "summary: A random body for the test suite only, checked as a contributor's.\n---\n\n" + body + "\nEnd.\n",
            encoding="utf-8")
        started = time.monotonic()
        _, report = load_library(root / "content")
        assert time.monotonic() - started < RENDER_SECONDS * WALL_MARGIN + 10  # a stopped body is stopped in time
        if not report.ok:
            assert all(f.path.startswith("content/") and f.line >= 1 for f in report.errors)
            return  # refused, at its line: the build runs the same check and stops there
        cpu = time.process_time()
        html = _mkdocs_render(body + "\nEnd.\n")  # raises nothing: no RecursionError, no other crash
        assert time.process_time() - cpu < RENDER_SECONDS * 2
        assert len(html) <= MAX_HTML_BYTES * 1.1
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ----- imports ------------------------------------------------------------------------------------
CSV_CELLS = st.one_of(st.sampled_from(["MAN", "ETH", "WS5.1", "WS2.1", "2019", "2021", "33.5", "x", "", "=1+1",
                                       "\uff1dSUM(1)", "\"", "'", "\n", "é", "1e309", "nan", "2" * 5_000,
                                       "x" * 140_000]),
                      st.text(max_size=8))
CSV_FILES = st.tuples(
    st.lists(st.lists(CSV_CELLS, max_size=8), max_size=12),
    st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16", "bytes"]),
    st.binary(max_size=20))


def _content(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@lru_cache(maxsize=1)
def _import_library() -> Path:
    from conftest import library as make_library

    root = Path(tempfile.mkdtemp(prefix="lk-prop-import-"))
    make_library.__wrapped__(root)
    return root


@settings(max_examples=40, deadline=None)
@given(CSV_FILES)
@example(([["MAN", "WS5.1", "2021", "30.5", "Mangaung é"]], "latin-1", b""))
def test_a_random_csv_is_imported_or_refused_without_a_traceback_and_a_refusal_changes_nothing(csv_file):
    import csv
    import io

    from generator.cli.importer import import_values

    rows, encoding, noise = csv_file
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["municipality", "indicator", "year", "value", "note"], *rows])
    text = buffer.getvalue()
    data = noise + text.encode("utf-8") if encoding == "bytes" else text.encode(encoding, errors="replace")
    root = Path(tempfile.mkdtemp(prefix="lk-prop-csv-"))
    try:
        shutil.copytree(_import_library() / "content", root / "content")
        (root / "values.csv").write_bytes(data)
        before = _content(root / "content")
        result = import_values(root / "content", root / "values.csv")  # raises nothing
        assert all(f.line >= 1 for f in result.report.findings)
        if encoding == "latin-1" and not text.isascii():
            assert not result.report.ok  # never read as U+FFFD
        if not result.report.ok:
            assert _content(root / "content") == before
    finally:
        shutil.rmtree(root, ignore_errors=True)


XLSX_CELLS = st.tuples(st.sampled_from(["A", "B", "C", "D", "E", "Z", "AX", "XFD", "", "1"]),
                       st.sampled_from(["1", "2", "3", "1048576", "0", "", "99999999"]),
                       st.sampled_from(["n", "s", "inlineStr", "b", "str", "e", "bogus"]),
                       st.sampled_from(["MAN", "WS5.1", "2021", "30.5", "0", "7", "-1", "x", "", "&amp;", "1e309"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(XLSX_CELLS, max_size=15), st.sampled_from(["", "A1:XFD1048576", "A1:D2", "bogus"]),
       st.lists(st.sampled_from(["municipality", "indicator", "year", "value", "MAN", "WS5.1", "x"]), max_size=6),
       st.booleans())
def test_a_random_workbook_is_imported_or_refused_without_a_traceback_and_a_refusal_changes_nothing(
        cells, dimension, shared, broken):
    from test_hostile_imports import MAIN, workbook

    from generator.cli.importer import import_values

    header = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{n}</t></is></c>' for c, n in
                     zip("ABCD", ["municipality", "indicator", "year", "value"]))
    body = "".join(f'<row r="{row or 2}"><c r="{column}{row}" t="{kind}"><v>{value}</v></c></row>'
                   for column, row, kind, value in cells)
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = f'<worksheet xmlns="{MAIN}">{size}<sheetData><row r="1">{header}</row>{body}</sheetData></worksheet>'
    strings = f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{s}</t></si>" for s in shared) + "</sst>"
    root = Path(tempfile.mkdtemp(prefix="lk-prop-xlsx-"))
    try:
        shutil.copytree(_import_library() / "content", root / "content")
        book = workbook(root / "values.xlsx", xml[:-7] if broken else xml, strings)
        before = _content(root / "content")
        result = import_values(root / "content", book)  # raises nothing
        assert all(f.line >= 1 for f in result.report.findings)
        if not result.report.ok:
            assert _content(root / "content") == before
    finally:
        shutil.rmtree(root, ignore_errors=True)
