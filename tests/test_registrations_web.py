"""The registration pages: the event page's actions, the form (no JavaScript needed), the
personal page, the privacy notice, and the organisers' space (their sessions only, CSV)."""

import csv
import datetime as dt
import io
import re
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from agenda.accounts.models import Membership
from agenda.events.models import PARIS, Organisation, Session
from agenda.lib import known_emails
from agenda.registrations import services
from agenda.registrations.export import safe_cell
from agenda.registrations.links import personal_path
from agenda.registrations.models import Registration
from tests.conftest import native_session

pytestmark = pytest.mark.django_db
State = Registration.State


@pytest.fixture
def session(make_event) -> Session:
    return native_session(make_event, "Atelier données", "Ouvrir ses données", capacity=1)


def join(session: Session, n: int) -> Registration:
    return services.register(
        session=session, name=f"Personne {n}", email=f"p{n}@example.org", consent=True
    ).registration


def form_data(**extra) -> dict:
    return {"name": "Camille Martin", "email": "camille@example.org", "consent": "on", **extra}


def register_url(session: Session) -> str:
    return reverse("register", kwargs={"uid": session.uid})


def prove(client, email: str) -> None:
    """This browser has proved it holds `email` (as after opening a link sent to it)."""
    response = HttpResponse()
    known_emails.remember(None, response, email)
    client.cookies[known_emails.COOKIE] = response.cookies[known_emails.COOKIE].value


def link_in(message) -> str:
    return re.search(r"https?://\S+(/inscription/\S+/)", message.body)[1]


# --- the event page -------------------------------------------------------------------------


def test_the_event_page_links_to_the_form(client, session):
    html = client.get(session.event.get_absolute_url()).content.decode()
    assert register_url(session) in html
    assert "S’inscrire" in html


def test_the_event_page_says_full_with_a_waitlist(client, session):
    join(session, 1)
    html = client.get(session.event.get_absolute_url()).content.decode()
    assert "Complet — liste d’attente" in html


def test_the_event_page_says_full_without_a_waitlist_and_closed(client, session):
    Session.objects.filter(pk=session.pk).update(waitlist_enabled=False)
    join(session, 1)
    html = client.get(session.event.get_absolute_url()).content.decode()
    assert "Complet" in html and register_url(session) not in html
    Session.objects.filter(pk=session.pk).update(registration_closes_at=timezone.now())
    cache.clear()  # the event page is cached for a minute
    html = client.get(session.event.get_absolute_url()).content.decode()
    assert "Inscriptions closes" in html


# --- the form -------------------------------------------------------------------------------


def test_a_browser_that_proved_the_address_registers_at_once_and_sees_its_personal_page(
    client, session, mailoutbox, django_capture_on_commit_callbacks
):
    prove(client, "camille@example.org")
    page = client.get(register_url(session)).content.decode()
    assert "1 place restante" in page
    assert reverse("privacy") in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(session), form_data(organisation="DINUM"))
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == personal_path(registration)
    assert registration.consent_at is not None and registration.organisation == "DINUM"
    assert len(mailoutbox) == 1
    personal = client.get(response["Location"])
    html = personal.content.decode()
    assert "Inscription confirmée" in html
    assert "https://visio.example/salle-secrete" in html
    assert personal["Cache-Control"] == "private, no-store"
    assert personal["Referrer-Policy"] == "same-origin"


def test_a_full_session_says_so_before_the_form(client, session):
    join(session, 1)
    html = client.get(register_url(session)).content.decode()
    assert "Complet — liste d’attente" in html
    assert html.index("Complet — liste d’attente") < html.index('<form method="post"')
    Session.objects.filter(pk=session.pk).update(waitlist_enabled=False)
    html = client.get(register_url(session)).content.decode()
    assert "Toutes les places sont prises" in html and '<form method="post"' not in html


