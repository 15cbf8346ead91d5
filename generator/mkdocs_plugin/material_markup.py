"""Small changes to mkdocs-material's markup, made without copying its templates.

A copied template silently goes stale when mkdocs-material is upgraded; these
changes are made to the rendered page instead (or, for the header, around the
``header`` block), and tests/test_material.py fails loudly if an upgrade changes
the markup they expect.

- The two toggle checkboxes of base.html (``__drawer``, ``__search``) carry
  ``autocomplete="off"``, an attribute the HTML standard does not allow on a
  checkbox (Nu HTML Checker error); the inputs sit outside any block.
- The search input of partials/search.html carries ``autocorrect="off"``, a
  Safari-only attribute the standard does not allow (only with material's own
  search, as in the offline build).
- partials/toc.html labels the table of contents ``for="__toc"``, a checkbox that
  only exists on pages in the navigation; our generated pages are reached
  through index pages, and a label pointing at nothing is an HTML error and
  confuses screen readers, so there the title is plain text.
- The header carries Lekgotla's search form where material's own search would be
  (see ``with_header_search``, used by generator/theme/main.html).
- mkdocs-material's script wraps each table of a page's text in a box that scrolls sideways
  on a phone, which a keyboard cannot reach (axe: scrollable-region-focusable). Tables of
  contributed text are given, when built, a wrapper like the one our templates give theirs: a
  region that takes focus, named by its caption or its place on the page (``focusable_tables``).
- A plain entry of the navigation or the table of contents (a link and its title) is written
  on one line without the ``md-ellipsis`` wrapper around its title: 19 entries a page were
  about 700 bytes of wrapping and line breaks, 2 MB of a national site. A long title wraps
  instead of ending in "...".
"""

from __future__ import annotations

import re

from markupsafe import Markup

#: (as mkdocs-material writes it, as we publish it)
REPLACEMENTS = (
    ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">',
     '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'),
    ('<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">',
     '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search">'),
    ('autocapitalize="off" autocorrect="off" autocomplete="off"', 'autocapitalize="off" autocomplete="off"'),
)
TOC_LABEL = re.compile(
    r'<label class="md-nav__title" for="__toc">\s*<span class="md-nav__icon md-icon"></span>\s*(.*?)\s*</label>', re.S)
TOC_TOGGLE = 'id="__toc"'
NAV_ENTRY = re.compile(r'<li class="md-nav__item">\s*<a href="([^"<>]*)" class="md-nav__link">\s*'
                       r'<span class="md-ellipsis">\s*([^<>]*?)\s*</span>\s*</a>\s*</li>')
HEADER_SOURCE = '<div class="md-header__source">'
HEADER_END = "</nav>"


def correct_material_markup(html: str) -> str:
    for theirs, ours in REPLACEMENTS:
        html = html.replace(theirs, ours, 1)
    if TOC_TOGGLE not in html:
        html = TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', html, count=1)
    return NAV_ENTRY.sub(r'<li class="md-nav__item"><a href="\1" class="md-nav__link">\2</a></li>', html)


TABLE_START = re.compile(r"<table(?=[\s>])")
TABLE_CAPTION = re.compile(r"<table[^>]*>\s*<caption[^>]*>(.*?)</caption>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def focusable_tables(html: str) -> str:
    """Each table of a page's text in a region that takes focus, so that one wider than a phone
    can be scrolled from the keyboard; named by its caption, else by its number on the page."""
    if "<table" not in html:
        return html
    count = html.count("<table")
    parts = TABLE_START.split(html)
    result = [parts[0]]
    for number, rest in enumerate(parts[1:], start=1):
        caption = TABLE_CAPTION.match("<table" + rest)
        name = " ".join(_TAGS.sub("", caption.group(1)).split()).replace('"', "&quot;") if caption else (
            "Table" if count == 1 else f"Table {number} of {count}")
        result.append(f'<div class="lk-scroll" tabindex="0" role="region" aria-label="{name} '
                      f'(scrolls sideways on small screens)"><table{rest}')
    return "".join(result).replace("</table>", "</table></div>")


def with_header_search(header: str, form: str) -> Markup:
    """Material's header with our search form where its own search would be: before the
    repository link, or else at the end of the header bar. Both arguments are rendered HTML."""
    anchor = HEADER_SOURCE if HEADER_SOURCE in header else HEADER_END
    return Markup(str(header).replace(anchor, f"{form}\n{anchor}", 1))
