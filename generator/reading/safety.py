"""Contributed text is untrusted: find what could run code or load remote content, and strip it.

One rule, applied twice. The build passes every rendered page body through
``sanitize_html`` (an HTML5 allowlist sanitizer, see ``sanitize.py``);
``body_hazards`` renders a contributor's markdown the same way and names, with
its line, whatever that sanitizer would take out, so ``lekgotla check`` refuses
exactly what the build would strip. ``markdown_hazards`` is stricter and is
used for front-matter values, which are plain text: markup has no place there.
Images must be files of the library (``image_problem``).
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote

import markdown

from generator.reading.published_files import publish_problem
from generator.reading.sanitize import removals, sanitize_html, url_scheme  # noqa: F401  (the build's hook imports sanitize_html here)

#: Elements that run code, style the page or pull in another document.
UNSAFE_ELEMENTS = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
                             "link", "meta", "base"})
#: Attributes that hold a URL a browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "poster", "background", "data",
                            "srcset", "cite"})
UNSAFE_SCHEMES = ("javascript", "data", "vbscript")

_EVENT_HANDLER = re.compile(r"^on[a-z]+$")
_STYLE_LOADS = re.compile(r"url\s*\(|expression\s*\(|@import", re.I)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)[^`\n].*?\1")
# [text](url), ![alt](url) and reference definitions [id]: url
_MARKDOWN_LINK = re.compile(r"(!?)\[[^\]\n]*\]\(\s*<?([^)\s>]*)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(\s|$)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")


@dataclass(frozen=True)
class Hazard:
    line: int  # 1-based, within the text scanned
    reason: str


@dataclass(frozen=True)
class Image:
    line: int
    path: str


# C0 and C1 control characters other than tab and newline: invisible, and invalid in XML (feed.xml).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# Characters that make text read one way and be another: bidirectional overrides and isolates
# (a title reversed by U+202E) and invisible ones (zero-width spaces and joiners, word joiner,
# byte-order mark, soft hyphen, Mongolian vowel separator), which also hide words from search.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060-\u2064\ufeff\u00ad\u180e]")


def text_problems(value: str) -> list[Hazard]:
    """What is wrong with a plain-text value (a field, a registry cell): control, bidirectional and
    invisible characters, markup."""
    control = _CONTROL.search(value)
    if control:
        return [Hazard(1, f"a control character (U+{ord(control.group(0)):04X}) is not allowed in text")]
    for pattern, what in ((_BIDI, "a bidirectional control character"), (_INVISIBLE, "an invisible character")):
        found = pattern.search(value)
        if found:
            return [Hazard(1, f"{what} (U+{ord(found.group(0)):04X}) is not allowed in text: it makes the text "
                              "read otherwise than it is")]
    return costly_markup(value) or markdown_hazards(value)


def unsafe_url(url: str) -> bool:
    """True for ``javascript:``, ``data:`` and ``vbscript:`` URLs, however they are disguised."""
    return url_scheme(url) in UNSAFE_SCHEMES


def markdown_hazards(text: str) -> list[Hazard]:
    """Every hazard in a markdown text, in line order; code blocks and code spans are left alone."""
    visible = _mask_code(text)
    found = _HazardScanner.scan(visible)
    for number, line in enumerate(visible.split("\n"), start=1):
        for match in _MARKDOWN_LINK.finditer(line):
            if unsafe_url(match.group(2)):
                kind = "an image" if match.group(1) else "a link"
                found.append(Hazard(number, f"{kind} to a '{_scheme(match.group(2))}' URL can run code"))
        for link in (_REFERENCE.match(line), *_AUTOLINK.finditer(line)):
            if link and unsafe_url(link.group(1)):
                found.append(Hazard(number, f"a link to a '{_scheme(link.group(1))}' URL can run code"))
    return sorted(set(found), key=lambda h: (h.line, h.reason))


def body_hazards(text: str, extensions: tuple | None = None) -> list[Hazard]:
    """What the build's sanitizer would take out of ``text`` once rendered, each with its line.

    The markdown is rendered with the site's extensions and passed through the
    very ``sanitize_html`` the build uses, so the check and the build agree.
    """
    return hazards_in(render_markdown(text, DEFAULT_EXTENSIONS if extensions is None else extensions), text)


def has_raw_html(text: str) -> bool:
    """Whether markdown ``text`` writes any HTML of its own (a '<' outside code)."""
    return "<" in _mask_code(text)


def hazards_in(html: str, text: str) -> list[Hazard]:
    """What the build's sanitizer would take out of ``html``, rendered from ``text``, at the lines of ``text``."""
    masked, plain = _mask_code(text).split("\n"), text.split("\n")
    found = []
    for removal in removals(html):
        if removal.element == "img" and removal.attribute == "src" and not unsafe_url(removal.value):
            continue  # image_problem names the reason: another site, an absolute path...
        line = _line_of(masked, removal.needles) or _line_of(plain, removal.needles) or 1
        found.append(Hazard(line, removal.reason))
    return sorted(set(found), key=lambda h: (h.line, h.reason))


