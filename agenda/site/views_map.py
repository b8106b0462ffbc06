"""The map of the agenda's places (`/carte/`), filtered like the agenda."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agenda.events import queries
from agenda.events.caching import public_page
from agenda.events.filters import parse_filters
from agenda.events.mapping import map_places


def map_context() -> dict:
    """What a template drawing a map needs besides its places."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }


@public_page
def map_page(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    places = map_places(filters)
    context = {
        "filters": filters,
        "places": places,
        "unlocated": sum(1 for item in places if not item.located),
        "choices": queries.filter_choices(),
        **map_context(),
    }
    return render(request, "site/map.html", context)
