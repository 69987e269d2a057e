"""The package's layout: folders by part, few modules at the top, imports in one direction."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "nianbao"


def _modules(root: Path) -> dict[str, Path]:
    base = root / "hooks"
    out = {}
    for path in sorted((base / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path, modules: dict[str, Path], *, run_time_only: bool = False) -> set[str]:
    """The package's modules that ``name`` imports, at load time, in a function or (unless
    ``run_time_only``) for annotations under ``if TYPE_CHECKING:``. An import of a module's
    own parent packages is no edge: importing a module imports them anyway."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING"
        for inner in ast.walk(node)
    }
    found = set()
    for node in ast.walk(tree):
        if run_time_only and id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets = [f"{module}.{alias.name}" for alias in node.names] + [module]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                found.add(target)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return out


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_package(root):
    found = cycles(import_graph(root))
    assert not found, f"import cycles: {found}"


def test_at_most_ten_modules_at_the_top_of_the_package(root):
    top = sorted(p.name for p in (root / "hooks" / PACKAGE).glob("*.py"))
    assert len(top) <= 10, top


#: The parts in the order the pipeline runs them: a module imports only its own part and
#: those before it (load → check → audit → plan → render → write; staff commands on top).
LAYERS = {
    "nianbao": 0,
    "nianbao.problems": 0,
    "nianbao.settings": 0,
    "nianbao.formats": 0,
    "nianbao.data": 1,
    "nianbao.checks": 2,
    "nianbao.views": 3,
    "nianbao.outputs": 4,
    "nianbao.build": 5,
    "nianbao.staff": 6,
    "nianbao.importing": 6,
    "nianbao.catalog": 7,
}

#: Known imports against the order, each with its reason; none may be added.
AGAINST_THE_ORDER = {
    # The data schema lists the rule ids a report may acknowledge (JSON Schema enum for editors).
    ("nianbao.data.documents", "nianbao.checks.audit"),
    ("nianbao.data.documents", "nianbao.checks.rules"),
    # 「与上年对比」 notes format numbers as the tables do (issue 25 is changing compare.py).
    ("nianbao.checks.audit.compare", "nianbao.views.grids"),
}


def _layer(module: str) -> int:
    parts = module.split(".")
    return next(LAYERS[".".join(parts[:k])] for k in range(len(parts), 0, -1) if ".".join(parts[:k]) in LAYERS)


def test_imports_follow_the_pipeline(root):
    """Run-time imports only: a type named in an annotation may come from a later part."""
    modules = _modules(root)
    against = {
        (module, target)
        for module, path in modules.items()
        for target in _imports(module, path, modules, run_time_only=True)
        if _layer(target) > _layer(module)
    }
    assert against <= AGAINST_THE_ORDER, sorted(against - AGAINST_THE_ORDER)


def test_the_hook_only_wires_events(root):
    """hooks/portal.py hands MkDocs' events to the package; the orchestration is in build/."""
    lines = (root / "hooks" / "portal.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 150, len(lines)
