"""schema.org JSON-LD of each event (`/evenements/<slug>.jsonld`); `agenda export --format
jsonld`."""

from django.conf import settings

from agenda.events.models import Event
from agenda.events.queries import event_for_page
from agenda.feeds.jsonld import event_jsonld, event_jsonld_once
from agenda.feeds.outputs.calendars import event_urls
from agenda.feeds.registry import REGISTRY, Document, Export, Feed, at_slug
from agenda.lib.indented_json import dumps_indented

CONTENT_TYPE = "application/ld+json; charset=utf-8"


def event_document(event: Event) -> bytes:
    data = event_jsonld_once(event, site_url=settings.SITE_URL)
    return dumps_indented(data).encode()


def events_document(events: list[Event]) -> bytes:
    data = [event_jsonld(event, site_url=settings.SITE_URL) for event in events]
    return (dumps_indented(data) + "\n").encode()


def event_jsonld_document(filters, *, slug: str) -> Document | None:
    event = event_for_page(slug)
    if event is None:
        return None
    return Document(CONTENT_TYPE, [event_document(event)], filename=f"{slug}.jsonld")


REGISTRY.register(
    Feed(
        name="jsonld_event",
        route="evenements/<slug:slug>.jsonld",
        content_type=CONTENT_TYPE,
        urls=event_urls,
        write=event_jsonld_document,
        export=Export(format="jsonld", suffix="jsonld", one=event_document, many=events_document),
        per_event=True,
        batch=at_slug,
    )
)
