"""The abbreviations practitioners search with, and the long forms pages are written in.

A water engineer types "NRW"; a case study says "non-revenue water". Search
learns both: a page that uses either form is indexed with the other as well
(see generator/site/search_records.py), so each query finds what the other finds.
"""

from __future__ import annotations

import re

#: Abbreviation -> (its long form as the site writes it, a pattern for the long form's variants).
ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "NRW": ("non-revenue water", r"non[- ]?revenue water"),
    "LED": ("local economic development", r"local economic development"),
    "IDP": ("integrated development plan", r"integrated development plan"),
    "EPWP": ("Expanded Public Works Programme", r"expanded public works program"),
    "WSA": ("water services authority", r"water services? authorit"),
    "SDBIP": ("service delivery and budget implementation plan", r"service delivery and budget implementation plan"),
    "MIG": ("Municipal Infrastructure Grant", r"municipal infrastructure grant"),
}

# The abbreviation in capitals only ("LED", never the verb "led"); the long form in any case.
_PATTERNS = {abbreviation: (re.compile(rf"\b{abbreviation}s?\b"), re.compile(long_form, re.IGNORECASE))
             for abbreviation, (_, long_form) in ABBREVIATIONS.items()}

# A word every variant of the long form contains (none with an optional letter): a plain substring test rules most
# texts out before a case-blind pattern runs (that took 5 s over a national library).
_LONG_FORM_WORD = {abbreviation: max(re.findall(r"[a-z]+(?![?*a-z])", long_form), key=len)
                   for abbreviation, (_, long_form) in ABBREVIATIONS.items()}


def search_terms(text: str) -> str:
    """Both forms of every abbreviation ``text`` uses in either form: "NRW non-revenue water; ..."."""
    lowered = text.lower()
    found = [f"{abbreviation} {ABBREVIATIONS[abbreviation][0]}" for abbreviation, (short, long) in _PATTERNS.items()
             if (abbreviation in text and short.search(text))
             or (_LONG_FORM_WORD[abbreviation] in lowered and long.search(text))]
    return "; ".join(found)
