"""Sessions as an iCalendar (RFC 5545) publication. Pure functions over model instances.

Callers fetch sessions with `select_related("event__organisation", "event__place", "place")`
and `prefetch_related("formats")`: nothing here queries more than what was prefetched.
The output depends only on the data (DTSTAMP is the last modification, not "now"), so the
same calendar always gives the same bytes and an ETag can be a hash of them.
"""

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vRecur,
    vText,
)

from agenda.events.models import PARIS, Place, Session
from agenda.lib.links import safe_link
from agenda.lib.markup import plain_text
from agenda.lib.text import multi_line, single_line

TZID = "Europe/Paris"
STATUS = {
    Session.Status.CANCELLED: "CANCELLED",
    Session.Status.POSTPONED: "TENTATIVE",
}


def calendar_for_sessions(
    sessions: Iterable[Session], *, name: str, site_url: str, method: str = "PUBLISH"
) -> bytes:
    """A calendar of these sessions. `method` is PUBLISH for feeds; emails to registrants use
    REQUEST (add or update the event) and CANCEL (remove it), as iTIP (RFC 5546) says."""
    site_url = site_url.rstrip("/")
    host = urlsplit(site_url).hostname or "localhost"
    calendar = Calendar()
    calendar.add("prodid", f"-//Agenda public//{host}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    name = single_line(name)  # stored text may hold newlines and controls: ICS lines cannot
    calendar.add("x-wr-calname", name)
    calendar.add("name", name)
    calendar.add("x-wr-timezone", TZID)
    # Subscribed calendars refresh at the client's pace unless told; the feeds change daily.
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    # Always present, even for an empty calendar, since X-WR-TIMEZONE names it.
    calendar.add_component(paris_vtimezone())
    for session in sessions:
        calendar.add_component(session_vevent(session, site_url=site_url, host=host))
    return calendar.to_ical()


def paris_vtimezone() -> Timezone:
    """Europe/Paris as two yearly rules (EU rules, in force since 1996), the form Outlook,
    Google and tzurl.org publish. Not `Timezone.from_tzid`: it lists the transitions as one
    multi-valued RDATE, of which ical.js (Thunderbird, Nextcloud) reads only the first value,
    putting every summer date an hour off. Revisit if the EU ever ends clock changes."""
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add("x-lic-location", TZID)
    for kind, name, offsets, onset, month in (
        (TimezoneDaylight, "CEST", (1, 2), dt.datetime(1970, 3, 29, 2), 3),
        (TimezoneStandard, "CET", (2, 1), dt.datetime(1970, 10, 25, 3), 10),
    ):
        rule = kind()
        rule.add("tzname", name)
        rule.add("tzoffsetfrom", dt.timedelta(hours=offsets[0]))
        rule.add("tzoffsetto", dt.timedelta(hours=offsets[1]))
        rule.add("dtstart", onset)  # local time before the change, as RFC 5545 says
        rule.add("rrule", vRecur(freq="YEARLY", bymonth=month, byday="-1SU"))
        timezone.add_component(rule)
    return timezone


def session_vevent(session: Session, *, site_url: str, host: str) -> Event:
    vevent = Event()
    vevent.add("uid", f"{session.uid}@{host}")
    vevent.add("sequence", session.sequence)
    modified = last_modified(session)
    vevent.add("dtstamp", modified)
    vevent.add("last-modified", modified)
    start, end = ical_span(session)
    vevent.add("dtstart", start)
    if end is not None:
        vevent.add("dtend", end)
    vevent.add("summary", single_line(summary(session)))
    vevent.add("description", multi_line(description(session, site_url=site_url)))
    location = single_line(location_text(session))
    if location:
        vevent.add("location", location)
    vevent.add("url", session_url(session, site_url))
    formats = [single_line(f.name) for f in session.formats.all()]
    if formats:
        vevent.add("categories", formats)
    vevent.add("status", session_status(session))
    organizer = organizer_address(session, site_url)
    if organizer is not None:
        vevent.add("organizer", organizer)
    return vevent


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
        f"Inscription : {safe_link(session.registration_url)}"
        if safe_link(session.registration_url)
        else "",
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
    return f"{site_url.rstrip('/')}{event.get_absolute_url()}"


def session_url(session: Session, site_url: str) -> str:
    """The event page, at the session's anchor (the whole-event session has no anchor)."""
    url = event_url(session.event, site_url)
    return url if session.whole_event else f"{url}#{session.anchor}"


def organizer_address(session: Session, site_url: str) -> vCalAddress | None:
    """ORGANIZER must be a URI; with no e-mail known, the organisation's website or, failing
    that, the agenda filtered on the organisation identifies it."""
    organisation = session.event.organisation
    if organisation is None:
        return None
    uri = safe_link(organisation.website) or (
        f"{site_url.rstrip('/')}{reverse('home')}?{urlencode({'organisation': organisation.slug})}"
    )
    address = vCalAddress(uri)
    address.params["cn"] = vText(single_line(organisation.name))
    return address
