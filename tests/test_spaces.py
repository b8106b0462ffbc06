"""A home per role in the contributor space (issue 12, item 2): the organiser's events by state
with counts and what needs their action first, the moderator's home starting from the queue,
everything for an administrator; query counts that do not grow with the events."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.moderation import services
from tests import contributors as t
from tests.moderating import one_user_per_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ditp, other, users = one_user_per_role()
    return {"ditp": ditp, "other": other, "users": users}


def saved(author, org, title: str, **kwargs):
    return services.save_from_form(actor=author, data=t.snapshot(org, title=title), **kwargs).event


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("space"))
    assert response.status_code == 200
    return unescape(response.content.decode())


def section(page: str, anchor: str) -> str:
    start = page.index(f'id="{anchor}"')
    end = page.find("</section>", start)
    return page[start:end]


def test_an_organiser_sees_counts_by_state_and_what_to_do_first(client, world):
    organiser, moderator = world["users"]["organiser"], world["users"]["moderator"]
    saved(organiser, world["ditp"], "Brouillon A")
    sent = saved(organiser, world["ditp"], "À reprendre", submit=True)
    services.request_changes(actor=moderator, event=sent, comment="Précisez le lieu.")
    published = saved(organiser, world["ditp"], "En ligne", submit=True)
    services.publish_event(actor=moderator, event=published)
    saved(world["users"]["other_organiser"], world["other"], "Chez les autres")

    page = home(client, organiser)

    todo = section(page, "a-faire")
    assert "Modifications demandées par la modération\u00a0: " in todo and "À reprendre" in todo
    assert "Brouillon à compléter et soumettre\u00a0: " in todo and "Brouillon A" in todo
    assert "En ligne" not in todo
    counts = section(page, "par-etat")
    assert "Mes événements\u00a0: 3" in counts
    for label, count in [("Modifications demandées", 1), ("Brouillon", 1), ("Soumis", 0),
                         ("Publié", 1), ("Annulé", 0)]:  # fmt: skip
        assert f"{label}\xa0: {count}" in counts
    assert "Chez les autres" not in page
    assert "À modérer" not in page
    assert page.index("À reprendre") < page.index("Brouillon A")


def test_a_superuser_member_of_nothing_sees_the_event_they_created(client, world):
    root = t.person("root@exemple.fr", is_staff=True, is_superuser=True)
    event = saved(root, world["ditp"], "Créé par l’administrateur")
    services.submit_event(actor=root, event=event)
    services.publish_event(actor=root, event=event)

    page = home(client, root)

    assert "Aucun événement" not in page
    assert "Tous les événements\u00a0: 1" in page
    assert "Créé par l’administrateur" in section(page, "etat-published")


def test_an_administrator_sees_every_organisation_s_events(client, world):
    saved(world["users"]["organiser"], world["ditp"], "DITP 1")
    saved(world["users"]["other_organiser"], world["other"], "Autre 1")

    page = home(client, world["users"]["admin"])

    assert "DITP 1" in page and "Autre 1" in page
    assert "Tous les événements\u00a0: 2" in page


def test_a_moderator_s_home_starts_from_the_queue(client, world):
    organiser = world["users"]["organiser"]
    saved(organiser, world["ditp"], "Premier soumis", submit=True)
    saved(organiser, world["ditp"], "Second soumis", submit=True)

    page = home(client, world["users"]["moderator"])

    queue = section(page, "a-moderer")
    assert "À modérer\u00a0: 2" in queue
    assert queue.index("Premier soumis") < queue.index("Second soumis")
    assert f'href="{reverse("moderation_queue")}"' in queue
    assert page.index('id="a-moderer"') < page.index('id="par-etat"')


def test_the_new_event_button_has_a_visible_label(client, world):
    page = home(client, world["users"]["organiser"])

    assert f'href="{reverse("space_event_create")}">Nouvel événement</a>' in page
    assert "fr-btns-group--icon-left" in page


def test_someone_without_organisation_is_told_how_to_join(client, db):
    page = home(client, t.person("seul@exemple.fr"))

    assert "Votre compte n’est rattaché à aucune organisation" in page
    assert "Nouvel événement" not in page


@pytest.mark.parametrize("role", ["organiser", "moderator", "admin"])
def test_the_home_s_query_count_does_not_grow_with_the_events(client, world, role):
    user = world["users"][role]
    organiser = world["users"]["organiser"]
    client.force_login(user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("space")).status_code == 200
        return len(queries)

    saved(organiser, world["ditp"], "Un", submit=True)
    few = count()
    for number in range(6):
        saved(organiser, world["ditp"], f"Événement {number}", submit=number % 2 == 0)
    assert count() == few


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_organisations_list_s_query_count_does_not_grow(client, world):
    client.force_login(world["users"]["admin"])
    url = reverse("organisations")
    few = queries_for(client, url)

    for number in range(4):
        org = t.organisation(f"Préfecture {number}")
        t.person(f"agent{number}@exemple.fr", role="organiser", of=org)
        saved(world["users"]["admin"], org, f"Atelier {number}")

    assert queries_for(client, url) == few


def test_the_queue_s_query_count_does_not_grow(client, world):
    organiser, moderator = world["users"]["organiser"], world["users"]["moderator"]
    client.force_login(moderator)
    saved(organiser, world["ditp"], "Premier", submit=True)
    few = queries_for(client, reverse("moderation_queue"))

    for number in range(4):
        saved(organiser, world["ditp"], f"Soumis {number}", submit=True)
    event = services.publish_event(
        actor=moderator, event=saved(organiser, world["ditp"], "P", submit=True)
    )
    data = {**t.snapshot(world["ditp"], title="P"), "chapeau": "Un autre chapeau."}
    services.save_from_form(actor=organiser, event=event, data=data)

    assert queries_for(client, reverse("moderation_queue")) == few