def test_the_waitlisted_personal_page_gives_the_rank_not_the_online_link(client, session):
    join(session, 1)
    prove(client, "camille@example.org")
    response = client.post(register_url(session), form_data())
    html = client.get(response["Location"]).content.decode()
    assert "Liste d’attente&nbsp;: 1" in html
    assert "salle-secrete" not in html


def test_errors_are_shown_with_the_form(client, session):
    response = client.post(register_url(session), form_data(consent="", email="pas-une-adresse"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Cochez cette case pour vous inscrire." in html
    assert 'aria-invalid="true"' in html
    assert Registration.objects.count() == 0


def test_the_honeypot_registers_nothing(client, session):
    response = client.post(register_url(session), form_data(website="http://spam.example"))
    assert response.status_code == 200
    assert "Demande reçue" in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_same_email_twice_resends_the_link(client, session, mailoutbox):
    join(session, 1)
    prove(client, "p1@example.org")
    response = client.post(register_url(session), form_data(email="P1@example.org"))
    assert "déjà inscrite" in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_stranger_cannot_tell_whether_an_address_is_registered(client, session, mailoutbox):
    join(session, 1)
    registered = client.post(register_url(session), form_data(email="P1@example.org"))
    unknown = client.post(register_url(session), form_data(email="p2@example.org"))

    for response in (registered, unknown):
        assert "Vérifiez votre messagerie" in response.content.decode()
        assert "déjà inscrite" not in response.content.decode()
    assert Registration.objects.filter(state="confirmed").count() == 1


# --- a browser that has not proved the address: a request, confirmed by its link ---------------


def test_a_new_browser_gets_a_request_without_seat_then_confirms_it_by_the_emailed_link(
    client, session, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(session), form_data())

    html = response.content.decode()
    assert "Un courriel vient d’être envoyé à <strong>camille@example.org</strong>" in html
    request = Registration.objects.get()
    assert request.state == State.PENDING
    assert services.availability(session=session).seats_left == 1  # no seat held
    (message,) = mailoutbox
    assert message.subject.endswith("Confirmez votre inscription : Ouvrir ses données")
    assert message.attachments == [] and "salle-secrete" not in message.body
    link = link_in(message)

    page = client.get(link).content.decode()
    assert "Inscription à confirmer" in page and "salle-secrete" not in page
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)

    assert confirmed["Location"] == link
    assert Registration.objects.get().state == State.CONFIRMED
    assert "Inscription confirmée : Ouvrir ses données" in mailoutbox[1].subject
    assert "https://visio.example/salle-secrete" in client.get(link).content.decode()
    assert known_emails.COOKIE in confirmed.cookies  # next time: at once, no e-mail round


def test_nobody_can_spend_the_email_limit_of_someone_else(client, session, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    other = make_session(session, "Deuxième séance")
    for n in range(5):  # from five addresses, the victim's e-mail, again and again
        for target in (session, other):
            client.post(register_url(target), form_data(), REMOTE_ADDR=f"203.0.113.{n}")

    victim = type(client)()
    prove(victim, "camille@example.org")
    response = victim.post(register_url(session), form_data(), REMOTE_ADDR="10.0.0.5")

    assert response.status_code == 302
    assert Registration.objects.get(state="confirmed").email == "camille@example.org"


def test_confirmations_count_toward_the_email_limit(client, session, settings):
    settings.REGISTRATION_RATE_LIMIT = 1
    other = make_session(session, "Deuxième séance")
    links = []
    for n, target in enumerate((session, other)):
        client.post(register_url(target), form_data(), REMOTE_ADDR=f"10.0.0.{n}")
    for request in Registration.objects.order_by("pk"):
        links.append(personal_path(request))

    first = client.post(links[0])
    second = client.post(links[1])

    assert first.status_code == 302
    assert second.status_code == 429
    assert "Trop de tentatives" in second.content.decode()
    assert list(Registration.objects.order_by("pk").values_list("state", flat=True)) == [
        State.CONFIRMED,
        State.PENDING,
    ]


def test_an_unconfirmed_request_expires_and_the_purge_deletes_it(client, session):
    client.post(register_url(session), form_data())
    request = Registration.objects.get()
    Registration.objects.update(created_at=timezone.now() - dt.timedelta(hours=25))

    response = client.post(personal_path(request))

    assert response.status_code == 409
    assert "Ce lien de confirmation a expiré" in response.content.decode()
    assert services.purge().unconfirmed == 1
    assert not Registration.objects.exists()


def test_requests_are_not_registrations_for_the_organiser(client, session, django_user_model):
    client.post(register_url(session), form_data(email="attente@example.org"))
    join(session, 1)
    organiser = django_user_model.objects.create_user("o", email="o@dinum.example")
    Membership.objects.create(user=organiser, organisation=session.event.organisation)
    client.force_login(organiser)

    csv_text = client.get(reverse("space_registrations_csv", kwargs={"uid": session.uid}))
    page = client.get(reverse("space_registrations", kwargs={"uid": session.uid}))

    assert "attente@example.org" not in csv_text.content.decode("utf-8-sig")
    assert "attente@example.org" not in page.content.decode()
    assert "p1@example.org" in csv_text.content.decode("utf-8-sig")


def make_session(session: Session, title: str) -> Session:
    twin = Session.objects.get(pk=session.pk)
    twin.pk, twin.uid, twin.title = None, uuid.uuid4(), title
    twin.starts_at += dt.timedelta(days=1)
    if twin.ends_at:
        twin.ends_at += dt.timedelta(days=1)
    twin.save()
    return twin


def test_too_many_attempts_are_refused(client, session, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    for n in range(2):
        client.post(register_url(session), form_data(email=f"x{n}@example.org"))
    response = client.post(register_url(session), form_data(email="x9@example.org"))
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert Registration.objects.count() == 2


def test_a_closed_session_shows_no_form_and_refuses_a_post(client, session):
    Session.objects.filter(pk=session.pk).update(registration_closes_at=timezone.now())
    html = client.get(register_url(session)).content.decode()
    assert "Inscriptions closes" in html and '<form method="post"' not in html
    response = client.post(register_url(session), form_data())
    assert response.status_code == 409 and Registration.objects.count() == 0


def test_a_session_without_native_registration_has_no_form(client, session):
    Session.objects.filter(pk=session.pk).update(registration=Session.Registration.EXTERNAL)
    assert client.get(register_url(session)).status_code == 404


# --- the personal page ----------------------------------------------------------------------


def test_cancelling_from_the_personal_page(client, session, django_capture_on_commit_callbacks):
    first, second = join(session, 1), join(session, 2)
    url = personal_path(first)
    assert client.get(url.replace("/inscription/", "/inscription/x")).status_code == 404
    assert client.get(url + "annuler/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url + "annuler/")
    assert response.status_code == 302
    assert "Inscription annulée" in client.get(url).content.decode()
    second.refresh_from_db()
    assert second.state == State.CONFIRMED


def test_a_purged_registration_has_no_page(client, session):
    registration = join(session, 1)
    url = personal_path(registration)
    services.purge(now=session.starts_at + dt.timedelta(days=60))
    assert client.get(url).status_code == 404


def test_the_privacy_notice_says_how_long(client, settings):
    settings.REGISTRATION_RETENTION_DAYS = 45
    html = client.get(reverse("privacy")).content.decode()
    assert "45 jours après la séance" in html


# --- organisers -----------------------------------------------------------------------------


def organiser(organisation: str, username: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x")
    org, _ = Organisation.objects.get_or_create(name=organisation, defaults={"slug": username})
    Membership.objects.create(user=user, organisation=org)
    return user


def space_url(session: Session, name: str = "space_registrations", **kwargs) -> str:
    return reverse(name, kwargs={"uid": session.uid, **kwargs})


def test_the_organiser_sees_counts_and_registrants(client, session):
    join(session, 1), join(session, 2)
    client.force_login(organiser("DINUM", "orga"))
    listing = client.get(reverse("space_registrations_list")).content.decode()
    assert "Ouvrir ses données" in listing
    html = client.get(space_url(session)).content.decode()
    assert "1 confirmée sur 1 place" in html and "1 en liste d’attente" in html
    assert "p1@example.org" in html and "p2@example.org" in html


def test_an_organiser_of_another_organisation_gets_403(client, session):
    join(session, 1)
    client.force_login(organiser("Autre organisation", "autre"))
    assert (
        session.event.title not in client.get(reverse("space_registrations_list")).content.decode()
    )
    assert client.get(space_url(session)).status_code == 403
    assert client.get(space_url(session, "space_registrations_csv")).status_code == 403
    registration = Registration.objects.get()
    cancel = space_url(session, "space_registration_cancel", pk=registration.pk)
    assert client.post(cancel).status_code == 403
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_anonymous_visitors_are_sent_to_log_in(client, session):
    response = client.get(space_url(session))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_the_csv_export_escapes_formulas(client, session):
    services.register(
        session=session, name="=HYPERLINK(\"http://x\")", email="a@example.org", consent=True,
        organisation="+33 1 23",
    )  # fmt: skip
    services.register(session=session, name="@SUM(A1)", email="b@example.org", consent=True)
    client.force_login(organiser("DINUM", "orga"))
    response = client.get(space_url(session, "space_registrations_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Nom"
    assert rows[1][:3] == ['\'=HYPERLINK("http://x")', "a@example.org", "'+33 1 23"]
    assert rows[2][0] == "'@SUM(A1)"
    assert [safe_cell(v) for v in ("-2", "\tx", "\rx", "ok", None)] == [
        "'-2", "'\tx", "'\rx", "ok", "",
    ]  # fmt: skip


def test_the_organiser_cancels_a_registration_and_the_person_is_told(
    client, session, mailoutbox, django_capture_on_commit_callbacks
):
    registration = join(session, 1)
    client.force_login(organiser("DINUM", "orga"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(space_url(session, "space_registration_cancel", pk=registration.pk))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == State.CANCELLED and registration.cancelled_by_organiser
    (message,) = mailoutbox
    assert "L’organisateur a annulé votre inscription" in message.body


def test_lowering_the_capacity_warns_on_the_page_and_by_email(
    client, session, mailoutbox, django_capture_on_commit_callbacks
):
    Session.objects.filter(pk=session.pk).update(capacity=3)
    join(session, 1), join(session, 2)
    client.force_login(organiser("DINUM", "orga"))
    # The form as shown: only the capacity changes (a new room link would tell registrants).
    data = {
        "registration": "native",
        "capacity": "1",
        "waitlist_enabled": "on",
        "online_url": session.online_url,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(space_url(session), data, follow=True)
    html = response.content.decode()
    assert "2\u00a0inscriptions confirmées pour 1\u00a0place :" in html
    assert "Personne n’a été désinscrit" in html
    assert [m.to for m in mailoutbox] == [["orga@example.org"]]
    assert Registration.objects.filter(state=State.CONFIRMED).count() == 2


def test_the_settings_form_saves_the_session(client, session):
    client.force_login(organiser("DINUM", "orga"))
    data = {
        "registration": "native",
        "capacity": "",
        "closes_at": "2030-01-02T18:30",
        "online_url": "https://visio.example/autre",
    }
    assert client.post(space_url(session), data).status_code == 302
    session.refresh_from_db()
    assert session.capacity is None and session.waitlist_enabled is False
    assert session.registration_closes_at == dt.datetime(2030, 1, 2, 18, 30, tzinfo=PARIS)
    assert session.online_url == "https://visio.example/autre"
    bad = client.post(space_url(session), {**data, "registration": "external"})
    assert bad.status_code == 400
