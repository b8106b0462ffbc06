"""The moderation workflow (issue 4, parts 4 and 5): draft → submitted → changes requested →
published → cancelled, revisions of published events with their diff, the queue, the audit log,
and sessions keeping their UID while SEQUENCE rises on each change."""

import re

import pytest
from django.urls import reverse

from agenda.events.models import Event, Session
from agenda.moderation import revisions, services
from agenda.moderation.models import Revision
from agenda.moderation.snapshot import event_snapshot
from tests import contributors as t
from tests.moderating import (
    create,
    edit_url,
    published_event,
)

pytestmark = pytest.mark.django_db


# --- workflow ----------------------------------------------------------------------------------


def test_the_whole_workflow_is_audited(client, organiser, moderator, ditp):
    client.force_login(organiser)
    event = create(client, t.snapshot(ditp), action="submit")
    assert event.status == Event.Status.SUBMITTED

    with pytest.raises(services.WorkflowError, match="commentaire"):
        services.request_changes(actor=moderator, event=event, comment=" ")
    services.request_changes(actor=moderator, event=event, comment="Précisez le public.")
    event.refresh_from_db()
    assert event.status == Event.Status.CHANGES_REQUESTED

    stored = event_snapshot(event)
    fixed = {**stored, "chapeau": "Pour les agents d’accueil."}
    client.post(edit_url(event), t.form_post(fixed, action="submit", stored=stored))
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED

    services.publish_event(actor=moderator, event=event)
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED and event.published_at

    actions = list(
        event.audit_entries.order_by("created_at", "pk").values_list("action", flat=True)
    )
    assert actions == [
        "created",
        "submitted",
        "changes_requested",
        "edited",
        "submitted",
        "published",
    ]
    edit = event.audit_entries.get(action="edited")
    assert edit.actor == organiser and edit.changes == {
        "chapeau": [
            "Deux ateliers pour repenser l’accueil des usagers.",
            "Pour les agents d’accueil.",
        ]
    }
    decision = event.audit_entries.get(action="changes_requested")
    assert (decision.actor, decision.comment) == (moderator, "Précisez le public.")
    assert (decision.status_before, decision.status_after) == ("submitted", "changes_requested")


def test_only_moderators_decide_and_only_in_the_right_state(organiser, moderator, ditp):
    from agenda.moderation.writing import write_event

    event = write_event(event=Event(status=Event.Status.DRAFT), data=t.snapshot(ditp))
    with pytest.raises(services.WorkflowError, match="modération"):
        services.publish_event(actor=organiser, event=event)
    with pytest.raises(services.WorkflowError, match="soumis"):
        services.publish_event(actor=moderator, event=event)
    with pytest.raises(services.WorkflowError, match="publié"):
        services.cancel_event(actor=moderator, event=event, reason="Intempéries")


def test_saving_a_submitted_event_as_a_draft_takes_it_out_of_the_queue(client, organiser, ditp):
    client.force_login(organiser)
    event = create(client, t.snapshot(ditp), action="submit")
    stored = event_snapshot(event)

    client.post(edit_url(event), t.form_post(stored, action="save", stored=stored))

    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT


# --- revisions of a published event ------------------------------------------------------------


def test_an_edit_of_a_published_event_waits_for_a_moderator(client, organiser, moderator, ditp):
    event = published_event(client, organiser, moderator, ditp)
    first, second = event.sessions.order_by("starts_at")
    stored = event_snapshot(event)
    proposed = {**stored, "title": "Atelier design des services publics"}
    proposed["sessions"] = [
        {**stored["sessions"][0], "end": stored["sessions"][0]["end"][:11] + "12:30"},
        stored["sessions"][1],
        t.session(f"{t.day(32).isoformat()}T10:00", f"{t.day(32).isoformat()}T11:00", "Bilan"),
    ]

    response = client.post(edit_url(event), t.form_post(proposed, action="submit", stored=stored))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Atelier design des services"  # the published version stays online
    assert event.sessions.count() == 2
    public = client.get(event.get_absolute_url()).content.decode()
    assert "Atelier design des services publics" not in public
    revision = Revision.objects.get(event=event, state="pending")
    assert revision.author == organiser

    client.force_login(moderator)
    page = client.get(reverse("moderation_event", kwargs={"pk": event.pk})).content.decode()
    assert "Atelier design des services publics" in page and "Séance ajoutée" in page
    assert "Séance « Atelier" in page and "fin" in page

    revisions.accept_revision(actor=moderator, revision=revision)

    event.refresh_from_db()
    assert event.title == "Atelier design des services publics"
    sessions = {s.title: s for s in event.sessions.all()}
    assert sessions["Atelier"].uid == first.uid and sessions["Atelier"].sequence == 1
    assert sessions["Restitution"].uid == second.uid and sessions["Restitution"].sequence == 0
    assert sessions["Bilan"].uid not in (first.uid, second.uid)
    entry = event.audit_entries.get(action="revision_accepted")
    assert entry.changes["title"] == [
        "Atelier design des services",
        "Atelier design des services publics",
    ]
    assert any(key.startswith("sessions.+") for key in entry.changes)


