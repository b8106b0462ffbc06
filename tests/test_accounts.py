"""Accounts: sign-in by email, throttling, password reset by email, organisations, invitations."""

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.utils import timezone

from agenda.accounts import permissions
from agenda.accounts.models import Invitation, LoginAttempt, Membership
from agenda.events.models import Organisation
from agenda.lib import known_emails

PASSWORD = "Une phrase de passe solide 2026"
LOGIN = "/compte/connexion/"

pytestmark = pytest.mark.django_db


def make_user(email: str, *, password: str = PASSWORD, first="Camille", last="Martin") -> User:
    return get_user_model().objects.create_user(
        username=email.lower(), email=email, password=password, first_name=first, last_name=last
    )


def make_org(name: str, acronym: str = "") -> Organisation:
    from django.utils.text import slugify

    return Organisation.objects.create(name=name, slug=slugify(name), acronym=acronym)


def member(email: str, organisation: Organisation, role: str, **names) -> User:
    user = make_user(email, **names)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def orgs():
    return {
        "ditp": make_org("Direction interministérielle de la transformation publique", "DITP"),
        "labo": make_org("Laboratoire d’innovation de Bretagne"),
        "autre": make_org("Préfecture du Nord"),
    }


@pytest.fixture
def people(orgs):
    return {
        "admin": member("admin@ditp.gouv.fr", orgs["ditp"], "admin", first="Alex", last="Admin"),
        "moderator": member(
            "moderation@ditp.gouv.fr", orgs["ditp"], "moderator", first="Maud", last="Modo"
        ),
        "organiser": member(
            "orga@labo.bzh", orgs["labo"], "organiser", first="Olivier", last="Orga"
        ),
        "other": member("agent@nord.gouv.fr", orgs["autre"], "organiser", first="Ana", last="Nord"),
    }


def signed_in_user(client):
    from django.contrib.auth import get_user

    class _Request:
        session = client.session

    return get_user(_Request())


def login(client, email: str, password: str = PASSWORD, ip: str = "127.0.0.1", **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra}, REMOTE_ADDR=ip)


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def first_link(text: str) -> str:
    return re.search(r"https?://\S+", text).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# Sign-in by email and password


def test_a_person_signs_in_with_their_email_in_any_case(client, people):
    response = login(client, "  Orga@Labo.BZH ")

    assert response.status_code == 302
    assert response["Location"] in ("/espace/", "/espace/organisations/")
    assert signed_in_user(client) == people["organiser"]
    assert LoginAttempt.objects.get().succeeded is True


def test_a_signed_in_person_sees_their_space_and_a_logout_button_in_the_header(client, people):
    login(client, "orga@labo.bzh")

    page = client.get("/espace/organisations/").content.decode()

    assert "Se connecter" not in page
    assert re.search(r'<form method="post" action="/compte/deconnexion/">', page)
    assert "Se déconnecter" in page


def test_the_header_offers_to_sign_in_to_anonymous_visitors(client, people):
    page = client.get(LOGIN).content.decode()

    assert '<a class="fr-btn fr-icon-lock-line" href="/compte/connexion/">Se connecter</a>' in page
    assert "Se déconnecter" not in page


def test_a_wrong_password_is_refused_with_a_french_message_and_the_email_kept(client, people):
    response = login(client, "orga@labo.bzh", "pas le bon mot de passe")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in page
    assert "<title>Erreur&nbsp;: Se connecter" in page
    assert 'value="orga@labo.bzh"' in page
    assert signed_in_user(client).is_authenticated is False
    assert list(LoginAttempt.objects.values_list("email", "succeeded")) == [
        ("orga@labo.bzh", False)
    ]


def test_an_unknown_email_gets_the_same_message_as_a_wrong_password(client, people):
    page = login(client, "personne@exemple.fr", PASSWORD).content.decode()

    assert "Adresse électronique ou mot de passe incorrect." in page


