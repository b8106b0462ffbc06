"""The Atom feed of upcoming events (`/flux.atom`), filtered like the agenda, made of stored
entries."""

import datetime as dt
from itertools import chain

from django.conf import settings
from django.db.models import Max
from django.urls import reverse

from agenda.events.filters import AgendaFilters, filter_events
from agenda.events.models import Event, Organisation
from agenda.feeds import fragments
from agenda.feeds.atom import CONTENT_TYPE, FEED_END, entry_text, feed_head
from agenda.feeds.outputs.calendars import organisation_urls
from agenda.feeds.registry import REGISTRY, Document, Feed
from agenda.lib.prefetch import attach

ATOM_LIMIT = 500
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _load_entries(ids: list[int]) -> list[Event]:
    events = list(
        Event.objects.filter(pk__in=ids)
        .select_related("organisation", "place")
        .only(*ENTRY.fields)  # what the key lists is all an entry reads
    )
    attach(events, "categories")
    return events


def _write_entry(event: Event) -> str:
    return entry_text(event, site_url=settings.SITE_URL)


# Everything `atom.entry_text` reads, and nothing else (tests/test_fragments.py holds it).
ENTRY = fragments.FragmentKind(
    name="atom_entry",
    model=Event,
    fields=(
        "title",
        "status",
        "slug",
        "starts_at",
        "ends_at",
        "has_start_time",
        "has_end_time",
        "chapeau",
        "updated_at",
        "place_label",
        "place__city",
        "organisation__name",
    ),  # fmt: skip
    many=("categories__name",),
    load=_load_entries,
    write=_write_entry,
)


fragments.refreshed_with_events(
    (ENTRY,), lambda ids: Event.objects.public().upcoming().filter(pk__in=ids)
)


def listed_events(filters: AgendaFilters):
    events = filter_events(Event.objects.public().upcoming(), filters)
    return events.order_by("starts_at", "title", "pk")


def _with_query(url: str, filters: AgendaFilters) -> str:
    query = filters.query_string()
    return url + (f"?{query}" if query else "")


def agenda_feed(filters: AgendaFilters | None, **kwargs) -> Document:
    filters = filters or AgendaFilters()
    return events_feed(
        filters,
        title=settings.PROGRAMME_NAME + (" (sélection)" if filters.active else ""),
        link=_with_query(f"{settings.SITE_URL}{reverse('home')}", filters),
        feed_url=_with_query(f"{settings.SITE_URL}{reverse('atom_agenda')}", filters),
    )


def organisation_feed(filters, *, slug: str) -> Document | None:
    """An organisation's upcoming events (`/organisations/<slug>.atom`), linked to its page."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return None
    return events_feed(
        AgendaFilters(organisation=slug),
        title=f"{settings.PROGRAMME_NAME} — {organisation.name}",
        link=f"{settings.SITE_URL}{reverse('organiser', kwargs={'slug': slug})}",
        feed_url=f"{settings.SITE_URL}{reverse('atom_organisation', kwargs={'slug': slug})}",
    )


def events_feed(filters: AgendaFilters, *, title: str, link: str, feed_url: str) -> Document:
    assembly = fragments.assemble(ENTRY, listed_events(filters), limit=ATOM_LIMIT)
    listed = listed_events(filters).values("pk")[:ATOM_LIMIT]
    updated = Event.objects.filter(pk__in=listed).aggregate(latest=Max("updated_at"))["latest"]
    if updated is None:  # nothing listed: as recent as the latest edit of anything public
        updated = Event.objects.public().aggregate(latest=Max("updated_at"))["latest"] or EPOCH
    head = feed_head(
        title=title,
        subtitle=f"Les prochains événements de l’agenda {settings.SITE_NAME}",
        link=link,
        feed_url=feed_url,
        updated=updated,
    )
    return Document(
        content_type=CONTENT_TYPE,
        chunks=fragments.buffered(chain([head], assembly.texts(), [FEED_END])),
        etag=lambda: fragments.digest_of(head, assembly.digest()),
        last_modified=updated if updated != EPOCH else None,
    )


REGISTRY.register(
    Feed(
        name="atom_agenda",
        route="flux.atom",
        content_type=CONTENT_TYPE,
        urls=lambda event: [{}],
        write=agenda_feed,
        filtered=True,
    )
)
REGISTRY.register(
    Feed(
        name="atom_organisation",
        route="organisations/<slug:slug>.atom",
        content_type=CONTENT_TYPE,
        urls=organisation_urls,
        write=organisation_feed,
    )
)
