"""Every regular expression of the extractor and the checks runs in time linear in its input,
by construction (issue 10.4): a page cannot hold a worker by its shape alone.

Python's engine backtracks, so two shapes cost more than linear time, and this test parses every
pattern (Python's own parser, `re._parser`) to prove neither is there:
- a repeat inside a repeat (`(a+)+`, `(?:\\s|\\*{1,3})+` on a run of stars): exponential when
  the match fails, unless the inner one cannot give back (possessive `*+`, atomic `(?>…)`);
- a search (`search`, `finditer`, `sub`, …) with a pattern that can start with a repeat
  (`\\s+-`, `\\d+€`): on a long run that fails, each position scans the rest of the run again,
  which is quadratic, unless a lookbehind (`(?<!\\s)\\s+`) or an anchor keeps it at the run's
  start, or the branch is the repeat alone (it then never fails once started).
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path
from re import _constants as sre
from re import _parser

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [
        *ROOT.glob("agenda/exchange/programme*.py"),
        ROOT / "agenda/lib/frenchdates.py",
        ROOT / "agenda/events/edition_text.py",
        ROOT / "agenda/moderation/edition_checklist.py",
        *ROOT.glob("agenda/checks/rules*.py"),
    ]
)
SEARCHING = {"search", "finditer", "findall", "sub", "subn", "split"}
REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# Searched patterns that may start with a repeat, and why their cost is bounded all the same.
BOUNDED_SEARCHES = {
    "_DAYS_BEFORE": "searched only in the 30 characters before a date",
}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _patterns(value, name: str = ""):
    if isinstance(value, re.Pattern):
        yield name, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns(item, f"{name}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _patterns(item, f"{name}[{index}]")


def _literal_patterns(tree: ast.AST):
    """`re.search(r"…", text)` and friends, written in place rather than compiled once."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            flags = re.S if "flags" in ast.unparse(node) and "re.S" in ast.unparse(node) else 0
            searched = node.func.attr in SEARCHING
            yield f"line {node.lineno}", re.compile(node.args[0].value, flags), searched


def _searched_names(trees: list[ast.AST]) -> set[str]:
    """Names of the patterns some module uses to search (`NAME.finditer(…)`)."""
    names = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr in SEARCHING:
                    target = node.func.value
                    if isinstance(target, ast.Name):
                        names.add(target.id)
                    elif isinstance(target, ast.Attribute):
                        names.add(target.attr)
    return names


def all_patterns() -> list[tuple[str, re.Pattern, bool]]:
    trees = {path: ast.parse(path.read_text()) for path in FILES}
    searched = _searched_names(list(trees.values()))
    found: dict[tuple[str, int], tuple[str, re.Pattern, bool]] = {}
    for path, tree in trees.items():
        module = importlib.import_module(_module_name(path))
        label = path.relative_to(ROOT)
        named = [
            (name, pattern, name.split("[")[0] in searched)
            for variable, value in vars(module).items()
            for name, pattern in _patterns(value, variable)
        ]
        for name, pattern, is_search in [*named, *_literal_patterns(tree)]:
            key = (pattern.pattern, pattern.flags)
            first, _, was = found.get(key, (f"{label}: {name}", pattern, False))
            found[key] = (first, pattern, was or is_search)
    return sorted(found.values(), key=lambda item: item[0])


def nested_repeats(items, inside: bool = False) -> list[str]:
    """Repeats of varying length inside an unbounded repeat that can give back what they took."""
    found = []
    for op, value in items:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            low, high, body = value
            if inside and high != low:  # `{1,3}` or `?` can split a run in several ways too
                found.append(str(_parser.SubPattern(None, [(op, value)]))[:80])
            found += nested_repeats(body, inside or high == sre.MAXREPEAT)
        elif op == sre.POSSESSIVE_REPEAT:  # each iteration commits: it is read one way only
            found += nested_repeats(value[2], False)
        elif op == sre.ATOMIC_GROUP:
            found += nested_repeats(value, False)
        elif op == sre.SUBPATTERN:
            found += nested_repeats(value[-1], inside)
        elif op == sre.BRANCH:
            for branch in value[1]:
                found += nested_repeats(branch, inside)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            found += nested_repeats(value[1], inside)
    return found


def leading_repeats(items, guarded: bool = False) -> list[str]:
    """Unbounded repeats a match can start with, where nothing keeps it to a run's start."""
    items = list(items)
    for index, (op, value) in enumerate(items):
        if op == sre.AT:
            if value in (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING):
                return []
            continue
        if op in (sre.ASSERT, sre.ASSERT_NOT):
            guarded = guarded or value[0] == -1  # a lookbehind
            continue
        if op in REPEATS:
            low, high, body = value
            alone = len(items) == 1
            found = []
            if high == sre.MAXREPEAT and not guarded and not alone:
                found.append(str(_parser.SubPattern(None, [(op, value)]))[:80])
            found += leading_repeats(body, guarded)
            return found + (leading_repeats(items[index + 1 :], guarded) if low == 0 else [])
        if op == sre.SUBPATTERN:
            return leading_repeats(list(value[-1]) + items[index + 1 :], guarded)
        if op == sre.ATOMIC_GROUP:
            return leading_repeats(list(value) + items[index + 1 :], guarded)
        if op == sre.BRANCH:
            rest = items[index + 1 :]
            return [
                found
                for branch in value[1]
                for found in leading_repeats(list(branch) + rest if rest else branch, guarded)
            ]
        return []
    return []


