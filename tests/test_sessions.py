"""The session writer's rules (agenda/events/sessions.py), held against the ICS writer: a field
a calendar shows raises SEQUENCE, one it does not show keeps it; slugs, fields and retirement
follow one rule. tests/test_session_writer.py drives the same change through every path."""

import ast
import datetime as dt
import importlib
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.events.lookups import default_programme
from agenda.events.models import PARIS, Event, Format, Place, Session
from agenda.events.sessions import (
    CALENDAR_FIELDS,
    REGISTRANT_FIELDS,
    registrant_state,
    retire_session,
    session_fields,
    write_session,
)
from agenda.events.slugs import free_slug, numbered, slug_for
from agenda.feeds.ics import calendar_for_sessions
from agenda.moderation.organisations import create_organisation
from agenda.registrations import services as registrations
from tests import contributors as t
from tests.conftest import native_session
from tests.html_forms import form_values

pytestmark = pytest.mark.django_db
START = dt.datetime(2027, 3, 27, 10, tzinfo=PARIS)  # the day before summer time


@pytest.fixture
def session(make_event) -> Session:
    """A mixed session with a venue, a public room link and an outside registration link."""
    event = make_event("Atelier des données", organisation="DINUM")
    place = Place.objects.create(name="Salle Marianne", address="20 avenue de Ségur")
    return Session.objects.create(
        event=event,
        starts_at=START,
        ends_at=START + dt.timedelta(hours=2),
        title="Ouvrir ses données",
        attendance_mode=Session.AttendanceMode.MIXED,
        place=place,
        online_url="https://visio.example/salle",
        registration=Session.Registration.EXTERNAL,
        registration_url="https://inscription.example/a",
    )


def vevent(session: Session) -> str:
    """The session's VEVENT as the feeds write it, without what moves on any save."""
    session = Session.objects.select_related("event__organisation", "place").get(pk=session.pk)
    ics = calendar_for_sessions([session], name="x", site_url="https://agenda.example").decode()
    unfolded = ics.replace("\r\n ", "").split("\r\n")
    body = unfolded[unfolded.index("BEGIN:VEVENT") : unfolded.index("END:VEVENT")]
    moving = ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE")
    return "\n".join(line for line in body if not line.startswith(moving))


def other_value(session: Session, name: str):
    """A different value for a field, one the session could hold."""
    if name in ("starts_at", "ends_at"):
        return getattr(session, name) + dt.timedelta(hours=1)
    if name == "event":
        programme = session.event.programme
        return Event.objects.create(
            programme=programme, slug="autre", title="Autre", starts_at=START
        )
    if name == "place":
        return Place.objects.create(name="Salle Lamartine", address="20 avenue de Ségur")
    if name == "registration_closes_at":
        return START - dt.timedelta(days=1)
    values = {
        "has_start_time": False,
        "has_end_time": False,
        "title": "Publier ses données",
        "description": "Apportez votre ordinateur.",
        "accessibility": "Boucle magnétique",
        "registration": Session.Registration.NATIVE,
        "registration_url": "https://inscription.example/b",
        "attendance_mode": Session.AttendanceMode.OFFLINE,  # the room link leaves LOCATION
        "online_url": "https://visio.example/autre",
        "status": Session.Status.POSTPONED,
        "whole_event": True,
        "capacity": 30,
        "waitlist_enabled": False,
        "is_free": True,
        "registration_required": True,
        "status_reason": "Intervenant malade.",
        "position": 4,
        "source_line": 12,
    }
    return values[name]


# Every stored field of a session a write may change but no calendar shows.
NOT_SHOWN = {
    "capacity",
    "waitlist_enabled",
    "registration_closes_at",
    "is_free",
    "registration_required",
    "status_reason",
    "position",
    "source_line",
    "description_html",  # follows `description`
}
# Never written from a source: identity, SEQUENCE itself, timestamps.
OWN = {"id", "uid", "sequence", "updated_at"}


def test_every_session_field_is_either_shown_in_calendars_or_not():
    """A new field on Session must be put on one side: does a calendar show it?"""
    names = {f.name for f in Session._meta.concrete_fields} | {"formats"}
    assert names - OWN == CALENDAR_FIELDS | NOT_SHOWN
    assert not CALENDAR_FIELDS & NOT_SHOWN
    assert set(REGISTRANT_FIELDS) <= CALENDAR_FIELDS


