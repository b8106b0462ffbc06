"""Geocoding against a real addok (tests/geocoding.py): coordinates, INSEE codes, problems
flagged, never a failed save, after commit only, each address asked once."""

import shutil
import socket
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from agenda.events import geocoding
from agenda.events.lookups import find_place
from agenda.events.models import Place

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent / "pages"


def place(name: str, address: str) -> Place:
    return find_place(name=name, address=address)


def run() -> geocoding.Summary:
    return geocoding.geocode_places(geocoding.pending_places())


def test_it_places_addresses_of_paris_lyon_corsica_and_overseas(geocoder):
    segur = place("DINUM", "20 avenue de Ségur, 75007 Paris")
    lyon = place("Hôtel de ville", "1 place de la Comédie, 69001 Lyon")
    ajaccio = place("Mairie", "Avenue Antoine Serafini, 20000 Ajaccio")
    bastia = place("Mairie", "Avenue Pierre Giudicelli, 20200 Bastia")
    reunion = place("Hôtel de ville", "2 rue de Paris, 97400 Saint-Denis")

    summary = run()

    assert (summary.located, summary.problems) == (5, [])
    for item in (segur, lyon, ajaccio, bastia, reunion):
        item.refresh_from_db()
        assert item.geocoded_at is not None and item.geocode_problem == ""
    assert (segur.latitude, segur.longitude, segur.city_code) == (48.8509, 2.3067, "75107")
    assert (lyon.latitude, lyon.longitude, lyon.city_code) == (45.7675, 4.8365, "69381")
    # A postcode is not a city code: Corsica's departments are letters, overseas has three digits.
    assert (ajaccio.postcode, ajaccio.city_code) == ("20000", "2A004")
    assert (bastia.postcode, bastia.city_code) == ("20200", "2B033")
    assert (reunion.postcode, reunion.city_code) == ("97400", "97411")
    assert reunion.latitude == -20.8789


def test_it_fills_the_postcode_and_city_only_when_the_place_has_none(geocoder):
    bare = place("Musée des Beaux-Arts", "20 place des Terreaux Lyon")
    bare.postcode, bare.city = "", ""
    bare.save()
    written = place("Préfecture", "106 rue Pierre Corneille, 69003 Lyon")
    Place.objects.filter(pk=written.pk).update(city="Lyon 3e")

    run()

    bare.refresh_from_db()
    written.refresh_from_db()
    assert (bare.postcode, bare.city, bare.city_code) == ("69001", "Lyon", "69381")
    assert (written.postcode, written.city, written.city_code) == ("69003", "Lyon 3e", "69383")


def test_an_unknown_address_is_a_flagged_problem_and_the_others_are_placed(geocoder):
    unknown = place("Nulle part", "Kqxwz Vbnmp, Zzyzx")
    known = place("MuCEM", "7 promenade Robert Laffont, 13002 Marseille")

    summary = run()

    unknown.refresh_from_db()
    known.refresh_from_db()
    assert unknown.latitude is None and unknown.geocoded_at is not None
    assert unknown.geocode_problem == geocoding.NOT_FOUND
    assert summary.problems == [(unknown, geocoding.NOT_FOUND)]
    assert (known.city_code, known.latitude) == ("13202", 43.2967)


def test_an_uncertain_answer_is_a_problem_not_a_position(geocoder, settings):
    settings.GEOCODER_MIN_SCORE = 0.99
    uncertain = place("Quelque part", "Place de la Mairie, Rennes")

    run()

    uncertain.refresh_from_db()
    assert uncertain.latitude is None
    assert uncertain.geocode_problem.startswith("réponse trop incertaine (0.")


