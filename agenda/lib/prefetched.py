"""A prefetched relation read without building its related manager.

`event.tags.all()` makes a manager object first (~10-25 µs: filters and the through model
worked out each time) only to hand back the list `prefetch_related` stored; a publication
reads ~8 relations an event, its sessions' formats included, in each of its documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def related(instance: Any, name: str) -> Iterable[Any]:
    """`getattr(instance, name).all()`: the very queryset Django returns when `name` was
    prefetched (its cache is keyed by the accessor's name), else the manager's own query."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is not None and name in cache:
        return cache[name]
    return getattr(instance, name).all()