@pytest.mark.parametrize("name", sorted(CALENDAR_FIELDS - {"formats"}))
def test_a_field_a_calendar_shows_changes_the_vevent_and_raises_the_sequence_once(session, name):
    before, value = vevent(session), other_value(session, name)
    written = write_session(session=session, fields={name: value})
    assert (written.changed, written.sequenced) == ({name}, True)
    assert session.sequence == 1 == Session.objects.get(pk=session.pk).sequence
    assert vevent(session) != before
    write_session(session=session, fields={name: value})  # no news
    assert Session.objects.get(pk=session.pk).sequence == 1


def test_new_formats_change_the_categories_and_raise_the_sequence(session):
    before = vevent(session)
    formats = [Format.objects.create(name="Atelier", slug="atelier")]
    assert write_session(session=session, fields={}, formats=formats).sequenced
    assert vevent(session) != before and "CATEGORIES:Atelier" in vevent(session)
    assert Session.objects.get(pk=session.pk).sequence == 1


@pytest.mark.parametrize("name", sorted(NOT_SHOWN - {"description_html"}))
def test_a_field_no_calendar_shows_is_saved_with_the_same_sequence(session, name):
    before = vevent(session)
    value = other_value(session, name)
    written = write_session(session=session, fields={name: value})
    assert (written.action, written.sequenced) == ("updated", False)
    stored = Session.objects.get(pk=session.pk)
    assert (getattr(stored, name), stored.sequence) == (value, 0)
    assert vevent(session) == before


def test_nothing_differs_nothing_is_written(session):
    fields = session_fields(
        start=START.replace(tzinfo=None),
        end=(START + dt.timedelta(hours=2)).replace(tzinfo=None),
        title="Ouvrir ses données",
        attendance_mode="mixed",
        place=session.place,
    )
    with CaptureQueriesContext(connection) as queries:
        written = write_session(session=session, fields=fields)
    assert (written.action, len(queries)) == ("unchanged", 0)


def test_a_new_session_starts_at_sequence_zero_with_its_formats(make_event):
    event = make_event("Forum", sessions=[])
    formats = [Format.objects.create(name="Démo", slug="demo")]
    fields = session_fields(start=dt.datetime(2027, 3, 28, 9), end=None, title="Démo")
    written = write_session(session=Session(event=event), fields=fields, formats=formats)
    stored = Session.objects.get(pk=written.session.pk)
    assert (written.action, stored.sequence, [f.name for f in stored.formats.all()]) == (
        "created",
        0,
        ["Démo"],
    )
    # 09:00 in Paris is 07:00 UTC the day summer time starts (28 March 2027).
    assert (stored.starts_at.astimezone(dt.UTC).hour, stored.ends_at) == (7, None)


def test_session_fields_follow_one_rule_whatever_the_source():
    fields = session_fields(
        start=dt.date(2027, 3, 27),
        end=None,
        title="T" * 600,
        description="**Apportez** un ordinateur.",
        registration=Session.Registration.NATIVE,
        registration_url="https://ailleurs.example",
        capacity=20,
    )
    assert (fields["has_start_time"], fields["starts_at"]) == (
        False,
        dt.datetime(2027, 3, 27, tzinfo=PARIS),
    )
    assert len(fields["title"]) == 500
    assert fields["description_html"] == "<p><strong>Apportez</strong> un ordinateur.</p>\n"
    assert (fields["registration_url"], fields["capacity"], fields["registration_required"]) == (
        "",
        20,
        True,
    )
    external = session_fields(
        registration="external", registration_url="https://a.example", capacity=5
    )
    assert (
        external["registration_url"],
        external["capacity"],
        external["registration_required"],
    ) == (
        "https://a.example",
        None,
        True,
    )
    assert session_fields(registration="none")["registration_required"] is False
    assert "status" not in session_fields(title="x")  # not given: kept as stored
    with pytest.raises(TypeError, match="sequence"):
        session_fields(sequence=3)


def test_a_retired_session_is_deleted_unless_people_registered(make_event):
    alone = native_session(make_event, "Forum", "Seul", capacity=5)
    assert retire_session(session=alone) is None
    assert not Session.objects.filter(pk=alone.pk).exists()

    booked = native_session(make_event, "Forum", "Réservé", capacity=5)
    registrations.register(session=booked, name="A", email="a@example.org", consent=True)
    written = retire_session(session=booked)
    stored = Session.objects.get(pk=booked.pk)
    assert (written.sequenced, stored.status, stored.sequence) == (True, "cancelled", 1)
    assert stored.status_reason == "séance retirée du programme"
    assert retire_session(session=stored).action == "unchanged"  # cancelled once
    assert stored.registrations.count() == 1


