"""Moderation emails go through a real SMTP exchange (aiosmtpd) and are read back: moderators
on each submission, the organisation's organisers on each decision; French text and HTML."""

import pytest

from agenda.moderation import revisions, services
from agenda.moderation.snapshot import event_snapshot
from agenda.moderation.writing import write_event
from tests import contributors as t

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    ditp = t.organisation("DITP")
    return {
        "ditp": ditp,
        "organiser": t.person("camille@ditp.example", role="organiser", of=ditp),
        "colleague": t.person("alix@ditp.example", role="organiser", of=ditp),
        "outsider": t.person(
            "dominique@autre.example", role="organiser", of=t.organisation("Autre")
        ),
        "moderator": t.person(
            "modo@programme.example", role="moderator", of=t.organisation("Prog")
        ),
        "admin": t.person("admin@programme.example", role="admin", of=t.organisation("Prog")),
    }


def subject(message) -> str:
    return str(message["Subject"]).strip()  # a folded encoded header reads back with a space


def recipients(messages) -> list[str]:
    return sorted(message["To"] for message in messages)


def bodies(message) -> tuple[str, str]:
    return (
        message.get_body(("plain",)).get_content(),
        message.get_body(("html",)).get_content(),
    )


def submitted_event(people, capture):
    with capture(execute=True):
        outcome = services.save_from_form(
            actor=people["organiser"], data=t.snapshot(people["ditp"]), submit=True
        )
    return outcome.event


def test_moderators_are_told_of_each_submission(
    people, smtp_server, django_capture_on_commit_callbacks
):
    event = submitted_event(people, django_capture_on_commit_callbacks)

    assert recipients(smtp_server) == ["admin@programme.example", "modo@programme.example"]
    message = smtp_server[0]
    assert subject(message) == "[Agenda public] À modérer : « Atelier design des services »"
    text, html = bodies(message)
    assert "camille@ditp.example a soumis un événement à la modération" in text
    assert f"/espace/moderation/evenements/{event.pk}/" in text
    assert "<strong>« Atelier design des services »</strong>" in html
    assert f'href="http://127.0.0.1:8000/espace/moderation/evenements/{event.pk}/"' in html


def test_organisers_are_told_of_changes_requested_with_the_comment(
    people, smtp_server, django_capture_on_commit_callbacks
):
    event = submitted_event(people, django_capture_on_commit_callbacks)
    smtp_server.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.request_changes(
            actor=people["moderator"], event=event, comment="Précisez le public visé."
        )

    assert recipients(smtp_server) == ["alix@ditp.example", "camille@ditp.example"]
    message = smtp_server[0]
    assert subject(message) == (
        "[Agenda public] Modifications demandées : « Atelier design des services »"
    )
    text, html = bodies(message)
    assert "Précisez le public visé." in text and "Précisez le public visé." in html
    assert f"/espace/evenements/{event.pk}/" in text


def test_organisers_are_told_of_publication_and_cancellation(
    people, smtp_server, django_capture_on_commit_callbacks
):
    event = submitted_event(people, django_capture_on_commit_callbacks)
    smtp_server.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_event(actor=people["moderator"], event=event, comment="Merci !")
    assert recipients(smtp_server) == ["alix@ditp.example", "camille@ditp.example"]
    text, html = bodies(smtp_server[0])
    assert "est publié dans l’agenda" in text and "Merci !" in text
    assert event.get_absolute_url() in html
    smtp_server.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(
            actor=people["moderator"], event=event, reason="Grève des transports."
        )
    assert recipients(smtp_server) == ["alix@ditp.example", "camille@ditp.example"]
    assert subject(smtp_server[0]).startswith("[Agenda public] Annulé : ")
    text, html = bodies(smtp_server[0])
    assert "Grève des transports." in text and "Grève des transports." in html


def test_revisions_tell_moderators_then_organisers(
    people, smtp_server, django_capture_on_commit_callbacks
):
    event = submitted_event(people, django_capture_on_commit_callbacks)
    services.publish_event(actor=people["moderator"], event=event)
    smtp_server.clear()
    stored = event_snapshot(event)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.save_from_form(
            actor=people["organiser"], event=event, data={**stored, "title": "Nouveau titre"}
        )
    assert recipients(smtp_server) == ["admin@programme.example", "modo@programme.example"]
    text, _ = bodies(smtp_server[0])
    assert "propose une modification" in text and "- Titre" in text
    smtp_server.clear()

    with django_capture_on_commit_callbacks(execute=True):
        revisions.reject_revision(
            actor=people["moderator"], revision=outcome.revision, comment="Gardez l’ancien."
        )
    assert recipients(smtp_server) == ["alix@ditp.example", "camille@ditp.example"]
    assert "Modification refusée" in subject(smtp_server[0])
    assert "Gardez l’ancien." in bodies(smtp_server[0])[0]


def test_no_email_for_a_draft_and_none_leaves_before_the_commit(
    people, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.save_from_form(actor=people["organiser"], data=t.snapshot(people["ditp"]))
    assert smtp_server == []

    # Another event: the same one twice would be a duplicate-event warning to acknowledge.
    data = t.snapshot(people["ditp"], title="Atelier accueil des usagers")
    event = write_event(event=services.Event(status="draft"), data=data)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.submit_event(actor=people["organiser"], event=event)
    assert smtp_server == []  # queued until the commit
    for callback in callbacks:
        callback()
    assert recipients(smtp_server) == ["admin@programme.example", "modo@programme.example"]
