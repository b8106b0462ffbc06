"""The public site: what is coming, past events, an event's page, the accessibility statement.

Thin views: querysets and groupings live in queries.py, formatting in templatetags.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from . import queries
from .caching import public_page
from .filters import parse_filters


@public_page
def home(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    page = queries.paginate(queries.upcoming_sessions(filters), request.GET.get("page"))
    context = {
        "filters": filters,
        "page": page,
        "days": queries.group_by_day(page.object_list, floor=queries.floor_day(filters)),
        "choices": queries.filter_choices(),
    }
    return render(request, "events/home.html", context)


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
    return render(request, "events/past.html", context)


@public_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.event_for_page(slug)
    if event is None:
        raise Http404("Événement introuvable")
    sessions = list(event.sessions.all())
    context = {
        "event": event,
        "banner": next(iter(event.images.all()), None),
        "programme": queries.group_by_day(s for s in sessions if not s.whole_event),
        "whole_event": next((s for s in sessions if s.whole_event), None),
        "show_problems": request.user.is_staff and bool(event.problems),
    }
    return render(request, "events/event_detail.html", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    contact = settings.ACCESSIBILITY_CONTACT
    return render(request, "events/accessibility.html", {"contact": contact})


def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "events/sitemap.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF failure page, in French and in the site's design."""
    return render(request, "403_csrf.html", status=403)
