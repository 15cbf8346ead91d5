"""The package's theme on MkDocs' template path.

A library names mkdocs-material (``theme: name: material``) and the ``lekgotla`` plugin; the
plugin puts the package's own theme folder (``generator.packaged.THEME_DIR``: our overrides of
mkdocs-material and the page templates) between the library's ``custom_dir``, if it has one,
and mkdocs-material's folders. So a template of the library overrides ours, ours override
mkdocs-material's, and nothing of the theme has to be copied into a library.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.packaged import THEME_DIR

#: The theme our templates extend.
BASE_THEME = "material"
#: mkdocs-material's files for its own search (lunr, its languages, its worker), which no page loads
#: unless its search plugin runs (the offline zip's), and the source maps of its scripts and styles,
#: which only a developer's browser tools read: 2.2 MB and 40 files of a national site.
SEARCH_ASSETS = ("assets/javascripts/lunr/", "assets/javascripts/workers/search.")
SEARCH_PLUGINS = ("search", "material/search")


def add_packaged_theme(config) -> None:
    """Insert THEME_DIR into the theme's folders behind the library's ``custom_dir``; ``mkdocs serve``
    watches it, as it watches a ``custom_dir``."""
    theme = config.theme
    if theme.name != BASE_THEME:
        raise PluginError(f"the lekgotla plugin needs mkdocs-material: set `theme: name: {BASE_THEME}` "
                          f"in mkdocs.yml (it names {theme.name!r})")
    ours = str(THEME_DIR)
    resolved = [_resolved(folder) for folder in theme.dirs]
    if THEME_DIR in resolved:  # a library that still names the package's theme as its custom_dir
        return
    custom = _resolved(theme.custom_dir) if theme.custom_dir else None
    theme.dirs.insert(resolved.index(custom) + 1 if custom in resolved else 0, ours)
    if ours not in config.watch:
        config.watch.append(ours)


def unused_theme_file(uri: str, config) -> bool:
    """Whether mkdocs-material's file at ``uri`` is one the site never loads (SEARCH_ASSETS, source maps)."""
    if uri.startswith("assets/") and uri.endswith(".map"):
        return True
    return uri.startswith(SEARCH_ASSETS) and not any(name in config.plugins for name in SEARCH_PLUGINS)


def own_theme_dirs(theme) -> list[Path]:
    """The theme folders that are not mkdocs-material's or MkDocs' own: the library's
    ``custom_dir`` and the package's theme, in the order MkDocs searches them."""
    own = {THEME_DIR, *([_resolved(theme.custom_dir)] if theme.custom_dir else [])}
    return [folder for folder in (_resolved(d) for d in theme.dirs) if folder in own]


def _resolved(folder: str | Path) -> Path:
    return Path(folder).resolve()
