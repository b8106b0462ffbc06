"""The parts of the base layout every page repeats (the DSFR stylesheets, header, footer and
scripts), rendered once per publication and pasted into each page it writes.

A published page is rendered for an anonymous visitor, so these parts depend only on the
page's URL name (the menu marks the current one) and the settings: within `layout_kept()`,
`{% kept "name" %}…{% endkept %}` (agenda/site/templatetags/layout.py) renders its content
once per (name, URL name) for anonymous visitors. Outside it — every dynamic request — the
content is rendered each time, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.safestring import SafeString

_kept: ContextVar[dict[tuple, SafeString] | None] = ContextVar("layout_kept", default=None)


@contextmanager
def layout_kept() -> Iterator[None]:
    """Within the block, the layout's parts are rendered once each (kept if already kept)."""
    if _kept.get() is not None:
        yield
        return
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def keeping() -> bool:
    return _kept.get() is not None


def kept_part(key: tuple, render: Callable[[], SafeString]) -> SafeString:
    """`render()` once per key within `layout_kept()` (each time outside it)."""
    memo = _kept.get()
    if memo is None:
        return render()
    if key not in memo:
        memo[key] = render()
    return memo[key]