def test_a_second_edit_updates_the_pending_revision(client, organiser, moderator, ditp):
    event = published_event(client, organiser, moderator, ditp)
    stored = event_snapshot(event)
    for title in ("Premier titre", "Second titre"):
        client.post(edit_url(event), t.form_post({**stored, "title": title}, stored=stored))

    revision = Revision.objects.get(event=event)
    assert revision.state == "pending" and revision.data["title"] == "Second titre"
    # the organiser goes on from their proposal
    assert 'value="Second titre"' in client.get(edit_url(event)).content.decode()


def test_a_rejected_revision_leaves_the_published_event_alone(client, organiser, moderator, ditp):
    event = published_event(client, organiser, moderator, ditp)
    stored = event_snapshot(event)
    client.post(edit_url(event), t.form_post({**stored, "title": "Autre"}, stored=stored))
    revision = Revision.objects.get(event=event)

    with pytest.raises(services.WorkflowError):
        revisions.reject_revision(actor=moderator, revision=revision, comment="")
    revisions.reject_revision(actor=moderator, revision=revision, comment="Titre trop vague.")

    event.refresh_from_db()
    revision.refresh_from_db()
    assert event.title == "Atelier design des services" and revision.state == "rejected"
    assert revision.comment == "Titre trop vague." and revision.decided_by == moderator


def test_a_published_session_cannot_be_deleted_only_cancelled(client, organiser, moderator, ditp):
    event = published_event(client, organiser, moderator, ditp)
    stored = event_snapshot(event)
    post = t.form_post(stored, stored=stored)
    post["seances-1-DELETE"] = "on"

    response = client.post(edit_url(event), post)

    assert response.status_code == 200
    assert "Une séance publiée ne se supprime pas" in response.content.decode()
    assert not Revision.objects.exists()


def test_a_moderator_reschedules_and_cancels_sessions_of_a_published_event(
    client, organiser, moderator, ditp
):
    event = published_event(client, organiser, moderator, ditp)
    stored = event_snapshot(event)
    moved_day = t.day(33).isoformat()
    changed = {**stored}
    changed["sessions"] = [
        {**stored["sessions"][0], "start": f"{moved_day}T09:30", "end": f"{moved_day}T12:00"},
        {**stored["sessions"][1], "status": "cancelled", "status_reason": "Salle indisponible"},
    ]
    client.force_login(moderator)

    response = client.post(edit_url(event), t.form_post(changed, action="submit", stored=stored))
    assert response.status_code == 302
    # a revision like everyone's, which the moderator accepts themselves (issue 12)
    revision = Revision.objects.get(event=event, state=Revision.State.PENDING)
    accepted = client.post(reverse("moderation_revision_accept", args=[revision.pk]))

    assert accepted.status_code == 302
    moved, cancelled = (event.sessions.get(title=title) for title in ("Atelier", "Restitution"))
    assert moved.sequence == 1 and moved.start.date().isoformat() == moved_day
    assert cancelled.sequence == 1 and cancelled.status == Session.Status.CANCELLED
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Annulée&nbsp;:</strong> Salle indisponible" in page
    ics = client.get(f"/seances/{cancelled.uid}.ics").content.decode()
    assert "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics


# --- queue and log -----------------------------------------------------------------------------


def test_the_queue_lists_submissions_and_revisions_oldest_first_with_filters(
    client, organiser, moderator, ditp
):
    other = t.organisation("Autre ministère")
    other_organiser = t.person("dominique@autre.example", role="organiser", of=other)
    published = published_event(client, organiser, moderator, ditp, title="Publié d’abord")
    client.force_login(organiser)
    create(client, t.snapshot(ditp, title="Sans problème"), action="submit")
    client.force_login(other_organiser)
    create(
        client,
        t.snapshot(other, title="Avec avertissement", chapeau="Inscription obligatoire."),
        action="submit",
        acknowledge_warnings="on",
    )
    stored = event_snapshot(published)
    client.force_login(organiser)
    client.post(
        edit_url(published), t.form_post({**stored, "title": "Publié, modifié"}, stored=stored)
    )

    client.force_login(moderator)
    html = client.get("/espace/moderation/").content.decode()
    titles = re.findall(r'<a href="/espace/moderation/evenements/\d+/">([^<]+)</a>', html)
    assert titles == ["Sans problème", "Avec avertissement", "Publié d’abord"]
    assert "Modification d’un événement publié" in html

    html = client.get("/espace/moderation/", {"organisation": other.slug}).content.decode()
    assert re.findall(r'evenements/\d+/">([^<]+)</a>', html) == ["Avec avertissement"]
    html = client.get("/espace/moderation/", {"problemes": "on"}).content.decode()
    assert re.findall(r'evenements/\d+/">([^<]+)</a>', html) == ["Avec avertissement"]


