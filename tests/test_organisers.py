"""Organisers' public pages: each organisation's upcoming sessions and past events, its ICS and
Atom, listed in the output registry, in a fixed number of queries."""

import datetime as dt

import feedparser
import pytest
from django.utils import timezone

from agenda.events.models import PARIS, Event, Organisation
from agenda.feeds.registry import REGISTRY
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db


def soon(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def dinum(make_event):
    make_event("Atelier données", start=soon(3), organisation="DINUM")
    make_event("Forum des labs", start=soon(5), organisation="DINUM")
    make_event("Bilan 2025", start=soon(-200), end=soon(-200, 18), organisation="DINUM")
    make_event("Brouillon secret", start=soon(4), organisation="DINUM", status=Event.Status.DRAFT)
    make_event("Forum lyonnais", start=soon(4), organisation="Ville de Lyon")
    organisation = Organisation.objects.get(name="DINUM")
    organisation.website = "https://www.numerique.gouv.fr"
    organisation.save()
    return organisation


def test_an_organisation_page_lists_its_upcoming_sessions_and_its_past_events(client, dinum):
    html = client.get("/organisations/dinum/").content.decode()

    assert "<h1>DINUM" in html
    upcoming = html[html.index('id="a-venir"') : html.index('id="passes"')]
    past = html[html.index('id="passes"') :]
    assert "Atelier données" in upcoming and "Forum des labs" in upcoming
    assert "2 séances à venir" in upcoming
    assert "Bilan 2025" in past and "Bilan 2025" not in upcoming
    assert "Brouillon secret" not in html and "Forum lyonnais" not in html
    assert 'href="https://www.numerique.gouv.fr" rel="noopener">Site web de DINUM' in html


def test_the_page_links_its_calendar_its_atom_feed_and_its_map(client, dinum):
    html = client.get("/organisations/dinum/").content.decode()

    assert 'href="/organisations/dinum.ics">S’abonner (ICS)' in html
    assert 'href="webcal://testserver/organisations/dinum.ics"' in html
    assert 'href="/organisations/dinum.atom">Flux Atom' in html
    assert 'type="application/atom+xml"' in html and 'href="/organisations/dinum.atom"' in html
    assert 'href="/carte/?organisation=dinum">Sur la carte' in html


def test_its_atom_feed_has_its_upcoming_events_only(client, dinum):
    response = client.get("/organisations/dinum.atom")

    feed = feedparser.parse(response.content)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert feed.feed.title.endswith("— DINUM")
    assert feed.feed.link == "http://127.0.0.1:8000/organisations/dinum/"
    assert sorted(entry.title for entry in feed.entries) == ["Atelier données", "Forum des labs"]


def test_its_calendar_has_its_sessions(client, dinum):
    body = client.get("/organisations/dinum.ics").content.decode()

    assert "SUMMARY:Atelier données" in body and "Forum lyonnais" not in body


def test_an_unknown_or_empty_organisation_has_no_page(client, dinum, make_event):
    Organisation.objects.create(name="Sans événement", slug="sans-evenement")
    make_event("Brouillon", start=soon(3), organisation="Brouillons", status=Event.Status.DRAFT)

    assert client.get("/organisations/inconnue/").status_code == 404
    assert client.get("/organisations/sans-evenement/").status_code == 404
    assert client.get("/organisations/brouillons/").status_code == 404
    assert client.get("/organisations/inconnue.atom").status_code == 404


def test_the_list_of_organisations_links_each_one_with_its_count(client, dinum):
    html = client.get("/organisations/").content.decode()

    assert '<a href="/organisations/dinum/">DINUM</a> — 3 événements' in html
    assert '<a href="/organisations/ville-de-lyon/">Ville de Lyon</a> — 1 événement<' in html


def test_the_event_page_links_to_its_organisation_page(client, dinum):
    event = Event.objects.get(title="Atelier données")

    html = client.get(event.get_absolute_url()).content.decode()

    assert '<a href="/organisations/dinum/">DINUM<span class="fr-sr-only">' in html


def test_organisation_pages_and_feeds_are_in_the_output_registry(dinum):
    paths = {(output.name, path) for output, path in REGISTRY.paths()}

    assert {
        ("organisers", "/organisations/"),
        ("organiser", "/organisations/dinum/"),
        ("organiser", "/organisations/ville-de-lyon/"),
        ("atom_organisation", "/organisations/dinum.atom"),
        ("ics_organisation", "/organisations/dinum.ics"),
    } <= paths
    event = Event.objects.get(title="Forum lyonnais")
    assert [path for output, path in REGISTRY.paths(event=event) if output.name == "organiser"] == [
        "/organisations/ville-de-lyon/"
    ]


def test_an_organisation_page_runs_the_same_queries_for_one_or_twenty_events(client, make_event):
    def populate(start: int, count: int) -> None:
        for n in range(start, start + count):
            make_event(f"Atelier {n}", start=soon(2 + n % 5), organisation="DINUM")
            make_event(f"Ancien {n}", start=soon(-100 - n), organisation="DINUM")

    populate(0, 1)
    with_one = count_queries(client, "/organisations/dinum/")
    populate(1, 19)
    with_twenty = count_queries(client, "/organisations/dinum/")

    assert with_one == with_twenty
