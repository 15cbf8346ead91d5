"""The kinds of contributed markdown: one declaration each, which every layer reads.

A kind is a folder of markdown files under content/ whose front matter a JSON Schema checks. Its
declaration says where its files are (``folder``, which is also the address of its pages), which
schema checks them (``schemas/<schema>.schema.json``, and the scaffold's ``Draft.kind``), what a
finding calls one (``label``), where ``RawLibrary`` and ``Library`` hold them (``field``), and which
``lekgotla new`` command starts one (``command``). Loading, the body checks, the stray-file warning,
the reserved names, the site's addresses and ``lekgotla new`` read these declarations rather than
each keeping its own list of folders; the model class names its kind (``content_type``), so the templates'
``address`` filter finds its page without a registration of its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentType:
    label: str  # "research output": how findings and the reserved names speak of one
    folder: str  # "research": content/research/*.md, published at research/<slug>/
    field: str  # "research": the list of them in RawLibrary and Library
    schema: str  # "research": schemas/research.schema.json; a scaffold Draft's kind
    command: str  # "research": lekgotla new research


CASE_STUDY = ContentType("case study", "case-studies", "case_studies", "case-study", "case-study")
TOOLKIT = ContentType("toolkit", "toolkits", "toolkits", "toolkit", "toolkit")
PERSON = ContentType("person", "people", "people", "person", "person")
RESEARCH = ContentType("research output", "research", "research", "research", "research")
PEER_REVIEW = ContentType("peer review", "peer-reviews", "peer_reviews", "peer-review", "review")

#: Every kind, in the order they are read, checked and listed.
MARKDOWN_TYPES = (CASE_STUDY, TOOLKIT, PERSON, RESEARCH, PEER_REVIEW)


def by_schema(schema: str) -> ContentType:
    """The kind whose files ``schemas/<schema>.schema.json`` checks."""
    return next(kind for kind in MARKDOWN_TYPES if kind.schema == schema)