def test_an_address_is_asked_once_and_a_second_run_asks_nothing(geocoder):
    first = place("Salle A", "139 rue de Bercy, 75012 Paris")
    second = place("Salle B", "139 rue de Bercy, 75012 Paris")

    summary = run()
    again = run()

    first.refresh_from_db()
    second.refresh_from_db()
    assert (summary.asked, summary.located) == (1, 2)
    assert (again.asked, again.done) == (0, 0)
    assert (
        (first.latitude, first.longitude)
        == (second.latitude, second.longitude)
        == (
            48.8398,
            2.377,
        )
    )


def test_a_new_place_at_a_known_address_takes_its_answer_without_asking(geocoder):
    place("Salle A", "57 rue de Varenne, 75007 Paris")
    run()
    later = place("Salle B", "57 rue de Varenne, 75007 Paris")

    summary = run()

    later.refresh_from_db()
    assert (summary.asked, summary.located) == (0, 1)
    assert (later.latitude, later.city_code) == (48.8546, "75107")


def test_a_place_without_any_address_is_not_asked(geocoder):
    Place.objects.create(name="En ligne")

    summary = run()

    assert summary.done == 0
    assert Place.objects.get(name="En ligne").geocode_problem == ""


def refusing_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed once returned: connections are refused


def test_an_unreachable_service_flags_the_place_and_leaves_it_pending(settings, db):
    settings.GEOCODER_URL = f"http://127.0.0.1:{refusing_port()}"
    settings.GEOCODE_AFTER_COMMIT = "off"
    pending = place("DINUM", "20 avenue de Ségur, 75007 Paris")

    with pytest.raises(CommandError, match="service de géocodage injoignable"):
        call_command("geocode", stdout=StringIO(), stderr=StringIO())

    pending.refresh_from_db()
    assert pending.geocoded_at is None and pending.latitude is None
    assert pending.geocode_problem.startswith("service de géocodage injoignable (ConnectionError")
    assert list(geocoding.pending_places()) == [pending]


def test_a_service_that_does_not_answer_in_time_stops_the_run(settings, db):
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.GEOCODER_URL = f"http://127.0.0.1:{silent.getsockname()[1]}"
        settings.GEOCODER_TIMEOUT = 0.3
        settings.GEOCODE_AFTER_COMMIT = "off"
        first = place("A", "1 place de la Comédie, 69001 Lyon")
        place("B", "20 place des Terreaux, 69001 Lyon")

        summary = run()

    first.refresh_from_db()
    assert "ReadTimeout" in summary.unavailable
    assert summary.done == 0 and "ReadTimeout" in first.geocode_problem
    assert geocoding.pending_places().count() == 2


def test_the_command_reports_its_progress_and_each_problem(geocoder):
    place("DINUM", "20 avenue de Ségur, 75007 Paris")
    lost = place("Nulle part", "Kqxwz Vbnmp, Zzyzx")
    out, err = StringIO(), StringIO()

    call_command("geocode", stdout=out, stderr=err)

    assert "2/2 lieux traités" in out.getvalue()
    assert "1 lieu situé, 1 problème, 2 requêtes au service." in out.getvalue()
    assert f"lieu {lost.pk} « Nulle part, Kqxwz Vbnmp, Zzyzx » : {geocoding.NOT_FOUND}" in (
        err.getvalue()
    )


def test_the_command_without_a_geocoder_says_so(settings):
    settings.GEOCODER_URL = ""
    with pytest.raises(CommandError, match="GEOCODER_URL"):
        call_command("geocode")


def test_a_new_place_is_geocoded_after_its_transaction_commits_not_inside_it(
    geocoder, settings, django_capture_on_commit_callbacks
):
    settings.GEOCODE_AFTER_COMMIT = "inline"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        created = place("Hôtel de ville", "2 quai du Port, 13002 Marseille")
        assert Place.objects.get(pk=created.pk).geocoded_at is None  # not during the transaction

    assert len(callbacks) == 1
    callbacks[0]()
    created.refresh_from_db()
    assert (created.latitude, created.longitude, created.city_code) == (43.2962, 5.3698, "13202")


