"""Contributed content is untrusted input: `check` refuses what could run code or load
remote content, and the build strips it from the pages even when `check` was skipped."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from generator.reading.check_context import CheckContext
from generator.cli.build import build_site
from generator.model.library import load_library

CS = "case-studies/mangaung-nrw.md"
REPO = Path(__file__).resolve().parent.parent

# One line of body per kind of hazard: (markdown, what must not reach the page, words of the reason)
HAZARDS = {
    "script": ("<script>alert('pwned')</script>", "alert('pwned')", "<script> is not allowed"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "evil.example", "<iframe> is not allowed"),
    "object": ('<object data="https://evil.example/x.swf"></object>', "x.swf", "<object> is not allowed"),
    "embed": ('<embed src="https://evil.example/y.swf">', "y.swf", "<embed> is not allowed"),
    "style": ("<style>body { display: none }</style>", "display: none", "<style> is not allowed"),
    "onerror": ('<img alt="chart" onerror="alert(2)">', "alert(2)", "onerror= runs code"),
    "onclick": ('<p onclick="alert(3)">Click</p>', "alert(3)", "onclick= runs code"),
    "javascript link": ("[Report](javascript:alert(4))", "javascript:", "link to a 'javascript:' URL"),
    "disguised link": ('<a href="java&#115;cript:alert(5)">x</a>', "alert(5)", "'javascript:' URL"),
    "data image": ("![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)", "data:image", "image to a 'data:' URL"),
    "data link": ('<a href="data:text/html,<b>6</b>">x</a>', "data:text", "'data:' URL"),
    # A browser drops the tab and loads the picture from that host.
    "hidden remote image": ('<img alt="x" src="ht&#9;tp://evil.example/z.png">', "evil.example/z.png", "not on another site"),
}


def body_with(line: str) -> str:
    return f"---\ntitle: Mangaung meters\nmunicipality: MAN\nservice_area: water\nyear: 2017\n" \
           f"summary: Mangaung replaced meters and fixed leaks across the city.\n---\n\nIntro.\n\n{line}\n"


def errors(library):
    _, report = load_library(library.content)
    return report.errors


@pytest.mark.parametrize("kind", HAZARDS)
def test_check_rejects_each_kind_of_unsafe_html_with_file_line_and_reason(library, kind):
    markdown, _, reason = HAZARDS[kind]
    library.write(CS, body_with(markdown))
    found = errors(library)
    assert len(found) == 1, [f.as_text() for f in found]
    assert found[0].path == f"content/{CS}" and found[0].line == 11
    assert reason in found[0].message


def test_check_command_names_every_unsafe_line(library):
    library.write(CS, body_with("\n".join(markdown for markdown, _, _ in HAZARDS.values())))
    result = subprocess.run([sys.executable, "-m", "generator.cli.commands", "check"], cwd=library.root, text=True,
                            capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 1
    for line in range(11, 11 + len(HAZARDS)):
        assert f"content/{CS}:{line}: " in result.stdout
    assert "Traceback" not in result.stderr


def test_unsafe_html_in_front_matter_is_rejected_at_its_field(library):
    library.edit(CS, "title: Mangaung non-revenue water programme",
                 'title: "Mangaung <img src=x onerror=alert(1)>"')
    [error] = errors(library)
    assert error.line == 2 and error.field == "title" and "onerror=" in error.message


def test_code_examples_may_show_html(library):
    library.write(CS, body_with("Write `<script>` nowhere.\n\n    <iframe src=x></iframe>\n"))
    assert errors(library) == []


def test_a_fenced_code_block_is_code_for_check_as_for_the_build(library, tmp_path):
    # MkDocs always adds fenced_code, whatever mkdocs.yml lists: check renders with it too (it once
    # did not, and refused what the build shows as code).
    library.write(CS, body_with("```html\n<iframe src=x></iframe>\n```"))
    assert errors(library) == []
    site = build_site(library.config_file, tmp_path / "site").site_dir
    html = (site / "case-studies" / "mangaung-nrw" / "index.html").read_text(encoding="utf-8")
    assert "<code class=\"language-html\">&lt;iframe src=x&gt;&lt;/iframe&gt;" in html


def test_the_build_strips_every_hazard_even_when_check_is_skipped(library, monkeypatch):
    # As if a contributor's file reached the build without `lekgotla check`:
    # the validator does not look at raw HTML, so only the build's sanitizer stands.
    monkeypatch.setattr(CheckContext, "untrusted", lambda self, file, data, lines: None)
    library.write(CS, body_with("\n\n".join(markdown for markdown, _, _ in HAZARDS.values())))
    library.edit("case-studies/pressure-management.md", "summary: eThekwini",
                 "summary: <script>alert('head')</script> eThekwini")
    site = build_site(library.config_file, library.root / "site").site_dir
    html = (site / "case-studies" / "mangaung-nrw" / "index.html").read_text(encoding="utf-8")
    body = html.split('<div class="lk-body">', 1)[1].split("</article>", 1)[0]
    assert "Intro." in body and "Click" in body and "Report" in body  # the text stays
    for kind, (_, leftover, _) in HAZARDS.items():
        assert leftover not in body, kind
    assert "<script>alert('head')" not in (site / "case-studies" / "pressure-management" / "index.html").read_text()


# ----- paths -----------------------------------------------------------------
@pytest.mark.parametrize("path, reason", [
    ("../../../etc/passwd", "leads outside the content folder"),
    ("/etc/passwd", "an absolute path"),
    ("C:\\Users\\me\\photo.jpg", "an absolute path"),
    ("https://tracker.example/pixel.gif", "not on another site"),
    ("//tracker.example/pixel.gif", "not on another site"),
    ("images/missing.png", "no such file"),
])
def test_images_must_be_files_inside_the_content_folder(library, path, reason):
    library.write(CS, body_with(f"![Before and after]({path})"))
    [error] = errors(library)
    assert error.line == 11 and f"image '{path}'" in error.message and reason in error.message


def test_raw_html_images_are_checked_too(library):
    library.write(CS, body_with('<img src="../../secret.png" alt="x">'))
    [error] = errors(library)
    assert "leads outside the content folder" in error.message


def test_an_image_in_the_content_folder_is_fine(library):
    library.write("images/meters.png", b"\x89PNG\r\n\x1a\n")
    library.write(CS, body_with("![New meters](../images/meters.png)"))
    assert errors(library) == []


def test_a_symbolic_link_leaving_the_repository_is_refused(library, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "photo.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    (library.content / "images").mkdir()
    (library.content / "images" / "photo.png").symlink_to(outside)
    library.write(CS, body_with("![Photo](../images/photo.png)"))
    link, image = errors(library)
    assert link.path == "content/images/photo.png" and "a symbolic link" in link.message
    assert image.line == 11 and "a symbolic link" in image.message


def test_a_download_that_is_a_symbolic_link_out_is_refused(library, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.csv"
    outside.write_text("secret\n")
    (library.content / "toolkits" / "files" / "template.csv").unlink()
    (library.content / "toolkits" / "files" / "template.csv").symlink_to(outside)
    link, error = errors(library)
    assert link.path == "content/toolkits/files/template.csv" and "a symbolic link" in link.message
    assert error.field == "files[0].path" and "is a symbolic link" in error.message


# ----- size and expansion: refused before they can cost time or memory --------
def check_with_little_memory(root: Path) -> subprocess.CompletedProcess:
    """`lekgotla check` limited to 1 GB of memory: an exploding document would die, not pass."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    return subprocess.run([sys.executable, "-m", "generator.cli.commands", "check"], cwd=root, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)},
                          preexec_fn=limit, timeout=120)


