"""How to cite a research output: plain text and BibTeX, both built from its fields."""

from __future__ import annotations

import re
import unicodedata

from generator.model.connections import ResearchOutput

BIBTEX_TYPES = {"article": "article", "thesis": "phdthesis", "dataset": "misc", "report": "techreport",
                "working-paper": "techreport", "policy-brief": "techreport"}
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def plain_citation(output: ResearchOutput) -> str:
    """e.g. Letsoalo, K. and Ramaphakela, M. (2024). Title. University of Limpopo. https://doi.org/…"""
    parts = [f"{_authors(output.authors, ', ')} ({output.year}). {output.title.rstrip('.')}.", f"{output.institution}."]
    if output.address:
        parts.append(output.address)
    return " ".join(parts)


def bibtex(output: ResearchOutput) -> str:
    kind = BIBTEX_TYPES.get(output.kind, "misc")
    fields = [("title", output.title), ("author", " and ".join(output.authors)), ("year", str(output.year)),
              ("journal" if kind == "article" else "school" if kind == "phdthesis" else "institution",
               output.institution)]
    if output.doi:
        fields.append(("doi", output.doi))
    if output.address:
        fields.append(("url", output.address))
    body = ",\n".join(f"  {name} = {{{_escape(value)}}}" for name, value in fields)
    return f"@{kind}{{{citation_key(output)},\n{body}\n}}"


def citation_key(output: ResearchOutput) -> str:
    """surname + year + first word of the title, in ASCII: letsoalo2024ward."""
    surname = output.authors[0].split(",")[0] if output.authors else "anon"
    word = next((w for w in re.findall(r"[A-Za-z]+", _ascii(output.title)) if len(w) > 3), "")
    return re.sub(r"[^a-z0-9]", "", _ascii(surname).lower()) + str(output.year) + word.lower()


def _authors(authors: list[str], separator: str) -> str:
    if len(authors) <= 1:
        return "".join(authors)
    return separator.join(authors[:-1]) + " and " + authors[-1]


def _escape(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "\\^~" else " ", value)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
