"""The public site: what is coming, past events, an event's page, the accessibility statement.

Thin views: querysets and groupings live in queries.py, formatting in templatetags.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from agenda.events import queries
from agenda.events.caching import public_page
from agenda.events.filters import parse_filters
from agenda.events.models import Event
from agenda.events.seats import attach_states


@public_page
def home(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    page = queries.paginate(queries.upcoming_sessions(filters), request.GET.get("page"))
    sessions = attach_states(page.object_list)  # one query for every card's seats
    context = {
        "filters": filters,
        "page": page,
        "days": queries.group_by_day(sessions, floor=queries.floor_day(filters)),
        "choices": queries.filter_choices(),
    }
    return render(request, "site/home.html", context)


@public_page
def past(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    page = queries.paginate(queries.past_events(filters), request.GET.get("page"))
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
    return {
        "event": event,
        "banner": next(iter(event.images.all()), None),
        "programme": queries.group_by_day(s for s in sessions if not s.whole_event),
        "whole_event": next((s for s in sessions if s.whole_event), None),
        "show_problems": show_problems and bool(event.problems),
        # Staff see the body as written under the programme the public sees in its place.
        "show_raw_body": show_problems and bool(event.programme_lines),
        "read_lines": ", ".join(
            f"{first + 1} à {last + 1}" if last > first else str(first + 1)
            for first, last in event.programme_lines or []
        ),
        "preview": preview,
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
