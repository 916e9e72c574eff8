"""The packages of ``registre`` import each other without a cycle (layers, design rule 2).

The graph is read from the source with ``ast``: every ``import`` of every module, including
the ones inside functions, is an edge from the module's top-level package (``registre.api``,
``registre.fiche``…, or a top-level module such as ``registre.scopes``) to the imported one.
``registre/__init__.py`` (``create_app``, which only wires) is the root and imports them all.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "registre"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> str | None:
    """``registre.api.views`` → ``registre.api``; the root package itself has no layer."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "registre" and len(parts) > 1 else None


def _imported(node: ast.AST, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:  # relative import
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[:len(package) - node.level + 1]
            base = ".".join(package + ([base] if base else []))
        # ``from registre import models`` imports the package registre.models.
        names = [f"{base}.{alias.name}" for alias in node.names] if base == "registre" else []
        return [base, *names]
    return []


def import_graph() -> dict[str, dict[str, list[str]]]:
    """layer -> imported layer -> the imports that make the edge ("file:line module")."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        source = _layer(module)
        if source is None:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _imported(node, module, path.name == "__init__.py"):
                layer = _layer(target)
                if layer and layer != source:
                    where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno} imports {target}"
                    graph.setdefault(source, {}).setdefault(layer, []).append(where)
    return graph


def find_cycle(graph: dict[str, dict]) -> list[str] | None:
    """One cycle of the graph as a list of layers (first == last), or None."""
    state: dict[str, str] = {}  # "open" while on the path, "done" once explored
    path: list[str] = []

    def visit(layer: str) -> list[str] | None:
        state[layer] = "open"
        path.append(layer)
        for target in sorted(graph.get(layer, {})):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        state[layer] = "done"
        path.pop()
        return None

    for layer in sorted(graph):
        if layer not in state:
            found = visit(layer)
            if found:
                return found
    return None


def test_the_graph_sees_the_layers():
    graph = import_graph()
    assert "registre.fiche" in graph["registre.activities"]
    assert "registre.activities" in graph["registre.api"]
    assert "registre.models" in graph["registre.fiche"]


def test_find_cycle_names_the_layers_of_a_cycle():
    graph = {"a": {"b": []}, "b": {"c": []}, "c": {"a": []}, "d": {"a": []}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b": []}, "b": {}}) is None


def test_no_import_cycle_between_the_packages_of_registre():
    graph = import_graph()
    cycle = find_cycle(graph) or []
    edges = [f"  {source} → {target}: " + "; ".join(graph[source][target][:3])
             for source, target in zip(cycle, cycle[1:])]
    assert not cycle, "Cycle d'imports entre paquets : " + " → ".join(cycle) + "\n" + \
        "\n".join(edges)
