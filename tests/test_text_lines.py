"""`single_line` and `multi_line` skip their regular expressions for text they would not
change (no control character, no line break, no tab, no double space): the same text out."""

import random
import re

from agenda.lib.text import multi_line, single_line

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_BLANKS = re.compile(r"[ \t\n]+")
ALPHABET = "ab é’«»  \t\n\r\x00\x07\x1f\x7f\x84\x85\x9f\xa0\u2028\u2029\u3000\u200b\ufeff"


def _strings(count: int) -> list[str]:
    rng = random.Random(3)
    found = ["", " ", "  ", "a  b", "Atelier : données", " \xa0x\u3000"]
    for _ in range(count):
        found.append("".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 12))))
        found.append("Titre " + rng.choice(ALPHABET) + " fin")
    return found


def test_single_line_gives_what_its_expressions_give():
    for text in _strings(5000):
        expected = _BLANKS.sub(" ", _LINE_BREAKS.sub("\n", _CONTROLS.sub("", text))).strip()
        assert single_line(text) == expected, repr(text)
    assert single_line(12) == "12" and single_line(None) == ""


def test_multi_line_gives_what_its_expressions_give():
    for text in _strings(5000):
        assert multi_line(text) == _LINE_BREAKS.sub("\n", _CONTROLS.sub("", text)), repr(text)
    assert multi_line(None) == ""
