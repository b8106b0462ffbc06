"""A session's registration state — open, closed, full, waitlist, past, cancelled — computed in
this one place for the agenda's cards, the event page, the contributor space's preview, the
feeds (JSON-LD) and the registration form (registrations/rules.py).

The events layer never imports registrations: seats are counted through the reverse relation
`Session.registrations` and the state value below (a test checks it is the model's).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q
from django.utils import timezone

from .models import PARIS, Event, Session

CONFIRMED = "confirmed"  # registrations.models.Registration.State.CONFIRMED


class Kind(StrEnum):
    NONE = "none"  # no registration: come as you are
    EXTERNAL = "external"  # registration on another site
    OPEN = "open"  # seats here, some left (or no limit)
    WAITLIST = "waitlist"  # seats here, none left, the waitlist takes names
    FULL = "full"  # no seat left, no waitlist (or the organiser says "complète")
    CLOSED = "closed"  # closing date passed, session started, event not published
    PAST = "past"  # the session is over
    CANCELLED = "cancelled"


# What a badge says of each state; None: no badge (nothing worth saying).
LABELS = {
    Kind.NONE: None,
    Kind.EXTERNAL: None,
    Kind.OPEN: "Inscriptions ouvertes",
    Kind.WAITLIST: "Complet — liste d’attente",
    Kind.FULL: "Complet",
    Kind.CLOSED: "Inscriptions closes",
    Kind.PAST: "Passée",
    Kind.CANCELLED: "Annulée",
}


@dataclass(frozen=True)
class RegistrationState:
    kind: Kind
    reason: str = ""  # why registration is not taken, for the person ("" when it is)
    capacity: int | None = None
    confirmed: int = 0
    waitlist_enabled: bool = False

    @property
    def label(self) -> str | None:
        return LABELS[self.kind]

    @property
    def is_native(self) -> bool:
        return self.kind in (Kind.OPEN, Kind.WAITLIST) or self.capacity is not None

    @property
    def takes_registrations(self) -> bool:
        """A registration link is offered (here or elsewhere)."""
        return self.kind in (Kind.OPEN, Kind.WAITLIST, Kind.EXTERNAL)

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.confirmed)

    @property
    def is_full(self) -> bool:
        return self.kind in (Kind.FULL, Kind.WAITLIST)


def is_over(session: Session, now: dt.datetime) -> bool:
    """Over once its end has passed (the end of its Paris day, for a date without a time).
    Without an end, at the end of the Paris day it starts: a session that began this morning
    and announced no end is still today's, as the agenda lists it (`queries.upcoming_matching`)."""
    if session.ends_at is None:
        end = _next_midnight(session.starts_at)
    elif session.has_end_time:
        end = session.ends_at
    else:
        end = _next_midnight(session.ends_at)
    return end <= now


def _next_midnight(moment: dt.datetime) -> dt.datetime:
    day = moment.astimezone(PARIS).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS)


def registration_state(
    session: Session,
    *,
    confirmed: int = 0,
    now: dt.datetime | None = None,
    preview: bool = False,
) -> RegistrationState:
    """The one rule. `confirmed` is the session's confirmed registrations (`count_confirmed`);
    `preview` shows an event not published yet as the public will see it once published."""
    now = now or timezone.now()
    native = session.registration == Session.Registration.NATIVE
    seats = {
        "capacity": session.capacity if native else None,
        "confirmed": confirmed if native else 0,
        "waitlist_enabled": native and session.waitlist_enabled,
    }
    if session.event.status == Event.Status.CANCELLED or session.status == Session.Status.CANCELLED:
        return RegistrationState(Kind.CANCELLED, "La séance est annulée.", **seats)
    if is_over(session, now):
        return RegistrationState(Kind.PAST, "La séance est passée.", **seats)
    if not native:
        return _elsewhere(session, seats)
    if session.event.status != Event.Status.PUBLISHED and not preview:
        return RegistrationState(Kind.CLOSED, "L’événement n’est pas publié.", **seats)
    if session.registration_closes_at and now >= session.registration_closes_at:
        return RegistrationState(Kind.CLOSED, "Les inscriptions sont closes.", **seats)
    if session.starts_at <= now:
        reason = "La séance a commencé : les inscriptions sont closes."
        return RegistrationState(Kind.CLOSED, reason, **seats)
    full = session.capacity is not None and confirmed >= session.capacity
    if full or session.status == Session.Status.FULL:
        kind = Kind.WAITLIST if session.waitlist_enabled else Kind.FULL
        return RegistrationState(kind, "" if kind == Kind.WAITLIST else "Complet.", **seats)
    return RegistrationState(Kind.OPEN, **seats)


def _elsewhere(session: Session, seats: dict) -> RegistrationState:
    reason = "Cette séance ne prend pas d’inscription sur l’agenda."
    if session.status == Session.Status.FULL:
        return RegistrationState(Kind.FULL, reason, **seats)
    if session.registration == Session.Registration.EXTERNAL or session.registration_url:
        return RegistrationState(Kind.EXTERNAL, reason, **seats)
    return RegistrationState(Kind.NONE, reason, **seats)


def count_confirmed(sessions: Iterable[Session]) -> dict[int, int]:
    """Confirmed registrations of the native sessions among `sessions`, in one query (none
    when no session takes registrations here)."""
    native = [s.pk for s in sessions if s.registration == Session.Registration.NATIVE]
    if not native:
        return {}
    rows = (
        Session.objects.filter(pk__in=native)
        .annotate(confirmed=Count("registrations", filter=Q(registrations__state=CONFIRMED)))
        .values_list("pk", "confirmed")
    )
    return dict(rows)


def attach_states(
    sessions: Iterable[Session], *, now: dt.datetime | None = None, preview: bool = False
) -> list[Session]:
    """Sets `registration_state` on each session (one query for all); returns them as a list.
    The sessions' events must be loaded (select_related or the event's own prefetch)."""
    sessions = list(sessions)
    now = now or timezone.now()
    counts = count_confirmed(sessions)
    for session in sessions:
        confirmed = counts.get(session.pk, 0)
        session.registration_state = registration_state(
            session, confirmed=confirmed, now=now, preview=preview
        )
    return sessions


def ensure_states(sessions: Iterable[Session], *, now: dt.datetime | None = None) -> list[Session]:
    """`attach_states` unless the view already did (the event page's JSON-LD reuses them)."""
    sessions = list(sessions)
    if all(getattr(s, "registration_state", None) is not None for s in sessions):
        return sessions
    return attach_states(sessions, now=now)


def state_of(session: Session, *, now: dt.datetime | None = None) -> RegistrationState:
    """The state attached by `attach_states`, or computed now (one query for a native session)."""
    state = getattr(session, "registration_state", None)
    if state is None:
        counts = count_confirmed([session])
        state = registration_state(session, confirmed=counts.get(session.pk, 0), now=now)
        session.registration_state = state
    return state
