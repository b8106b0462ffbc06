"""A page's sessions against the stored ones: what the page says of each (`SessionValues`),
matched so that UIDs survive re-imports, then written by the session writer (`sessions`)."""

import datetime as dt
import re
from dataclasses import dataclass

from agenda.lib.markup import plain_text
from agenda.lib.pages import PageData

from .lookups import POSTCODE_CITY, Lookups
from .models import Event, Format, Place, Session, aware
from .sessions import (
    WallClock,
    keep_agenda_registration,
    retire_session,
    session_fields,
    write_session,
)

ONLINE_WORDS = re.compile(
    r"\b(en ligne|webinaire|webinar|visio|distanciel|à distance|live)\b", re.I
)
OFFLINE_WORDS = re.compile(r"\b(présentiel|salle|auditorium|avenue|rue|boulevard|place)\b", re.I)


def event_attendance_mode(page: PageData) -> str:
    label = page.place_label
    online = bool(ONLINE_WORDS.search(label))
    offline = (
        bool(page.address) or bool(OFFLINE_WORDS.search(label)) or (bool(label) and not online)
    )
    if online and offline:
        return Session.AttendanceMode.MIXED
    return Session.AttendanceMode.ONLINE if online else Session.AttendanceMode.OFFLINE


@dataclass
class SessionValues:
    """What a page says of a session: matched against the stored ones, then written."""

    start: WallClock
    end: WallClock | None
    title: str
    description: str
    formats: list[str]
    attendance_mode: str
    place_key: tuple[str, str] | None
    accessibility: str
    is_free: bool | None
    registration_url: str
    registration_required: bool
    source_line: int
    whole_event: bool = False

    @property
    def starts_at(self) -> dt.datetime:
        return aware(self.start)[0]

    def fields(self) -> dict:
        return session_fields(
            start=self.start,
            end=self.end,
            title=self.title,
            description=self.description,
            attendance_mode=self.attendance_mode,
            accessibility=self.accessibility,
            is_free=self.is_free,
            registration=Session.Registration.EXTERNAL
            if self.registration_url
            else Session.Registration.NONE,
            registration_url=self.registration_url,
            registration_required=self.registration_required,
            source_line=self.source_line,
            whole_event=self.whole_event,
        )


def session_values(parsed, *, event_mode: str, event_place: Place | None) -> SessionValues:
    labels = list(parsed.labels)
    text = " ".join([*labels, parsed.title or "", parsed.description])
    mode = event_mode
    if parsed.place_lines:
        mode = (
            Session.AttendanceMode.MIXED
            if ONLINE_WORDS.search(text) and event_mode != "offline"
            else "offline"
        )
    elif any(ONLINE_WORDS.search(label) for label in labels):
        mode = Session.AttendanceMode.ONLINE
    place_key = None
    if parsed.place_lines:
        place_key = _place_key_from_lines(parsed.place_lines)
    elif mode != Session.AttendanceMode.ONLINE and event_place:
        place_key = (event_place.name, event_place.address)
    return SessionValues(
        start=parsed.start,
        end=parsed.end or None,
        title=plain_text(parsed.title or ""),
        description=parsed.description.strip(),
        formats=labels,
        attendance_mode=mode,
        place_key=place_key,
        accessibility="\n".join(parsed.accessibility),
        is_free=parsed.is_free,
        registration_url=parsed.registration_url or "",
        registration_required=parsed.registration_required,
        source_line=parsed.line or 0,
    )


def whole_event_values(
    *, event: Event, event_mode: str, event_place: Place | None, info_fields: list | None = None
) -> SessionValues:
    """The occurrence of an event without programme: its dates, its registration info field."""
    fields = list(event.info_fields.all()) if info_fields is None else info_fields
    info = " ".join(f"{f.label} {f.content}" for f in fields)
    registration = next(
        (f.link for f in fields if f.link and "inscri" in f"{f.label} {f.content}".lower()), ""
    )
    return SessionValues(
        start=event.start,
        end=event.end,
        title="",
        description="",
        formats=[],
        attendance_mode=event_mode,
        place_key=(event_place.name, event_place.address) if event_place else None,
        accessibility="",
        is_free=True if "gratuit" in info.lower() else None,
        registration_url=registration,
        registration_required="inscription" in info.lower(),
        source_line=0,
        whole_event=True,
    )


def _place_key_from_lines(lines: list[str]) -> tuple[str, str]:
    address = next((line for line in lines if POSTCODE_CITY.search(line)), lines[-1])
    name = next((line for line in lines if line != address), "")
    return name, address


def sync_sessions(
    *,
    event: Event,
    parsed_sessions: list,
    event_mode: str,
    event_place: Place | None,
    lookups: Lookups | None = None,
    is_new: bool = False,
) -> None:
    """Match incoming sessions to stored ones (same start and title, else same start, else same
    position) so UIDs survive re-imports; the session writer decides SEQUENCE and who is told."""
    lookups = lookups or Lookups()
    existing = [] if is_new else list(event.sessions.prefetch_related("formats"))
    unmatched = {s.pk: s for s in existing}
    values = [
        session_values(p, event_mode=event_mode, event_place=event_place) for p in parsed_sessions
    ]
    if not values:
        values = [whole_event_values(event=event, event_mode=event_mode, event_place=event_place)]
    for position, value in enumerate(values):
        session = _match(unmatched, value, position)
        if session is None:
            session = Session(event=event)
        else:
            del unmatched[session.pk]
        _apply(session, value, position, lookups)
    for session in unmatched.values():
        retire_session(session=session)


def _match(unmatched: dict, value: SessionValues, position: int) -> Session | None:
    candidates = list(unmatched.values())
    starts_at, title = value.starts_at, value.title[:500]
    for test in (
        lambda s: s.starts_at == starts_at and s.title == title,
        lambda s: s.title == title and bool(title),
        lambda s: s.starts_at == starts_at,
        lambda s: s.position == position,
    ):
        found = next((s for s in candidates if test(s)), None)
        if found:
            return found
    return None


def _apply(session: Session, value: SessionValues, position: int, lookups: Lookups) -> None:
    fields = keep_agenda_registration(session, {**value.fields(), "position": position})
    fields["place"] = (
        lookups.place(name=value.place_key[0], address=value.place_key[1])
        if value.place_key
        else None
    )
    formats = None  # the same names: no need to look the rows up
    if session.pk is None or sorted(f.name for f in session.formats.all()) != sorted(value.formats):
        formats = lookups.named_objects(Format, value.formats)
    write_session(session=session, fields=fields, formats=formats)
