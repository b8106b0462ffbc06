"""Settings: every environment variable is read in settings.py through its helpers, README's
table lists exactly those variables, and nothing else in the code reads settings by default."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = ROOT / "agenda" / "settings.py"
HELPERS = {"env", "env_is_set", "envbool", "envint", "envfloat", "envlist"}


def helper_nodes(tree: ast.Module) -> set[int]:
    """The nodes inside the helpers' own definitions."""
    helpers = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in HELPERS]
    return {id(node) for helper in helpers for node in ast.walk(helper)}


def variables_read_by_settings() -> set[str]:
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    inside = helper_nodes(tree)
    names = set()
    for node in ast.walk(tree):
        if id(node) in inside:
            continue
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in HELPERS:
            first = node.args[0]
            assert isinstance(first, ast.Constant), f"settings.py:{node.lineno}: a literal name"
            names.add(first.value)
    return names


def variables_in_readme_table() -> set[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings (environment variables)", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    return names


def test_the_readme_table_lists_exactly_the_variables_settings_reads():
    read, documented = variables_read_by_settings(), variables_in_readme_table()
    assert read - documented == set(), "read by settings.py, missing from README's table"
    assert documented - read == set(), "in README's table, never read by settings.py"


def test_only_the_helpers_of_settings_py_read_the_environment():
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    inside = helper_nodes(tree)
    outside = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "environ" and id(node) not in inside
    ]
    assert outside == [], f"settings.py lines {outside} read os.environ directly"


def test_no_setting_is_read_with_a_default_elsewhere():
    """A default given in passing (getattr(settings, X, default)) is a setting nobody declared."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in (ROOT / "agenda").rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "getattr(settings" in line
    ]
    assert found == []


def test_a_variable_missing_from_the_table_is_found(tmp_path, monkeypatch):
    import tests.test_settings as module

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (tmp_path / "README.md").write_text(readme.replace("| `CACHE_URL` |", "| CACHE_URL |"))
    monkeypatch.setattr(module, "ROOT", tmp_path)
    assert "CACHE_URL" in variables_read_by_settings() - variables_in_readme_table()
