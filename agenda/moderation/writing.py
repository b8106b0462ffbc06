"""Write a snapshot (see snapshot.py) into the database: the event, its children, its sessions.

Sessions are matched by UID, which the forms carry: a session keeps its UID (the ICS UID) for
its whole life, a new one gets a fresh UID. The session writer (`events.sessions`) saves them,
deciding SEQUENCE and what registrants are told, as it does for every import.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.text import slugify

from agenda.events.bodies import set_body
from agenda.events.lookups import Lookups
from agenda.events.models import (
    Audience,
    Category,
    Event,
    Format,
    Image,
    InfoField,
    Organisation,
    Place,
    Session,
    Tag,
)
from agenda.events.services import set_many
from agenda.events.sessions import retire_session, session_fields, write_session
from agenda.events.slugs import free_slug

from .checking import event_span
from .snapshot import parse_local, session_online_url, wall_clock


def write_event(*, event: Event, data: dict, lookups: Lookups | None = None) -> Event:
    """Apply a snapshot to `event` (saved or not) and save it; the caller holds a transaction."""
    lookups = lookups or Lookups()
    is_new = event.pk is None
    if is_new:
        event.programme = lookups.default_programme()
        event.slug = free_slug(programme=event.programme, text=data["title"])
    place = resolve_place(data.get("place"))
    event.title = data["title"][:300]
    event.chapeau = data.get("chapeau", "")
    set_body(event, data.get("body", ""))
    event.organisation = (
        Organisation.objects.get(pk=data["organisation"]["id"])
        if data.get("organisation")
        else None
    )
    event.place = place
    event.place_label = (place.name or place.address)[:300] if place else ""
    event.attendance_mode = data.get("attendance_mode") or "offline"
    event.source_text = ""  # the page as imported no longer says what the event is
    start, end = event_span(data["sessions"])
    event.starts_at, event.has_start_time = parse_local(start)
    event.ends_at, event.has_end_time = parse_local(end)
    event.save()
    set_many(event.categories, lookups.named_objects(Category, data.get("categories", [])), is_new)
    set_many(event.tags, lookups.named_objects(Tag, data.get("tags", [])), is_new)
    if "audiences" in data:  # a revision saved before audiences existed leaves them alone
        set_many(event.audiences, lookups.named_objects(Audience, data["audiences"]), is_new)
    _write_children(event, data, is_new)
    write_sessions(
        event=event,
        sessions=data["sessions"],
        default_url=data.get("online_url", ""),
        lookups=lookups,
        is_new=is_new,
    )
    return event


def resolve_place(value: dict | None) -> Place | None:
    """A known place (by id), or a new one: found by (name, address), else created."""
    if not value:
        return None
    if value.get("id"):
        return Place.objects.filter(pk=value["id"]).first()
    name, address = value.get("name", "")[:300], value.get("address", "")[:300]
    place, created = Place.objects.get_or_create(
        name=name,
        address=address,
        defaults={"postcode": value.get("postcode", ""), "city": value.get("city", "")[:200]},
    )
    if not created and (value.get("postcode") or value.get("city")):
        place.postcode, place.city = value.get("postcode", ""), value.get("city", "")[:200]
        place.save(update_fields=["postcode", "city"])
    return place


def _write_children(event: Event, data: dict, is_new: bool) -> None:
    if not is_new:
        event.images.all().delete()
        event.info_fields.all().delete()
    Image.objects.bulk_create(
        Image(
            event=event,
            position=i,
            path=image["path"][:500],
            alt=image.get("alt", "")[:500],
            caption=image.get("caption", "")[:500],
        )
        for i, image in enumerate(data.get("images", []))
    )
    InfoField.objects.bulk_create(
        InfoField(
            event=event,
            position=i,
            label=info.get("label", "")[:300],
            content=info.get("content", ""),
            link=info.get("link", "")[:1000],
        )
        for i, info in enumerate(data.get("info_fields", []))
    )


def form_session_fields(item: dict, *, event: Event, whole_event: bool, default_url: str) -> dict:
    """A session of the snapshot as stored fields (the writer's `session_fields` rule)."""
    mode = item.get("attendance_mode") or event.attendance_mode
    return session_fields(
        start=wall_clock(item["start"]),
        end=wall_clock(item.get("end", "")),
        title=item.get("title", ""),
        description=item.get("description", ""),
        attendance_mode=mode,
        place=_session_place(item, event, mode),
        online_url=session_online_url(item, mode=mode, default_url=default_url),
        accessibility=item.get("accessibility", ""),
        is_free=item.get("is_free"),
        registration=item.get("registration") or Session.Registration.NONE,
        registration_url=item.get("registration_url", ""),
        registration_required=item.get("registration_required"),
        capacity=item.get("capacity"),
        waitlist_enabled=bool(item.get("waitlist_enabled", True)),
        registration_closes_at=parse_local(item.get("registration_closes_at", ""))[0],
        status=item.get("status") or Session.Status.SCHEDULED,
        status_reason=item.get("status_reason", ""),
        whole_event=whole_event,
    )


def _session_place(item: dict, event: Event, mode: str) -> Place | None:
    """The session's own venue when it has one, else the event's; none when online only."""
    if mode == Session.AttendanceMode.ONLINE:
        return None
    if item.get("place_id"):
        return Place.objects.filter(pk=item["place_id"]).first() or event.place
    return event.place


def write_sessions(
    *,
    event: Event,
    sessions: list[dict],
    default_url: str = "",
    lookups: Lookups,
    is_new: bool = False,
) -> None:
    """Sessions in the snapshot's order; those whose UID is no longer there are removed."""
    existing = (
        {}
        if is_new
        else {
            str(s.uid): s
            for s in event.sessions.select_related("place").prefetch_related("formats")
        }
    )
    only_untitled = len(sessions) == 1 and not sessions[0].get("title")
    for position, item in enumerate(sessions):
        session = existing.pop(item.get("uid") or "", None) or Session(event=event)
        # One untitled session stands for the whole event, unless it is stored as one line of
        # a programme (a page's, a table's): the form cannot tell them apart, and turning it
        # into the whole event would change its URL (a new SEQUENCE) and its event's page.
        whole_event = only_untitled and (session.pk is None or session.whole_event)
        fields = form_session_fields(
            item, event=event, whole_event=whole_event, default_url=default_url
        )
        formats = lookups.named_objects(Format, sorted(item.get("formats", [])))
        write_session(session=session, fields={**fields, "position": position}, formats=formats)
    for session in existing.values():
        retire_session(session=session)


def store_upload(upload) -> str:
    """Save an uploaded image under MEDIA_ROOT/evenements/; its public path."""
    name = PurePath(upload.name)
    safe = f"{slugify(name.stem)[:80] or 'image'}{name.suffix.lower()}"
    stored = default_storage.save(f"evenements/{uuid.uuid4().hex[:12]}/{safe}", upload)
    return f"{settings.MEDIA_URL}{stored}"
