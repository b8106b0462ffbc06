"""The one scoping pass: dates written without a year, a weekday or "Jour 2" placed in the event.

The reader finds, in page order, date headings (`### Mardi 14 novembre`, `**25/11/2020**`) and
items (a date and/or times, a title). This pass walks them once: a date heading scopes the times
under it until the next date; an item with a date of its own scopes the times after it too; times
alone take the scope, else the event's first day, else the date the prose announces. The event's
dates bound every year that is inferred (a year is never taken from a date the page does not
write); a year the page writes is kept, and a session outside the event is reported by the
`session-outside-event` check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agenda.lib.frenchdates import PLAUSIBLE_YEARS, plausible, resolve_year, weekday_number
from agenda.lib.frenchwhen import DayMonth, When

Moment = dt.date | dt.datetime


def as_date(value: Moment | None) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


@dataclass
class Bounds:
    """The event's days as the front matter gives them (implausible years are left out)."""

    start: dt.date | None
    end: dt.date | None
    anchor: dt.date | None  # year reference when the event has no dates: the publication date

    @classmethod
    def of(cls, start: Moment | None, end: Moment | None, published: Moment | None) -> Bounds:
        first, last = plausible(as_date(start)), plausible(as_date(end))
        if first is None:
            first, last = last, None
        if first is not None and last is not None and last < first:
            last = None  # end-before-start says it; the start still dates the programme
        return cls(first, last, plausible(as_date(published)))

    @property
    def last(self) -> dt.date | None:
        return self.end or self.start

    def contains(self, day: dt.date) -> bool:
        if self.start is None:
            return True
        return self.start <= day <= (self.end or self.start)

    def near_years(self, year: int) -> bool:
        """A written year the event could mean (its years ± 1), not history."""
        if self.start is None:
            return True
        return self.start.year - 1 <= year <= (self.last or self.start).year + 1


class Resolver:
    """Places written dates in time, remembering the last date read (the scope)."""

    def __init__(self, bounds: Bounds):
        self.bounds = bounds
        self.anchor = bounds.anchor  # pages without event dates: the last date read
        self.scope: dt.date | None = bounds.start  # the day of times written alone
        # where the scope's date is written: (0-based body line, 1-based column), None for the
        # event's own date
        self.scope_at: tuple[int, int] | None = None

    def set_scope(self, day: dt.date, part: object, when: When) -> None:
        self.scope = day
        self.scope_at = (part.index, part.column(when.start) + 1)  # type: ignore[attr-defined]

    def day(self, written: DayMonth, weekday: str | None = None) -> dt.date | None:
        if written.month is None:
            return self._day_without_month(written.day, weekday)
        if written.year is not None:
            # "03/11/0007" is a typo: it is returned as written, never used as an anchor, and
            # the reader drops the session with a located `bad-date` (not silently).
            try:
                value = dt.date(written.year, written.month, written.day)
            except ValueError:
                return None
        else:
            value = resolve_year(
                written.day,
                written.month,
                start=self.bounds.start,
                end=self.bounds.end,
                reference=self.anchor if self.bounds.start is None else None,
            )
        if value and self.bounds.start is None and value.year in PLAUSIBLE_YEARS:
            self.anchor = value
        return value

    def _day_without_month(self, day: int, weekday: str | None) -> dt.date | None:
        """ "Mardi 14": the 14th nearest to the scope, on a Tuesday when one is said."""
        around = self.scope or self.anchor
        if around is None or not 1 <= day <= 31:
            return None
        candidates = []
        for shift in (-1, 0, 1):
            month = (around.month - 1 + shift) % 12 + 1
            year = around.year + (around.month - 1 + shift) // 12
            try:
                candidates.append(dt.date(year, month, day))
            except ValueError:
                continue
        if weekday:
            number = weekday_number(weekday)
            candidates = [c for c in candidates if c.weekday() == number] or candidates
        return min(candidates, key=lambda c: abs((c - around).days)) if candidates else None

    def weekday_only(self, weekday: str) -> dt.date | None:
        """ "Lundi", "Mardi :" over times: the next such day from the scope on."""
        number = weekday_number(weekday)
        first = self.scope or self.bounds.start
        if number is None or first is None:
            return None
        if self.bounds.start is not None and first < self.bounds.start:
            first = self.bounds.start
        # Past the event's last day it is still that day (session-outside-event reports it),
        # never another day of the event.
        return first + dt.timedelta((number - first.weekday()) % 7)

    def days(self, when: When) -> list[dt.date] | None:
        """The days an expression names; None when one cannot be placed; [] for none written."""
        if when.day_number is not None:
            start = self.bounds.start
            if start is None or when.day_number < 1:
                return None
            return [start + dt.timedelta(when.day_number - 1)]
        if when.weekday_only:
            day = self.weekday_only(when.weekday or "")
            return [day] if day else None
        days = []
        for written in when.dates:
            day = self.day(written, when.weekday)
            if day is None:
                return None
            days.append(day)
        return days
