"""Accounts without the admin's defaults: `createsuperuser` by e-mail and in French, one password
policy for every path, a rate-limited password reset, and the client address the limits count
(X-Forwarded-For believed from trusted proxies only)."""

import builtins
import getpass
import os
import subprocess
import sys
from html import unescape

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from agenda.accounts import throttling
from agenda.accounts.models import LoginAttempt
from agenda.lib.clients import client_address, parse_networks

pytestmark = pytest.mark.django_db
STRONG = "une phrase de passe assez longue"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# createsuperuser


def test_createsuperuser_noinput_needs_only_an_email_and_a_password(monkeypatch, capsys):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Admin@Example.org")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command("createsuperuser", "--noinput")

    user = get_user_model().objects.get()
    assert (user.email, user.username) == ("admin@example.org", "admin@example.org")
    assert user.is_superuser and user.is_staff and user.check_password(STRONG)
    assert "Compte d’administration créé : admin@example.org" in capsys.readouterr().out


def test_createsuperuser_refuses_a_weak_password_in_french_and_creates_nothing(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "12345678")

    with pytest.raises(CommandError) as error:
        call_command("createsuperuser", "--noinput", "--email", "admin@example.org")

    assert "mot de passe refusé" in str(error.value)
    assert "au minimum 12 caractères" in str(error.value)
    assert not get_user_model().objects.exists()


def test_createsuperuser_refuses_an_address_already_taken(monkeypatch):
    get_user_model().objects.create_user("x", email="admin@example.org")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    with pytest.raises(CommandError, match="un compte existe déjà avec l’adresse"):
        call_command("createsuperuser", "--noinput", "--email", "ADMIN@example.org")


def test_createsuperuser_asks_in_french_and_again_after_a_mistake(monkeypatch, capsys):
    prompts: list[str] = []
    emails = iter(["pas-une-adresse", "admin@example.org"])
    passwords = iter(["court", "court", STRONG, "autre chose", STRONG, STRONG])

    def ask(prompt="") -> str:
        prompts.append(prompt)
        return next(emails)

    def ask_secret(prompt="") -> str:
        prompts.append(prompt)
        return next(passwords)

    monkeypatch.setattr(builtins, "input", ask)
    monkeypatch.setattr(getpass, "getpass", ask_secret)

    call_command("createsuperuser")

    errors = capsys.readouterr().err
    assert "adresse électronique invalide : « pas-une-adresse »" in errors
    assert "Ce mot de passe est trop court" in errors
    assert "les deux mots de passe ne sont pas identiques" in errors
    assert set(prompts) == {
        "Adresse électronique : ",
        "Mot de passe : ",
        "Mot de passe (confirmation) : ",
    }
    assert get_user_model().objects.get().email == "admin@example.org"


def test_the_agenda_command_is_the_one_that_runs_createsuperuser():
    from django.core.management import get_commands

    assert get_commands()["createsuperuser"] == "agenda.accounts"


# One password policy


def test_the_password_policy_lives_in_the_settings():
    names = [v["NAME"].rsplit(".", 1)[1] for v in django_settings.AUTH_PASSWORD_VALIDATORS]
    assert "MinimumLengthValidator" in names and "CommonPasswordValidator" in names


def test_the_admin_enforces_the_password_policy(client):
    admin = get_user_model().objects.create_superuser(
        "root@example.org", "root@example.org", STRONG
    )
    client.force_login(admin)

    response = client.post(
        "/admin/auth/user/add/",
        {"username": "x@example.org", "password1": "azerty12", "password2": "azerty12",
         "usable_password": "true"},
    )  # fmt: skip

    assert "Ce mot de passe est trop court" in unescape(response.content.decode())
    assert not get_user_model().objects.filter(username="x@example.org").exists()


# Password reset, rate-limited


def reset(client, email: str, ip: str = "198.51.100.7"):
    return client.post("/compte/mot-de-passe/", {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_is_limited_per_email(client, smtp_server):
    get_user_model().objects.create_user("orga@labo.bzh", email="orga@labo.bzh", password=STRONG)
    for n in range(throttling.RESET_EMAIL_FREE):
        assert reset(client, "orga@labo.bzh", ip=f"198.51.100.{n}").status_code == 302

    refused = reset(client, "orga@labo.bzh", ip="198.51.100.99")

    page = unescape(refused.content.decode())
    assert refused.status_code == 200 and "Trop de demandes de réinitialisation" in page
    assert len(smtp_server) == throttling.RESET_EMAIL_FREE


def test_password_reset_is_limited_per_client_address(client, smtp_server):
    for n in range(throttling.RESET_ADDRESS_FREE):
        assert reset(client, f"personne{n}@labo.bzh").status_code == 302

    assert "Trop de demandes" in unescape(reset(client, "autre@labo.bzh").content.decode())
    assert reset(client, "autre@labo.bzh", ip="203.0.113.5").status_code == 302
    assert LoginAttempt.objects.filter(kind=LoginAttempt.Kind.RESET).count() == 6


def test_reset_requests_do_not_count_as_failed_sign_ins():
    for n in range(30):
        throttling.record_reset(f"p{n}@labo.bzh", "198.51.100.7")

    assert throttling.locked_until("p0@labo.bzh", "198.51.100.7") is None


# The client address


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@pytest.mark.parametrize(
    "remote, forwarded, expected",
    [
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.5", "1.2.3.4, 203.0.113.9", "203.0.113.9"),  # the leftmost is the client's say
        ("10.0.0.5", "203.0.113.9, 10.0.0.7", "203.0.113.9"),  # two trusted hops
        ("10.0.0.5", "pas une adresse", "10.0.0.5"),
        ("10.0.0.5", "", "10.0.0.5"),
        ("10.0.0.5", "[2001:db8::1]:443", "2001:db8::1"),
        ("10.0.0.5", "192.0.2.4:5000", "192.0.2.4"),
        ("203.0.113.50", "1.2.3.4", "203.0.113.50"),  # not a trusted proxy: not believed
    ],
)
def test_a_trusted_proxy_gives_the_client_address(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_address(request_from(remote, forwarded)) == expected


def test_the_sign_in_limit_counts_the_address_behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    request = request_from("127.0.0.1", "203.0.113.9")

    assert throttling.client_ip(request) == "203.0.113.9"


def test_a_wrong_trusted_proxy_is_refused_at_start_with_its_name():
    with pytest.raises(ValueError, match="« proxy.local » n’est ni une adresse IP ni un réseau"):
        parse_networks(["127.0.0.1", "proxy.local"])
    env = {**os.environ, "TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; from django.conf import settings; settings.DEBUG"],
        env={**env, "DJANGO_SETTINGS_MODULE": "agenda.settings"},
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "proxy.local" in run.stderr
