"""The cross-page checks (duplicate event, reused registration link) beyond the pages at hand:
at import, and when a form is saved, a page is compared with the other pages of the import and
with the stored events that could clash with it.

Cheap by design: each page gives its keys (its days, the links in its text: one regular
expression, no rule run); only pages that share a key with another page are compared, and read
again for that. Stored events are compared only for a small import (`NEIGHBOURS_FOR` pages; a
form's save is one page): a whole folder's import holds the pages it compares. They are read
back as pages from the text they were imported from (or as they would be exported).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable

from django.db.models import Q

from agenda.checks import check_across
from agenda.events.models import PARIS, Event, Programme
from agenda.events.services import event_span
from agenda.lib.pages import PageData, PageError, PageProblem

from .jekyll import parse_page
from .jekyll_writer import write_page

NEIGHBOURS_FOR = 50  # an import of at most this many pages is compared with stored events
NEIGHBOURS_MAX = 200  # stored events read back for one comparison, at most
_URL = re.compile(r"https?://(?:www\.)?([^\s\"'<>()\[\]]++)", re.I)


def cross_keys(page: PageData) -> frozenset[str]:
    """What two clashing pages share: their days (first and last), or a link."""
    keys = {f"link:{_link_key(match[1])}" for match in _URL.finditer(page.text or "")}
    start, end = event_span(page)
    if start is not None:
        keys.add(f"days:{_day(start.value)}/{_day(end.value) if end else ''}")
    return frozenset(keys)


def cross_problems(
    pages: list[PageData], *, programme: Programme | None = None, exclude_slug: str = ""
) -> list[PageProblem]:
    """The cross-page problems of a few pages (a form's page) with one another and with the
    stored events (of `programme` when given) that share a day or a link with them."""
    by_path = {page.path: page for page in pages}
    keyed = {page.path: cross_keys(page) for page in pages}
    return import_cross_problems(
        keyed, read=by_path.get, programme=programme, exclude_slug=exclude_slug
    )


def import_cross_problems(
    keyed: dict[str, frozenset[str]],
    *,
    read: Callable[[str], PageData | None],
    programme: Programme | None = None,
    exclude_slug: str = "",
    exclude_names: Iterable[str] = (),
) -> list[PageProblem]:
    """The cross-page problems of an import's pages (their keys by path; `read` gives a page
    back by path): compared with one another, and a few with the stored events."""
    stored: list[PageData] = []
    if len(keyed) <= NEIGHBOURS_FOR:
        every_key = set().union(*keyed.values()) if keyed else set()
        stored = stored_neighbours(
            every_key, programme=programme, exclude_slug=exclude_slug, exclude_names=exclude_names
        )
    stored_keys = [cross_keys(page) for page in stored]
    counts = Counter(key for keys in [*keyed.values(), *stored_keys] for key in keys)
    paths = [path for path, keys in keyed.items() if any(counts[key] > 1 for key in keys)]
    pages = [page for path in paths if (page := read(path)) is not None]
    if not pages:
        return []
    clashing = [
        page
        for page, keys in zip(stored, stored_keys, strict=True)
        if any(counts[k] > 1 for k in keys)
    ]
    return check_across(pages, reference=clashing)


def stored_neighbours(
    keys: set[str],
    *,
    programme: Programme | None,
    exclude_slug: str = "",
    exclude_names: Iterable[str] = (),
) -> list[PageData]:
    """Stored events starting within a day of one of these days, or whose text holds one of
    these links (at most 20 links asked): read back as pages."""
    clash = Q()
    for key in sorted(keys):
        kind, _, value = key.partition(":")
        if kind == "days":
            start = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time(), PARIS)
            after, before = start - dt.timedelta(days=1), start + dt.timedelta(days=2)
            clash |= Q(starts_at__gte=after, starts_at__lt=before)
    for key in sorted(k for k in keys if k.startswith("link:"))[:20]:
        link = key.removeprefix("link:")
        clash |= Q(body__icontains=link) | Q(source_text__icontains=link)
    if not clash:
        return []
    events = Event.objects.filter(clash).exclude(source_name__in=[n for n in exclude_names if n])
    if programme is not None:
        events = events.filter(programme=programme)
    if exclude_slug:
        events = events.exclude(slug=exclude_slug)
    return [page for event in events.order_by("pk")[:NEIGHBOURS_MAX] if (page := _as_page(event))]


def _link_key(url: str) -> str:
    return url.lower().split("#", 1)[0].split("?", 1)[0].rstrip("/.,;")


def _day(value: dt.date | dt.datetime) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _as_page(event: Event) -> PageData | None:
    try:
        text = event.source_text or write_page(event)
        return parse_page(text, path=event.source_path or event.slug, slug=event.slug)
    except PageError:
        return None
