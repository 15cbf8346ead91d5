"""Which implementation of MkDocs 1.x builds the site: MkDocs itself, or ProperDocs.

MkDocs 1.6.1 (August 2024) is the last release of 1.x, and 2.0 drops plugins. ProperDocs is a
maintained fork of 1.x by MkDocs' former maintainers that keeps its plugin and theme
interfaces: once ``properdocs.replacement`` is imported, every ``import mkdocs...`` gets
ProperDocs' module of the same name, so this plugin and mkdocs-material run on it unchanged.
That import must come before anything imports MkDocs: the ``lekgotla`` commands choose the
engine first thing (cli/__init__.py) from ``LEKGOTLA_ENGINE``; ``properdocs build`` and
``properdocs serve`` choose it themselves.
"""

from __future__ import annotations

import importlib
import os
import sys

#: The environment variable that chooses the engine of the lekgotla commands.
VARIABLE = "LEKGOTLA_ENGINE"
ENGINES = ("mkdocs", "properdocs")


def use_chosen_engine() -> str:
    """Make ``LEKGOTLA_ENGINE`` (mkdocs, the default, or properdocs) the one that ``import mkdocs`` finds."""
    engine = os.environ.get(VARIABLE, "").strip().lower() or "mkdocs"
    if engine not in ENGINES:
        raise SystemExit(f"{VARIABLE}={engine}: expected one of {', '.join(ENGINES)}")
    if engine == "properdocs" and engine_in_use() != "properdocs":
        if "mkdocs" in sys.modules:
            raise SystemExit(f"{VARIABLE}=properdocs, but MkDocs was imported before the engine was chosen")
        try:
            importlib.import_module("properdocs.replacement")
        except ImportError:
            raise SystemExit(f"{VARIABLE}=properdocs, but ProperDocs is not installed: "
                             "pip install properdocs") from None
    return engine


def engine_in_use() -> str:
    """The package that answers ``import mkdocs`` in this process: 'mkdocs', 'properdocs', or '' before any."""
    module = sys.modules.get("mkdocs")
    return module.__name__ if module else ""
