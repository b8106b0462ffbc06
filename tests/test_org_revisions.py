"""Revisions that show only real changes, and moderators' own edits of published events going
through a revision like everyone's (issue 12, item 4)."""

from __future__ import annotations

from html import unescape

import pytest
from django.urls import reverse

from agenda.events.models import Event
from agenda.moderation import revisions, services
from agenda.moderation.models import AuditEntry, Revision
from agenda.moderation.snapshot import diff, event_snapshot
from tests import contributors as t
from tests.moderating import one_user_per_role

pytestmark = pytest.mark.django_db
LINK = "https://visio.exemple.fr/salle"


@pytest.fixture
def world():
    ditp, other, users = one_user_per_role()
    return {"ditp": ditp, "users": users}


def online_snapshot(org, **fields):
    data = t.snapshot(org, attendance_mode="online", online_url=LINK, place=None, **fields)
    for session in data["sessions"]:
        session.update(attendance_mode="online", online_url=LINK)
    return data


def published(world, data) -> Event:
    organiser, moderator = world["users"]["organiser"], world["users"]["moderator"]
    event = services.save_from_form(actor=organiser, data=data, submit=True).event
    return services.publish_event(actor=moderator, event=event)


def edit_through_the_form(client, user, event, **changes):
    """What the edit page sends back after `changes`: every other field as the page showed it."""
    stored = event_snapshot(event)
    client.force_login(user)
    post = t.form_post({**stored, **changes}, stored=stored, acknowledge_warnings="on")
    return client.post(reverse("space_event_edit", args=[event.pk]), post)


def test_an_edit_of_the_chapeau_shows_only_the_chapeau_not_the_online_link(client, world):
    event = published(world, online_snapshot(world["ditp"]))

    edit_through_the_form(client, world["users"]["organiser"], event, chapeau="Nouveau chapeau.")

    revision = Revision.objects.get()
    assert [change.key for change in diff(revision.base, revision.data)] == ["chapeau"]
    client.force_login(world["users"]["moderator"])
    page = unescape(client.get(reverse("moderation_event", args=[event.pk])).content.decode())
    table = page[page.index("Modifications proposées, champ par champ") :]
    table = table[: table.index("</table>")]
    assert "Nouveau chapeau." in table
    assert table.count('<th scope="row">') == 1  # the chapeau, and no « Lien en ligne → — »


def test_after_acceptance_the_online_link_is_still_the_one_nobody_changed(client, world):
    event = published(world, online_snapshot(world["ditp"]))
    edit_through_the_form(client, world["users"]["organiser"], event, chapeau="Nouveau chapeau.")

    revisions.accept_revision(actor=world["users"]["moderator"], revision=Revision.objects.get())

    assert {s.online_url for s in event.sessions.all()} == {LINK}
    (accepted,) = AuditEntry.objects.filter(action="revision_accepted")
    assert list(accepted.changes) == ["chapeau"]


def test_removing_the_link_removes_it_once_accepted(client, world):
    event = published(world, online_snapshot(world["ditp"]))
    stored = event_snapshot(event)
    sessions = [{**s, "online_url": ""} for s in stored["sessions"]]

    edit_through_the_form(
        client, world["users"]["organiser"], event, online_url="", sessions=sessions
    )
    revision = Revision.objects.get()
    keys = [change.key for change in diff(revision.base, revision.data)]
    revisions.accept_revision(actor=world["users"]["moderator"], revision=revision)

    assert "online_url" in keys
    assert {s.online_url for s in event.sessions.all()} == {""}


def test_saving_a_published_event_unchanged_proposes_nothing(client, world):
    event = published(world, online_snapshot(world["ditp"]))

    response = edit_through_the_form(client, world["users"]["organiser"], event)

    assert not Revision.objects.exists()
    follow = unescape(client.get(response["Location"]).content.decode())
    assert "Aucune modification : rien n’a été proposé." in follow


def test_a_moderator_s_edit_of_a_published_event_waits_as_a_revision(client, world):
    moderator = world["users"]["moderator"]
    event = published(world, t.snapshot(world["ditp"]))

    response = edit_through_the_form(client, moderator, event, title="Titre revu")

    assert Event.objects.get(pk=event.pk).title != "Titre revu"  # still the published one
    revision = Revision.objects.get(state="pending")
    assert revision.author == moderator
    assert response["Location"] == reverse("moderation_event", args=[event.pk])
    page = unescape(client.get(response["Location"]).content.decode())
    assert "Vous pouvez l’accepter vous-même" in page


def test_a_moderator_accepts_their_own_revision_and_the_log_says_so(client, world):
    moderator = world["users"]["moderator"]
    event = published(world, t.snapshot(world["ditp"]))
    edit_through_the_form(client, moderator, event, title="Titre revu")
    revision = Revision.objects.get(state="pending")

    response = client.post(
        reverse("moderation_revision_accept", args=[revision.pk]), {"accepter-comment": "Coquille."}
    )

    assert response.status_code == 302
    assert Event.objects.get(pk=event.pk).title == "Titre revu"
    entry = AuditEntry.objects.get(action="revision_accepted")
    assert entry.actor == moderator
    assert entry.comment == f"{revisions.OWN_ACCEPTANCE}\nCoquille."
    log = unescape(client.get(reverse("moderation_log")).content.decode())
    assert "Acceptée par son auteur·rice" in log


def test_an_organiser_s_revision_accepted_by_a_moderator_says_nothing_of_the_kind(world):
    organiser, moderator = world["users"]["organiser"], world["users"]["moderator"]
    event = published(world, t.snapshot(world["ditp"]))
    data = {**event_snapshot(event), "title": "Autre titre"}
    revision = services.save_from_form(actor=organiser, event=event, data=data).revision

    revisions.accept_revision(actor=moderator, revision=revision)

    assert AuditEntry.objects.get(action="revision_accepted").comment == ""


def test_a_moderator_continues_the_pending_revision_rather_than_overwriting_it(client, world):
    organiser, moderator = world["users"]["organiser"], world["users"]["moderator"]
    event = published(world, t.snapshot(world["ditp"]))
    data = {**event_snapshot(event), "title": "Titre de l’organisatrice"}
    services.save_from_form(actor=organiser, event=event, data=data)

    client.force_login(moderator)
    page = unescape(client.get(reverse("space_event_edit", args=[event.pk])).content.decode())

    assert 'value="Titre de l’organisatrice"' in page
