"""The widget: the agenda's upcoming sessions, filtered like the agenda (`/widget/?…`), in a
page other sites frame (an iframe, or the one-line script `site/embed.js` that inserts it).

Framed only by the origins of WIDGET_FRAME_ANCESTORS (`@embeddable`); sets no cookie (no form,
no session); its links open the agenda in a new tab, outside the host's page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html

from agenda.events import queries
from agenda.events.caching import public_page
from agenda.events.filters import parse_filters

from .middleware import embeddable

DEFAULT_COUNT = 10
MAX_COUNT = 50


def widget_count(raw: str | None) -> int:
    """How many sessions the widget lists (`nombre`, 1 to MAX_COUNT; DEFAULT_COUNT otherwise)."""
    try:
        return min(max(int(raw or DEFAULT_COUNT), 1), MAX_COUNT)
    except ValueError:
        return DEFAULT_COUNT


@embeddable
@public_page
def widget(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    count = widget_count(request.GET.get("nombre"))
    sessions = list(queries.upcoming_sessions(filters)[: count + 1])
    context = {
        "filters": filters,
        "days": queries.group_by_day(sessions[:count], floor=queries.floor_day(filters)),
        "more": len(sessions) > count,
    }
    return render(request, "site/widget.html", context)


def widget_snippets(query: str, *, title: str) -> dict:
    """What an organisation's page gives to embed its widget: the one-line script (its URL
    without a hash, stable across releases), the plain iframe, and the sites allowed."""
    url = f"{settings.SITE_URL}{reverse('widget')}" + (f"?{query}" if query else "")
    script = f"{settings.SITE_URL}{settings.STATIC_URL}site/embed.js"
    return {
        "widget_url": url,
        "widget_script": format_html(
            '<script src="{}" data-agenda-widget="{}" data-title="{}" async></script>',
            script,
            url,
            title,
        ),
        "widget_iframe": format_html(
            '<iframe src="{}" title="{}" width="100%" height="600" loading="lazy"></iframe>',
            url,
            title,
        ),
        "WIDGET_ALLOWED": settings.WIDGET_FRAME_ANCESTORS,
    }
