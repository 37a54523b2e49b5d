"""No import cycles in the components package or the tools, type-only imports included:
each module can be read (and moved) without the ones that import it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tools.mock_runner import ROOT


def imports(package: Path, name: str) -> dict[str, set[str]]:
    """Module (dotted, under the package) -> the modules of the package it imports, relative or
    absolute, anywhere in it (a function's body, `if TYPE_CHECKING:`)."""
    modules = {
        ".".join(path.relative_to(package).with_suffix("").parts)
        .removesuffix(".__init__")
        .removesuffix("__init__"): path
        for path in package.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        here = [part for part in here if part]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module == name or (node.module or "").startswith(f"{name}."):
                target = node.module.split(".")[1:]  # type: ignore[union-attr]
            else:
                continue
            prefix = ".".join(target)
            named = [f"{prefix}.{alias.name}" if prefix else alias.name for alias in node.names]
            found.update(m for m in named if m in modules)
            if prefix in modules and not any(m in modules for m in named):
                found.add(prefix)
        graph[module] = {m for m in found if m != module}
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


# The generators read the models' declarations to write files from them; every other tool
# (the offline commands and the engine they share) uses the package's public API only.
GENERATORS = {"generate.py", "provider_inputs.py", "provider_schema.py"}


def test_the_offline_commands_use_only_the_components_public_api() -> None:
    import components

    internal = []
    for path in sorted((ROOT / "tools").glob("*.py")):
        if path.name in GENERATORS:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("components"):
                if node.module != "components" or not {a.name for a in node.names} <= set(components.__all__):
                    internal.append(f"{path.name}: from {node.module} import {', '.join(a.name for a in node.names)}")
            elif isinstance(node, ast.Import) and any(a.name.startswith("components.") for a in node.names):
                internal.append(f"{path.name}: import {', '.join(a.name for a in node.names)}")
    assert internal == []
