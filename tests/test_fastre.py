"""Patterns written for speed (lib.fastre) find exactly what they found before.

Each pattern put behind a lookahead on its first characters (`starting_with`) is compared with
the pattern alone, and each pattern whose look-behind was moved after its first characters with
its earlier spelling, on real pages (the corpus, our test pages), generated pages and random
texts made of the characters that fold case in unusual ways (ſ, K, İ, ı…).
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
from pathlib import Path

import pytest

import agenda
from agenda.lib.fastre import starting_with, without_lookahead
from bench.generate import make_page
from tests.conftest import SHARED

TESTS = Path(__file__).resolve().parent
# Letters that match other letters under IGNORECASE, digits of other scripts, marks, markup.
_ODD = "ſKkİıiIsSΣσςµµ٣३²①\u0301\u00a0\u202f’«»–—…<>/*_[]()=\"'&;:.,-\n\t "
_WORDS = (
    "lundi", "Mardi", "jeudi", "le", "03/11", "14h30", "2023", "19", "20", "75015", "750150",
    "Accessible", "aux", "personnes", "à", "mobilité", "réduite", "PMR", "sur", "inscription",
    "inscriptions", "obligatoire", "gratuit", "entrée", "libre", "payant", "tarif", "12,50",
    "15 €", "euros", "onclick", "style", "href", "javascript:", "sous-titré", "boucle",
    "interprète", "LSF", "novembre", "2024", "1er", "<b>", "**", "&nbsp;",
)  # fmt: skip


def _texts() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted((TESTS / "pages").glob("*.m*"))]
    corpus = SHARED / "corpus" / "numerique.gouv.fr"
    if corpus.exists():
        texts += [path.read_text(encoding="utf-8") for path in sorted(corpus.rglob("*.m*"))]
    texts += [make_page(index).text for index in range(200)]
    rng = random.Random(11)
    for _ in range(3000):
        pieces = [rng.choice(_WORDS) if rng.random() < 0.6 else rng.choice(_ODD) for _ in range(12)]
        texts.append("".join(piece + rng.choice(("", " ", "  ", "\n")) for piece in pieces))
    return texts


TEXTS = _texts()


def _found(pattern: re.Pattern[str], texts: list[str]) -> list:
    return [[m.regs for m in pattern.finditer(text)] for text in texts]


def _fast_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = {}
    for module in pkgutil.walk_packages(agenda.__path__, "agenda."):
        if ".migrations" in module.name or module.name.endswith((".wsgi", ".__main__")):
            continue
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if isinstance(value, re.Pattern) and without_lookahead(value.pattern) is not None:
                found[id(value)] = (f"{module.name}.{name}", value)
    return sorted(found.values(), key=lambda item: item[0])


FAST = _fast_patterns()


def test_the_patterns_written_for_speed_are_found():
    names = {name for name, _ in FAST}
    assert {
        "agenda.exchange.programme_details._ACCESSIBILITY",
        "agenda.checks.rules_text.WEEKDAY_DATE",
    } <= names


@pytest.mark.parametrize("name, pattern", FAST, ids=[name for name, _ in FAST])
def test_a_pattern_behind_its_first_characters_finds_what_it_found_alone(name, pattern):
    alone = re.compile(without_lookahead(pattern.pattern), pattern.flags)
    found = _found(pattern, TEXTS)
    assert found == _found(alone, TEXTS)
    assert any(found), f"{name} finds nothing in the texts: the comparison proves nothing"


def test_starting_with_refuses_nothing_it_did_not_make():
    assert without_lookahead(r"(?<!\d)\d{5}") is None
    assert without_lookahead(starting_with("ab", "a|b")) == "a|b"


@pytest.mark.parametrize(
    "module, name, before",
    [
        ("agenda.checks.rules_text", "ANY_YEAR", r"(?<!\d)(?:19|20)\d\d(?!\d)"),
        ("agenda.checks.rules_content", "_POSTCODE", r"(?<!\d)\d{5}(?!\d)"),
    ],
)
def test_a_look_behind_moved_after_the_first_digits_finds_what_it_found_before(
    module, name, before
):
    pattern = getattr(importlib.import_module(module), name)
    earlier = re.compile(before, pattern.flags)
    found = _found(pattern, TEXTS)
    assert found == _found(earlier, TEXTS)
    assert sum(map(len, found)) > 100


def test_the_front_matter_read_a_line_at_a_time_is_the_one_read_a_character_at_a_time():
    from agenda.lib.frontmatter import FRONT_MATTER

    earlier = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)
    rng = random.Random(7)
    pieces = ("---", "...", "\n", "\r\n", "\r", " ", "\t", "a", "-", "\ufeff", ".", "x: 1")
    texts = TEXTS + ["".join(rng.choices(pieces, k=rng.randint(0, 14))) for _ in range(20_000)]
    found = [m and m.regs for m in map(FRONT_MATTER.match, texts)]
    assert found == [m and m.regs for m in map(earlier.match, texts)]
    assert sum(1 for m in found if m) > 300


def test_has_anchor_says_what_eleven_substring_tests_said():
    from agenda.lib.frenchtokens import _ANCHOR_WORDS, has_anchor

    rng = random.Random(5)
    words = (*_ANCHOR_WORDS, "MIDI", "Jeudi", "aujourd’hui", "mİdi", "ſamedi", "jou", "r")
    texts = TEXTS + ["".join(rng.choices(words + tuple(_ODD), k=4)) for _ in range(20_000)]

    def earlier(text: str) -> bool:
        low = text.lower()
        return bool(re.search("[0-9]", text)) or any(word in low for word in _ANCHOR_WORDS)

    said = [has_anchor(text) for text in texts]
    assert said == [earlier(text) for text in texts]
    assert 1000 < sum(said) < len(texts) - 1000
