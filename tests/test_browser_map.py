"""The map in a real Chromium, as deployed (nginx → gunicorn, DEBUG=false, collected static
files): Leaflet from our static files draws clustered markers, a marker opens its place's
events, no request leaves the site, no console error, axe finds nothing; the list of places
is its text alternative, and the whole page without JavaScript; the event page's "Voir sur la
carte" opens the map on its place. Screenshots at 320 and 1,280 px go to $SCREENSHOTS_DIR
when it is set (to look at them), else to the test's temporary folder."""

import pytest
from django.test import Client

from agenda.events.models import Event, Place
from tests import contributors as t
from tests.browsing import QUIET, assert_no_axe_violations, watch
from tests.conftest import soon

pytestmark = [pytest.mark.browser]

SPOTS = [
    ("DINUM", "20 avenue de Ségur", "75007", "Paris", 48.8509, 2.3067),
    ("Hôtel de Matignon", "57 rue de Varenne", "75007", "Paris", 48.8546, 2.3203),
    ("Hôtel de ville", "1 place de la Comédie", "69001", "Lyon", 45.7675, 4.8365),
    ("Mairie", "Avenue Antoine Serafini", "20000", "Ajaccio", 41.9190, 8.7382),
]


@pytest.fixture
def mapped(make_event) -> dict[str, Place]:
    """Four located places (two in Paris, close), one the geocoder could not place."""
    places = {}
    for n, (name, address, postcode, city, lat, lon) in enumerate(SPOTS):
        place = Place.objects.create(
            name=name, address=address, postcode=postcode, city=city, latitude=lat, longitude=lon
        )
        make_event(f"Atelier à {city} {n}", start=soon(2 + n), place=place, organisation="DINUM")
        places[name] = place
    unplaced = Place.objects.create(name="Salle des fêtes", address="Rue Inconnue", city="Yz")
    make_event("Fête du quartier", start=soon(4), place=unplaced, organisation="DINUM")
    return places


def test_the_map_draws_clustered_markers_from_our_own_files(deployed, page, mapped, screenshots):
    seen = watch(page, site=deployed.url)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(deployed.url + "/carte/")
    page.wait_for_selector("#carte[data-drawn='4']")

    assert page.locator("#carte").is_visible()
    # Paris's two places are one cluster at the zoom that shows France; Lyon and Ajaccio alone.
    assert page.locator(".marker-cluster").count() == 1
    assert page.locator(".marker-cluster").inner_text() == "2"
    lyon = page.locator(".leaflet-marker-icon[title='Hôtel de ville']")
    assert lyon.count() == 1
    # The marker's image is the collected (hashed) file, served by nginx.
    assert "/static/vendor/leaflet/images/marker-icon." in lyon.get_attribute("src")
    lyon.click()
    popup = page.locator(".leaflet-popup-content")
    assert "Atelier à Lyon 2" in popup.inner_text()
    assert popup.locator("a").get_attribute("href").startswith("/evenements/")
    # The filter panel's button keeps to the fields' width, within the panel's padding (it
    # once reached the panel's edge).
    field = page.locator("form.agenda-filters .fr-select").first.bounding_box()
    button = page.get_by_role("button", name="Appliquer les filtres").bounding_box()
    assert button["x"] + button["width"] <= field["x"] + field["width"]
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshots / "carte-1280.png"), full_page=True)
    assert_no_axe_violations(page)
    assert seen == QUIET


def test_on_a_phone_the_map_and_its_list_fit_the_screen(deployed, page, mapped, screenshots):
    seen = watch(page, site=deployed.url)
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(deployed.url + "/carte/")
    page.wait_for_selector("#carte[data-drawn='4']")

    # Nothing wider than the screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator("#carte").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320 and box["height"] >= 200
    # The filters are behind a button; the map comes before the first screen's end.
    assert page.locator("summary.agenda-filters-toggle").is_visible()
    assert box["y"] < 640
    assert page.locator("#liste-des-lieux > li").count() == 5
    page.screenshot(path=str(screenshots / "carte-320.png"), full_page=True)
    assert_no_axe_violations(page)
    assert seen == QUIET


def test_the_list_of_places_is_reached_by_keyboard_and_lists_every_place(deployed, page, mapped):
    page.goto(deployed.url + "/carte/")
    page.wait_for_selector("#carte[data-drawn]")

    page.get_by_role("link", name="Aller à la liste des lieux").focus()
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "liste-des-lieux-titre"
    places = page.locator("#liste-des-lieux > li")
    assert places.count() == 5
    assert places.nth(0).locator("h3").inner_text() == "Mairie"  # Ajaccio, first by city
    assert "pas encore situé sur la carte" in places.last.inner_text()


