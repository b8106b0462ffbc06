"""A tokenizer of French date and time expressions, and the grammar that reads them.

Editors write when something happens in many ways: `Le jeudi 03/11 de 16h15 à 18h15`,
`13 et 14 juin 2019, de 9h à 19h`, `Du 16/11 au 20/11`, `du 1er au 14 décembre 2022`,
`Mardi 30 novembre, 17h-17h30`, `de 10h à 11h, de 14h à 15h ou de 16h à 17h`, `à midi`,
`Le 24 novembre, toute la journée`, `Jour 2`. `tokenize(text)` finds the words and numbers
these are made of (and nothing else: other words only separate them); `read_when(text, tokens,
i)` reads one expression starting at token i into a `When`: the dates as written (day, month,
year when given), ranges, lists of days, time slots, a whole day, a weekday alone.

Every pattern is a flat alternation (no quantified group holds another quantifier), so matching is
linear in the length of the text. Dates are kept as written; placing them in a year is the
caller's job (`frenchdates.resolve_year`), with the event's dates in hand.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

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
    r"|[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9](?![\w-])"  # 2023-11-03
    r"|[0-9]+[^\W\d_]*"  # 3, 2023, 1er, 2e, 3ème
    r"|[^\W\d_]+['’.]?"  # a word, "jusqu’", "déc."
    r"|[-–—,/:&()]"
)
_TIME_CHUNK = re.compile(r"([0-9]{1,2}) ?(?:heures?|[hH:]) ?([0-9][0-9])?")
_ORDINAL_SUFFIXES = {"e", "è", "ème", "eme", "ᵉ", "nd", "nde"}
_FIRST = {"1er", "1ère", "1ere", "1re", "1ᵉʳ"}
_PUNCTUATION = {"-": "dash", "–": "dash", "—": "dash", ",": "comma", "/": "slash", ":": "colon",
                "&": "amp", "(": "paren", ")": "paren"}  # fmt: skip
_MONTH_WORDS = {
    "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "fév": 2,
    "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7,
    "août": 8, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11,
    "nov": 11, "décembre": 12, "decembre": 12, "déc": 12, "dec": 12,
}  # fmt: skip
_WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_CONNECTORS = ("le", "les", "du", "au", "aux", "à", "a", "de", "d’", "d'", "dès", "des",
               "entre", "et", "ou", "puis", "ce", "jour")  # fmt: skip
# Words that only count inside a longer phrase: "à partir de", "jusqu’au", "toute la journée".
_PHRASE_WORDS = ("partir", "jusqu'", "jusqu’", "toute", "la", "journée", "journee", "entière",
                 "entiere", "complète", "complete", "tout", "long", "en", "continu")  # fmt: skip
# Every word the tokenizer keeps, lower-cased as written: (kind, value).
_WORDS: dict[str, tuple[str, object]] = {
    **{word: ("word", None) for word in _CONNECTORS + _PHRASE_WORDS},
    **{name: ("month", number) for name, number in _MONTH_WORDS.items()},
    **{f"{name}.": ("month", number) for name, number in _MONTH_WORDS.items() if len(name) < 6},
    **{name: ("weekday", n) for n, name in enumerate(_WEEKDAY_NAMES)},
    **{f"{name}s": ("weekday", n) for n, name in enumerate(_WEEKDAY_NAMES)},
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
_ANCHOR_WORDS = ("midi", "minuit", "journ", "continu", "lundi", "mardi", "mercredi", "jeudi",
                 "vendredi", "samedi", "dimanche")  # fmt: skip
_DIGIT = re.compile(r"[0-9]")


def has_anchor(text: str) -> bool:
    """Might the text hold a date or a time? A cheap test before tokenizing."""
    if _DIGIT.search(text):
        return True
    low = text.lower()
    return any(word in low for word in _ANCHOR_WORDS)


@dataclass(slots=True)
class Token:
    kind: str  # time, numdate, first, ordinal, year, num, month, weekday, wholeday, until,
    #            from, word, dash, comma, slash, colon, amp
    start: int
    end: int
    text: str  # lower-cased as written
    value: object = None  # time, (day, month, year), int…


@dataclass
class DayMonth:
    """A date as written: day, month (None when not written), year (None when not written)."""

    day: int
    month: int | None
    year: int | None


@dataclass
class When:
    """One date/time expression read in a text."""

    start: int  # where it starts in the text (after a leading "Le", "Du"…)
    end: int  # where it ends
    dates: list[DayMonth] = field(default_factory=list)  # empty when only times are written
    is_range: bool = False  # dates = [first, last]
    weekday: str | None = None  # the (first) weekday written with the date, lower-case
    slots: list[tuple[dt.time, dt.time | None]] = field(default_factory=list)
    whole_day: bool = False  # "toute la journée"
    date_end: int = 0  # end of the date part (the date as written = text[start:date_end])
    single_time: bool = False  # one time without an end ("2h"): maybe a duration
    day_number: int | None = None  # "Jour 2": the second day of the event
    lead: str = ""  # the word before the dates: "le", "du", "jusqu'au"…

    @property
    def has_date(self) -> bool:
        return bool(self.dates) or self.day_number is not None or self.weekday_only

    @property
    def weekday_only(self) -> bool:
        """ "Lundi : 9h-12h": a weekday without its date."""
        return self.weekday is not None and not self.dates and self.day_number is None


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


def _numdate(text: str) -> tuple[int, int, int | None] | None:
    if "-" in text:  # 2023-11-03
        year, month, day = (int(x) for x in text.split("-"))
        return day, month, year
    written = text.split("/")
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
        if first.isdigit():
            token = _number(text, raw, match.start(), match.end())
        elif first in _PUNCTUATION:
            token = Token(_PUNCTUATION[first], match.start(), match.end(), raw)
        else:
            token = _word(raw, match.start(), match.end())
            if (
                token is not None
                and token.kind == "time"
                and text[match.start() - 1 : match.start()] == "-"
                and text[match.start() - 2 : match.start() - 1].isalpha()
            ):
                token = None  # "après-midi" is no noon
        if token is not None:
            tokens.append(token)
        elif contiguous:
            break
        previous_end = match.end()
    return _phrases(text, tokens)


def _number(text: str, raw: str, start: int, end: int) -> Token | None:
    if start and (text[start - 1].isalnum() or text[start - 1] in ":/.,_"):
        return None  # part of a reference, a version, an amount: "v2.3", "n°12", "1,5"
    low = raw.lower()
    if "/" in raw or (len(raw) == 10 and raw[4] == "-"):
        return Token("numdate", start, end, low, _numdate(raw))
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
    if end < len(text) and text[end] in ".," and end + 1 < len(text) and text[end + 1].isdigit():
        return None  # "1,5", "2.0"
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return Token("year", start, end, low, int(digits))
    if len(digits) <= 2:
        return Token("num", start, end, low, int(digits))
    return None


def _word(raw: str, start: int, end: int) -> Token | None:
    low = raw.lower()
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
                and all(_adjacent(text, a, b) for a, b in zip(window, window[1:], strict=False))
            ):
                result.append(Token(kind, token.start, window[-1].end, kind))
                i += size
                break
        else:
            if token.text not in _PHRASE_WORDS:
                result.append(token)
            i += 1
    return result


def _adjacent(text: str, before: Token, after: Token) -> bool:
    gap = text[before.end : after.start]
    return not gap or gap.isspace()


class _Reader:
    """The grammar, over a token list: each method reads at `self.i` and moves past what it read
    (or returns None and leaves `self.i` alone)."""

    def __init__(self, text: str, tokens: list[Token], i: int):
        self.text, self.tokens, self.i = text, tokens, i
        self.last: Token | None = None  # the last token read

    def _next(self, *kinds: str, words: tuple[str, ...] = ()) -> Token | None:
        """The next token if adjacent to the last one read and of one of the kinds (or words)."""
        if self.i >= len(self.tokens):
            return None
        token = self.tokens[self.i]
        if self.last is not None and not _adjacent(self.text, self.last, token):
            return None
        if token.kind in kinds or (token.kind == "word" and token.text in words):
            self.i += 1
            self.last = token
            return token
        return None

    def _mark(self) -> tuple[int, Token | None]:
        return self.i, self.last

    def _back(self, mark: tuple[int, Token | None]) -> None:
        self.i, self.last = mark

    # dates ----------------------------------------------------------------------------------

    def day(self) -> tuple[DayMonth, str | None] | None:
        """[weekday] [le] (03/11[/2023] | 3 [novembre [2023]] | 1er [décembre]) or a weekday."""
        mark = self._mark()
        weekday = self._next("weekday")
        if weekday is not None:
            self._next(words=("le",))
        token = self._next("numdate")
        if token is not None:
            day, month, year = token.value  # type: ignore[misc]
            return DayMonth(day, month, year), weekday.text.rstrip("s") if weekday else None
        token = self._next("num", "first")
        if token is None:
            if weekday is not None:
                self._back(mark)
                self._next("weekday")
                return DayMonth(0, None, None), weekday.text.rstrip("s")  # weekday alone
            self._back(mark)
            return None
        written = DayMonth(int(token.value), None, None)  # type: ignore[arg-type]
        month = self._next("month")
        if month is not None:
            written.month = month.value  # type: ignore[assignment]
            year = self._next("year")
            if year is not None:
                written.year = year.value  # type: ignore[assignment]
        return written, weekday.text.rstrip("s") if weekday else None

    def dates(self) -> tuple[list[DayMonth], bool, str | None] | None:
        """A date, a range (`du 16 au 20 novembre`, `16/11 - 20/11`) or a list (`13 et 14
        juin`): (dates, is range?, first weekday)."""
        first = self.day()
        if first is None:
            return None
        day, weekday = first
        if day.day == 0:  # a weekday alone: "Lundi"
            return [], False, weekday
        mark = self._mark()
        if self._next("dash", "until", words=("au",)) is not None:
            self._next(words=("le",))
            last = self.day()
            if last is not None and last[0].day and last[0].month:
                return _share_month([day, last[0]]), True, weekday
            self._back(mark)
        days = [day]
        while days[-1].month is None:
            mark = self._mark()
            if self._next("comma", "amp", words=("et",)) is None:
                break
            self._next(words=("le",))
            following = self.day()
            if following is None or following[0].day == 0:
                self._back(mark)
                break
            days.append(following[0])
        if days[-1].month is None and weekday is None:
            return None  # "13 et 14": numbers, not dates
        return _share_month(days), False, weekday

    # times ----------------------------------------------------------------------------------

    def slot(self) -> tuple[dt.time, dt.time | None] | None:
        """[de|dès|à partir de|à|entre] 9h [(-|à|au|jusqu'à|et) 12h]."""
        mark = self._mark()
        lead = self._next("from", words=("de", "d'", "d’", "des", "dès", "a", "à", "entre"))
        begin = self._next("time")
        if begin is None:
            self._back(mark)
            return None
        end_mark = self._mark()
        joiner = ("et",) if lead is not None and lead.text == "entre" else ()
        if self._next(words=("et",)) is not None and self._next("until") is None:
            self._back(end_mark)  # "à partir de 9h et jusqu'à 18h" is one slot
        if self.i > end_mark[0] or self._next("dash", "until", words=("à", "a", "au", *joiner)):
            finish = self._next("time")
            if finish is not None:
                return begin.value, finish.value  # type: ignore[return-value]
            self._back(end_mark)
        return begin.value, None  # type: ignore[return-value]

    def slots(self) -> list[tuple[dt.time, dt.time | None]]:
        """Slots in a row: `de 10h à 11h, de 14h à 15h ou de 16h à 17h`."""
        found = []
        slot = self.slot()
        while slot is not None:
            found.append(slot)
            mark = self._mark()
            separator = self._next("comma", "slash", words=("ou", "et", "puis"))
            if separator is not None and separator.kind != "word":
                self._next(words=("ou", "et", "puis"))
            slot = self.slot() if separator is not None else None
            if slot is None:
                self._back(mark)
        return found


def _share_month(days: list[DayMonth]) -> list[DayMonth]:
    """ "13 et 14 juin 2019": the month and year of the last day are the others' too."""
    last = days[-1]
    for item in days:
        item.month = item.month or last.month
        item.year = item.year or last.year
    return days


_LEADS = ("le", "les", "du", "ce")


def read_when(text: str, tokens: list[Token], i: int) -> When | None:
    """The expression starting at token i, or None when token i starts none."""
    return _dated(text, tokens, i) or _timed(text, tokens, i) or _whole_day(tokens, i)


def _dated(text: str, tokens: list[Token], i: int) -> When | None:
    """[le|du|à partir du|jusqu'au] (a date, range or list | jour 2 | 2e jour) [times]."""
    reader = _Reader(text, tokens, i)
    lead_token = reader._next("from", "until", words=_LEADS)
    lead = lead_token.text if lead_token else ""
    if reader.i >= len(tokens):
        return None
    start = tokens[reader.i].start
    mark = reader._mark()
    number = None
    if reader._next(words=("jour",)) is not None:
        number = reader._next("num")
    else:
        number = reader._next("ordinal", "first")
        if number is not None and reader._next(words=("jour",)) is None:
            number = None
    if number is not None:
        end = reader.last.end  # type: ignore[union-attr]
        when = When(start, end, day_number=int(number.value), lead=lead, date_end=end)  # type: ignore[arg-type]
        return _with_times(reader, when)
    reader._back(mark)
    dates = reader.dates()
    if dates is None:
        return None
    days, is_range, weekday = dates
    end = reader.last.end  # type: ignore[union-attr]
    when = When(start, end, days, is_range, weekday, lead=lead, date_end=end)
    return _with_times(reader, when)


def _timed(text: str, tokens: list[Token], i: int) -> When | None:
    """Slots, then maybe their date: `de 9h à 12h`, `9h30 - 12h le 14 novembre`."""
    reader = _Reader(text, tokens, i)
    slots = reader.slots()
    if not slots:
        return None
    when = When(tokens[i].start, reader.last.end, slots=slots)  # type: ignore[union-attr]
    when.date_end = when.start
    when.single_time = len(slots) == 1 and slots[0][1] is None
    _dates_after_times(reader, when)
    return when


def _whole_day(tokens: list[Token], i: int) -> When | None:
    token = tokens[i]
    if token.kind != "wholeday":
        return None
    return When(token.start, token.end, whole_day=True, date_end=token.start)


def _with_times(reader: _Reader, when: When) -> When:
    """The slots or "toute la journée" after a date: `Lundi 23 novembre 2020, 17h-17h30`,
    `Le 15 novembre (toute la journée)`."""
    mark = reader._mark()
    opened = reader._next("comma", "dash", "colon", "paren")
    slots = reader.slots()
    if slots:
        when.slots, when.end = slots, reader.last.end  # type: ignore[union-attr]
        when.single_time = len(slots) == 1 and slots[0][1] is None
        _close(reader, when, opened)
        return when
    reader._back(mark)
    opened = reader._next("comma", "dash", "paren")
    whole = reader._next("wholeday")
    if whole is not None:
        when.whole_day, when.end = True, whole.end
        _close(reader, when, opened)
        return when
    reader._back(mark)
    return when


def _close(reader: _Reader, when: When, opened: Token | None) -> None:
    """The closing parenthesis of `(9h-12h)` belongs to the expression."""
    if opened is not None and opened.text == "(":
        closing = reader._next("paren")
        if closing is not None and closing.text == ")":
            when.end = closing.end


def _dates_after_times(reader: _Reader, when: When) -> None:
    """ "de 9h à 12h le 14 novembre": the date written after the times."""
    mark = reader._mark()
    reader._next("comma")
    if reader._next(words=("le",)) is None:
        reader._back(mark)
        return
    dates = reader.dates()
    if dates is None or not dates[0] or dates[1]:
        reader._back(mark)
        return
    when.dates, when.weekday = dates[0], dates[2]
    when.end = reader.last.end  # type: ignore[union-attr]


def token_at(tokens: list[Token], position: int) -> int | None:
    """Index of the token starting exactly at position, or None."""
    low, high = 0, len(tokens)
    while low < high:
        middle = (low + high) // 2
        if tokens[middle].start < position:
            low = middle + 1
        else:
            high = middle
    return low if low < len(tokens) and tokens[low].start == position else None


def find_whens(text: str, tokens: list[Token] | None = None) -> list[When]:
    """Every expression of the text, left to right, none overlapping."""
    tokens = tokenize(text) if tokens is None else tokens
    found: list[When] = []
    i = 0
    while i < len(tokens):
        if tokens[i].kind in ("dash", "comma", "slash", "colon", "amp", "paren"):
            i += 1
            continue
        when = read_when(text, tokens, i)
        if when is None or not (when.dates or when.slots or when.whole_day or when.has_date):
            i += 1
            continue
        found.append(when)
        while i < len(tokens) and tokens[i].start < when.end:
            i += 1
    return found
