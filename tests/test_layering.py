"""The import graph of the project's apps: no cycle between modules, and no import upward
against the layering of docs/architecture.md.

    demo → accounts → ops → public → imports → reports → indicators → evidence → aspects → programs → audit

An app imports only apps to its right; `jobs` and `sheets` import no domain app and any app may import them;
`demo` sits above everything and nothing imports it; `ops` (health check, logs, request guards)
listens to the workflow and nothing imports it; `asm_tracker` is the wiring (settings, URLs,
the Celery app) and imports anything. Every module is parsed with `ast`, so an import inside a
function counts as much as one at the top: a lazy import hides a cycle, it does not remove it.
Imports under `if TYPE_CHECKING:` never run, so they cannot close a cycle, but they still may
not point upward: a lower app does not name a higher one's types.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = [
    "demo",
    "accounts",
    "ops",
    "public",
    "imports",
    "reports",
    "indicators",
    "evidence",
    "aspects",
    "programs",
    "audit",
]
UTILITIES = ["jobs", "sheets"]  # import no domain app; any app may import them
WIRING = ["asm_tracker"]
APPS = LAYERS + UTILITIES + WIRING


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "aspects.models"
    target: str  # the imported module of the project, e.g. "programs.workflow"
    line: int
    type_only: bool

    def __str__(self) -> str:
        path = self.source.replace(".", "/") + ".py"
        hint = " (under TYPE_CHECKING)" if self.type_only else ""
        return f"{path}:{self.line} imports {self.target}{hint}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for app in APPS for path in sorted((ROOT / app).rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` is, or the nearest package of it that is; None outside the project."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(source: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    found: list[Import] = []

    def add(name: str, node: ast.AST, type_only: bool) -> None:
        target = _resolve(name, modules)
        if target and target != source and not source.startswith(target + "."):
            found.append(Import(source, target, node.lineno, type_only))

    def visit(node: ast.AST, type_only: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.body:
                visit(child, True)
            for child in node.orelse:
                visit(child, type_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node, type_only)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            for alias in node.names:
                # `from package import module` imports the module; `from module import name`, the module.
                submodule = f"{origin}.{alias.name}"
                add(submodule if submodule in modules else origin, node, type_only)
        for child in ast.iter_child_nodes(node):
            visit(child, type_only)

    visit(tree, False)
    return list(dict.fromkeys(found))  # one per statement, not per name imported


def import_graph() -> list[Import]:
    modules = project_modules()
    return [each for source, path in modules.items() for each in imports_of(source, path, modules)]


def app_of(module: str) -> str:
    return module.split(".")[0]


def allowed(source_app: str, target_app: str) -> bool:
    if source_app == target_app or source_app in WIRING:
        return True
    if target_app == "demo" or target_app in WIRING:
        return False
    if target_app in UTILITIES:
        return True
    if source_app in UTILITIES:
        return False
    return LAYERS.index(source_app) < LAYERS.index(target_app)


def tangles(edges: list[Import]) -> list[list[Import]]:
    """The groups of modules that import each other (strongly connected, Tarjan), each as the
    imports between its members: any one of them closes a cycle."""
    graph: dict[str, list[str]] = {}
    for edge in edges:
        graph.setdefault(edge.source, []).append(edge.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, []):
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(group)

    for module in sorted(graph):
        if module not in index:
            connect(module)
    return [[edge for edge in edges if edge.source in group and edge.target in group] for group in groups]


def test_the_graph_sees_lazy_and_relative_imports():
    edges = {(each.source, each.target) for each in import_graph()}
    # Module level, relative to the package, and a submodule named in `from . import`.
    assert ("aspects.models", "programs.workflow") in edges
    assert ("aspects.models", "aspects.progress") in edges
    assert ("programs.views", "programs.models") in edges
    # Inside a function body (AppConfig.ready).
    assert ("evidence.apps", "evidence.models") in edges


def test_no_module_imports_another_that_imports_it_back():
    found = tangles([each for each in import_graph() if not each.type_only])
    message = "\n".join("Modules that import each other:\n  " + "\n  ".join(map(str, group)) for group in found)
    assert not found, message


def test_no_app_imports_an_app_above_it():
    upward = [each for each in import_graph() if not allowed(app_of(each.source), app_of(each.target))]
    message = f"Imports against the layering ({' → '.join(LAYERS)}; jobs and sheets below them all):\n  "
    assert not upward, message + "\n  ".join(map(str, upward))


def test_a_cycle_is_reported_as_the_imports_that_close_it():
    there = Import("x.a", "x.b", 3, False)
    back = Import("x.b", "x.a", 7, False)
    onward = Import("x.b", "x.c", 8, False)
    assert tangles([there, back, onward]) == [[there, back]]
    assert str(back) == "x/b.py:7 imports x.a"


def test_the_layering_rules_read_as_documented():
    assert allowed("evidence", "aspects") and not allowed("aspects", "evidence")
    assert allowed("public", "audit") and not allowed("audit", "programs")
    assert allowed("reports", "jobs") and not allowed("jobs", "programs")
    assert allowed("evidence", "sheets") and not allowed("sheets", "audit")
    assert allowed("demo", "evidence") and not allowed("public", "demo")
    assert allowed("asm_tracker", "public") and not allowed("programs", "asm_tracker")
