"""Read an iCalendar file (RFC 5545) into sessions to import; fetch one from an address.

`parse_calendar` is pure: bytes in, `SessionData` and problems out. `fetch_calendar` is the one
function here doing I/O (an HTTPS GET with a timeout and a size limit).

- One event per UID: its SUMMARY is the event's title, each occurrence a session.
- DTSTART/DTEND with a TZID, in UTC or floating (taken as Paris time) become Paris wall-clock
  times; VALUE=DATE values are whole days (DTEND is exclusive). DURATION works too.
- RRULE/RDATE/EXDATE: occurrences from today to 12 months ahead, at most 100 a series. A VEVENT
  with RECURRENCE-ID replaces the occurrence it names.
- STATUS:CANCELLED cancels the session; any other status schedules it again.
- LOCATION: a web address is the online link, else « lieu, adresse ». URL is appended to the
  description; CATEGORIES become the session's formats (as our ICS export writes them), except
  those naming one of the agenda's audiences (`audiences`, case and spaces ignored): the event's
  audience (« Élus », « Agents publics »), the name the agenda gives it.
- Idempotency keys: the UID for a single VEVENT, UID#start-of-occurrence (UTC) for a series.
"""

import datetime as dt
import ipaddress
import re
import socket
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import urlsplit, urlunsplit

from dateutil import rrule

from agenda.lib.links import link_refusal
from agenda.lib.pages import PageProblem
from agenda.lib.text import multi_line, single_line

from .bulk_rows import SessionData, fold, sort_key

PARIS_TZ = "Europe/Paris"
HORIZON = dt.timedelta(days=366)
MAX_OCCURRENCES = 100
MAX_SCANNED = 20_000  # occurrences walked through from DTSTART before giving up
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10
WEB_ADDRESS = re.compile(r"^https?://\S+$", re.I)


def _paris():
    from zoneinfo import ZoneInfo

    return ZoneInfo(PARIS_TZ)


