"""Trim the indentation templates leave in every page: readers pay for each byte.

Only the whitespace at the start of lines and empty lines go. Inside <pre>,
<textarea> and <script> whitespace can matter, so those are left exactly as
they are. The newline itself stays, so words never run together.
"""

from __future__ import annotations

import re

KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2\s*>)", re.S | re.I)
INDENTED_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


def trim_indentation(html: str) -> str:
    pieces = KEEP.split(html)
    # split() yields text, kept block, its tag name, text, ...: trim the text only.
    for index in range(0, len(pieces), 3):
        pieces[index] = INDENTED_LINES.sub("\n", pieces[index])
    return "".join(piece for i, piece in enumerate(pieces) if i % 3 != 2)