def test_an_oversized_file_is_refused_before_parsing(library):
    filler = "Water. " * 300_000  # 2.1 MB of body
    library.write(CS, body_with(filler))
    result = check_with_little_memory(library.root)
    assert result.returncode == 1
    assert f"content/{CS}:1: file is 2,100,1" in result.stdout and "the limit is 1,000,000" in result.stdout


def test_exploding_yaml_aliases_in_front_matter_are_refused(library):
    laughs = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n"
                     for i in range(1, 30))
    library.write(CS, "---\nl0: &l0 [lol]\n" + laughs + "title: x\n---\nBody\n")
    result = check_with_little_memory(library.root)
    assert result.returncode == 1
    assert f"content/{CS}:2: YAML anchors and aliases (& and *) are not allowed" in result.stdout
    assert "Traceback" not in result.stderr


def test_table_alignment_passes_check_and_reaches_the_page_without_an_inline_style(library, tmp_path):
    # Markdown writes |---:| as style="text-align: right"; the CSP forbids inline styles.
    library.config_file.write_text(library.config_file.read_text() + "markdown_extensions:\n  - tables\n")
    library.write(CS, body_with("| Year | Loss |\n|:-----|-----:|\n| 2017 | 41 % |"))
    assert errors(library) == []
    site = build_site(library.config_file, tmp_path / "site").site_dir
    page = (site / "case-studies" / "mangaung-nrw" / "index.html").read_text(encoding="utf-8")
    assert '<td class="lk-align-right">41 %</td>' in page and "text-align" not in page


