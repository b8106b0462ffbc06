"""The ICS and Atom feeds over HTTP: filters, published events only, headers, query counts."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone
from icalendar import Calendar

from agenda.events.models import PARIS, Event, Session
from tests.conftest import count_queries

UTC = dt.UTC


def paris(*args: int) -> dt.datetime:
    # A copy of conftest's helper: importing it depends on whether tests/ is a package.
    return dt.datetime(*args, tzinfo=PARIS)


def soon(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A Paris wall-clock time `days` from today, so the feeds' "upcoming" window includes it."""
    today = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return paris(today.year, today.month, today.day, hour, minute)


def summaries(response) -> set[str]:
    return {str(v["SUMMARY"]) for v in Calendar.from_ical(response.content).walk("VEVENT")}


@pytest.fixture
def agenda(make_event):
    return {
        "meetup": make_event(
            "Meetup données",
            start=soon(3, 18),
            categories=("Rencontre",),
            organisation="DINUM",
            sessions=[(soon(3, 18), soon(3, 20), "Apéro", {"formats": ["Meetup"]})],
        ),
        "webinar": make_event(
            "Webinaire IA",
            start=soon(5, 11),
            attendance_mode="online",
            categories=("Formation",),
            organisation="ANCT",
        ),
        "draft": make_event("Brouillon secret", start=soon(4), status=Event.Status.DRAFT),
        "old": make_event("Vieil atelier", start=soon(-60)),
    }


def test_agenda_ics_lists_published_upcoming_sessions_as_an_inline_calendar(client, agenda):
    response = client.get("/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="agenda.ics"'
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["ETag"] and response["Last-Modified"]
    assert summaries(response) == {"Apéro — Meetup données", "Webinaire IA"}


def test_agenda_ics_answers_not_modified_to_a_matching_etag(client, agenda):
    etag = client.get("/agenda.ics")["ETag"]
    assert client.get("/agenda.ics", headers={"if-none-match": etag}).status_code == 304


def test_agenda_ics_keeps_only_sessions_matching_the_filters(client, agenda):
    assert summaries(client.get("/agenda.ics?format=meetup")) == {"Apéro — Meetup données"}
    assert summaries(client.get("/agenda.ics?categorie=formation")) == {"Webinaire IA"}
    assert summaries(client.get("/agenda.ics?mode=en-ligne")) == {"Webinaire IA"}
    assert summaries(client.get("/agenda.ics?organisation=dinum")) == {"Apéro — Meetup données"}
    assert summaries(client.get("/agenda.ics?q=webinaire")) == {"Webinaire IA"}


def test_agenda_ics_reaches_back_to_the_du_date_when_given(client, agenda):
    since = (timezone.localtime(timezone.now(), PARIS).date() - dt.timedelta(days=90)).isoformat()
    assert "Vieil atelier" in summaries(client.get(f"/agenda.ics?du={since}"))
    assert "Vieil atelier" not in summaries(client.get("/agenda.ics"))


def test_agenda_ics_rejects_invalid_filters_with_french_messages(client, agenda):
    response = client.get("/agenda.ics?du=demain&categorie=inconnue")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "La date « demain » n’est pas valide" in text
    assert "« inconnue » n’est pas une catégorie connue." in text


def test_event_ics_has_its_sessions_and_drafts_are_not_found(client, agenda):
    event = agenda["meetup"]
    response = client.get(f"/evenements/{event.slug}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'inline; filename="{event.slug}.ics"'
    assert summaries(response) == {"Apéro — Meetup données"}
    assert client.get(f"/evenements/{agenda['draft'].slug}.ics").status_code == 404
    assert client.get("/evenements/nulle-part.ics").status_code == 404


def test_session_ics_has_one_event_with_the_session_uid(client, agenda):
    session = agenda["meetup"].sessions.get()
    response = client.get(f"/seances/{session.uid}.ics")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["UID"]).startswith(f"{session.uid}@")
    draft_session = agenda["draft"].sessions.get()
    assert client.get(f"/seances/{draft_session.uid}.ics").status_code == 404


def test_organisation_ics_has_only_its_events(client, agenda):
    assert summaries(client.get("/organisations/anct.ics")) == {"Webinaire IA"}
    assert client.get("/organisations/personne.ics").status_code == 404


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, agenda):
    Session.objects.filter(event=agenda["webinar"]).update(status=Session.Status.CANCELLED)
    calendar = Calendar.from_ical(client.get("/agenda.ics").content)
    statuses = {str(v["SUMMARY"]): str(v["STATUS"]) for v in calendar.walk("VEVENT")}
    assert statuses["Webinaire IA"] == "CANCELLED"


def test_atom_feed_lists_upcoming_published_events_by_start(client, agenda, settings):
    response = client.get("/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Meetup données", "Webinaire IA"]
    meetup = agenda["meetup"]
    assert feed.entries[0].link == f"{settings.SITE_URL}/evenements/{meetup.slug}/"


def test_atom_entries_are_dated_by_their_event(client, make_event):
    year = timezone.now().year + 1
    event = make_event("Forum", start=paris(year, 11, 3, 16, 15), end=paris(year, 11, 3, 18, 15))
    (entry,) = feedparser.parse(client.get("/flux.atom").content).entries
    assert dt.datetime(*entry.published_parsed[:6], tzinfo=UTC) == dt.datetime(
        year, 11, 3, 15, 15, tzinfo=UTC
    )
    assert entry.summary.startswith("<p><strong>Le ")
    assert f" 3 novembre {year} de 16\u00a0h\u00a015 à 18\u00a0h\u00a015</strong>" in entry.summary
    updated = event.updated_at.astimezone(UTC).replace(microsecond=0)
    assert dt.datetime(*entry.updated_parsed[:6], tzinfo=UTC) == updated


def test_the_atom_feed_itself_is_dated_by_the_latest_edit_not_the_next_event(client, agenda):
    feed = feedparser.parse(client.get("/flux.atom").content)
    assert dt.datetime(*feed.feed.updated_parsed[:6], tzinfo=UTC) <= timezone.now()


def test_atom_feed_applies_the_filters(client, agenda):
    feed = feedparser.parse(client.get("/flux.atom?categorie=formation").content)
    assert [e.title for e in feed.entries] == ["Webinaire IA"]
    assert client.get("/flux.atom?mode=partout").status_code == 400


@pytest.mark.parametrize(
    "url", ["/agenda.ics", "/flux.atom", "/api/events", "/agenda.ics?format=meetup"]
)
def test_query_count_does_not_grow_with_the_number_of_events(client, make_event, url):
    def add_events(count: int) -> None:
        for _ in range(count):
            make_event(
                "Atelier", start=soon(2), categories=("Rencontre",), tags=("IA",),
                organisation="DINUM", sessions=[
                    (soon(2, 9), soon(2, 10), "Matin", {"formats": ["Meetup"]}),
                    (soon(2, 14), soon(2, 15), "Après-midi", {"formats": ["Meetup", "Atelier"]}),
                ],
            )  # fmt: skip

    add_events(1)
    with_one = count_queries(client, url)
    add_events(29)
    assert count_queries(client, url) == with_one
