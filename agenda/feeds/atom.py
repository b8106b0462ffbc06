"""The agenda as an Atom feed (RFC 4287): one entry per event. Pure functions over model instances.

Django's Atom1Feed writes the elements (escaping, dates); the feed is its head, the stored entries
(agenda/feeds/outputs/atom.py) and its end, so an entry is written once, not per request.
"""

import datetime as dt
import io

from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.xmlutils import SimplerXMLGenerator

from agenda.events.models import Event
from agenda.lib.frenchdates import format_date_range_fr
from agenda.lib.markup import render_inline
from agenda.lib.prefetch import related

from .ics import event_url

CONTENT_TYPE = "application/atom+xml; charset=utf-8"
FEED_END = "</feed>"


class _Head(Atom1Feed):
    """The feed's own elements, dated by its latest edit (entries are dated by their event, in
    the future: a feed "updated" next month would puzzle readers and caches)."""

    def __init__(self, *, updated: dt.datetime, **kwargs) -> None:
        super().__init__(**kwargs)
        self.updated = updated

    def latest_post_date(self) -> dt.datetime:
        return self.updated


def feed_head(*, title: str, subtitle: str, link: str, feed_url: str, updated: dt.datetime) -> str:
    """Everything before the first entry."""
    head = _Head(
        title=title,
        subtitle=subtitle,
        link=link,
        feed_url=feed_url,
        description=subtitle,
        language="fr",
        updated=updated,
    )
    text = head.writeString("utf-8")
    assert text.endswith(FEED_END)
    return text.removesuffix(FEED_END)


def entry_title(event: Event) -> str:
    if event.status == Event.Status.CANCELLED:
        return f"Annulé : {event.title}"
    return event.title


def entry_summary(event: Event) -> str:
    when = format_date_range_fr(event.start, event.end)
    where = event.place.city if event.place and event.place.city else event.place_label
    chapeau = mark_safe(render_inline(event.chapeau))  # sanitised by render_inline
    return format_html(
        "<p><strong>{}</strong>{}</p>{}",
        when[:1].upper() + when[1:],
        f" — {where}" if where else "",
        format_html("<p>{}</p>", chapeau) if event.chapeau else "",
    )


def entry_text(event: Event, *, site_url: str) -> str:
    """The event's <entry>: published at the event's start (readers order entries by it),
    updated at its last edit."""
    out = io.StringIO()
    handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    link = event_url(event, site_url)
    handler.startElement("entry", {})
    handler.addQuickElement("title", entry_title(event))
    handler.addQuickElement("link", "", {"href": link, "rel": "alternate"})
    handler.addQuickElement("published", rfc3339_date(event.starts_at))
    handler.addQuickElement("updated", rfc3339_date(event.updated_at))
    if event.organisation:
        handler.startElement("author", {})
        handler.addQuickElement("name", event.organisation.name)
        handler.endElement("author")
    handler.addQuickElement("id", link)
    handler.addQuickElement("summary", entry_summary(event), {"type": "html"})
    for category in related(event, "categories"):
        handler.addQuickElement("category", "", {"term": category.name})
    handler.endElement("entry")
    return out.getvalue()