def test_an_inactive_account_cannot_sign_in(client, people):
    people["organiser"].is_active = False
    people["organiser"].save()

    page = login(client, "orga@labo.bzh").content.decode()

    assert "Adresse électronique ou mot de passe incorrect." in page
    assert signed_in_user(client).is_authenticated is False


def test_a_missing_field_shows_its_error_next_to_it_and_linked_to_it(client, db):
    page = client.post(LOGIN, {"email": "pas-une-adresse", "password": ""}).content.decode()

    email_input = re.search(r'<input type="email" name="email"[^>]*>', page).group(0)
    assert 'aria-describedby="id_email_error"' in email_input
    assert 'aria-invalid="true"' in email_input
    assert re.search(
        r'<p id="id_email_error" class="fr-error-text">Saisissez une adresse électronique valide',
        page,
    )
    assert '<p id="id_password_error" class="fr-error-text">Saisissez votre mot de passe.</p>' in (
        page
    )
    assert "fr-input-group--error" in page


def test_the_sign_in_redirects_to_a_safe_next_page_only(client, people):
    response = login(client, "orga@labo.bzh", next="/espace/organisations/")
    assert response["Location"] == "/espace/organisations/"

    client.post("/compte/deconnexion/")
    response = login(client, "orga@labo.bzh", next="https://ailleurs.example/")
    assert response["Location"] in ("/espace/", "/espace/organisations/")