def paris_wall_clock(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    """An aware instant as a naive Paris time (the fold kept for the repeated autumn hour);
    a floating time is taken as Paris time; a date stays a date."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(_paris()).replace(tzinfo=None)
    return value


def occurrence_id(value: dt.date | dt.datetime) -> str:
    """An occurrence's original start, the same however DTSTART or RECURRENCE-ID write it."""
    if not isinstance(value, dt.datetime):
        return f"{value:%Y%m%d}"
    if value.tzinfo is None:
        value = value.replace(tzinfo=_paris())
    return f"{value.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


class _Calendar:
    """The problems met while reading one calendar, located on the VEVENT's line."""

    def __init__(self, path: str, data: bytes, audiences: Iterable[str] = ()) -> None:
        self.path = path
        self.audiences = {fold(name): name for name in audiences}
        self.problems: list[PageProblem] = []
        text = data.decode("utf-8", errors="replace")
        self.lines = [
            number
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip().upper() == "BEGIN:VEVENT"
        ]

    def problem(self, line: int, prop: str, code: str, message: str, severity="error") -> None:
        self.problems.append(PageProblem(self.path, line, code, message, severity, field=prop))


def parse_calendar(
    data: bytes, *, path: str, now: dt.datetime, audiences: Iterable[str] = ()
) -> tuple[list[SessionData], list[PageProblem]]:
    """The calendar's sessions and problems; `audiences`: the names of the agenda's audiences
    (a CATEGORIES value naming one is an audience, not a format)."""
    from icalendar import Calendar

    reading = _Calendar(path, data, audiences)
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        reading.problem(1, "", "ics-syntax", f"calendrier illisible : {exc}")
        return [], reading.problems
    masters, overrides = _by_uid(calendar.walk("VEVENT"), reading)
    sessions: list[SessionData] = []
    today = now.astimezone(_paris()).replace(hour=0, minute=0, second=0, microsecond=0)
    window = (today, today + HORIZON)
    for uid, (component, line) in masters.items():
        sessions.extend(_series(uid, component, line, overrides.pop(uid, {}), window, reading))
    for uid, instances in overrides.items():  # instances whose series is not in the file
        for component, line in instances.values():
            session = _session(uid, component, line, reading, key=None, title_of_series="")
            if session:
                sessions.append(session)
    if not calendar.walk("VEVENT"):
        reading.problem(1, "", "empty", "le calendrier ne contient aucun événement (VEVENT)")
    return sessions, sorted(reading.problems, key=lambda problem: problem.line)


def _by_uid(components, reading: _Calendar):
    masters: dict[str, tuple] = {}
    overrides: dict[str, dict[str, tuple]] = defaultdict(dict)
    for index, component in enumerate(components):
        line = reading.lines[index] if index < len(reading.lines) else 1
        uid = str(component.get("UID", "")).strip()
        if not uid:
            reading.problem(line, "UID", "missing-uid", "VEVENT sans UID : ignoré")
        elif component.get("RECURRENCE-ID") is not None:
            overrides[uid][occurrence_id(component.get("RECURRENCE-ID").dt)] = (component, line)
        elif uid in masters:
            message = f"UID « {uid} » en double : seul le premier VEVENT est lu"
            reading.problem(line, "UID", "duplicate-uid", message, "warning")
        else:
            masters[uid] = (component, line)
    return masters, overrides


def _series(uid, component, line, overrides, window, reading) -> list[SessionData]:
    first = _session(uid, component, line, reading, key=uid, title_of_series="")
    if first is None:
        return []
    if component.get("RRULE") is None and component.get("RDATE") is None:
        return [first]
    try:
        starts = _occurrences(component, window)
    except (ValueError, TypeError) as exc:
        reading.problem(line, "RRULE", "bad-rrule", f"règle de répétition illisible : {exc}")
        return []
    if len(starts) > MAX_OCCURRENCES:
        message = f"plus de {MAX_OCCURRENCES} occurrences dans les 12 mois : seules les premières"
        reading.problem(
            line, "RRULE", "too-many-occurrences", message + " sont importées", "warning"
        )
        starts = starts[:MAX_OCCURRENCES]
    sessions = []
    for start in starts:
        key = f"{uid}#{occurrence_id(start)}"
        if occurrence_id(start) in overrides:
            instance, instance_line = overrides.pop(occurrence_id(start))
            session = _session(uid, instance, instance_line, reading, key, first.event_title)
        else:
            session = _moved(first, start, key)
        if session:
            sessions.append(session)
    for occurrence, (instance, instance_line) in overrides.items():
        session = _session(uid, instance, instance_line, reading, f"{uid}#{occurrence}", "")
        if session and window[0] <= _aware(session.start) < window[1]:
            sessions.append(session)
    if not sessions:
        message = "aucune occurrence dans les 12 prochains mois : rien n’est importé"
        reading.problem(line, "RRULE", "no-occurrence", message, "warning")
    sessions.sort(key=lambda session: sort_key(session.start))
    return sessions


def _aware(value: dt.date | dt.datetime) -> dt.datetime:
    return sort_key(value).replace(tzinfo=_paris())


def _occurrences(component, window) -> list[dt.date | dt.datetime]:
    """The series' starts within the window, in DTSTART's own type and time zone (so that a
    weekly 10:00 stays 10:00 across a change of time)."""
    start = component.get("DTSTART").dt
    base = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
    rules = rrule.rruleset()
    for recur in _as_list(component.get("RRULE")):
        text = recur.to_ical().decode()
        if base.tzinfo is None:  # a date or floating DTSTART: UNTIL must be floating too
            text = re.sub(r"(UNTIL=\d{8}(?:T\d{6})?)Z", r"\1", text)
        rules.rrule(rrule.rrulestr(text, dtstart=base))
    for name, add in (("RDATE", rules.rdate), ("EXDATE", rules.exdate)):
        for prop in _as_list(component.get(name)):
            for value in prop.dts:
                add(_like(value.dt, base))
    low, high = window
    if base.tzinfo is None:
        low, high = low.replace(tzinfo=None), high.replace(tzinfo=None)
    found = []
    for index, value in enumerate(rules):  # bounded: a minutely rule from 1970 must not hang
        if value > high or len(found) > MAX_OCCURRENCES or index > MAX_SCANNED:
            break
        if value >= low:
            found.append(value)
    return [value if isinstance(start, dt.datetime) else value.date() for value in found]


def _like(value: dt.date | dt.datetime, base: dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, base.time(), tzinfo=base.tzinfo)
    if base.tzinfo is None:
        return paris_wall_clock(value)
    return value if value.tzinfo else value.replace(tzinfo=base.tzinfo)


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _moved(first: SessionData, start: dt.date | dt.datetime, key: str) -> SessionData:
    """The series' first session, moved to another occurrence (same duration)."""
    from dataclasses import replace

    start = paris_wall_clock(start)
    end = None
    if first.end is not None:
        if isinstance(start, dt.datetime) and isinstance(first.start, dt.datetime):
            end = _add(start, first.end, first.start)
        else:
            end = sort_key(start).date() + (sort_key(first.end) - sort_key(first.start))
    return replace(first, key=key, start=start, end=end)


def _add(start: dt.datetime, end, first_start: dt.datetime) -> dt.datetime:
    """Same duration in elapsed time, computed on aware values (a change of time may fall in)."""
    zone = _paris()
    elapsed = end.replace(tzinfo=zone) - first_start.replace(tzinfo=zone)
    return paris_wall_clock(start.replace(tzinfo=zone).astimezone(dt.UTC) + elapsed)


def _session(uid, component, line, reading, key, title_of_series) -> SessionData | None:
    summary = _text(component, "SUMMARY")
    if not summary and not title_of_series:
        reading.problem(line, "SUMMARY", "missing-title", f"« {uid} » : SUMMARY (titre) absent")
        return None
    span = _span(component, line, reading)
    if span is None:
        return None
    location, url = _text(component, "LOCATION"), _text(component, "URL")
    online = location if WEB_ADDRESS.match(location) else ""
    name, address = ("", "") if online else _split_location(location)
    description = _text(component, "DESCRIPTION")
    if url and (refusal := link_refusal(url)):
        reading.problem(line, "URL", "unsafe-url", f"« {uid} » : {refusal}", "warning")
        url = ""
    if url:
        description = f"{description}\n\nPlus d’informations : <{url}>".strip()
    status = str(component.get("STATUS", "")).strip().upper()
    categories = _categories(component)
    return SessionData(
        key=key or f"{uid}#{occurrence_id(component.get('RECURRENCE-ID').dt)}",
        event_key=f"uid:{uid}",
        event_title=title_of_series or summary,
        line=line,
        start=span[0],
        end=span[1],
        title=summary if title_of_series and summary != title_of_series else "",
        formats=[name for name in categories if fold(name) not in reading.audiences],
        audiences=[reading.audiences[fold(n)] for n in categories if fold(n) in reading.audiences],
        description=description,
        mode="online" if online else "offline",
        place_name=name,
        address=address,
        online_url=online,
        cancelled=status == "CANCELLED",
    )


def _span(component, line, reading) -> tuple | None:
    prop = component.get("DTSTART")
    if prop is None:
        reading.problem(line, "DTSTART", "missing-date", "DTSTART (début) absent")
        return None
    start = paris_wall_clock(prop.dt)
    end = None
    if component.get("DTEND") is not None:
        end = paris_wall_clock(component.get("DTEND").dt)
    elif component.get("DURATION") is not None:
        end = paris_wall_clock(prop.dt + component.get("DURATION").dt)
    if end is not None and not isinstance(start, dt.datetime):
        last_day = sort_key(end).date() - dt.timedelta(days=1)  # DTEND of a date is exclusive
        end = last_day if last_day > start else None
    elif end is not None and sort_key(end) < sort_key(start):
        reading.problem(line, "DTEND", "end-before-start", "DTEND précède DTSTART : fin ignorée")
        end = None
    return start, end


def _text(component, name: str) -> str:
    """A property's text without control characters: one line, the description paragraphs."""
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    text = str(value or "")
    return multi_line(text).strip() if name == "DESCRIPTION" else single_line(text)


def _categories(component) -> list[str]:
    names = []
    for prop in _as_list(component.get("CATEGORIES")):
        names.extend(str(item).strip() for item in getattr(prop, "cats", [prop]))
    return list(dict.fromkeys(name for name in names if name))


def _split_location(location: str) -> tuple[str, str]:
    """« Salle Marianne, 20 avenue de Ségur, 75007 Paris » → the name, then the address."""
    head, _, rest = location.partition(",")
    if rest and not re.search(r"\d", head):
        return head.strip(), rest.strip()
    return "", location


class FetchError(Exception):
    """A calendar that could not be fetched; the message is for the person importing."""


def fetch_calendar(
    url: str,
    *,
    timeout: float = TIMEOUT_SECONDS,
    max_bytes: int = MAX_BYTES,
    allow_local: bool = False,
) -> bytes:
    """GET an https:// (or webcal://) address. Addresses of the server's own network are
    refused unless `allow_local` (tests, development), which also allows plain http://."""
    url = check_address(url, allow_local=allow_local)
    opener = urllib.request.build_opener(_CheckedRedirects(allow_local))
    request = urllib.request.Request(
        url, headers={"User-Agent": "agenda-public/ics-import", "Accept": "text/calendar, */*"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length") or "0"
            if length.isdecimal() and int(length) > max_bytes:
                raise FetchError(_too_big(max_bytes))
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"le serveur a répondu « {exc.code} {exc.reason} »") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"adresse injoignable ({reason})") from None
    if len(data) > max_bytes:
        raise FetchError(_too_big(max_bytes))
    return data


def _too_big(max_bytes: int) -> str:
    return f"calendrier trop volumineux (plus de {max_bytes // (1024 * 1024)} Mo)"


def check_address(url: str, *, allow_local: bool) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme == "webcal":
        parts = parts._replace(scheme="https")
    allowed = ("https", "http") if allow_local else ("https",)
    if parts.scheme not in allowed or not parts.hostname:
        raise FetchError("l’adresse doit commencer par https://")
    if not allow_local:
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443)
        except (socket.gaierror, UnicodeError):
            raise FetchError(f"serveur inconnu « {parts.hostname} »") from None
        if any(not ipaddress.ip_address(info[4][0]).is_global for info in infos):
            raise FetchError("adresse d’un réseau interne : refusée")
    return urlunsplit(parts)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Each redirection is checked like the first address."""

    def __init__(self, allow_local: bool) -> None:
        self.allow_local = allow_local

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl, allow_local=self.allow_local)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
