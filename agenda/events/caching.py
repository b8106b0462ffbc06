"""Public pages are the same for every anonymous visitor: cache them for CACHE_SECONDS."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors share a cached copy; anyone with a session (staff see an event's
    problems) neither reads nor fills it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.CACHE_SECONDS  # read per request: settings may change (tests)
        if seconds <= 0 or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        return cache_page(seconds)(view)(request, *args, **kwargs)

    return wrapper


def forget_pages(**kwargs) -> None:
    """Content changed: drop cached pages once the change is committed."""
    transaction.on_commit(cache.clear)
