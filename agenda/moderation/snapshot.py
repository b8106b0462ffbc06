"""An event as plain JSON data ("snapshot"), and the field-by-field difference of two snapshots.

The forms produce a snapshot, a pending revision stores one, the audit log keeps the
difference between two. Pure functions except `event_snapshot`, which reads the database.

    {"title", "chapeau", "body", "organisation": {"id", "name"} | None,
     "categories": [name], "tags": [name], "audiences": [name], "attendance_mode", "online_url",
     "place": {"id", "name", "address", "postcode", "city"} | None,
     "images": [{"path", "alt", "caption"}], "info_fields": [{"label", "content", "link"}],
     "sessions": [{"uid", "place_id", "title", "start", "end", "formats", "description",
                   "attendance_mode", "online_url", "accessibility", "is_free", "registration",
                   "registration_url", "registration_required", "capacity", "waitlist_enabled",
                   "registration_closes_at", "status", "status_reason"}]}

Dates are Paris wall-clock text: "2026-12-03T16:15", or "2026-12-03" when no time is given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from agenda.events.models import PARIS, Event, Session, paris_value

EVENT_LABELS = {
    "title": "Titre",
    "chapeau": "Chapeau",
    "organisation": "Organisation",
    "categories": "Catégories",
    "tags": "Étiquettes",
    "audiences": "Public visé",
    "attendance_mode": "Mode de participation",
    "online_url": "Lien en ligne",
    "place": "Lieu",
    "images": "Images",
    "info_fields": "Informations pratiques",
    "body": "Description",
}
SESSION_LABELS = {
    "title": "titre",
    "start": "début",
    "end": "fin",
    "formats": "formats",
    "description": "description",
    "attendance_mode": "mode de participation",
    "online_url": "lien en ligne",
    "accessibility": "accessibilité",
    "is_free": "gratuité",
    "registration": "inscription",
    "registration_url": "lien d’inscription",
    "registration_required": "inscription obligatoire",
    "capacity": "nombre de places",
    "waitlist_enabled": "liste d’attente",
    "registration_closes_at": "clôture des inscriptions",
    "status": "statut",
    "status_reason": "motif",
}
MODES = dict(Session.AttendanceMode.choices)
REGISTRATIONS = dict(Session.Registration.choices)
STATUSES = dict(Session.Status.choices)


# --- dates -----------------------------------------------------------------------------------


def local_text(moment: dt.datetime | None, has_time: bool = True) -> str:
    value = paris_value(moment, has_time)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def parse_local(text: str) -> tuple[dt.datetime | None, bool]:
    """ "2026-12-03T16:15" → (aware Paris instant, True); "2026-12-03" → (midnight, False)."""
    if not text:
        return None, True
    if "T" in text:
        return dt.datetime.fromisoformat(text).replace(tzinfo=PARIS), True
    day = dt.date.fromisoformat(text)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=PARIS), False


def wall_clock(text: str) -> dt.date | dt.datetime | None:
    """The naive Paris value a snapshot date means (what pages and ParsedSession carry)."""
    if not text:
        return None
    return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)


# --- snapshot of a stored event --------------------------------------------------------------


def place_data(place) -> dict | None:
    if place is None:
        return None
    return {
        "id": place.pk,
        "name": place.name,
        "address": place.address,
        "postcode": place.postcode,
        "city": place.city,
    }


def label_place(label: str) -> dict | None:
    """An imported event may name its venue without an address: a new place, by name only."""
    if not label:
        return None
    return {"id": None, "name": label, "address": "", "postcode": "", "city": ""}


def session_snapshot(session: Session) -> dict:
    own_place = session.place_id != session.event.place_id
    return {
        "uid": str(session.uid),
        "place_id": session.place_id if own_place else None,  # a venue of its own
        "title": session.title,
        "start": local_text(session.starts_at, session.has_start_time),
        "end": local_text(session.ends_at, session.has_end_time),
        "formats": sorted(f.name for f in session.formats.all()),
        "description": session.description,
        "attendance_mode": session.attendance_mode,
        "online_url": session.online_url,
        "accessibility": session.accessibility,
        "is_free": session.is_free,
        "registration": session.registration,
        "registration_url": session.registration_url,
        "registration_required": session.registration_required,
        "capacity": session.capacity,
        "waitlist_enabled": session.waitlist_enabled,
        "registration_closes_at": local_text(session.registration_closes_at),
        "status": session.status,
        "status_reason": session.status_reason,
    }


def event_snapshot(event: Event) -> dict:
    sessions = [
        session_snapshot(s)
        for s in event.sessions.select_related("event")
        .prefetch_related("formats")
        .order_by("position", "starts_at")
    ]
    urls = {s["online_url"] for s in sessions if s["attendance_mode"] != "offline"}
    return {
        "title": event.title,
        "chapeau": event.chapeau,
        "body": event.body,
        "organisation": (
            {"id": event.organisation.pk, "name": event.organisation.name}
            if event.organisation
            else None
        ),
        "categories": sorted(c.name for c in event.categories.all()),
        "tags": sorted(t.name for t in event.tags.all()),
        "audiences": sorted(a.name for a in event.audiences.all()),
        "attendance_mode": event.attendance_mode,
        "online_url": urls.pop() if len(urls) == 1 else "",
        "place": place_data(event.place)
        or (label_place(event.place_label) if event.attendance_mode != "online" else None),
        "images": [
            {"path": i.path, "alt": i.alt, "caption": i.caption} for i in event.images.all()
        ],
        "info_fields": [
            {"label": f.label, "content": f.content, "link": f.link}
            for f in event.info_fields.all()
        ],
        "sessions": sessions,
    }


# --- differences -----------------------------------------------------------------------------


@dataclass
class Change:
    key: str  # "title", "sessions.3f2a9c1b.start", "sessions.+1" (added)
    label: str
    old: Any
    new: Any


def show(key: str, value: Any) -> str:
    """A snapshot value as moderators read it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if key in ("start", "end", "registration_closes_at"):
        return value.replace("T", " à ")
    if key == "attendance_mode":
        return str(MODES.get(value, value))
    if key == "registration":
        return str(REGISTRATIONS.get(value, value))
    if key == "status":
        return str(STATUSES.get(value, value))
    if key == "organisation":
        return value["name"]
    if key == "place":
        town = " ".join(p for p in (value.get("postcode"), value.get("city")) if p)
        return ", ".join(p for p in (value.get("name"), value.get("address"), town) if p)
    if key == "images":
        return " ; ".join(f"{i['path']} (alt : {i['alt'] or '—'})" for i in value)
    if key == "info_fields":
        return " ; ".join(
            f"{f['label']} : {f['content']}" + (f" <{f['link']}>" if f["link"] else "")
            for f in value
        )
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def session_summary(session: dict) -> str:
    when = show("start", session["start"])
    return f"{session['title'] or 'Séance'} ({when})"


