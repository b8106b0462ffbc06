"""Every regular expression of the extractor and of the French tokenizer is linear by
construction: no quantified group holds another quantifier (`(a+)+`, `(?:\\s*x)*`), the shape
that makes backtracking explode on hostile input."""

from __future__ import annotations

import importlib
import re
from re import _constants as constants  # Python 3.11+, as pyproject.toml requires
from re import _parser as parser

import pytest

MODULES = (
    "agenda.lib.frenchdates",
    "agenda.lib.frenchtokens",
    "agenda.lib.frenchwhen",
    "agenda.exchange.programme",
    "agenda.exchange.programme_bounds",
    "agenda.exchange.programme_details",
    "agenda.exchange.programme_late",
    "agenda.exchange.programme_neighbours",
    "agenda.exchange.programme_patterns",
    "agenda.exchange.programme_prose",
    "agenda.exchange.programme_scope",
    "agenda.exchange.programme_sessions",
    "agenda.exchange.programme_text",
    "agenda.exchange.programme_titles",
)
REPEATS = {constants.MAX_REPEAT, constants.MIN_REPEAT}
if hasattr(constants, "POSSESSIVE_REPEAT"):
    REPEATS.add(constants.POSSESSIVE_REPEAT)


def patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for name in MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.append((f"{name}.{attribute}", value))
    return found


def _contains_repeat(items) -> bool:
    for op, value in items:
        if op in REPEATS:
            return True
        if _children_repeat(op, value):
            return True
    return False


def _children_repeat(op, value) -> bool:
    if op == constants.SUBPATTERN:
        return _contains_repeat(value[-1])
    if op == constants.BRANCH:
        return any(_contains_repeat(branch) for branch in value[1])
    if op in (constants.ASSERT, constants.ASSERT_NOT):
        return False  # a lookaround is matched once per position
    return False


def nested_repeats(items) -> list[str]:
    """Repeats whose body holds another repeat."""
    found = []
    for op, value in items:
        if op in REPEATS:
            body = value[2]
            if _contains_repeat(body):
                found.append(str(body)[:80])
            found += nested_repeats(body)
        elif op == constants.SUBPATTERN:
            found += nested_repeats(value[-1])
        elif op == constants.BRANCH:
            for branch in value[1]:
                found += nested_repeats(branch)
        elif op in (constants.ASSERT, constants.ASSERT_NOT):
            found += nested_repeats(value[1])
    return found


def test_the_extractor_has_patterns_to_check():
    assert len(patterns()) > 20


@pytest.mark.parametrize(
    ("name", "pattern"), patterns(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_no_pattern_nests_quantifiers(name, pattern):
    assert nested_repeats(parser.parse(pattern.pattern, pattern.flags)) == []


def test_the_check_itself_finds_a_nested_quantifier():
    assert nested_repeats(parser.parse(r"(?:\s*x)*y"))
    assert not nested_repeats(parser.parse(r"(?:ab|cd)?\s*x+"))
