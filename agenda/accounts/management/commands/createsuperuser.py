"""`agenda createsuperuser`: an administrator known by e-mail, in French.

Replaces django.contrib.auth's command (agenda.accounts comes first in INSTALLED_APPS): people
sign in with their e-mail, so nobody is asked for a username (it is set from the e-mail, as for
every account, users.create_user). The password must pass AUTH_PASSWORD_VALIDATORS, the policy
every path enforces; there is no way around it here.

    agenda createsuperuser                          # asks the e-mail and the password
    DJANGO_SUPERUSER_EMAIL=… DJANGO_SUPERUSER_PASSWORD=… agenda createsuperuser --noinput
"""

from __future__ import annotations

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from agenda.accounts.users import create_user, find_user


class Command(BaseCommand):
    help = "Crée un compte d’administration, connu par son adresse électronique."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", help="adresse électronique du compte")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="sans question : l’adresse vient de --email ou de DJANGO_SUPERUSER_EMAIL, "
            "le mot de passe de DJANGO_SUPERUSER_PASSWORD",
        )
        # Accepted so that scripts written for Django's command keep working; ignored.
        parser.add_argument("--username", help="ignoré : l’identifiant est l’adresse")

    def handle(self, *args, email=None, interactive=True, **options) -> None:
        email = (email or os.environ.get("DJANGO_SUPERUSER_EMAIL", "")).strip()
        if interactive:
            email = email or self._ask_email()
            password = self._ask_password(email)
        else:
            password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
            if not email:
                raise CommandError(
                    "adresse manquante : donnez --email ou DJANGO_SUPERUSER_EMAIL avec --noinput"
                )
            if not password:
                raise CommandError("mot de passe manquant : DJANGO_SUPERUSER_PASSWORD est vide")
        email = self._checked_email(email)
        self._check_password(password, email)
        with transaction.atomic():
            user = create_user(email, password=password)
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        self.stdout.write(f"Compte d’administration créé : {user.email}")

    def _checked_email(self, email: str) -> str:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"adresse électronique invalide : « {email} »") from None
        if find_user(email):
            raise CommandError(f"un compte existe déjà avec l’adresse {email}")
        return email.lower()

    def _check_password(self, password: str, email: str) -> None:
        try:
            password_validation.validate_password(password, _Someone(email))
        except ValidationError as error:
            raise CommandError("mot de passe refusé : " + " ".join(error.messages)) from None

    def _ask_email(self) -> str:
        while True:
            email = input("Adresse électronique : ").strip()
            try:
                return self._checked_email(email)
            except CommandError as error:
                self.stderr.write(f"Erreur : {error}")

    def _ask_password(self, email: str) -> str:
        while True:
            password = getpass.getpass("Mot de passe : ")
            again = getpass.getpass("Mot de passe (confirmation) : ")
            if password != again:
                self.stderr.write("Erreur : les deux mots de passe ne sont pas identiques.")
                continue
            try:
                self._check_password(password, email)
            except CommandError as error:
                self.stderr.write(f"Erreur : {error}")
                continue
            return password


class _Someone:
    """What UserAttributeSimilarityValidator compares the password with, before the account
    exists: its e-mail (the username is the same address)."""

    def __init__(self, email: str) -> None:
        self.email = self.username = email
