"""The content version: a number in the cache, part of the key of every cached public page.

Changing content bumps it, so every page cached before is no longer looked up (and expires
after CACHE_SECONDS); nothing else in the cache is touched, unlike a whole-cache clear (with a
shared Redis, that would drop every process's entries, sessions' sign-in limits included).
"""

import time

from django.core.cache import cache

KEY = "agenda:content-version"


def current() -> int:
    """The version pages are cached under now."""
    version = cache.get(KEY)
    if version is None:
        _start()
        version = cache.get(KEY)
    return version


def bump() -> None:
    """Content changed: pages cached under the current version are left behind."""
    try:
        cache.incr(KEY)
    except ValueError:  # never set, or evicted from a full cache
        _start()


def _start() -> None:
    # Nanoseconds since 1970: a version lost and started again is still above every version
    # used before, so no page cached under an old number is ever read again.
    cache.add(KEY, time.time_ns(), timeout=None)