def session_online_url(item: dict, *, mode: str, default_url: str) -> str:
    """A session's link: its own, else the event's when it meets online. The form leaves a
    session's link empty when it is the event's; the writer and the diff read it so."""
    return item.get("online_url") or (default_url if mode != "offline" else "")


def _with_links(data: dict) -> list[dict]:
    """The snapshot's sessions with the link each one really has."""
    default_url = data.get("online_url", "")
    event_mode = data.get("attendance_mode") or "offline"
    return [
        {
            **session,
            "online_url": session_online_url(
                session,
                mode=session.get("attendance_mode") or event_mode,
                default_url=default_url,
            ),
        }
        for session in data.get("sessions", [])
    ]


def _comparable(key: str, value: Any) -> Any:
    if key == "place" and value:
        return tuple(value.get(k, "") for k in ("name", "address", "postcode", "city"))
    if key == "organisation" and value:
        return value["id"]
    return value if value not in ("", None, []) else None


def diff(old: dict | None, new: dict) -> list[Change]:
    """What differs between two snapshots, event fields first, then sessions (matched on UID)."""
    old = old or {}
    changes = [
        Change(key, label, old.get(key), new.get(key))
        for key, label in EVENT_LABELS.items()
        if _comparable(key, old.get(key)) != _comparable(key, new.get(key))
    ]
    return changes + session_changes(_with_links(old), _with_links(new))


def session_changes(old: list[dict], new: list[dict]) -> list[Change]:
    before = {s["uid"]: s for s in old if s.get("uid")}
    changes = []
    added = 0
    for session in new:
        previous = before.pop(session.get("uid") or "", None)
        if previous is None:
            added += 1
            changes.append(
                Change(f"sessions.+{added}", "Séance ajoutée", None, session_summary(session))
            )
            continue
        name = session_summary(previous)
        for key, label in SESSION_LABELS.items():
            if _comparable(key, previous.get(key)) != _comparable(key, session.get(key)):
                changes.append(
                    Change(
                        f"sessions.{session['uid'][:8]}.{key}",
                        f"Séance « {name} » : {label}",
                        previous.get(key),
                        session.get(key),
                    )
                )
    for uid, session in before.items():
        changes.append(
            Change(f"sessions.{uid[:8]}", "Séance supprimée", session_summary(session), None)
        )
    return changes


def field_of(key: str) -> str:
    """The snapshot key a change key shows with: "sessions.3f2a9c1b.start" → "start"."""
    return key.rsplit(".", 1)[-1] if key.startswith("sessions.") else key


def changes_json(changes: list[Change]) -> dict:
    """The audit log's form: {key: [old, new]} with the values as moderators read them."""
    return {
        change.key: [
            None if change.old is None else show(field_of(change.key), change.old),
            None if change.new is None else show(field_of(change.key), change.new),
        ]
        for change in changes
    }


def changes_labels(changes: list[Change]) -> dict:
    return {change.key: change.label for change in changes}


def label_of(key: str, labels: dict | None = None) -> str:
    """A readable name for a key of an audit entry's `changes`."""
    if labels and key in labels:
        return labels[key]
    if key in EVENT_LABELS:
        return EVENT_LABELS[key]
    parts = key.split(".")
    if key.startswith("sessions.+"):
        return "Séance ajoutée"
    if len(parts) == 2:
        return "Séance supprimée"
    if len(parts) == 3:
        return f"Séance {parts[1]} : {SESSION_LABELS.get(parts[2], parts[2])}"
    return key
