"""Our templates fail loudly: a value they read that does not exist stops the build, naming the
template, its line and the attribute, instead of blanking part of a page."""

from __future__ import annotations

import shutil

import pytest
from jinja2.exceptions import UndefinedError

from conftest import fixture_library
from generator.packaged import THEME_DIR
from generator.cli.build import build_site


def library_with_theme(tmp_path):
    """The fixture library built with a copy of the package's theme as its own custom_dir, which a
    test may change (a library's custom_dir comes before the package's theme)."""
    (tmp_path / "library").mkdir()
    library = fixture_library(tmp_path / "library")
    theme = shutil.copytree(THEME_DIR, tmp_path / "theme")
    config = library.config_file.read_text(encoding="utf-8").replace(
        "  name: material\n", f"  name: material\n  custom_dir: {theme}\n", 1)
    library.config_file.write_text(config, encoding="utf-8")
    return library, theme


def add_to_content(theme, name: str, markup: str) -> int:
    """Put ``markup`` first in the content block of template ``name``; the line it is on."""
    template = theme / "lekgotla" / name
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("{% block content %}\n", "{% block content %}\n" + markup + "\n", 1),
                        encoding="utf-8")
    return text.split("\n").index("{% block content %}") + 2


def test_a_template_of_ours_reading_a_missing_attribute_fails_the_build_naming_it(tmp_path):
    library, theme = library_with_theme(tmp_path)
    line = add_to_content(theme, "toolkit.html", "<p>{{ lk.toolkit.editor }}</p>")
    site = library.root / "site"
    with pytest.raises(UndefinedError) as failure:
        build_site(library.config_file, site)
    assert str(failure.value) == (f"template lekgotla/toolkit.html, line {line}: "
                                  "'generator.model.entities.Toolkit object' has no attribute 'editor'")
    assert not site.exists()


def test_a_missing_value_tested_in_a_condition_fails_too(tmp_path):
    library, theme = library_with_theme(tmp_path)
    line = add_to_content(theme, "home.html", "{% if lk.banner %}<p>x</p>{% endif %}")
    with pytest.raises(UndefinedError, match=rf"template lekgotla/home.html, line {line}: .*has no attribute 'banner'"):
        build_site(library.config_file, library.root / "site")


def test_mkdocs_material_templates_keep_their_lenient_values(tmp_path):
    # Its templates test options nobody set (config.extra.analytics, page.meta.hide...): the
    # unchanged theme builds, and a missing value in a template of ours still does not.
    library, _ = library_with_theme(tmp_path)
    built = build_site(library.config_file, library.root / "site")
    assert (built.site_dir / "index.html").is_file()
