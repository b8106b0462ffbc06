"""Staff correct a place's position from the contributor space (/espace/lieux/): a form of two
fields (works without JavaScript), validated field by field, a position outside France saved
with a warning, audited; the geocoder (a real addok, tests/geocoding.py) never moves it again."""

from html import unescape
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.events import geocoding
from agenda.events.lookups import find_place
from agenda.events.models import Place
from agenda.moderation.models import AuditEntry
from tests import contributors as t
from tests.conftest import soon

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = t.person("moderation@exemple.fr", role="moderator", first_name="Mona", last_name="Dé")
    client.force_login(user)
    return user


@pytest.fixture
def misplaced():
    """DINUM's place, geocoded to the wrong side of the street."""
    return Place.objects.create(
        name="DINUM",
        address="20 avenue de Ségur",
        postcode="75007",
        city="Paris",
        latitude=48.8,
        longitude=2.3,
    )


def url_of(place: Place) -> str:
    return reverse("space_place_position", kwargs={"pk": place.pk})


def test_a_moderator_sets_a_position_with_the_form_and_the_change_is_audited(
    client, moderator, misplaced
):
    response = client.post(url_of(misplaced), {"latitude": "48,8509", "longitude": " 2.3067 "})

    assert response.status_code == 302 and response.headers["Location"] == url_of(misplaced)
    misplaced.refresh_from_db()
    assert (misplaced.latitude, misplaced.longitude) == (48.8509, 2.3067)
    assert misplaced.position_set_by_hand and misplaced.geocode_problem == ""
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.event) == ("place_position", moderator, None)
    assert entry.subject == "DINUM, 20 avenue de Ségur, 75007 Paris"
    assert entry.changes == {
        "latitude": ["48.800000", "48.850900"],
        "longitude": ["2.300000", "2.306700"],
    }
    page = unescape(client.get(response.headers["Location"]).content.decode())
    assert "Position de « DINUM, 20 avenue de Ségur, 75007 Paris » enregistrée." in page
    assert "48.850900, 2.306700" in page and "corrigée à la main" in page
    log = unescape(client.get(reverse("moderation_log")).content.decode())
    assert "Position du lieu corrigée" in log
    assert "Latitude\xa0: 48.800000 → 48.850900" in log
    assert "Mona Dé" in log


def test_the_cached_map_shows_the_corrected_position_once_committed(
    client, moderator, misplaced, make_event, settings, django_capture_on_commit_callbacks
):
    settings.CACHE_SECONDS = 60
    make_event("Atelier", start=soon(3), place=misplaced)
    visitor = Client()
    assert 'data-lat="48.8" data-lon="2.3"' in visitor.get("/carte/").content.decode()  # cached

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url_of(misplaced), {"latitude": "48.8509", "longitude": "2.3067"})

    page = visitor.get("/carte/").content.decode()
    assert 'data-lat="48.8509" data-lon="2.3067"' in page
    assert 'data-lat="48.8"' not in page


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        ("91", "2.3", "latitude", "La latitude doit être comprise entre −90 et 90 (reçu 91)."),
        ("48.85", "-180.5", "longitude", "La longitude doit être comprise entre −180 et 180"),
        ("48°51′", "2.3", "latitude", "La latitude doit être un nombre en degrés décimaux"),
        ("48.85", "nan", "longitude", "La longitude doit être un nombre en degrés décimaux"),
        ("", "2.3", "latitude", "Indiquez la latitude."),
    ],
)
def test_a_wrong_coordinate_is_refused_with_an_error_naming_its_field(
    client, moderator, misplaced, latitude, longitude, field, message
):
    response = client.post(url_of(misplaced), {"latitude": latitude, "longitude": longitude})

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert form.errors[field][0].startswith(message)
    page = unescape(response.content.decode())
    assert "<title>Erreur\xa0: " in page and message in page
    misplaced.refresh_from_db()
    assert (misplaced.latitude, misplaced.longitude, misplaced.position_set_by_hand) == (
        48.8,
        2.3,
        False,
    )
    assert not AuditEntry.objects.exists()


def test_a_position_outside_france_is_saved_with_a_warning_that_spots_swapped_numbers(
    client, moderator, misplaced
):
    response = client.post(url_of(misplaced), {"latitude": "2.3067", "longitude": "48.8509"})

    misplaced.refresh_from_db()
    assert (misplaced.latitude, misplaced.longitude) == (2.3067, 48.8509)
    page = unescape(client.get(response.headers["Location"]).content.decode())
    assert (
        "La position enregistrée (latitude 2.3067, longitude 48.8509) est hors de France, "
        "outre-mer compris : vérifiez la latitude et la longitude. Latitude et longitude "
        "semblent inversées." in page
    )


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(41.9190, 8.7382), (-20.8789, 55.4481), (16.2411, -61.5331), (-22.2758, 166.4580)],
)
def test_corsica_and_overseas_get_no_warning(client, moderator, misplaced, latitude, longitude):
    response = client.post(url_of(misplaced), {"latitude": latitude, "longitude": longitude})

    page = unescape(client.get(response.headers["Location"]).content.decode())
    assert "enregistrée." in page and "hors de France" not in page


