"""What the JSON API says of events and sessions (agenda/feeds/api.py serves it): plain dicts
in the order of its schemas, and each list item stored as a fragment (fragments.py)."""

import json

from django.conf import settings
from django.urls import reverse

from agenda.events.models import Event, Organisation, Place, Session
from agenda.lib.links import safe_link
from agenda.lib.markup import plain_text

from . import fragments
from .ics import event_url, session_url
from .jsonld import absolute, iso


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def named(objects) -> list[dict]:
    return [{"name": o.name, "slug": o.slug} for o in objects]


PLACE_FIELDS = ("name", "address", "postcode", "city", "latitude", "longitude")


def place_out(place: Place | None) -> dict | None:
    if place is None:
        return None
    return {name: getattr(place, name) for name in PLACE_FIELDS}


def organisation_out(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {
        "name": organisation.name,
        "slug": organisation.slug,
        "acronym": organisation.acronym,
        "website": safe_link(organisation.website),
    }


def event_ref(event: Event) -> dict:
    return {"slug": event.slug, "title": event.title, "url": event_url(event, settings.SITE_URL)}


def session_out(session: Session) -> dict:
    return {
        "uid": session.uid,
        "url": session_url(session, settings.SITE_URL),
        "ics_url": absolute_url(reverse("ics_session", kwargs={"uid": session.uid})),
        "title": session.title,
        "display_title": session.display_title,
        "start": iso(session.start),
        "end": iso(session.end),
        "status": session.status,
        "sequence": session.sequence,
        "attendance_mode": session.attendance_mode,
        "place": place_out(session.place),
        "online_url": session.public_online_url,
        "formats": named(session.formats.all()),
        "registration_url": safe_link(session.registration_url),
        "registration_required": session.registration_required,
        "is_free": session.is_free,
        "accessibility": session.accessibility,
        "description": session.description,
        "description_html": session.description_html,
    }


def event_summary(event: Event) -> dict:
    image = next(iter(event.images.all()), None)
    return {
        **event_ref(event),
        "ics_url": absolute_url(reverse("ics_event", kwargs={"slug": event.slug})),
        "chapeau": plain_text(event.chapeau),
        "start": iso(event.start),
        "end": iso(event.end),
        "attendance_mode": event.attendance_mode,
        "status": event.status,
        "status_reason": event.status_reason,
        "organisation": organisation_out(event.organisation),
        "place_label": event.place_label,
        "place": place_out(event.place),
        "image": absolute(image.path, settings.SITE_URL) if image else None,
        "categories": named(event.categories.all()),
        "tags": named(event.tags.all()),
        "audiences": named(event.audiences.all()),
    }


def event_detail(event: Event) -> dict:
    sessions = list(event.sessions.all())
    formats = {f.slug: f for s in sessions for f in s.formats.all()}
    places = {p.pk: p for p in [event.place, *(s.place for s in sessions)] if p is not None}
    return {
        **event_summary(event),
        "body_html": event.body_html,
        "formats": named(sorted(formats.values(), key=lambda f: f.name)),
        "places": [place_out(p) for p in places.values()],
        "sessions": [session_out(s) for s in sessions],
    }


def _load_summaries(ids: list[int]):
    return (
        Event.objects.filter(pk__in=ids)
        .select_related("organisation", "place")
        .only(*SUMMARY.fields)  # what the key lists is all a summary reads
        .prefetch_related("categories", "tags", "audiences", "images")
    )


def _write_summary(event: Event) -> str:
    return json.dumps(event_summary(event), ensure_ascii=False)


# A list's item, stored (agenda/feeds/fragments.py): everything `event_summary` reads.
SUMMARY = fragments.FragmentKind(
    name="api_event",
    model=Event,
    fields=(
        "slug",
        "title",
        "chapeau",
        "starts_at",
        "ends_at",
        "has_start_time",
        "has_end_time",
        "attendance_mode",
        "status",
        "status_reason",
        "place_label",
        *(f"organisation__{name}" for name in ("name", "slug", "acronym", "website")),
        *(f"place__{name}" for name in PLACE_FIELDS),
    ),  # fmt: skip
    many=(
        "images__position",
        "images__path",
        "categories__name",
        "categories__slug",
        "tags__name",
        "tags__slug",
        "audiences__name",
        "audiences__slug",
    ),  # fmt: skip
    load=_load_summaries,
    write=_write_summary,
)
