"""Which e-mail addresses this browser has proved it holds: a signed cookie.

A browser proves an address by signing in with it (its password), by resetting its password,
or by opening a link sent to it (a registration's personal link). Limits that anyone could
spend on someone else's address (sign-in failures, registrations) then spare that browser.
The cookie keeps HMACs of the addresses (never the addresses), at most MAX_EMAILS of them,
signed with SECRET_KEY, for a year.
"""

import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "agenda_adresses"
SALT = "agenda.known-emails"
MAX_AGE = 365 * 24 * 3600
MAX_EMAILS = 5


def _mark(email: str) -> str:
    value = (email or "").strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), value, hashlib.sha256).hexdigest()[:24]


def _marks(request: HttpRequest | None) -> list[str]:
    if request is None or COOKIE not in request.COOKIES:
        return []
    try:
        marks = signing.loads(request.COOKIES[COOKIE], salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return []
    return [mark for mark in marks if isinstance(mark, str)] if isinstance(marks, list) else []


def is_known(request: HttpRequest | None, email: str) -> bool:
    return bool(email) and _mark(email) in _marks(request)


def remember(request: HttpRequest, response: HttpResponse, email: str) -> None:
    mark = _mark(email)
    marks = [mark, *(m for m in _marks(request) if m != mark)][:MAX_EMAILS]
    response.set_cookie(
        COOKIE,
        signing.dumps(marks, salt=SALT),
        max_age=MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
