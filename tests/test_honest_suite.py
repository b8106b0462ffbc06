"""The suite cannot pass by not looking (issue 8, item 7): no project module swallows an
ImportError, no test is skipped because a project module is missing, test helpers live under
tests/ (never in the app)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError"}


def caught_names(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {kind.id for kind in kinds if isinstance(kind, ast.Name)}


def import_errors_caught(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and node.type and caught_names(node) & IMPORT_ERRORS
    ]


def test_no_project_module_swallows_an_import_error():
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "agenda").rglob("*.py"))
        for line in import_errors_caught(path)
    ]
    assert found == []


def test_the_import_error_finder_sees_a_tuple_of_exceptions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "try:\n    import x\nexcept (ValueError, ModuleNotFoundError):\n    x = None\n"
        "try:\n    y = 1\nexcept KeyError:\n    pass\n"
    )
    assert import_errors_caught(module) == [3]


def test_no_test_is_skipped_because_a_project_module_is_missing():
    guard = re.compile(r"""(importorskip|find_spec)\(\s*["']agenda""")
    found = [
        path.name
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path != Path(__file__) and guard.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_test_helpers_live_under_tests_not_in_the_app():
    in_app = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "agenda").rglob("*.py"))
        if path.stem in ("testing", "conftest")
        or re.search(r"^\s*(import pytest|from pytest)", path.read_text(encoding="utf-8"), re.M)
    ]
    assert in_app == []