def test_a_large_library_is_checked_across_processes_with_the_same_findings(library):
    # Enough case studies that their bodies are checked in worker processes, with
    # hazards in several of them: each is still named with its own file and line.
    hostile = {5: "script", 40: "onclick", 77: "javascript link"}
    for n in range(80):
        line = HAZARDS[hostile[n]][0] if n in hostile else f"Meters were read in ward {n}."
        library.write(f"case-studies/mangaung-nrw-{n}.md", body_with(line).replace(
            "title: Mangaung meters", f"title: Mangaung meters {n}"))
    found = sorted((f.path, f.line, f.message) for f in errors(library))
    assert [(path, line) for path, line, _ in found] == [
        (f"content/case-studies/mangaung-nrw-{n}.md", 11) for n in sorted(hostile, key=str)]
    for (_, _, message), n in zip(found, sorted(hostile, key=str)):
        assert HAZARDS[hostile[n]][2] in message


def test_an_edited_body_is_checked_again_though_the_cache_knows_its_old_text(library):
    from generator.model.library_cache import load_library_cached

    library.write(CS, body_with("Intro."))
    cache = library.root / ".cache"
    assert not load_library_cached(library.content, cache)[1].errors
    library.write("toolkits/extra.md", "")  # the library changed, the case study did not
    library.write(CS, body_with(HAZARDS["onclick"][0]))
    errors_after_edit = load_library_cached(library.content, cache)[1].errors
    assert [(f.path, f.line) for f in errors_after_edit if "onclick" in f.message] == [(f"content/{CS}", 11)]


def test_bodies_are_checked_with_the_markdown_extensions_of_the_librarys_mkdocs_yml(library):
    # The check renders a body as the build will, with mkdocs.yml's extensions, read once into the
    # settings: without attr_list, "{: onclick=... }" is text on the page, with it an attribute that
    # runs code. The library cache holds a verdict per set of extensions, never one for another.
    from generator.mkdocs_plugin.config import settings_of
    from generator.model.library_cache import load_library_cached

    library.write(CS, body_with('Click here\n{: onclick="alert(1)" }'))
    cache = library.root / ".cache"
    assert not load_library_cached(library.content, cache, extensions=settings_of(library.config_file).extensions)[1].errors
    library.config_file.write_text(library.config_file.read_text() + "markdown_extensions:\n  - attr_list\n")
    found = load_library_cached(library.content, cache, extensions=settings_of(library.config_file).extensions)[1].errors
    assert [(f.path, f.line, f.message) for f in found] == [(f"content/{CS}", 12, "the attribute onclick= runs code")]
