"""Bulk import: a table (CSV, XLSX) or a calendar (ICS) becomes draft events of one organisation.

The only part of the bulk import that touches the database; reading is done by `tabular`,
`bulk_rows` and `ics_import` (pure functions).

- Idempotent: every event and session is remembered by the file's own identifier
  (`ExternalKey`: `identifiant`, else event title + date + start; `evenement_id`, else the
  event title; the ICS UID). Importing the same file again changes nothing; a changed row
  updates its session in place (same `Session.uid`; the session writer raises `sequence` when
  the change shows in a calendar). Nothing is ever deleted.
- One savepoint per event, inside one transaction: an event is written whole or not at all.
- New events are drafts of the organisation, to submit through the moderation workflow. A
  submitted event that changes goes back to draft (withdrawn from the queue, as the form does).
  Published and cancelled events are never written: a change to one is reported and skipped
  (the import is rehearsed in a savepoint that is rolled back, so « unchanged » is still known).
"""

import hashlib
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.dispatch import Signal
from django.utils import timezone

from agenda.events.lookups import Lookups
from agenda.events.models import (
    Audience,
    Category,
    Event,
    Format,
    Organisation,
    Session,
    Tag,
    aware,
)
from agenda.events.sessions import keep_agenda_registration, session_fields, write_session
from agenda.events.slugs import free_slug
from agenda.lib.french import word
from agenda.lib.pages import PageProblem

from .bulk_rows import EventData, SessionData, group_events, parse_rows
from .ics_import import parse_calendar
from .models import ExternalKey
from .tabular import read_table

Status = Event.Status
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.SUBMITTED)
LOCKED = {
    Status.PUBLISHED: "déjà publié : modification à soumettre depuis l’espace",
    Status.CANCELLED: "annulé : un événement annulé ne se modifie plus",
}
CALENDAR_SUFFIXES = (".ics", ".ical", ".icalendar")

# Sent after an event was created or changed by an import, inside its savepoint, with
# `outcome` (EventOutcome: action, event, sessions), `actor` (None from the command line),
# `status_before` and `path`: the moderation's audit log listens to it.
event_imported = Signal()


@dataclass
class SessionOutcome:
    action: str  # created, updated, unchanged
    line: int
    session: Session


@dataclass
class EventOutcome:
    action: str
    event: Event
    sessions: list[SessionOutcome] = field(default_factory=list)


