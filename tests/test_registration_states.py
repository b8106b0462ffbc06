"""Registration states (open, closed, full, waitlist, past, cancelled) come from one rule,
events/seats.py, and read the same on the agenda's cards, the event page, the contributor
space's preview, the JSON-LD and the registration form."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.events.models import Event, Session
from agenda.events.seats import CONFIRMED, Kind, registration_state
from agenda.registrations import services
from agenda.registrations.models import Registration
from tests.conftest import native_session, paris, soon

pytestmark = pytest.mark.django_db


def fill(session: Session, count: int) -> None:
    for n in range(count):
        Registration.objects.create(
            session=session, name=f"P{n}", email=f"p{n}@ex.org", state=CONFIRMED
        )


def test_the_seats_rule_counts_the_registrations_own_confirmed_state():
    assert CONFIRMED == Registration.State.CONFIRMED


def test_a_session_with_seats_left_is_open(make_event):
    session = native_session(make_event, "Forum", "Atelier", capacity=3)

    state = registration_state(session, confirmed=1)

    assert state.kind == Kind.OPEN and state.seats_left == 2 and state.takes_registrations


def test_a_full_session_is_full_or_takes_the_waitlist(make_event):
    session = native_session(make_event, "Forum", "Atelier", capacity=2)

    assert registration_state(session, confirmed=2).kind == Kind.WAITLIST
    session.waitlist_enabled = False
    assert registration_state(session, confirmed=2).kind == Kind.FULL


def test_closing_date_start_and_end_close_registration(make_event):
    session = native_session(make_event, "Forum", "Atelier", capacity=5)
    session.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    assert registration_state(session).kind == Kind.CLOSED

    session.registration_closes_at = None
    during = session.starts_at + dt.timedelta(minutes=30)
    assert registration_state(session, now=during).kind == Kind.CLOSED
    after = session.ends_at + dt.timedelta(minutes=1)
    assert registration_state(session, now=after).kind == Kind.PAST


def test_a_date_without_time_is_past_only_once_its_day_is_over(make_event):
    event = make_event(
        "Expo", start=paris(2030, 5, 4), sessions=[(paris(2030, 5, 4), None, "Expo", {})]
    )
    session = event.sessions.get()
    session.has_start_time = False

    assert registration_state(session, now=paris(2030, 5, 4, 23, 59)).kind != Kind.PAST
    assert registration_state(session, now=paris(2030, 5, 5, 0, 0)).kind == Kind.PAST


def untimed_end_session(make_event, start: dt.datetime) -> Session:
    """A session with a start time and no end."""
    event = make_event("Forum", start=start, sessions=[(start, None, "Atelier", {})])
    return event.sessions.get()


def test_a_start_time_without_an_end_is_past_only_once_its_paris_day_is_over(make_event):
    session = untimed_end_session(make_event, paris(2030, 5, 4, 10, 0))

    assert registration_state(session, now=paris(2030, 5, 4, 15, 0)).kind == Kind.NONE
    assert registration_state(session, now=paris(2030, 5, 4, 23, 59)).kind == Kind.NONE
    assert registration_state(session, now=paris(2030, 5, 5, 0, 0)).kind == Kind.PAST


@pytest.mark.parametrize(
    "start, last_minute_utc",
    [
        # Spring forward: 31 March 2030 has 23 hours, its midnight is 22:00 UTC (+02:00).
        (paris(2030, 3, 31, 1, 30), dt.datetime(2030, 3, 31, 21, 59, tzinfo=dt.UTC)),
        # Fall back: 27 October 2030 has 25 hours, its midnight is 23:00 UTC (+01:00).
        (paris(2030, 10, 27, 0, 30), dt.datetime(2030, 10, 27, 22, 59, tzinfo=dt.UTC)),
    ],
)
def test_a_start_without_an_end_on_a_dst_change_day_ends_at_the_paris_midnight(
    make_event, start, last_minute_utc
):
    session = untimed_end_session(make_event, start)

    assert registration_state(session, now=last_minute_utc).kind == Kind.NONE
    after = last_minute_utc + dt.timedelta(minutes=1)
    assert registration_state(session, now=after).kind == Kind.PAST


def test_a_session_begun_this_morning_without_an_end_is_not_passee_in_the_agenda(
    client, make_event, monkeypatch
):
    afternoon = paris(2030, 5, 4, 15, 0)
    monkeypatch.setattr(timezone, "now", lambda: afternoon)
    untimed_end_session(make_event, paris(2030, 5, 4, 10, 0))

    html = client.get("/").content.decode()

    today = html[html.index('id="jour-2030-05-04"') :]
    assert "Atelier" in today
    assert "Passée" not in today


def test_an_unpublished_event_is_closed_except_in_its_preview(make_event):
    session = native_session(make_event, "Forum", "Atelier", capacity=5)
    Event.objects.filter(pk=session.event_id).update(status=Event.Status.SUBMITTED)
    session.event.status = Event.Status.SUBMITTED

    assert registration_state(session).kind == Kind.CLOSED
    assert registration_state(session, preview=True).kind == Kind.OPEN


def test_cancelled_external_and_no_registration(make_event):
    event = make_event(
        "Forum",
        sessions=[
            (soon(3), None, "Externe", {"registration_url": "https://ex.org/i"}),
            (soon(3), None, "Libre", {}),
            (soon(3), None, "Annulée", {"status": Session.Status.CANCELLED}),
        ],
    )
    external, free, cancelled = event.sessions.order_by("position")

    assert registration_state(external).kind == Kind.EXTERNAL
    assert registration_state(free).kind == Kind.NONE
    assert registration_state(cancelled).kind == Kind.CANCELLED


def test_the_registration_form_refuses_what_the_rule_calls_past(make_event):
    session = native_session(make_event, "Forum", "Atelier", capacity=5)
    later = session.ends_at + dt.timedelta(days=1)

    with pytest.raises(services.Closed, match="passée"):
        services.register(session=session, name="A", email="a@ex.org", consent=True, now=later)


def test_the_agenda_cards_show_seats_left_and_full(client, make_event):
    roomy = native_session(make_event, "Forum", "Atelier ouvert", capacity=5)
    full = native_session(make_event, "Forum bis", "Atelier plein", capacity=2)
    fill(roomy, 2)
    fill(full, 2)
    Session.objects.filter(pk=full.pk).update(waitlist_enabled=False)

    html = client.get("/").content.decode()

    roomy_card = html[html.index("Atelier ouvert") : html.index("Atelier ouvert") + 2500]
    full_card = html[html.index("Atelier plein") : html.index("Atelier plein") + 2500]
    assert "3\u00a0places restantes" in roomy_card.split("agenda-card")[0]
    assert ">Complet</p>" in full_card.split("agenda-card")[0]


def test_one_seat_left_is_singular(client, make_event):
    session = native_session(make_event, "Forum", "Dernière place", capacity=3)
    fill(session, 2)

    html = client.get(session.event.get_absolute_url()).content.decode()

    assert "1\u00a0place restante<" in html


def test_a_past_session_is_marked_past_without_a_registration_link(client, make_event):
    event = make_event(
        "Cycle",
        start=soon(-3),
        end=soon(5),
        sessions=[
            (soon(-3), soon(-3, 16), "Séance d’hier", {"registration_url": "https://ex.org/a"}),
            (soon(5), soon(5, 16), "Séance à venir", {"registration_url": "https://ex.org/b"}),
        ],
    )
    html = client.get(event.get_absolute_url()).content.decode()
    html = html[html.index('id="programme"') :]

    past = html[html.index("Séance d’hier") : html.index("Séance à venir")]
    upcoming = html[html.index("Séance à venir") :]
    assert "Passée" in past and "https://ex.org/a" not in past and "S’inscrire" not in past
    assert 'href="https://ex.org/b"' in upcoming and "Passée" not in upcoming


def test_the_preview_of_a_submitted_event_shows_its_registration_open(client, make_event):
    from tests import contributors as t

    session = native_session(make_event, "Forum", "Atelier", capacity=4)
    Event.objects.filter(pk=session.event_id).update(status=Event.Status.SUBMITTED)
    client.force_login(
        t.person("camille@ditp.example", role="organiser", of=t.organisation("DINUM"))
    )

    url = reverse("space_event_preview", kwargs={"pk": session.event_id})
    html = client.get(url).content.decode()

    assert "Inscriptions ouvertes" in html and "4\u00a0places restantes" in html
    assert "Inscriptions closes" not in html


def test_the_event_page_and_its_json_ld_agree_on_full(client, make_event):
    session = native_session(make_event, "Forum", "Atelier", capacity=1)
    Session.objects.filter(pk=session.pk).update(waitlist_enabled=False, is_free=True)
    fill(session, 1)

    html = client.get(session.event.get_absolute_url()).content.decode()

    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert ">Complet</p>" in html and "S’inscrire" not in html.split("agenda-actions")[1]
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"
    assert data["subEvent"][0]["offers"]["availability"] == "https://schema.org/SoldOut"


def count_queries(client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_agenda_counts_every_cards_seats_in_one_query(client, make_event):
    for n in range(2):
        fill(native_session(make_event, f"Forum {n}", f"Atelier {n}", capacity=9, days=3 + n), 1)
    with_two = count_queries(client, "/")
    for n in range(2, 12):
        fill(native_session(make_event, f"Forum {n}", f"Atelier {n}", capacity=9, days=3 + n), 1)
    with_twelve = count_queries(client, "/")

    assert with_two == with_twelve
    assert client.get("/").content.decode().count("8\u00a0places restantes") == 12
