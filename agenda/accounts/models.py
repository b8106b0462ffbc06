"""Who may do what: a person belongs to organisations with a role in each."""

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from agenda.events.models import Organisation


class Membership(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", "organisateur·rice"  # writes its organisation's events
        MODERATOR = "moderator", "modérateur·rice"  # reviews the whole programme
        ADMIN = "admin", "administrateur·rice"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.ORGANISER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "appartenance"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A moderator invites someone by email to join an organisation with a role."""

    email = models.EmailField()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(
        max_length=20, choices=Membership.Role.choices, default=Membership.Role.ORGANISER
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "invitation"

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    # An invitation can be used once, within VALIDITY of being sent.
    VALIDITY = dt.timedelta(days=14)

    @property
    def expires_at(self) -> dt.datetime:
        return (self.created_at or timezone.now()) + self.VALIDITY

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_pending(self) -> bool:
        """Neither accepted nor expired: the link still works."""
        return self.accepted_at is None and not self.is_expired


# From least to most powerful: an invitation never lowers an existing role.
ROLE_RANK = {"organiser": 0, "moderator": 1, "admin": 2}


class LoginAttempt(models.Model):
    """One sign-in by email and password (or one password-reset request), kept a day to
    throttle repeated failures (and requests)."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign-in", "connexion"
        RESET = "reset", "réinitialisation du mot de passe"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SIGN_IN)
    email = models.CharField(max_length=254, db_index=True)  # as typed, lower-cased
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "tentative de connexion"
        verbose_name_plural = "tentatives de connexion"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        outcome = "réussie" if self.succeeded else "échouée"
        return f"{self.email} depuis {self.ip} : {outcome}"
