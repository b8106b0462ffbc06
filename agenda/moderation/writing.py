"""Write a snapshot (see snapshot.py) into the database: the event, its children, its sessions.

Sessions are matched by UID, which the forms carry: a session keeps its UID (the ICS UID) for
its whole life, a new one gets a fresh UID, and SEQUENCE rises only when something a calendar
shows changed (dates, title, status…), as `events.services.sync_sessions` does for imports.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils.text import slugify

from agenda.events.models import (
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
from agenda.events.services import Lookups, set_many
from agenda.lib.markup import render_markdown

from .checking import event_span
from .snapshot import parse_local

# Session fields that do not change what a calendar shows: no new SEQUENCE for them.
NOT_SEQUENCED = {"position", "description_html", "registration_closes_at", "capacity"}


def write_event(*, event: Event, data: dict, lookups: Lookups | None = None) -> Event:
    """Apply a snapshot to `event` (saved or not) and save it; the caller holds a transaction."""
    lookups = lookups or Lookups()
    is_new = event.pk is None
    if is_new:
        event.programme = lookups.default_programme()
        event.slug = free_slug(event, data["title"])
    place = resolve_place(data.get("place"))
    event.title = data["title"][:300]
    event.chapeau = data.get("chapeau", "")
    event.body = data.get("body", "")
    event.body_html = render_markdown(event.body)
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
    _write_children(event, data, is_new)
    write_sessions(
        event=event,
        sessions=data["sessions"],
        default_url=data.get("online_url", ""),
        lookups=lookups,
        is_new=is_new,
    )
    return event


def free_slug(event: Event, title: str) -> str:
    base = slugify(title)[:180] or "evenement"
    slugs = Event.objects.filter(programme=event.programme)
    slug, n = base, 1
    while slugs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


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


def session_fields(item: dict, *, event: Event, whole_event: bool, default_url: str) -> dict:
    starts_at, has_start_time = parse_local(item["start"])
    ends_at, has_end_time = parse_local(item.get("end", ""))
    closes_at, _ = parse_local(item.get("registration_closes_at", ""))
    mode = item.get("attendance_mode") or event.attendance_mode
    registration = item.get("registration") or Session.Registration.NONE
    return {
        "title": item.get("title", "")[:500],
        "description": item.get("description", ""),
        "description_html": render_markdown(item.get("description", "")),
        "starts_at": starts_at,
        "has_start_time": has_start_time,
        "ends_at": ends_at,
        "has_end_time": has_end_time,
        "attendance_mode": mode,
        "place": _session_place(item, event, mode),
        "online_url": (item.get("online_url") or (default_url if mode != "offline" else ""))[:1000],
        "accessibility": item.get("accessibility", ""),
        "is_free": item.get("is_free"),
        "registration": registration,
        "registration_url": (
            item.get("registration_url", "")[:1000]
            if registration == Session.Registration.EXTERNAL
            else ""
        ),
        "registration_required": bool(
            item.get("registration_required", registration != Session.Registration.NONE)
        ),
        "capacity": item.get("capacity") if registration == Session.Registration.NATIVE else None,
        "waitlist_enabled": bool(item.get("waitlist_enabled", True)),
        "registration_closes_at": closes_at,
        "status": item.get("status") or Session.Status.SCHEDULED,
        "status_reason": item.get("status_reason", ""),
        "whole_event": whole_event,
    }


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
    whole_event = len(sessions) == 1 and not sessions[0].get("title")
    for position, item in enumerate(sessions):
        session = existing.pop(item.get("uid") or "", None) or Session(event=event)
        fields = session_fields(item, event=event, whole_event=whole_event, default_url=default_url)
        fields["position"] = position
        _save_session(session, fields, sorted(item.get("formats", [])), lookups)
    for session in existing.values():
        _remove(session)


def _remove(session: Session) -> None:
    """A session gone from the form is deleted, unless people registered to it: it is then
    cancelled (SEQUENCE + 1), so that they are told and their registrations kept."""
    registrations = getattr(session, "registrations", None)
    if registrations is None or not registrations.exists():
        session.delete()
    elif session.status != Session.Status.CANCELLED:
        session.status = Session.Status.CANCELLED
        session.status_reason = session.status_reason or "séance retirée du programme"
        session.sequence += 1
        session.save(update_fields=["status", "status_reason", "sequence", "updated_at"])


def _save_session(session: Session, fields: dict, formats: list[str], lookups: Lookups) -> None:
    is_new = session.pk is None
    old_formats = [] if is_new else sorted(f.name for f in session.formats.all())
    changed = {
        key
        for key, value in fields.items()
        if (getattr(session, f"{key}_id") if key == "place" else getattr(session, key))
        != (value.pk if key == "place" and value else value)
    }
    if old_formats != formats:
        changed.add("formats")
    if not is_new and not changed:
        return
    for key, value in fields.items():
        setattr(session, key, value)
    if not is_new and changed - NOT_SEQUENCED:
        session.sequence += 1
    session.save()
    if is_new or "formats" in changed:
        set_many(session.formats, lookups.named_objects(Format, formats), is_new)


def store_upload(upload) -> str:
    """Save an uploaded image under MEDIA_ROOT/evenements/; its public path."""
    name = PurePath(upload.name)
    safe = f"{slugify(name.stem)[:80] or 'image'}{name.suffix.lower()}"
    stored = default_storage.save(f"evenements/{uuid.uuid4().hex[:12]}/{safe}", upload)
    return f"{settings.MEDIA_URL}{stored}"
