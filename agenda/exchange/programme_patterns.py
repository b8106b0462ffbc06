"""Date and time evidence in the plain text of a programme line.

`read_evidence(text, position)` reads, at a position, what editors write before a session title:
a date (`jeudi 03/11`, `Lundi 23 novembre 2020`, `1er décembre`), a list of days (`13 et 14 juin
2019`), a range (`Du 16/11 au 20/11`, `du 1er au 14 décembre 2022`), then optional slots (`de 16h15
à 18h15`, `17h-17h30`, `de 10h à 11h, de 14h à 15h ou de 16h à 17h`), or slots alone (`9h30 - 12h`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from agenda.lib.frenchdates import (
    HOUR_RE,
    MONTH_RE,
    RANGE_SEP_RE,
    WEEKDAY_RE,
    month_number,
    parse_hour,
)

_I = re.IGNORECASE
_LEAD = re.compile(r"(?:(?:le|les|du|ce|à partir du)\s+)?", _I)
_WEEKDAY = re.compile(rf"(?P<weekday>{WEEKDAY_RE})\s+", _I)
_NUMERIC = re.compile(r"(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/(?P<y>\d{4}|\d{2}))?(?![\d/])")
_TEXTUAL = re.compile(
    rf"(?P<d>1er|1º|\d{{1,2}})(?:\s+(?P<m>{MONTH_RE})(?:\s+(?P<y>(?:19|20)\d\d)(?!\d))?)?(?![\w/])",
    _I,
)
_RANGE_TO = re.compile(r"\s*(?:au|[-–—]|jusqu[’']au)\s+(?:le\s+)?", _I)
_LIST_SEP = re.compile(r"\s*,\s*|\s+et\s+", _I)
_AFTER_DATE = re.compile(r"\s*(?:[,–—-]\s*|:\s*(?=(?:de\s+|à\s+)?\d))?", _I)
_SLOT = re.compile(
    rf"(?:(?:de|dès|à partir de|a partir de|à|entre)\s+)?(?P<a>{HOUR_RE})"
    rf"(?:(?:{RANGE_SEP_RE}|\s+et\s+(?=\d))(?P<b>{HOUR_RE}))?",
    _I,
)
_SLOT_SEP = re.compile(r"\s*[,/]\s*(?:(?:ou|et)\s+)?|\s+(?:ou|et|puis)\s+", _I)


@dataclass
class DayMonth:
    """A date as written: day, month (None when borrowed from the end of a range), year."""

    day: int
    month: int | None
    year: int | None


@dataclass
class Evidence:
    start: int  # where the evidence starts in the text (after "Le", "Du")
    end: int  # where it ends
    dates: list[DayMonth] = field(default_factory=list)  # empty when only times are written
    is_range: bool = False  # dates = [first, last]
    weekday: str | None = None
    slots: list[tuple[dt.time, dt.time | None]] = field(default_factory=list)
    date_end: int = 0  # end of the date part (date_text = text[start:date_end])
    single_time: bool = False  # one time without an end ("2h"): maybe a duration

    @property
    def has_date(self) -> bool:
        return bool(self.dates)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if year < 100 else year


def _read_day(text: str, position: int) -> tuple[DayMonth, int, bool] | None:
    """One date at position: (date, end, month written?)."""
    match = _NUMERIC.match(text, position)
    if match:
        return DayMonth(int(match["d"]), int(match["m"]), _year(match["y"])), match.end(), True
    match = _TEXTUAL.match(text, position)
    if match:
        day = 1 if match["d"].lower() in ("1er", "1º") else int(match["d"])
        month = month_number(match["m"]) if match["m"] else None
        return DayMonth(day, month, _year(match["y"])), match.end(), month is not None
    return None


def _read_weekday(text: str, position: int) -> tuple[str | None, int]:
    match = _WEEKDAY.match(text, position)
    if match:
        return match["weekday"].lower(), match.end()
    return None, position


def read_dates(text: str, position: int) -> Evidence | None:
    """A date, a list of days or a range starting at position (after an optional "le"/"du")."""
    lead = _LEAD.match(text, position)
    start = lead.end()
    weekday, cursor = _read_weekday(text, start)
    first = _read_day(text, cursor)
    if first is None:
        return None
    day, cursor, has_month = first
    days = [day]
    is_range = False
    to = _RANGE_TO.match(text, cursor)
    if to:
        _, after_weekday = _read_weekday(text, to.end())
        last = _read_day(text, after_weekday)
        if last and last[2]:
            days.append(last[0])
            cursor, has_month, is_range = last[1], True, True
    if not is_range and not has_month:
        # "13 et 14 juin": days sharing the month written after the last one.
        while True:
            sep = _LIST_SEP.match(text, cursor)
            following = _read_day(text, sep.end()) if sep else None
            if not following:
                break
            days.append(following[0])
            cursor, has_month = following[1], following[2]
            if has_month:
                break
    if not has_month:
        return None
    last = days[-1]
    for item in days:
        item.month = item.month or last.month
        item.year = item.year or last.year
    return Evidence(start, cursor, days, is_range, weekday, date_end=cursor)


def read_slots(
    text: str, position: int
) -> tuple[list[tuple[dt.time, dt.time | None]], int, bool] | None:
    """Time slots at position: ([(start, end)], end position, a single time without end?)."""
    slots: list[tuple[dt.time, dt.time | None]] = []
    cursor = position
    single = True
    while True:
        match = _SLOT.match(text, cursor)
        if not match:
            break
        begin = parse_hour(match["a"])
        finish = parse_hour(match["b"]) if match["b"] else None
        if begin is None:
            break
        slots.append((begin, finish))
        single = len(slots) == 1 and finish is None
        cursor = match.end()
        sep = _SLOT_SEP.match(text, cursor)
        if not sep or not _SLOT.match(text, sep.end()):
            break
        cursor = sep.end()
    return (slots, cursor, single) if slots else None


def read_evidence(text: str, position: int) -> Evidence | None:
    """Date (and times) or times alone, starting exactly at position."""
    evidence = read_dates(text, position)
    if evidence:
        after = _AFTER_DATE.match(text, evidence.end)
        slots = read_slots(text, after.end())
        if slots:
            evidence.slots, evidence.end, _ = slots
        return evidence
    slots = read_slots(text, position)
    if not slots:
        return None
    found, end, single = slots
    return Evidence(position, end, slots=found, date_end=position, single_time=single)


# Where a date may follow a title on the same line: "**Titre**, mardi 24 novembre, 17h-17h30",
# "Forum virtuel du 1er au 14 décembre 2022".
# Guarded by `(?<!\s)`: a search does not restart inside a run of spaces (quadratic).
LATE_DATE_ANCHOR = re.compile(r"(?:,\s*|(?<!\s)\s+[-–—]\s+|(?<!\s)\s+(?=(?:le|du|les)\s+\w))", _I)

# A text that only places a date heading: "Le 16 décembre à Paris", "en ligne".
PLACE_ONLY = re.compile(r"^\s*,?\s*(?:(?:à|en|au|aux|sur)\s+[^:,]{0,40})?\s*$", _I)

# "Quand ?", "Date :" before the evidence ("Horaires : 9h-17h" describes the event, not an item).
WHEN_LEAD = re.compile(r"\s*(?:quand\s*\?\s*:?|dates?\s*:)\s*", _I)

# A single hour followed by these words is a duration ("2h de formation"), not a time.
DURATION_TAIL = re.compile(r"\s*(?:de|d['’]|du|des|par|pour|sur|en|environ|max)\b", _I)

# Prose dates, used to date a timetable when the front matter gives no date.
PROSE_DATE = re.compile(
    rf"(?<![\w/])(?:{WEEKDAY_RE}\s+)?(?:1er|\d{{1,2}})\s+{MONTH_RE}(?:\s+(?:19|20)\d\d)?"
    r"|(?<![\w/])\d{1,2}/\d{1,2}(?:/\d{4})?(?![\d/])",
    _I,
)

LABEL = re.compile(r"\s*\[(?P<label>[^\[\]]*)\]")
