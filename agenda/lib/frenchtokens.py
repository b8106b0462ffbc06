"""A tokenizer of French date and time expressions.

Editors write when something happens in many ways: `Le jeudi 03/11 de 16h15 à 18h15`,
`13 et 14 juin 2019, de 9h à 19h`, `Du 16/11 au 20/11`, `du 1er au 14 décembre 2022`,
`Mardi 30 novembre, 17h-17h30`, `à midi`, `Le 24 novembre, toute la journée`, `Jour 2`.
`tokenize(text)` finds the words and numbers these are made of: times (`9h`, `14 h 30`, `9:30`,
`18 heures`, `midi`), numeric dates (`03/11`, `3/11/2023`), day numbers, `1er`, ordinals, years,
months, weekdays, the small words that join them (`le`, `du`, `au`, `de`, `à`, `et`, `ou`…) and
phrases (`à partir de`, `jusqu’au`, `toute la journée`); other words are left out and only
separate them. `frenchwhen.read_when` reads expressions from these tokens.

The pattern is a flat alternation (no quantified group holds another quantifier), so matching is
linear in the length of the text; words are classified by a dictionary.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

# Chunks of text a date or a time is made of; every alternative is flat (no quantified group
# holds another quantifier), so matching is linear. Words are classified in Python, by a
# dictionary: the pattern stays small and fast whatever the vocabulary.
_CHUNK = re.compile(
    r"[0-9]{1,2} ?[hH] ?[0-5][0-9](?![\w])"  # 14h30, 14 h 30
    r"|[0-9]{1,2} ?[hH](?![\w])"  # 9h, 17 H
    r"|[0-9]{1,2} heures? [0-5][0-9](?![\w])"  # 18 heures 30
    r"|[0-9]{1,2} heures?(?![\w])"  # 18 heures
    r"|[0-9]{1,2}:[0-5][0-9](?![\w:])"  # 9:30
    r"|[0-9]{1,2}/[0-9]{1,2}/[0-9][0-9][0-9][0-9](?![\w/])"  # 03/11/2023
    r"|[0-9]{1,2}/[0-9]{1,2}/[0-9][0-9](?![\w/])"  # 03/11/23
    r"|[0-9]{1,2}/[0-9]{1,2}(?![\w/])"  # 03/11
    r"|[0-9]{1,2}\.[0-9]{1,2}\.[0-9][0-9][0-9][0-9](?![\w.])"  # 14.11.2023
    r"|[0-9]{1,2}\.[0-9]{2}\.[0-9][0-9](?!\w|\.[0-9])"  # 14.11.23
    r"|[0-9]{1,2}\.[0-9][0-9](?!\w|[.,][0-9])"  # 14.11 (checked below: a day and a month)
    r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9](?![\w-])"  # 2023-11-03
    r"|(?<![\w-])[jJ][1-9](?![\w-])"  # J2: the second day
    r"|[0-9]+[^\W\d_]*"  # 3, 2023, 1er, 2e, 3ème
    r"|[^\W\d_]+['’.]?"  # a word, "jusqu’", "déc."
    r"|->|[-–—,/:&()→>]"  # "9h→10h", "9h -> 10h", "9h > 10h": arrows join a range too
)
_TIME_CHUNK = re.compile(r"([0-9]{1,2}) ?(?:heures?|[hH:]) ?([0-9][0-9])?")
_ORDINAL_SUFFIXES = {"e", "è", "ème", "eme", "ᵉ", "nd", "nde"}
_FIRST = {"1er", "1ère", "1ere", "1re", "1ᵉʳ"}
_PUNCTUATION = {"-": "dash", "–": "dash", "—": "dash", "→": "dash", ">": "dash", ",": "comma",
                "/": "slash", ":": "colon", "&": "amp", "(": "paren", ")": "paren"}  # fmt: skip
_MONTH_WORDS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11,
    "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_CONNECTORS = ("le", "les", "du", "au", "aux", "à", "a", "de", "d’", "d'", "dès", "des",
               "entre", "et", "ou", "puis", "ce", "jour")  # fmt: skip
# Words that only count inside a longer phrase: "à partir de", "jusqu’au", "toute la journée".
_PHRASE_WORDS = ("partir", "jusqu'", "jusqu’", "toute", "la", "journée", "journee", "entière",
                 "entiere", "complète", "complete", "tout", "long", "en", "continu")  # fmt: skip
# Ordinals in words, for "Premier jour", "Troisième jour" (digits: "2e jour").
_ORDINAL_WORDS = {
    "premier": 1, "première": 1, "premiere": 1, "deuxième": 2, "deuxieme": 2, "second": 2,
    "seconde": 2, "troisième": 3, "troisieme": 3, "quatrième": 4, "quatrieme": 4,
    "cinquième": 5, "cinquieme": 5, "sixième": 6, "sixieme": 6, "septième": 7, "septieme": 7,
}  # fmt: skip
# Every word the tokenizer keeps, lower-cased as written: (kind, value).
_WORDS: dict[str, tuple[str, object]] = {
    **{word: ("word", None) for word in _CONNECTORS + _PHRASE_WORDS},
    **{name: ("month", number) for name, number in _MONTH_WORDS.items()},
    **{f"{name}.": ("month", number) for name, number in _MONTH_WORDS.items() if len(name) < 6},
    **{name: ("weekday", n) for n, name in enumerate(WEEKDAY_NAMES)},
    **{f"{name}s": ("weekday", n) for n, name in enumerate(WEEKDAY_NAMES)},
    **{f"{name[:3]}.": ("weekday", n) for n, name in enumerate(WEEKDAY_NAMES)},  # "sam. 7/9"
    **{word: ("ordinal", n) for word, n in _ORDINAL_WORDS.items()},  # "troisième jour"
    "midi": ("time", dt.time(12)),
    "minuit": ("time", dt.time(0)),
}
_PHRASES = (
    (("à", "partir", "de"), "from"), (("à", "partir", "du"), "from"),
    (("a", "partir", "de"), "from"), (("a", "partir", "du"), "from"),
    (("jusqu'", "à"), "until"), (("jusqu'", "au"), "until"), (("jusqu'", "a"), "until"),
    (("jusqu’", "à"), "until"), (("jusqu’", "au"), "until"), (("jusqu’", "a"), "until"),
    (("toute", "la", "journée"), "wholeday"), (("toute", "la", "journee"), "wholeday"),
    (("journée", "entière"), "wholeday"), (("journée", "complète"), "wholeday"),
    (("journee", "entiere"), "wholeday"), (("journee", "complete"), "wholeday"),
    (("en", "continu"), "wholeday"), (("tout", "au", "long", "de", "la", "journée"), "wholeday"),
    (("tout", "au", "long", "de", "la", "journee"), "wholeday"),
)  # fmt: skip
_ANCHOR_WORDS = ("midi", "minuit", "jour", "continu", "lundi", "mardi", "mercredi", "jeudi",
                 "vendredi", "samedi", "dimanche")  # fmt: skip
_DIGIT = re.compile(r"[0-9]")
# The words above as one search of the lower-cased text (words spelled in lower case, no flag:
# searched in C from their first letters, where eleven `in` tests ran a generator).
_ANCHOR_WORD = re.compile("|".join(_ANCHOR_WORDS))


def has_anchor(text: str) -> bool:
    """Might the text hold a date or a time? A cheap test before tokenizing."""
    if _DIGIT.search(text):
        return True
    return _ANCHOR_WORD.search(text.lower()) is not None


@dataclass(slots=True)
class Token:
    kind: str  # time, numdate, first, ordinal, year, num, month, weekday, wholeday, until,
    #            from, word, dash, comma, slash, colon, amp
    start: int
    end: int
    text: str  # lower-cased as written
    value: object = None  # time, (day, month, year), int…


@functools.lru_cache(maxsize=1024)
def parse_time(text: str) -> dt.time | None:
    """The time of a `time` token: "9h", "14 h 30", "9:30", "18 heures", "midi", "minuit"."""
    low = text.lower()
    if low == "midi":
        return dt.time(12)
    if low == "minuit":
        return dt.time(0)
    match = _TIME_CHUNK.match(text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if hour == 24 and minute == 0:
        return dt.time(0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


_DATE_SEPARATOR = re.compile(r"[/.]")


def _numdate(text: str) -> tuple[int, int, int | None] | None:
    if "-" in text:  # 2023-11-03
        year, month, day = (int(x) for x in text.split("-"))
        return day, month, year
    written = _DATE_SEPARATOR.split(text)
    pieces = [int(x) for x in written]
    year = pieces[2] if len(pieces) == 3 else None
    if year is not None and len(written[2]) == 2:
        year += 2000  # "03/11/23"
    return pieces[0], pieces[1], year


def tokenize(
    text: str, start: int = 0, end: int | None = None, *, contiguous: bool = False
) -> list[Token]:
    """The date and time words of text[start:end], in order (other words are left out and
    only separate them). `contiguous`: stop at the first thing that is not one of them (what
    `read_when` needs to read an expression at `start`)."""
    tokens: list[Token] = []
    stop = len(text) if end is None else end
    previous_end = start
    for match in _CHUNK.finditer(text, start, stop):
        if contiguous and match.start() > previous_end:
            gap = text[previous_end : match.start()]
            if not gap.isspace():
                break
        raw = match.group()
        first = raw[0]
        if first in "jJ" and len(raw) == 2 and raw[1] in "0123456789":
            # "J2" is "jour 2": two adjacent tokens, as the grammar reads them.
            tokens.append(Token("word", match.start(), match.start() + 1, "jour"))
            token = Token("num", match.start() + 1, match.end(), raw[1], int(raw[1]))
        elif first.isdigit():
            token = _number(text, raw, match.start(), match.end())
        elif first in _PUNCTUATION:
            token = Token(_PUNCTUATION[first], match.start(), match.end(), raw)
        else:
            token = _word(raw, match.start(), match.end())
            if (
                token is not None
                and token.kind == "time"
                and text[max(0, match.start() - 6) : match.start()].lower() in ("après-", "apres-")
            ):
                token = None  # "après-midi" is no noon
        if token is not None:
            tokens.append(token)
        elif contiguous:
            break
        previous_end = match.end()
    if any(token.kind == "dottime" for token in tokens):
        tokens = _dotted_times(text, tokens)
    return _phrases(text, tokens)


def _number(text: str, raw: str, start: int, end: int) -> Token | None:
    if start and (text[start - 1].isalnum() or text[start - 1] in ":/.,_"):
        return None  # part of a reference, a version, an amount: "v2.3", "n°12", "1,5"
    low = raw.lower()
    if "/" in raw or (len(raw) == 10 and raw[4] == "-"):
        return Token("numdate", start, end, low, _numdate(raw))
    if "." in raw:
        return _dotted(text, raw, start, end)
    if "h" in low or ":" in raw:
        value = parse_time(raw)
        return Token("time", start, end, low, value) if value else None
    digits = low.rstrip("abcdefghijklmnopqrstuvwxyzèéᵉʳº")
    suffix = low[len(digits) :]
    if not (digits.isascii() and digits.isdigit()):
        return None
    if suffix:
        if low in _FIRST or low == "1º":
            return Token("first", start, end, low, 1)
        if suffix in _ORDINAL_SUFFIXES and len(digits) <= 2:
            return Token("ordinal", start, end, low, int(digits))
        return None
    if end < len(text) and text[end] in ".," and end + 1 < len(text) and text[end + 1].isdecimal():
        return None  # "1,5", "2.0"
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return Token("year", start, end, low, int(digits))
    if len(digits) <= 2:
        return Token("num", start, end, low, int(digits))
    return None


_NUMBERED_BEFORE = re.compile(
    r"(?:version|v|art|article|chapitre|section|étape|partie|point|n°|no|numéro)\.?\s*$",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(r"\s?(?:€|%|euros?\b|[km]?m\b|kg\b|ko\b|mo\b|go\b)", re.IGNORECASE)


def _dotted(text: str, raw: str, start: int, end: int) -> Token | None:
    """ "14.11", "14.11.2023": a date when it reads as a day and a month (not "12.50 €",
    "3.45", a version number)."""
    pieces = raw.split(".")
    if not all(piece.isascii() and piece.isdigit() for piece in pieces):
        return None  # "².0": a superscript is a digit to the chunk, not to a date
    value = _numdate(raw)
    day, month, _ = value
    if _AMOUNT_AFTER.match(text, end) or _NUMBERED_BEFORE.search(text, max(0, start - 12), start):
        return None  # "12.50 €", "version 1.12", "article 3.10"
    if not (1 <= day <= 31 and 1 <= month <= 12):
        if len(pieces) == 2 and len(pieces[1]) == 2 and day <= 23 and month <= 59:
            # "9.30", "14.00": maybe a time; `_dotted_times` decides from its neighbours.
            return Token("dottime", start, end, raw, dt.time(day, month))
        return None
    if len(pieces[1]) != 2 and len(pieces[-1]) != 4:
        return None  # "14.11", "14.11.23": a two-digit month (not "3.5", "1.2.34")
    return Token("numdate", start, end, raw.lower(), value)


_JOINERS = ("dash", "until")
_JOINER_WORDS = ("à", "a", "au")
# What may come before a time that starts an item: bullets, numbers of a list, marks, spaces.
_ITEM_MARKS = " \t*_#>|[(•·►▸▶-"
_LIST_NUMBER = re.compile(r"[0-9]{1,2}[.)]\s")
_HEADER_AFTER = re.compile(r"[\s*_\])]*(?:[:|–—\]]|-(?!\s*[0-9]))")


def _dotted_times(text: str, tokens: list[Token]) -> list[Token]:
    """ "9.30", "14.00" are times only where nothing else can be meant (not "2.0", "14.50"):
    in a range with an hour written with "h" (`9h - 10.30`), in a range of two of them with a
    dash (`9.30 - 10.30`), or first on an item's line before its colon or dash (`14.00 :
    Atelier`). Anywhere else they are left out, as any number is."""
    kept: list[Token] = []
    for i, token in enumerate(tokens):
        if token.kind == "dottime":
            if not _a_dotted_time(text, tokens, i):
                continue
            token = Token("time", token.start, token.end, token.text, token.value)
        kept.append(token)
    return kept


def _a_dotted_time(text: str, tokens: list[Token], i: int) -> bool:
    for joiner, partner in ((i - 1, i - 2), (i + 1, i + 2)):
        if not (0 <= partner < len(tokens) and 0 <= joiner < len(tokens)):
            continue
        a, b = (tokens[partner], tokens[i]) if partner < i else (tokens[i], tokens[partner])
        between = tokens[joiner]
        if not (adjacent(text, a, between) and adjacent(text, between, b)):
            continue
        dash = between.kind in _JOINERS
        if tokens[partner].kind == "time" and (dash or between.text in _JOINER_WORDS):
            return True  # "9h - 10.30", "de 9.30 à 11h"
        if tokens[partner].kind == "dottime" and dash and a.value < b.value:
            return True  # "9.30 - 10.30" (not "14.50-12.30")
    token = tokens[i]
    return _first_on_the_line(text, token.start) and bool(_HEADER_AFTER.match(text, token.end))


def _first_on_the_line(text: str, start: int) -> bool:
    """Only bullets, marks or a list's number ("1.") before position start."""
    head = text[:start].lstrip(_ITEM_MARKS)
    if number := _LIST_NUMBER.match(head):
        head = head[number.end() :]
    return not head.lstrip(_ITEM_MARKS)


def _word(raw: str, start: int, end: int) -> Token | None:
    low = raw.lower()
    known = _WORDS.get(low)
    if known is None and low[-1] == ".":
        low, end = low[:-1], end - 1  # "à midi.": the full stop ends the sentence
        known = _WORDS.get(low)
    if known is None:
        return None
    kind, value = known
    return Token(kind, start, end, low, value)


_PHRASE_STARTS: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _kind in _PHRASES:
    _PHRASE_STARTS.setdefault(_words[0], []).append((_words, _kind))


def _phrases(text: str, tokens: list[Token]) -> list[Token]:
    """Multi-word tokens ("à partir de", "jusqu’au", "toute la journée"); the words that only
    count inside them are dropped elsewhere."""
    result: list[Token] = []
    i = 0
    count = len(tokens)
    while i < count:
        token = tokens[i]
        for words, kind in _PHRASE_STARTS.get(token.text, ()):
            size = len(words)
            window = tokens[i : i + size]
            if (
                len(window) == size
                and all(t.text == w for t, w in zip(window, words, strict=True))
                and all(adjacent(text, a, b) for a, b in zip(window, window[1:], strict=False))
            ):
                result.append(Token(kind, token.start, window[-1].end, kind))
                i += size
                break
        else:
            if token.text not in _PHRASE_WORDS:
                result.append(token)
            i += 1
    return result


def adjacent(text: str, before: Token, after: Token) -> bool:
    """Only spaces between two tokens: they belong to one expression."""
    gap = text[before.end : after.start]
    return not gap or gap.isspace()
