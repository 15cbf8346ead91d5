"""mkdocs-material is used as it is installed: no copied templates, and the few corrections
we make to its markup (generator/mkdocs_plugin/material_markup.py) still find what they
correct, so an upgrade that changes it fails here instead of silently."""

from __future__ import annotations

import re
from pathlib import Path

import material

from generator.mkdocs_plugin import material_markup
from generator.packaged import THEME_DIR

REPO = Path(__file__).resolve().parent.parent
THEME = THEME_DIR
MATERIAL = Path(material.__file__).resolve().parent / "templates"
#: Files of the theme (generator/theme/) that replace one of mkdocs-material's on purpose, and why.
OVERRIDES = {"main.html": "mkdocs-material's documented place for overrides (blocks of base.html)",
             # They include mkdocs-material's own (lk-base/...), rendered once per folder:
             "partials/nav.html": "generator/mkdocs_plugin/fragments.py",
             # Includes theirs only where it has work to do (content tabs):
             "partials/javascripts/content.html": "its own comment",
             # Theirs is a heading alone, extending main.html as ours does; ours leads back to the site:
             "404.html": "its own comment"}


def test_no_template_of_mkdocs_material_is_copied_into_the_theme():
    ours = {p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file()}
    theirs = {p.relative_to(MATERIAL).as_posix() for p in MATERIAL.rglob("*") if p.is_file()}
    assert ours & theirs == set(OVERRIDES), "a copy goes stale on upgrade: use a block or material_markup.py"


def test_the_corrected_markup_is_still_what_mkdocs_material_writes():
    base = (MATERIAL / "base.html").read_text(encoding="utf-8")
    search = (MATERIAL / "partials" / "search.html").read_text(encoding="utf-8")
    for theirs, _ in material_markup.REPLACEMENTS:
        assert theirs in base or theirs in search, theirs
    toc = (MATERIAL / "partials" / "toc.html").read_text(encoding="utf-8")
    assert material_markup.TOC_LABEL.search(toc), "the table of contents label changed"
    header = (MATERIAL / "partials" / "header.html").read_text(encoding="utf-8")
    assert material_markup.HEADER_SOURCE in header and header.count(material_markup.HEADER_END) == 1
    assert '{% if "material/search" in config.plugins %}' in header  # where our search takes its place
    assert '{% include "partials/header.html" %}' in base[base.index("{% block header %}"):]


def test_a_built_page_has_valid_toggles_a_plain_toc_title_and_our_header_search(fixture_site):
    html = (fixture_site / "case-studies" / "pressure-management" / "index.html").read_text(encoding="utf-8")
    assert 'id="__drawer">' in html and 'id="__search">' in html and 'autocomplete="off">' not in html
    assert 'for="__toc"' not in html and '<div class="md-nav__title">' in html
    header = html[html.index("<header"):html.index("</header>")]
    assert header.count('<form class="lk-search"') == 1
    assert header.index('<form class="lk-search"') < header.index("</nav>")
    # Every plain entry of the drawer and the contents is written compactly (NAV_ENTRY): if an
    # upgrade of mkdocs-material changes the entries, this fails rather than the pages growing.
    entries = re.findall(r'<li class="md-nav__item">.*?</li>', html, re.S)
    assert len(entries) >= 14 + 2 and all('class="md-nav__link">' in e and "md-ellipsis" not in e for e in entries)
    assert re.search(r'<li class="md-nav__item"><a href="#[\w-]+" class="md-nav__link">\w', html)  # contents
    # The menu leads to compare, which was reached only from the home page and the municipality cards.
    assert re.search(r'<a href="\.\./\.\./compare/" class="md-nav__link">Compare municipalities</a>', html)


def test_no_page_has_a_label_for_a_control_it_lacks(fixture_site):
    pages = list(fixture_site.rglob("*.html"))
    assert len(pages) > 280
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for target in re.findall(r'<label[^>]* for="([^"]+)"', html):
            assert f'id="{target}"' in html, (path, target)


def test_the_navigation_reused_across_pages_links_right_from_each_folder(fixture_site):
    # The drawer is rendered once per folder (fragments.py): from every page,
    # each of their links must lead to a page that exists, and a page in the navigation
    # still shows itself as the active entry.
    pages = [fixture_site / "index.html", *sorted(fixture_site.glob("*/index.html"))[:6],
             *sorted(fixture_site.glob("case-studies/*/index.html"))[:3],
             *sorted(fixture_site.glob("municipalities/*/index.html"))[:3]]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for chrome in re.findall(r'<nav class="md-(?:tabs|nav md-nav--primary).*?</nav>', html, re.S):
            for href in re.findall(r'href="([^"#]*)"', chrome):
                target = (page.parent / href).resolve()
                assert (target / "index.html").is_file() or target.is_file(), (page, href)
    active = [page.parent.name for page in pages if "md-nav__link--active" in page.read_text(encoding="utf-8")]
    assert active and not any(page.parent.parent.name == "case-studies" and page.parent.name in active
                              for page in pages), active
