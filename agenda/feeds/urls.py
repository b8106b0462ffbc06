"""Feeds and the API, mounted at the site root before the HTML pages (see agenda/urls.py)."""

from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("agenda.ics", views.ics_agenda, name="ics_agenda"),
    path("evenements/<slug:slug>.ics", views.ics_event, name="ics_event"),
    path("seances/<uuid:uid>.ics", views.ics_session, name="ics_session"),
    path("organisations/<slug:slug>.ics", views.ics_organisation, name="ics_organisation"),
    path("flux.atom", views.atom_agenda, name="atom_agenda"),
    path("api/", api.urls),
]
