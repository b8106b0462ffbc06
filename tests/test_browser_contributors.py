"""The contributor space at 320, 768 and 1,280 px (issue 12, item 8): no page scrolls sideways,
every button shows its label, axe-core finds no violation; each role's menu in the browser.

Uses Debian's /usr/bin/chromium (never a downloaded browser): skipped when it is absent,
except in CI (CI=true), where its absence is a failure. Screenshots go to
$SCREENSHOTS_DIR when it is set, for a person to look at."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from agenda.accounts.models import Invitation
from agenda.moderation import services
from agenda.moderation.snapshot import event_snapshot
from agenda.registrations.models import Registration
from tests import contributors as t
from tests.browsing import assert_no_axe_violations
from tests.layout import assert_fits
from tests.moderating import one_user_per_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (320, 768, 1280)
LONG_TITLE = (
    "Atelier : concevoir ensemble un accueil unique des usagers dans les maisons France services"
)


@pytest.fixture
def world():
    ditp, other, users = one_user_per_role()
    organiser, moderator = users["organiser"], users["moderator"]

    def saved(title, **kwargs):
        return services.save_from_form(
            actor=organiser, data=t.snapshot(ditp, title=title), **kwargs
        )

    saved("Brouillon du mois")
    sent = saved(LONG_TITLE, submit=True).event
    done = services.publish_event(actor=moderator, event=saved("Publié", submit=True).event)
    data = {**event_snapshot(done), "chapeau": "Un chapeau revu pour la rentrée des ateliers."}
    services.save_from_form(actor=organiser, event=done, data=data)
    Invitation.objects.create(email="nouvelle.personne@ditp.example", organisation=ditp)
    # The registrants' page with its tables filled: the widest screen of the space.
    session = done.sessions.first()
    for state, name in (("confirmed", "Dominique Lefèvre-Delacroix"), ("waitlisted", "Sacha")):
        Registration.objects.create(
            session=session,
            name=name,
            email=f"{name.split()[0].lower()}@administration.example",
            organisation="Direction interministérielle de la transformation publique",
            state=state,
            position=1 if state == "waitlisted" else None,
        )
    return {"ditp": ditp, "users": users, "submitted": sent, "published": done}


def signed_in(browser, deployed, user, width: int):
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": 900}
    )
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": deployed.url}]
    )
    return context, context.new_page()


def pages_of(world) -> dict[str, str]:
    ditp, submitted, published = world["ditp"], world["submitted"], world["published"]
    return {
        "accueil": reverse("space"),
        "nouvel-evenement": reverse("space_event_create"),
        "evenement": reverse("space_event", args=[published.pk]),
        "modifier": reverse("space_event_edit", args=[submitted.pk]),
        "import": reverse("bulk_import"),
        "inscriptions": reverse("space_registrations_list"),
        "inscrits": reverse("space_registrations", args=[published.sessions.first().uid]),
        "file": reverse("moderation_queue"),
        "moderer": reverse("moderation_event", args=[published.pk]),
        "journal": reverse("moderation_log"),
        "organisations": reverse("organisations"),
        "organisation": reverse("organisation", args=[ditp.slug]),
        "nouvelle-organisation": reverse("organisation_create"),
        "edition-suivante": reverse("space_edition_season"),
    }


@pytest.mark.sqlite_only  # widths and markup do not depend on the database
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_of_the_space_fits_the_width_with_no_axe_violation(
    browser, deployed, world, screenshots, width
):
    context, page = signed_in(browser, deployed, world["users"]["admin"], width)
    try:
        for name, path in pages_of(world).items():
            response = page.goto(deployed.url + path)
            assert response.status == 200, path
            page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=True)
            assert_fits(page, width)
            assert_no_axe_violations(page)
    finally:
        context.close()


@pytest.mark.parametrize("width", (320, 1280))
def test_the_organiser_s_home_shows_a_labelled_new_event_button_and_their_menu(
    browser, deployed, world, screenshots, width
):
    context, page = signed_in(browser, deployed, world["users"]["organiser"], width)
    try:
        page.goto(deployed.url + reverse("space"))
        page.screenshot(path=str(screenshots / f"organisateur-{width}.png"), full_page=True)
        button = page.locator("main a.fr-btn", has_text="Nouvel événement")
        assert button.is_visible()
        box = button.bounding_box()
        assert box["width"] > 100, f"« Nouvel événement » is {box['width']} px wide"
        if width < 768:  # the side menu folds into a button
            page.get_by_role("button", name="Menu de l’espace contributeur").click()
        menu = page.get_by_role("navigation", name="Espace contributeur")
        menu.get_by_role("link").first.wait_for(state="visible")
        links = menu.get_by_role("link").all_inner_texts()
        assert [text.strip() for text in links] == [
            "Mes événements",
            "Nouvel événement",
            "Import en masse",
            "Inscriptions",
            "Édition suivante",
            "Mes organisations",
        ]
        assert_fits(page, width)
        assert_no_axe_violations(page)
    finally:
        context.close()
