"""Sessions as an iCalendar (RFC 5545) publication. Pure functions over model instances.

The content lines are written here rather than by the icalendar library: it folds lines one
character at a time and builds a tree of objects per property, which made a programme's calendar
take seconds. Lines are folded at 75 octets, never inside a UTF-8 sequence, and TEXT values are
escaped (RFC 5545, 3.1 and 3.3.11); tests read the output back with icalendar and ical.js.

Callers fetch sessions with `select_related("event__organisation", "event__place", "place")`
and `prefetch_related("formats")`: nothing here queries more than what was prefetched.
The output depends only on the data (DTSTAMP is the last modification, not "now"), so the
same calendar always gives the same bytes and an ETag can be a hash of them.
"""

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from icalendar import Event as IcalEvent

from agenda.events.models import PARIS, Event, Place, Session
from agenda.lib.links import safe_link
from agenda.lib.markup import plain_text
from agenda.lib.prefetch import related
from agenda.lib.text import single_line

TZID = "Europe/Paris"
CRLF = "\r\n"
LINE_OCTETS = 75
STATUS = {
    Session.Status.CANCELLED: "CANCELLED",
    Session.Status.POSTPONED: "TENTATIVE",
}
# TEXT may hold any character but the controls (tab aside); line breaks are escaped apart.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Europe/Paris as two yearly rules (EU rules, in force since 1996), the form Outlook, Google and
# tzurl.org publish. Not icalendar's `Timezone.from_tzid`: it lists the transitions as one
# multi-valued RDATE, of which ical.js (Thunderbird, Nextcloud) reads only the first value,
# putting every summer date an hour off. DTSTART is the local time before the change, as
# RFC 5545 says. Revisit if the EU ever ends clock changes.
PARIS_VTIMEZONE = CRLF.join(
    [
        "BEGIN:VTIMEZONE",
        f"TZID:{TZID}",
        f"X-LIC-LOCATION:{TZID}",
        "BEGIN:DAYLIGHT",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "",
    ]
)
CALENDAR_END = "END:VCALENDAR" + CRLF


# --- content lines ---------------------------------------------------------------------------


def fold(line: str) -> str:
    """The line folded at 75 octets (CRLF + space), cutting only between UTF-8 sequences."""
    if len(line) <= LINE_OCTETS and line.isascii():
        return line
    data = line.encode()
    if len(data) <= LINE_OCTETS:
        return line
    pieces = []
    start, limit = 0, LINE_OCTETS
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: back to the sequence's start
            cut -= 1
        pieces.append(data[start:cut])
        start, limit = cut, LINE_OCTETS - 1  # continuation lines begin with the space
    pieces.append(data[start:])
    return (CRLF + " ").join(piece.decode() for piece in pieces)


