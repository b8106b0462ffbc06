"""Each event as the Jekyll page it was written as (`/evenements/<slug>.md`): the seed's own
format, so a programme can go back to a Jekyll site; `agenda export --format jekyll`."""

from agenda.events.models import Event
from agenda.events.queries import event_for_page
from agenda.exchange.jekyll_writer import write_page
from agenda.feeds.outputs.calendars import event_urls
from agenda.feeds.registry import REGISTRY, Document, Export, Feed, at_slug

CONTENT_TYPE = "text/markdown; charset=utf-8"


def page(event: Event) -> bytes:
    return write_page(event).encode()


def pages(events: list[Event]) -> bytes:
    return "\n".join(write_page(event) for event in events).encode()


def jekyll_document(filters, *, slug: str) -> Document | None:
    event = event_for_page(slug)
    if event is None:
        return None
    return Document(CONTENT_TYPE, [page(event)], filename=f"{slug}.md")


REGISTRY.register(
    Feed(
        name="jekyll_event",
        route="evenements/<slug:slug>.md",
        content_type=CONTENT_TYPE,
        urls=event_urls,
        write=jekyll_document,
        export=Export(format="jekyll", suffix="markdown", one=page, many=pages),
        per_event=True,
        batch=at_slug,
    )
)
