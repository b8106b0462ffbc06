"""Repeated failed sign-ins are throttled, per email address and per IP address.

After MAX_FAILURES failures within WINDOW for the same email (since its last successful
sign-in) or from the same IP address, sign-in is refused for LOCKOUT after the last failure,
even with the right password. Refused attempts are not recorded, so the lock cannot be made
longer by hammering it. Attempts are kept in the database (LoginAttempt), which every worker
shares, and deleted after a day.

The IP address is REMOTE_ADDR: behind a reverse proxy, the proxy must pass the client's address
there (for example with gunicorn's --forwarded-allow-ips), or every visitor shares one address.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from agenda.lib.frenchdates import format_hour_fr

from .models import LoginAttempt

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
LOCKOUT = dt.timedelta(minutes=15)
KEEP = dt.timedelta(days=1)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _lock_end(failures, now: dt.datetime) -> dt.datetime | None:
    times = list(
        failures.order_by("-created_at").values_list("created_at", flat=True)[:MAX_FAILURES]
    )
    if len(times) < MAX_FAILURES:
        return None
    newest, oldest = times[0], times[-1]
    if newest - oldest > WINDOW:
        return None
    end = newest + LOCKOUT
    return end if end > now else None


def locked_until(email: str, ip: str | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """When sign-in for this email or from this IP is allowed again; None if it is now."""
    now = now or timezone.now()
    since = now - WINDOW - LOCKOUT
    email = normalise_email(email)
    ends = []
    if email:
        failures = LoginAttempt.objects.filter(email=email, succeeded=False, created_at__gte=since)
        last_success = (
            LoginAttempt.objects.filter(email=email, succeeded=True)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last_success:
            failures = failures.filter(created_at__gt=last_success)
        ends.append(_lock_end(failures, now))
    if ip:
        ends.append(
            _lock_end(
                LoginAttempt.objects.filter(ip=ip, succeeded=False, created_at__gte=since), now
            )
        )
    ends = [end for end in ends if end]
    return max(ends) if ends else None


def record(email: str, ip: str | None, *, succeeded: bool) -> None:
    now = timezone.now()
    LoginAttempt.objects.filter(created_at__lt=now - KEEP).delete()
    LoginAttempt.objects.create(
        email=normalise_email(email)[:254], ip=ip, succeeded=succeeded, created_at=now
    )


def reset(email: str) -> None:
    """The owner proved they hold the address (password reset): clear its failures."""
    record(email, None, succeeded=True)


def lock_message(until: dt.datetime) -> str:
    local = timezone.localtime(until)
    # Round up to the next minute so the time given is never too early.
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    minutes = int(LOCKOUT.total_seconds() // 60)
    return (
        f"Trop de tentatives de connexion ont échoué. Par sécurité, la connexion est suspendue "
        f"pendant {minutes} minutes : réessayez à partir de {format_hour_fr(local)}. "
        "Si vous avez oublié votre mot de passe, vous pouvez le réinitialiser."
    )
