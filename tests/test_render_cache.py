"""Pages whose inputs did not change are not rendered again, and a cached page is never stale.

Each test builds a small library with the real MkDocs build, twice or three times:
a rebuild that takes pages from the render cache must write exactly what a build
without the cache writes.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from types import ModuleType

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.cli.build import build_site
from generator.packaged import THEME_DIR
from generator.mkdocs_plugin.render_cache import RenderCache, SitePages, environment_fingerprint
from generator.site import addresses
from generator.site.page_kinds import Feed, SearchPage

SITE_URL = "https://kb.example.org/"
CONFIG = """\
site_name: {name}
site_url: {url}
docs_dir: content
theme:
  name: material{custom_dir}
plugins:
  - lekgotla:
      search_index: false
      render_cache: {cache}
"""


def configure(library, *, name="Test library", theme=None, cache=True):
    custom_dir = f"\n  custom_dir: {theme}" if theme else ""  # else the package's theme alone
    library.config_file.write_text(CONFIG.format(name=name, url=SITE_URL, custom_dir=custom_dir,
                                                 cache=str(cache).lower()), encoding="utf-8")


def build(library, site="site") -> tuple[dict[str, bytes], dict]:
    """Every HTML file the build wrote, by path, and the plugin's figures."""
    result = build_site(library.config_file, library.root / site)
    stats = json.loads((library.root / ".lekgotla-cache" / "last-build.json").read_text(encoding="utf-8"))
    html = {p.relative_to(result.site_dir).as_posix(): p.read_bytes() for p in result.site_dir.rglob("*.html")}
    return html, stats


def build_without_cache(library) -> dict[str, bytes]:
    configure(library, cache=False)
    html, stats = build(library, "site-cold")
    assert stats["pages_from_cache"] == 0
    configure(library)
    return html


