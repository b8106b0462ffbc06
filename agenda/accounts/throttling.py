"""Failed sign-ins slow down the one who fails, not the owner of the address.

Three counts of failures, each with its own free allowance and then an exponential backoff
(after the allowance, the next try waits BASE_DELAY after the last failure, then twice that,
and so on up to MAX_DELAY):

- per (client address, e-mail): PAIR_FREE failures since that pair's last success. This is
  the guessing of one password from one place; the owner, elsewhere, is not affected.
- per client address, whatever the e-mail (spraying from one place): ADDRESS_FREE failures
  within WIDE_WINDOW;
- per e-mail, whatever the address (guessing from many places): EMAIL_FREE failures within
  WIDE_WINDOW.

The two wide counts never apply to a *known browser* for that e-mail: one that has proved it
holds the address (`agenda.lib.known_emails`: signed in with it, reset its password, or opened
a link sent to it). So someone spending the limits on another person's e-mail slows themself, and
at worst people signing in from a new browser, who are told they can reset their password
(which makes that browser known). Refused attempts are not recorded: hammering a lock does not
make it longer. Attempts are kept in the database (LoginAttempt), which every worker shares,
and deleted after KEEP.

The client address is REMOTE_ADDR or, behind a reverse proxy listed in TRUSTED_PROXIES, the
address that proxy gives in X-Forwarded-For (agenda/lib/clients.py).
"""

from __future__ import annotations

import datetime as dt
import math

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from agenda.lib.clients import client_address
from agenda.lib.french import accord
from agenda.lib.frenchdates import format_hour_fr

from .models import LoginAttempt

PAIR_FREE = 5
ADDRESS_FREE = 20
EMAIL_FREE = 20
WIDE_WINDOW = dt.timedelta(hours=1)
BASE_DELAY = dt.timedelta(minutes=1)
MAX_DELAY = dt.timedelta(hours=1)
KEEP = dt.timedelta(days=1)
# Password-reset requests (each sends an e-mail): per client address and per e-mail, within
# WIDE_WINDOW, then the same backoff. A browser known for the e-mail skips the e-mail's count.
RESET_ADDRESS_FREE = 5
RESET_EMAIL_FREE = 3

SIGN_INS = LoginAttempt.objects.filter(kind=LoginAttempt.Kind.SIGN_IN)
RESETS = LoginAttempt.objects.filter(kind=LoginAttempt.Kind.RESET)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or what a trusted proxy says (lib/clients.py)."""
    return client_address(request)


def backoff_end(failures: QuerySet, *, free: int, now: dt.datetime) -> dt.datetime | None:
    """When the next try is allowed after these failures; None when it is now."""
    count = failures.count()
    if count < free:
        return None
    last = failures.order_by("-created_at").values_list("created_at", flat=True).first()
    delay = min(BASE_DELAY * 2 ** min(count - free, 20), MAX_DELAY)
    end = last + delay
    return end if end > now else None


def locked_until(
    email: str, ip: str | None, *, known_device: bool = False, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When sign-in with this e-mail from this client is allowed again; None if it is now."""
    now = now or timezone.now()
    email = normalise_email(email)
    failed = SIGN_INS.filter(succeeded=False, created_at__gte=now - KEEP)
    recent = failed.filter(created_at__gte=now - WIDE_WINDOW)
    ends = [backoff_end(_pair_failures(failed, email, ip), free=PAIR_FREE, now=now)]
    if not known_device:
        if ip:
            ends.append(backoff_end(recent.filter(ip=ip), free=ADDRESS_FREE, now=now))
        if email:
            ends.append(backoff_end(recent.filter(email=email), free=EMAIL_FREE, now=now))
    ends = [end for end in ends if end]
    return max(ends) if ends else None


def _pair_failures(failed: QuerySet, email: str, ip: str | None) -> QuerySet:
    pair = failed.filter(email=email, ip=ip)
    last_success = (
        SIGN_INS.filter(email=email, ip=ip, succeeded=True)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return pair.filter(created_at__gt=last_success) if last_success else pair


def record(
    email: str, ip: str | None, *, succeeded: bool, kind: str = LoginAttempt.Kind.SIGN_IN
) -> None:
    now = timezone.now()
    LoginAttempt.objects.filter(created_at__lt=now - KEEP).delete()
    LoginAttempt.objects.create(
        email=normalise_email(email)[:254], ip=ip, succeeded=succeeded, created_at=now, kind=kind
    )


def reset_locked_until(
    email: str, ip: str | None, *, known_device: bool = False, now: dt.datetime | None = None
) -> dt.datetime | None:
    """When this client may ask again for a reset link for this e-mail; None if it is now."""
    now = now or timezone.now()
    recent = RESETS.filter(created_at__gte=now - WIDE_WINDOW)
    ends = []
    if ip:
        ends.append(backoff_end(recent.filter(ip=ip), free=RESET_ADDRESS_FREE, now=now))
    if not known_device:
        email = normalise_email(email)
        ends.append(backoff_end(recent.filter(email=email), free=RESET_EMAIL_FREE, now=now))
    ends = [end for end in ends if end]
    return max(ends) if ends else None


def record_reset(email: str, ip: str | None) -> None:
    record(email, ip, succeeded=False, kind=LoginAttempt.Kind.RESET)


def reset(email: str, ip: str | None) -> None:
    """The owner proved they hold the address (password reset): clear their pair's failures;
    the view also makes their browser known for it."""
    record(email, ip, succeeded=True)


def _wait(until: dt.datetime, now: dt.datetime | None) -> tuple[str, str]:
    """("14 h 31", "3 minutes"): when, rounded up to the minute, and how long."""
    now = now or timezone.now()
    local = timezone.localtime(until)
    # Round up to the next minute so the time given is never too early.
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return format_hour_fr(local), accord(minutes, "minute")


def lock_message(until: dt.datetime, *, now: dt.datetime | None = None) -> str:
    at, wait = _wait(until, now)
    return (
        "Trop de tentatives de connexion ont échoué. Par sécurité, patientez avant de "
        f"réessayer : à partir de {at} (dans {wait}). Si vous avez oublié "
        "votre mot de passe, vous pouvez le réinitialiser."
    )


def reset_lock_message(until: dt.datetime, *, now: dt.datetime | None = None) -> str:
    at, wait = _wait(until, now)
    return (
        "Trop de demandes de réinitialisation ont été faites. Par sécurité, patientez avant "
        f"d’en faire une nouvelle : à partir de {at} (dans {wait}). Si un message vous a "
        "déjà été envoyé, son lien reste valable."
    )
