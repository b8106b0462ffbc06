"""The JSON API's documents in the registry (served by django-ninja, agenda/feeds/api.py): the
first page of the list, each event, each session, the OpenAPI schema. Further pages of the list
and filtered lists have a query string: they stay dynamic."""

from django.urls import reverse

from agenda.events.models import Event
from agenda.feeds.calendars import feed_sessions
from agenda.feeds.registry import REGISTRY, Page

JSON = "application/json; charset=utf-8"


def event_documents(event: Event | None):
    events = Event.objects.public()
    events = events.filter(pk=event.pk) if event else events.order_by("starts_at", "pk")
    for slug in events.values_list("slug", flat=True).distinct():
        yield reverse("api:get_event", kwargs={"slug": slug})


def session_documents(event: Event | None):
    sessions = feed_sessions()
    if event is not None:
        sessions = sessions.filter(event=event)
    for uid in sessions.values_list("uid", flat=True):
        yield reverse("api:get_session", kwargs={"uid": uid})


for name, urls in (
    ("api:list_events", lambda event: [reverse("api:list_events")]),
    ("api:get_event", event_documents),
    ("api:get_session", session_documents),
    ("api:openapi-json", lambda event: [reverse("api:openapi-json")]),
):
    REGISTRY.register(Page(name=name, content_type=JSON, urls=urls))