def test_without_javascript_the_page_is_the_list_of_places_and_the_event_link_finds_its_place(
    browser, deployed, mapped, screenshots
):
    # Without JavaScript, Playwright's evaluate (and so axe) cannot run: the page is read
    # through the protocol only (locators, boxes); axe runs on the same page in the tests above.
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    seen = watch(page, site=deployed.url)
    try:
        page.set_viewport_size({"width": 320, "height": 640})
        event = Event.objects.get(title="Atelier à Lyon 2")
        page.goto(deployed.url + event.get_absolute_url())
        page.get_by_role("link", name="Voir sur la carte").click()

        lyon = mapped["Hôtel de ville"]
        assert page.url == f"{deployed.url}/carte/#lieu-{lyon.pk}"
        assert not page.locator("#carte").is_visible()
        assert page.locator("#liste-des-lieux > li").count() == 5
        # The link leads to the place's item of the list, in view, with its events.
        target = page.locator("#liste-des-lieux > li:target")
        assert target.get_attribute("id") == f"lieu-{lyon.pk}"
        assert target.locator("h3").inner_text() == "Hôtel de ville"
        box = target.bounding_box()
        assert box is not None and -1 <= box["y"] < 640  # at the top, give or take a border
        target.get_by_role("link", name="Atelier à Lyon 2").click()
        assert page.url == deployed.url + event.get_absolute_url()
        page.goto(deployed.url + "/carte/")
        page.screenshot(path=str(screenshots / "carte-sans-javascript-320.png"), full_page=True)
        assert seen == QUIET
    finally:
        context.close()


def test_voir_sur_la_carte_opens_the_map_on_the_place_with_its_popup(deployed, page, mapped):
    seen = watch(page, site=deployed.url)
    segur = mapped["DINUM"]
    event = Event.objects.get(title="Atelier à Paris 0")

    page.goto(deployed.url + event.get_absolute_url())
    page.get_by_role("link", name="Voir sur la carte").click()
    page.wait_for_selector(f"#carte[data-focused='lieu-{segur.pk}']")

    # Out of Paris's cluster, its popup open, the map in view.
    assert page.locator(".leaflet-marker-icon[title='DINUM']").is_visible()
    assert "Atelier à Paris 0" in page.locator(".leaflet-popup-content").inner_text()
    top = page.evaluate("document.getElementById('carte').getBoundingClientRect().top")
    assert abs(top) < 5
    assert seen == QUIET


def test_the_event_page_shows_its_place_on_a_small_map(deployed, page, make_event):
    place = Place.objects.create(
        name="DINUM", address="20 avenue de Ségur", postcode="75007", city="Paris"
    )
    Place.objects.filter(pk=place.pk).update(latitude=48.8509, longitude=2.3067)
    event = make_event("Atelier avec carte", start=soon(3), place=place, show_map=True)
    seen = watch(page, site=deployed.url)

    page.goto(deployed.url + event.get_absolute_url())
    page.wait_for_selector("[data-agenda-map][data-drawn='1']")

    assert page.locator(".leaflet-marker-icon[title='DINUM']").count() == 1
    page.wait_for_load_state("networkidle")
    assert_no_axe_violations(page)
    assert seen == QUIET


def signed_in(page, deployed, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": deployed.url}
    page.context.add_cookies([cookie])


def test_staff_drag_the_marker_to_correct_a_position(deployed, page, mapped, screenshots):
    segur = mapped["DINUM"]
    signed_in(page, deployed, t.person("moderation@exemple.fr", role="moderator"))
    seen = watch(page, site=deployed.url)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{deployed.url}/espace/lieux/{segur.pk}/position/")
    page.wait_for_selector("[data-agenda-map][data-drawn='1']")
    marker = page.locator(".leaflet-marker-icon[title='DINUM']").bounding_box()
    start = (marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] - 4)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 40, start[1] + 30, steps=8)
    page.mouse.up()

    latitude = float(page.get_by_label("Latitude").input_value())
    longitude = float(page.get_by_label("Longitude").input_value())
    # South-east of where it was, by a few metres at zoom 17 (about 1 m a pixel).
    assert 48.8500 < latitude < 48.8509 and 2.3067 < longitude < 2.3080
    page.screenshot(path=str(screenshots / "position-du-lieu.png"), full_page=True)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Enregistrer la position").click()

    assert "enregistrée" in page.locator(".fr-alert--success").inner_text()
    segur.refresh_from_db()
    assert (round(segur.latitude, 6), round(segur.longitude, 6)) == (latitude, longitude)
    assert segur.position_set_by_hand
    assert seen == QUIET
