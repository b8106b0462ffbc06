"""Sessions announced in running prose: "à 17h, un atelier « Écrire simple »", "puis la table
ronde « Les communs » de 18h à 19h".

A time and a title in quotes, in the same clause: nothing but a few words (no full stop, colon or
semicolon) between the time and the opening quote after it, or between the closing quote and the
time after it. A sentence that only restates the event's date ("Rendez-vous le 15 novembre de 14h
à 18h30") names no title in quotes and is left alone.
"""

from __future__ import annotations

import re

from .programme_items import Item
from .programme_patterns import whens_of
from .programme_text import Segment, fold_spaces

# A title in quotes, French or English style (bounded, so that a stray quote costs little).
_QUOTED = re.compile(r"«(?P<a>[^«»\n]{2,150})»|“(?P<b>[^“”\n]{2,150})”|\"(?P<c>[^\"\n]{2,150})\"")
_CLAUSE_END = re.compile(r"[.;:!?]")
_MAX_WORDS_AFTER = 6  # "à 17h, nous vous proposons un atelier « … »"
_MAX_WORDS_BEFORE = 4  # "l'atelier « … » aura lieu à 17h"


def _words(text: str) -> int:
    return len(text.split())


def prose_items(segment: Segment, k: int) -> list[Item]:
    part = segment.parts[k]
    raw = part.raw
    if "«" not in raw and "“" not in raw and '"' not in raw and "&quot;" not in raw:
        return []
    text = part.text
    if "«" not in text and "“" not in text and '"' not in text:
        return []
    quotes = list(_QUOTED.finditer(text))
    whens = [w for w in whens_of(part) if w.slots] if quotes else []
    if not whens:
        return []
    items = []
    used: set[int] = set()
    for when in whens:
        quote = _quote_after(text, when.end, quotes, used) or _quote_before(
            text, when.start, quotes, used
        )
        if quote is None:
            continue
        used.add(quote.start())
        title = fold_spaces(quote["a"] or quote["b"] or quote["c"] or "")
        items.append(Item(when, part, segment, title or None, []))
    return items


def _quote_after(text: str, end: int, quotes: list[re.Match[str]], used: set[int]):
    for quote in quotes:
        if quote.start() < end or quote.start() in used:
            continue
        between = text[end : quote.start()]
        if _CLAUSE_END.search(between) or _words(between) > _MAX_WORDS_AFTER:
            return None
        return quote
    return None


def _quote_before(text: str, start: int, quotes: list[re.Match[str]], used: set[int]):
    for quote in reversed(quotes):
        if quote.end() > start or quote.start() in used:
            continue
        between = text[quote.end() : start]
        if _CLAUSE_END.search(between) or _words(between) > _MAX_WORDS_BEFORE:
            return None
        return quote
    return None
