"""Calendars (ICS, subscribed to by webcal:// too): the agenda's, an event's, a session's and an
organisation's; `agenda export --format ics`."""

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

from agenda.events.models import Event, Organisation
from agenda.feeds.calendars import (
    CONTENT_TYPE,
    RECENT_DAYS,
    calendar_document,
    calendars_of,
    feed_sessions,
    not_over_before,
    since,
    subscription_sessions,
)
from agenda.feeds.ics import calendar_for_sessions
from agenda.feeds.registry import REGISTRY, Document, Export, Feed, shared


def public_event(slug: str) -> Event | None:
    return Event.objects.public().filter(slug=slug).order_by("-starts_at").first()


def event_urls(event: Event | None):
    events = Event.objects.public()
    events = events.filter(pk=event.pk) if event else events.order_by("starts_at", "pk")
    return ({"slug": slug} for slug in events.values_list("slug", flat=True).distinct())


def session_urls(event: Event | None):
    sessions = feed_sessions()
    if event is not None:
        sessions = sessions.filter(event=event)
    return ({"uid": uid} for uid in sessions.values_list("uid", flat=True))


def organisation_urls(event: Event | None):
    organisations = Organisation.objects.filter(events__in=Event.objects.public())
    if event is not None:
        organisations = organisations.filter(events=event)
    slugs = organisations.order_by("slug").values_list("slug", flat=True).distinct()
    return ({"slug": slug} for slug in slugs)


def agenda_calendar(filters, **kwargs):
    return calendar_document(
        subscription_sessions(filters),
        name=settings.PROGRAMME_NAME,
        filename="agenda.ics",
    )


def event_calendar(filters, *, slug: str):
    event = public_event(slug)
    if event is None:
        return None
    sessions = feed_sessions().filter(event=event)
    return calendar_document(sessions, name=event.title, filename=f"{slug}.ics")


def session_calendar(filters, *, uid):
    session = feed_sessions().select_related("event").filter(uid=uid).first()
    if session is None:
        return None
    sessions = feed_sessions().filter(pk=session.pk)
    return calendar_document(sessions, name=session.display_title, filename=f"seance-{uid}.ics")


def organisation_calendar(filters, *, slug: str):
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return None
    sessions = not_over_before(
        feed_sessions().filter(event__organisation=organisation), since(RECENT_DAYS)
    )
    name = f"{settings.PROGRAMME_NAME} — {organisation.name}"
    return calendar_document(sessions, name=name, filename=f"{slug}.ics")


def sessions_calendars(events: list[Event]) -> tuple[Callable[..., Document], list[tuple]]:
    """These events' sessions (pk, event's pk, uid, title) in calendar order, and the calendar
    of any of them, from one read of their VEVENTs shared by the two batches below."""

    def read() -> tuple[Callable[..., Document], list[tuple]]:
        sessions = feed_sessions().filter(event__in=[event.pk for event in events])
        rows = list(sessions.values_list("pk", "event_id", "uid", "title"))
        return calendars_of(sessions), rows

    return shared(("calendars", *(event.pk for event in events)), read)


def event_calendars(output, events: list[Event]):
    """`ics_event`'s batch: these events' calendars."""
    calendar, rows = sessions_calendars(events)
    ids: dict[int, list[int]] = {event.pk: [] for event in events}
    for pk, event_id, _uid, _title in rows:
        ids[event_id].append(pk)
    for event in events:
        path = reverse(output.name, kwargs={"slug": event.slug})
        filename = f"{event.slug}.ics"
        yield event, path, calendar(ids[event.pk], name=event.title, filename=filename)


def session_calendars(output, events: list[Event]):
    """`ics_session`'s batch: the calendar of each of these events' sessions."""
    by_pk = {event.pk: event for event in events}
    calendar, rows = sessions_calendars(events)
    for pk, event_id, uid, title in rows:
        name = title or by_pk[event_id].title  # Session.display_title
        path = reverse(output.name, kwargs={"uid": uid})
        yield by_pk[event_id], path, calendar([pk], name=name, filename=f"seance-{uid}.ics")


def event_ics(event: Event) -> bytes:
    return calendar_for_sessions(event.sessions.all(), name=event.title, site_url=settings.SITE_URL)


def events_ics(events: list[Event]) -> bytes:
    sessions = [session for event in events for session in event.sessions.all()]
    return calendar_for_sessions(sessions, name=settings.PROGRAMME_NAME, site_url=settings.SITE_URL)


REGISTRY.register(
    Feed(
        name="ics_agenda",
        route="agenda.ics",
        content_type=CONTENT_TYPE,
        urls=lambda event: [{}],
        write=agenda_calendar,
        filtered=True,
        calendar=True,
    )
)
REGISTRY.register(
    Feed(
        name="ics_event",
        route="evenements/<slug:slug>.ics",
        content_type=CONTENT_TYPE,
        urls=event_urls,
        write=event_calendar,
        calendar=True,
        export=Export(format="ics", suffix="ics", one=event_ics, many=events_ics),
        per_event=True,
        batch=event_calendars,
    )
)
REGISTRY.register(
    Feed(
        name="ics_session",
        route="seances/<uuid:uid>.ics",
        content_type=CONTENT_TYPE,
        urls=session_urls,
        write=session_calendar,
        calendar=True,
        per_event=True,
        batch=session_calendars,
    )
)
REGISTRY.register(
    Feed(
        name="ics_organisation",
        route="organisations/<slug:slug>.ics",
        content_type=CONTENT_TYPE,
        urls=organisation_urls,
        write=organisation_calendar,
        calendar=True,
    )
)
