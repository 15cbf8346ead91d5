"""How to cite a research output: plain text and BibTeX, both built from its fields.

The BibTeX entry type follows the output's kind, with the fields a reference manager
expects of it: an article is ``@article`` with its ``journal`` (volume, number, pages), a
thesis ``@phdthesis`` or ``@mastersthesis`` with its ``school``, a report, working paper or
policy brief ``@techreport`` with its ``institution`` (and its ``type`` when it is not a plain
report), a dataset ``@misc`` published by its institution. Every special character of
TeX is escaped and comes back intact through a BibTeX parser (tests/test_connections.py
parses every entry of the sample library with bibtexparser); other characters are written as
UTF-8, which BibTeX 0.99d, biber and reference managers read.
"""

from __future__ import annotations

import re
import unicodedata

from generator.model.connections import ResearchOutput
from generator.site.samples import FILTER_VALUE, TITLE_PREFIX, is_sample

#: The entry type of each kind of research output (research.schema.json's ``kind``).
BIBTEX_TYPES = {"article": "article", "thesis": "phdthesis", "dataset": "misc", "report": "techreport",
                "working-paper": "techreport", "policy-brief": "techreport"}
#: A report that is not a plain report says what it is in the ``type`` field of @techreport.
REPORT_TYPES = {"working-paper": "Working paper", "policy-brief": "Policy brief"}
#: TeX's special characters, each as text mode writes it literally.
_TEX = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "%": r"\%", "#": r"\#",
        "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
_TEX_SPECIAL = re.compile("|".join(re.escape(c) for c in _TEX))


def entry_type(output: ResearchOutput) -> str:
    if output.kind == "thesis":
        return "mastersthesis" if output.degree == "masters" else "phdthesis"
    return BIBTEX_TYPES.get(output.kind, "misc")


def plain_citation(output: ResearchOutput) -> str:
    """e.g. Letsoalo, K. and Ramaphakela, M. (2024). Title. Working paper, University of Limpopo. https://doi.org/…"""
    parts = [f"{_authors(output.authors, ', ')} ({output.year}). {output.title.rstrip('.')}."]
    if output.kind == "article" and output.journal:
        volume = output.volume + (f"({output.issue})" if output.issue else "")
        parts.append(", ".join(p for p in (output.journal, volume, output.pages) if p) + ".")
    elif output.kind == "thesis":
        parts.append(f"{'Master' if output.degree == 'masters' else 'Doctoral'} thesis, {output.institution}.")
    else:
        kind = REPORT_TYPES.get(output.kind) or ("Dataset" if output.kind == "dataset" else "")
        parts.append(f"{kind}, {output.institution}." if kind else f"{output.institution}.")
    if output.address:
        parts.append(output.address)
    # Copied into a council report, a made-up paper must still say so: the label goes with the text.
    return (TITLE_PREFIX if is_sample(output) else "") + " ".join(parts)


def bibtex(output: ResearchOutput) -> str:
    kind = entry_type(output)
    fields = [("author", " and ".join(_bibtex_name(a) for a in output.authors)), ("title", _tex(output.title))]
    if kind == "article":
        fields += [("journal", _tex(output.journal)), ("volume", _tex(output.volume)), ("number", _tex(output.issue)),
                   ("pages", _tex(output.pages).replace("-", "--"))]
    elif kind.endswith("thesis"):
        fields.append(("school", _tex(output.institution)))
    elif kind == "techreport":
        fields += [("institution", _tex(output.institution)), ("type", REPORT_TYPES.get(output.kind, ""))]
    else:
        fields += [("publisher", _tex(output.institution)), ("howpublished", "Dataset")]
    fields += [("year", str(output.year)), ("doi", _tex(output.doi)), ("url", output.link if not output.doi else ""),
               ("note", f"{FILTER_VALUE}, not a real publication" if is_sample(output) else "")]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
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


def _bibtex_name(author: str) -> str:
    """'Surname, I.' as it is; an organisation (no comma) in braces, so that BibTeX does not read
    'Statistics South Africa' as a person called Africa; ' and ' inside a name is braced too."""
    name = _tex(author)
    if "," not in author:
        return "{" + name + "}"
    return re.sub(r"\band\b", "{and}", name)


def _tex(value: str) -> str:
    return _TEX_SPECIAL.sub(lambda m: _TEX[m.group(0)], value)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
