"""An imported page whose programme is read from its body, in a real Chromium (axe-core): the
public page (text before, sessions, text after) and the staff's view of the body as written."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from agenda.events.services import save_page
from agenda.exchange.jekyll import read_page
from tests.browsing import assert_no_axe_violations

from .test_own_pages import PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def imported():
    page = read_page(PAGES / "journee-entiere-et-horaires.markdown")
    page.body = "Deux jours d'exposition et d'ateliers.\n\n" + page.body + "\n\nÀ bientôt !\n"
    page.programme_lines = [(first + 2, last + 2) for first, last in page.programme_lines]
    return save_page(page=page)


def test_the_public_page_of_an_imported_programme_has_no_axe_violations(deployed, page, imported):
    page.goto(deployed.url + imported.get_absolute_url())

    assert page.locator(".agenda-session").count() == 5
    assert page.get_by_text("À bientôt !").is_visible()
    assert page.get_by_text("Corps de la page tel qu’écrit").count() == 0
    assert_no_axe_violations(page)


def test_staff_open_the_body_as_written_with_the_keyboard(
    deployed, page, imported, django_user_model
):
    staff = django_user_model.objects.create_user("redaction", password="x", is_staff=True)
    client = Client()
    client.force_login(staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": deployed.url}]
    )
    page.goto(deployed.url + imported.get_absolute_url())
    button = page.get_by_role("button", name="Corps de la page tel qu’écrit (visible par l’équipe)")
    # DSFR's script marks each element it has taken over (data-fr-js-…): a key pressed before
    # that does nothing, so wait for it (under load it comes a little after the load event).
    button.element_handle().wait_for_element_state("visible")
    page.wait_for_function(
        "b => [...b.attributes].some(a => a.name.startsWith('data-fr-js-'))",
        arg=button.element_handle(),
        timeout=10_000,
    )
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    assert page.get_by_text("* 10h-11h : Ouverture", exact=False).count() == 0  # rendered HTML
    expect(page.locator("#corps-brut li").first).to_be_visible()  # after the opening animation
    assert_no_axe_violations(page)
