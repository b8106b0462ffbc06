"""The calendars (ICS) of the published programme, made of stored VEVENT fragments.

Which sessions a calendar holds (the subscription window, an event's, an organisation's) and how
it is assembled: the header, then each session's VEVENT as stored (fragments.py), streamed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from itertools import chain

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from agenda.events.filters import AgendaFilters, filter_sessions
from agenda.events.models import PARIS, Session
from agenda.events.queries import public_sessions
from agenda.lib.prefetch import attach

from . import fragments
from .ics import CALENDAR_END, calendar_head, vevent_text
from .registry import Document

# Subscribed calendars keep a month of history, so a session seen last week does not vanish;
# the whole archive is the open-data download.
RECENT_DAYS = 30
CONTENT_TYPE = "text/calendar; charset=utf-8"
PLACE = ("name", "address", "postcode", "city")


def _load_sessions(ids: list[int]) -> list[Session]:
    sessions = list(
        Session.objects.filter(pk__in=ids)
        .select_related("event__organisation", "event__place", "place")
        .only(*VEVENT.fields)  # what the key lists is all a VEVENT reads
    )
    attach(sessions, "formats")
    return sessions


def _write_vevent(session: Session) -> str:
    return vevent_text(session, site_url=settings.SITE_URL)


# Everything `ics.vevent_text` reads, and nothing else (tests/test_fragments.py holds it).
VEVENT = fragments.FragmentKind(
    name="vevent",
    model=Session,
    fields=(
        "uid",
        "sequence",
        "updated_at",
        "starts_at",
        "ends_at",
        "has_start_time",
        "has_end_time",
        "title",
        "description",
        "registration",
        "registration_url",
        "online_url",
        "accessibility",
        "attendance_mode",
        "status",
        "whole_event",
        *(f"place__{name}" for name in PLACE),
        "event__slug",
        "event__title",
        "event__chapeau",
        "event__status",
        "event__updated_at",
        "event__place_label",
        *(f"event__place__{name}" for name in PLACE),
        "event__organisation__name",
        "event__organisation__website",
        "event__organisation__slug",
    ),  # fmt: skip
    many=("formats__name",),
    load=_load_sessions,
    write=_write_vevent,
)


def feed_sessions() -> QuerySet[Session]:
    """Public sessions (a cancelled event's stay, with STATUS:CANCELLED), in calendar order."""
    return public_sessions().order_by("starts_at", "position", "pk")


def since(days: int) -> dt.datetime:
    today = timezone.localtime(timezone.now(), PARIS).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return today - dt.timedelta(days=days)


def not_over_before(sessions: QuerySet[Session], moment: dt.datetime) -> QuerySet[Session]:
    return sessions.filter(Q(ends_at__gte=moment) | Q(ends_at__isnull=True, starts_at__gte=moment))


def subscription_sessions(filters: AgendaFilters | None = None) -> QuerySet[Session]:
    """The agenda's calendar: upcoming sessions and those of the last RECENT_DAYS days (from
    the `du` day instead when the filters give one)."""
    filters = filters or AgendaFilters()
    sessions = filter_sessions(feed_sessions(), filters)
    return sessions if filters.du else not_over_before(sessions, since(RECENT_DAYS))


def calendar_document(sessions: QuerySet[Session], *, name: str, filename: str) -> Document:
    """The calendar of these sessions, from their stored VEVENTs (refreshed first), streamed."""
    head = calendar_head(name=name, site_url=settings.SITE_URL)
    assembly = fragments.assemble(VEVENT, sessions)
    return Document(
        content_type=CONTENT_TYPE,
        chunks=calendar_chunks(head, assembly.texts()),
        etag=lambda: fragments.digest_of(head, assembly.digest()),
        last_modified=latest_change(sessions),
        filename=filename,
    )


def calendar_chunks(head: str, vevents: Iterable[str]) -> Iterator[bytes]:
    return fragments.buffered(chain([head], vevents, [CALENDAR_END]))


def calendars_of(sessions: QuerySet[Session]) -> Callable[..., Document]:
    """For many calendars at once (the publication's): their sessions' VEVENTs read together,
    in one query (`sessions`: a queryset over them all, in calendar order); the function returned
    gives one calendar of some of them (ids in calendar order), the bytes `calendar_document`
    gives for the same sessions."""
    vevents = dict(fragments.assemble(VEVENT, sessions).entries())

    def calendar(ids: Iterable[int], *, name: str, filename: str) -> Document:
        head = calendar_head(name=name, site_url=settings.SITE_URL)
        texts = [vevents[pk] for pk in ids if pk in vevents]
        return Document(CONTENT_TYPE, list(calendar_chunks(head, texts)), filename=filename)

    return calendar


def latest_change(sessions: QuerySet[Session]) -> dt.datetime | None:
    """The latest change of these sessions or their events (their VEVENTs' LAST-MODIFIED)."""
    latest = sessions.order_by().aggregate(
        session=Max("updated_at"), event=Max("event__updated_at")
    )
    moments = [moment for moment in latest.values() if moment]
    return max(moments).astimezone(dt.UTC).replace(microsecond=0) if moments else None
