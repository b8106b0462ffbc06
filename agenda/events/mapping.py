"""What the map shows: the places of the upcoming sessions (filtered like the agenda), each
with its events. The same list is the map's text alternative, so a place without coordinates
is listed too (it has no marker)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from .filters import AgendaFilters
from .models import Event, Place, Session
from .queries import upcoming_matching, upcoming_sessions

EVENTS_PER_PLACE = 10  # a place's list past that says how many more


@dataclass
class PlaceEvent:
    event: Event
    next_session: Session
    sessions: int = 1


@dataclass
class MapPlace:
    place: Place
    events: list[PlaceEvent] = field(default_factory=list)

    @property
    def located(self) -> bool:
        return self.place.latitude is not None and self.place.longitude is not None

    @property
    def shown_events(self) -> list[PlaceEvent]:
        return self.events[:EVENTS_PER_PLACE]

    @property
    def more(self) -> int:
        return max(0, len(self.events) - EVENTS_PER_PLACE)


def held_on_site(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """The sessions the map places: held on site (or both on site and online)."""
    return sessions.exclude(attendance_mode=Session.AttendanceMode.ONLINE)


def map_places(filters: AgendaFilters, now: dt.datetime | None = None) -> list[MapPlace]:
    """The places of upcoming on-site sessions, in a fixed number of queries: located places
    first, by city then name."""
    sessions = held_on_site(upcoming_sessions(filters, now)).prefetch_related(None)
    places: dict[int, MapPlace] = {}
    seen: dict[tuple[int, int], PlaceEvent] = {}
    for session in sessions:
        place = session.place or session.event.place
        if place is None:
            continue
        entry = places.setdefault(place.pk, MapPlace(place=place))
        key = (place.pk, session.event_id)
        if key in seen:
            seen[key].sessions += 1
            continue
        seen[key] = PlaceEvent(event=session.event, next_session=session)
        entry.events.append(seen[key])
    return sorted(
        places.values(),
        key=lambda item: (not item.located, item.place.city.lower(), str(item.place).lower()),
    )


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
