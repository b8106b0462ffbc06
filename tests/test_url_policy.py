"""One URL policy (issue 10.1): http, https, mailto, tel and relative links only, checked when
a page, a form or a table comes in, and again on every output (HTML, JSON-LD, ICS, Atom, API)."""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re

import pytest
from django.core.management import call_command

from agenda.events.models import Event, Organisation, Session
from agenda.lib.links import is_safe_link, link_refusal, link_scheme, safe_link
from agenda.lib.markup import render_markdown

UNSAFE = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml;base64,PHN2Zz4=",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/x",
]
SAFE = [
    "https://example.org/a?b#c",
    "HTTP://EXAMPLE.ORG",
    "mailto:contact@example.org",
    "tel:+33100000000",
    "/evenements/x/",
    "#programme",
    "?page=2",
    "programme.pdf",
    "javascript&colon;alert(1)",  # no scheme for a browser: a relative path
    "",
]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_schemes_are_refused_however_they_are_written(url):
    assert not is_safe_link(url)
    assert safe_link(url) == ""
    assert link_refusal(url).startswith(f"lien « {link_scheme(url)}: » refusé")


@pytest.mark.parametrize("url", SAFE)
def test_safe_and_relative_links_pass(url):
    assert is_safe_link(url)
    assert safe_link(url) == url
    assert link_refusal(url) is None


def test_the_body_sanitiser_drops_unsafe_links_in_any_case():
    body = '<a href="JaVaScRiPt:alert(1)">a</a> <a href="data:text/html,x">b</a> [c](vbscript:x)'
    rendered = render_markdown(body)
    assert "href" not in rendered and "script:" not in rendered.replace("vbscript:x", "")


HOSTILE_PAGE = """---
title: Atelier piégé
event_start_date: {year}-11-03 00:00:00 +01:00
chapeau-text: "[Cliquez](javascript:alert('chapeau'))"
organisation: Organisation piégée
une-ou-diaporama:
- image: "javascript:alert('image')"
  alternative-textuelle: Une image
- image: https://example.org/ok.png
  alternative-textuelle: Une autre image
champs_informations:
- intitule: Programme
  contenu: Le programme
  lien: JaVaScRiPt:alert(document.domain)
- intitule: Carte
  contenu: La carte
  lien: "data:text/html,<script>alert(1)</script>"
- intitule: Site
  contenu: Le site
  lien: https://example.org/site
---

**[Le 03/11 de 10h à 11h] [Atelier]** *Premier atelier*

<a href="JaVaScRiPt:alert('inscription')">S’inscrire à l’atelier</a>

**[Le 03/11 de 14h à 15h] [Atelier]** *Second atelier*

[Inscription](javascript:alert('markdown'))
<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">
"""

YEAR = dt.date.today().year + 1  # upcoming, whenever the suite runs
EXECUTABLE = re.compile(r"(?i)(?:java|vb)\s*script\s*:|data\s*:")


def import_hostile(tmp_path) -> tuple[Event, str]:
    path = tmp_path / "piege.md"
    path.write_text(HOSTILE_PAGE.replace("{year}", str(YEAR)), encoding="utf-8")
    err = io.StringIO()
    call_command("import", str(path), stdout=io.StringIO(), stderr=err)
    return Event.objects.get(), err.getvalue()


def test_the_import_drops_unsafe_links_and_says_where_they_were(tmp_path, db):
    event, report = import_hostile(tmp_path)
    assert [(f.label, f.link) for f in event.info_fields.all()] == [
        ("Programme", ""), ("Carte", ""), ("Site", "https://example.org/site")
    ]  # fmt: skip
    assert [image.path for image in event.images.all()] == ["https://example.org/ok.png"]
    assert [s.registration_url for s in event.sessions.order_by("starts_at")] == ["", ""]
    located = re.findall(r"piege\.md:(\d+):\d+: (bad-url|unsafe-url): (.*)", report)
    assert {(int(line), code) for line, code, _ in located} >= {
        (4, "bad-url"),  # the chapeau's markdown link
        (7, "unsafe-url"),  # the image
        (14, "bad-url"),  # the info field's link
        (17, "bad-url"),
        (25, "bad-url"),  # the body's <a href>
        (29, "bad-url"),  # the body's markdown link
    }