def text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and line breaks escaped, controls dropped."""
    if _CONTROLS.search(value):
        value = _CONTROLS.sub("", value)
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def uri(value: str) -> str:
    """A URI value is written as is (no TEXT escaping); a line break would end the line."""
    if _CONTROLS.search(value):
        value = _CONTROLS.sub("", value)
    return value.replace("\r", "").replace("\n", "")


def param(value: str) -> str:
    """A parameter value, quoted when it holds : ; or , (double quotes cannot be written)."""
    value = uri(value).replace('"', "")
    return f'"{value}"' if any(c in value for c in ":;,") else value


def line(prop: str, content: str, /, **params: str) -> str:
    """One folded content line, CRLF included; `content` is already escaped for its type."""
    head = prop + "".join(f";{key.upper()}={param(v)}" for key, v in params.items())
    return fold(f"{head}:{content}") + CRLF


def utc_stamp(moment: dt.datetime) -> str:
    return _basic(moment.astimezone(dt.UTC)) + "Z"


def _basic(moment: dt.datetime) -> str:
    """20231103T161500 (strftime is slower, and a feed writes thousands)."""
    m = moment
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}"


def date_or_time(name: str, value: dt.date | dt.datetime) -> str:
    """DTSTART/DTEND: a DATE, or a Paris wall-clock DATE-TIME with its TZID."""
    if isinstance(value, dt.datetime):
        return line(name, _basic(value.astimezone(PARIS)), tzid=TZID)
    return line(name, f"{value.year:04d}{value.month:02d}{value.day:02d}", value="DATE")


# --- the calendar ----------------------------------------------------------------------------


def calendar_head(*, name: str, site_url: str, method: str = "PUBLISH") -> str:
    """Everything before the first VEVENT: properties and the Europe/Paris VTIMEZONE."""
    host = urlsplit(site_url).hostname or "localhost"
    return "".join(
        [
            "BEGIN:VCALENDAR" + CRLF,
            line("VERSION", "2.0"),
            line("PRODID", f"-//Agenda public//{text(host)}//FR"),
            line("CALSCALE", "GREGORIAN"),
            line("METHOD", method),
            # Read raw by icalendar and ical.js (X-WR-CALNAME, and NAME of RFC 7986 which they
            # do not know): written raw, on one line; a TEXT reader leaves ; and , as they are.
            line("NAME", uri(single_line(name))),
            line("X-WR-CALNAME", uri(single_line(name))),
            # Subscribed calendars refresh at the client's pace unless told; feeds change daily.
            line("REFRESH-INTERVAL", "PT6H", value="DURATION"),
            line("X-PUBLISHED-TTL", "PT6H"),
            line("X-WR-TIMEZONE", TZID),
            # Always present, even for an empty calendar, since X-WR-TIMEZONE names it.
            PARIS_VTIMEZONE,
        ]
    )


def calendar_for_sessions(
    sessions: Iterable[Session], *, name: str, site_url: str, method: str = "PUBLISH"
) -> bytes:
    """A calendar of these sessions. `method` is PUBLISH for feeds; emails to registrants use
    REQUEST (add or update the event) and CANCEL (remove it), as iTIP (RFC 5546) says."""
    site_url = site_url.rstrip("/")
    parts = [calendar_head(name=name, site_url=site_url, method=method)]
    parts += [vevent_text(session, site_url=site_url) for session in sessions]
    parts.append(CALENDAR_END)
    return "".join(parts).encode()


def paris_vtimezone() -> str:
    return PARIS_VTIMEZONE


def session_vevent(session: Session, *, site_url: str, host: str = "") -> IcalEvent:
    """The VEVENT as an icalendar component, for messages that add properties to it (the
    registrants' invitations); read back from `vevent_text`, so both say the same."""
    return IcalEvent.from_ical(vevent_text(session, site_url=site_url))


def vevent_text(session: Session, *, site_url: str) -> str:
    """The session's VEVENT, folded, CRLF-terminated: what the stored fragments keep."""
    site_url = site_url.rstrip("/")
    host = urlsplit(site_url).hostname or "localhost"
    modified = utc_stamp(last_modified(session))
    start, end = ical_span(session)
    lines = [
        "BEGIN:VEVENT" + CRLF,
        line("UID", text(f"{session.uid}@{host}")),
        line("SEQUENCE", str(session.sequence)),
        line("DTSTAMP", modified),
        line("LAST-MODIFIED", modified),
        date_or_time("DTSTART", start),
    ]
    if end is not None:
        lines.append(date_or_time("DTEND", end))
    lines.append(line("SUMMARY", text(single_line(summary(session)))))
    lines.append(line("DESCRIPTION", text(description(session, site_url=site_url))))
    location = location_text(session)
    if location:
        lines.append(line("LOCATION", text(single_line(location))))
    lines.append(line("URL", uri(session_url(session, site_url))))
    formats = [f.name for f in related(session, "formats")]
    if formats:
        lines.append(line("CATEGORIES", ",".join(text(single_line(name)) for name in formats)))
    lines.append(line("STATUS", session_status(session)))
    organizer = organizer_address(session, site_url)
    if organizer is not None:
        uri_value, name = organizer
        lines.append(line("ORGANIZER", uri(uri_value), cn=single_line(name)))
    lines.append("END:VEVENT" + CRLF)
    return "".join(lines)


# --- what a VEVENT says ----------------------------------------------------------------------


def session_status(session: Session) -> str:
    """A cancelled event cancels every session, whatever each one says."""
    if session.event.status == "cancelled":
        return "CANCELLED"
    return STATUS.get(session.status, "CONFIRMED")


def last_modified(session: Session) -> dt.datetime:
    """The later of the session's and the event's changes (a new chapeau changes the VEVENT)."""
    moments = [m for m in (session.updated_at, session.event.updated_at) if m]
    latest = max(moments) if moments else session.starts_at
    return latest.astimezone(dt.UTC).replace(microsecond=0)


def ical_span(session: Session) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None]:
    """DTSTART and DTEND (None: omit it) with the same value type, as RFC 5545 requires."""
    if not session.has_start_time:
        return _all_day_span(session)
    start = session.starts_at.astimezone(PARIS)
    if session.ends_at is None:
        return start, None
    end = session.ends_at.astimezone(PARIS)
    if not session.has_end_time:
        # "until 5 November": the whole last day, i.e. up to midnight after it.
        end = dt.datetime.combine(end.date() + dt.timedelta(days=1), dt.time(0), tzinfo=PARIS)
    return start, (end if end > start else None)


