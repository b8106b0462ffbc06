"""QuerySets and groupings for the public pages.

Every list is built with select_related/prefetch_related so that the number of queries of a page
does not grow with the number of events or sessions shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from agenda.lib.frenchdates import fold

from . import search
from .filters import AgendaFilters, filter_events, filter_sessions
from .models import PARIS, Audience, Category, Event, Format, Organisation, Session, Tag

PER_PAGE = 30


@dataclass
class DayGroup:
    """Sessions of one Paris day, in the order they start."""

    day: dt.date
    sessions: list[Session] = field(default_factory=list)


@dataclass
class MonthGroup:
    """Past events of one month (year, month), most recent first."""

    month: dt.date
    events: list[Event] = field(default_factory=list)


def paris_today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), PARIS).date()


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS)


def public_sessions() -> QuerySet[Session]:
    """Sessions of published events, and of cancelled ones (they stay listed, as cancelled)."""
    return Session.objects.filter(
        event__status__in=(Event.Status.PUBLISHED, Event.Status.CANCELLED)
    )


def _not_over(sessions: QuerySet[Session], now: dt.datetime | None) -> QuerySet[Session]:
    since = _day_start(paris_today(now))
    return sessions.filter(Q(ends_at__gte=since) | Q(ends_at__isnull=True, starts_at__gte=since))


def upcoming_matching(filters: AgendaFilters, now: dt.datetime | None = None) -> QuerySet[Session]:
    """Public sessions not over yet (today included) that pass the filters: no join, no order
    (for counts)."""
    return filter_sessions(_not_over(public_sessions(), now), filters)


def upcoming_sessions(filters: AgendaFilters, now: dt.datetime | None = None) -> QuerySet[Session]:
    """Public sessions not over yet (today included) of upcoming events, filtered; those of a
    cancelled event stay, marked cancelled, for whoever planned to come."""
    sessions = upcoming_matching(filters, now)
    return (
        sessions.select_related("event", "event__organisation", "event__place", "place")
        .defer(*LIST_DEFERRED)
        .prefetch_related("formats", "event__categories")
        .order_by("starts_at", "event__title", "position", "pk")
    )


# A search ranks at most this many events (the last added that match): beyond, the page says
# "plus de" and asks for more precise words (docs/search.md).
RANK_LIMIT = 1000


@dataclass
class Found:
    """The events a search finds under some filters, best first, and whether there were more."""

    event_ids: list[int]
    capped: bool


def found_events(filters: AgendaFilters, now: dt.datetime | None = None) -> Found:
    """The best events (at most RANK_LIMIT) for the question `filters.q` that have an upcoming
    session passing the other filters: one query."""
    among = upcoming_matching(replace(filters, q=""), now)
    ids, more = search.best_ids(filters.q, among=among, limit=RANK_LIMIT)
    return Found(ids, capped=more)


def next_session_ids(
    filters: AgendaFilters, limit: int, now: dt.datetime | None = None
) -> list[int] | None:
    """Ids of the first `limit` upcoming sessions passing the filters, in start order; None
    when no more than `limit` pass (one query, stopped at `limit` + 1 rows)."""
    sessions = upcoming_matching(filters, now).order_by("starts_at", "pk")
    ids = list(sessions.values_list("pk", flat=True)[: limit + 1])
    return ids[:limit] if len(ids) > limit else None


def sql_numbers(ids: list[int]) -> RawSQL:
    """Ids for an `__in` filter written as SQL numbers: a thousand parameters cost Django ~30
    ms to prepare, each time."""
    return RawSQL(",".join(str(int(pk)) for pk in ids) or "NULL", [])  # noqa: S611


def found_sessions(
    filters: AgendaFilters, found: Found, now: dt.datetime | None = None
) -> QuerySet[Session]:
    """The upcoming sessions passing the filters of the events found (no order). The events
    found are public: their status is not read again (it sits after their long texts)."""
    if not found.event_ids:
        return Session.objects.none()
    sessions = _not_over(Session.objects.filter(event_id__in=sql_numbers(found.event_ids)), now)
    return filter_sessions(sessions, replace(filters, q=""))


def ranked_sessions(
    filters: AgendaFilters, found: Found, now: dt.datetime | None = None
) -> list[int]:
    """Ids of the upcoming sessions of the events found, the best events first, each event's
    sessions in the order they start: one query for at most RANK_LIMIT events' sessions, in
    start order, then sorted here by their event's rank (a stable sort keeps that order)."""
    rank = {pk: position for position, pk in enumerate(found.event_ids)}
    rows = found_sessions(filters, found, now).order_by("starts_at", "pk")
    rows = sorted(rows.values_list("pk", "event_id"), key=lambda row: rank[row[1]])
    return [pk for pk, _event in rows]


