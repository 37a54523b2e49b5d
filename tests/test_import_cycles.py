"""No import cycles in the components package or the tools, type-only imports included:
each module can be read (and moved) without the ones that import it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tools.mock_runner import ROOT


def imports(package: Path, name: str) -> dict[str, set[str]]:
    """Module -> the modules of the same package it imports (relative or absolute, anywhere in it)."""
    modules = {path.stem: path for path in package.glob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level == 1 and node.module:
                found.add(node.module.split(".")[0])
            elif node.level == 1 or node.module == name:
                found.update(alias.name for alias in node.names)
            elif node.module and node.module.startswith(f"{name}."):
                found.add(node.module.split(".")[1])
        graph[module] = {m for m in found if m in modules and m != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(graph[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while (popped := stack.pop()) != module:
                group.append(popped)
            if group:
                found.append(sorted([module, *group]))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


@pytest.mark.parametrize("package", ["components", "tools"])
def test_no_import_cycles(package: str) -> None:
    assert cycles(imports(ROOT / package, package)) == []


def test_a_cycle_is_found() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
