"""The public site's HTML pages in the output registry (agenda/feeds/registry.py), so that a
static publication lists and writes them: each is rendered by its own view, for an anonymous
visitor. The calendar's months and weeks are those of the public sessions (an event: those of
its sessions), plus the current month and week."""

from collections.abc import Iterator

from django.urls import reverse

from agenda.events import calendar, queries
from agenda.events.filters import AgendaFilters
from agenda.events.models import Event
from agenda.events.organisers import public_organisations
from agenda.feeds.registry import REGISTRY, Page, at_slug

HTML = "text/html; charset=utf-8"


def paged(name: str, items) -> Iterator[str]:
    """The list's first page, then /page/2/… up to the last one its (capped) count gives."""
    yield reverse(name)
    pages = queries.CappedPaginator(items, queries.PER_PAGE).num_pages
    for number in range(2, pages + 1):
        yield reverse(f"{name}_page", args=[number])


def event_pages(event: Event | None) -> Iterator[str]:
    events = Event.objects.public()
    events = events.filter(pk=event.pk) if event else events.order_by("starts_at", "pk")
    for slug in events.values_list("slug", flat=True).distinct():
        yield reverse("event", kwargs={"slug": slug})


def month_pages(event: Event | None) -> Iterator[str]:
    for first in calendar.months_of(calendar.published_sessions(event)):
        yield reverse("month", kwargs={"year": first.year, "month": first.month})


def week_pages(event: Event | None) -> Iterator[str]:
    for monday in calendar.weeks_of(calendar.published_sessions(event)):
        year, week, _ = monday.isocalendar()
        yield reverse("week", kwargs={"year": year, "week": week})


def organiser_pages(event: Event | None) -> Iterator[str]:
    """Each organisation's page (those of `event`'s organisation when given), every page of
    its upcoming sessions."""
    organisations = public_organisations()
    if event is not None:
        organisations = organisations.filter(pk=event.organisation_id)
    for slug in organisations.values_list("slug", flat=True):
        path = reverse("organiser", kwargs={"slug": slug})
        yield path
        sessions = queries.upcoming_sessions(AgendaFilters(organisation=slug))
        for number in range(2, queries.CappedPaginator(sessions, queries.PER_PAGE).num_pages + 1):
            yield f"{path}?page={number}"


def widget_pages(event: Event | None) -> Iterator[str]:
    """The whole agenda's widget and each organisation's (the snippet its page gives)."""
    path = reverse("widget")
    yield path
    organisations = public_organisations()
    if event is not None:
        organisations = organisations.filter(pk=event.organisation_id)
    for slug in organisations.values_list("slug", flat=True):
        yield f"{path}?organisation={slug}"


for name, urls in (
    ("home", lambda event: paged("home", queries.upcoming_sessions(AgendaFilters()))),
    ("past", lambda event: paged("past", queries.past_events(AgendaFilters()))),
    ("calendar", lambda event: [] if event else [reverse("calendar")]),
    ("month", month_pages),
    ("this_week", lambda event: [] if event else [reverse("this_week")]),
    ("week", week_pages),
    ("map", lambda event: [reverse("map")]),
    ("organisers", lambda event: [reverse("organisers")]),
    ("organiser", organiser_pages),
    ("widget", widget_pages),
    ("accessibility", lambda event: [reverse("accessibility")]),
    ("sitemap", lambda event: [reverse("sitemap")]),
):
    REGISTRY.register(Page(name=name, content_type=HTML, urls=urls))
REGISTRY.register(
    Page(name="event", content_type=HTML, urls=event_pages, per_event=True, batch=at_slug)
)