def sessions_in_order(ids: list[int]) -> list[Session]:
    """These sessions, ready for a list's cards, in the order of `ids`."""
    sessions = (
        public_sessions()
        .filter(pk__in=ids)
        .select_related("event", "event__organisation", "event__place", "place")
        .defer(*LIST_DEFERRED)
        .prefetch_related("formats", "event__categories")
    )
    found = {session.pk: session for session in sessions}
    return [found[pk] for pk in ids if pk in found]


# Long texts a list never shows: not read, so sorting and paging move small rows.
LIST_DEFERRED = (
    "description",
    "description_html",
    "event__body",
    "event__body_html",
    "event__intro_html",
    "event__closing_html",
    "event__programme_parts",
    "event__source_text",
    "event__extra_front_matter",
    "event__problems",
)


def past_events(filters: AgendaFilters, now: dt.datetime | None = None) -> QuerySet[Event]:
    """Published events that are over, most recent first."""
    events = filter_events(Event.objects.published().past(now), filters)
    return (
        events.select_related("organisation", "place")
        .prefetch_related("categories", "tags", "audiences")
        .order_by("-starts_at", "title", "pk")
    )


def with_page_data(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with everything their page shows, in a fixed number of queries."""
    sessions = Session.objects.select_related("place").prefetch_related("formats")
    events = with_editions(events)
    return events.select_related("organisation", "place", "programme").prefetch_related(
        Prefetch("sessions", queryset=sessions.order_by("starts_at", "position", "pk")),
        "images",
        "info_fields",
        "categories",
        "tags",
        "audiences",
    )


_loaded_pages: ContextVar[dict[str, Event | None] | None] = ContextVar("loaded", default=None)


def event_for_page(slug: str) -> Event | None:
    """A public (published or cancelled) event with everything its page shows."""
    loaded = _loaded_pages.get()
    if loaded is not None and slug in loaded:
        return loaded[slug]
    events = with_page_data(Event.objects.public().filter(slug=slug))
    event = events.order_by("-starts_at", "-pk").first()
    if loaded is not None:
        loaded[slug] = event
    return event


@contextmanager
def one_load_per_event(preloaded: dict[str, Event] | None = None) -> Iterator[None]:
    """Within the block, `event_for_page` loads each event once: the static publication renders
    an event's page, JSON-LD and Jekyll page from one load, or from events it loaded by the
    hundred (`preloaded`, by slug, from `with_page_data`). Nested blocks share the outer one."""
    if _loaded_pages.get() is not None and preloaded is None:
        yield
        return
    token = _loaded_pages.set(dict(preloaded or {}))
    try:
        yield
    finally:
        _loaded_pages.reset(token)


COUNT_CAP = 3000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP items: an exact count of every upcoming session of a large
    agenda costs more than the page itself, and nobody pages beyond a hundred pages."""

    @property
    def count(self) -> int:
        if "_capped_count" not in self.__dict__:
            unordered = self.object_list.order_by()
            self._capped_count = unordered[: COUNT_CAP + 1].count()
        return min(self._capped_count, COUNT_CAP)

    @property
    def capped(self) -> bool:
        self.count  # noqa: B018 (computes it)
        return self._capped_count > COUNT_CAP

    def page(self, number) -> Page:
        """Paginator.page() cuts the last page at `count`; a capped count is not the end."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.capped and top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.object_list[bottom:top], number, self)


class OrderedPaginator(CappedPaginator):
    """A CappedPaginator whose pages are cut from the list's order read once (`orders`, by the
    list's SQL): a page is its 30 keys, not an OFFSET query sorting every row again."""

    def __init__(self, object_list: QuerySet, per_page: int, orders: dict[str, list]) -> None:
        super().__init__(object_list, per_page)
        key = str(object_list.query)
        if key not in orders:
            keys = object_list.values_list("pk", flat=True)[: COUNT_CAP + 1]
            orders[key] = list(keys)
        self.keys = orders[key]
        self._capped_count = len(self.keys)

    def _get_page(self, object_list: QuerySet, number: int, paginator: Paginator) -> Page:
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        # The same order over a subset keeps these keys in their order (the pk ends every order).
        keyed = self.object_list.filter(pk__in=self.keys[bottom:top])
        return super()._get_page(keyed, number, paginator)


_orders: ContextVar[dict[str, list] | None] = ContextVar("orders", default=None)
_shared: ContextVar[dict[str, object] | None] = ContextVar("shared", default=None)


@contextmanager
def one_order_per_list() -> Iterator[None]:
    """Within the block, `paginate` reads each list's order once for all its pages, and what
    every page of a list shows alike (its facets) is computed once: the static publication
    writes every page of the home list (100 at 4,000 events)."""
    orders, shared = _orders.set({}), _shared.set({})
    try:
        yield
    finally:
        _orders.reset(orders)
        _shared.reset(shared)


def shared_by_the_pages() -> dict[str, object] | None:
    """Inside `one_order_per_list`, a memo for what the pages of a list share; else None."""
    return _shared.get()


def paginate(items: QuerySet, page_number: str | None, per_page: int = PER_PAGE) -> Page:
    """A page of `items`; a missing, non-numeric or out-of-range number gives a valid page."""
    orders = _orders.get()
    if orders is None:
        return CappedPaginator(items, per_page).get_page(page_number)
    return OrderedPaginator(items, per_page, orders).get_page(page_number)


def group_by_day(sessions: Iterable[Session], floor: dt.date | None = None) -> list[DayGroup]:
    """Sessions under their Paris start day; one that began before `floor` (ongoing) goes
    under `floor`, so that a running exhibition shows up today rather than in the past."""
    groups: list[DayGroup] = []
    for session in sessions:
        day = session.starts_at.astimezone(PARIS).date()
        if floor and day < floor:
            day = floor
        if not groups or groups[-1].day != day:
            groups.append(DayGroup(day))
        groups[-1].sessions.append(session)
    return groups


def group_by_month(events: Iterable[Event]) -> list[MonthGroup]:
    groups: list[MonthGroup] = []
    for event in events:
        month = event.starts_at.astimezone(PARIS).date().replace(day=1)
        if not groups or groups[-1].month != month:
            groups.append(MonthGroup(month))
        groups[-1].events.append(event)
    return groups


def filter_choices() -> dict[str, list]:
    """Options of the filter form's selects (five small queries), in French alphabetical
    order whatever the case and accents ("accessibilité" before "RGAA")."""
    models = {
        "categories": Category,
        "tags": Tag,
        "audiences": Audience,
        "formats": Format,
        "organisations": Organisation,
    }
    return {
        key: sorted(model.objects.only("name", "slug"), key=lambda o: fold(o.name))
        for key, model in models.items()
    }


def floor_day(filters: AgendaFilters, now: dt.datetime | None = None) -> dt.date:
    """The first day shown by the upcoming list: today, or the `du` filter when later."""
    today = paris_today(now)
    return max(today, filters.du) if filters.du else today


def public_editions(event: Event) -> tuple[Event | None, Event | None]:
    """The event's previous edition and its newest next one, when the public may see them (a
    next edition only once published): the event page links them."""
    if hasattr(event, "public_next_editions"):  # loaded with the page data (`with_editions`)
        return event.public_previous_edition, next(iter(event.public_next_editions), None)
    previous = None
    if event.previous_edition_id:
        previous = Event.objects.public().filter(pk=event.previous_edition_id).first()
    following = event.next_editions.published().order_by("-starts_at", "-pk").first()
    return previous, following


def with_editions(events: QuerySet[Event]) -> QuerySet[Event]:
    """Events with what `public_editions` gives, in two queries for them all."""
    return events.prefetch_related(
        Prefetch(
            "previous_edition", queryset=Event.objects.public(), to_attr="public_previous_edition"
        ),
        Prefetch(
            "next_editions",
            queryset=Event.objects.published().order_by("-starts_at", "-pk"),
            to_attr="public_next_editions",
        ),
    )
