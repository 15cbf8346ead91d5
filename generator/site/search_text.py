"""A finished page's markup, made to read as sentences where Pagefind makes excerpts from it.

Pagefind ends a sentence after a paragraph, a list item, a table cell or a ``div``, but not after
a term or a description of a definition list, nor a table's header cell: the facts of a page
(``<dt>Municipality reviewed</dt><dd>Jozini</dd><dt>Dates</dt>…``) reached a search result as
"Municipality reviewedJozini Dates2025-10-14". Each term with its descriptions is wrapped in a
``div`` (which HTML allows in a ``dl``, and the stylesheet lays out as if it were not there), with a
space after the term, and a header cell is followed by a space: "Municipality reviewed Jozini. Dates 2025-10-14 to 2025-10-16."
"""

from __future__ import annotations

import re

# A definition list with no list inside it: its groups are wrapped without crossing into another.
_LIST = re.compile(r"(<dl\b[^>]*>)((?:(?!<dl\b|</dl>).)*)(</dl>)", re.S | re.I)
_GROUP = re.compile(r"<dt\b.*?</dt>\s*(?:<dd\b.*?</dd>\s*)+", re.S | re.I)
_HEADER_CELL = re.compile(r"</th>(?=<t[dh]\b)", re.I)
_TERM = re.compile(r"</dt>(?=<dd\b)", re.I)


def readable_for_search(html: str) -> str:
    html = _LIST.sub(lambda dl: dl.group(1) + _GROUP.sub(lambda group: f"<div>{_TERM.sub('</dt> ', group.group(0).rstrip())}</div>",
                                                        dl.group(2)) + dl.group(3), html)
    return _HEADER_CELL.sub("</th> ", html)
