"""The shape of the code a maintainer reads: no import cycle between the project's modules (imports inside
functions and in a package's __init__ count), and no production module over MAX_LINES lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from harness.repo import REPO_ROOT

# Import name -> its source folder, for every package of the project.
PACKAGES = {
    "rds_proxy_tools": REPO_ROOT / "scripts" / "rds_proxy_tools",
    "rds_connect": REPO_ROOT / "lambda_src" / "rds_connect",
    "harness": REPO_ROOT / "tests" / "harness",
}
PRODUCTION = ("rds_proxy_tools", "rds_connect")
MAX_LINES = 400


def modules() -> dict[str, Path]:
    """Every module of the project by its dotted name; a package is its __init__.py."""
    found = {}
    for package, folder in PACKAGES.items():
        for path in folder.rglob("*.py"):
            parts = [package, *path.relative_to(folder).with_suffix("").parts]
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `name` imports anywhere in its file: `from P import N` imports the module P.N when there
    is one, else P itself (N is then a name of P, taken through P's __init__)."""
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in known else source)
    return {target for target in targets if target in known and target != name}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_between_the_projects_modules():
    known = modules()
    graph = {name: imports(name, path, known) for name, path in known.items()}
    assert cycles(graph) == []


def test_the_cycle_finder_sees_cycles_through_a_lazy_import_and_an_init(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("from pkg import checks, model\n\nLIMIT = 1\n")
    (tmp_path / "pkg" / "checks.py").write_text("from pkg import model\n\n\ndef f():\n    from pkg import LIMIT\n")
    (tmp_path / "pkg" / "model.py").write_text("")
    (tmp_path / "pkg" / "lazy.py").write_text("def g():\n    from .other import x\n")
    (tmp_path / "pkg" / "other.py").write_text("from pkg.lazy import g\n")
    known = {
        "pkg": tmp_path / "pkg" / "__init__.py",
        **{f"pkg.{p.stem}": p for p in (tmp_path / "pkg").glob("*.py") if p.stem != "__init__"},
    }
    graph = {name: imports(name, path, known) for name, path in known.items()}
    assert cycles(graph) == [["pkg", "pkg.checks"], ["pkg.lazy", "pkg.other"]]


@pytest.mark.parametrize("package", PRODUCTION)
def test_no_production_module_is_over_the_line_limit(package):
    long = {
        str(path.relative_to(REPO_ROOT)): lines
        for path in PACKAGES[package].rglob("*.py")
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
