"""The kinds of contributed markdown are declared once (generator/reading/content_types.py), and
what a contributor meets for each kind follows from the declaration: a kind added there is read,
guarded and scaffolded with the others, and no list of folders elsewhere can forget it."""

from __future__ import annotations

from generator.cli.commands import new
from generator.reading.content_types import MARKDOWN_TYPES
from generator.site.reserved import load_checked


def test_a_file_of_any_kind_that_takes_its_list_pages_address_is_refused(library):
    # content/<folder>/index.md would be published at <folder>/, the list of its kind.
    for kind in MARKDOWN_TYPES:
        library.write(f"{kind.folder}/index.md", "---\ntitle: Index\n---\nText.\n")
    _, report = load_checked(library.content)
    text = report.as_text()
    for kind in MARKDOWN_TYPES:
        assert (f"content/{kind.folder}/index.md:1: 'index' is reserved: the {kind.label}'s page would take "
                f"the place of") in text, kind


def test_a_stray_file_in_any_kinds_folder_is_named_as_unpublished(library):
    for kind in MARKDOWN_TYPES:
        library.write(f"{kind.folder}/notes.txt", "Written in the wrong format.\n")
    _, report = load_checked(library.content)
    warnings = [f.as_text() for f in report.warnings]
    for kind in MARKDOWN_TYPES:
        assert (f"content/{kind.folder}/notes.txt:1: warning: only .md files in {kind.folder}/ are published"
                in "\n".join(warnings)), kind


def test_lekgotla_new_starts_a_file_of_each_kind():
    assert sorted(new.commands) == sorted(kind.command for kind in MARKDOWN_TYPES)
