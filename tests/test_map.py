"""The map page (`/carte/`) and the event page's map: the places of upcoming on-site sessions
with their coordinates, as a list that works without JavaScript, filtered like the agenda."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.utils import timezone

from agenda.events.models import PARIS, Event, Place
from agenda.feeds.registry import REGISTRY
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db


def soon(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def located(name: str, address: str, city: str, lat: float, lon: float) -> Place:
    return Place.objects.create(
        name=name, address=address, postcode="75007", city=city, latitude=lat, longitude=lon
    )


def place_items(html: str) -> dict[str, str]:
    """id → the opening tag of each place of the list."""
    return {match[1]: match[0] for match in re.findall(r'(<li id="(lieu-\d+)"[^>]*>)', html)}


@pytest.fixture
def places(make_event):
    segur = located("DINUM", "20 avenue de Ségur", "Paris", 48.8509, 2.3067)
    lyon = located("Hôtel de ville", "1 place de la Comédie", "Lyon", 45.7675, 4.8365)
    unplaced = Place.objects.create(name="Salle des fêtes", address="Rue Inconnue", city="Yz")
    make_event(
        "Atelier données",
        start=soon(3),
        place=segur,
        organisation="DINUM",
        sessions=[(soon(3), None, "Matin", {}), (soon(4), None, "Soir", {})],
    )
    make_event("Forum lyonnais", start=soon(5), place=lyon, organisation="Ville de Lyon")
    make_event("Fête du quartier", start=soon(6), place=unplaced, organisation="Ville de Lyon")
    make_event("Webinaire", start=soon(3), attendance_mode="online", organisation="DINUM")
    make_event("Ancien forum", start=soon(-30), place=lyon, organisation="Ville de Lyon")
    return segur, lyon, unplaced


def test_the_map_lists_each_place_of_upcoming_sessions_with_its_coordinates(client, places):
    segur, lyon, unplaced = places

    html = client.get("/carte/").content.decode()

    items = place_items(html)
    assert set(items) == {f"lieu-{segur.pk}", f"lieu-{lyon.pk}", f"lieu-{unplaced.pk}"}
    assert 'data-lat="48.8509" data-lon="2.3067"' in items[f"lieu-{segur.pk}"]
    assert 'data-lat="45.7675" data-lon="4.8365"' in items[f"lieu-{lyon.pk}"]
    assert "data-lat" not in items[f"lieu-{unplaced.pk}"]
    assert "Ce lieu n’est pas encore situé sur la carte." in html
    assert "3 lieux correspondant" not in html and "3 lieux, dont 1 pas encore situé" in html
    assert "Atelier données</a>" in html and "(2\u00a0séances)" in html
    assert "Webinaire" not in html and "Ancien forum" not in html


def test_the_map_page_is_useful_without_javascript(client, places):
    html = client.get("/carte/").content.decode()

    # The map element stays hidden until the script draws it; the list is plain HTML.
    assert re.search(r'<div class="agenda-map"[^>]*data-agenda-map[^>]*hidden>', html)
    assert 'data-tiles=""' in html  # no tile server in tests: nothing leaves the machine
    assert '<a class="fr-link" href="#liste-des-lieux-titre">Aller à la liste des lieux</a>' in html
    assert "<script>" not in html and "style=" not in html
    for path in ("vendor/leaflet/leaflet.js", "site/map.js"):
        assert f'<script src="/static/{path}"></script>' in html


def test_the_map_respects_the_agenda_filters(client, places):
    segur, lyon, unplaced = places

    html = client.get("/carte/?organisation=dinum").content.decode()

    assert set(place_items(html)) == {f"lieu-{segur.pk}"}
    assert "1 lieu correspondant aux filtres" in html
    assert 'href="/?organisation=dinum">Voir ces séances en liste' in html


def test_a_session_held_elsewhere_puts_its_own_place_on_the_map(client, make_event):
    hall = located("Grande salle", "57 rue de Varenne", "Paris", 48.8546, 2.3203)
    annex = located("Annexe", "126 rue de l'Université", "Paris", 48.8612, 2.3177)
    make_event("Forum", start=soon(2), place=hall, sessions=[(soon(2), None, "Visite", {})])
    event = make_event("Atelier", start=soon(2), place=hall)
    event.sessions.update(place=annex)

    items = place_items(client.get("/carte/").content.decode())

    assert set(items) == {f"lieu-{hall.pk}", f"lieu-{annex.pk}"}


def test_the_map_runs_the_same_queries_for_one_or_twenty_places(client, make_event):
    def populate(start: int, count: int) -> None:
        for n in range(start, start + count):
            place = located(f"Lieu {n}", f"{n} rue de Bercy", "Paris", 48.84, 2.37 + n / 1000)
            make_event(f"Événement {n}", start=soon(2 + n % 4), place=place, organisation="DINUM")

    populate(0, 1)
    with_one = count_queries(client, "/carte/?organisation=dinum")
    populate(1, 19)
    with_twenty = count_queries(client, "/carte/?organisation=dinum")

    assert with_one == with_twenty


def test_the_event_page_draws_its_place_when_the_page_asks_for_a_map(client, make_event):
    place = located("DINUM", "20 avenue de Ségur", "Paris", 48.8509, 2.3067)
    shown = make_event("Avec carte", start=soon(3), place=place, show_map=True)
    hidden = make_event("Sans carte", start=soon(3), place=place, show_map=False)
    unplaced = Place.objects.create(name="Salle", address="Rue Inconnue", city="Yz")
    lost = make_event("Lieu inconnu", start=soon(3), place=unplaced, show_map=True)

    with_map = client.get(shown.get_absolute_url()).content.decode()

    assert 'data-agenda-map data-list="lieu-de-l-evenement"' in with_map
    assert 'data-lat="48.8509" data-lon="2.3067"' in with_map
    assert '<script src="/static/site/map.js"></script>' in with_map
    for other in (hidden, lost):
        html = client.get(other.get_absolute_url()).content.decode()
        assert "data-agenda-map" not in html and "map.js" not in html


def test_the_event_page_links_to_its_place_on_the_map_when_the_map_shows_it(client, places):
    segur, lyon, unplaced = places
    link = '<a class="fr-link fr-icon-map-pin-2-line fr-link--icon-left" href="/carte/#lieu-{}">'

    def page_of(title: str) -> str:
        return client.get(Event.objects.get(title=title).get_absolute_url()).content.decode()

    upcoming, past = page_of("Atelier données"), page_of("Ancien forum")
    unlocated = page_of("Fête du quartier")
    on_the_map = client.get("/carte/").content.decode()

    # A plain link to the place's item in the map's list (its anchor exists there), without
    # the small map (show_map is off): it works with or without JavaScript.
    assert link.format(segur.pk) + "Voir sur la carte" in upcoming
    assert f'<li id="lieu-{segur.pk}"' in on_the_map
    assert "data-agenda-map" not in upcoming
    # A past event's place is not on the map (upcoming sessions only); an unplaced one neither.
    assert "Voir sur la carte" not in past and f'id="lieu-{lyon.pk}"' in on_the_map
    assert "Voir sur la carte" not in unlocated


def test_the_map_page_is_in_the_output_registry(db):
    assert [path for output, path in REGISTRY.paths() if output.name == "map"] == ["/carte/"]


def test_leaflet_comes_from_the_npm_packages_among_our_static_files():
    if not (Path(django_settings.BASE_DIR) / "node_modules" / "leaflet").is_dir():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("node_modules/leaflet is missing: `make install` runs npm install")
        pytest.skip("node_modules/leaflet is missing (npm install)")
    for path in (
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/images/marker-icon.png",
        "vendor/leaflet.markercluster/leaflet.markercluster.js",
        "vendor/leaflet.markercluster/MarkerCluster.Default.css",
    ):
        assert finders.find(path), path


def test_the_demo_puts_its_places_on_the_map_without_a_geocoder(client, settings):
    from django.core.management import call_command

    settings.GEOCODER_URL = ""
    call_command("load_demo", verbosity=0)

    segur = Place.objects.filter(address="20 avenue de Ségur", postcode="75007")
    html = client.get("/carte/").content.decode()

    assert segur and {(p.latitude, p.longitude, p.city_code) for p in segur} == {
        (48.8509, 2.3067, "75107")
    }
    assert "pas encore situé" not in html
    assert html.count("data-lat=") >= 5