def test_importing_a_page_geocodes_its_place_after_the_import(
    geocoder, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.GEOCODE_AFTER_COMMIT = "inline"
    shutil.copy(PAGES / "etiquettes-a-cote-du-titre.markdown", tmp_path)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import", str(tmp_path), stdout=StringIO(), stderr=StringIO())

    imported = Place.objects.get(address="106 rue Pierre Corneille")
    assert (imported.latitude, imported.city_code) == (45.7597, "69383")


def test_a_failing_geocoder_never_fails_the_save(settings, django_capture_on_commit_callbacks):
    settings.GEOCODER_URL = f"http://127.0.0.1:{refusing_port()}"
    settings.GEOCODE_AFTER_COMMIT = "inline"

    with django_capture_on_commit_callbacks(execute=True):
        saved = place("DINUM", "20 avenue de Ségur, 75007 Paris")

    saved.refresh_from_db()
    assert saved.pk and saved.latitude is None
    assert saved.geocode_problem.startswith("service de géocodage injoignable")


def test_a_moved_place_loses_its_position_and_is_geocoded_again(
    geocoder, settings, django_capture_on_commit_callbacks
):
    moved = place("Bibliothèque", "11 quai François Mauriac, 75013 Paris")
    run()
    settings.GEOCODE_AFTER_COMMIT = "inline"

    with django_capture_on_commit_callbacks(execute=True):
        moved.address, moved.postcode, moved.city = "1 place de la Comédie", "69001", "Lyon"
        moved.save()

    moved.refresh_from_db()
    assert (moved.latitude, moved.city_code) == (45.7675, "69381")


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_geocodes_places_saved_outside_any_transaction(
    geocoder, settings, caplog
):
    settings.GEOCODE_AFTER_COMMIT = "thread"

    created = place("Préfecture", "106 rue Pierre Corneille, 69003 Lyon")
    geocoding.wait_for_worker(30)

    created.refresh_from_db()
    assert (created.latitude, created.city_code) == (45.7597, "69383"), caplog.text


def test_the_command_with_all_asks_again_for_places_already_geocoded(geocoder, settings):
    moved = place("Préfecture", "106 rue Pierre Corneille, 69003 Lyon")
    run()
    Place.objects.filter(pk=moved.pk).update(latitude=0.0, longitude=0.0)
    out = StringIO()

    call_command("geocode", stdout=out, stderr=StringIO())  # nothing pending: nothing asked
    assert "0 lieu situé, 0 problème, 0 requête au service." in out.getvalue()
    call_command("geocode", "--all", stdout=out, stderr=StringIO())

    moved.refresh_from_db()
    assert (moved.latitude, moved.longitude) == (45.7597, 4.8446)


def test_a_geocoded_place_is_announced_to_those_following_places_saves(geocoder):
    from django.db.models.signals import post_save

    heard = []

    def listen(sender, instance, update_fields=None, **kwargs):
        heard.append((instance.city_code, sorted(update_fields or [])))

    located = place("Mairie", "Avenue Pierre Giudicelli, 20200 Bastia")
    post_save.connect(listen, sender=Place, dispatch_uid="test-listen")
    try:
        run()
    finally:
        post_save.disconnect(sender=Place, dispatch_uid="test-listen")

    assert located.pk and heard == [
        ("2B033", ["city_code", "geocode_problem", "geocoded_at", "latitude", "longitude"])
    ]


def test_a_restored_place_keeps_its_coordinates(settings, db):
    settings.GEOCODER_URL = ""
    restored = Place(pk=4242, name="DINUM", address="20 avenue de Ségur", postcode="75007")
    restored.latitude, restored.longitude, restored.city_code = 48.8509, 2.3067, "75107"
    restored.geocoded_at = timezone.now()

    restored.save()  # a row written with its key, as `agenda restore` does

    restored.refresh_from_db()
    assert (restored.latitude, restored.city_code) == (48.8509, "75107")
