"""The calendar pages: a month as a table of days (each day with sessions links to that day's
list) and a week as a list of its days' sessions. Both apply the agenda's filters, kept in
every link; neither needs JavaScript."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from agenda.events import calendar, queries
from agenda.events.caching import public_page
from agenda.events.filters import AgendaFilters, parse_filters
from agenda.lib.limits import clamp_date

WEEKDAYS = (("lun.", "lundi"), ("mar.", "mardi"), ("mer.", "mercredi"), ("jeu.", "jeudi"),
            ("ven.", "vendredi"), ("sam.", "samedi"), ("dim.", "dimanche"))  # fmt: skip


def _with_filters(path: str, filters: AgendaFilters, **dates: dt.date) -> str:
    """`path` with the filters (their dates replaced by `dates`) as its query string."""
    narrowed = AgendaFilters(**{**filters.__dict__, "errors": [], **dates})
    query = narrowed.query_string()
    return f"{path}?{query}" if query else path


def _day_url(day: dt.date, today: dt.date, filters: AgendaFilters) -> str:
    """That day's list: the agenda for today and later days, the past events before."""
    name = "home" if day >= today else "past"
    return _with_filters(reverse(name), filters, du=day, au=day)


def _checked(day: dt.date) -> dt.date:
    if clamp_date(day) != day:
        raise Http404("Date hors de l’agenda")
    return day


@public_page
def month_view(
    request: HttpRequest, year: int | None = None, month: int | None = None
) -> HttpResponse:
    today = queries.paris_today()
    try:
        first = _checked(dt.date(year, month, 1) if year else today.replace(day=1))
    except ValueError as error:
        raise Http404("Mois inconnu") from error
    filters = parse_filters(request.GET)
    grid = calendar.month(filters, first.year, first.month)
    weeks = [
        [
            {
                "day": day.day,
                "sessions": day.sessions,
                "in_month": day.in_month,
                "today": day.day == today,
                "url": _day_url(day.day, today, filters) if day.sessions else "",
            }
            for day in week
        ]
        for week in grid.weeks
    ]
    context = {
        "filters": filters,
        "month": grid,
        "weeks": weeks,
        "weekdays": WEEKDAYS,
        "previous_url": _month_url(grid.previous, filters),
        "next_url": _month_url(grid.next, filters),
        "week_url": _with_filters(reverse("this_week"), filters),
    }
    return render(request, "site/calendar_month.html", context)


def _month_url(first: dt.date, filters: AgendaFilters) -> str:
    path = reverse("month", kwargs={"year": first.year, "month": first.month})
    return _with_filters(path, filters)


def _week_url(monday: dt.date, filters: AgendaFilters) -> str:
    year, week, _ = monday.isocalendar()
    return _with_filters(reverse("week", kwargs={"year": year, "week": week}), filters)


@public_page
def week_view(
    request: HttpRequest, year: int | None = None, week: int | None = None
) -> HttpResponse:
    today = queries.paris_today()
    try:
        monday = dt.date.fromisocalendar(year, week, 1) if year else None
    except ValueError as error:
        raise Http404("Semaine inconnue") from error
    monday = _checked(monday or today - dt.timedelta(days=today.weekday()))
    filters = parse_filters(request.GET)
    sessions = calendar.week_sessions(filters, monday)
    page = queries.paginate(sessions, request.GET.get("page"), per_page=100)
    context = {
        "filters": filters,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "page": page,
        "days": queries.group_by_day(page.object_list, floor=monday),
        "previous_url": _week_url(monday - dt.timedelta(days=7), filters),
        "next_url": _week_url(monday + dt.timedelta(days=7), filters),
        "month_url": _month_url(monday.replace(day=1), filters),
    }
    return render(request, "site/calendar_week.html", context)
