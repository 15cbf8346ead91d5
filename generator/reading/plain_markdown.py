"""Whether a markdown body can be checked without rendering it (``renders_plainly``).

``safety.check_body`` renders each contributor's body and passes it through the build's sanitizer
to report what it would remove; that rendering was most of a cold load (10 ms a body). A body
with nothing the sanitizer could change needs none of it: this says, conservatively, which.
"""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify as toc_slugify

#: The extensions whose output ``renders_plainly`` knows: with any other, every body is rendered to check it.
_KNOWN_EXTENSIONS = frozenset({"admonition", "attr_list", "tables", "toc", "pymdownx.tasklist",
                               "generator.mkdocs_plugin.checklist"})
_KNOWN_OPTIONS = {"toc": frozenset({"permalink", "title", "toc_depth"}), "pymdownx.tasklist": frozenset({"custom_checkbox"})}
# Raw HTML, entities, attribute lists, escapes, the [TOC] marker, admonitions, reference definitions
# ("]:", in a quote or a list too), and characters a browser's parser drops or replaces.
_NEEDS_RENDERING = re.compile(r"[<&{}\\\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\[TOC\]|^\s*(!!!|\?\?\?)|\]:", re.M)
_HTTP = re.compile(r"https?://", re.I)
# Block quotes and list items around a line: a heading may be inside them.
_CONTAINERS = re.compile(r"^(?:\s*(?:>|[-*+](?=\s)|\d+[.)](?=\s)))*\s*")
_SETEXT_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
_LINK_PART = re.compile(r"\]\([^)\n]*\)?|[\[\]!]")
_PROTOCOL_RELATIVE = re.compile(r"\]\(\s*//")  # a link to another host without a scheme
_HEADING_TEXT = re.compile(r"#+([^#\n]*)")  # what follows any "#": a heading, however written
# The ids sanitize_html drops (see _keep_attribute in sanitize.py), as a heading's id would start.
_DROPPED_ID = re.compile(r"^(_|lk|md)", re.I)


def renders_plainly(text: str, extensions: tuple) -> bool:
    """True when ``text`` rendered with ``extensions`` cannot hold anything ``sanitize_html`` changes,
    so ``body_hazards`` need not render it (most bodies: rendering was most of a cold check).

    Plain means: no raw HTML, entity, attribute list or escape; links only to http(s) or relative
    addresses; every heading with an id the sanitizer keeps. Conservative: False sends the body to
    the full check. tests/test_hostile_properties.py compares the two on random markdown.
    """
    for name, options in extensions:
        if name not in _KNOWN_EXTENSIONS or {k for k, _ in options} - _KNOWN_OPTIONS.get(name, frozenset()):
            return False
    if _NEEDS_RENDERING.search(text):
        return False
    raw = text.split("\n")
    lines = [_CONTAINERS.sub("", line, count=1) for line in raw]
    for index, line in enumerate(lines):
        if "](" in line and (":" in _HTTP.sub("", line) or _PROTOCOL_RELATIVE.search(line)):
            return False  # a link with a scheme other than http(s), or to another host without one
        titles = _HEADING_TEXT.findall(line)
        underline = _SETEXT_UNDERLINE.match(line) or _SETEXT_UNDERLINE.match(raw[index].strip())  # "- " is one too
        if index and underline and raw[index - 1]:  # " " or "> " above "===" makes an empty heading
            titles.append(lines[index - 1])
        for title in titles:
            slug = toc_slugify(_LINK_PART.sub("", title), "-")
            if not slug or _DROPPED_ID.match(slug):
                return False
    return True
