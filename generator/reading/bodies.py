"""Contributors' markdown bodies checked by rendering them as the build does, within bounds.

Every body (case studies, toolkits, people, research, peer reviews) is rendered with the
markdown extensions MkDocs uses for the site (``safety.site_markdown_extensions``) and
passed through the build's sanitizer; the check reports what the sanitizer would remove.
Nothing is waved through unrendered: a body that `check` accepts is one the build has
already been seen to render, in bounded time.

The bounds are the check's, and so the build's (which runs the check first):

- structure, before rendering, each at its line: lists and quotes nested more than
  ``MAX_NESTING`` deep (a list nested 300 deep exhausted Python's stack in the build), HTML
  elements more than ``MAX_HTML_DEPTH``, more than ``MAX_HEADINGS`` headings (150,000 made a 25 MB page, and the table of
  contents takes time that grows with their square);
- the output: at most ``MAX_HTML_BYTES`` of HTML;
- time: each body is rendered in a worker process with ``RENDER_SECONDS`` of CPU time
  (``generator.bounded``); 900 KB of ``*a`` took 115 s in the build.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass

from generator.bounded import BoundedRun, Unfinished, start_bounded
from generator.reading.safety import (Hazard, Image, costly_markup, has_raw_html, hazards_in, markdown_images,
                                     render_markdown)
from generator.reading.sanitize import keeps_as_it_is

#: Lists and block quotes within each other: more is refused (Python's stack ends near 300).
MAX_NESTING = 20
#: HTML elements written within each other: browsers' parsers (and the sanitizer's) slow down
#: with the square of the depth (100,000 nested <div>s took minutes).
MAX_HTML_DEPTH = 100
#: Headings in one body: a page with more is not a case study.
MAX_HEADINGS = 500
#: The HTML one body may become.
MAX_HTML_BYTES = 2_000_000
#: CPU seconds to render and sanitize one body: a library's largest legitimate page (1 MB of
#: prose) takes about 0.3 s.
RENDER_SECONDS = 3.0

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
# One level of nesting at the start of a line: a quote marker, or a list marker after its indentation.
_QUOTE = re.compile(r"\s{0,3}>\s?")
_LIST_ITEM = re.compile(r"(\s*)([-*+]|[0-9]{1,9}[.)])(\s+|$)")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")


@dataclass(frozen=True)
class BodyCheck:
    """What checking a markdown body found; lines are within the body."""

    costly: tuple[Hazard, ...]  # too slow, too large or too deep to render: nothing else is checked then
    hazards: tuple[Hazard, ...]  # what the sanitizer would take out
    images: tuple[Image, ...]  # the pictures it shows, for image_problem (which reads the disk)
    #: Stopped in its worker (time, depth or memory): a verdict of how busy the machine was as much as of
    #: the text, so it is kept neither in the memo nor as the library's cached verdict.
    stopped: bool = False


def check_body(text: str, extensions: tuple) -> BodyCheck:
    """Every check of a markdown body that depends on its text alone: run in a bounded worker
    (``check_bodies``), where it may be stopped."""
    costly = costly_markup(text) or structure_problems(text)
    if costly:
        return BodyCheck(tuple(costly), (), ())
    html = render_markdown(text, extensions)
    if len(html) > MAX_HTML_BYTES:
        return BodyCheck((Hazard(longest_paragraph(text), f"the text becomes {len(html) / 1e6:.1f} MB of HTML; a page may be at most "
                                    f"{MAX_HTML_BYTES / 1e6:.0f} MB"),), (), ())
    # Rendered from text without raw HTML, whose tags the sanitizer keeps as they are: nothing to remove.
    plain = not has_raw_html(text) and keeps_as_it_is(html)
    return BodyCheck((), () if plain else tuple(hazards_in(html, text)), tuple(markdown_images(text)))


#: Checks done in this process, by the text's hash and the extensions, newest last: a build checks
#: again what `check` checked a moment before (its forked child inherits them), as do the tests.
_done: OrderedDict[tuple[str, tuple], BodyCheck] = OrderedDict()
_DONE_KEPT = 10_000


def known_check(text: str, extensions: tuple) -> BodyCheck | None:
    """The check of ``text`` done before in this process, if any."""
    return _done.get((_digest(text), extensions))


def remember_check(text: str, extensions: tuple, found: BodyCheck) -> None:
    _done[(_digest(text), extensions)] = found
    while len(_done) > _DONE_KEPT:
        _done.popitem(last=False)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def check_bodies(texts: list[str], extensions: tuple) -> BoundedRun:
    """``check_body`` of each text, started in worker processes with its time limit; ``results()``
    gives a BodyCheck for each, one that could not be rendered in time included."""
    return start_bounded(_check_one, [(text, extensions) for text in texts], RENDER_SECONDS)


def unfinished_check(text: str, unfinished: Unfinished) -> BodyCheck:
    """The BodyCheck of a body whose check was stopped."""
    if unfinished.reason == "time":
        reason = (f"the text takes more than {RENDER_SECONDS:.0f} s to render (stopped): markdown this slow would "
                  "hold up every build; look for long runs of *, _, `, \\, [ or <, or split the text")
        return BodyCheck((Hazard(longest_paragraph(text), reason),), (), (), stopped=True)
    if unfinished.reason == "recursion":
        return BodyCheck((Hazard(_deepest_line(text), "the text is nested too deeply to render"),), (), (), stopped=True)
    return BodyCheck((Hazard(longest_paragraph(text), f"the text cannot be rendered ({unfinished.reason})"),), (), (),
                     stopped=True)


def longest_paragraph(text: str) -> int:
    """The first line of the longest paragraph: where a text too slow or too large to render most
    likely has its trouble, since rendering is shown no line."""
    best, best_size, first, size = 1, -1, 1, 0
    for number, line in enumerate([*text.split("\n"), ""], start=1):
        if line.strip():
            first, size = (number, 0) if size == 0 else (first, size)
            size += len(line) + 1
            continue
        if size > best_size:
            best, best_size = first, size
        size = 0
    return best


def _check_one(item: tuple[str, tuple]) -> BodyCheck:
    return check_body(*item)


def structure_problems(text: str) -> list[Hazard]:
    """Nesting and headings beyond the limits, each at the first line past its limit."""
    found: list[Hazard] = []
    headings, fence, html_depth = 0, "", 0
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        fence, in_code = _fenced(line, fence)
        if in_code:
            continue
        depth = nesting(line)
        if depth > MAX_NESTING and not any("nested" in h.reason for h in found):
            found.append(Hazard(number, f"lists and quotes are nested {depth} deep here; at most {MAX_NESTING} levels "
                                        "can be rendered"))
        if "<" in line and html_depth <= MAX_HTML_DEPTH:
            html_depth = _html_depth(line, html_depth)
            if html_depth > MAX_HTML_DEPTH:
                found.append(Hazard(number, f"HTML elements are nested more than {MAX_HTML_DEPTH} deep here"))
        previous = lines[number - 2] if number > 1 else ""
        if _ATX_HEADING.match(line) or (_SETEXT_UNDERLINE.match(line) and previous.strip()):
            headings += 1
            if headings == MAX_HEADINGS + 1:
                found.append(Hazard(number, f"more than {MAX_HEADINGS} headings; a page may have at most "
                                            f"{MAX_HEADINGS}"))
    return found


def nesting(line: str) -> int:
    """How many lists and quotes a line sits in, as far as its start shows: quote markers, and
    list levels by indentation (four columns each, as markdown nests them) and marker."""
    depth, at = 0, 0
    while True:
        quote = _QUOTE.match(line, at)
        if quote and quote.end() > at:
            depth, at = depth + 1, quote.end()
            continue
        item = _LIST_ITEM.match(line, at)
        if item:
            indent = len(item.group(1).expandtabs(4))
            depth, at = depth + 1 + indent // 4, item.end()
            continue
        return depth


def _html_depth(line: str, depth: int) -> int:
    """The depth of HTML elements after ``line``, counted naively (an end tag closes one level);
    stops counting once past the limit."""
    for match in _TAG.finditer(line):
        closing, name, self_closing = match.groups()
        if closing:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            if depth > MAX_HTML_DEPTH:
                break
    return depth


def _fenced(line: str, fence: str) -> tuple[str, bool]:
    """(the open fence after this line, whether this line is code of a fenced block)."""
    match = _FENCE.match(line)
    if fence:
        if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
            return "", True
        return fence, True
    if match:
        return match.group(1), True
    return "", False


def _deepest_line(text: str) -> int:
    depths = [nesting(line) for line in text.split("\n")]
    return depths.index(max(depths)) + 1 if depths else 1
