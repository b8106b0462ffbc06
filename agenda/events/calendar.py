"""The agenda by month (a grid of days, each with its number of sessions) and by week (the
sessions of seven days), for the public calendar pages. Both apply the agenda's filters; a
session lasting several days counts on each of its days."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from django.db.models import QuerySet
from django.db.models.functions import TruncDate

from .filters import AgendaFilters, filter_sessions
from .models import PARIS, Event, Session
from .queries import LIST_DEFERRED, public_sessions

MAX_SPAN_DAYS = 366  # a session longer than that counts on the days of the month only


@dataclass(frozen=True)
class Day:
    day: dt.date
    sessions: int
    in_month: bool


@dataclass(frozen=True)
class Month:
    first: dt.date
    weeks: list[list[Day]]

    @property
    def previous(self) -> dt.date:
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)

    @property
    def total(self) -> int:
        return sum(d.sessions for week in self.weeks for d in week if d.in_month)


def _between(filters: AgendaFilters, first: dt.date, last: dt.date) -> AgendaFilters:
    """The filters, their dates narrowed to [first, last] (a filter's own dates still apply)."""
    du = max(first, filters.du) if filters.du else first
    au = min(last, filters.au) if filters.au else last
    return replace(filters, du=du, au=au, errors=[])


def sessions_between(filters: AgendaFilters, first: dt.date, last: dt.date) -> QuerySet[Session]:
    """Public sessions of [first, last] (Paris days) that pass the filters."""
    narrowed = _between(filters, first, last)
    if narrowed.au < narrowed.du:
        return public_sessions().none()
    return filter_sessions(public_sessions(), narrowed)


def _days_of(start: dt.datetime, end: dt.datetime | None, first: dt.date, last: dt.date):
    """The Paris days of [first, last] a session covers."""
    day = max(start.astimezone(PARIS).date(), first)
    until = min(end.astimezone(PARIS).date(), last) if end else day
    if end and end.astimezone(PARIS).time() == dt.time(0, 0) and until > day:
        until -= dt.timedelta(days=1)  # ends at midnight: the day before was its last
    while day <= until:
        yield day
        day += dt.timedelta(days=1)


def month(filters: AgendaFilters, year: int, month_number: int) -> Month:
    """The month's grid, Monday first, with each day's sessions: one query."""
    first = dt.date(year, month_number, 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    grid_first, grid_last = weeks[0][0], weeks[-1][-1]
    counts: Counter[dt.date] = Counter()
    rows = sessions_between(filters, grid_first, grid_last).values_list("starts_at", "ends_at")
    for start, end in rows:
        counts.update(_days_of(start, end, grid_first, grid_last))
    return Month(
        first=first,
        weeks=[[Day(d, counts[d], d.month == month_number) for d in week] for week in weeks],
    )


def week_sessions(filters: AgendaFilters, monday: dt.date) -> QuerySet[Session]:
    """The sessions of the week starting on `monday`, ready for a list's cards."""
    return (
        sessions_between(filters, monday, monday + dt.timedelta(days=6))
        .select_related("event", "event__organisation", "event__place", "place")
        .defer(*LIST_DEFERRED)
        .prefetch_related("formats", "event__categories")
        .order_by("starts_at", "event__title", "position", "pk")
    )


def start_days(sessions: QuerySet[Session]) -> list[dt.date]:
    """The Paris days these sessions start on, each once: worked out by the database (a few
    hundred days for 10,000 sessions, not every start read and converted here)."""
    days = sessions.annotate(day=TruncDate("starts_at", tzinfo=PARIS)).order_by()
    return list(days.values_list("day", flat=True).distinct())


def months_of(sessions: QuerySet[Session]) -> list[dt.date]:
    """First days of the months these sessions start in, in order."""
    return sorted({day.replace(day=1) for day in start_days(sessions)})


def weeks_of(sessions: QuerySet[Session]) -> list[dt.date]:
    """Mondays of the weeks these sessions start in, in order."""
    return sorted({day - dt.timedelta(days=day.weekday()) for day in start_days(sessions)})


def published_sessions(event: Event | None = None) -> QuerySet[Session]:
    sessions = public_sessions()
    return sessions.filter(event=event) if event else sessions
