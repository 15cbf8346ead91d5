"""Files that ship inside the package for every library: the theme, and what ``lekgotla init``
starts a new library with. Nothing here is read from the repository the package was built in,
so a library built with an installed wheel looks exactly like this project's own.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: mkdocs-material overrides and the page templates (``lekgotla/``): the plugin puts this folder
#: on MkDocs' template path, so a library's mkdocs.yml needs no ``custom_dir`` of its own.
THEME_DIR = PACKAGE_DIR / "theme"
#: A new library as ``lekgotla init`` writes it: content with one example of each kind, the
#: municipal registry, mkdocs.yml, GitHub workflows and issue forms, and a README.
STARTER_DIR = PACKAGE_DIR / "starter"