def test_the_moderation_page_of_an_event_leads_to_its_place_position(
    client, moderator, misplaced, make_event
):
    event = make_event("Atelier", start=soon(3), place=misplaced)

    page = client.get(reverse("moderation_event", kwargs={"pk": event.pk})).content.decode()

    assert f'href="{url_of(misplaced)}">Position du lieu sur la carte</a>' in page


def test_organisers_and_visitors_cannot_move_a_place(client, misplaced):
    organiser = t.person("orga@exemple.fr", role="organiser")

    anonymous = client.post(url_of(misplaced), {"latitude": "48.85", "longitude": "2.3"})
    client.force_login(organiser)
    refused = client.post(url_of(misplaced), {"latitude": "48.85", "longitude": "2.3"})
    listing = client.get(reverse("space_places"))

    assert anonymous.status_code == 302 and "/compte/connexion/" in anonymous.headers["Location"]
    assert refused.status_code == 403 and listing.status_code == 403
    misplaced.refresh_from_db()
    assert (misplaced.latitude, misplaced.position_set_by_hand) == (48.8, False)


def test_the_list_puts_places_without_a_position_first_and_finds_by_city(
    client, moderator, misplaced
):
    lost = Place.objects.create(
        name="Salle des fêtes", address="Rue Inconnue", city="Yz", geocode_problem="introuvable"
    )
    Place.objects.create(name="Mairie", address="Avenue Antoine Serafini", city="Ajaccio")

    page = unescape(client.get(reverse("space_places")).content.decode())
    found = unescape(client.get(reverse("space_places"), {"q": "pari"}).content.decode())

    assert page.index("Salle des fêtes") < page.index("DINUM")
    assert "introuvable" in page and "pas encore géocodé" in page
    assert "3 lieux" in page
    assert "1 lieu" in found and "DINUM" in found and "Salle des fêtes" not in found
    assert f'href="{url_of(lost)}"' in page


def test_the_list_runs_the_same_queries_for_one_or_forty_places(client, moderator):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("space_places")).status_code == 200
        return len(captured)

    Place.objects.create(name="Lieu 0", address="1 rue A", city="Paris")
    with_one = queries()
    for n in range(1, 40):
        Place.objects.create(name=f"Lieu {n}", address=f"{n} rue A", city="Paris")

    assert queries() == with_one


# --- the geocoder never moves a position set by hand (a real addok) -----------------------------


@pytest.fixture
def corrected(geocoder, client, moderator):
    """A place addok knows (48.8509, 2.3067), geocoded, then corrected by hand."""
    place = find_place(name="DINUM", address="20 avenue de Ségur, 75007 Paris")
    geocoding.geocode_places(geocoding.pending_places())
    place.refresh_from_db()
    assert (place.latitude, place.longitude) == (48.8509, 2.3067)
    client.post(url_of(place), {"latitude": "48.8512", "longitude": "2.3071"})
    place.refresh_from_db()
    assert place.position_set_by_hand
    return place


def test_geocode_all_leaves_a_position_set_by_hand(corrected):
    out = StringIO()

    call_command("geocode", "--all", stdout=out, stderr=StringIO())

    corrected.refresh_from_db()
    assert (corrected.latitude, corrected.longitude) == (48.8512, 2.3071)
    assert "0 lieu situé, 0 problème, 0 requête au service." in out.getvalue()


def test_an_answer_on_its_way_when_staff_corrected_the_place_is_dropped(corrected):
    stale = Place.objects.get(pk=corrected.pk)
    stale.position_set_by_hand = False  # as loaded by a run that started before the correction

    geocoding.geocode_places([stale])

    corrected.refresh_from_db()
    assert (corrected.latitude, corrected.longitude) == (48.8512, 2.3071)


def test_a_new_address_keeps_the_hand_position_and_asks_the_geocoder_nothing(
    corrected, settings, django_capture_on_commit_callbacks
):
    settings.GEOCODE_AFTER_COMMIT = "inline"

    with django_capture_on_commit_callbacks(execute=True):
        corrected.address, corrected.postcode, corrected.city = (
            "1 place de la Comédie",
            "69001",
            "Lyon",
        )
        corrected.save()

    corrected.refresh_from_db()
    assert (corrected.latitude, corrected.longitude) == (48.8512, 2.3071)
    assert corrected.position_set_by_hand
