"""The package's shape: folders that follow the flow, imports that only point down it.

content → reading → model → analysis → text → site → mkdocs_plugin → cli: a module
may import from its own step or an earlier one, never a later one; no cycles; no
module reaches into another module's private (underscore) names; no function grows
past ``MAX_FUNCTION_LINES``. A module is split by concept, not by its length: a limit per
file made mixins that reached into their host class's private members. The source is
read (ast), not run.
"""

from __future__ import annotations

import ast
from pathlib import Path


PACKAGE = Path(__file__).resolve().parent.parent / "generator"
FLOW = ["cache", "reading", "model", "analysis", "text", "site", "mkdocs_plugin", "cli"]
#: The longest function, from its ``def`` to its last line: a function that does one thing fits.
#: Chosen from the code as it was (1,000 functions, a median of 6 lines, four over 40).
MAX_FUNCTION_LINES = 40


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def step(module: str) -> int:
    """The module's place in the flow; the package itself and cache.py are the foundation."""
    parts = module.split(".")
    return FLOW.index(parts[1]) if len(parts) > 1 and parts[1] in FLOW else 0


def resolve(name: str) -> str | None:
    """The generator module that ``name`` (a module, or a name inside one) refers to."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> list[tuple[str, str, int]]:
    """(imported module, imported name or "", line) for every generator import of ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, "", node.lineno) for a in node.names if a.name.startswith("generator")]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.startswith("generator"):
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    found.append((full, "", node.lineno) if full in MODULES else (base, alias.name, node.lineno))
    return found


def private_attributes(module: str) -> list[tuple[str, int]]:
    """``other._name`` where ``other`` is a generator module imported by ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                full = alias.name if isinstance(node, ast.Import) else f"{node.module}.{alias.name}"
                if full in MODULES:
                    aliases[alias.asname or alias.name.split(".")[-1]] = full
    return [(f"{aliases[n.value.id]}.{n.attr}", n.lineno) for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in aliases
            and n.attr.startswith("_") and not n.attr.startswith("__")]


def typing_only_lines(module: str) -> set[int]:
    """Lines of imports under ``if TYPE_CHECKING:``: read by type checkers, never run."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    return {inner.lineno for node in ast.walk(tree)
            if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            for inner in ast.walk(node) if isinstance(inner, (ast.Import, ast.ImportFrom))}


def graph(runtime_only: bool = False) -> dict[str, set[str]]:
    """Who imports whom; with ``runtime_only``, without the imports that only type checkers read."""
    def targets(m: str) -> set[str | None]:
        skip = typing_only_lines(m) if runtime_only else set()
        return {resolve(target) for target, _, line in imports(m) if line not in skip}
    return {m: targets(m) - {None, m} for m in MODULES}


def test_the_walk_sees_the_package():
    assert {"generator.site.pages", "generator.reading.load", "generator.cli.commands"} <= set(MODULES)
    assert "generator.model.entities" in graph()["generator.model.library"]


def test_imports_only_point_down_the_flow():
    upward = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: imports {target} ({FLOW[step(resolve(target))]} "
              f"comes after {FLOW[step(m)]})"
              for m in MODULES for target, _, line in imports(m) if step(resolve(target)) > step(m)]
    assert not upward, "\n".join(upward)


def test_there_is_no_import_cycle():
    # A type annotation may name a class of a module that imports this one (the catalogue and
    # its links, a chart and its drawing): such imports never run, so they make no cycle.
    edges, cycles, state = graph(runtime_only=True), [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append(" → ".join(path[path.index(target):] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[node] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert not cycles, "\n".join(cycles)


def test_no_module_uses_another_modules_private_names():
    found = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: {target}.{name}"
             for m in MODULES for target, name, line in imports(m)
             if name.startswith("_") and not name.startswith("__") and resolve(target) != m]
    found += [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: {name}"
              for m in MODULES for name, line in private_attributes(m)]
    assert not found, "\n".join(found)


def functions(module: str) -> list[tuple[str, int, int]]:
    """(qualified name, first line, number of lines) of every function and method of ``module``."""
    found = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                found.append((prefix + child.name, child.lineno, (child.end_lineno or child.lineno) - child.lineno + 1))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
    visit(ast.parse(MODULES[module].read_text(encoding="utf-8")), "")
    return found


def test_the_walk_sees_every_function():
    assert "Catalogue.newest_case_studies" in {name for name, _, _ in functions("generator.model.catalogue")}
    assert "LekgotlaPlugin.on_files" in {name for name, _, _ in functions("generator.mkdocs_plugin.plugin")}
    assert sum(len(functions(m)) for m in MODULES) > 900


def test_no_function_is_longer_than_the_limit():
    long = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: {name} has {length} lines"
            for m in MODULES for name, line, length in functions(m) if length > MAX_FUNCTION_LINES]
    assert not long, f"split these at their concepts (at most {MAX_FUNCTION_LINES} lines):\n" + "\n".join(long)


#: The only modules that may import MkDocs (or mkdocs-material, which is made of it): the glue
#: and the build that runs it. The rest of the generator must work without MkDocs, so that a
#: later engine can render the site.
MKDOCS_GLUE = ("generator.mkdocs_plugin", "generator.cli.build")


def engine_imports(module: str) -> list[tuple[str, int]]:
    """(imported name, line) of every import of MkDocs or mkdocs-material in ``module``, in functions too."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        found += [(name, node.lineno) for name in names if name.split(".")[0] in ("mkdocs", "material")]
    return found


def test_only_the_mkdocs_glue_imports_mkdocs():
    outside = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: imports {name}"
               for m in MODULES if not m.startswith(MKDOCS_GLUE) for name, line in engine_imports(m)]
    assert not outside, "\n".join(outside)
    assert engine_imports("generator.mkdocs_plugin.plugin"), "the walk must see the glue's own imports"


def test_the_body_check_renders_with_the_extensions_mkdocs_adds_itself():
    from mkdocs.config.defaults import MkDocsConfig

    from generator.reading.safety import MKDOCS_BUILTIN_EXTENSIONS

    assert tuple(MkDocsConfig.markdown_extensions.builtins) == MKDOCS_BUILTIN_EXTENSIONS