def test_signing_out_is_a_post_that_ends_the_session(client, people):
    login(client, "orga@labo.bzh")

    assert client.get("/compte/deconnexion/").status_code == 405
    response = client.post("/compte/deconnexion/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user(client).is_authenticated is False


# Throttling: the one who fails waits, not the owner of the address


def throttled(response) -> bool:
    return "Trop de tentatives de connexion ont échoué" in unescape(response.content.decode())


def age_attempts(minutes: int) -> None:
    LoginAttempt.objects.update(created_at=timezone.now() - dt.timedelta(minutes=minutes))


def test_five_failures_from_one_place_make_it_wait_a_minute_then_twice_as_long_each_time(
    client, people
):
    for n in range(5):
        login(client, "orga@labo.bzh", f"mauvais {n}", ip="10.0.0.1")

    response = login(client, "orga@labo.bzh", PASSWORD, ip="10.0.0.1")

    page = unescape(response.content.decode())
    assert throttled(response) and signed_in_user(client).is_authenticated is False
    assert re.search(r"réessayer : à partir de \d{1,2}\sh(\s\d\d)? \(dans [12]\sminutes?\)", page)
    assert LoginAttempt.objects.count() == 5  # refused attempts are not recorded

    age_attempts(2)  # the minute is over: one more failure, then two minutes to wait
    login(client, "orga@labo.bzh", "mauvais 5", ip="10.0.0.1")
    assert "(dans 2\u00a0minutes)" in unescape(
        login(client, "orga@labo.bzh", ip="10.0.0.1").content.decode()
    )

    age_attempts(3)  # waited long enough: the right password works
    assert login(client, "orga@labo.bzh", PASSWORD, ip="10.0.0.1").status_code == 302
    assert signed_in_user(client) == people["organiser"]


def test_failures_from_one_place_do_not_stop_the_owner_elsewhere(client, people):
    for n in range(5):
        login(client, "orga@labo.bzh", f"mauvais {n}", ip="203.0.113.66")

    assert login(client, "orga@labo.bzh", PASSWORD, ip="10.0.0.99").status_code == 302


def test_nobody_can_lock_the_owner_out_by_spending_the_limits_on_their_email(
    client, people, django_user_model
):
    assert login(client, "orga@labo.bzh", PASSWORD, ip="10.0.3.1").status_code == 302
    client.post("/compte/deconnexion/")  # this browser is now known for this e-mail
    stranger = type(client)()
    for n in range(25):  # a botnet: many addresses, many guesses
        for guess in range(6):
            login(stranger, "orga@labo.bzh", f"devine {guess}", ip=f"198.51.100.{n}")

    new_browser = type(client)()
    assert throttled(login(new_browser, "orga@labo.bzh", PASSWORD, ip="10.0.3.2"))
    response = login(client, "orga@labo.bzh", PASSWORD, ip="10.0.3.1")
    assert response.status_code == 302
    assert signed_in_user(client) == people["organiser"]


def test_twenty_failures_from_one_address_slow_every_email_from_it_but_known_browsers(
    client, people
):
    assert login(client, "orga@labo.bzh", PASSWORD, ip="192.0.2.7").status_code == 302
    client.post("/compte/deconnexion/")
    spray = type(client)()
    for n in range(20):
        login(spray, f"inconnu{n}@exemple.fr", "nimporte", ip="192.0.2.7")

    assert throttled(login(type(client)(), "orga@labo.bzh", PASSWORD, ip="192.0.2.7"))
    assert login(type(client)(), "orga@labo.bzh", PASSWORD, ip="192.0.2.8").status_code == 302
    assert login(client, "orga@labo.bzh", PASSWORD, ip="192.0.2.7").status_code == 302


def test_four_failures_do_not_slow_and_a_wait_once_over_is_over(client, people):
    for n in range(4):
        login(client, "orga@labo.bzh", f"mauvais {n}")
    assert login(client, "orga@labo.bzh").status_code == 302
    client.post("/compte/deconnexion/")

    LoginAttempt.objects.all().delete()
    now = timezone.now()
    for minutes in (9, 8, 7, 6, 2):  # five failures, the last two minutes ago
        LoginAttempt.objects.create(
            email="orga@labo.bzh", ip="127.0.0.1", created_at=now - dt.timedelta(minutes=minutes)
        )
    assert login(client, "orga@labo.bzh").status_code == 302


def test_a_forged_or_foreign_device_cookie_makes_no_browser_known(client, people):
    for n in range(20):
        login(client, "orga@labo.bzh", f"devine {n}", ip=f"198.51.100.{n}")
    client.cookies[known_emails.COOKIE] = "faux:signature"

    assert throttled(login(client, "orga@labo.bzh", PASSWORD, ip="10.0.4.1"))


def test_a_successful_sign_in_clears_the_failures_of_that_email(client, people):
    for n in range(4):
        login(client, "orga@labo.bzh", f"mauvais {n}", ip="10.0.1.1")
    assert login(client, "orga@labo.bzh", ip="10.0.1.1").status_code == 302
    client.post("/compte/deconnexion/")

    login(client, "orga@labo.bzh", "encore faux", ip="10.0.1.1")
    response = login(client, "orga@labo.bzh", ip="10.0.1.1")

    assert response.status_code == 302


# Password reset, through a real SMTP exchange


def test_password_reset_by_email_lets_the_person_choose_a_new_password(client, people, smtp_server):
    page = client.get("/compte/mot-de-passe/").content.decode()
    assert "<h1>Mot de passe oublié</h1>" in page

    response = client.post("/compte/mot-de-passe/", {"email": "ORGA@labo.bzh"})
    assert response["Location"] == "/compte/mot-de-passe/envoye/"
    assert "Vérifiez votre messagerie" in client.get(response["Location"]).content.decode()

    (message,) = smtp_server
    assert message["To"] == "orga@labo.bzh"
    assert message["Subject"] == "[Agenda public] Choisir un nouveau mot de passe"
    text = text_of(message)
    assert "Pour choisir un nouveau mot de passe, ouvrez ce lien" in text
    assert "Choisir un nouveau mot de passe" in message.get_body(("html",)).get_content()
    link = path_of(first_link(text))
    assert link.startswith("/compte/mot-de-passe/nouveau/")

    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]

    weak = client.post(set_url, {"new_password1": "1234", "new_password2": "1234"})
    assert weak.status_code == 200
    assert 'id="id_new_password2_error"' in weak.content.decode()

    new = "Un tout nouveau mot de passe 42"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == "/compte/mot-de-passe/termine/"

    assert "Adresse électronique ou mot de passe incorrect." in (
        login(client, "orga@labo.bzh", PASSWORD).content.decode()
    )
    assert login(client, "orga@labo.bzh", new).status_code == 302
    assert signed_in_user(client) == people["organiser"]

    client.post("/compte/deconnexion/")
    reused = client.get(link, follow=True).content.decode()
    assert "Ce lien n’est plus valable" in reused


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, people, smtp_server
):
    response = client.post("/compte/mot-de-passe/", {"email": "personne@exemple.fr"})

    assert response["Location"] == "/compte/mot-de-passe/envoye/"
    assert smtp_server == []


