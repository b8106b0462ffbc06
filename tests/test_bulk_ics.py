"""ICS import: time zones, all-day events, cancellations, recurrences; fetching by address."""

import datetime as dt
import http.server
import threading

import pytest

from agenda.events.models import Audience, Event, Organisation, Session
from agenda.exchange.bulk import import_calendar
from agenda.exchange.ics_import import FetchError, check_address, fetch_calendar, parse_calendar

NOW = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)
VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""
EVENTS = {
    "paris": """UID:paris@test
SUMMARY:Atelier à l’heure d’hiver
DTSTART;TZID=Europe/Paris:20261025T100000
DTEND;TZID=Europe/Paris:20261025T113000
LOCATION:Salle Marianne\\, 20 avenue de Ségur\\, 75007 Paris
URL:https://example.org/atelier
CATEGORIES:Atelier,Démo
DESCRIPTION:Apportez votre ordinateur.""",
    "utc": """UID:utc@test
SUMMARY:Webinaire à l’heure d’été
DTSTART:20260329T080000Z
DURATION:PT1H
LOCATION:https://visio.example.org/webinaire""",
    "day": """UID:day@test
SUMMARY:Salon
DTSTART;VALUE=DATE:20261110
DTEND;VALUE=DATE:20261112""",
    "cancelled": """UID:off@test
SUMMARY:Conférence annulée
STATUS:CANCELLED
DTSTART;TZID=Europe/Paris:20261201T140000
DTEND;TZID=Europe/Paris:20261201T150000""",
    "weekly": """UID:weekly@test
SUMMARY:Permanence
DTSTART;TZID=Europe/Paris:20261020T100000
DTEND;TZID=Europe/Paris:20261020T110000
RRULE:FREQ=WEEKLY;COUNT=6
EXDATE;TZID=Europe/Paris:20261103T100000""",
    "moved": """UID:weekly@test
RECURRENCE-ID;TZID=Europe/Paris:20261027T100000
SUMMARY:Permanence de l’après-midi
DTSTART;TZID=Europe/Paris:20261027T140000
DTEND;TZID=Europe/Paris:20261027T150000""",
}


def calendar(*names: str, **replace: str) -> bytes:
    blocks = []
    for name in names:
        text = EVENTS[name]
        for old, new in replace.items():
            text = text.replace(old, new)
        blocks.append(f"BEGIN:VEVENT\n{text}\nEND:VEVENT")
    body = "\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//FR", VTIMEZONE, *blocks])
    return (body + "\nEND:VCALENDAR\n").replace("\n", "\r\n").encode("utf-8")


@pytest.fixture
def dinum(db):
    return Organisation.objects.create(name="DINUM", slug="dinum")


def run(organisation, data: bytes):
    return import_calendar(data, filename="agenda.ics", organisation=organisation, now=NOW)


