"""Feeds and the API, mounted at the site root before the HTML pages (see agenda/urls.py).

Every `Feed` of the registry is served at its route. `urlpatterns` is read from the registry
whenever Django builds its resolvers (it is not a list fixed at import), so an output
registered later is served once they are rebuilt (tests/test_registry.py does).
"""

from django.urls import URLPattern, URLResolver, path

from . import views
from .api import api

# Calendars of a whole programme take a while to write: anonymous readers share a cached copy
# for CACHE_SECONDS (streamed ones excepted), dropped as soon as an event or a session changes.
API = path("api/", api.urls)


def __getattr__(name: str) -> list[URLPattern | URLResolver]:
    if name != "urlpatterns":
        raise AttributeError(name)
    from .registry import REGISTRY

    feeds = [path(feed.route, views.serve(feed), name=feed.name) for feed in REGISTRY.feeds()]
    return [*feeds, path("donnees/", views.opendata, name="opendata"), API]
