"""Registration: seats, waitlist, confirmations. Keyword-only functions; views and commands
call these, never the models directly.

Seats hold under concurrency: every change to a session's registrations runs in a transaction
that first locks the session row (`SELECT … FOR UPDATE` on PostgreSQL; on SQLite the settings
open every transaction with BEGIN IMMEDIATE, which serialises writers), then counts and writes.
Emails leave once the transaction has committed (notifications.py).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import Lower
from django.utils import timezone

from agenda.events.caching import forget_pages
from agenda.events.models import Session
from agenda.events.sessions import (
    raise_sequence,
    registrant_state,
    session_fields,
    write_session,
)

from . import notifications
from .models import Registration, new_token
from .rules import (  # noqa: F401 (part of this module's interface)
    Availability,
    Closed,
    Full,
    RateLimited,
    RegistrationError,
    availability,
    closed_reason,
)
from .seats import (
    active_registrations,
    confirmed_count,
    fill_seats,
    lock_session,
    serialised,
)
from .upkeep import (  # noqa: F401 (part of this module's interface)
    PENDING_TTL,
    Purged,
    check_rate_limit,
    purge,
    send_reminders,
)

State = Registration.State


@dataclass
class Outcome:
    registration: Registration
    created: bool  # False: this address was already registered (its link was sent again)


@dataclass
class CapacityChange:
    confirmed: int
    promoted: list[Registration] = field(default_factory=list)
    over_by: int = 0  # confirmed registrants beyond the new capacity (nobody is dropped)


# --- registering -------------------------------------------------------------------------------


def register(
    *,
    session: Session,
    name: str,
    email: str,
    organisation: str = "",
    consent: bool,
    now: dt.datetime | None = None,
) -> Outcome:
    """A seat if one is left, else a place on the waitlist (if the session has one).
    The same address twice is one registration: its personal link is sent again."""
    if not consent:
        raise RegistrationError("Le consentement est nécessaire pour s’inscrire.")
    email = email.strip()
    return serialised(
        lambda: _register(
            session_pk=session.pk,
            name=name.strip(),
            email=email,
            organisation=organisation.strip(),
            now=now,
        )
    )


class Expired(RegistrationError):
    pass


def request_registration(
    *,
    session: Session,
    name: str,
    email: str,
    organisation: str = "",
    consent: bool,
    now: dt.datetime | None = None,
) -> Outcome:
    """A request from a browser that has not proved it holds `email`: no seat yet, an email to
    that address with the link that confirms it (`confirm`). An address already registered
    gets its personal link again instead; a second request renews the first."""
    if not consent:
        raise RegistrationError("Le consentement est nécessaire pour s’inscrire.")
    now = now or timezone.now()
    reason = closed_reason(session=session, now=now)
    if reason:
        raise Closed(reason)
    email, fields = email.strip(), {"name": name.strip(), "organisation": organisation.strip()}
    with transaction.atomic():
        mine = Registration.objects.filter(
            session=session, email__iexact=email, purged_at__isnull=True
        )
        existing = mine.filter(state__in=Registration.ACTIVE).first()
        if existing:
            notifications.queue("resend", registration=existing, session=session)
            return Outcome(existing, created=False)
        pending = mine.filter(state=State.PENDING).order_by("-pk").first()
        if pending:
            Registration.objects.filter(pk=pending.pk).update(
                **fields, consent_at=now, created_at=now
            )
            pending.refresh_from_db()
        else:
            pending = Registration.objects.create(
                session=session,
                email=email,
                state=State.PENDING,
                consent_at=now,
                created_at=now,
                **fields,
            )
        notifications.queue("confirm", registration=pending, session=session)
        return Outcome(pending, created=True)


def confirm(*, registration: Registration, now: dt.datetime | None = None) -> Outcome:
    """The holder of the address opened the link and confirmed: a seat or the waitlist, as
    `register` would give. A registration no longer pending is returned as it is."""
    now = now or timezone.now()
    if registration.state != State.PENDING:
        return Outcome(registration, created=False)
    if registration.created_at < now - PENDING_TTL:
        raise Expired("Ce lien de confirmation a expiré (24 heures) : inscrivez-vous à nouveau.")
    return serialised(
        lambda: _register(
            session_pk=registration.session_id,
            name=registration.name,
            email=registration.email,
            organisation=registration.organisation,
            now=None,
            pending_pk=registration.pk,
        )
    )


def _register(
    *,
    session_pk: int,
    name: str,
    email: str,
    organisation: str,
    now,
    pending_pk: int | None = None,
) -> Outcome:
    with transaction.atomic():
        session = lock_session(session_pk)
        now = now or timezone.now()  # after the lock: arrival order is the order of the lock
        # One query while the lock is held: seats taken, last waitlist position, this address.
        facts = (
            Registration.objects.filter(session=session)
            .alias(lower=Lower("email"))
            .aggregate(
                confirmed=Count("pk", filter=Q(state=State.CONFIRMED)),
                last=Max("position"),
                existing=Max(
                    "pk",
                    filter=Q(lower=email.lower(), state__in=Registration.ACTIVE)
                    & Q(purged_at__isnull=True),
                ),
            )
        )
        if facts["existing"] is not None:
            Registration.objects.filter(pk=pending_pk, state=State.PENDING).delete()
            existing = Registration.objects.get(pk=facts["existing"])
            existing.session = session
            notifications.queue("resend", registration=existing, session=session)
            return Outcome(existing, created=False)
        reason = closed_reason(session=session, now=now)
        if reason:
            raise Closed(reason)
        confirmed = facts["confirmed"]
        registration = Registration(
            pk=pending_pk,
            token=_pending_token(pending_pk),
            session=session,
            name=name,
            email=email,
            organisation=organisation,
            consent_at=now,
            created_at=now,
            notified_state=registrant_state(session),
            notified_sequence=session.sequence,
        )
        if session.capacity is None or confirmed < session.capacity:
            registration.state, registration.confirmed_at = State.CONFIRMED, now
        elif session.waitlist_enabled:
            registration.state, registration.position = State.WAITLISTED, (facts["last"] or 0) + 1
        else:
            raise Full("Cette séance est complète.")
        if pending_pk:  # the same row, so the link the person followed stays theirs
            registration.save(force_update=True)
        else:
            registration.save(force_insert=True)
        kind = "confirmation" if registration.state == State.CONFIRMED else "waitlisted"
        notifications.queue(kind, registration=registration, session=session)
        if session.capacity is not None and registration.state == State.CONFIRMED:
            forget_pages(instance=session)  # cards and the page show the seats left, "Complet"
        return Outcome(registration, created=True)


def _pending_token(pk: int | None) -> str:
    if pk is None:
        return new_token()
    return Registration.objects.values_list("token", flat=True).get(pk=pk)


def cancel(
    *, registration: Registration, by_organiser: bool = False, now: dt.datetime | None = None
) -> Registration:
    """Cancel a registration (idempotent); a freed seat goes to the first person waiting."""
    now = now or timezone.now()
    return serialised(lambda: _cancel(registration.pk, registration.session_id, by_organiser, now))


def _cancel(pk: int, session_pk: int, by_organiser: bool, now) -> Registration:
    with transaction.atomic():
        session = lock_session(session_pk)
        registration = Registration.objects.get(pk=pk)
        registration.session = session
        if not registration.is_active or registration.purged_at:
            return registration
        was_confirmed = registration.state == State.CONFIRMED
        registration.state = State.CANCELLED
        registration.cancelled_at = now
        registration.cancelled_by_organiser = by_organiser
        registration.save(update_fields=["state", "cancelled_at", "cancelled_by_organiser"])
        notifications.queue(
            "cancelled",
            registration=registration,
            session=session,
            was_confirmed=was_confirmed,
            by_organiser=by_organiser,
        )
        if was_confirmed:
            fill_seats(session, now)
            forget_pages(instance=session)
        return registration


def promote(*, session: Session, now: dt.datetime | None = None) -> list[Registration]:
    """Give the free seats to the waitlist, first arrived first."""
    now = now or timezone.now()

    def run() -> list[Registration]:
        with transaction.atomic():
            return fill_seats(lock_session(session.pk), now)

    return serialised(run)


def change_capacity(
    *,
    session: Session,
    capacity: int | None,
    waitlist_enabled: bool | None = None,
    warn: str = "",
    now: dt.datetime | None = None,
) -> CapacityChange:
    """Raising the capacity promotes people waiting; lowering it below the confirmed count
    drops nobody: the result says by how many it overflows, and `warn` (an address) is told."""
    now = now or timezone.now()
    return serialised(lambda: _change_capacity(session, capacity, waitlist_enabled, warn, now))


def _change_capacity(session, capacity, waitlist_enabled, warn, now) -> CapacityChange:
    with transaction.atomic():
        locked = lock_session(session.pk)
        changes = {"capacity": capacity}
        if waitlist_enabled is not None:
            changes["waitlist_enabled"] = waitlist_enabled
        # Through the one session writer; the seats are filled here, under the lock, so the
        # save's signal leaves them (it does that work for the other paths).
        locked.seats_handled = True
        write_session(session=locked, fields=changes)
        promoted = fill_seats(locked, now)
        confirmed = confirmed_count(locked)
        over_by = max(0, confirmed - capacity) if capacity is not None else 0
        if over_by and warn:
            notifications.organiser_warning(
                session=locked, to=warn, confirmed=confirmed, capacity=capacity
            )
        forget_pages(instance=locked)
    for key, value in changes.items():
        setattr(session, key, value)
    return CapacityChange(confirmed=confirmed, promoted=promoted, over_by=over_by)


def configure(
    *,
    session: Session,
    registration: str,
    registration_url: str = "",
    capacity: int | None = None,
    waitlist_enabled: bool = True,
    closes_at: dt.datetime | None = None,
    online_url: str = "",
    warn: str = "",
) -> CapacityChange:
    """The organiser's settings for a session's registration, in one transaction. The link
    and the online room show in calendars: the session writer saves them (a new SEQUENCE,
    registrants told of a new room); seats are counted under the lock by `change_capacity`."""
    fields = session_fields(
        registration=registration,
        registration_url=registration_url,
        # "Inscription obligatoire" follows a new kind of registration, else stays as it was.
        registration_required=None
        if registration != session.registration
        else session.registration_required,
        registration_closes_at=closes_at,
        online_url=online_url,
    )

    def run() -> CapacityChange:
        with transaction.atomic():
            write_session(session=session, fields=fields)
            return change_capacity(
                session=session, capacity=capacity, waitlist_enabled=waitlist_enabled, warn=warn
            )

    return serialised(run)


# --- telling people ----------------------------------------------------------------------------


def notify_change(*, session: Session) -> int:
    """Tell every registrant what changed (new times, cancellation) with the updated ICS:
    same UID, a higher SEQUENCE, METHOD:REQUEST or METHOD:CANCEL. Idempotent: each person is
    told once per state of the session, however often this runs. Returns the emails queued."""
    with transaction.atomic():
        locked = lock_session(session.pk)
        state = registrant_state(locked)
        stale = list(
            active_registrations(locked)
            .filter(purged_at__isnull=True)
            .exclude(notified_state=state)
        )
        if not stale:
            return 0
        # A change saved around the session writer (a raw save) left SEQUENCE where it was.
        raise_sequence(session=locked, above=max(r.notified_sequence for r in stale))
        session.sequence = locked.sequence
        Registration.objects.filter(pk__in=[r.pk for r in stale]).update(
            notified_state=state, notified_sequence=locked.sequence
        )
        kind = "session_cancelled" if notifications.is_cancelled(locked) else "changed"
        for registration in stale:
            registration.session = locked
            notifications.queue(kind, registration=registration, session=locked)
        return len(stale)


def notify_deletion(*, session: Session) -> int:
    """The session is being deleted: its registrants are told it is cancelled."""
    registrations = list(active_registrations(session).filter(purged_at__isnull=True))
    session.status = Session.Status.CANCELLED
    for registration in registrations:
        registration.session = session
        notifications.queue(
            "session_cancelled", registration=registration, session=session, eager=True
        )
    return len(registrations)
