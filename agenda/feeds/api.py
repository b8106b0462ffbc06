"""Read-only JSON API of the published programme (django-ninja, OpenAPI at /api/openapi.json).

The list takes the agenda's filters as query parameters, with the same meaning and the same
French messages as the HTML pages and the feeds. Dates are ISO 8601 strings: an instant with
its Paris offset (2023-11-03T16:15:00+01:00), or a bare date (2023-11-03) when no time is known.

The list is paged by number up to 3,000 events (`count` stops there, `count_capped` says so);
beyond, `next` carries a cursor (`apres`) that continues from the last event given, so every
page costs the same whatever the programme's size.
"""

import base64
import binascii
import datetime as dt
import json
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError

from agenda.events.filters import filter_events, parse_filters
from agenda.events.models import Event, Session
from agenda.events.queries import CappedPaginator
from agenda.feeds import fragments
from agenda.feeds.api_items import SUMMARY, absolute_url, event_detail, event_ref, session_out

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
    audiences: list[NamedOut] = Field(description="public visé (Agents publics, Élus…)")


class EventDetail(EventSummary):
    body_html: str
    formats: list[NamedOut]
    places: list[PlaceOut]
    sessions: list[SessionOut]


class EventPage(Schema):
    count: int = Field(description="au plus 3 000 : au-delà, count_capped est vrai")
    count_capped: bool
    page: int = Field(description="0 pour une page atteinte par un curseur (apres)")
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
    public: str = Field("", description="slug d’un public visé (agents-publics, elus…)")
    format: str = Field("", description="slug d’un format de séance")
    organisation: str = Field("", description="slug d’une organisation")
    mode: str = Field("", description="en-ligne ou presentiel")
    region: str = Field("", description="code INSEE d’une région (11 : Île-de-France)")
    departement: str = Field("", description="numéro de département (75, 2A, 974)")
    ville: str = Field("", description="ville du lieu (sans distinction de casse)")
    gratuit: str = Field("", description="oui : séances gratuites")
    accessible: str = Field("", description="oui : séances dont l’accessibilité est précisée")
    q: str = Field(
        "",
        description="mots cherchés (titre, textes, séances, lieu, ville, organisation, "
        "étiquettes), sans accents ni casse, mots de même racine, le dernier en début de mot",
    )
    page: int = Field(1, ge=1)
    apres: str = Field("", description="curseur donné par `next` au-delà des pages comptées")


# --- queries ---------------------------------------------------------------------------------


def published_events() -> QuerySet[Event]:
    """Published events, and cancelled ones (a reuser must learn of the cancellation)."""
    return (
        Event.objects.public()
        .select_related("organisation", "place")
        .prefetch_related("categories", "tags", "audiences", "images")
        .order_by("starts_at", "title", "pk")
    )


LIST_ORDER = ("starts_at", "title", "pk")


def listed(events: QuerySet[Event]) -> QuerySet:
    """The list's rows: what its order and its cursor need, no more (items are fragments)."""
    return events.order_by(*LIST_ORDER).values_list("pk", "starts_at", "title")


def list_response(meta: dict, rows: list[tuple]) -> HttpResponse:
    """The list's JSON: its fields, then the stored summaries of `rows`, in one write."""
    events = Event.objects.filter(pk__in=[row[0] for row in rows]).order_by(*LIST_ORDER)
    items = ", ".join(fragments.assemble(SUMMARY, events).texts())
    head = json.dumps(meta, ensure_ascii=False)
    body = f'{head[:-1]}, "results": [{items}]}}'
    return HttpResponse(body, content_type="application/json; charset=utf-8")


def cursor_of(row: tuple) -> str:
    """The position of a listed row (pk, starts_at, title) in the list's order, opaque."""
    pk, starts_at, title = row
    position = [starts_at.isoformat(), title, pk]
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


def after_cursor(events: QuerySet, cursor: str) -> QuerySet | None:
    """The events after the position `cursor` gives (None: not a cursor of ours)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        starts, title, pk = json.loads(base64.urlsafe_b64decode(padded))
        starts = dt.datetime.fromisoformat(starts)
    except (ValueError, TypeError, binascii.Error):
        return None
    if not (isinstance(title, str) and isinstance(pk, int) and starts.tzinfo):
        return None
    # The range on starts_at first, alone: the database walks its index from there.
    later = Q(starts_at__gt=starts) | Q(title__gt=title) | Q(title=title, pk__gt=pk)
    return events.filter(starts_at__gte=starts).filter(later)


def with_sessions(events: QuerySet[Event]) -> QuerySet[Event]:
    sessions = Session.objects.select_related("place").prefetch_related("formats")
    return events.prefetch_related(Prefetch("sessions", queryset=sessions))


def page_url(request: HttpRequest, number: int | None = None, cursor: str = "") -> str:
    params = request.GET.copy()
    params.pop("apres", None)
    if cursor:
        params.pop("page", None)
        params["apres"] = cursor
    else:
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
    rows = listed(filter_events(Event.objects.public(), filters))
    paginator = CappedPaginator(rows, PAGE_SIZE)
    if params.apres:
        return cursor_page(request, rows, paginator, params.apres)
    if params.page > max(paginator.num_pages, 1):
        return Status(404, {"detail": f"La page {params.page} n’existe pas.", "errors": []})
    page = paginator.page(params.page)
    results = list(page.object_list)
    following = None
    if page.has_next():
        following = page_url(request, page.next_page_number())
    elif paginator.capped and len(results) == PAGE_SIZE:
        following = page_url(request, cursor=cursor_of(results[-1]))
    meta = {
        "count": paginator.count,
        "count_capped": paginator.capped,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": following,
        "previous": page_url(request, page.previous_page_number()) if page.has_previous() else None,
    }
    return list_response(meta, results)


def cursor_page(request: HttpRequest, rows: QuerySet, paginator: CappedPaginator, cursor: str):
    """The events after a cursor: read by position, so as fast on the last page as the first."""
    later = after_cursor(rows, cursor)
    if later is None:
        return Status(
            400, {"detail": "Paramètres invalides.", "errors": ["apres : curseur inconnu"]}
        )
    results = list(later[: PAGE_SIZE + 1])
    more = len(results) > PAGE_SIZE
    results = results[:PAGE_SIZE]
    meta = {
        "count": paginator.count,
        "count_capped": paginator.capped,
        "page": 0,
        "pages": paginator.num_pages,
        "next": page_url(request, cursor=cursor_of(results[-1])) if more else None,
        "previous": None,
    }
    return list_response(meta, results)


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
