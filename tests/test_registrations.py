"""Registration services and their emails, read back from a real SMTP exchange; each ICS
attachment is parsed by icalendar and by Mozilla's ical.js (an independent parser)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone
from icalendar import Calendar

from agenda.events.models import PARIS, Event, Session
from agenda.registrations import services
from agenda.registrations.models import Registration
from tests.conftest import native_session, soon
from tests.test_ics import ical_js

pytestmark = pytest.mark.django_db
State = Registration.State


@pytest.fixture
def session(make_event) -> Session:
    return native_session(
        make_event,
        "Atelier données",
        "Ouvrir ses données",
        capacity=2,
        session_fields={"attendance_mode": "online"},
    )


def join(session: Session, n: int, **extra) -> Registration:
    return services.register(
        session=session, name=f"Personne {n}", email=f"p{n}@example.org", consent=True, **extra
    ).registration


def attachment(message) -> bytes:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return part.get_payload(decode=True)


def vevent(body: bytes):
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    return event


def subject(message) -> str:
    return str(message["Subject"]).strip()  # Python folds a long encoded header after "Subject:"


def text(message) -> str:
    return message.get_body(("plain",)).get_content()


# --- seats and waitlist ---------------------------------------------------------------------


def test_seats_then_waitlist_in_arrival_order(session):
    first, second, third, fourth = (join(session, n) for n in range(4))
    assert [r.state for r in (first, second)] == [State.CONFIRMED] * 2
    assert [(r.state, r.position) for r in (third, fourth)] == [
        (State.WAITLISTED, 1),
        (State.WAITLISTED, 2),
    ]
    availability = services.availability(session=session)
    assert (availability.confirmed, availability.waitlisted, availability.is_full) == (2, 2, True)


def test_the_same_email_twice_is_one_registration(session):
    first = services.register(session=session, name="A", email="Camille@Example.org", consent=True)
    again = services.register(session=session, name="A", email="camille@example.org", consent=True)
    assert first.created and not again.created
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.count() == 1


def test_the_database_refuses_a_second_active_registration_for_one_email(session):
    join(session, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=session, name="x", email="P1@EXAMPLE.ORG", state=State.CONFIRMED
        )


def test_after_cancelling_the_same_email_may_register_again(session):
    services.cancel(registration=join(session, 1))
    again = services.register(session=session, name="A", email="p1@example.org", consent=True)
    assert again.created and again.registration.state == State.CONFIRMED


def test_no_waitlist_means_full_is_refused(session):
    Session.objects.filter(pk=session.pk).update(waitlist_enabled=False)
    join(session, 1), join(session, 2)
    with pytest.raises(services.Full):
        join(session, 3)


def test_registration_closes_at_the_closing_date_and_at_the_start(session):
    Session.objects.filter(pk=session.pk).update(registration_closes_at=timezone.now())
    with pytest.raises(services.Closed):
        join(session, 1)
    Session.objects.filter(pk=session.pk).update(registration_closes_at=None)
    with pytest.raises(services.Closed):
        join(session, 1, now=session.starts_at)


def test_consent_is_required(session):
    with pytest.raises(services.RegistrationError):
        services.register(session=session, name="A", email="a@example.org", consent=False)


def test_cancelling_a_seat_promotes_the_first_waitlisted(session):
    first, _, third, fourth = (join(session, n) for n in range(4))
    services.cancel(registration=first)
    third.refresh_from_db(), fourth.refresh_from_db()
    assert third.state == State.CONFIRMED and fourth.state == State.WAITLISTED
    assert services.availability(session=session).confirmed == 2


def test_cancelling_twice_changes_nothing_more(session):
    first = join(session, 1)
    services.cancel(registration=first)
    services.cancel(registration=first)
    first.refresh_from_db()
    assert first.state == State.CANCELLED


def test_raising_the_capacity_promotes_in_order(session):
    for n in range(5):
        join(session, n)
    change = services.change_capacity(session=session, capacity=4)
    assert [r.email for r in change.promoted] == ["p2@example.org", "p3@example.org"]
    assert change.over_by == 0
    assert services.availability(session=session).waitlisted == 1


def test_lowering_the_capacity_drops_nobody_and_says_by_how_much(session):
    join(session, 1), join(session, 2)
    change = services.change_capacity(session=session, capacity=1)
    assert change.over_by == 1
    assert Registration.objects.filter(state=State.CONFIRMED).count() == 2


def test_saving_a_larger_capacity_anywhere_promotes(session):
    for n in range(3):
        join(session, n)
    session.capacity = 3
    session.save()
    assert Registration.objects.get(email="p2@example.org").state == State.CONFIRMED


# --- emails read back from a real SMTP server -----------------------------------------------


def test_confirmation_email_has_the_request_ics_personal_link_and_online_link(
    session, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = join(session, 1)
    (message,) = smtp_server
    assert message["To"] == "p1@example.org"
    assert subject(message) == "[Agenda public] Inscription confirmée : Ouvrir ses données"
    body = text(message)
    assert "/inscription/" in body and registration.token in body
    assert "https://visio.example/salle-secrete" in body
    assert "salle-secrete" in message.get_body(("html",)).get_content()
    ics = attachment(message)
    calendar = Calendar.from_ical(ics)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = vevent(ics)
    assert str(event["UID"]).startswith(str(session.uid))
    assert str(event["ATTENDEE"]) == "mailto:p1@example.org"
    assert event["ATTENDEE"].params["CN"] == "Personne 1"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["STATUS"]) == "CONFIRMED"
    (parsed,) = ical_js(ics)
    assert parsed["uid"] == str(event["UID"])
    assert parsed["sequence"] == session.sequence
    assert parsed["tz"] == "Europe/Paris"
    assert parsed["start"] == session.starts_at.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M:%S")


def test_the_personal_link_is_signed(session):
    from agenda.registrations.links import personal_path, registration_for

    registration = join(session, 1)
    signed = personal_path(registration).split("/")[2]
    assert registration_for(signed) == registration
    assert registration_for(registration.token) is None
    assert registration_for(signed[:-2] + "xx") is None


def test_the_waitlist_email_gives_the_rank_and_no_online_link(
    session, smtp_server, django_capture_on_commit_callbacks
):
    join(session, 1), join(session, 2)
    with django_capture_on_commit_callbacks(execute=True):
        join(session, 3)
    (message,) = smtp_server
    assert "Liste d’attente" in subject(message)
    assert "en position 1" in text(message)
    assert "salle-secrete" not in message.as_string()
    assert list(message.iter_attachments()) == []


def test_promotion_and_cancellation_emails(
    session, smtp_server, django_capture_on_commit_callbacks
):
    first = join(session, 1)
    join(session, 2), join(session, 3)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(registration=first)
    by_to = {m["To"]: m for m in smtp_server}
    cancelled, promoted = by_to["p1@example.org"], by_to["p3@example.org"]
    assert "Inscription annulée" in subject(cancelled)
    cancel_ics = attachment(cancelled)
    assert str(Calendar.from_ical(cancel_ics)["METHOD"]) == "CANCEL"
    assert str(vevent(cancel_ics)["STATUS"]) == "CANCELLED"
    assert ical_js(cancel_ics)[0]["status"] == "CANCELLED"
    assert "Une place s’est libérée" in subject(promoted)
    assert "salle-secrete" in text(promoted)
    promoted_ics = attachment(promoted)
    assert str(Calendar.from_ical(promoted_ics)["METHOD"]) == "REQUEST"
    assert str(vevent(promoted_ics)["ATTENDEE"]) == "mailto:p3@example.org"
    assert ical_js(promoted_ics)[0]["uid"].startswith(str(session.uid))


def test_a_reschedule_emails_every_registrant_once_with_a_higher_sequence(
    session, smtp_server, django_capture_on_commit_callbacks
):
    join(session, 1), join(session, 2), join(session, 3)
    with django_capture_on_commit_callbacks(execute=True):
        session.starts_at, session.ends_at = soon(11, 9), soon(11, 11)
        session.save()  # the signal notifies…
        assert services.notify_change(session=session) == 0  # …and an explicit call adds nothing
    assert sorted(m["To"] for m in smtp_server) == [f"p{n}@example.org" for n in (1, 2, 3)]
    confirmed = next(m for m in smtp_server if m["To"] == "p1@example.org")
    assert "Séance modifiée" in subject(confirmed)
    ics = attachment(confirmed)
    assert str(Calendar.from_ical(ics)["METHOD"]) == "REQUEST"
    event = vevent(ics)
    assert event["SEQUENCE"] == 1 == Session.objects.get(pk=session.pk).sequence
    (parsed,) = ical_js(ics)
    assert parsed["start"] == f"{soon(11).date().isoformat()}T09:00:00"
    assert parsed["sequence"] == 1
    waitlisted = next(m for m in smtp_server if m["To"] == "p3@example.org")
    assert list(waitlisted.iter_attachments()) == []


def test_a_sequence_raised_by_the_caller_is_kept(session, django_capture_on_commit_callbacks):
    join(session, 1)
    session.starts_at, session.sequence = soon(12), session.sequence + 1
    session.save()
    assert Session.objects.get(pk=session.pk).sequence == 1


def test_a_cancelled_session_sends_method_cancel(
    session, smtp_server, django_capture_on_commit_callbacks
):
    join(session, 1)
    with django_capture_on_commit_callbacks(execute=True):
        session.status, session.status_reason = Session.Status.CANCELLED, "Intervenant malade."
        session.save()
    (message,) = smtp_server
    assert "Séance annulée" in subject(message)
    assert "Intervenant malade." in text(message)
    assert "salle-secrete" not in text(message)
    ics = attachment(message)
    assert str(Calendar.from_ical(ics)["METHOD"]) == "CANCEL"
    event = vevent(ics)
    assert str(event["STATUS"]) == "CANCELLED" and event["SEQUENCE"] == 1
    (parsed,) = ical_js(ics)
    assert (parsed["status"], parsed["sequence"]) == ("CANCELLED", 1)


def test_cancelling_the_event_tells_the_registrants(
    session, smtp_server, django_capture_on_commit_callbacks
):
    join(session, 1)
    with django_capture_on_commit_callbacks(execute=True):
        event = session.event
        event.status = Event.Status.CANCELLED
        event.save()
    (message,) = smtp_server
    assert str(vevent(attachment(message))["STATUS"]) == "CANCELLED"


def test_the_moderation_cancelling_the_event_sends_one_cancel_each(
    session, smtp_server, django_capture_on_commit_callbacks, django_user_model
):
    from agenda.moderation import services as moderation

    join(session, 1), join(session, 2), join(session, 3)
    moderator = django_user_model.objects.create_user("moderatrice", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.cancel_event(actor=moderator, event=session.event, reason="Grève des trains.")
    assert sorted(m["To"] for m in smtp_server) == [f"p{n}@example.org" for n in (1, 2, 3)]
    for message in smtp_server:
        assert "Grève des trains." in text(message)
        ics = attachment(message)
        assert str(Calendar.from_ical(ics)["METHOD"]) == "CANCEL"
        assert ical_js(ics)[0]["status"] == "CANCELLED"


def test_deleting_a_session_tells_its_registrants(
    session, smtp_server, django_capture_on_commit_callbacks
):
    join(session, 1)
    with django_capture_on_commit_callbacks(execute=True):
        session.delete()
    (message,) = smtp_server
    assert str(Calendar.from_ical(attachment(message))["METHOD"]) == "CANCEL"


def test_saving_an_unrelated_field_sends_nothing(
    session, smtp_server, django_capture_on_commit_callbacks
):
    join(session, 1)
    with django_capture_on_commit_callbacks(execute=True):
        session.description = "Nouvelle description"
        session.save()
    assert smtp_server == []


def test_lowering_capacity_below_confirmed_warns_the_organiser_by_email(
    session, smtp_server, django_capture_on_commit_callbacks
):
    join(session, 1), join(session, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_capacity(session=session, capacity=1, warn="orga@example.org")
    (message,) = smtp_server
    assert message["To"] == "orga@example.org"
    assert "2 inscriptions sont déjà confirmées" in text(message)


# --- reminders ------------------------------------------------------------------------------


@pytest.fixture
def tomorrow_session(session) -> Session:
    Session.objects.filter(pk=session.pk).update(starts_at=soon(1, 10), ends_at=soon(1, 12))
    session.refresh_from_db()
    return session


def backdate(days: int = 2) -> None:
    Registration.objects.update(confirmed_at=timezone.now() - dt.timedelta(days=days))


def test_the_reminder_is_sent_once_even_when_run_twice(tomorrow_session, smtp_server):
    join(tomorrow_session, 1), join(tomorrow_session, 2), join(tomorrow_session, 3)
    backdate()
    call_command("send-reminders", verbosity=0)
    call_command("send_reminders", verbosity=0)
    assert sorted(m["To"] for m in smtp_server) == ["p1@example.org", "p2@example.org"]
    message = smtp_server[0]
    assert subject(message).startswith("[Agenda public] Rappel : Ouvrir ses données")
    assert "salle-secrete" in text(message)
    ics = attachment(message)
    assert str(vevent(ics)["ATTENDEE"]).startswith("mailto:p")
    assert ical_js(ics)[0]["uid"].startswith(str(tomorrow_session.uid))
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 2


def test_no_reminder_for_a_later_session_or_a_fresh_confirmation(session, smtp_server):
    join(session, 1)
    backdate()
    assert services.send_reminders() == 0
    Session.objects.filter(pk=session.pk).update(starts_at=soon(1, 10), ends_at=soon(1, 12))
    Registration.objects.update(confirmed_at=timezone.now())
    assert services.send_reminders() == 0
    assert smtp_server == []


def test_a_failed_reminder_is_tried_again_next_run(tomorrow_session, settings, mailoutbox):
    join(tomorrow_session, 1)
    backdate()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    assert services.send_reminders() == 0
    assert Registration.objects.get().reminder_sent_at is None


# --- personal data --------------------------------------------------------------------------


def test_purge_erases_personal_data_after_the_retention_and_keeps_counts(session, settings):
    first, _, _ = join(session, 1), join(session, 2), join(session, 3)
    services.cancel(registration=first)
    settings.REGISTRATION_RETENTION_DAYS = 30
    call_command("purge", verbosity=0, stdout=None)
    assert Registration.objects.filter(purged_at__isnull=False).count() == 0  # not yet
    later = session.ends_at + dt.timedelta(days=31)
    result = services.purge(now=later)
    assert result.registrations == 3
    assert set(Registration.objects.values_list("name", "email", "organisation")) == {("", "", "")}
    counts = services.availability(session=session)
    assert (counts.confirmed, counts.waitlisted) == (2, 0)
    assert Registration.objects.filter(state=State.CANCELLED).count() == 1
    assert services.purge(now=later).registrations == 0


def test_purge_days_option(session):
    join(session, 1)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3), ends_at=None
    )
    call_command("purge", "--days", "5", verbosity=0)
    assert Registration.objects.get().purged_at is None
    call_command("purge", "--days", "2", verbosity=0)
    assert Registration.objects.get().email == ""


def test_rate_limit_per_email_and_per_address(settings):
    settings.REGISTRATION_RATE_LIMIT = 3
    for _ in range(3):
        services.check_rate_limit(address="10.0.0.1", email="a@example.org")
    with pytest.raises(services.RateLimited):
        services.check_rate_limit(address="10.0.0.2", email="A@example.org")
    with pytest.raises(services.RateLimited):
        services.check_rate_limit(address="10.0.0.1", email="b@example.org")
    later = timezone.now() + dt.timedelta(hours=1, minutes=1)
    services.check_rate_limit(address="10.0.0.1", email="a@example.org", now=later)


def test_a_form_lowering_capacity_below_confirmed_warns_the_organisations_organisers(
    session, smtp_server, django_capture_on_commit_callbacks, django_user_model
):
    from agenda.accounts.models import Membership

    organiser = django_user_model.objects.create_user("o", email="orga@dinum.example")
    Membership.objects.create(user=organiser, organisation=session.event.organisation)
    join(session, 1), join(session, 2)
    with django_capture_on_commit_callbacks(execute=True):
        session.capacity = 1  # what the moderation form's save does
        session.save()
    warnings = [m for m in smtp_server if "Plus d’inscrits" in subject(m)]
    assert [m["To"] for m in warnings] == ["orga@dinum.example"]
    assert session.registrations.filter(state="confirmed").count() == 2  # nobody dropped
