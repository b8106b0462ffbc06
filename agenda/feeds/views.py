"""Calendar (ICS) and Atom feeds of the published programme, filtered like the HTML agenda."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from agenda.events.filters import AgendaFilters, filter_events, filter_sessions, parse_filters
from agenda.events.models import PARIS, Event, Organisation, Session
from agenda.events.queries import public_sessions
from agenda.feeds.ics import calendar_for_sessions, last_modified
from agenda.lib.frenchdates import format_date_range_fr
from agenda.lib.markup import render_inline

# Subscribed calendars keep a month of history, so a session seen last week does not vanish.
RECENT_DAYS = 30
CACHE_CONTROL = "public, max-age=300"
ATOM_LIMIT = 500


def feed_sessions() -> QuerySet[Session]:
    """Public sessions (a cancelled event's stay, with STATUS:CANCELLED) with everything
    `calendar_for_sessions` reads, in a fixed query count."""
    return (
        public_sessions()
        .select_related("event__organisation", "event__place", "place")
        .prefetch_related("formats")
        .order_by("starts_at", "position", "pk")
    )


def since(days: int) -> dt.datetime:
    today = timezone.localtime(timezone.now(), PARIS).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return today - dt.timedelta(days=days)


def not_over_before(sessions: QuerySet[Session], moment: dt.datetime) -> QuerySet[Session]:
    return sessions.filter(Q(ends_at__gte=moment) | Q(ends_at__isnull=True, starts_at__gte=moment))


def filter_errors(filters: AgendaFilters) -> HttpResponse:
    return HttpResponseBadRequest(
        "\n".join(filters.errors) + "\n", content_type="text/plain; charset=utf-8"
    )


def calendar_response(
    request: HttpRequest, sessions: list[Session], *, name: str, filename: str
) -> HttpResponse:
    body = calendar_for_sessions(sessions, name=name, site_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = CACHE_CONTROL
    # The body depends only on the data, so its hash is a strong validator.
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["ETag"] = etag
    modified = max((last_modified(s) for s in sessions), default=None)
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    # Validated on the ETag only: an event unpublished or deleted leaves the others' dates
    # unchanged, so If-Modified-Since would wrongly answer 304.
    return get_conditional_response(request, etag=etag, response=response)


@require_safe
def ics_agenda(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    if filters.errors:
        return filter_errors(filters)
    sessions = filter_sessions(feed_sessions(), filters)
    if not filters.du:
        sessions = not_over_before(sessions, since(RECENT_DAYS))
    return calendar_response(
        request, list(sessions), name=settings.PROGRAMME_NAME, filename="agenda.ics"
    )


@require_safe
def ics_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.public().filter(slug=slug).order_by("-starts_at").first()
    if event is None:
        raise Http404("Aucun événement publié à cette adresse.")
    sessions = list(feed_sessions().filter(event=event))
    return calendar_response(request, sessions, name=event.title, filename=f"{slug}.ics")


@require_safe
def ics_session(request: HttpRequest, uid) -> HttpResponse:
    session = get_object_or_404(feed_sessions(), uid=uid)
    return calendar_response(
        request, [session], name=session.display_title, filename=f"seance-{uid}.ics"
    )


@require_safe
def ics_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    sessions = not_over_before(
        feed_sessions().filter(event__organisation=organisation), since(RECENT_DAYS)
    )
    name = f"{settings.PROGRAMME_NAME} — {organisation.name}"
    return calendar_response(request, list(sessions), name=name, filename=f"{slug}.ics")


class AgendaAtom1Feed(Atom1Feed):
    """Entries are dated by their event (in the future): the feed itself is as recent as its
    latest *edit*, else readers and caches would see a feed updated next month."""

    def latest_post_date(self) -> dt.datetime:
        updates = [item["updateddate"] for item in self.items if item.get("updateddate")]
        return max(updates) if updates else timezone.now()


class AgendaFeed(Feed):
    feed_type = AgendaAtom1Feed
    language = "fr"

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        filters = parse_filters(request.GET)
        if filters.errors:
            return filter_errors(filters)
        request.agenda_filters = filters  # the Feed instance is shared: no state on self
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = CACHE_CONTROL
        return response

    def get_object(self, request: HttpRequest, *args, **kwargs) -> AgendaFilters:
        return request.agenda_filters

    def title(self, filters: AgendaFilters) -> str:
        return settings.PROGRAMME_NAME + (" (sélection)" if filters.active else "")

    def subtitle(self, filters: AgendaFilters) -> str:
        return f"Les prochains événements de l’agenda {settings.SITE_NAME}"

    def link(self, filters: AgendaFilters) -> str:
        query = filters.query_string()
        return f"{settings.SITE_URL}{reverse('home')}" + (f"?{query}" if query else "")

    def feed_url(self, filters: AgendaFilters) -> str:
        query = filters.query_string()
        return f"{settings.SITE_URL}{reverse('atom_agenda')}" + (f"?{query}" if query else "")

    def items(self, filters: AgendaFilters) -> QuerySet[Event]:
        events = Event.objects.public().upcoming()
        return (
            filter_events(events, filters)
            .select_related("organisation", "place")
            .prefetch_related("categories")
            .order_by("starts_at", "title", "pk")[:ATOM_LIMIT]
        )

    def item_title(self, event: Event) -> str:
        if event.status == Event.Status.CANCELLED:
            return f"Annulé : {event.title}"
        return event.title

    def item_link(self, event: Event) -> str:
        return f"{settings.SITE_URL}{event.get_absolute_url()}"

    def item_description(self, event: Event) -> str:
        when = format_date_range_fr(event.start, event.end)
        where = event.place.city if event.place and event.place.city else event.place_label
        chapeau = mark_safe(render_inline(event.chapeau))  # sanitised by render_inline
        return format_html(
            "<p><strong>{}</strong>{}</p>{}",
            when[:1].upper() + when[1:],
            f" — {where}" if where else "",
            format_html("<p>{}</p>", chapeau) if event.chapeau else "",
        )

    def item_pubdate(self, event: Event) -> dt.datetime:
        return event.starts_at  # readers order entries by the event's date, not the edit's

    def item_updateddate(self, event: Event) -> dt.datetime:
        return event.updated_at

    def item_author_name(self, event: Event) -> str | None:
        return event.organisation.name if event.organisation else None

    def item_categories(self, event: Event) -> list[str]:
        return [category.name for category in event.categories.all()]


atom_agenda = AgendaFeed()
