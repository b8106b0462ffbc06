"""Moving an event's dates to its next edition: pure functions, no database.

Two ways, chosen by the editor:
- the same weekday of the month (the default): the event's first day keeps its nth weekday (the
  first Tuesday of November stays the first Tuesday of November; a fifth weekday that the new
  month does not have becomes its last one), hence a move by 364 or 371 days;
- a number of days (`--days 365`).
Either way one event moves by one number of days (`Shift`): its sessions, the dates its text
writes and its end move with its first day, so a programme keeps its intervals (two sessions a
week apart stay a week apart; moving each to its own nth weekday would not), a multi-day event
its length, and every place that wrote one day says the same new day. Times are Paris
wall-clock times and stay so: 16:15 stays 16:15 across a change of summer time (the instant is
made by `aware`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from agenda.lib.holidays import holiday_name

WallClock = dt.date | dt.datetime


def nth_weekday(day: dt.date) -> int:
    """1 for the first such weekday of its month, … 5 for a fifth."""
    return (day.day - 1) // 7 + 1


def same_weekday_in(day: dt.date, year: int) -> dt.date:
    """The same nth weekday of the same month in `year` (the last one when there is no fifth)."""
    first_weekday, length = calendar.monthrange(year, day.month)
    offset = (day.weekday() - first_weekday) % 7
    number = 1 + offset + 7 * (nth_weekday(day) - 1)
    if number > length:
        number -= 7
    return dt.date(year, day.month, number)


def edition_shift(start: dt.date, *, years: int, days: int | None = None) -> int:
    """How many days an edition moves: `days` when given, else what keeps its first day the same
    nth weekday of its month `years` later (a multiple of 7, so every weekday is kept)."""
    if days is not None:
        return days
    return (same_weekday_in(start, start.year + years) - start).days


@dataclass(frozen=True)
class Shift:
    """One event's move to its next edition: every date of it (the event's, its sessions', the
    ones its text writes) moves by the same number of days, so the programme keeps its
    intervals, a multi-day event or session its length, and every place that wrote one day
    says the same new day. Times are Paris wall-clock values and stay as written."""

    days: int

    @classmethod
    def of_event(cls, start: WallClock, *, years: int, days: int | None = None) -> Shift:
        return cls(edition_shift(_as_date(start), years=years, days=days))

    def date(self, day: dt.date) -> dt.date:
        return day + dt.timedelta(days=self.days)

    def value(self, value: WallClock) -> WallClock:
        """A Paris wall-clock value (or bare date) moved: the time of day is kept as written."""
        if isinstance(value, dt.datetime):
            return dt.datetime.combine(self.date(value.date()), value.time())
        return self.date(value)

    def optional(self, value: WallClock | None) -> WallClock | None:
        return None if value is None else self.value(value)


def _as_date(value: WallClock) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def holiday_of(value: WallClock) -> str:
    """The public holiday a moved date lands on ("" when none)."""
    return holiday_name(_as_date(value))


def slug_for_year(slug: str, source: int, target: int) -> str:
    """The copy's slug: the source year replaced (`…-edition-2022` → `…-edition-2023`), else the
    target year added (`forum` → `forum-2023`)."""
    parts = slug.split("-")
    if str(source) in parts:
        index = len(parts) - 1 - parts[::-1].index(str(source))
        parts[index] = str(target)
        return "-".join(parts)
    return f"{slug}-{target}"
