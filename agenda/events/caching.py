"""Public pages are the same for every anonymous visitor: cache them for CACHE_SECONDS, under
the content version (agenda/lib/content_version.py), which every committed change bumps."""

import threading
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_page

from agenda.lib import content_version

# A request carrying this in its META is rendered fresh, never from the cache: the static
# publication renders pages right after a change, before every process has dropped its copy.
FRESH = "agenda.fresh"

# Sent once a change is committed, with `event_ids`: the events whose pages changed, or None
# when any page may have (a bulk import). The static publication rewrites their files.
pages_changed = Signal()

_pending = threading.local()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors share a cached copy; anyone with a session (staff see an event's
    problems) neither reads nor fills it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.CACHE_SECONDS  # read per request: settings may change (tests)
        if seconds <= 0 or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        if request.META.get(FRESH):
            return view(request, *args, **kwargs)
        prefix = f"pages-{content_version.current()}"
        return cache_page(seconds, key_prefix=prefix)(view)(request, *args, **kwargs)

    return wrapper


def forget_pages(*, instance=None, **kwargs) -> None:
    """Content changed: once the change is committed, pages are cached under a new version
    (agenda/lib/content_version.py: nothing else in the cache is dropped), and say which event
    changed (`instance`: an event or a session; none: any). However many rows the transaction
    saved, the first callback after the commit does it for all, the others find nothing."""
    connection = transaction.get_connection()
    registered = any(entry[1] is _committed for entry in connection.run_on_commit)
    if not registered:
        # A rolled-back transaction took its callback with it: its ids must not leak into the
        # next commit (it would republish the wrong events, or all of them).
        _pending.ids = set()
    _pending.__dict__.setdefault("ids", set()).add(_event_id(instance))
    transaction.on_commit(_committed)


def _event_id(instance) -> int | None:
    if instance is None:
        return None
    if instance._meta.model_name == "event":
        return instance.pk
    return getattr(instance, "event_id", None)


def _committed() -> None:
    ids = _pending.__dict__.pop("ids", set())
    if not ids:
        return
    content_version.bump()
    pages_changed.send(sender=None, event_ids=None if None in ids else frozenset(ids))