def test_a_password_reset_lifts_the_lock_on_the_email(client, people, smtp_server):
    for n in range(25):
        login(type(client)(), "orga@labo.bzh", f"mauvais {n}", ip=f"10.0.2.{n}")
    assert throttled(login(client, "orga@labo.bzh", PASSWORD, ip="10.0.2.99"))
    client.post("/compte/mot-de-passe/", {"email": "orga@labo.bzh"})
    link = path_of(first_link(text_of(smtp_server[0])))
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    new = "Un tout nouveau mot de passe 42"
    client.post(set_url, {"new_password1": new, "new_password2": new})

    assert login(client, "orga@labo.bzh", new, ip="10.0.2.99").status_code == 302


# Organisations and roles


def test_anonymous_visitors_are_sent_to_the_login_page(client, orgs):
    for url in (
        "/espace/organisations/",
        "/espace/organisations/prefecture-du-nord/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/compte/connexion/?next={url}"
    response = client.post(
        "/espace/organisations/prefecture-du-nord/inviter/", {"email": "a@b.fr", "role": "admin"}
    )
    assert response["Location"].startswith("/compte/connexion/?next=")
    assert Invitation.objects.count() == 0


def test_an_organiser_sees_only_their_organisations_read_only(client, people, orgs):
    Membership.objects.create(user=people["organiser"], organisation=orgs["autre"])
    client.force_login(people["organiser"])

    page = client.get("/espace/organisations/").content.decode()
    assert "<h1>Mes organisations</h1>" in page
    assert "Laboratoire d’innovation de Bretagne" in unescape(page)
    assert "Préfecture du Nord" in page
    assert "Direction interministérielle" not in page

    detail = client.get("/espace/organisations/laboratoire-dinnovation-de-bretagne/")
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "Olivier Orga (vous)" in html
    assert "Inviter une personne" not in html
    assert "Changer le rôle" not in html
    assert "orga@labo.bzh" not in html  # addresses are for moderators


def test_an_organiser_cannot_see_another_organisation_nor_invite(client, people, orgs):
    client.force_login(people["organiser"])

    other = client.get(
        "/espace/organisations/direction-interministerielle-de-la-transformation-publique/"
    )
    assert other.status_code == 403
    assert "Accès refusé" in other.content.decode()

    own = client.post(
        "/espace/organisations/laboratoire-dinnovation-de-bretagne/inviter/",
        {"email": "nouveau@labo.bzh", "role": "organiser"},
    )
    assert own.status_code == 403
    assert "Seuls les modérateurs et administrateurs invitent des personnes." in unescape(
        own.content.decode()
    )
    assert Invitation.objects.count() == 0


def test_a_moderator_sees_every_organisation_with_members_and_roles(client, people):
    client.force_login(people["moderator"])

    page = unescape(client.get("/espace/organisations/").content.decode())

    assert "<h1>Organisations</h1>" in page
    for name in ("Laboratoire d’innovation de Bretagne", "Préfecture du Nord", "(DITP)"):
        assert name in page
    assert "Olivier Orga — organisateur·rice" in page
    assert "Maud Modo — modérateur·rice (vous)" in page


def test_a_moderator_invites_by_email_and_the_invitee_creates_an_account(
    client, people, orgs, smtp_server, django_capture_on_commit_callbacks
):
    client.force_login(people["moderator"])
    url = "/espace/organisations/laboratoire-dinnovation-de-bretagne/"
    page = client.get(url).content.decode()
    assert "Inviter une personne" in page
    assert '<option value="admin">' not in page  # only admins make admins

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url + "inviter/", {"email": "Nouvelle@Labo.bzh", "role": "organiser"}
        )
    assert response["Location"] == url
    assert "Invitation envoyée à nouvelle@labo.bzh." in client.get(url).content.decode()

    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "nouvelle@labo.bzh",
        "organiser",
        people["moderator"],
    )
    (message,) = smtp_server
    assert message["To"] == "nouvelle@labo.bzh"
    assert (
        message["Subject"].strip()
        == "[Agenda public] Invitation à rejoindre Laboratoire d’innovation de Bretagne"
    )
    text = text_of(message)
    assert "Maud Modo vous invite à rejoindre Laboratoire d’innovation de Bretagne" in text
    assert "en tant que organisateur·rice" in text
    link = path_of(first_link(text))
    assert link == f"/compte/invitation/{invitation.token}/"
    assert "Accepter l’invitation" in message.get_body(("html",)).get_content()

    client.post("/compte/deconnexion/")
    page = unescape(client.get(link).content.decode())
    assert "Rejoindre Laboratoire d’innovation de Bretagne" in page
    assert "Créer votre compte" in page

    short = client.post(
        link,
        {"first_name": "Nina", "last_name": "Nouvelle", "password1": "court", "password2": "court"},
    )
    assert short.status_code == 400
    assert 'id="id_password1_error"' in short.content.decode()
    assert get_user_model().objects.filter(email="nouvelle@labo.bzh").exists() is False

    new = "Mon mot de passe du labo 2026"
    response = client.post(
        link, {"first_name": "Nina", "last_name": "Nouvelle", "password1": new, "password2": new}
    )
    assert response["Location"] == url

    user = get_user_model().objects.get(email="nouvelle@labo.bzh")
    assert (user.first_name, user.last_name, user.username) == (
        "Nina",
        "Nouvelle",
        "nouvelle@labo.bzh",
    )
    assert signed_in_user(client) == user
    assert Membership.objects.get(user=user).organisation == orgs["labo"]
    assert Membership.objects.get(user=user).role == "organiser"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert "Bienvenue dans Laboratoire d’innovation de Bretagne" in unescape(
        client.get(url).content.decode()
    )

    # Single use.
    client.post("/compte/deconnexion/")
    again = client.get(link)
    assert again.status_code == 410
    assert "Elle a déjà été acceptée" in unescape(again.content.decode())

    # The new account signs in with its email.
    assert login(client, "nouvelle@labo.bzh", new).status_code == 302


