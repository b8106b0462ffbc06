"""What the rules say about a session's registration: open or closed, seats left. (What
registrants are told about is the session writer's `registrant_state`, events/sessions.py.)"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from agenda.events.models import Session
from agenda.events.seats import Kind, registration_state

from .models import Registration

State = Registration.State
# Registration is taken (a seat, or a place on the waitlist, or refused as full by the counts).
ACCEPTING = (Kind.OPEN, Kind.WAITLIST, Kind.FULL)


class RegistrationError(Exception):
    """A registration refused, with a message for the person."""


class Closed(RegistrationError):
    pass


class Full(RegistrationError):
    pass


class RateLimited(RegistrationError):
    pass


@dataclass
class Availability:
    capacity: int | None
    confirmed: int
    waitlisted: int
    waitlist_enabled: bool
    closed_reason: str  # "" while registration is open

    @property
    def is_open(self) -> bool:
        return not self.closed_reason

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed >= self.capacity

    @property
    def seats_left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.confirmed)

    @property
    def accepts(self) -> bool:
        """The form is offered: open, and a seat or a waitlist place is left."""
        return self.is_open and (not self.is_full or self.waitlist_enabled)


def closed_reason(*, session: Session, now: dt.datetime | None = None) -> str:
    """Why the form is not offered ("" when it is): the one rule, events/seats.py."""
    state = registration_state(session, now=now)
    return "" if state.kind in ACCEPTING else state.reason


def availability(*, session: Session, now: dt.datetime | None = None) -> Availability:
    counts = Registration.objects.filter(session=session).aggregate(
        confirmed=Count("pk", filter=Q(state=State.CONFIRMED)),
        waitlisted=Count("pk", filter=Q(state=State.WAITLISTED)),
    )
    state = registration_state(session, confirmed=counts["confirmed"], now=now)
    return Availability(
        capacity=session.capacity,
        confirmed=counts["confirmed"],
        waitlisted=counts["waitlisted"],
        waitlist_enabled=session.waitlist_enabled,
        closed_reason="" if state.kind in ACCEPTING else state.reason,
    )
