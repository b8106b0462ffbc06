"""What the moderation tests share: an organisation, its organiser, a moderator, and helpers
that read the event form's HTML. The fixtures are registered by tests/conftest.py."""

import re

import pytest
from django.urls import reverse

from agenda.events.models import Event
from agenda.moderation import services
from tests import contributors as t

NEW = "/espace/evenements/nouveau/"


@pytest.fixture
def ditp():
    return t.organisation("DITP")


@pytest.fixture
def organiser(ditp):
    return t.person("camille@ditp.example", role="organiser", of=ditp)


@pytest.fixture
def moderator():
    return t.person("modo@programme.example", role="moderator", of=t.organisation("Programme"))


def errors_in(html: str) -> list[str]:
    return re.findall(r'<p class="fr-error-text">([^<]*)</p>', html)


def warnings_in(html: str) -> list[str]:
    return re.findall(r'fr-message--warning">Avertissement&nbsp;: ([^<]*)</p>', html)


def tag_of(html: str, name: str) -> str:
    """The <input>/<textarea> tag of the field named `name`."""
    return re.search(rf'<(?:input|textarea|select)[^>]*name="{re.escape(name)}"[^>]*>', html)[0]


def create(client, data, **extra) -> Event:
    response = client.post(NEW, t.form_post(data, **extra))
    assert response.status_code == 302, errors_in(response.content.decode())
    return Event.objects.latest("pk")


def edit_url(event) -> str:
    return reverse("space_event_edit", kwargs={"pk": event.pk})


def published_event(client, organiser, moderator, ditp, **fields) -> Event:
    client.force_login(organiser)
    event = create(client, t.snapshot(ditp, **fields), action="submit")
    services.publish_event(actor=moderator, event=event)
    event.refresh_from_db()
    return event


def one_user_per_role() -> tuple:
    """(DITP, another organisation, {role: user}) for the permission matrices: DITP's organiser,
    another organisation's organiser, a moderator and an admin of the programme team, and None
    for the anonymous visitor."""
    ditp = t.organisation("DITP")
    other = t.organisation("Autre ministère")
    team = t.organisation("Équipe du programme")
    users = {
        "anonymous": None,
        "organiser": t.person("camille@ditp.example", role="organiser", of=ditp),
        "other_organiser": t.person("dominique@autre.example", role="organiser", of=other),
        "moderator": t.person("modo@programme.example", role="moderator", of=team),
        "admin": t.person("admin@programme.example", role="admin", of=team),
    }
    return ditp, other, users
