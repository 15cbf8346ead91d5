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


def own_theme_dirs(theme) -> list[Path]:
    """The theme folders that are not mkdocs-material's or MkDocs' own: the library's
    ``custom_dir`` and the package's theme, in the order MkDocs searches them."""
    own = {THEME_DIR, *([_resolved(theme.custom_dir)] if theme.custom_dir else [])}
    return [folder for folder in (_resolved(d) for d in theme.dirs) if folder in own]


def _resolved(folder: str | Path) -> Path:
    return Path(folder).resolve()
