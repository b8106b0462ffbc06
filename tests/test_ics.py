"""The ICS export, read back with icalendar and with Mozilla's ical.js (an independent parser)."""

import datetime as dt
import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from icalendar import Calendar

from agenda.events.models import PARIS, Organisation, Place, Session
from agenda.events.page_sessions import sync_sessions
from agenda.feeds.ics import calendar_for_sessions

ROOT = Path(__file__).resolve().parents[1]
VALIDATOR = ROOT / "tests" / "js" / "validate_ics.js"
SITE = "https://agenda.example.fr"
UTC = dt.UTC
IN_CI = os.environ.get("CI", "").lower() == "true"


def paris(*args: int) -> dt.datetime:
    # A copy of conftest's helper: importing it depends on whether tests/ is a package.
    return dt.datetime(*args, tzinfo=PARIS)


def ics(sessions, name: str = "Agenda") -> bytes:
    return calendar_for_sessions(list(sessions), name=name, site_url=SITE)


def vevents(body: bytes) -> list:
    return Calendar.from_ical(body).walk("VEVENT")


def by_summary(body: bytes) -> dict:
    return {str(v["SUMMARY"]): v for v in vevents(body)}


def node_with_ical_js() -> str:
    """The node executable; skip (fail in CI, where they must be) when node or ical.js is absent."""
    node = shutil.which("node")
    if node is None:
        missing = "node is not installed"
    elif not (ROOT / "node_modules" / "ical.js").exists():
        missing = "node_modules/ical.js is missing (run `npm install`)"
    else:
        return node
    if IN_CI:
        pytest.fail(missing)
    pytest.skip(missing)