#: Markdown's inline patterns take time that grows with the square of a paragraph's
#: unmatched brackets (40,000 '[' took minutes): paragraphs with many, or a file
#: with many in all, are refused before rendering.
MAX_UNMATCHED = 20
MAX_UNMATCHED_IN_FILE = 400
MAX_BRACKETS = 1_000
MAX_NESTING = 4
_PAIRS = (("[", "]"), ("(", ")"), ("<", ">"))


def costly_markup(text: str) -> list[Hazard]:
    """Paragraphs whose brackets would make rendering take minutes, each at its first line."""
    found = []
    block: list[str] = []
    first, total = 1, 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            if not block:
                first = number
            block.append(line)
            continue
        if block:
            paragraph = "\n".join(block)
            for opening, closing in _PAIRS:
                opened, closed = paragraph.count(opening), paragraph.count(closing)
                total += max(0, opened - closed)
                if opened - closed > MAX_UNMATCHED or opened > MAX_BRACKETS:
                    found.append(Hazard(first, f"this paragraph has {opened:,} '{opening}' and {closed:,} "
                                               f"'{closing}'; more than {MAX_UNMATCHED} unmatched or "
                                               f"{MAX_BRACKETS:,} in all make it too slow to render"))
                    break
                if opening == "[" and _nesting(paragraph) > MAX_NESTING:
                    found.append(Hazard(first, f"brackets nested more than {MAX_NESTING} deep make this "
                                               "paragraph too slow to render"))
                    break
            if total > MAX_UNMATCHED_IN_FILE and not found:
                found.append(Hazard(first, f"more than {MAX_UNMATCHED_IN_FILE} unmatched brackets in the text "
                                           "so far make it too slow to render"))
            block = []
        if len(found) >= 10:
            break  # enough to show what is wrong
    return found


def _nesting(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]":
            depth = max(0, depth - 1)
    return deepest


def render_markdown(text: str, extensions: tuple) -> str:
    """``text`` as HTML, rendered as MkDocs renders a page body (with ``site_markdown_extensions``)."""
    md = _renderers.pop(extensions, None) or _renderer(extensions)
    html = md.reset().convert(text)
    # Kept for the next body only once this one rendered: a conversion that raised (or was stopped
    # at its time limit) may leave the parser's state half-way, so its instance is dropped.
    _renderers[extensions] = md
    return html


#: One Markdown instance per set of extensions in this process, reset between bodies: building one
#: (its extensions, parser and processors) was an eighth of checking a body, 2,100 times a national check.
_renderers: dict[tuple, markdown.Markdown] = {}


def _renderer(extensions: tuple) -> markdown.Markdown:
    names = [name for name, _ in extensions]
    configs = {name: dict(config) for name, config in extensions if config}
    return markdown.Markdown(extensions=names, extension_configs=configs)


#: The site's markdown extensions when there is no mkdocs.yml to read them from: MkDocs' own
#: (toc, tables, fenced_code) and those of the repository's mkdocs.yml that need no package of their own.
#: The extensions MkDocs adds to every mkdocs.yml's (MkDocsConfig.markdown_extensions.builtins;
#: tests/test_architecture.py holds the two equal, since this step may not import MkDocs).
MKDOCS_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
#: Markdown extensions with their options, as ((name, ((option, value), ...)), ...): hashable, so
#: they key the memo of checked bodies.
Extensions = tuple[tuple[str, tuple[tuple[str, Any], ...]], ...]
DEFAULT_EXTENSIONS: Extensions = (("toc", (("permalink", True),)), ("tables", ()), ("fenced_code", ()), ("admonition", ()),
                      ("attr_list", ()))


def site_markdown_extensions(entries: Iterable[object],
                             configs: Mapping[str, Mapping[str, Any]] | None = None) -> Extensions:
    """The extensions MkDocs renders pages with: its own (toc, tables, fenced_code: MkDocs adds them
    whatever mkdocs.yml says), then ``entries``, the ``markdown_extensions`` of mkdocs.yml as read once
    by the build or the commands (a name, or a name with its options; MkDocs' validated config gives
    the names, and the options in ``configs``, its ``mdx_configs``). Plain option values only: those
    that a body's check depends on, and that key the memo of checked bodies."""
    result = []
    for entry in entries:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, (configs or {}).get(str(entry)))
        options = options if isinstance(options, Mapping) else {}
        result.append((str(name), tuple(sorted((str(k), v) for k, v in options.items()
                                               if isinstance(v, (str, int, float, bool))))))
    known = dict(result)
    names = list(dict.fromkeys([*MKDOCS_BUILTIN_EXTENSIONS, *known]))
    return tuple((name, known.get(name, ())) for name in names)


def _line_of(lines: list[str], needles: tuple[str, ...]) -> int:
    for needle in needles:
        needle = needle.lower()
        for number, line in enumerate(lines, start=1):
            if needle and needle in line.lower():
                return number
    return 0


def markdown_images(text: str) -> list[Image]:
    """The images a markdown text shows: ``![alt](path)`` and ``<img src>``."""
    visible = _mask_code(text)
    images = [Image(number, match.group(2)) for number, line in enumerate(visible.split("\n"), start=1)
              for match in _MARKDOWN_LINK.finditer(line) if match.group(1)]
    images += _ImageScanner.scan(visible)
    return sorted(images, key=lambda i: i.line)