def _links_in_html(text: str) -> list[str]:
    return [html.unescape(value) for value in re.findall(r'(?:href|src|action)="([^"]*)"', text)]


def _strings(value, key: str = ""):
    """(key, text) of every string in a JSON document; the key is the nearest one above."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str):
        yield key, value


def test_no_output_carries_an_executable_link(tmp_path, db, client, moderator):
    event, _ = import_hostile(tmp_path)
    # Values stored before the policy existed, or by a path that forgot it: outputs refuse them.
    organisation = Organisation.objects.get(name="Organisation piégée")
    Organisation.objects.filter(pk=organisation.pk).update(website="javascript:alert('site')")
    first, second = event.sessions.order_by("starts_at")
    Session.objects.filter(pk=first.pk).update(registration_url="javascript:alert('stored')")
    Session.objects.filter(pk=second.pk).update(
        online_url="data:text/html,<script>alert(1)</script>", attendance_mode="online"
    )
    event.info_fields.filter(label="Site").update(link="vbscript:msgbox(1)")

    client.force_login(moderator)
    pages = {
        "event page": client.get(f"/evenements/{event.slug}/"),
        "staff preview": client.get(f"/espace/evenements/{event.pk}/apercu/"),
        "agenda": client.get(f"/?du={YEAR}-11-01"),
    }
    client.logout()
    feeds = {
        "event ICS": client.get(f"/evenements/{event.slug}.ics"),
        "session ICS": client.get(f"/seances/{first.uid}.ics"),
        "organisation ICS": client.get(f"/organisations/{organisation.slug}.ics"),
        "agenda ICS": client.get(f"/agenda.ics?du={YEAR}-11-01"),
    }
    atom = client.get(f"/flux.atom?du={YEAR}-11-01")
    api = {
        "API event": client.get(f"/api/events/{event.slug}"),
        "API list": client.get(f"/api/events?du={YEAR}-11-01"),
        "API session": client.get(f"/api/sessions/{first.uid}"),
    }
    for name, response in {**pages, **feeds, **api, "Atom": atom}.items():
        assert response.status_code == 200, name
    entries = html.unescape(atom.content.decode())  # the summaries are escaped HTML
    assert "Atelier piégé" in entries
    assert [link for link in _links_in_html(entries) if not is_safe_link(link)] == []
    for name, response in pages.items():
        text = response.content.decode()
        assert "Atelier piégé" in text, name
        ours = "webcal://testserver/"  # the site's own subscription links
        links = [link for link in _links_in_html(text) if not link.startswith(ours)]
        unsafe = [link for link in links if not is_safe_link(link)]
        assert unsafe == [], name
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S):
            jsonld = json.loads(block)
            assert [s for _, s in _strings(jsonld) if not is_safe_link(s)] == [], name
    for name, response in feeds.items():
        text = response.content.decode()
        assert "Atelier piégé" in text, name
        assert not EXECUTABLE.search(text), (name, EXECUTABLE.search(text))
    for name, response in api.items():
        data = response.json()
        links = [
            text
            for key, text in _strings(data)
            if key in {"url", "website", "online_url", "registration_url", "link", "image"}
        ]
        assert links and all(is_safe_link(link) for link in links), name
        assert not [text for _, text in _strings(data) if not is_safe_link(text)], name


def test_the_preview_and_the_page_show_the_info_fields_without_their_unsafe_link(tmp_path, db):
    from django.test import Client

    event, _ = import_hostile(tmp_path)
    text = Client().get(f"/evenements/{event.slug}/").content.decode()
    assert "<strong>Programme</strong>&nbsp;: Le programme" in text
    assert '<a href="https://example.org/site" rel="noopener">Le site</a>' in text
