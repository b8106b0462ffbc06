"""Public pages are the same for every anonymous visitor: cache them for CACHE_SECONDS, under
the content version (agenda/lib/content_version.py), which every committed change bumps."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page

from agenda.lib import content_version


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors share a cached copy; anyone with a session (staff see an event's
    problems) neither reads nor fills it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.CACHE_SECONDS  # read per request: settings may change (tests)
        if seconds <= 0 or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        prefix = f"pages-{content_version.current()}"
        return cache_page(seconds, key_prefix=prefix)(view)(request, *args, **kwargs)

    return wrapper


def forget_pages(**kwargs) -> None:
    """Content changed: once the change is committed, pages are cached under a new version."""
    transaction.on_commit(content_version.bump)
