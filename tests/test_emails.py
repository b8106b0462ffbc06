from django.db import transaction

from agenda.lib.emails import Attachment, Email, send_after_commit


def test_an_email_goes_through_a_real_smtp_exchange_once_committed(
    db, smtp_server, django_capture_on_commit_callbacks, tmp_path, settings
):
    (tmp_path / "hello.txt").write_text("Bonjour {{ name }} !", encoding="utf-8")
    (tmp_path / "hello.html").write_text("<p>Bonjour <b>{{ name }}</b> !</p>", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    mail = Email(
        to=["agent@example.org"],
        subject="Essai",
        template="hello",
        context={"name": "Camille"},
        attachments=[Attachment("a.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        send_after_commit(mail)
        assert smtp_server == []  # nothing leaves before the commit

    (message,) = smtp_server
    assert message["To"] == "agent@example.org"
    assert message["Subject"] == "[Agenda public] Essai"
    assert message.get_body(("plain",)).get_content().strip() == "Bonjour Camille !"
    assert "<b>Camille</b>" in message.get_body(("html",)).get_content()
    (ics,) = [part for part in message.iter_attachments()]
    assert ics.get_content_type() == "text/calendar"


def test_nothing_is_sent_for_a_change_that_was_rolled_back(db, smtp_server, tmp_path, settings):
    (tmp_path / "hello.txt").write_text("Bonjour", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    try:
        with transaction.atomic():
            send_after_commit(Email(to=["a@example.org"], subject="Non", template="hello"))
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    assert smtp_server == []