@dataclass
class BulkReport:
    path: str
    events: list[EventOutcome] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)

    def sessions(self, action: str) -> list[SessionOutcome]:
        return [s for event in self.events for s in event.sessions if s.action == action]

    @property
    def counts(self) -> dict[str, int]:
        return {
            action: len(self.sessions(action)) for action in ("created", "updated", "unchanged")
        }

    @property
    def errors(self) -> list[PageProblem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[PageProblem]:
        return [problem for problem in self.problems if problem.severity != "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def import_file(
    data: bytes, *, filename: str, organisation: Organisation, actor=None
) -> BulkReport:
    """A calendar (.ics) or a table (.csv, .xlsx), told apart by the file name."""
    if filename.lower().endswith(CALENDAR_SUFFIXES):
        return import_calendar(data, filename=filename, organisation=organisation, actor=actor)
    return import_table(data, filename=filename, organisation=organisation, actor=actor)


def import_table(
    data: bytes, *, filename: str, organisation: Organisation, actor=None
) -> BulkReport:
    parsed = parse_rows(read_table(data, filename=filename))
    events, problems = group_events(parsed.sessions, bad_lines=parsed.bad_lines, path=filename)
    return import_events(
        events,
        organisation=organisation,
        source=ExternalKey.Source.TABLE,
        path=filename,
        problems=parsed.problems + problems,
        actor=actor,
    )


def import_calendar(
    data: bytes, *, filename: str, organisation: Organisation, actor=None, now=None
) -> BulkReport:
    audiences = Audience.objects.values_list("name", flat=True)
    sessions, problems = parse_calendar(
        data, path=filename, now=now or timezone.now(), audiences=audiences
    )
    events, more = group_events(sessions, path=filename)
    return import_events(
        events,
        organisation=organisation,
        source=ExternalKey.Source.ICS,
        path=filename,
        problems=problems + more,
        actor=actor,
    )


def import_events(
    events: list[EventData],
    *,
    organisation: Organisation,
    source: str,
    path: str,
    problems: list[PageProblem] | None = None,
    actor=None,
) -> BulkReport:
    report = BulkReport(path, problems=list(problems or []))
    writer = _Writer(organisation=organisation, source=source, actor=actor, report=report)
    with transaction.atomic():
        for event in events:
            writer.import_event(event)
    report.problems.sort(key=lambda problem: (problem.line, problem.column))
    return report


class _Rehearsal(Exception):
    """Rolls back the rehearsed import of a locked (published, cancelled) event."""

    def __init__(self, outcome: EventOutcome):
        self.outcome = outcome


class _Conflict(Exception):
    def __init__(self, problem: PageProblem):
        self.problem = problem


def fit_key(key: str) -> str:
    if len(key) <= 500:
        return key
    return f"{key[:440]}…{hashlib.sha1(key.encode()).hexdigest()}"


def row_fields(data: SessionData, session: Session) -> dict:
    """A session's stored fields as the row says them (the status, and a change to a
    registration on the agenda, only if the source says)."""
    fields = session_fields(
        start=data.start,
        end=data.end,
        title=data.title,
        description=data.description,
        attendance_mode=data.mode,
        online_url=data.online_url,
        accessibility=data.accessibility,
        is_free=data.is_free,
        registration=data.registration,
        registration_url=data.registration_url,
        capacity=data.capacity,
    )
    if not data.registration_given:
        fields = keep_agenda_registration(session, fields)
    if data.cancelled:
        fields["status"] = Session.Status.CANCELLED
    elif data.cancelled is False and session.status == Session.Status.CANCELLED:
        fields["status"] = Session.Status.SCHEDULED
    return fields


def assign(obj, values: dict) -> bool:
    """Set the values that differ; whether any did."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


class _Writer:
    def __init__(self, *, organisation: Organisation, source: str, actor, report: BulkReport):
        self.organisation, self.source = organisation, source
        self.actor, self.report = actor, report
        self.lookups = Lookups()
        self.written: set[int] = set()
        self.keys = ExternalKey.objects.filter(
            organisation=organisation, source=source, event__organisation=organisation
        )

    def problem(self, line: int, code: str, message: str, severity: str = "error") -> PageProblem:
        return PageProblem(self.report.path, line, code, message, severity)

    def import_event(self, data: EventData) -> None:
        event = self.find_event(data)
        locked = event is not None and event.status not in EDITABLE
        try:
            with transaction.atomic():
                outcome = self.write(event, data, rehearsal=locked)
                if locked:
                    raise _Rehearsal(outcome)
        except _Rehearsal as rehearsal:
            self.lookups.clear()
            self.report_locked(event, data, rehearsal.outcome)
            return
        except _Conflict as conflict:
            self.lookups.clear()
            self.report.problems.append(conflict.problem)
            return
        except DatabaseError as exc:
            self.lookups.clear()
            message = f"« {data.title} » non importé : erreur de la base de données ({exc})"
            self.report.problems.append(self.problem(data.line, "database", message))
            return
        self.report.events.append(outcome)
        self.written.add(outcome.event.pk)

    def report_locked(self, event: Event, data: EventData, outcome: EventOutcome) -> None:
        if outcome.action == "unchanged":
            self.report.events.append(EventOutcome("unchanged", event, outcome.sessions))
            return
        lines = ", ".join(str(session.line) for session in data.sessions)
        n = len(data.sessions)
        message = (
            f"{word(n, 'ligne')} {lines} {word(n, 'ignorée')} : « {event.title} » "
            f"{LOCKED[event.status]}"
        )
        self.report.problems.append(self.problem(data.line, event.status, message, "warning"))

    def find_event(self, data: EventData) -> Event | None:
        """By the event's key, else through one of its sessions' keys (a renamed event); not
        an event this import already wrote (rows split into two events make a new one)."""
        kinds = ExternalKey.Kind
        keys = self.keys.exclude(event__in=self.written).select_related("event")
        found = keys.filter(kind=kinds.EVENT, key=fit_key(data.key)).first()
        if found is None:
            session_keys = [fit_key(session.key) for session in data.sessions]
            found = keys.filter(kind=kinds.SESSION, key__in=session_keys).first()
        return found.event if found else None

    def write(self, event: Event | None, data: EventData, *, rehearsal: bool) -> EventOutcome:
        is_new = event is None
        before = Status.DRAFT if is_new else event.status
        if is_new:
            programme = self.lookups.default_programme()
            event = Event(
                programme=programme,
                organisation=self.organisation,
                status=Status.DRAFT,
                slug=free_slug(programme=programme, text=data.title),
            )
        changed = self.write_event_fields(event, data, is_new)
        self.remember(ExternalKey.Kind.EVENT, data.key, event)
        sessions = [
            self.sync_session(event, session, position)
            for position, session in enumerate(data.sessions)
        ]
        changed = self.refresh_span(event) or changed
        changed = changed or any(s.action != "unchanged" for s in sessions)
        if changed and not rehearsal and event.status == Status.SUBMITTED:
            event.status = Status.DRAFT  # withdrawn from the queue: to submit again
            event.save(update_fields=["status", "updated_at"])
        action = "created" if is_new else ("updated" if changed else "unchanged")
        outcome = EventOutcome(action, event, sessions)
        if changed and not rehearsal:
            event_imported.send(
                Event,
                outcome=outcome,
                actor=self.actor,
                status_before=before,
                path=self.report.path,
            )
        return outcome

    def write_event_fields(self, event: Event, data: EventData, is_new: bool) -> bool:
        values = {"title": data.title[:300], "chapeau": data.chapeau}
        if is_new:  # a first span; refresh_span sets the real one from the sessions
            event.starts_at, event.has_start_time = aware(data.sessions[0].start)
        changed = assign(event, values) or is_new
        if changed:
            event.save()
        for manager, model, names in (
            (event.categories, Category, data.categories),
            (event.tags, Tag, data.tags),
            (event.audiences, Audience, data.audiences),
        ):
            objects = self.lookups.named_objects(model, names)
            if is_new or {o.pk for o in objects} != set(manager.values_list("pk", flat=True)):
                manager.set(objects)
                changed = True
        return changed

    def remember(self, kind: str, key: str, event: Event, session: Session | None = None) -> None:
        """Point the file's identifier to this event (and session); written only if it moved."""
        target = {"event": event, "session": session}
        found, created = ExternalKey.objects.get_or_create(
            organisation=self.organisation,
            source=self.source,
            kind=kind,
            key=fit_key(key),
            defaults=target,
        )
        if not created and (found.event_id, found.session_id) != (
            event.pk,
            getattr(session, "pk", None),
        ):
            assign(found, target)
            found.save(update_fields=["event", "session"])

    def find_session(self, data: SessionData, event: Event) -> Session | None:
        found = (
            self.keys.filter(kind=ExternalKey.Kind.SESSION, key=fit_key(data.key))
            .select_related("session__event")
            .first()
        )
        session = found.session if found else None
        if session is not None and session.event_id != event.pk:
            if session.event.status not in EDITABLE:
                message = (
                    f"ligne {data.line} : cette séance appartient à « {session.event.title} », "
                    f"{LOCKED[session.event.status]}"
                )
                raise _Conflict(self.problem(data.line, "locked-session", message))
        return session

    def sync_session(self, event: Event, data: SessionData, position: int) -> SessionOutcome:
        session = self.find_session(data, event) or Session(event=event)
        is_new = session.pk is None
        old_event = None if is_new or session.event_id == event.pk else session.event
        fields = {
            **row_fields(data, session),
            "event": event,
            "place": self.place(data),
            "position": position,
            "source_line": data.line,
        }
        formats = self.lookups.named_objects(Format, data.formats)
        written = write_session(session=session, fields=fields, formats=formats)
        if is_new or old_event is not None:
            self.remember(ExternalKey.Kind.SESSION, data.key, event, session)
        if old_event is not None:  # a draft left without sessions is gone with them
            if old_event.sessions.exists():
                self.refresh_span(old_event)
            else:
                old_event.delete()
        # Where the row sits (its line, its rank) is not a change of the session.
        action = "unchanged" if not written.changed - {"position", "source_line"} else None
        return SessionOutcome(action or written.action, data.line, session)

    def place(self, data: SessionData):
        if data.mode == Session.AttendanceMode.ONLINE or not (data.place_name or data.address):
            return None
        return self.lookups.place(name=data.place_name[:300], address=data.address[:300])

    def refresh_span(self, event: Event) -> bool:
        """The event's dates, mode and place, from all its sessions."""
        sessions = list(event.sessions.select_related("place"))
        first = min(sessions, key=lambda s: s.starts_at)
        last = max(sessions, key=lambda s: s.ends_at or s.starts_at)
        modes = {s.attendance_mode for s in sessions}
        places = {s.place for s in sessions if s.attendance_mode != Session.AttendanceMode.ONLINE}
        place = places.pop() if len(places) == 1 else None
        values = {
            "starts_at": first.starts_at,
            "has_start_time": first.has_start_time,
            "ends_at": last.ends_at or (last.starts_at if len(sessions) > 1 else None),
            "has_end_time": last.has_end_time if last.ends_at else last.has_start_time,
            "attendance_mode": modes.pop() if len(modes) == 1 else Session.AttendanceMode.MIXED,
            "place": place,
            "place_label": (place.name or place.city)[:300] if place else "",
        }
        changed = assign(event, values)
        if changed:
            event.save()
        return changed
