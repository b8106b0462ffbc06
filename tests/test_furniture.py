"""The State's site furniture: django-dsfr's header and footer (dsfr/header.html and
dsfr/footer.html, extended by templates/furniture/), filled from the settings, with the
footer's mandatory links and their pages."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

MANDATORY = {
    "Plan du site": "/plan-du-site/",
    "Accessibilité\u00a0: non conforme": "/accessibilite/",
    "Mentions légales": "/mentions-legales/",
    "Données personnelles": "/donnees-personnelles/",
    "Gestion des cookies": "/gestion-des-cookies/",
    "Données ouvertes": "/donnees/",
}


def footer_links(html: str) -> dict[str, str]:
    footer = html[html.index('<footer class="fr-footer"') :]
    pairs = re.findall(r'class="fr-footer__bottom-link" href="([^"]*)"[^>]*>([^<]*)</a>', footer)
    return {unescape(label): href for href, label in pairs}


def test_the_footer_has_every_mandatory_link_and_each_page_answers(client):
    links = footer_links(client.get("/").content.decode())

    assert links == MANDATORY
    for href in links.values():
        page = client.get(href)
        assert page.status_code == 200 and page.content.decode().count("<h1") == 1, href


def test_header_and_footer_come_from_django_dsfr_without_inline_style(client, settings):
    settings.SITE_NAME = "Agenda du Mois"
    html = client.get("/mentions-legales/").content.decode()

    header = html[html.index('<header role="banner" class="fr-header">') : html.index("</header>")]
    assert '<p class="fr-header__service-title">Agenda du Mois</p>' in header
    assert 'aria-controls="fr-menu-mobile"' in header and 'id="fr-menu-mobile"' in header
    assert "Se connecter" in header and "[url - à modifier]" not in header
    assert "footer__content-link-legifrance" in html  # dsfr/footer.html's own markup
    assert " style=" not in html


def test_the_furniture_reads_the_settings_not_the_database(client, settings):
    settings.ACCESSIBILITY_STATUS = "partiellement"
    settings.FOOTER_LINKS = [
        ("Code source", "https://git.example.org/agenda"),
        ("X", "javascript:x"),
    ]
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/accessibilite/").content.decode()

    links = footer_links(html)
    assert links["Accessibilité\u00a0: partiellement conforme"] == "/accessibilite/"
    assert links["Code source"] == "https://git.example.org/agenda" and "X" not in links
    assert "<strong>partiellement conforme</strong>" in html
    assert not any("dsfrconfig" in q["sql"].lower() for q in queries.captured_queries)


def test_the_legal_notice_names_the_operator_or_says_it_is_missing(client, settings):
    settings.OPERATOR_NAME = ""
    assert (
        "L’éditeur du site n’est pas encore renseigné."
        in client.get("/mentions-legales/").content.decode()
    )

    settings.OPERATOR_NAME = "Direction interministérielle de la transformation publique"
    settings.HOSTING_PROVIDER = "OVH, 2 rue Kellermann, 59100 Roubaix"
    settings.CONTACT_EMAIL = "contact@modernisation.gouv.fr"
    html = client.get("/mentions-legales/").content.decode()
    assert "Il est édité par Direction interministérielle de la transformation publique." in html
    assert "Le site est hébergé par OVH, 2 rue Kellermann, 59100 Roubaix." in html
    assert 'href="mailto:contact@modernisation.gouv.fr"' in html


def test_the_cookie_page_lists_the_cookies_the_site_sets(client):
    from agenda.lib.known_emails import COOKIE

    html = client.get("/gestion-des-cookies/").content.decode()

    for name in ("csrftoken", "sessionid", COOKIE):
        assert f"<strong>{name}</strong>" in html
    assert "aucun cookie de mesure d’audience" in html


def test_a_wrong_accessibility_status_stops_the_start():
    import os
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        env={
            **os.environ,
            "ACCESSIBILITY_STATUS": "oui",
            "DJANGO_SETTINGS_MODULE": "agenda.settings",
        },
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "ACCESSIBILITY_STATUS" in run.stderr