# ----- scanning ------------------------------------------------------------
class _HazardScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Hazard] = []

    @classmethod
    def scan(cls, text: str) -> list[Hazard]:
        scanner = cls()
        scanner.feed(text)
        scanner.close()
        # An element the parser did not see as a tag (say, left unclosed at
        # the end of the text) is still caught by name.
        for number, line in enumerate(text.split("\n"), start=1):
            for match in re.finditer(r"<\s*(" + "|".join(UNSAFE_ELEMENTS) + r")\b", line, re.I):
                scanner.found.append(Hazard(number, _element_reason(match.group(1).lower())))
        return scanner.found

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if tag in UNSAFE_ELEMENTS:
            self.found.append(Hazard(line, _element_reason(tag)))
        for name, value in attrs:
            reason = _attribute_reason(name, value or "")
            if reason:
                self.found.append(Hazard(line, reason))

    handle_startendtag = handle_starttag


class _ImageScanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[Image] = []

    @classmethod
    def scan(cls, text: str) -> list[Image]:
        scanner = cls()
        scanner.feed(text)
        scanner.close()
        return scanner.images

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.images.append(Image(self.getpos()[0], src))

    handle_startendtag = handle_starttag


def _element_reason(tag: str) -> str:
    return f"<{tag}> is not allowed: it can run code or load content from elsewhere"


def _attribute_reason(name: str, value: str) -> str:
    if _EVENT_HANDLER.match(name):
        return f"the attribute {name}= runs code"
    if name in URL_ATTRIBUTES and unsafe_url(value):
        return f"{name}= points at a '{_scheme(value)}' URL, which can run code"
    if name == "style" and _STYLE_LOADS.search(html.unescape(value)):
        return "a style= attribute that loads content is not allowed"
    return ""


#: Files a browser runs as a page or script when opened from the site's own address.
ACTIVE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".cjs", ".svg", ".svgz",
                             ".xml", ".xsl", ".xslt", ".swf", ".wasm", ".php"})
_SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._ -]{0,120}")


def active_type(path: str) -> str:
    """Why a file of this name may not be published (it would run on the site's origin), or ``""``."""
    suffix = Path(path.split("#", 1)[0].split("?", 1)[0]).suffix.lower()
    if suffix in ACTIVE_SUFFIXES:
        return (f"a {suffix} file can run script on the site when opened; "
                "publish it as PDF, an image (.png, .jpg) or plain text instead")
    return ""


def folder_problem(path: str) -> str:
    """Why a folder on the way to a published file may not have its name, or ``""``: one named like a
    page ('guide.html/') is read as a page by the tools that index the site (the build crashed)."""
    for part in Path(path.split("#", 1)[0].split("?", 1)[0]).parent.parts:
        suffix = Path(part).suffix.lower()
        if suffix in ACTIVE_SUFFIXES:
            return f"the folder '{part}' is named like a web page or script ({suffix}): rename the folder"
    return ""


def file_name_problem(path: str) -> str:
    """Why a published file's name could break out of the page that links it, or ``""``."""
    name = Path(path).name
    if not _SAFE_FILE_NAME.fullmatch(name):
        return f"the file name '{name}' may only use letters, digits, spaces, '.', '-' and '_'"
    return ""


def image_problem(path: str, page_dir: Path, content_root: Path) -> str:
    """Why the image at ``path`` (as written in a page in ``page_dir``) may not be shown, or ``""``."""
    if _is_remote(path):
        return "images must be files in the content folder, not on another site"
    if path.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:[\\/]", path):
        return "an absolute path; write it relative to this page, e.g. images/photo.jpg"
    if unsafe_url(path):
        return ""  # reported as a hazard already
    target = page_dir / unquote(path.split("#", 1)[0].split("?", 1)[0])
    folder = os.path.normpath(content_root.absolute())
    if os.path.commonpath([os.path.normpath(target.absolute()), folder]) != folder:
        return "the path leads outside the content folder"
    if target.is_symlink():
        return "a symbolic link; copy the picture itself into content/"
    if not target.is_file():
        return "there is no such file"
    if not target.resolve().is_relative_to(content_root.resolve()):
        return "a link that leads outside the content folder"
    relative = os.path.relpath(os.path.normpath(target.absolute()), folder).replace(os.sep, "/")
    return active_type(path) or folder_problem(path) or publish_problem("image", relative, target)


def _is_remote(url: str) -> bool:
    # A drive letter (C:\\) is a local path, not a scheme.
    return (len(url_scheme(url)) > 1 or url.lstrip().startswith("//")) and not unsafe_url(url)


def _scheme(url: str) -> str:
    return url_scheme(url) + ":"


def _mask_code(text: str) -> str:
    """Blank out fenced code blocks and code spans, keeping every line where it was."""
    lines = text.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = ""
            lines[index] = ""
        elif match:
            fence = match.group(1)
            lines[index] = ""
        else:
            lines[index] = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
    return "\n".join(lines)
