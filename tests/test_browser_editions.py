"""The next edition in a real Chromium (issue 14): an organiser prepares next year's edition of
a published event with the button, finds last year's image on the checklist, is refused the
submission while it is untouched, confirms it and submits. axe-core finds no violation on the
event page, the form and the checklist.

Uses Debian's /usr/bin/chromium (never a downloaded browser): skipped when it is absent,
except in CI (CI=true), where its absence is a failure.
"""

import pytest

from agenda.events.models import Event
from agenda.moderation import services
from tests import contributors as t
from tests.browsing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, user):
    """A page whose browser holds `user`'s session (made by Django's test client)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return context.new_page()


def test_an_organiser_prepares_checks_and_submits_the_next_edition(browser, live_server):
    ditp = t.organisation("DITP")
    organiser = t.person("camille@ditp.example", role="organiser", of=ditp)
    moderator = t.person("modo@programme.example", role="moderator", of=t.organisation("Prog"))
    data = t.snapshot(ditp, title="Atelier design des services")
    event = services.save_from_form(actor=organiser, data=data, submit=True).event
    services.publish_event(actor=moderator, event=event)
    page = signed_in(browser, live_server, organiser)

    page.goto(f"{live_server.url}/espace/evenements/{event.pk}/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Préparer l’édition suivante").click()
    page.wait_for_url("**/edition-suivante/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Créer le brouillon de l’édition suivante").click()
    page.wait_for_url("**/points-a-verifier/")
    copy = Event.objects.get(previous_edition=event)
    assert copy.status == "draft"
    assert "Brouillon de l’édition" in page.locator(".fr-alert--success").first.inner_text()
    assert "Image de l’édition précédente : /static/banner.png" in page.content()
    assert_no_axe_violations(page)

    # Untouched, unconfirmed: the submission is refused.
    page.get_by_role("button", name="Confirmer et soumettre à la modération").click()
    page.wait_for_url("**/points-a-verifier/")
    refusal = page.locator(".fr-alert--error").inner_text()
    assert refusal.startswith("Non soumis : ") and "de l’édition précédente à vérifier" in refusal
    assert Event.objects.get(pk=copy.pk).status == "draft"

    # Confirmed (the image, and whatever else the dates of today's run bring, such as a
    # session on a public holiday): submitted.
    image = page.get_by_text("Image de l’édition précédente : /static/banner.png", exact=True)
    assert image.count() == 2  # in the table, and as a checkbox's label
    boxes = page.locator("input[name=confirmed]")
    for index in range(boxes.count()):
        box_id = boxes.nth(index).get_attribute("id")
        page.locator(f"label[for={box_id}]").click()  # DSFR draws the box on its label
        assert boxes.nth(index).is_checked()
    page.get_by_role("button", name="Confirmer et soumettre à la modération").click()
    page.wait_for_url(f"**/espace/evenements/{copy.pk}/")
    assert "Événement soumis à la modération." in page.content()
    assert Event.objects.get(pk=copy.pk).status == "submitted"