def test_a_rebuild_takes_unchanged_pages_from_the_cache_and_writes_the_same_html(library):
    configure(library)
    config = load_config(str(library.config_file), site_dir=str(library.root / "site"))
    mkdocs_build(config)
    plugin = config.plugins["lekgotla"]
    # Templates read the library through their page alone: the globals the plugin adds are code
    # (the addresses, the fragments of the page chrome), has_page, whose answers the render cache
    # records for each page, and two for the templates of their own that are never cached.
    plain_env = config.theme.get_env()
    added = {name: value for name, value in plugin.env.globals.items() if name not in plain_env.globals}
    assert sorted(added) == ["addresses", "has_page", "lk_feed", "lk_folder_of", "lk_fragment", "lk_sitemap"]
    assert isinstance(added["addresses"], ModuleType) and added["has_page"] is plugin.render_cache.site_pages
    assert isinstance(added["lk_feed"], Feed)
    first = plugin.stats
    cold = {p.relative_to(library.root / "site").as_posix(): p.read_bytes()
            for p in (library.root / "site").rglob("*.html")}
    warm, second = build(library)
    assert first["pages_from_cache"] == 0 and first["pages_rendered"] == first["pages"]
    # Only the pages of the navigation are rendered again: MkDocs builds the nav from them.
    assert second["pages_from_cache"] > 0.7 * second["pages"]
    assert second["pages_rendered"] + second["pages_from_cache"] == second["pages"]
    assert warm.keys() == cold.keys()
    assert [page for page in cold if warm[page] != cold[page]] == []
    # Pages from the cache are in the sitemap too, as MkDocs lists rendered ones.
    sitemap = ET.parse(library.root / "site" / "sitemap.xml")
    listed = {u.text for u in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert SITE_URL + "case-studies/mangaung-nrw/" in listed and SITE_URL + "municipalities/man/" in listed
    assert len(listed) == second["pages"]


def test_an_edited_title_reaches_every_page_that_shows_it_on_the_next_build(library):
    configure(library)
    build(library)
    library.edit("case-studies/mangaung-nrw.md", "title: Mangaung non-revenue water programme",
                 "title: Mangaung water loss programme")
    # A network's title reaches a case study's page through the page, which holds the network.
    library.edit("networks.yaml", "title: Water Services Learning Network", "title: Water Utilities Forum")
    warm, stats = build(library)
    assert stats["pages_from_cache"] > 0  # pages that show neither are reused
    for page in ("case-studies/mangaung-nrw/index.html", "case-studies/index.html",
                 "municipalities/man/index.html", "case-studies/pressure-management/index.html"):
        assert b"Mangaung water loss programme" in warm[page], page
    assert b"Water Utilities Forum" in warm["case-studies/pressure-management/index.html"]
    cold = build_without_cache(library)
    assert [page for page in cold if warm[page] != cold[page]] == []


def test_an_edited_template_changes_every_page_that_uses_it(library, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(THEME_DIR, theme)
    configure(library, theme=theme)
    before, _ = build(library)
    share_meta = theme / "lekgotla" / "partials" / "share-meta.html"  # included by main.html on every page
    share_meta.write_text(share_meta.read_text(encoding="utf-8") + '\n<meta name="lk-edited" content="yes">\n',
                          encoding="utf-8")
    after, stats = build(library)
    assert stats["pages_from_cache"] == 0
    pages = [p for p in before if p != "404.html"]
    assert [p for p in pages if b'<meta name="lk-edited" content="yes">' not in after[p]] == []


def test_a_changed_option_that_reaches_pages_is_never_served_from_the_cache(library):
    configure(library)
    build(library)
    configure(library, name="Kgotla of Practice")
    html, stats = build(library)
    assert stats["pages_from_cache"] == 0
    assert [p for p, text in html.items() if b"Kgotla of Practice" not in text] == []


@pytest.mark.parametrize("option, value", [
    ("site_name", "Another name"),
    ("site_url", "https://elsewhere.example.org/kb/"),
    ("use_directory_urls", False),
    ("extra", {"homepage": "https://example.org/"}),
    ("markdown_extensions", ["admonition"]),
    ("copyright", "© Sample municipality"),
    ("nav", [{"Home": "index.md"}]),
])
def test_every_option_that_reaches_pages_is_part_of_the_key(library, option, value):
    configure(library)
    same = environment_fingerprint(load_config(str(library.config_file), site_dir=str(library.root / "a")))
    elsewhere = environment_fingerprint(load_config(str(library.config_file), site_dir=str(library.root / "b")))
    changed = environment_fingerprint(load_config(str(library.config_file), **{option: value}))
    assert same == elsewhere  # where the site is written does not reach a page
    assert changed != same


def test_a_plugin_option_that_reaches_pages_is_part_of_the_key(library):
    configure(library)
    plain = environment_fingerprint(load_config(str(library.config_file)))
    text = library.config_file.read_text(encoding="utf-8")
    library.config_file.write_text(text + "      repository: https://github.com/example/kb\n", encoding="utf-8")
    assert environment_fingerprint(load_config(str(library.config_file))) != plain


RESEARCH = """\
---
title: Pressure and leaks in metros
authors: [Dlamini, S.]
institution: University of KwaZulu-Natal
year: 2021
abstract: How pressure management and leak repair reduced water losses in two metros.
indicators: [WS5.1]
---
"""


def test_an_edited_municipality_or_research_output_reaches_the_lists_and_pages_that_hold_it(library):
    # Pages hold what they show: a list of case studies holds each case study, which holds its
    # municipalities; an indicator's page holds the research on it. Their keys are digests of those.
    configure(library)
    library.write("research/pressure-and-leaks.md", RESEARCH)
    build(library)
    library.edit("benchmarks/municipalities.csv", "MAN,Mangaung,", "MAN,Mangaung Metro,")
    library.edit("research/pressure-and-leaks.md", "title: Pressure and leaks in metros",
                 "title: Pressure, leaks and meters in metros")
    warm, stats = build(library)
    assert stats["pages_from_cache"] > 0  # pages that show neither are reused
    for page in ("browse/years/2017/index.html", "browse/tags/metering/index.html",
                 "service-areas/water/index.html"):
        assert b"Mangaung Metro" in warm[page], page
    assert b"Pressure, leaks and meters in metros" in warm["indicators/ws5-1/index.html"]
    cold = build_without_cache(library)
    assert [page for page in cold if warm[page] != cold[page]] == []


def test_a_page_that_asked_whether_the_site_has_a_page_is_rendered_again_when_the_answer_changes(tmp_path):
    page = SearchPage(src_uri="search.md", title="Search", filters=[])

    def cache_of(pages: set[str]) -> RenderCache:
        return RenderCache(tmp_path, "environment", SitePages(pages, addresses.page_source))

    first = cache_of({"search.md", "compare.md"})
    assert first.finished({"search.md": page}, set(), lambda: "") == {}
    first.start("search.md")
    assert first.site_pages(addresses.COMPARE)  # what a template asks while the page renders
    first.store("search.md", "<p>Compare</p>")
    first.finish_writing()  # as a build does before it ends
    assert set(cache_of({"search.md", "compare.md"}).finished({"search.md": page}, set(), lambda: "")) == {"search.md"}
    assert cache_of({"search.md"}).finished({"search.md": page}, set(), lambda: "") == {}
