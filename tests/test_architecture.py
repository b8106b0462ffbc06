"""The layers of docs/architecture.md, held by reading the import graph (Python's `ast`).

- Packages: a package of `agenda/` imports only from the packages listed before it in the
  layer list of docs/architecture.md (so the package graph has no cycle).
- Within the project: a module that is not presentation (views, urls, forms, admin, the API,
  template tags, management commands) never imports presentation.
- Nobody imports another package's private name (`from agenda.x.y import _name`).
"""

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "agenda"
# The graph is the code's, whatever the database: read once, in the SQLite run.
pytestmark = pytest.mark.sqlite_only

PRESENTATION = re.compile(
    r"\.(apps|views|views_\w+|urls|forms|admin|api|templatetags|management)(\.|$)"
)


def layer_order() -> list[str]:
    """The packages in the ```layers block of docs/architecture.md, lowest first."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no ```layers block"
    return [line.split()[0] for line in block.group(1).splitlines() if line.strip()]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _load_time_nodes(tree: ast.AST) -> list[ast.AST]:
    """The nodes run when the module is loaded: everything but function bodies."""
    nodes, pending = [], [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(ast.iter_child_nodes(node))
    return nodes


def imports_of(
    path: Path, root: Path = ROOT, *, at_load: bool = False
) -> list[tuple[str, list[str], int]]:
    """(imported module, names imported from it, line) for every import, local ones included
    (`at_load`: only those run when the module is loaded, not inside functions)."""
    module = module_name(path, root)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = parsed(path.read_text(encoding="utf-8"))
    found = []
    for node in sorted(
        _load_time_nodes(tree) if at_load else ast.walk(tree),
        key=lambda node: getattr(node, "lineno", 0),
    ):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            found.append((target, [alias.name for alias in node.names], node.lineno))
    return [item for item in found if item[0] == "agenda" or item[0].startswith("agenda.")]


@functools.cache
def parsed(source: str) -> ast.Module:
    """A module's syntax tree, parsed once for every test of this file."""
    return ast.parse(source)


def project_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def top_package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and (PACKAGE / parts[1]).is_dir() else ""


def test_the_layer_list_names_every_package_once():
    order = layer_order()
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert sorted(order) == packages


def test_packages_import_only_from_the_layers_below_them():
    rank = {name: i for i, name in enumerate(layer_order())}
    wrong = []
    for path in project_modules():
        source = top_package(module_name(path))
        if not source:
            continue  # agenda.settings, agenda.urls, agenda.wsgi: the project sits on top
        for target, _, line in imports_of(path):
            imported = top_package(target)
            if imported and imported != source and rank[imported] > rank[source]:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {source} → {imported}")
    assert wrong == []


def test_only_presentation_imports_presentation():
    wrong = []
    for path in project_modules():
        module = module_name(path)
        if PRESENTATION.search(module):
            continue
        for target, names, line in imports_of(path):
            imported = [m for m in (target, *(f"{target}.{n}" for n in names)) if is_module(m)]
            if any(PRESENTATION.search(m) for m in imported):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module} → {target}")
    assert wrong == []


def is_module(module: str, root: Path = ROOT) -> bool:
    relative = root / Path(*module.split("."))
    return relative.with_suffix(".py").exists() or (relative / "__init__.py").exists()


def load_time_graph(paths: list[Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Module → the project modules it imports when loaded (`from x import module` counted)."""
    graph = {}
    for path in paths:
        module = module_name(path, root)
        targets = set()
        for target, names, _line in imports_of(path, root, at_load=True):
            named = {f"{target}.{name}" for name in names if is_module(f"{target}.{name}", root)}
            targets |= named or {target}
        graph[module] = {t for t in targets if t != module and is_module(t, root)}
    return graph


def cycle_in(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the graph (its modules, the first one again at the end), or []."""
    done: set[str] = set()

    def visit(module: str, path: list[str]) -> list[str]:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return []
        for target in sorted(graph.get(module, ())):
            found = visit(target, [*path, module])
            if found:
                return found
        done.add(module)
        return []

    for module in sorted(graph):
        found = visit(module, [])
        if found:
            return found
    return []


def test_no_module_imports_itself_back_when_loaded():
    """Inside a package too: a module-level cycle breaks on whichever module loads first."""
    assert cycle_in(load_time_graph(project_modules())) == []


def test_the_cycle_finder_finds_a_cycle_of_load_time_imports_only(tmp_path):
    package = tmp_path / "agenda" / "shop"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("from .c import thing\n")
    (package / "c.py").write_text("def later():\n    from .a import x\n")
    paths = sorted(package.glob("*.py"))
    assert cycle_in(load_time_graph(paths, tmp_path)) == []

    (package / "c.py").write_text("from .a import x\n")
    assert cycle_in(load_time_graph(paths, tmp_path)) == [
        "agenda.shop.a",
        "agenda.shop.b",
        "agenda.shop.c",
        "agenda.shop.a",
    ]


def test_no_private_name_is_imported_from_another_package():
    wrong = []
    for path in project_modules():
        source = top_package(module_name(path))
        for target, names, line in imports_of(path):
            private = [name for name in names if name.startswith("_") and not name.startswith("__")]
            if private and top_package(target) != source:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {target}.{', '.join(private)}")
    assert wrong == []


def test_the_graph_reader_resolves_relative_and_local_imports(tmp_path):
    package = tmp_path / "agenda" / "shop"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "services.py").write_text(
        "from . import views\nfrom .models import _secret\n"
        "def later():\n    from agenda.events.models import Event\n"
    )
    assert imports_of(package / "services.py", root=tmp_path) == [
        ("agenda.shop", ["views"], 1),
        ("agenda.shop.models", ["_secret"], 2),
        ("agenda.events.models", ["Event"], 4),
    ]
