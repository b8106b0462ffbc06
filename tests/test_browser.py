"""The public pages in a real Chromium: axe-core finds no violation, the keyboard works.

Uses Debian's /usr/bin/chromium (never a downloaded browser): skipped when it is absent,
except in CI (CI=true), where its absence is a failure.
"""

import datetime as dt

import pytest
from playwright.sync_api import expect

from agenda.events.models import PARIS, Image, InfoField, Place, Session
from tests.browsing import assert_no_axe_violations
from tests.conftest import soon

# An image the live server serves (uploads are only served by runserver in DEBUG).
BANNER = "/static/dsfr/dist/favicon/apple-touch-icon.png"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programme(make_event):
    """An upcoming event with a banner, sessions (one cancelled), info fields and a place,
    a whole-day event and a past event: what the pages show in real life."""
    place = Place.objects.create(
        name="Les Champs Libres",
        address="10 cours des Alliés",
        postcode="35000",
        city="Rennes",
        access=[{"type": "Métro", "lignes": [{"nom": "Ligne a - Charles de Gaulle"}]}],
    )
    event = make_event(
        "Rencontres des laboratoires d’innovation",
        start=soon(2, 9),
        end=soon(9, 18),
        chapeau="Les laboratoires **ouvrent** leurs ateliers et partagent leurs méthodes.",
        body_html="<p>Une semaine de <strong>rencontres</strong>.</p><h3>Au programme</h3>"
        "<ul><li>Des ateliers</li><li>Une restitution</li></ul>",
        place=place,
        place_label="Les Champs Libres, Rennes",
        categories=("Rencontre",),
        tags=("design", "territoires"),
        organisation="Laboratoire d’innovation publique de Bretagne",
        sessions=[
            (
                soon(2, 9, 30),
                soon(2, 12),
                "Atelier : prototyper un accueil unique",
                {
                    "formats": ["Atelier"],
                    "description_html": "<p>On dessine ensemble.</p>",
                    "accessibility": "Salle accessible en fauteuil roulant",
                    "is_free": True,
                    "registration_url": "https://inscriptions.example.org/atelier",
                    "registration_required": True,
                },
            ),
            (soon(3, 14), soon(3, 16, 30), "Visite du laboratoire", {"formats": ["Visite"]}),
            (
                soon(9, 10),
                soon(9, 12),
                "Table ronde",
                {"formats": ["Table ronde"], "status": Session.Status.CANCELLED},
            ),
        ],
    )
    Image.objects.create(event=event, path=BANNER, alt="Bandeau orange avec des cercles reliés")
    InfoField.objects.create(
        event=event, position=0, label="Inscription", content="Gratuite", link="https://ex.org/i"
    )
    InfoField.objects.create(event=event, position=1, label="Public", content="Agents *publics*")
    make_event(
        "Webinaire sobriété numérique",
        start=soon(4, 11),
        end=soon(4, 12),
        attendance_mode="online",
        categories=("Webinaire",),
    )
    make_event(
        "Meetup passé",
        start=dt.datetime(2023, 11, 3, 16, 15, tzinfo=PARIS),
        end=dt.datetime(2023, 11, 3, 18, 15, tzinfo=PARIS),
        chapeau="Un meetup de l’an dernier.",
        categories=("Rencontre",),
    )
    return event


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?categorie=rencontre&mode=presentiel",
        "/?du=pas-une-date",
        "/passes/",
        "/accessibilite/",
        "/donnees/",
    ],
)
def test_list_and_static_pages_have_no_axe_violations(deployed, page, programme, path):
    page.goto(deployed.url + path)

    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)


def test_the_event_page_has_no_axe_violations(deployed, page, programme):
    page.goto(deployed.url + programme.get_absolute_url())

    assert page.get_by_role("img", name="Bandeau orange avec des cercles reliés").is_visible()
    assert page.locator(".agenda-session").count() == 3
    assert_no_axe_violations(page)


def test_the_home_page_has_no_axe_violations_in_dark_mode(deployed, browser, programme):
    context = browser.new_context(locale="fr-FR", color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(deployed.url + "/")
        # The DSFR's script sets the theme after the load event, on its next frame: wait for it
        # (a bare read after goto() failed once in CI).
        expect(page.locator("html")).to_have_attribute("data-fr-theme", "dark")
        assert_no_axe_violations(page)
    finally:
        context.close()


def test_the_skip_link_is_reached_first_and_moves_focus_to_the_content(deployed, page, programme):
    page.goto(deployed.url + "/")

    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]"
    )
    assert focused == ["Contenu", "#content"]
    assert page.locator("a[href='#content']").is_visible()  # shown on focus

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    inside_main = page.evaluate(
        "document.getElementById('content').contains(document.activeElement)"
    )
    assert inside_main


def test_the_filter_form_is_usable_and_keeps_filters_in_the_url(deployed, page, programme):
    page.goto(deployed.url + "/")

    page.get_by_label("Catégorie").select_option("webinaire")
    page.get_by_role("button", name="Appliquer les filtres").click()

    page.wait_for_url("**/?*categorie=webinaire*")
    titles = page.locator(".fr-card__title").all_inner_texts()
    assert titles == ["Webinaire sobriété numérique"]
    assert page.get_by_label("Catégorie").input_value() == "webinaire"
