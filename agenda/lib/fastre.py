"""Regular expressions written so that Python's engine skips, in C, where they cannot start.

Python's `re` tries a pattern at every position of the text. When the pattern opens with a plain
character or class it first jumps to the next position holding one (its "prefix"); a pattern that
opens with a lookbehind or with an alternation of words in IGNORECASE gets no such jump and runs
every alternative at every character of a page (measured on the generated pages: 2–3× the time).

`starting_with(first, pattern)` puts a lookahead on the characters a match can start with in
front of the pattern: one class test per position instead of every alternative. It finds exactly
what `pattern` finds when `first` holds every character a match can start with (with the same
flags: under IGNORECASE the class folds case as the pattern's letters do);
tests/test_fastre.py checks each use against the pattern alone on real and random texts.
"""

from __future__ import annotations

LOOKAHEAD_OPEN = "(?=["
LOOKAHEAD_CLOSE = "])(?:"


def starting_with(first: str, pattern: str) -> str:
    """`pattern` behind a lookahead on `first` (the contents of a character class: every
    character a match can start with)."""
    return f"{LOOKAHEAD_OPEN}{first}{LOOKAHEAD_CLOSE}{pattern})"


def without_lookahead(pattern: str) -> str | None:
    """The pattern given to `starting_with`, or None when `pattern` was not made by it."""
    if not pattern.startswith(LOOKAHEAD_OPEN) or not pattern.endswith(")"):
        return None
    close = pattern.find(LOOKAHEAD_CLOSE, len(LOOKAHEAD_OPEN))
    return None if close < 0 else pattern[close + len(LOOKAHEAD_CLOSE) : -1]