def test_a_person_signed_in_with_the_invited_email_accepts_and_belongs_to_two_organisations(
    client, people, orgs
):
    invitation = Invitation.objects.create(
        email="ORGA@labo.bzh",
        organisation=orgs["autre"],
        role="organiser",
        invited_by=people["moderator"],
    )
    link = f"/compte/invitation/{invitation.token}/"

    anonymous = unescape(client.get(link).content.decode())
    assert "Vous avez déjà un compte avec cette adresse" in anonymous
    assert f'href="/compte/connexion/?next={link}"' in anonymous

    response = login(client, "orga@labo.bzh", next=link)
    assert response["Location"] == link
    page = unescape(client.get(link).content.decode())
    assert "Accepter l’invitation" in page

    client.post(link)

    assert set(people["organiser"].memberships.values_list("organisation__name", "role")) == {
        ("Laboratoire d’innovation de Bretagne", "organiser"),
        ("Préfecture du Nord", "organiser"),
    }
    assert set(permissions.organisations_of(people["organiser"])) == {orgs["labo"], orgs["autre"]}


def test_an_invitation_never_lowers_an_existing_role_but_can_raise_it(client, people, orgs):
    for role in ("organiser", "moderator"):
        invitation = Invitation.objects.create(
            email="orga@labo.bzh", organisation=orgs["labo"], role=role
        )
        client.force_login(people["organiser"])
        client.post(f"/compte/invitation/{invitation.token}/")
        assert Membership.objects.get(user=people["organiser"]).role == role


