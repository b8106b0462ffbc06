"""The one writer of sessions: what a change to a session means for calendars and registrants.

Every path that changes a stored session goes through `write_session`: the contributor forms
and the moderation (`moderation/writing.py`, `moderation/services.py`), the Jekyll import
(`page_sessions.sync_sessions`), the bulk CSV/XLSX/ICS import (`exchange/bulk.py`), the
registration settings (`registrations/services.py`) and the admin. Every source turns what it
says into stored fields with `session_fields`. (The first import of new pages,
`importing.create_events`, inserts sessions in bulk from `session_fields` too: a new session has
nothing to compare with, its SEQUENCE is 0.)

- `CALENDAR_FIELDS` are what a calendar shows of a session, its VEVENT (`feeds/ics.py`): dates,
  title, description, place, online link, registration link, formats, status. A write that
  changes one raises SEQUENCE by one, so that calendar clients take the new version (RFC 5545
  §3.8.7.4); the other fields (seats, waitlist, closing date, free or not, reason of a status,
  position, source line) are saved with the same SEQUENCE. The event's own text that a VEVENT
  repeats (its title, chapeau) does not raise it: LAST-MODIFIED tells calendars.
- `REGISTRANT_FIELDS` are what registrants are told about: times, place, online link and status
  (the event's cancellation counts). `registrant_state` digests them; each registration keeps
  the digest it was last told, and registrations e-mails people whose digest differs, with the
  ICS (REQUEST, or CANCEL), after each save (`registrations/signals.py`).
- A session gone from its source is retired with `retire_session`: deleted, unless a receiver of
  `session_retiring` keeps it (registrations: people registered to it); it is then cancelled,
  SEQUENCE + 1, and its registrants told.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.dispatch import Signal

from agenda.lib.markup import render_markdown

from .models import Event, Format, Session, aware

# What a VEVENT shows of a session (feeds/ics.py): DTSTART/DTEND; SUMMARY (and the event it
# belongs to); DESCRIPTION (description, accessibility, registration link, the public online
# link, which a native registration hides); LOCATION (place, mode, online link); CATEGORIES;
# STATUS; URL (a whole-event session has no anchor).
CALENDAR_FIELDS = frozenset(
    {
        "starts_at",
        "has_start_time",
        "ends_at",
        "has_end_time",
        "title",
        "event",
        "description",
        "accessibility",
        "registration",
        "registration_url",
        "attendance_mode",
        "place",
        "online_url",
        "formats",
        "status",
        "whole_event",
    }
)

# What registrants are told about, in a fixed order (the digest depends on it).
REGISTRANT_FIELDS = (
    "starts_at",
    "has_start_time",
    "ends_at",
    "has_end_time",
    "status",
    "place",
    "attendance_mode",
    "online_url",
)

# Fields a source may set (besides `start` and `end`), and the length of the text columns.
WRITABLE = frozenset(
    {
        "event",
        "position",
        "title",
        "description",
        "attendance_mode",
        "place",
        "online_url",
        "accessibility",
        "is_free",
        "registration",
        "registration_url",
        "registration_required",
        "capacity",
        "waitlist_enabled",
        "registration_closes_at",
        "status",
        "status_reason",
        "source_line",
        "whole_event",
    }
)
TEXT_LIMITS = {"title": 500, "online_url": 1000, "registration_url": 1000}
# Registration on the agenda, as chosen on the agenda (the kind, its seats, no outside link).
AGENDA_REGISTRATION = ("registration", "registration_url", "registration_required", "capacity")
RETIRED = "séance retirée du programme"

# Sent with `session` before a session gone from its source is removed. A receiver returns True
# when the session must stay (cancelled) rather than be deleted: someone has to be told.
session_retiring = Signal()

WallClock = dt.date | dt.datetime


@dataclass(frozen=True)
class Written:
    """What `write_session` did: `changed` names the fields that differed ("formats" included)."""

    session: Session
    created: bool
    changed: frozenset[str]

    @property
    def action(self) -> str:
        if self.created:
            return "created"
        return "updated" if self.changed else "unchanged"

    @property
    def sequenced(self) -> bool:
        return not self.created and bool(self.changed & CALENDAR_FIELDS)


def session_fields(
    *, start: WallClock | None = None, end: WallClock | None = None, **values
) -> dict:
    """Stored session fields from what a source says, by one rule whatever the source.

    `start` and `end` are Paris wall-clock values (a bare date: no time); text is cut to its
    column and the description rendered; the registration fields agree with `registration` (a
    link only for an external one, seats only for a native one, required unless there is
    none). Fields not given are left out: a write keeps them as stored."""
    unknown = set(values) - WRITABLE
    if unknown:
        raise TypeError(f"not a session field: {', '.join(sorted(unknown))}")
    fields = {}
    if start is not None:
        fields["starts_at"], fields["has_start_time"] = aware(start)
        fields["ends_at"], fields["has_end_time"] = aware(end) if end is not None else (None, True)
    for key, value in values.items():
        limit = TEXT_LIMITS.get(key)
        fields[key] = (value or "")[:limit] if limit else value
    if "description" in fields:
        fields["description_html"] = render_markdown(fields["description"])
    registration = fields.get("registration")
    if registration is not None:
        if registration != Session.Registration.EXTERNAL:
            fields["registration_url"] = ""
        if registration != Session.Registration.NATIVE and "capacity" in fields:
            fields["capacity"] = None
        if fields.get("registration_required") is None:
            fields["registration_required"] = registration != Session.Registration.NONE
    return fields


def keep_agenda_registration(session: Session, fields: dict) -> dict:
    """An import whose source does not say how to register (a page, a calendar, a table without
    an `inscription` column) leaves a registration on the agenda as it was chosen here."""
    if session.registration != Session.Registration.NATIVE:
        return fields
    return {key: value for key, value in fields.items() if key not in AGENDA_REGISTRATION}


def changed_fields(
    session: Session, fields: dict, formats: Iterable[Format] | None = None
) -> set[str]:
    """The fields (and "formats") whose stored value differs from the one given."""
    changed = {key for key, value in fields.items() if _stored(session, key) != _key(value)}
    if formats is not None:
        old = set() if session.pk is None else {f.pk for f in session.formats.all()}
        if old != {f.pk for f in formats}:
            changed.add("formats")
    return changed


def write_session(
    *, session: Session, fields: dict, formats: Iterable[Format] | None = None
) -> Written:
    """Apply `fields` (see `session_fields`) and `formats` (None: leave them) to a session,
    stored or new, and save what differs: SEQUENCE + 1 when a stored session changes in a way
    a calendar shows. Nothing is written when nothing differs."""
    formats = None if formats is None else list(formats)
    created = session.pk is None
    changed = changed_fields(session, fields, formats)
    if not created and not changed:
        return Written(session, False, frozenset())
    for key, value in fields.items():
        setattr(session, key, value)
    written = Written(session, created, frozenset(changed))
    if created:
        session.save()
    else:
        if written.sequenced:
            session.sequence += 1
        columns = changed - {"formats"}
        extra = ["sequence"] if written.sequenced else []
        session.save(update_fields=[*sorted(columns), *extra, "updated_at"])
    if formats and created:
        session.formats.add(*formats)  # `set` would first read the rows a new session lacks
    elif "formats" in changed and not created:
        session.formats.set(formats)
    return written


def cancel_session(*, session: Session, reason: str) -> Written:
    """Cancelled (SEQUENCE + 1), keeping the reason it already gives, else this one."""
    fields = {"status": Session.Status.CANCELLED, "status_reason": session.status_reason or reason}
    return write_session(session=session, fields=fields)


def retire_session(*, session: Session, reason: str = RETIRED) -> Written | None:
    """A session gone from its source: deleted (None), unless someone must be told of it."""
    kept = any(response for _, response in session_retiring.send(Session, session=session))
    if not kept:
        session.delete()
        return None
    return cancel_session(session=session, reason=reason)


def raise_sequence(*, session: Session, above: int) -> bool:
    """Calendars were sent SEQUENCE `above`: a new message needs a higher one. For a change saved
    around the writer (a raw `save()`), found when registrants are told."""
    if session.sequence > above:
        return False
    session.sequence = above + 1
    Session.objects.filter(pk=session.pk).update(sequence=session.sequence)
    return True


def registrant_state(session: Session) -> str:
    """A digest of what registrants are told about a session (`REGISTRANT_FIELDS`): its times,
    place, online link, and whether it takes place (a cancelled event cancels it; "full" is
    scheduled for those who hold a seat)."""
    values = []
    for name in REGISTRANT_FIELDS:
        value = _stored(session, name)
        if name == "status":
            value = _told_status(session)
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).isoformat()  # as loaded, whatever zone was written
        values.append(str(value))
    return hashlib.sha1("|".join(values).encode()).hexdigest()


def _told_status(session: Session) -> str:
    if session.event.status == Event.Status.CANCELLED:
        return Session.Status.CANCELLED
    if session.status == Session.Status.FULL:
        return Session.Status.SCHEDULED
    return session.status


def _stored(session: Session, key: str):
    if key in ("place", "event"):
        return getattr(session, f"{key}_id")
    return getattr(session, key)


def _key(value):
    """What a given value compares as: a row by its primary key."""
    return value.pk if hasattr(value, "pk") else value
