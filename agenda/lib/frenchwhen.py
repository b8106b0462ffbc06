"""The grammar of French date and time expressions, over the tokens of `frenchtokens`.

`read_when(text, tokens, i)` reads one expression starting at token i into a `When`: the dates
as written (day, month, year when given), ranges (`du 16 au 20 novembre`, `16/11 - 20/11`),
lists of days (`13 et 14 juin`), time slots (`de 10h à 11h, de 14h à 15h ou de 16h à 17h`,
`entre 9h et 10h`, `à partir de 9h et jusqu’à 18h`), a whole day, a weekday alone (`Lundi :`),
a day of the event by its number (`Jour 2`, `2e jour`). Tokens belong to one expression when only
spaces separate them. Dates are kept as written: placing them in a year is the caller's job
(`frenchdates.resolve_year`), with the event's dates in hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .frenchtokens import WEEKDAY_NAMES, Token, adjacent, tokenize


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


def weekday_name(token: Token) -> str:
    """ "mardis", "mar." -> "mardi"."""
    return WEEKDAY_NAMES[token.value]


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
        if self.last is not None and not adjacent(self.text, self.last, token):
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
            return DayMonth(day, month, year), weekday_name(weekday) if weekday else None
        token = self._next("num", "first")
        if token is None:
            if weekday is not None:
                self._back(mark)
                self._next("weekday")
                return DayMonth(0, None, None), weekday_name(weekday)  # weekday alone
            self._back(mark)
            return None
        written = DayMonth(int(token.value), None, None)  # type: ignore[arg-type]
        month = self._next("month")
        if month is not None:
            written.month = month.value  # type: ignore[assignment]
            year = self._next("year")
            if year is not None:
                written.year = year.value  # type: ignore[assignment]
        return written, weekday_name(weekday) if weekday else None

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
        if begin is None and lead is not None and lead.text in ("de", "entre"):
            begin = self._bare_hour()
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
                # "12h-midi": a range that ends where it starts is one time.
                same = finish.value == begin.value
                return begin.value, None if same else finish.value  # type: ignore[return-value]
            self._back(end_mark)
        return begin.value, None  # type: ignore[return-value]

    def _bare_hour(self) -> Token | None:
        """ "de 14 à 16 h": a start hour whose unit is written once, after the range's end (7 h
        at least, and before the end: "de 2 à 3 h" is a length)."""
        mark = self._mark()
        number = self._next("num")
        if number is not None and 7 <= number.value <= 23:  # type: ignore[operator]
            after = self._mark()
            joined = self._next("dash", "until", words=("à", "a", "au", "et"))
            finish = self._next("time") if joined else None
            if finish is not None and finish.value.hour > number.value:  # type: ignore[union-attr]
                self._back(after)
                return Token("time", number.start, number.end, number.text, dt.time(number.value))
        self._back(mark)
        return None

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
