"""Read-only JSON API of the published programme (django-ninja, OpenAPI at /api/openapi.json).

The list takes the agenda's filters as query parameters, with the same meaning and the same
French messages as the HTML pages and the feeds. Dates are ISO 8601 strings: an instant with
its Paris offset (2023-11-03T16:15:00+01:00), or a bare date (2023-11-03) when no time is known.
"""

from uuid import UUID

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError

from agenda.events.filters import filter_events, parse_filters
from agenda.events.models import Event, Organisation, Place, Session
from agenda.feeds.ics import event_url, session_url
from agenda.feeds.jsonld import absolute, iso
from agenda.lib.links import safe_link
from agenda.lib.markup import plain_text

PAGE_SIZE = 50

api = NinjaAPI(
    title="Agenda public",
    version="1",
    urls_namespace="api",
    description=__doc__,
)


# --- schemas ---------------------------------------------------------------------------------


class NamedOut(Schema):
    name: str
    slug: str


class OrganisationOut(NamedOut):
    acronym: str
    website: str


class PlaceOut(Schema):
    name: str
    address: str
    postcode: str
    city: str
    latitude: float | None
    longitude: float | None


class EventRef(Schema):
    slug: str
    title: str
    url: str


class SessionOut(Schema):
    uid: UUID
    url: str
    ics_url: str
    title: str
    display_title: str
    start: str = Field(description="ISO 8601: instant with offset, or a date")
    end: str | None
    status: str
    sequence: int
    attendance_mode: str
    place: PlaceOut | None
    online_url: str
    formats: list[NamedOut]
    registration_url: str
    registration_required: bool
    is_free: bool | None
    accessibility: str
    description: str = Field(description="markdown")
    description_html: str


class SessionDetail(SessionOut):
    event: EventRef


class EventSummary(EventRef):
    ics_url: str
    chapeau: str
    start: str = Field(description="ISO 8601: instant with offset, or a date")
    end: str | None
    attendance_mode: str
    status: str = Field(description="published, or cancelled (then status_reason says why)")
    status_reason: str
    organisation: OrganisationOut | None
    place_label: str
    place: PlaceOut | None
    image: str | None
    categories: list[NamedOut]
    tags: list[NamedOut]


class EventDetail(EventSummary):
    body_html: str
    formats: list[NamedOut]
    places: list[PlaceOut]
    sessions: list[SessionOut]


class EventPage(Schema):
    count: int
    page: int
    pages: int
    next: str | None
    previous: str | None
    results: list[EventSummary]


class ErrorOut(Schema):
    detail: str
    errors: list[str] = []


class FilterParams(Schema):
    du: str = Field("", description="à partir de ce jour (AAAA-MM-JJ)")
    au: str = Field("", description="jusqu’à ce jour inclus (AAAA-MM-JJ)")
    categorie: str = Field("", description="slug d’une catégorie")
    etiquette: str = Field("", description="slug d’une étiquette")
    format: str = Field("", description="slug d’un format de séance")
    organisation: str = Field("", description="slug d’une organisation")
    mode: str = Field("", description="en-ligne ou presentiel")
    q: str = Field("", description="mots cherchés dans le titre et le chapeau")
    page: int = Field(1, ge=1)


# --- serialisation ---------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def named(objects) -> list[dict]:
    return [{"name": o.name, "slug": o.slug} for o in objects]


def place_out(place: Place | None) -> dict | None:
    if place is None:
        return None
    fields = ("name", "address", "postcode", "city", "latitude", "longitude")
    return {name: getattr(place, name) for name in fields}


def organisation_out(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "acronym": organisation.acronym,
        "website": safe_link(organisation.website),
    }


def event_ref(event: Event) -> dict:
    return {"slug": event.slug, "title": event.title, "url": event_url(event, settings.SITE_URL)}


def session_out(session: Session) -> dict:
    return {
        "uid": session.uid,
        "url": session_url(session, settings.SITE_URL),
        "ics_url": absolute_url(reverse("ics_session", kwargs={"uid": session.uid})),
        "title": session.title,
        "display_title": session.display_title,
        "start": iso(session.start),
        "end": iso(session.end),
        "status": session.status,
        "sequence": session.sequence,
        "attendance_mode": session.attendance_mode,
        "place": place_out(session.place),
        "online_url": session.public_online_url,
        "formats": named(session.formats.all()),
        "registration_url": safe_link(session.registration_url),
        "registration_required": session.registration_required,
        "is_free": session.is_free,
        "accessibility": session.accessibility,
        "description": session.description,
        "description_html": session.description_html,
    }


