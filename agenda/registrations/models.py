"""Registrations to a session's seats, and the log the rate limit counts. Logic: services.py.

A registration is confirmed (it holds a seat), waitlisted (in arrival order, by `position`) or
cancelled; before that, a request from a browser that has not proved it holds the address is
pending (no seat) until its link, sent to that address, is opened and confirmed.
The same address registers once per session: a unique index on the lower-cased
email among active, unpurged registrations. After the retention period, `purge` blanks the
personal fields and keeps the row, so counts survive.
"""

import secrets

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from agenda.events.models import Session


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Registration(models.Model):
    class State(models.TextChoices):
        CONFIRMED = "confirmed", "confirmée"
        WAITLISTED = "waitlisted", "en liste d’attente"
        CANCELLED = "cancelled", "annulée"
        PENDING = "pending", "à confirmer"

    ACTIVE = (State.CONFIRMED, State.WAITLISTED)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField("nom", max_length=200)
    email = models.EmailField("adresse électronique")
    organisation = models.CharField("organisation", max_length=200, blank=True)
    consent_at = models.DateTimeField("consentement donné le", null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices)
    # Rank of arrival on the waitlist (1, 2, 3…), kept after promotion or cancellation; the
    # current rank is the number of people still waiting with a smaller position.
    position = models.PositiveIntegerField("rang d’arrivée en liste d’attente", null=True)
    # The personal link carries this token, signed with SECRET_KEY (see links.py).
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField("inscrit·e le", default=timezone.now)
    confirmed_at = models.DateTimeField("place confirmée le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    cancelled_by_organiser = models.BooleanField(default=False)
    reminder_sent_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    # What the registrant was last told about the session (a digest of the session writer's
    # REGISTRANT_FIELDS, events.sessions.registrant_state), so a change is announced once,
    # however many times `notify_change` runs.
    notified_state = models.CharField(max_length=200, blank=True)
    notified_sequence = models.PositiveIntegerField(default=0)
    purged_at = models.DateTimeField("données supprimées le", null=True, blank=True)

    class Meta:
        verbose_name = "inscription"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "session",
                Lower("email"),
                condition=models.Q(state__in=["confirmed", "waitlisted"], purged_at__isnull=True),
                name="unique_active_registration_email",
            ),
            models.UniqueConstraint(
                fields=["session", "position"], name="unique_registration_waitlist_position"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "state"], name="registration_session_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name or '(données supprimées)'} — {self.session_id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE


class RegistrationAttempt(models.Model):
    """One row per rate-limited key (client address, email) per attempt. Keys are HMACs of the
    address or email with SECRET_KEY: the log does not keep who tried. Purged after a day."""

    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "tentative d’inscription"
        indexes = [models.Index(fields=["key", "created_at"], name="registration_attempt_key")]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.created_at:%Y-%m-%d %H:%M}"
