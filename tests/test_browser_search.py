"""Finding an event in a real Chromium: search with accents, a filter, the month view, the
filter panel on a phone; axe-core finds no violation. Screenshots at 320 and 1280 px go to
$SCREENSHOTS_DIR when it is set (to look at them), else to the test's temporary folder."""

import datetime as dt
from pathlib import Path

import pytest

from agenda.events import queries
from agenda.events.models import PARIS, Place
from tests.browsing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AHEAD = (queries.paris_today().replace(day=1) + dt.timedelta(days=40)).replace(day=1)


def on(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(AHEAD.year, AHEAD.month, day, hour, tzinfo=PARIS)


@pytest.fixture
def agenda(make_event):
    paris_place = Place.objects.create(
        name="Lieu de la transformation", postcode="75015", city="Paris"
    )
    marseille = Place.objects.create(name="La Friche", postcode="13003", city="Marseille")
    make_event(
        "Ouvrir ses données publiques",
        chapeau="Une matinée pour publier les données de sa collectivité.",
        start=on(3),
        organisation="Etalab",
        categories=("Atelier",),
        sessions=[(on(3), on(3, 12), "Atelier open data", {"place": paris_place, "is_free": True})],
    )
    make_event(
        "Café de l’innovation à Marseille",
        chapeau="Rencontrer les équipes du Sud.",
        start=on(8),
        categories=("Rencontre",),
        sessions=[(on(8), on(8, 11), "Café", {"place": marseille})],
    )
    event = make_event(
        "Journée des communs numériques",
        chapeau="Logiciels libres et données ouvertes.",
        body_html="<p>" + "Une présentation détaillée des communs. " * 80 + "</p>",
        start=on(15),
        place=paris_place,
        categories=("Rencontre",),
        sessions=None,
    )
    event.sessions.update(
        place=paris_place, registration_url="https://inscriptions.example.org/communs"
    )
    return event


def shoot(page, name: str, folder: Path) -> None:
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_a_search_without_accents_finds_and_highlights_accented_words(
    deployed, page, agenda, screenshots
):
    page.goto(deployed.url + "/")

    page.get_by_label("Rechercher").fill("DONNEES")
    page.get_by_role("button", name="Appliquer les filtres").click()

    page.wait_for_url("**/?*q=DONNEES*")
    titles = page.locator(".fr-card__title").all_inner_texts()
    assert set(titles) == {"Atelier open data", "Journée des communs numériques"}
    assert "données" in page.locator("mark").first.inner_text().lower()
    assert_no_axe_violations(page)
    shoot(page, "recherche", screenshots)


def test_a_place_filter_narrows_the_list_and_shows_its_counts(deployed, page, agenda, screenshots):
    page.goto(deployed.url + "/")

    region = page.get_by_label("Région")
    assert region.locator("option").all_inner_texts() == [
        "Toutes les régions",
        "Île-de-France (2)",
        "Provence-Alpes-Côte d’Azur (1)",
    ]
    region.select_option("93")
    page.get_by_role("button", name="Appliquer les filtres").click()

    page.wait_for_url("**/?*region=93*")
    assert page.locator(".fr-card__title").all_inner_texts() == ["Café"]
    assert page.get_by_label("Région").input_value() == "93"
    assert_no_axe_violations(page)
    shoot(page, "filtre", screenshots)


def test_on_a_phone_the_filters_wait_behind_a_button(deployed, page, agenda):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(deployed.url + "/")

    search_box = page.get_by_label("Rechercher")
    assert not search_box.is_visible()
    first_card = page.locator(".fr-card").first.bounding_box()
    assert first_card["y"] < 1000  # the panel no longer pushes the list ~1,200 px down

    page.locator("summary", has_text="Filtres").click()
    assert search_box.is_visible()
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 1280, "height": 800})
    assert search_box.is_visible()  # always shown on a wide screen
    assert not page.locator("summary", has_text="Filtres").is_visible()


def test_the_month_is_a_table_whose_days_are_reached_by_keyboard(
    deployed, page, agenda, screenshots
):
    page.goto(f"{deployed.url}/calendrier/{AHEAD.year}/{AHEAD.month}/")

    assert page.locator("table caption").inner_text().startswith("Séances de")
    day_links = page.locator("a.agenda-month__link")
    assert day_links.count() == 3
    day_links.first.focus()
    assert "3" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/?du={AHEAD.replace(day=3).isoformat()}*")
    assert page.locator(".fr-card__title").all_inner_texts() == ["Atelier open data"]
    page.go_back()
    assert_no_axe_violations(page)
    shoot(page, "mois", screenshots)


def test_the_event_page_shows_its_practical_block_first_on_a_phone(
    deployed, page, agenda, screenshots
):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(deployed.url + agenda.get_absolute_url())

    practical = page.locator("#infos-pratiques").bounding_box()
    text = page.get_by_text("Une présentation détaillée des communs.").first.bounding_box()
    assert practical["y"] < text["y"]
    assert page.get_by_role("link", name="Envoyer par courriel").is_visible()
    assert_no_axe_violations(page)
    shoot(page, "evenement", screenshots)