def event_summary(event: Event) -> dict:
    image = next(iter(event.images.all()), None)
    return {
        **event_ref(event),
        "ics_url": absolute_url(reverse("ics_event", kwargs={"slug": event.slug})),
        "chapeau": plain_text(event.chapeau),
        "start": iso(event.start),
        "end": iso(event.end),
        "attendance_mode": event.attendance_mode,
        "status": event.status,
        "status_reason": event.status_reason,
        "organisation": organisation_out(event.organisation),
        "place_label": event.place_label,
        "place": place_out(event.place),
        "image": absolute(image.path, settings.SITE_URL) if image else None,
        "categories": named(event.categories.all()),
        "tags": named(event.tags.all()),
    }


def event_detail(event: Event) -> dict:
    sessions = list(event.sessions.all())
    formats = {f.slug: f for s in sessions for f in s.formats.all()}
    places = {p.pk: p for p in [event.place, *(s.place for s in sessions)] if p is not None}
    return {
        **event_summary(event),
        "body_html": event.body_html,
        "formats": named(sorted(formats.values(), key=lambda f: f.name)),
        "places": [place_out(p) for p in places.values()],
        "sessions": [session_out(s) for s in sessions],
    }


# --- queries ---------------------------------------------------------------------------------


def published_events() -> QuerySet[Event]:
    """Published events, and cancelled ones (a reuser must learn of the cancellation)."""
    return (
        Event.objects.public()
        .select_related("organisation", "place")
        .prefetch_related("categories", "tags", "images")
        .order_by("starts_at", "title", "pk")
    )


def with_sessions(events: QuerySet[Event]) -> QuerySet[Event]:
    sessions = Session.objects.select_related("place").prefetch_related("formats")
    return events.prefetch_related(Prefetch("sessions", queryset=sessions))


def page_url(request: HttpRequest, number: int) -> str:
    params = request.GET.copy()
    params["page"] = str(number)
    return absolute_url(f"{request.path}?{params.urlencode()}")


# --- endpoints -------------------------------------------------------------------------------


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Malformed parameters answer 400 like bad filter values, not ninja's default 422."""
    errors = [f"{'.'.join(map(str, e.get('loc', ())))} : {e.get('msg', '')}" for e in exc.errors]
    body = {"detail": "Paramètres invalides.", "errors": errors}
    return api.create_response(request, body, status=400)


@api.get("/events", response={200: EventPage, 400: ErrorOut, 404: ErrorOut}, tags=["événements"])
def list_events(request: HttpRequest, params: Query[FilterParams]):
    """Published events, ordered by start, past ones included (use `du` for upcoming ones)."""
    filters = parse_filters(params.dict())
    if filters.errors:
        return Status(400, {"detail": "Filtres invalides.", "errors": filters.errors})
    paginator = Paginator(filter_events(published_events(), filters), PAGE_SIZE)
    if params.page > max(paginator.num_pages, 1):
        return Status(404, {"detail": f"La page {params.page} n’existe pas.", "errors": []})
    page = paginator.page(params.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_url(request, page.previous_page_number()) if page.has_previous() else None,
        "results": [event_summary(event) for event in page.object_list],
    }


@api.get("/events/{slug}", response={200: EventDetail, 404: ErrorOut}, tags=["événements"])
def get_event(request: HttpRequest, slug: str):
    event = with_sessions(published_events()).filter(slug=slug).first()
    if event is None:
        return Status(404, {"detail": "Aucun événement publié à cette adresse."})
    return event_detail(event)


@api.get("/sessions/{uid}", response={200: SessionDetail, 404: ErrorOut}, tags=["séances"])
def get_session(request: HttpRequest, uid: UUID):
    session = (
        Session.objects.filter(event__in=Event.objects.public())
        .select_related("event", "place")
        .prefetch_related("formats")
        .filter(uid=uid)
        .first()
    )
    if session is None:
        return Status(404, {"detail": "Aucune séance publiée à cette adresse."})
    return {**session_out(session), "event": event_ref(session.event)}
