"""Property-based: random hostile markup and front matter never cause a traceback or leave anything
executable. Example counts are modest (the machine is small); the build gets only a few examples."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import MkDocsException

from conftest import REPO

from generator.cli.build import build_site
from generator.model.library import load_library
from generator.reading.safety import DEFAULT_EXTENSIONS, body_hazards, render_markdown, site_markdown_extensions
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
