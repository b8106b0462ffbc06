"""The session's lock and what is counted under it: every change to a session's registrations
runs inside `serialised` and starts with `lock_session` (services.py explains why)."""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

from agenda.events.models import Session
from agenda.events.sessions import registrant_state

from . import notifications
from .models import Registration

logger = logging.getLogger(__name__)
T = TypeVar("T")
State = Registration.State
SQLITE_RETRIES = 8


def lock_session(session_pk: int) -> Session:
    """The session row, locked until the end of the transaction (no-op on SQLite, where the
    transaction itself holds the write lock from its BEGIN IMMEDIATE). With its event only:
    what emails need more is read after the commit, once the lock is released."""
    return (
        Session.objects.select_for_update(of=("self",)).select_related("event").get(pk=session_pk)
    )


def active_registrations(session: Session):
    return Registration.objects.filter(session=session, state__in=Registration.ACTIVE)


def confirmed_count(session: Session) -> int:
    return Registration.objects.filter(session=session, state=State.CONFIRMED).count()


def fill_seats(session: Session, now) -> list[Registration]:
    """Under the session's lock: promote people waiting while seats are free."""
    if session.status == Session.Status.CANCELLED or session.starts_at <= now:
        return []
    waiting = active_registrations(session).filter(state=State.WAITLISTED).order_by("position")
    if session.capacity is not None:
        free = session.capacity - confirmed_count(session)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    state = registrant_state(session)
    for registration in promoted:
        registration.session = session
        registration.state, registration.confirmed_at = State.CONFIRMED, now
        registration.notified_state, registration.notified_sequence = state, session.sequence
        registration.save(
            update_fields=["state", "confirmed_at", "notified_state", "notified_sequence"]
        )
        notifications.queue("promoted", registration=registration, session=session)
    return promoted


def serialised(function: Callable[[], T]) -> T:
    """Run a locking transaction; on SQLite, retry when the write lock stays busy beyond the
    connection's timeout ("database is locked"), as long as we own the transaction."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return function()
    for attempt in range(SQLITE_RETRIES):
        try:
            return function()
        except OperationalError as error:
            if "locked" not in str(error) or attempt == SQLITE_RETRIES - 1:
                raise
            logger.warning("SQLite busy (%s), retry %d", error, attempt + 1)
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")