_CATEGORIES = {
    sre.CATEGORY_DIGIT: str.isdigit,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _accepts(item, char: str) -> bool | None:
    """Whether a one-character item accepts `char`; None when it is not one character."""
    op, value = item
    if op == sre.ANY:
        return char != "\n"
    if op == sre.LITERAL:
        return ord(char) == value
    if op == sre.NOT_LITERAL:
        return ord(char) != value
    if op != sre.IN:
        return None
    negate, hit = False, False
    for kind, arg in value:
        if kind == sre.NEGATE:
            negate = True
        elif kind == sre.LITERAL:
            hit = hit or ord(char) == arg
        elif kind == sre.RANGE:
            hit = hit or arg[0] <= ord(char) <= arg[1]
        elif kind == sre.CATEGORY:
            hit = hit or _CATEGORIES.get(arg, lambda c: True)(char)
    return hit != negate


_SAMPLE = [chr(c) for c in range(0x20, 0x7F)] + list("\n\t\xa0éà€’«»–—…")


def _overlap(first, second) -> bool:
    """Some character is accepted by both one-character items."""
    return any(_accepts(first, char) and _accepts(second, char) for char in _SAMPLE)


def rescanning_repeats(items) -> list[str]:
    """Repeats of one character class that accept what every item before them matches: on a
    run of that prefix ("<b<b<b…" for `<[^>]*>`), a failing search scans from each occurrence
    to the end of the run, which is quadratic. A branch anchored at a start is tried once."""
    found, prefix, items = [], [], list(items)
    while items:
        op, value = item = items.pop(0)
        if op == sre.AT and value in (sre.AT_BEGINNING_STRING, sre.AT_BEGINNING) and not prefix:
            return found
        elif _accepts(item, "a") is not None:
            prefix.append(item)
        elif op in REPEATS and len(value[2]) == 1 and _accepts(value[2][0], "a") is not None:
            low, high, (body,) = value
            can_fail_after = bool(items)  # a repeat that ends the pattern never fails
            if high == sre.MAXREPEAT and prefix and can_fail_after:
                if all(_overlap(body, before) for before in prefix):
                    found.append(str(_parser.SubPattern(None, [*prefix, item]))[:100])
            prefix += [body] if low else []
        elif op == sre.SUBPATTERN:
            items = list(value[-1]) + items  # a group reads on in the same sequence
        elif op == sre.BRANCH:
            for branch in value[1] if not prefix else []:
                found += rescanning_repeats(list(branch) + items)
            return found
    return found


PATTERNS = all_patterns()


def test_the_patterns_are_found():
    names = " ".join(name for name, _, _ in PATTERNS)
    assert len(PATTERNS) > 100
    for expected in ("LATE_DATE_ANCHOR", "WEEKDAY_DATE", "_TOKEN", "HOUR"):
        assert expected in names


def test_the_analysis_sees_the_classic_cases():
    def parse(text):
        return _parser.parse(text)

    assert nested_repeats(parse(r"(a+)+b"))
    assert nested_repeats(parse(r"(?:\s|\*{1,3})+x"))  # "******": 3+3, 2+2+2, 1+2+3…
    assert nested_repeats(parse(r"(?:\s|\*{3})+x")) == []  # a fixed length is one way only
    assert nested_repeats(parse(r"(?:[\s*]|\*+)+x"))
    assert nested_repeats(parse(r"(?:\s|\*{1,3}+)+x")) == []  # possessive: one way only
    assert nested_repeats(parse(r"(?>(?:\s|\*+)+)x"))  # atomic outside, ambiguous inside
    assert nested_repeats(parse(r"(?:a|\[[^\]]*+\])*")) == []
    assert leading_repeats(parse(r"\s+-"))
    assert leading_repeats(parse(r",\s*|\s+(?=le)"))
    assert leading_repeats(parse(r"(?<!\s)\s+-")) == []
    assert leading_repeats(parse(r"^\s+-")) == []
    assert leading_repeats(parse(r"<[^>]*>|\*+")) == []  # a branch that is the repeat alone
    assert leading_repeats(parse(r"(?:le\s+)?\d+h"))
    assert rescanning_repeats(parse(r"<[^>]*>"))  # "<b<b<b…"
    assert rescanning_repeats(parse(r"!\[[^\]]*\]"))  # "![![…"
    assert rescanning_repeats(parse(r"<[^<>]*>|!\[[^\[\]]*\]")) == []


@pytest.mark.parametrize("name, pattern, searched", PATTERNS, ids=[p[0] for p in PATTERNS])
def test_no_repeat_inside_a_repeat(name, pattern, searched):
    assert nested_repeats(_parser.parse(pattern.pattern, pattern.flags)) == [], pattern.pattern


@pytest.mark.parametrize("name, pattern, searched", PATTERNS, ids=[p[0] for p in PATTERNS])
def test_no_search_restarts_inside_a_run(name, pattern, searched):
    if not searched or name.rsplit(": ", 1)[-1] in BOUNDED_SEARCHES:
        return
    assert leading_repeats(_parser.parse(pattern.pattern, pattern.flags)) == [], pattern.pattern


@pytest.mark.parametrize("name, pattern, searched", PATTERNS, ids=[p[0] for p in PATTERNS])
def test_no_search_rescans_a_run_of_its_own_prefix(name, pattern, searched):
    if not searched:
        return
    assert rescanning_repeats(_parser.parse(pattern.pattern, pattern.flags)) == [], pattern.pattern
