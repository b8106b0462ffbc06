"""In a real Chromium, the site's Content-Security-Policy blocks nothing the site itself needs:
no violation reported on the main pages, public and contributor space, DSFR's script running."""

import pytest
from django.core.management import call_command
from django.test import Client

from agenda.events.models import Event
from tests.conftest import native_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def violations_on(page, url: str) -> list[str]:
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    assert "Content-Security-Policy" in {name.title() for name in response.headers}
    return messages + page.evaluate("window.__cspViolations")


def test_no_csp_violation_on_the_main_pages(deployed, page, organiser, make_event):
    call_command("load_demo", verbosity=0)
    event = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("slug").first()
    # An event page drawing its place on a small map (Leaflet, its marker images).
    mapped = Event.objects.filter(
        status=Event.Status.PUBLISHED, place__latitude__isnull=False
    ).order_by("slug")[0]
    Event.objects.filter(pk=mapped.pk).update(show_map=True)
    session = native_session(make_event, "Atelier CSP", "Séance", capacity=5)
    client = Client()
    client.force_login(organiser)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": deployed.url,
            }
        ]
    )
    page.add_init_script(RECORD_VIOLATIONS)
    urls = [
        "/",
        "/passes/",
        event.get_absolute_url(),
        "/carte/",
        "/carte/?mode=presentiel",
        mapped.get_absolute_url(),
        "/accessibilite/",
        "/plan-du-site/",
        "/compte/connexion/",
        f"/seances/{session.uid}/inscription/",
        "/espace/",
        "/espace/evenements/nouveau/",
    ]

    found = {url: violations_on(page, deployed.url + url) for url in urls}

    assert {url: seen for url, seen in found.items() if seen} == {}
    # The DSFR's script (a file) ran: it marks the page once started.
    page.goto(deployed.url + "/")
    page.wait_for_function("document.documentElement.hasAttribute('data-fr-js')")
