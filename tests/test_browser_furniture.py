"""The header and footer (django-dsfr's, filled from the settings) in a real Chromium at 320
and 1,280 px: no axe violation, no sideways scroll, the footer's mandatory links visible, the
menu reachable through its button on a phone. Screenshots go to $SCREENSHOTS_DIR when set."""

import pytest

from tests.browsing import assert_no_axe_violations
from tests.conftest import native_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOOTER_LINKS = [
    "Plan du site",
    "Accessibilité : non conforme",
    "Mentions légales",
    "Données personnelles",
    "Gestion des cookies",
    "Données ouvertes",
]


@pytest.mark.sqlite_only  # widths and markup do not depend on the database
@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("path", ["/", "/mentions-legales/", "/gestion-des-cookies/"])
def test_the_furniture_fits_and_passes_axe(deployed, browser, make_event, screenshots, width, path):
    session = native_session(make_event, "Forum des données", "Atelier ouvert", capacity=12)
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(deployed.url + path)
        footer = page.locator("footer")
        for name in FOOTER_LINKS:
            assert footer.get_by_role("link", name=name, exact=True).count() == 1, name
        for part in ("header", "footer"):
            scroll = page.evaluate(f"document.querySelector('{part}').scrollWidth")
            assert scroll <= width, f"the {part} of {path} at {width}px is {scroll}px wide"
        if path != "/":  # the agenda's own filters are the responsive work's (issue 12, item 8)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= width, f"{path} at {width}px is {scroll}px wide"
        if path == "/":
            assert page.get_by_text("12\u00a0places restantes").first.is_visible()
            assert session.display_title in page.content()
        assert_no_axe_violations(page)
        page.screenshot(
            path=str(screenshots / f"{path.strip('/') or 'accueil'}-{width}.png"),
            full_page=True,
        )
    finally:
        context.close()


def test_on_a_phone_the_menu_opens_from_its_button(deployed, browser, screenshots):
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 700})
    page = context.new_page()
    try:
        page.goto(deployed.url + "/")
        link = page.locator("#navigation").get_by_role("link", name="Passés", exact=True)
        assert not link.is_visible()
        page.get_by_role("button", name="Menu").click()
        link.wait_for(state="visible")
        assert page.get_by_role("link", name="Se connecter").first.is_visible()
        page.screenshot(path=str(screenshots / "menu-320.png"), full_page=True)
    finally:
        context.close()