def _all_day_span(session: Session) -> tuple[dt.date, dt.date | None]:
    start = session.starts_at.astimezone(PARIS).date()
    if session.ends_at is None:
        return start, None  # a DATE without DTEND lasts that one day
    last = session.ends_at.astimezone(PARIS).date()
    # DTEND of an all-day event is exclusive: the day after the last one.
    return start, (last + dt.timedelta(days=1) if last >= start else None)


def summary(session: Session) -> str:
    if session.title and session.title != session.event.title:
        return f"{plain_text(session.title)} — {session.event.title}"
    return session.event.title


def description(session: Session, *, site_url: str) -> str:
    event = session.event
    parts = [
        plain_text(session.description) if session.description else "",
        plain_text(event.chapeau) if event.chapeau else "",
        f"Inscription : {link}" if (link := safe_link(session.registration_url)) else "",
        f"En ligne : {session.public_online_url}" if session.public_online_url else "",
        f"Accessibilité : {session.accessibility}" if session.accessibility else "",
        f"Plus d’informations : {session_url(session, site_url)}",
    ]
    return "\n\n".join(part for part in parts if part)


def session_place(session: Session) -> Place | None:
    """The session's own place, else the event's one unless the session is online only."""
    if session.place is not None:
        return session.place
    if session.attendance_mode == Session.AttendanceMode.ONLINE:
        return None
    return session.event.place


def place_lines(place: Place) -> list[str]:
    town = " ".join(part for part in (place.postcode, place.city) if part)
    return [part for part in (place.name, place.address, town) if part]


def location_text(session: Session) -> str:
    place = session_place(session)
    where = ", ".join(place_lines(place)) if place else ""
    if not where and session.attendance_mode != Session.AttendanceMode.ONLINE:
        where = session.event.place_label
    online = ""
    if session.attendance_mode != Session.AttendanceMode.OFFLINE:
        online = session.public_online_url or "En ligne"
    return " / ".join(part for part in (where, online) if part)


def event_url(event, site_url: str) -> str:
    return f"{site_url.rstrip('/')}{event_path(event.slug)}"


@lru_cache(maxsize=4096)
def event_path(slug: str) -> str:
    """The event page's path (reversing a URL costs more than writing a VEVENT)."""
    return Event(slug=slug).get_absolute_url()


def session_url(session: Session, site_url: str) -> str:
    """The event page, at the session's anchor (the whole-event session has no anchor)."""
    url = event_url(session.event, site_url)
    return url if session.whole_event else f"{url}#{session.anchor}"


def organizer_address(session: Session, site_url: str) -> tuple[str, str] | None:
    """ORGANIZER must be a URI; with no e-mail known, the organisation's website or, failing
    that, the agenda filtered on the organisation identifies it. (URI, common name)."""
    organisation = session.event.organisation
    if organisation is None:
        return None
    uri_value = safe_link(organisation.website) or (
        f"{site_url.rstrip('/')}{home_path()}?{urlencode({'organisation': organisation.slug})}"
    )
    return uri_value, organisation.name


@lru_cache(maxsize=1)
def home_path() -> str:
    return reverse("home")
