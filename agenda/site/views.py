"""The public site: what is coming, past events, an event's page, the accessibility statement.

Thin views: querysets and groupings live in queries.py, formatting in templatetags.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from agenda.events import facets as facet_counts
from agenda.events import queries
from agenda.events.bodies import sessions_by_part
from agenda.events.caching import public_page
from agenda.events.filters import parse_filters
from agenda.events.mapping import event_place_on_map, place_on_the_map
from agenda.events.models import Event
from agenda.events.seats import attach_states
from agenda.lib.searchtext import parse_query


@public_page
def home(request: HttpRequest, number: int | None = None) -> HttpResponse:
    filters = parse_filters(request.GET)
    query = parse_query(filters.q)
    searches = {}
    found = None
    if query:  # a search: its best events first, not day by day
        found = queries.found_events(filters)
        searches[filters.query_string()] = found  # the facets count the same events
        ids = Paginator(queries.ranked_sessions(filters, found), queries.PER_PAGE)
        page = ids.get_page(number or request.GET.get("page"))
        page.object_list = attach_states(queries.sessions_in_order(list(page.object_list)))
        days = []
    else:
        page = queries.paginate(
            queries.upcoming_sessions(filters), number or request.GET.get("page")
        )
        sessions = attach_states(page.object_list)  # one query for every card's seats
        days = queries.group_by_day(sessions, floor=queries.floor_day(filters))
    facets = facet_counts.cached_facets(filters, searches)
    context = {
        "filters": filters,
        "query": query or None,
        "found": found,
        "rank_limit": queries.RANK_LIMIT,
        "page": page,
        "days": days,
        "facets": facets,
        "facets_capped": any(facet.capped for facet in facets.values()),
        "facet_limit": facet_counts.FACET_LIMIT,
    }
    return render(request, "site/home.html", context)


@public_page
def past(request: HttpRequest, number: int | None = None) -> HttpResponse:
    filters = parse_filters(request.GET)
    page = queries.paginate(queries.past_events(filters), number or request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "months": queries.group_by_month(page.object_list),
        "choices": queries.filter_choices(),
    }
    return render(request, "site/past.html", context)


@public_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.event_for_page(slug)
    if event is None:
        raise Http404("Événement introuvable")
    context = event_page_context(event, show_problems=request.user.is_staff)
    return render(request, "site/event_detail.html", context)


def event_page_context(event: Event, *, show_problems: bool = False, preview: bool = False) -> dict:
    """What site/event_detail.html needs; `event` comes from `queries.with_page_data`. The
    contributor space's preview renders the same page for an event in any state."""
    sessions = attach_states(event.sessions.all(), preview=preview)
    previous_edition, next_edition = queries.public_editions(event)
    return {
        "event": event,
        "previous_edition": previous_edition,
        "next_edition": next_edition,
        "banner": next(iter(event.images.all()), None),
        "programme": [
            {"text_html": text_html, "days": queries.group_by_day(part)}
            for text_html, part in sessions_by_part(
                event, [s for s in sessions if not s.whole_event]
            )
        ],
        "whole_event": next((s for s in sessions if s.whole_event), None),
        "session_count": sum(not s.whole_event for s in sessions),
        "show_problems": show_problems and bool(event.problems),
        # Staff see the body as written under the programme the public sees in its place.
        "show_raw_body": show_problems and bool(event.programme_lines),
        "read_lines": ", ".join(
            f"{first + 1} à {last + 1}" if last > first else str(first + 1)
            for first, last in event.programme_lines or []
        ),
        "preview": preview,
        "map_place": event_place_on_map(event),
        "place_on_the_map": place_on_the_map(event),
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }


def accessibility(request: HttpRequest) -> HttpResponse:
    contact = settings.ACCESSIBILITY_CONTACT
    return render(request, "site/accessibility.html", {"contact": contact})


def legal_notice(request: HttpRequest) -> HttpResponse:
    operator = {
        "name": settings.OPERATOR_NAME,
        "director": settings.PUBLICATION_DIRECTOR,
        "host": settings.HOSTING_PROVIDER,
        "contact": settings.CONTACT_EMAIL,
    }
    return render(request, "site/legal_notice.html", {"operator": operator})


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "site/cookies.html")


def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "site/sitemap.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF failure page, in French and in the site's design."""
    return render(request, "403_csrf.html", status=403)