def test_someone_signed_in_with_another_email_cannot_accept(client, people, orgs):
    invitation = Invitation.objects.create(
        email="quelquun@labo.bzh", organisation=orgs["labo"], role="moderator"
    )
    client.force_login(people["other"])

    page = unescape(client.post(f"/compte/invitation/{invitation.token}/").content.decode())

    assert "Vous êtes connecté·e avec une autre adresse" in page
    assert people["other"].memberships.count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_invitation_expires_after_fourteen_days(client, orgs):
    invitation = Invitation.objects.create(email="tard@labo.bzh", organisation=orgs["labo"])
    link = f"/compte/invitation/{invitation.token}/"
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=13, hours=23)
    )
    assert client.get(link).status_code == 200

    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - dt.timedelta(days=14, minutes=1)
    )
    response = client.get(link)
    new = "Mon mot de passe du labo 2026"
    late_post = client.post(
        link, {"first_name": "T", "last_name": "Ard", "password1": new, "password2": new}
    )

    assert response.status_code == 410
    assert "Elle a expiré\u00a0: un lien d’invitation est valable 14 jours." in unescape(
        response.content.decode()
    )
    assert late_post.status_code == 410
    assert get_user_model().objects.filter(email="tard@labo.bzh").exists() is False


def test_an_unknown_invitation_token_is_a_french_404(client, db):
    response = client.get("/compte/invitation/nimporte-quoi/")

    assert response.status_code == 404
    assert "Cette invitation n’est plus valable" in unescape(response.content.decode())


def test_inviting_a_member_or_an_address_already_invited_is_refused_next_to_the_field(
    client, people, orgs
):
    client.force_login(people["moderator"])
    url = "/espace/organisations/laboratoire-dinnovation-de-bretagne/inviter/"
    client.post(url, {"email": "attente@labo.bzh", "role": "organiser"})

    member_again = client.post(url, {"email": "Orga@labo.bzh", "role": "organiser"})
    invited_again = client.post(url, {"email": "attente@labo.bzh", "role": "moderator"})
    bad_role = client.post(url, {"email": "x@labo.bzh", "role": "admin"})

    assert member_again.status_code == 400
    assert re.search(
        r'<p id="id_email_error" class="fr-error-text">Cette personne est déjà membre',
        unescape(member_again.content.decode()),
    )
    assert "Une invitation est déjà en attente pour cette adresse" in invited_again.content.decode()
    assert 'id="id_role_error"' in bad_role.content.decode()
    assert Invitation.objects.count() == 1


def test_a_moderator_cancels_a_pending_invitation(client, people, orgs):
    invitation = Invitation.objects.create(email="annule@labo.bzh", organisation=orgs["labo"])
    client.force_login(people["moderator"])

    response = client.post(
        f"/espace/organisations/laboratoire-dinnovation-de-bretagne/invitations/{invitation.pk}/annuler/"
    )

    assert response.status_code == 302
    assert Invitation.objects.count() == 0
    assert client.get(f"/compte/invitation/{invitation.token}/").status_code == 404


def test_an_admin_may_invite_an_admin(client, people, orgs):
    client.force_login(people["admin"])
    url = "/espace/organisations/prefecture-du-nord/"
    assert '<option value="admin">Administrateur·rice</option>' in client.get(url).content.decode()

    client.post(url + "inviter/", {"email": "chef@nord.gouv.fr", "role": "admin"})

    assert Invitation.objects.get().role == "admin"


