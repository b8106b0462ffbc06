"""Seats on the demo's workshops: the pages say nothing of registration on the agenda (the
Jekyll format has no key for it), so a visitor of `make run` would never see the seats, the
waitlist or the registration form. The workshops still to come open registration here, through
the same service an organiser's form uses."""

import datetime as dt

from agenda.events.models import Session
from agenda.registrations.services import configure

WORKSHOP_WORDS = ("atelier",)
SEATS = (12, 20, 30)  # small rooms: a waitlist is met soon


def open_demo_seats(*, slugs: list[str], now: dt.datetime) -> int:
    """Registration on the agenda for the workshops to come of the demo's events (`slugs`:
    never another event of the database) that take none; idempotent (a workshop already open
    keeps its seats). Returns how many sessions take it."""
    workshops = [
        session
        for session in Session.objects.filter(starts_at__gt=now, event__slug__in=slugs)
        .exclude(registration=Session.Registration.EXTERNAL)
        .order_by("starts_at", "pk")
        if any(word in session.title.lower() for word in WORKSHOP_WORDS)
    ]
    for n, session in enumerate(workshops):
        if session.registration != Session.Registration.NATIVE:
            configure(
                session=session,
                registration=Session.Registration.NATIVE,
                capacity=SEATS[n % len(SEATS)],
                waitlist_enabled=True,
            )
    return len(workshops)
