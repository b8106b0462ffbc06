"""Upkeep: the rate limit's log, the day-before reminders, erasing personal data."""

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from agenda.events.models import PARIS, Event, Session
from agenda.lib.emails import send_now

from . import notifications
from .models import Registration, RegistrationAttempt
from .rules import RateLimited

State = Registration.State
PENDING_TTL = dt.timedelta(hours=24)  # a request not confirmed by then is deleted


def check_rate_limit(
    *, address: str | None = None, email: str | None = None, now: dt.datetime | None = None
) -> None:
    """At most REGISTRATION_RATE_LIMIT attempts an hour per client address and per email.
    The caller counts an email only once its holder has proved it (see views.register): so
    nobody can spend the limit of someone else's address."""
    now = now or timezone.now()
    limit = settings.REGISTRATION_RATE_LIMIT
    keys = [_hashed(f"address:{address}")] if address is not None else []
    if email is not None:
        keys.append(_hashed(f"email:{email.strip().lower()}"))
    recent = RegistrationAttempt.objects.filter(
        key__in=keys, created_at__gt=now - dt.timedelta(hours=1)
    )
    per_key = {row["key"]: row["n"] for row in recent.values("key").annotate(n=Count("pk"))}
    if any(per_key.get(key, 0) >= limit for key in keys):
        raise RateLimited("Trop de tentatives : réessayez dans une heure.")
    RegistrationAttempt.objects.bulk_create(
        RegistrationAttempt(key=key, created_at=now) for key in keys
    )


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """The day-before reminder: confirmed registrants of sessions starting by the end of
    tomorrow (Paris time), once. Each row is claimed by an atomic UPDATE … WHERE
    reminder_sent_at IS NULL before its email leaves, so two runs never send it twice."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now, PARIS).date() + dt.timedelta(days=1)
    horizon = dt.datetime.combine(tomorrow + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    due = (
        Registration.objects.filter(
            state=State.CONFIRMED,
            reminder_sent_at__isnull=True,
            purged_at__isnull=True,
            confirmed_at__lt=now - dt.timedelta(hours=12),  # a fresh confirmation is enough
            session__registration=Session.Registration.NATIVE,
            session__starts_at__gt=now,
            session__starts_at__lt=horizon,
            session__event__status=Event.Status.PUBLISHED,
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .order_by("session__starts_at", "pk")
        .values_list("pk", flat=True)
    )
    sent = 0
    for pk in list(due):
        claimed = Registration.objects.filter(pk=pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue  # another run has it
        registration = Registration.objects.select_related(
            "session__event__organisation", "session__event__place", "session__place"
        ).get(pk=pk)
        email = notifications.registration_email(
            "reminder", registration=registration, session=registration.session
        )
        if send_now(email):
            sent += 1
        else:  # let the next run try again
            Registration.objects.filter(pk=pk).update(reminder_sent_at=None)
    return sent


@dataclass
class Purged:
    registrations: int
    attempts: int
    unconfirmed: int = 0


def purge(*, days: int | None = None, now: dt.datetime | None = None) -> Purged:
    """Blank the personal data of registrations `days` after their session ended (default
    REGISTRATION_RETENTION_DAYS); the rows stay, so counts do. Attempts older than a day go."""
    now = now or timezone.now()
    days = settings.REGISTRATION_RETENTION_DAYS if days is None else days
    limit = now - dt.timedelta(days=days)
    over = Q(session__ends_at__lt=limit) | Q(
        session__ends_at__isnull=True, session__starts_at__lt=limit
    )
    pks = list(
        Registration.objects.filter(over, purged_at__isnull=True).values_list("pk", flat=True)
    )
    for pk in pks:  # the token goes too: the personal link stops working
        Registration.objects.filter(pk=pk).update(
            name="",
            email="",
            organisation="",
            token=f"purged-{pk}",
            purged_at=now,
        )
    attempts, _ = RegistrationAttempt.objects.filter(
        created_at__lt=now - dt.timedelta(days=1)
    ).delete()
    unconfirmed, _ = Registration.objects.filter(
        state=State.PENDING, created_at__lt=now - PENDING_TTL
    ).delete()
    return Purged(registrations=len(pks), attempts=attempts, unconfirmed=unconfirmed)


def _hashed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
