"""Items and date headings, in page order, turned into sessions by the one scoping pass."""

from __future__ import annotations

import datetime as dt

from agenda.lib.limits import max_sessions

from .programme_items import Heading, Item, ParsedSession, Repeat
from .programme_scope import Bounds, Resolver
from .programme_text import Segment, fold_spaces


def place_sessions(marks: list, bounds: Bounds, found: list[Segment]) -> list[Item]:
    """The items that are sessions, each with its sessions; the scope moves as they are read."""
    resolver = Resolver(bounds)
    prose_day: dt.date | None = None
    items: list[Item] = []
    for n, mark in enumerate(marks):
        if isinstance(mark, Repeat):
            continue
        if isinstance(mark, Heading):
            if mark.when is None:
                continue
            days = resolver.days(mark.when)
            if not days or mark.when.is_range:
                continue
            if mark.prose:
                prose_day = days[-1]
            elif _scopes(mark, days[0], bounds):
                resolver.set_scope(days[0], mark.part or mark.segment.parts[0], mark.when)
            continue
        if _dates_a_timetable(mark, marks[n + 1 :]):
            days = resolver.days(mark.when)
            if days:
                resolver.set_scope(days[-1], mark.part, mark.when)
            continue
        mark.sessions = _sessions_of(mark, resolver, prose_day)
        if mark.sessions:
            items.append(mark)
    return _without_stray_times(items)


def _scopes(heading: Heading, day: dt.date, bounds: Bounds) -> bool:
    """A date heading dates the times below it, unless it names history ("**1er mars 2018**")
    or, written inside a sentence, a day outside the event ("Inscriptions le 26 janvier")."""
    written = heading.when.dates[0].year if heading.when and heading.when.dates else None
    if written is not None and not bounds.near_years(written):
        return False
    return heading.leading or bounds.contains(day)


def _dates_a_timetable(item: Item, following: list) -> bool:
    """ "**Mercredi 15 novembre – Journée data**" over `* 9h : Accueil`: a heading, not a
    session, since the times below take its day."""
    when = item.when
    if when.slots or when.whole_day or when.is_range or len(when.dates) > 1:
        return False
    if not when.has_date or (item.segment.bullet and item.title):
        return False
    for mark in following:
        if isinstance(mark, Repeat):
            continue
        if isinstance(mark, Heading):
            if mark.when is not None and not mark.prose:
                return False
            continue
        return not mark.when.has_date and bool(mark.when.slots)
    return False


def _sessions_of(item: Item, resolver: Resolver, prose_day: dt.date | None) -> list:
    when = item.when
    days = resolver.days(when)
    if days is None:
        return []
    part = item.part
    date_at = (part.index, part.column(when.start) + 1)
    if not days:
        day = resolver.scope or prose_day
        if day is None:
            return []
        days = [day]
        date_at = resolver.scope_at if resolver.scope else None
    elif when.is_range and when.slots:
        first, last = days
        if (last - first).days < 0:
            return []
        # One more day than a page may hold is enough for the reader to refuse the page.
        count = min((last - first).days + 1, max_sessions() + 1)
        days = [first + dt.timedelta(n) for n in range(count)]
    elif not when.is_range:
        resolver.set_scope(days[-1], part, when)
    text = part.text
    date_text = text[when.start : when.date_end or when.end].strip()
    header_end = item.title_segment.last if item.title_segment else item.segment.last
    common = {
        "title": item.title,
        "line": part.index,
        "column": part.column(when.start) + 1,
        "date_text": date_text or fold_spaces(text[when.start : when.end]),
        "written_weekday": when.weekday,
        "header_lines": (
            item.title_above.first if item.title_above else item.segment.first,
            header_end,
        ),
        "date_line": date_at[0] if date_at else 0,
        "date_column": date_at[1] if date_at else 0,
    }

    def session(start, end) -> ParsedSession:
        return ParsedSession(
            start,
            end,
            labels=list(item.labels),
            place_lines=list(item.fields.places),
            notes=list(item.fields.notes),
            **common,
        )

    if when.is_range and not when.slots:
        return [session(days[0], days[1])]
    if not when.slots:
        return [session(day, None) for day in days]
    result = []
    for day in days:
        for begin, finish in when.slots:
            start = dt.datetime.combine(day, begin)
            end = dt.datetime.combine(day, finish) if finish else None
            if end and end < start:
                end += dt.timedelta(days=1)  # "de 22h à 1h"
            result.append(session(start, end))
    return result


def _without_stray_times(items: list[Item]) -> list[Item]:
    """Times alone without a title ("9h30 - 17h") are the event's hours, unless they are items
    of a list or rows of a table among others (`* 9h30-12h` under a date heading)."""
    kept = []
    for item in items:
        when = item.when
        untitled = item.title is None and not item.labels
        listed = item.segment.bullet or item.part.text.lstrip().startswith("|")  # or a row
        if untitled and not when.has_date and not item.day_slot and not (listed and len(items) > 1):
            continue
        kept.append(item)
    return kept