def test_an_admin_changes_a_role_and_removes_a_membership(client, people, orgs):
    client.force_login(people["admin"])
    url = "/espace/organisations/laboratoire-dinnovation-de-bretagne/"
    membership = Membership.objects.get(user=people["organiser"])
    page = client.get(url).content.decode()
    assert "Changer le rôle" in page

    response = client.post(
        f"{url}membres/{membership.pk}/role/", {f"m{membership.pk}-role": "moderator"}
    )
    assert response["Location"] == url
    membership.refresh_from_db()
    assert membership.role == "moderator"
    assert permissions.is_moderator(get_user_model().objects.get(pk=people["organiser"].pk))
    assert "Olivier Orga est désormais modérateur·rice" in unescape(
        client.get(url).content.decode()
    )

    confirm = client.get(f"{url}membres/{membership.pk}/retirer/")
    assert "Retirer Olivier Orga de Laboratoire d’innovation de Bretagne\u202f?" in unescape(
        confirm.content.decode()
    )
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(f"{url}membres/{membership.pk}/retirer/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert get_user_model().objects.filter(pk=people["organiser"].pk).exists()


def test_moderators_and_organisers_cannot_change_roles_nor_remove_members(client, people, orgs):
    membership = Membership.objects.get(user=people["organiser"])
    base = "/espace/organisations/laboratoire-dinnovation-de-bretagne/membres/"
    for who in ("moderator", "organiser"):
        client.force_login(people[who])
        role = client.post(f"{base}{membership.pk}/role/", {f"m{membership.pk}-role": "admin"})
        remove = client.post(f"{base}{membership.pk}/retirer/")
        assert (role.status_code, remove.status_code) == (403, 403)
    membership.refresh_from_db()
    assert membership.role == "organiser"


def test_an_admin_cannot_change_their_own_role(client, people, orgs):
    client.force_login(people["admin"])
    own = Membership.objects.get(user=people["admin"])

    response = client.post(
        f"/espace/organisations/{orgs['ditp'].slug}/membres/{own.pk}/role/",
        {f"m{own.pk}-role": "organiser"},
    )

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.role == "admin"


def test_staff_users_count_as_admins_on_these_pages(client, orgs):
    staff = make_user("staff@ditp.gouv.fr")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)

    page = client.get("/espace/organisations/prefecture-du-nord/").content.decode()

    assert "Inviter une personne" in page


# ProConnect is off unless configured


def test_without_proconnect_settings_there_is_no_button_and_its_urls_are_404(client, settings, db):
    settings.PROCONNECT_ENABLED = False

    page = client.get(LOGIN).content.decode()

    assert "ProConnect" not in page
    assert client.post("/compte/proconnect/").status_code == 404
    assert client.get("/compte/proconnect/retour/?code=x&state=y").status_code == 404


def test_with_proconnect_settings_the_login_page_shows_its_button(client, settings, db):
    settings.PROCONNECT_ENABLED = True

    page = unescape(client.get(LOGIN).content.decode())

    assert '<form method="post" action="/compte/proconnect/">' in page
    assert '<span class="fr-connect__login">S’identifier avec</span>' in page
    assert '<span class="fr-connect__brand">ProConnect</span>' in page


# The admin signs in through the same (throttled) page


def test_the_admin_login_sends_to_the_throttled_sign_in_page_and_back(client, db):
    staff = make_user("staff@ditp.gouv.fr")
    staff.is_staff = True
    staff.is_superuser = True
    staff.save()

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/compte/connexion/?next=/admin/"

    signed_in = login(client, "staff@ditp.gouv.fr", next="/admin/")
    assert signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_person_without_staff_rights_gets_a_french_403_at_the_admin(client, people):
    client.force_login(people["organiser"])

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403
    assert "Votre compte n’a pas accès à l’administration du site." in unescape(
        response.content.decode()
    )