def test_decisions_through_the_moderation_page(client, organiser, moderator, ditp):
    client.force_login(organiser)
    event = create(client, t.snapshot(ditp), action="submit")
    client.force_login(moderator)
    page = reverse("moderation_event", kwargs={"pk": event.pk})
    assert client.get(page).status_code == 200

    response = client.post(reverse("moderation_request_changes", kwargs={"pk": event.pk}), {})
    assert response.status_code == 200
    assert "Le commentaire est obligatoire" in response.content.decode()

    client.post(
        reverse("moderation_request_changes", kwargs={"pk": event.pk}),
        {"modifications-comment": "Ajoutez une image plus lisible."},
    )
    event.refresh_from_db()
    assert event.status == Event.Status.CHANGES_REQUESTED

    client.force_login(organiser)
    overview = client.get(reverse("space_event", kwargs={"pk": event.pk})).content.decode()
    assert "Ajoutez une image plus lisible." in overview
    client.post(reverse("space_event_submit", kwargs={"pk": event.pk}))

    client.force_login(moderator)
    response = client.post(reverse("moderation_publish", kwargs={"pk": event.pk}), {})
    assert response["Location"] == reverse("moderation_queue")
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    response = client.post(reverse("moderation_cancel", kwargs={"pk": event.pk}), {})
    assert "Le motif de l’annulation est obligatoire." in response.content.decode()
    client.post(
        reverse("moderation_cancel", kwargs={"pk": event.pk}),
        {"annulation-comment": "Intervenants indisponibles."},
    )
    event.refresh_from_db()
    assert (event.status, event.status_reason) == ("cancelled", "Intervenants indisponibles.")

    log = client.get(reverse("moderation_log")).content.decode()
    for action in (
        "Création",
        "Soumission",
        "Modifications demandées",
        "Publication",
        "Annulation",
    ):
        assert action in log
    assert "Intervenants indisponibles." in client.get(page).content.decode()


def test_the_space_groups_my_organisations_events_by_state(client, organiser, moderator, ditp):
    published_event(client, organiser, moderator, ditp, title="En ligne")
    create(client, t.snapshot(ditp, title="Mon brouillon"))
    other = t.organisation("Autre ministère")
    Event.objects.create(
        programme=Event.objects.first().programme,
        slug="autre",
        title="Pas à moi",
        starts_at=Event.objects.first().starts_at,
        organisation=other,
    )

    html = client.get("/espace/").content.decode()

    assert html.index("Brouillon") < html.index("Mon brouillon") < html.index("Publié")
    assert html.index("Publié") < html.index("En ligne")
    assert "Pas à moi" not in html
    assert "Nouvel événement" in html


def test_moderators_find_any_event_from_the_queue(client, organiser, moderator, ditp):
    event = published_event(client, organiser, moderator, ditp, title="Forum des données")
    client.force_login(moderator)

    html = client.get("/espace/moderation/", {"q": "forum données"}).content.decode()

    assert f'href="/espace/moderation/evenements/{event.pk}/">Forum des données</a>' in html
    assert "Aucun événement." in client.get("/espace/moderation/", {"q": "zzz"}).content.decode()


def test_an_audience_chosen_in_the_form_is_proposed_shown_in_the_diff_then_published(
    client, organiser, moderator, ditp
):
    event = published_event(client, organiser, moderator, ditp, audiences=["Agents publics"])
    assert [a.name for a in event.audiences.all()] == ["Agents publics"]
    stored = event_snapshot(event)
    form = client.get(edit_url(event)).content.decode()
    assert re.search(r'<input[^>]*name="audiences" value="Agents publics"[^>]*checked', form)
    assert 'name="audiences" value="Élus"' in form  # suggested before any event names it
    proposed = {**stored, "audiences": ["Agents publics", "Élus"]}

    client.post(edit_url(event), t.form_post(proposed, action="submit", stored=stored))

    assert [a.name for a in event.audiences.all()] == ["Agents publics"]  # until accepted
    revision = Revision.objects.get(event=event, state="pending")
    client.force_login(moderator)
    page = client.get(reverse("moderation_event", kwargs={"pk": event.pk})).content.decode()
    row = re.search(r'<th scope="row">Public visé</th>(.*?)</tr>', page, re.S)[1]
    assert "Avant&nbsp;: </span>Agents publics</del>" in row
    assert "Après&nbsp;: </span>Agents publics, Élus</ins>" in row
    revisions.accept_revision(actor=moderator, revision=revision)
    assert {a.name for a in event.audiences.all()} == {"Agents publics", "Élus"}
    entry = event.audit_entries.get(action="revision_accepted")
    assert entry.changes["audiences"] == ["Agents publics", "Agents publics, Élus"]