def run_validator(body: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(
        [node_with_ical_js(), str(VALIDATOR)], input=body, capture_output=True, cwd=ROOT, timeout=60
    )


def ical_js(body: bytes) -> list[dict]:
    """VEVENTs as ical.js sees them."""
    result = run_validator(body)
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


@pytest.fixture
def calendar_event(make_event):
    organisation = Organisation.objects.create(
        name="DINUM", slug="dinum", website="https://www.numerique.gouv.fr"
    )
    place = Place.objects.create(
        name="Ségur", address="20 avenue de Ségur", postcode="75007", city="Paris"
    )
    event = make_event(
        "Mois de l’innovation",
        start=paris(2023, 11, 3, 16, 15),
        chapeau="Un **mois** de [rencontres](https://example.org).",
        place=place,
        sessions=[
            (paris(2023, 11, 3, 16, 15), paris(2023, 11, 3, 18, 15), "Ouverture",
             {"formats": ["Table ronde"], "registration_url": "https://inscription.example"}),
            (paris(2023, 10, 29, 10), paris(2023, 10, 29, 11), "Changement d’heure d’hiver"),
            (paris(2024, 3, 31, 10), paris(2024, 3, 31, 11), "Changement d’heure d’été"),
            (paris(2023, 11, 6, 9), None, "Sans fin",
             {"status": Session.Status.CANCELLED, "attendance_mode": "online",
              "online_url": "https://visio.example/salle"}),
            (paris(2023, 11, 7, 14), paris(2023, 11, 7, 15), "Reportée",
             {"status": Session.Status.POSTPONED}),
        ],
    )  # fmt: skip
    event.organisation = organisation
    event.save()
    return event


def test_the_calendar_declares_publish_method_name_and_paris_timezone(calendar_event):
    calendar = Calendar.from_ical(ics(calendar_event.sessions.all(), name="Mois"))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Mois"
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"
    assert "agenda.example.fr" in str(calendar["PRODID"])
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_an_empty_calendar_still_parses_and_has_its_timezone():
    calendar = Calendar.from_ical(ics([]))
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_dtstart_keeps_16h15_paris_time_with_a_winter_offset(calendar_event):
    vevent = by_summary(ics(calendar_event.sessions.all()))["Ouverture — Mois de l’innovation"]
    start = vevent["DTSTART"]
    assert start.params["TZID"] == "Europe/Paris"
    assert start.dt.replace(tzinfo=None) == dt.datetime(2023, 11, 3, 16, 15)
    assert start.dt.utcoffset() == dt.timedelta(hours=1)
    assert vevent["DTEND"].dt.astimezone(UTC) == dt.datetime(2023, 11, 3, 17, 15, tzinfo=UTC)


def test_sessions_on_dst_change_days_convert_to_the_right_utc_instant(calendar_event):
    events = by_summary(ics(calendar_event.sessions.all()))
    winter = events["Changement d’heure d’hiver — Mois de l’innovation"]["DTSTART"].dt
    summer = events["Changement d’heure d’été — Mois de l’innovation"]["DTSTART"].dt
    assert winter.astimezone(UTC) == dt.datetime(2023, 10, 29, 9, 0, tzinfo=UTC)
    assert summer.astimezone(UTC) == dt.datetime(2024, 3, 31, 8, 0, tzinfo=UTC)


def test_uid_is_the_session_uuid_at_the_site_host(calendar_event):
    session = calendar_event.sessions.get(title="Ouverture")
    vevent = by_summary(ics([session]))["Ouverture — Mois de l’innovation"]
    assert str(vevent["UID"]) == f"{session.uid}@agenda.example.fr"
    assert vevent["SEQUENCE"] == 0


def test_cancelled_and_postponed_sessions_carry_their_status(calendar_event):
    statuses = {
        summary: str(v["STATUS"])
        for summary, v in by_summary(ics(calendar_event.sessions.all())).items()
    }
    assert statuses["Sans fin — Mois de l’innovation"] == "CANCELLED"
    assert statuses["Reportée — Mois de l’innovation"] == "TENTATIVE"
    assert statuses["Ouverture — Mois de l’innovation"] == "CONFIRMED"


def test_a_session_without_end_has_no_dtend_rather_than_a_zero_duration(calendar_event):
    vevent = by_summary(ics(calendar_event.sessions.all()))["Sans fin — Mois de l’innovation"]
    assert "DTEND" not in vevent
    assert "DURATION" not in vevent


def test_an_all_day_session_is_a_date_with_an_exclusive_end(make_event):
    event = make_event("Salon", start=paris(2023, 11, 14))
    Session.objects.filter(event=event).update(
        starts_at=paris(2023, 11, 14), ends_at=paris(2023, 11, 15),
        has_start_time=False, has_end_time=False,
    )  # fmt: skip
    body = ics(event.sessions.all())
    vevent = vevents(body)[0]
    assert vevent["DTSTART"].dt == dt.date(2023, 11, 14)
    assert vevent["DTEND"].dt == dt.date(2023, 11, 16)
    assert b"DTSTART;VALUE=DATE:20231114" in body
    assert b"DTEND;VALUE=DATE:20231116" in body


def test_a_one_day_session_without_time_ends_the_next_day(make_event):
    event = make_event("Journée", start=paris(2023, 11, 14))
    Session.objects.filter(event=event).update(
        starts_at=paris(2023, 11, 14), ends_at=paris(2023, 11, 14),
        has_start_time=False, has_end_time=False,
    )  # fmt: skip
    vevent = vevents(ics(event.sessions.all()))[0]
    assert (vevent["DTSTART"].dt, vevent["DTEND"].dt) == (
        dt.date(2023, 11, 14),
        dt.date(2023, 11, 15),
    )


def test_summary_location_url_categories_and_organizer_describe_the_session(calendar_event):
    session = calendar_event.sessions.get(title="Ouverture")
    vevent = vevents(ics([session]))[0]
    assert str(vevent["LOCATION"]) == "Ségur, 20 avenue de Ségur, 75007 Paris"
    url = f"{SITE}/evenements/{calendar_event.slug}/#{session.anchor}"
    assert str(vevent["URL"]) == url
    assert [str(c) for c in vevent["CATEGORIES"].cats] == ["Table ronde"]
    assert str(vevent["ORGANIZER"]) == "https://www.numerique.gouv.fr"
    assert vevent["ORGANIZER"].params["CN"] == "DINUM"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("Un mois de rencontres.")
    assert "Inscription : https://inscription.example" in description
    assert url in description


def test_an_online_session_is_located_at_its_link(calendar_event):
    session = calendar_event.sessions.get(title="Sans fin")
    assert str(vevents(ics([session]))[0]["LOCATION"]) == "https://visio.example/salle"


def test_the_whole_event_session_is_titled_by_the_event_and_links_the_page(make_event):
    event = make_event("Hackathon", start=paris(2023, 11, 20, 9), end=paris(2023, 11, 20, 18))
    vevent = vevents(ics(event.sessions.all()))[0]
    assert str(vevent["SUMMARY"]) == "Hackathon"
    assert str(vevent["URL"]) == f"{SITE}/evenements/{event.slug}/"


@dataclass
class Parsed:
    """The attributes `sync_sessions` reads from a parsed programme line."""

    start: dt.datetime
    end: dt.datetime | None
    title: str
    description: str = ""
    labels: list[str] = field(default_factory=list)
    place_lines: list[str] = field(default_factory=list)
    accessibility: list[str] = field(default_factory=list)
    is_free: bool | None = None
    registration_url: str = ""
    registration_required: bool = False
    line: int = 1


def test_uid_stays_and_sequence_rises_when_a_reimport_changes_the_title(make_event):
    start, end = dt.datetime(2023, 11, 3, 16, 15), dt.datetime(2023, 11, 3, 18, 15)
    event = make_event("Atelier", sessions=[(paris(2023, 11, 3, 16, 15), None, "Avant")])
    sync = {"event": event, "event_mode": "offline", "event_place": None}
    sync_sessions(parsed_sessions=[Parsed(start, end, "Avant")], **sync)
    first = vevents(ics(event.sessions.all()))[0]
    sync_sessions(parsed_sessions=[Parsed(start, end, "Après")], **sync)
    second = vevents(ics(event.sessions.all()))[0]
    assert str(second["UID"]) == str(first["UID"])
    assert second["SEQUENCE"] > first["SEQUENCE"]
    assert str(second["SUMMARY"]) == "Après — Atelier"


def test_the_same_data_gives_the_same_bytes(calendar_event):
    assert ics(calendar_event.sessions.all()) == ics(calendar_event.sessions.all())


def test_ical_js_reads_uids_times_zones_statuses_and_sequences(calendar_event):
    session = calendar_event.sessions.get(title="Ouverture")
    Session.objects.filter(pk=session.pk).update(sequence=3)
    parsed = {e["summary"]: e for e in ical_js(ics(calendar_event.sessions.all()))}
    opening = parsed["Ouverture — Mois de l’innovation"]
    assert opening["uid"] == f"{session.uid}@agenda.example.fr"
    assert opening["start"] == "2023-11-03T16:15:00"
    assert opening["tz"] == "Europe/Paris"
    assert opening["sequence"] == 3
    assert opening["status"] == "CONFIRMED"
    assert parsed["Sans fin — Mois de l’innovation"]["status"] == "CANCELLED"
    assert parsed["Sans fin — Mois de l’innovation"]["end"] is None


def test_ical_js_converts_dst_change_days_with_the_calendar_vtimezone(calendar_event):
    parsed = {e["summary"]: e for e in ical_js(ics(calendar_event.sessions.all()))}
    winter = parsed["Changement d’heure d’hiver — Mois de l’innovation"]["start_utc"]
    summer = parsed["Changement d’heure d’été — Mois de l’innovation"]["start_utc"]
    assert winter == dt.datetime(2023, 10, 29, 9, tzinfo=UTC).timestamp()
    assert summer == dt.datetime(2024, 3, 31, 8, tzinfo=UTC).timestamp()
    assert (
        parsed["Ouverture — Mois de l’innovation"]["start_utc"]
        == dt.datetime(2023, 11, 3, 15, 15, tzinfo=UTC).timestamp()
    )


def test_ical_js_agrees_with_zoneinfo_around_every_clock_change_from_2020_to_2037(make_event):
    """ical.js converts with the VTIMEZONE we publish; Python with the tz database."""
    moments = []
    for year in range(2020, 2038):
        for month, day in ((3, 31), (10, 31)):
            last_sunday = day - (dt.date(year, month, day).weekday() + 1) % 7
            moments += [paris(year, month, last_sunday, 1, 30), paris(year, month, last_sunday, 4)]
        moments.append(paris(year, 7, 14, 10))
    event = make_event("Horloge", sessions=[(m, None, m.isoformat()) for m in moments])
    parsed = ical_js(ics(event.sessions.all()))
    assert {e["summary"].split(" — ")[0]: e["start_utc"] for e in parsed} == {
        m.isoformat(): m.timestamp() for m in moments
    }


def test_ical_js_reads_all_day_sessions_as_dates(make_event):
    event = make_event("Salon", start=paris(2023, 11, 14))
    Session.objects.filter(event=event).update(has_start_time=False, ends_at=None)
    (parsed,) = ical_js(ics(event.sessions.all()))
    assert parsed["is_date"] is True
    assert parsed["start"] == "2023-11-14"


def test_the_validator_rejects_what_is_not_a_calendar():
    assert run_validator(b"not a calendar").returncode == 1
