"""Pieces of mkdocs-material's page chrome rendered once and reused across pages.

The navigation drawer (and the tabs, when the site had them) were about a tenth of a
national build: every page rendered 14 entries twice over. On a page that is not itself
in the navigation (case studies, municipalities, indicators: nearly all of them) no entry
is active, so the HTML depends only on where the page is: the theme's partials/nav.html
renders it once per folder and reuses it. They include the theme's
own partials under the prefix ``lk-base/``, which this module adds to the
template loader, so nothing of mkdocs-material is copied.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from generator.mkdocs_plugin.packaged_theme import own_theme_dirs

BASE_PREFIX = "lk-base"


def install(env, config) -> None:
    """Give templates the theme without our overrides (``lk-base/...``), ``lk_fragment`` (the
    fragments of this build) and ``lk_folder_of``."""
    ours = own_theme_dirs(config.theme)  # the library's custom_dir and the package's theme
    base_dirs = [d for d in config.theme.dirs if Path(d).resolve() not in ours]
    env.loader = ChoiceLoader([env.loader, PrefixLoader({BASE_PREFIX: FileSystemLoader(base_dirs)})])
    env.globals["lk_fragment"] = _fragment_store()  # a new store each build: nothing outlives its templates
    env.globals["lk_folder_of"] = folder_of


def _fragment_store():
    """``{% call lk_fragment(key) %}...{% endcall %}``: the block rendered the first time a key
    is asked for, the same HTML every later time."""
    rendered: dict[str, str] = {}

    def fragment(key: str, caller) -> str:
        if key not in rendered:
            rendered[key] = caller()
        return rendered[key]
    return fragment


def folder_of(page) -> str:
    """What a relative link from ``page`` depends on: its address without the last part
    ('case-studies/' for 'case-studies/x/'), and whether that part is a folder."""
    url = getattr(page, "url", None)
    if url is None:
        return "(no page)"
    return f"{url.rstrip('/').rpartition('/')[0]}/{'folder' if url.endswith('/') or not url else 'file'}"
