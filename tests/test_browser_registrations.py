"""Registering in a real Chromium, without any JavaScript of ours: the form, the full session
and the personal page have no axe-core violation. Same pattern as test_browser.py."""

import re

import pytest

from agenda.events.models import Session
from agenda.registrations.models import Registration
from tests.browsing import assert_no_axe_violations
from tests.conftest import native_session
from tests.deployed import emails_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session(make_event) -> Session:
    return native_session(
        make_event,
        "Webinaire données ouvertes",
        "Publier ses jeux de données",
        capacity=1,
        days=5,
        attendance_mode="online",
    )


def emailed_link(deployed, count: int = 1) -> str:
    """The personal link of the last e-mail the site sent (through SMTP)."""
    body = emails_to(deployed, count)[-1].get_body(("plain",)).get_content()
    return re.search(r"https?://\S+(/inscription/\S+/)", body)[1]


def test_register_through_the_form_confirm_by_the_link_then_see_the_personal_page(
    deployed, page, session
):
    page.goto(deployed.url + session.event.get_absolute_url())
    page.get_by_role("link", name="S’inscrire : Publier ses jeux de données").click()
    page.wait_for_url("**/inscription/")
    assert page.get_by_text("1 place restante").is_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="S’inscrire").click()  # empty: errors, still accessible
    assert page.get_by_text("Cochez cette case pour vous inscrire.").is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Nom et prénom").fill("Camille Martin")
    page.get_by_label("Adresse électronique").fill("camille@example.org")
    page.get_by_label("Organisation").fill("DINUM")
    page.get_by_text("J’accepte que mes données").click()
    page.get_by_role("button", name="S’inscrire").click()

    # A new browser: the request waits for the link sent to the address.
    assert page.get_by_role("heading", name="Vérifiez votre messagerie").is_visible()
    assert Registration.objects.get().state == Registration.State.PENDING
    assert_no_axe_violations(page)
    page.goto(deployed.url + emailed_link(deployed))
    assert page.get_by_role("heading", name="Inscription à confirmer").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Confirmer mon inscription").click()

    page.wait_for_url("**/inscription/*:*/")
    assert page.locator("h1").inner_text() == "Mon inscription"
    assert page.get_by_text("Votre inscription est confirmée.").is_visible()
    assert page.get_by_role("link", name="https://visio.example/salle-secrete").is_visible()
    assert Registration.objects.get().state == Registration.State.CONFIRMED
    assert_no_axe_violations(page)


def test_the_full_session_says_so_before_the_form(deployed, page, session):
    Registration.objects.create(
        session=session, name="Déjà là", email="la@example.org", state="confirmed"
    )
    page.goto(deployed.url + session.event.get_absolute_url())
    page.get_by_role("link", name="Complet — liste d’attente : Publier ses jeux de données").click()
    page.wait_for_url("**/inscription/")
    alert = page.get_by_role("heading", name="Complet — liste d’attente")
    button = page.get_by_role("button", name="Rejoindre la liste d’attente")
    assert alert.is_visible() and button.is_visible()
    assert alert.bounding_box()["y"] < button.bounding_box()["y"]
    assert_no_axe_violations(page)

    page.get_by_label("Nom et prénom").fill("Dominique")
    page.get_by_label("Adresse électronique").fill("dominique@example.org")
    page.get_by_text("J’accepte que mes données").click()
    button.click()
    page.goto(deployed.url + emailed_link(deployed))
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_url("**/inscription/*:*/")
    assert page.get_by_role("heading", name="Liste d’attente : 1re position").is_visible()
    assert page.get_by_text("salle-secrete").count() == 0
    assert_no_axe_violations(page)


def test_the_privacy_notice_has_no_axe_violations(deployed, page):
    page.goto(deployed.url + "/donnees-personnelles/")
    assert page.locator("h1").inner_text() == "Données personnelles des inscriptions"
    assert_no_axe_violations(page)