def utc(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M") if moment else ""


def test_tzid_utc_and_all_day_vevents_become_paris_wall_clock_sessions():
    sessions, problems = parse_calendar(calendar("paris", "utc", "day"), path="agenda.ics", now=NOW)
    assert problems == []
    paris, webinar, day = sessions
    assert (paris.key, paris.event_key, paris.event_title) == (
        "paris@test",
        "uid:paris@test",
        "Atelier à l’heure d’hiver",
    )
    assert (paris.start, paris.end) == (
        dt.datetime(2026, 10, 25, 10),
        dt.datetime(2026, 10, 25, 11, 30),
    )
    assert (paris.place_name, paris.address, paris.formats) == (
        "Salle Marianne",
        "20 avenue de Ségur, 75007 Paris",
        ["Atelier", "Démo"],
    )
    assert paris.description == (
        "Apportez votre ordinateur.\n\nPlus d’informations : <https://example.org/atelier>"
    )
    assert (webinar.start, webinar.end) == (
        dt.datetime(2026, 3, 29, 10),
        dt.datetime(2026, 3, 29, 11),
    )
    assert (webinar.mode, webinar.online_url) == ("online", "https://visio.example.org/webinaire")
    assert (day.start, day.end) == (dt.date(2026, 11, 10), dt.date(2026, 11, 11))
    assert [s.line for s in sessions] == [21, 31, 38]  # their BEGIN:VEVENT


def test_imported_vevents_are_stored_at_the_right_utc_across_changes_of_time(dinum):
    report = run(dinum, calendar("paris", "utc", "day"))
    assert report.ok and report.counts["created"] == 3
    assert Event.objects.filter(status=Event.Status.DRAFT, organisation=dinum).count() == 3
    paris = Session.objects.get(event__title="Atelier à l’heure d’hiver")
    assert (utc(paris.starts_at), utc(paris.ends_at)) == ("2026-10-25 09:00", "2026-10-25 10:30")
    webinar = Session.objects.get(event__title="Webinaire à l’heure d’été")
    assert utc(webinar.starts_at) == "2026-03-29 08:00"
    day = Session.objects.get(event__title="Salon")
    assert (day.has_start_time, day.start, day.end) == (
        False,
        dt.date(2026, 11, 10),
        dt.date(2026, 11, 11),
    )


def test_categories_naming_an_audience_become_the_events_audience_the_others_formats(dinum):
    Audience.objects.create(name="Agents publics", slug="agents-publics")
    Audience.objects.create(name="Élus", slug="elus")
    data = calendar(
        "paris", **{"CATEGORIES:Atelier,Démo": "CATEGORIES:Atelier,élus,AGENTS  PUBLICS"}
    )
    report = run(dinum, data)
    assert report.ok and report.counts["created"] == 1
    event = Event.objects.get(title="Atelier à l’heure d’hiver")
    assert sorted(event.audiences.values_list("slug", flat=True)) == ["agents-publics", "elus"]
    assert list(event.sessions.get().formats.values_list("name", flat=True)) == ["Atelier"]
    assert Audience.objects.count() == 2  # the agenda's own names, no new audience


def test_without_known_audiences_every_category_stays_a_format():
    sessions, _ = parse_calendar(
        calendar("paris", **{"Démo": "Élus"}), path="a.ics", now=NOW, audiences=["Agents publics"]
    )
    assert (sessions[0].formats, sessions[0].audiences) == (["Atelier", "Élus"], [])


def test_a_cancelled_vevent_cancels_its_session_and_a_confirmed_one_schedules_it_again(dinum):
    run(dinum, calendar("cancelled"))
    session = Session.objects.get()
    assert (session.status, session.sequence) == (Session.Status.CANCELLED, 0)
    run(dinum, calendar("cancelled", **{"STATUS:CANCELLED": "STATUS:CONFIRMED"}))
    session.refresh_from_db()
    assert (session.status, session.sequence) == (Session.Status.SCHEDULED, 1)


def test_an_rrule_gives_one_session_an_occurrence_without_its_exdate_and_with_its_moved_one(dinum):
    report = run(dinum, calendar("weekly", "moved"))
    assert report.ok
    (event,) = Event.objects.all()
    assert event.title == "Permanence"
    sessions = list(event.sessions.order_by("starts_at"))
    assert [utc(s.starts_at) for s in sessions] == [
        "2026-10-20 08:00",
        "2026-10-27 13:00",
        "2026-11-10 09:00",
        "2026-11-17 09:00",
        "2026-11-24 09:00",
    ]
    assert [s.title for s in sessions[:2]] == ["", "Permanence de l’après-midi"]
    assert [utc(s.ends_at) for s in sessions[2:3]] == ["2026-11-10 10:00"]


def test_an_endless_rrule_is_cut_at_twelve_months_and_at_a_hundred_occurrences():
    monthly = calendar(
        "weekly",
        **{"RRULE:FREQ=WEEKLY;COUNT=6": "RRULE:FREQ=MONTHLY", "20261020T": "20250115T"},
    )
    sessions, problems = parse_calendar(monthly, path="agenda.ics", now=NOW)
    assert problems == []
    assert [s.start.date() for s in sessions][:2] == [dt.date(2026, 9, 15), dt.date(2026, 10, 15)]
    assert sessions[-1].start == dt.datetime(2027, 8, 15, 10)
    assert len(sessions) == 12
    daily = calendar("weekly", **{"RRULE:FREQ=WEEKLY;COUNT=6": "RRULE:FREQ=DAILY"})
    sessions, problems = parse_calendar(daily, path="agenda.ics", now=NOW)
    assert len(sessions) == 100
    assert [(p.code, p.severity) for p in problems] == [("too-many-occurrences", "warning")]


def test_importing_the_calendar_again_is_idempotent_and_a_changed_vevent_raises_its_sequence(
    dinum,
):
    data = calendar("paris", "weekly", "moved", "cancelled")
    run(dinum, data)
    before = sorted((str(s.uid), s.sequence) for s in Session.objects.all())
    again = run(dinum, data)
    assert again.counts == {"created": 0, "updated": 0, "unchanged": 7}
    assert sorted((str(s.uid), s.sequence) for s in Session.objects.all()) == before
    uid = Session.objects.get(event__title="Atelier à l’heure d’hiver").uid
    changed = calendar("paris", "weekly", "moved", "cancelled", **{"T113000": "T120000"})
    assert run(dinum, changed).counts == {"created": 0, "updated": 1, "unchanged": 6}
    session = Session.objects.get(uid=uid)
    assert (utc(session.ends_at), session.sequence) == ("2026-10-25 11:00", 1)


def test_broken_vevents_are_reported_on_their_line_and_the_others_kept():
    data = calendar("paris", "utc", **{"UID:utc@test": "X-NO-UID:1", "SUMMARY:Atelier": "X:1"})
    sessions, problems = parse_calendar(data, path="agenda.ics", now=NOW)
    assert sessions == []
    assert [(p.line, p.field, p.code) for p in problems] == [
        (21, "SUMMARY", "missing-title"),
        (31, "UID", "missing-uid"),
    ]
    _, problems = parse_calendar(b"not a calendar", path="x.ics", now=NOW)
    assert [p.code for p in problems] == ["ics-syntax"]


@pytest.fixture
def http_server():
    """A local web server (127.0.0.1, a free port) serving `files` {path: bytes}."""
    files: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/calendar; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", files
    finally:
        server.shutdown()
        server.server_close()


def test_a_calendar_is_fetched_from_a_local_web_server_within_a_size_limit(http_server):
    base, files = http_server
    files["/agenda.ics"] = calendar("paris")
    assert fetch_calendar(f"{base}/agenda.ics", allow_local=True) == files["/agenda.ics"]
    with pytest.raises(FetchError, match="trop volumineux"):
        fetch_calendar(f"{base}/agenda.ics", allow_local=True, max_bytes=100)
    with pytest.raises(FetchError, match="404"):
        fetch_calendar(f"{base}/absent.ics", allow_local=True)


def test_only_https_addresses_outside_the_servers_network_are_fetched_in_production():
    with pytest.raises(FetchError, match="https://"):
        check_address("http://example.org/agenda.ics", allow_local=False)
    with pytest.raises(FetchError, match="réseau interne"):
        check_address("https://127.0.0.1/agenda.ics", allow_local=False)
    with pytest.raises(FetchError, match="https://"):
        check_address("file:///etc/passwd", allow_local=True)
    assert check_address("webcal://127.0.0.1/a.ics", allow_local=True) == "https://127.0.0.1/a.ics"
