"""Feeds and the API, mounted at the site root before the HTML pages (see agenda/urls.py)."""

from django.urls import path

from agenda.events.caching import public_page

from . import views
from .api import api

# Calendars of a whole programme take a while to write: anonymous readers share a cached copy
# for CACHE_SECONDS, dropped as soon as an event or a session changes.
urlpatterns = [
    path("agenda.ics", public_page(views.ics_agenda), name="ics_agenda"),
    path("evenements/<slug:slug>.ics", public_page(views.ics_event), name="ics_event"),
    path("seances/<uuid:uid>.ics", public_page(views.ics_session), name="ics_session"),
    path(
        "organisations/<slug:slug>.ics",
        public_page(views.ics_organisation),
        name="ics_organisation",
    ),
    path("flux.atom", public_page(views.atom_agenda), name="atom_agenda"),
    path("api/", api.urls),
]
