"""What the map shows: the places of the upcoming sessions (filtered like the agenda), each
with its events. The same list is the map's text alternative, so a place without coordinates
is listed too (it has no marker)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Coalesce

from .filters import AgendaFilters
from .models import Event, Place, Session
from .queries import sql_numbers, upcoming_matching, upcoming_sessions

EVENTS_PER_PLACE = 10  # a place's list past that says how many more


@dataclass
class PlaceEvent:
    event: Event
    next_session: Session
    sessions: int = 1


@dataclass
class MapPlace:
    place: Place
    events: list[PlaceEvent] = field(default_factory=list)  # the first EVENTS_PER_PLACE
    event_count: int = 0  # every event with an upcoming session there

    @property
    def located(self) -> bool:
        return self.place.latitude is not None and self.place.longitude is not None

    @property
    def shown_events(self) -> list[PlaceEvent]:
        return self.events[:EVENTS_PER_PLACE]

    @property
    def more(self) -> int:
        return max(0, self.event_count - len(self.shown_events))


def held_on_site(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """The sessions the map places: held on site (or both on site and online)."""
    return sessions.exclude(attendance_mode=Session.AttendanceMode.ONLINE)


def map_places(filters: AgendaFilters, now: dt.datetime | None = None) -> list[MapPlace]:
    """The places of upcoming on-site sessions, located places first, by city then name, each
    with its number of events and its first EVENTS_PER_PLACE events (by their next session
    there) in three queries: a grouped count (place, event) ranked in SQL, the places, the
    chosen events' sessions. No row per session reaches Python (reading every session cost
    9.7 s CPU at 40,000 events)."""
    pairs = _first_events(held_on_site(upcoming_matching(filters, now)))
    places = {pk: MapPlace(place) for pk, place in Place.objects.in_bulk(pairs).items()}
    chosen = {(spot, event) for spot, rows in pairs.items() for event, _n, _total in rows}
    # The chosen events match the question already: not asked again for their sessions.
    sessions = held_on_site(upcoming_sessions(replace(filters, q=""), now))
    sessions = sessions.prefetch_related(None)
    events = sql_numbers(sorted({event for _spot, event in chosen}))
    nexts: dict[tuple[int, int], Session] = {}
    for session in sessions.filter(event_id__in=events):
        key = (session.place_id or session.event.place_id, session.event_id)
        if key in chosen:
            nexts.setdefault(key, session)
    for spot, rows in pairs.items():
        for event, n, total in rows:
            session = nexts[spot, event]
            places[spot].events.append(PlaceEvent(session.event, session, sessions=n))
            places[spot].event_count = total
    return sorted(
        places.values(),
        key=lambda item: (not item.located, item.place.city.lower(), str(item.place).lower()),
    )


def _first_events(sessions: QuerySet[Session]) -> dict[int, list[tuple[int, int, int]]]:
    """Place id → its first EVENTS_PER_PLACE events as (event id, its sessions there, the
    place's number of events), by their first session there: one query, ranked in SQL. A
    session's place is its own, or its event's."""
    spot = Coalesce("place_id", "event__place_id")
    grouped = sessions.values(spot=spot, happening=F("event_id"))
    grouped = grouped.filter(spot__isnull=False).annotate(earliest=Min("starts_at"), n=Count("pk"))
    sql, params = grouped.order_by().query.sql_with_params()
    ranked = (
        "SELECT spot, happening, n, total FROM (SELECT spot, happening, n, "
        "ROW_NUMBER() OVER (PARTITION BY spot ORDER BY earliest, happening) AS place_rank, "
        f"COUNT(*) OVER (PARTITION BY spot) AS total FROM ({sql}) AS pairs) AS ranked "
        "WHERE place_rank <= %s ORDER BY spot, place_rank"
    )
    found: dict[int, list[tuple[int, int, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(ranked, [*params, EVENTS_PER_PLACE])
        for spot_id, event, n, total in cursor.fetchall():
            found.setdefault(spot_id, []).append((event, n, total))
    return found


def event_place_on_map(event: Event) -> Place | None:
    """The place an event page draws on a map: only when the page asks for one (show_map) and
    the place has coordinates."""
    place = event.place
    if not event.show_map or place is None or place.latitude is None or place.longitude is None:
        return None
    return place


def place_on_the_map(event: Event, now: dt.datetime | None = None) -> Place | None:
    """The event's place when the map (unfiltered) shows it, for the event page's "Voir sur
    la carte": it has coordinates and the event a session still to come held there."""
    place = event.place
    if place is None or place.latitude is None or place.longitude is None:
        return None
    held_there = Q(place=place) | Q(place__isnull=True)
    sessions = held_on_site(upcoming_matching(AgendaFilters(), now))
    return place if sessions.filter(held_there, event=event).exists() else None
