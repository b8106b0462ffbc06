"""What the public sees of moderation: a cancelled event stays on its page, in the agenda and
in the feeds, marked cancelled with its reason; a session's change of status says why."""

import datetime as dt
import json
import re

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar

from agenda.events.models import PARIS, Event, Session
from agenda.moderation import services
from tests import contributors as t

pytestmark = pytest.mark.django_db


def soon(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def moderator():
    return t.person("modo@programme.example", role="moderator", of=t.organisation("Programme"))


@pytest.fixture
def forum(make_event):
    return make_event(
        "Forum des territoires",
        start=soon(5, 9),
        end=soon(6, 18),
        organisation="DITP",
        sessions=[
            (soon(5, 9), soon(5, 12), "Plénière", {}),
            (soon(6, 14), soon(6, 17), "Ateliers", {}),
        ],
    )


def vevents(response) -> list:
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_cancelled_event_stays_public_marked_cancelled_everywhere(client, forum, moderator):
    services.cancel_event(actor=moderator, event=forum, reason="Salle réquisitionnée.")

    page = client.get(forum.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Événement annulé" in html and "Salle réquisitionnée." in html
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', html, re.S)[1])
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert {s["eventStatus"] for s in data["subEvent"]} == {"https://schema.org/EventCancelled"}

    for url in (f"/evenements/{forum.slug}.ics", "/agenda.ics", "/organisations/ditp.ics"):
        events = vevents(client.get(url))
        assert len(events) == 2, url
        assert {str(v["STATUS"]) for v in events} == {"CANCELLED"}
        assert {int(v["SEQUENCE"]) for v in events} == {1}
    session = forum.sessions.first()
    assert str(vevents(client.get(f"/seances/{session.uid}.ics"))[0]["STATUS"]) == "CANCELLED"

    home = client.get("/").content.decode()
    assert "Plénière" in home and "Annulée" in home
    feed = feedparser.parse(client.get("/flux.atom").content)
    assert [entry.title for entry in feed.entries] == ["Annulé : Forum des territoires"]


def test_the_cancellation_reason_is_not_repeated_on_each_session(client, forum, moderator):
    services.cancel_event(actor=moderator, event=forum, reason="Salle réquisitionnée.")

    html = client.get(forum.get_absolute_url()).content.decode()

    assert html.count("Salle réquisitionnée.") == 1
    assert all(s.status == "cancelled" for s in forum.sessions.all())


def test_a_session_postponed_or_moved_online_says_why(client, forum):
    plenary, workshops = forum.sessions.order_by("starts_at")
    Session.objects.filter(pk=plenary.pk).update(
        status=Session.Status.POSTPONED, status_reason="Reportée au printemps."
    )
    Session.objects.filter(pk=workshops.pk).update(
        status=Session.Status.MOVED_ONLINE, status_reason="Lien envoyé aux inscrits."
    )

    html = client.get(forum.get_absolute_url()).content.decode()

    assert "Reportée&nbsp;:</strong> Reportée au printemps." in html
    assert "Passée en ligne&nbsp;:</strong> Lien envoyé aux inscrits." in html


@pytest.mark.parametrize("status", ["draft", "submitted", "changes_requested"])
def test_unpublished_events_are_nowhere_public(client, make_event, status):
    event = make_event("Projet confidentiel", start=soon(4), status=status, organisation="DITP")

    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(f"/evenements/{event.slug}.ics").status_code == 404
    assert vevents(client.get("/agenda.ics")) == []
    assert "Projet confidentiel" not in client.get("/").content.decode()
    assert Event.objects.public().count() == 0