def test_a_new_room_link_tells_the_registrants_with_a_new_sequence(
    make_event, smtp_server, django_capture_on_commit_callbacks
):
    session = native_session(make_event, "Forum", "Atelier", capacity=5)
    registrations.register(session=session, name="A", email="a@example.org", consent=True)
    smtp_server.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registrations.configure(
            session=session,
            registration="native",
            capacity=5,
            online_url="https://visio.example/nouvelle-salle",
        )
    (message,) = smtp_server
    assert "Séance modifiée" in str(message["Subject"])
    assert "https://visio.example/nouvelle-salle" in message.get_body(("plain",)).get_content()
    assert Session.objects.get(pk=session.pk).sequence == 1


def test_free_slug_numbers_a_taken_slug_and_keeps_to_the_column(make_event):
    programme = default_programme()
    assert free_slug(programme=programme, text="Atelier données") == "atelier-donnees"
    make_event("x", slug="atelier-donnees")
    make_event("x", slug="atelier-donnees-2")
    assert free_slug(programme=programme, text="Atelier données") == "atelier-donnees-3"
    assert free_slug(programme=programme, text="!!!") == "evenement"
    long = free_slug(programme=programme, text="mot " * 80)
    assert len(long) <= 200 and not long.endswith("-")
    assert slug_for("a" * 199 + " b") == "a" * 199  # cut at the column, no dangling dash


def test_events_and_organisations_number_a_taken_slug_by_the_same_rule(make_event):
    long = "mot-" * 60
    assert numbered("forum", taken=set()) == "forum"
    assert numbered("forum", taken={"forum", "forum-2", "forum-4"}) == "forum-3"
    assert numbered(long, taken={long}) == long[:190].rstrip("-") + "-2"
    make_event("x", slug="forum", organisation="Forum")
    make_event("x", slug="forum-2")
    organisation = create_organisation(
        actor=t.person("admin@example.org", is_staff=True, is_superuser=True), name="Forum !"
    )
    assert free_slug(programme=default_programme(), text="Forum") == "forum-3"
    assert organisation.slug == "forum-2"


def test_the_migration_to_digests_computes_what_the_writer_does(make_event):
    """registrations/0003 copies `registrant_state` as it was: they must agree (change both
    with a new migration if what registrants are told about changes)."""
    migration = importlib.import_module(
        "agenda.registrations.migrations.0003_registrant_state_digest"
    )
    session = native_session(make_event, "Forum", "Atelier", capacity=5)
    session.place = Place.objects.create(name="Salle", address="1 rue A")
    session.save()
    session = Session.objects.select_related("event").get(pk=session.pk)
    assert migration.digest(session) == registrant_state(session)
    cancelled = Event.objects.filter(pk=session.event_id)
    cancelled.update(status=Event.Status.CANCELLED)
    session = Session.objects.select_related("event").get(pk=session.pk)
    assert migration.digest(session) == registrant_state(session)
    assert migration.old_state(session).endswith("|True|cancelled")


@pytest.mark.parametrize("page", ["events_session_change", "events_event_change"])
def test_the_admin_saves_a_new_title_through_the_writer(client, session, page):
    """The session's own change page, and the event's with its sessions inline."""
    client.force_login(t.person("admin@programme.example", is_staff=True, is_superuser=True))
    url = reverse(f"admin:{page}", args=[session.pk if "session" in page else session.event_id])
    data = form_values(client.get(url).content.decode(), page.split("_")[1] + "_form")
    field = next(name for name, value in data.items() if value == "Ouvrir ses données")
    response = client.post(url, {**data, field: "Publier ses données", "_save": "Enregistrer"})
    assert response.status_code == 302
    stored = Session.objects.get(pk=session.pk)
    assert (stored.title, stored.sequence) == ("Publier ses données", 1)
    assert stored.description_html == ""


def test_only_the_writer_sets_a_sessions_sequence():
    """No module but events/sessions.py assigns `sequence` or passes it to `update()`: a rule
    written twice drifts."""
    root = Path(__file__).resolve().parents[1] / "agenda"
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path == root / "events" / "sessions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            copied = isinstance(getattr(node, "value", None), ast.Attribute) and (
                node.value.attr == "sequence"
            )
            if isinstance(node, ast.Assign) and not copied:  # a copy of a stored value is no rule
                targets = node.targets
            elif isinstance(node, ast.AugAssign | ast.AnnAssign):
                targets = [node.target]
            names = [t.attr for t in targets if isinstance(t, ast.Attribute)]
            if isinstance(node, ast.Call):
                names += [k.arg for k in node.keywords]
            if "sequence" in names:
                found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert found == []
