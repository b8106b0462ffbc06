"""The map in a real Chromium: Leaflet from our static files draws clustered markers, a marker
opens its place's events, no request leaves the site, no CSP violation or console error, axe
finds nothing; without JavaScript the list of places is the page."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from agenda.events.models import PARIS, Place
from tests.browsing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def soon(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def screenshots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def mapped(make_event, settings):
    settings.MAP_TILE_URL = ""  # no tile server: no request leaves the machine
    spots = [
        ("DINUM", "20 avenue de Ségur", "75007", "Paris", 48.8509, 2.3067),
        ("Hôtel de Matignon", "57 rue de Varenne", "75007", "Paris", 48.8546, 2.3203),
        ("Hôtel de ville", "1 place de la Comédie", "69001", "Lyon", 45.7675, 4.8365),
        ("Mairie", "Avenue Antoine Serafini", "20000", "Ajaccio", 41.9190, 8.7382),
    ]
    for n, (name, address, postcode, city, lat, lon) in enumerate(spots):
        place = Place.objects.create(
            name=name, address=address, postcode=postcode, city=city, latitude=lat, longitude=lon
        )
        make_event(f"Atelier à {city} {n}", start=soon(2 + n), place=place, organisation="DINUM")
    unplaced = Place.objects.create(name="Salle des fêtes", address="Rue Inconnue", city="Yz")
    make_event("Fête du quartier", start=soon(4), place=unplaced, organisation="DINUM")


def watch(page, live_server) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"errors": [], "elsewhere": []}
    page.on(
        "console",
        lambda message: seen["errors"].append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.on(
        "request",
        lambda request: (
            seen["elsewhere"].append(request.url)
            if not request.url.startswith((live_server.url, "data:"))
            else None
        ),
    )
    return seen


def test_the_map_draws_clustered_markers_from_our_own_files(live_server, page, mapped, screenshots):
    seen = watch(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(live_server.url + "/carte/")

    page.wait_for_selector("#carte[data-drawn='4']")

    assert page.locator("#carte").is_visible()
    # Paris's two places are one cluster at the zoom that shows France; Lyon and Ajaccio alone.
    assert page.locator(".marker-cluster").count() == 1
    assert page.locator(".marker-cluster").inner_text() == "2"
    assert page.locator(".leaflet-marker-icon[title='Hôtel de ville']").count() == 1
    page.locator(".leaflet-marker-icon[title='Hôtel de ville']").click()
    popup = page.locator(".leaflet-popup-content")
    assert "Atelier à Lyon 2" in popup.inner_text()
    assert popup.locator("a").get_attribute("href").startswith("/evenements/")
    page.screenshot(path=str(screenshots / "carte.png"), full_page=True)
    assert_no_axe_violations(page)
    assert seen == {"errors": [], "elsewhere": []}


def test_the_list_of_places_is_reached_by_keyboard_and_lists_every_place(live_server, page, mapped):
    page.goto(live_server.url + "/carte/")
    page.wait_for_selector("#carte[data-drawn]")

    page.get_by_role("link", name="Aller à la liste des lieux").focus()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "liste-des-lieux-titre"
    places = page.locator("#liste-des-lieux > li")
    assert places.count() == 5
    assert "pas encore situé sur la carte" in places.last.inner_text()


def test_without_javascript_the_page_is_the_list_of_places(browser, live_server, mapped):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/carte/")

        assert not page.locator("#carte").is_visible()
        assert page.locator("#liste-des-lieux > li").count() == 5
        assert page.get_by_role("link", name="Atelier à Paris 0").is_visible()
    finally:
        context.close()


def test_the_event_page_shows_its_place_on_a_small_map(live_server, page, make_event, settings):
    settings.MAP_TILE_URL = ""
    place = Place.objects.create(
        name="DINUM", address="20 avenue de Ségur", postcode="75007", city="Paris"
    )
    Place.objects.filter(pk=place.pk).update(latitude=48.8509, longitude=2.3067)
    event = make_event("Atelier avec carte", start=soon(3), place=place, show_map=True)
    seen = watch(page, live_server)

    page.goto(live_server.url + event.get_absolute_url())
    page.wait_for_selector("[data-agenda-map][data-drawn='1']")

    assert page.locator(".leaflet-marker-icon[title='DINUM']").count() == 1
    assert_no_axe_violations(page)
    assert seen == {"errors": [], "elsewhere": []}
