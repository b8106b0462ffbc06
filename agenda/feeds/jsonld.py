"""Events as schema.org JSON-LD (https://schema.org/Event). Pure functions over model instances.

The event page embeds it, search engines read it, `agenda export --format jsonld` writes it.
Callers prefetch `sessions__formats`, `sessions__place`, `images`, `tags`, `audiences` and select
`organisation` and `place` to keep one query per relation for a whole list.
"""

import datetime as dt
from collections.abc import Iterable

from agenda.events.models import Event, Place, Session, paris_value
from agenda.events.seats import ensure_states, state_of
from agenda.lib.links import safe_link
from agenda.lib.markup import plain_text
from agenda.lib.prefetch import related

from .ics import event_url, session_place, session_url
from .registry import shared

SCHEMA = "https://schema.org/"
MODES = {
    "offline": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}
STATUSES = {
    Session.Status.POSTPONED: "EventPostponed",
    Session.Status.CANCELLED: "EventCancelled",
    Session.Status.MOVED_ONLINE: "EventMovedOnline",
}


def event_jsonld_once(event: Event, *, site_url: str) -> dict:
    """`event_jsonld`, made once per event within a publication's batch (`one_batch`): its
    page embeds what its .jsonld file holds. The caller must not change it."""
    return shared(("jsonld", event.pk, site_url), lambda: event_jsonld(event, site_url=site_url))


def events_jsonld(events: Iterable[Event], site_url: str) -> list[dict]:
    return [event_jsonld(event, site_url=site_url) for event in events]


def event_jsonld(event: Event, *, site_url: str) -> dict:
    sessions = ensure_states(related(event, "sessions"))
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": plain_text(event.chapeau),
        "url": event_url(event, site_url),
        "image": [absolute(image.path, site_url) for image in related(event, "images")],
        "startDate": iso(paris_value(event.starts_at, event.has_start_time)),
        "endDate": iso(paris_value(event.ends_at, event.has_end_time)),
        "eventAttendanceMode": SCHEMA + MODES.get(event.attendance_mode, MODES["offline"]),
        "eventStatus": SCHEMA + event_status(event, sessions),
        "location": event_location(event, sessions, site_url),
        "organizer": organizer(event),
        "keywords": ", ".join(tag.name for tag in related(event, "tags")),
        "audience": [
            {"@type": "Audience", "audienceType": audience.name}
            for audience in related(event, "audiences")
        ],
        "isAccessibleForFree": accessible_for_free(sessions),
        "offers": offer(
            next((s for s in sessions if safe_link(s.registration_url)), None), sessions
        ),
    }
    if not (len(sessions) == 1 and sessions[0].whole_event):
        data["subEvent"] = [session_jsonld(s, site_url=site_url) for s in sessions]
    return _without_empty(data)


def session_jsonld(session: Session, *, site_url: str) -> dict:
    event = session.event
    data = {
        "@type": "Event",
        "name": session.display_title,
        "description": plain_text(session.description),
        "url": session_url(session, site_url),
        "identifier": str(session.uid),
        "startDate": iso(session.start),
        "endDate": iso(session.end),
        "eventAttendanceMode": SCHEMA + MODES[session.attendance_mode],
        "eventStatus": SCHEMA + session_status(session),
        "location": session_location(session, site_url),
        "organizer": organizer(event),
        "keywords": ", ".join(f.name for f in related(session, "formats")),
        "isAccessibleForFree": session.is_free,
        "offers": offer(session, [session]),
    }
    return _without_empty(data)


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """2023-11-03T16:15:00+01:00 for an instant (Paris offset), 2023-11-03 for a bare date."""
    return value.isoformat() if value is not None else None


def absolute(path: str, site_url: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return f"{site_url.rstrip('/')}/{path.lstrip('/')}"


def event_status(event: Event, sessions: list[Session]) -> str:
    """The event's status is its sessions' when they all agree (all cancelled → cancelled)."""
    if event.status == Event.Status.CANCELLED:
        return "EventCancelled"
    statuses = {s.status for s in sessions}
    if len(statuses) == 1:
        return STATUSES.get(statuses.pop(), "EventScheduled")
    return "EventScheduled"


def session_status(session: Session) -> str:
    """A cancelled event cancels every session, whatever each one says."""
    if session.event.status == Event.Status.CANCELLED:
        return "EventCancelled"
    return STATUSES.get(session.status, "EventScheduled")


def place_jsonld(place: Place) -> dict:
    address = {
        "@type": "PostalAddress",
        "streetAddress": place.address,
        "postalCode": place.postcode,
        "addressLocality": place.city,
        "addressCountry": "FR",
    }
    data = {"@type": "Place", "name": place.name or place.address, "address": address}
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": place.latitude,
            "longitude": place.longitude,
        }
    return _without_empty(data)


def virtual_location(url: str) -> dict:
    return {"@type": "VirtualLocation", "url": url}


def event_location(event: Event, sessions: list[Session], site_url: str) -> list[dict] | dict:
    places = []
    if event.attendance_mode != "online":
        if event.place is not None:
            places.append(place_jsonld(event.place))
        elif event.place_label:
            places.append({"@type": "Place", "name": event.place_label})
    if event.attendance_mode != "offline":
        online = next((s.public_online_url for s in sessions if s.public_online_url), "")
        places.append(virtual_location(online or event_url(event, site_url)))
    return places[0] if len(places) == 1 else places


def session_location(session: Session, site_url: str) -> list[dict] | dict:
    places = []
    if session.attendance_mode != Session.AttendanceMode.ONLINE:
        place = session_place(session)
        if place is not None:
            places.append(place_jsonld(place))
        elif session.event.place_label:
            places.append({"@type": "Place", "name": session.event.place_label})
    if session.attendance_mode != Session.AttendanceMode.OFFLINE:
        places.append(virtual_location(session.public_online_url or session_url(session, site_url)))
    return places[0] if len(places) == 1 else places


def organizer(event: Event) -> dict | None:
    organisation = event.organisation
    if organisation is None:
        return None
    return _without_empty(
        {"@type": "Organization", "name": organisation.name, "url": safe_link(organisation.website)}
    )


def accessible_for_free(sessions: list[Session]) -> bool | None:
    """Free when every session says so, not free when one says not, else unknown (omitted)."""
    known = [s.is_free for s in sessions]
    if any(value is False for value in known):
        return False
    return True if known and all(known) else None


def offer(session: Session | None, sessions: list[Session]) -> dict | None:
    """An Offer only says what is known: the registration link, a zero price when free."""
    free = accessible_for_free(sessions)
    if session is None and not free:
        return None
    full = all(state_of(s).is_full for s in sessions)  # the one rule, events/seats.py
    data = {
        "@type": "Offer",
        "url": safe_link(session.registration_url) if session else None,
        "price": 0 if free else None,
        "priceCurrency": "EUR" if free else None,
        "availability": SCHEMA + ("SoldOut" if full else "InStock"),
    }
    return _without_empty(data)


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}
