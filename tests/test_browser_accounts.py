"""The accounts pages in a real Chromium: axe-core finds no violation, sign-in works by keyboard.

Uses Debian's /usr/bin/chromium (never a downloaded browser): skipped when it is absent,
except in CI (CI=true), where its absence is a failure.
"""

from collections.abc import Iterator

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.test import Client

from agenda.accounts.models import Invitation, Membership
from agenda.events.models import Organisation
from tests.browsing import assert_no_axe_violations
from tests.deployed import Deployed, deploy, settings_of
from tests.oidc import AGENT, running_provider

PASSWORD = "Une phrase de passe solide 2026"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team():
    labo = Organisation.objects.create(
        name="Laboratoire d’innovation de Bretagne", slug="labo", acronym="LIB"
    )
    ditp = Organisation.objects.create(name="DITP", slug="ditp")
    users = {}
    for key, email, role, organisation, first, last in [
        ("admin", "admin@ditp.gouv.fr", "admin", ditp, "Alex", "Admin"),
        ("moderator", "moderation@ditp.gouv.fr", "moderator", ditp, "Maud", "Modo"),
        ("organiser", "orga@labo.bzh", "organiser", labo, "Olivier", "Orga"),
    ]:
        users[key] = get_user_model().objects.create_user(
            username=email, email=email, password=PASSWORD, first_name=first, last_name=last
        )
        Membership.objects.create(user=users[key], organisation=organisation, role=role)
    Invitation.objects.create(
        email="attente@labo.bzh", organisation=labo, invited_by=users["moderator"]
    )
    return users


def sign_in_as(page, deployed, user) -> None:
    """Give the browser the session cookie of a signed-in test client."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": deployed.url}])


@pytest.fixture(scope="module")
def proconnect_site(django_db_setup, collected_static, tmp_path_factory) -> Iterator[Deployed]:
    """A second deployed site, with ProConnect turned on (through its environment, as in
    production) against the test provider, which the deployed gunicorn calls."""
    with running_provider(tmp_path_factory.mktemp("oidc-provider")) as provider:
        with deploy(collected_static, **provider.agenda_environment()) as site:
            provider.register(site.url)
            yield site


@pytest.fixture
def deployed_with_proconnect(proconnect_site, transactional_db) -> Iterator[Deployed]:
    proconnect_site.mail.clear()
    with settings_of(proconnect_site):
        yield proconnect_site


def test_an_agent_signs_in_with_proconnect_from_a_login_page_with_no_axe_violations(
    deployed_with_proconnect, page
):
    site = deployed_with_proconnect
    page.goto(site.url + "/compte/connexion/")
    button = page.get_by_role("button", name="S’identifier avec ProConnect")
    assert button.is_visible()
    assert page.locator("h1").inner_text() == "Se connecter"
    assert_no_axe_violations(page)

    button.click()
    page.get_by_label("Identifiant").fill(AGENT["username"])
    page.get_by_label("Mot de passe").fill(AGENT["password"])
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url(site.url + "/espace/**")
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    agent = get_user_model().objects.get()
    assert (agent.email, agent.first_name, agent.last_name) == (
        "camille.agent@interieur.gouv.fr",
        "Camille",
        "Agent",
    )


def test_the_login_page_showing_errors_has_no_axe_violations(deployed, page, team):
    page.goto(deployed.url + "/compte/connexion/")
    page.locator("#id_email").fill("orga@labo.bzh")
    page.locator("#id_password").fill("pas le bon")
    page.get_by_role("button", name="Se connecter", exact=True).click()

    page.wait_for_load_state()
    assert "Adresse électronique ou mot de passe incorrect." in page.inner_text("main")
    assert page.title().startswith("Erreur\u00a0: Se connecter")
    assert_no_axe_violations(page)


def test_the_password_reset_pages_have_no_axe_violations(deployed, page, db):
    page.goto(deployed.url + "/compte/mot-de-passe/")
    assert page.locator("h1").inner_text() == "Mot de passe oublié"
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Recevoir le lien par courriel").click()
    page.wait_for_load_state()
    assert page.locator("#id_email_error").inner_text() == "Saisissez votre adresse électronique."
    assert_no_axe_violations(page)


def test_the_organisation_page_of_an_admin_has_no_axe_violations(deployed, page, team):
    sign_in_as(page, deployed, team["admin"])
    page.goto(deployed.url + "/espace/organisations/labo/")

    assert page.get_by_role("button", name="Envoyer l’invitation").is_visible()
    assert page.get_by_label("Rôle de Olivier Orga").input_value() == "organiser"
    assert page.get_by_role("button", name="Annuler l’invitation de attente@labo.bzh").is_visible()
    assert_no_axe_violations(page)


def test_the_organisation_page_after_a_refused_invitation_has_no_axe_violations(
    deployed, page, team
):
    sign_in_as(page, deployed, team["moderator"])
    page.goto(deployed.url + "/espace/organisations/labo/")
    page.get_by_label("Adresse électronique de la personne invitée").fill("orga@labo.bzh")
    page.get_by_role("button", name="Envoyer l’invitation").click()

    page.wait_for_load_state()
    assert "Cette personne est déjà membre" in page.locator("#id_email_error").inner_text()
    assert_no_axe_violations(page)


def test_the_organisations_list_and_the_invitation_page_have_no_axe_violations(
    deployed, page, team
):
    invitation = Invitation.objects.get()
    page.goto(deployed.url + f"/compte/invitation/{invitation.token}/")
    assert page.get_by_role(
        "button", name="Créer mon compte et rejoindre l’organisation"
    ).is_visible()
    assert_no_axe_violations(page)

    sign_in_as(page, deployed, team["moderator"])
    page.goto(deployed.url + "/espace/organisations/")
    assert page.locator("h1").inner_text() == "Organisations"
    assert_no_axe_violations(page)


def test_a_person_signs_in_with_the_keyboard_only(deployed, page, team):
    page.goto(deployed.url + "/compte/connexion/?next=/espace/organisations/")

    # The email field has the focus on arrival; Tab then walks the form in reading order.
    assert page.evaluate("document.activeElement.id") == "id_email"
    page.keyboard.type("orga@labo.bzh")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    assert (
        page.evaluate("document.activeElement.textContent.trim()") == "Mot de passe oublié\u202f?"
    )
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Se connecter"
    page.keyboard.press("Enter")

    page.wait_for_url("**/espace/organisations/")
    assert page.locator("h1").inner_text() == "Mes organisations"
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert "Laboratoire d’innovation de Bretagne" in page.inner_text("main")
