"""Rebuilds reuse cached work, and never show anything but the current content."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort

from generator.cli.build import build_site
from generator.cli.commands import main
from generator.model.library_cache import load_library_cached
from generator.reading import bodies


def build(library):
    result = build_site(library.config_file, library.root / "site")
    stats = json.loads((library.root / ".lekgotla-cache" / "last-build.json").read_text(encoding="utf-8"))
    return result.site_dir, stats


def test_a_rebuild_with_nothing_changed_reuses_the_loaded_library(library):
    _, first = build(library)
    _, second = build(library)
    assert first["library_cache_hit"] == 0
    assert second["library_cache_hit"] == 1


def test_an_edited_case_study_shows_its_new_text_after_a_rebuild(library):
    build(library)
    library.edit("case-studies/mangaung-nrw.md", "Mangaung replaced meters.", "Mangaung fixed every leak.")
    library.edit("case-studies/mangaung-nrw.md", "title: Mangaung non-revenue water programme",
                 "title: Mangaung water loss programme")
    site, stats = build(library)
    html = (site / "case-studies" / "mangaung-nrw" / "index.html").read_text(encoding="utf-8")
    assert stats["library_cache_hit"] == 0
    assert "Mangaung fixed every leak." in html and "Mangaung water loss programme" in html
    # The page that links to it shows the new title too: cross-file data is never stale.
    linking = (site / "case-studies" / "pressure-management" / "index.html").read_text(encoding="utf-8")
    assert "Mangaung water loss programme" in linking


def test_a_broken_reference_after_a_cached_build_still_fails_the_build(library, monkeypatch):
    build(library)
    # The case study itself is unchanged (its parse is reused); the file it names disappears.
    (library.content / "case-studies" / "mangaung-nrw.md").unlink()
    with pytest.raises(Abort):
        build(library)
    monkeypatch.chdir(library.root)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "related[0]: unknown case study or toolkit 'mangaung-nrw'" in result.output


def test_a_schema_error_is_reported_again_on_every_load_until_fixed(library, tmp_path):
    library.edit("case-studies/mangaung-nrw.md", "year: 2017", "year: next year")
    cache_dir = tmp_path / "cache"
    for _ in range(2):
        found, report, _ = load_library_cached(library.content, cache_dir)
        assert found is None
        assert any(f.field == "year" for f in report.errors)
    library.edit("case-studies/mangaung-nrw.md", "year: next year", "year: 2017")
    found, report, _ = load_library_cached(library.content, cache_dir)
    assert found is not None and report.ok


def test_a_body_stopped_at_its_time_limit_is_checked_again_by_the_next_build(library, tmp_path, monkeypatch):
    """A body can be stopped at the render time limit because the machine was busy, not because of
    its text: that verdict is reported, and the next build checks the library again instead of
    reusing it (a loaded library that passed is reused, as above)."""
    monkeypatch.setattr(bodies, "RENDER_SECONDS", 1.0)  # the limit's length is not what is tested: 1 s, not 3
    library.write("case-studies/zz-slow.md", "---\ntitle: Slow\nmunicipality: MAN\nservice_area: water\nyear: 2017\n"
                  "summary: A case study whose text takes long to render.\n---\n\nSlow to render.\n\n"
                  + "*a" * 450_000 + "\n")
    cache = tmp_path / "cache"
    # The second load finds the stopped check in this process's memory of checks (as a build finds what
    # `lekgotla check` checked a moment before), the third that neither load kept the verdict.
    loads = [load_library_cached(library.content, cache) for _ in range(3)]
    assert "zz-slow.md:11: the text takes more than 1 s to render (stopped)" in loads[0][1].as_text()
    assert {report.as_text() for _, report, _ in loads} == {loads[0][1].as_text()}
    assert [reused for *_, reused in loads] == [False, False, False]
