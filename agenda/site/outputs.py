"""The public site's HTML pages in the output registry (agenda/feeds/registry.py), so that a
static publication lists and writes them: each is rendered by its own view, for an anonymous
visitor. Organisation pages and calendar pages join here when they exist."""

from collections.abc import Iterator

from django.urls import reverse

from agenda.events import queries
from agenda.events.filters import AgendaFilters
from agenda.events.models import Event
from agenda.feeds.registry import REGISTRY, Page

HTML = "text/html; charset=utf-8"


def paged(name: str, items) -> Iterator[str]:
    """The list's first page, then ?page=2… up to the last one its (capped) count gives."""
    path = reverse(name)
    yield path
    pages = queries.CappedPaginator(items, queries.PER_PAGE).num_pages
    for number in range(2, pages + 1):
        yield f"{path}?page={number}"


def event_pages(event: Event | None) -> Iterator[str]:
    events = Event.objects.public()
    events = events.filter(pk=event.pk) if event else events.order_by("starts_at", "pk")
    for slug in events.values_list("slug", flat=True).distinct():
        yield reverse("event", kwargs={"slug": slug})


for name, urls in (
    ("home", lambda event: paged("home", queries.upcoming_sessions(AgendaFilters()))),
    ("past", lambda event: paged("past", queries.past_events(AgendaFilters()))),
    ("accessibility", lambda event: [reverse("accessibility")]),
    ("sitemap", lambda event: [reverse("sitemap")]),
):
    REGISTRY.register(Page(name=name, content_type=HTML, urls=urls))
REGISTRY.register(Page(name="event", content_type=HTML, urls=event_pages, per_event=True))
