"""The words officials search with, and the words the library's pages are written in.

A councillor types "youth jobs"; the practice says "Expanded Public Works Programme". A water
engineer types "NRW"; the case study says "non-revenue water". The library keeps a curated list
of such words (content/search-synonyms.yaml, reviewed like any content), and the search index is
built with it: a page whose text uses a phrase of a group is indexed with the group's phrases
as well (see generator/site/search_records.py), so a search in either words finds it.

A phrase written in capitals ("NRW", "LED") matches only in capitals, never the verb "led"; any
other phrase matches in any case, with hyphens or spaces between its words and a plural ending.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.model.entities import SynonymGroup

_WORD = re.compile(r"[A-Za-z0-9]+")


def _stem(word: str) -> str:
    """A word without its plural ending, for a quick test that a phrase may be in a text."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class _Phrase:
    stems: frozenset[str]
    pattern: re.Pattern


def _phrase(text: str) -> _Phrase:
    words = _WORD.findall(text)
    capitals = text == text.upper()
    between = r"[^A-Za-z0-9]+" if capitals else r"[\s\-/]+"
    body = between.join(re.escape(w) for w in words)
    if not capitals:
        # A plural ending: "settlement" finds "settlements", "authority" finds "authorities".
        body = body[:-1] + r"(?:y|ies)" if words[-1].lower().endswith("y") else body + r"(?:s|es)?"
    else:
        body += "s?"
    return _Phrase(frozenset(_stem(w) for w in words),
                   re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])", 0 if capitals else re.IGNORECASE))


class SearchVocabulary:
    """The library's synonym groups, ready to find in a page's text."""

    def __init__(self, groups: list[SynonymGroup]):
        self.groups = [(group, [_phrase(p) for p in (*group.same, *group.also)]) for group in groups]

    def found_in(self, text: str) -> list[SynonymGroup]:
        """The groups ``text`` uses a phrase of, in the list's order."""
        if not self.groups:  # a library without synonyms: no word of its 2,000 case studies to look at
            return []
        # Each distinct word stemmed once: a case study's 1,500 words are some 500 (1.5 -> 0.9 s at national scale).
        stems = {_stem(w) for w in set(_WORD.findall(text))}
        return [group for group, phrases in self.groups
                if any(p.stems <= stems and p.pattern.search(text) for p in phrases)]

    def terms(self, subject: str, text: str = "") -> tuple[str, str]:
        """The words a page should also be found by, as the ``same`` phrases of each group it uses
        ("NRW, non-revenue water; youth jobs, youth employment"): those its ``subject`` (title,
        summary) uses, which say what the page is about, and those only the rest of its ``text`` uses."""
        about = self.found_in(subject)
        mentioned = [group for group in self.found_in(text) if group not in about] if text else []
        return _words(about), _words(mentioned)


def _words(groups: list[SynonymGroup]) -> str:
    return "; ".join(", ".join(group.same) for group in groups)
