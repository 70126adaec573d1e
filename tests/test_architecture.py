"""The package's import graph, read with ``ast``: layers run one way, no cycles, no
private names taken from another module.

The layer order is the one the README's Architecture section writes out; a module may
import from its own layer or any layer below it, never from one above.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsgraph"

# Lowest first. Each entry is one layer: the modules or packages it holds.
LAYERS: list[tuple[str, ...]] = [
    ("newsgraph.schema", "newsgraph.errors", "newsgraph.settings", "newsgraph.timeutil",
     "newsgraph.textsafety", "newsgraph.timebudget", "newsgraph.intervals",
     "newsgraph.linearmodel"),
    ("newsgraph.data", "newsgraph.gazetteer", "newsgraph.places"),
    ("newsgraph.doctext", "newsgraph.language", "newsgraph.models"),
    ("newsgraph.attribution", "newsgraph.timex", "newsgraph.quantity", "newsgraph.events"),
    ("newsgraph.ingest",),
    ("newsgraph.confidence",),
    ("newsgraph.extract",),
    ("newsgraph.pipeline",),
    ("newsgraph",),  # the package facade: analyze, __version__
    ("newsgraph.store",),
    ("newsgraph.crossdoc",),  # cross-article algorithms, and linking the store's articles
    ("newsgraph.eval", "newsgraph.train"),  # evaluation, confidence fitting and training
    ("newsgraph.report", "newsgraph.spark"),
    ("newsgraph.web",),
    ("newsgraph.commands",),
    ("newsgraph.cli",),
    ("newsgraph.__main__",),
]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _absolute(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = _package_of(module, path).split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str, path: Path) -> list[tuple[str, str | None, ast.AST]]:
    """(imported module, imported name or None, node) for every newsgraph import,
    at any depth (imports inside functions count too)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, None, node) for a in node.names if a.name.startswith("newsgraph")]
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, path, node)
            if target == "newsgraph" or target.startswith("newsgraph."):
                for alias in node.names:
                    submodule = f"{target}.{alias.name}"
                    if submodule in MODULES:
                        found.append((submodule, None, node))
                    else:
                        found.append((target, alias.name, node))
    return found


def _layer(module: str) -> int:
    best, best_len = None, -1
    for index, layer in enumerate(LAYERS):
        for prefix in layer:
            # the facade "newsgraph" holds only itself: a new top-level module must be placed
            within = module.startswith(prefix + ".") and prefix != "newsgraph"
            if (module == prefix or within) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    assert best is not None, f"{module} is in no layer: add it to LAYERS and the README"
    return best


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        _layer(module)


def test_no_import_runs_up_a_layer() -> None:
    upward = []
    for module, path in MODULES.items():
        for target, _name, node in _imports(module, path):
            if _layer(target) > _layer(module):
                upward.append(f"{module}:{node.lineno} imports {target}")
    assert not upward, "imports from a higher layer:\n" + "\n".join(upward)


def test_no_import_cycle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in MODULES.items():
        for target, _name, _node in _imports(module, path):
            # importing a package's submodule runs its __init__ but is no edge to it
            if target != module and not module.startswith(target + "."):
                graph[module].add(target)
    cycles = _cycles(graph)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in graph.get(node, ()):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def _module_aliases(module: str, path: Path, tree: ast.AST) -> dict[str, str]:
    """Local names bound to another newsgraph module (``import x.y as Y``,
    ``from x import y``)."""
    aliases = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("newsgraph") and a.asname:
                    aliases[a.asname] = a.name
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, path, node)
            for a in node.names:
                if f"{target}.{a.name}" in MODULES:
                    aliases[a.asname or a.name] = f"{target}.{a.name}"
    return aliases


def test_no_private_name_crosses_a_module() -> None:
    crossings = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for target, name, node in _imports(module, path):
            if name is not None and _private(name) and target != module:
                crossings.append(f"{module}:{node.lineno} imports {target}.{name}")
        aliases = _module_aliases(module, path, tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and _private(node.attr)
                    and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and aliases[node.value.id] != module):
                crossings.append(f"{module}:{node.lineno} reaches "
                                 f"{aliases[node.value.id]}.{node.attr}")
    assert not crossings, "private names used outside their module:\n" + "\n".join(crossings)


def _shown(prefix: str) -> str:
    """How the README names a layer's member: a package as ``name/``, a module as ``name.py``."""
    if prefix == "newsgraph":
        return "__init__.py"
    path = SRC / prefix.replace(".", "/")
    return f"{path.name}/" if path.is_dir() else f"{path.name}.py"


def test_readme_writes_out_the_layer_order():
    written = []
    for line in _readme_architecture().splitlines():
        numbered = re.match(r"\s*\d+\. (.+?)(\s{2,}|$)", line)
        if numbered:
            written.append(tuple(numbered.group(1).split()))
    assert written == [tuple(_shown(p) for p in layer) for layer in LAYERS]


def _readme_architecture() -> str:
    readme = (SRC.parent / "README.md").read_text(encoding="utf-8")
    return readme.split("## Architecture", 1)[1].split("\n## ", 1)[0]
