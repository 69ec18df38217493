"""The tree keeps the architecture of docs/architecture.md: layers that only look down, no
import cycles, small modules. Read from the source, so a violation fails here first."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "server"
MAX_LINES = 400

# What each layer may never import (the domain and infra know no HTTP, no pages, no demo).
FORBIDDEN = {
    "server.domain": ("server.web", "server.permissions", "server.app", "server.demo"),
    "server.infra": ("server.web", "server.permissions", "server.app", "server.domain"),
    "server.worksheets": ("server.web", "server.permissions", "server.domain", "server.infra"),
    "server.guides": ("server.web", "server.permissions", "server.domain", "server.infra"),
}
NO_HTTP = ("starlette", "jinja2", "uvicorn")
# Folders the README names as a whole (one route module per audience, one class per field type).
GROUPED = {"routes", "fields", "middleware"}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``name`` imports (also inside functions), resolved to absolute names."""
    out: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    return out


def _graph() -> dict[str, set[str]]:
    return {
        name: {m for m in _imports(name, path) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }


def test_the_import_graph_has_no_cycles() -> None:
    graph = _graph()
    # A package's __init__ re-exporting its own modules is not a cycle of the design.
    for name in graph:
        graph[name] = {m for m in graph[name] if not m.startswith(name + ".")}
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            cycle = [*path[path.index(name) :], name]
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if name in done:
            return
        for dep in sorted(graph[name]):
            visit(dep, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_lower_layers_never_import_upper_ones(layer: str) -> None:
    wrong = []
    for name, path in MODULES.items():
        if name == layer or name.startswith(layer + "."):
            for imported in _imports(name, path):
                banned = (*FORBIDDEN[layer], *NO_HTTP)
                if any(imported == b or imported.startswith(b + ".") for b in banned):
                    wrong.append(f"{name} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_no_module_over_400_lines() -> None:
    """Small modules: data files aside, none over MAX_LINES."""
    sizes = {name: len(path.read_text("utf-8").splitlines()) for name, path in MODULES.items()}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_the_checks_see_a_violation(tmp_path: Path) -> None:
    """The import reader resolves what the layer test relies on (so it cannot pass blind)."""
    module = tmp_path / "x.py"
    module.write_text("from starlette.requests import Request\nfrom ..web import forms\n")
    found = _imports("server.domain.x", module)
    assert "starlette.requests" in found and "server.web.forms" in found


def _layout_block() -> str:
    readme = (PACKAGE.parent / "README.md").read_text("utf-8")
    section = readme.split("## How the code is laid out", 1)[1].split("\n### ", 1)[0]
    tree = section.split("```", 2)[1]
    return tree.split("\ntemplates/", 1)[0]  # the server/ part of the tree


def test_the_readme_layout_names_every_module_and_only_real_ones() -> None:
    """The README's tree is the map: a module added or removed must show up there."""
    block = _layout_block()
    named = set(re.findall(r"([a-z0-9_]+\.py)\b", block))
    named |= set(re.findall(r"\b([a-z0-9_]+)/", block))
    missing = []
    for path in MODULES.values():
        if path.name == "__init__.py":
            if path.parent != PACKAGE and path.parent.name not in named:
                missing.append(f"{path.parent.name}/")
        elif path.name not in named and path.parent.name not in GROUPED:
            missing.append(path.name)
    assert missing == [], f"not in README's layout: {missing}"
    files = {p.name for p in PACKAGE.rglob("*.py")}
    stale = {n for n in named if n.endswith(".py")} - files
    assert stale == set(), f"README's layout names what is gone: {stale}"
