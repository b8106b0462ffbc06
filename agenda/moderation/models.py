"""Moderation records: pending edits of published events, and the audit log of every change.

Thin models; the workflow lives in services.py. An event's data is exchanged as a JSON
"snapshot" (see snapshot.py): a revision proposes one, an audit entry keeps what changed.
"""

from django.conf import settings
from django.db import models

from agenda.events.models import Event, Organisation


class Revision(models.Model):
    """An edit of a published event, waiting for a moderator. The published version stays
    online, unchanged, until the revision is accepted."""

    class State(models.TextChoices):
        PENDING = "pending", "en attente"
        ACCEPTED = "accepted", "acceptée"
        REJECTED = "rejected", "refusée"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="revisions")
    data = models.JSONField("données proposées")
    base = models.JSONField("version publiée au moment de la proposition", default=dict)
    problems = models.JSONField("problèmes détectés", default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField("proposée le", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField("commentaire de la modération", blank=True)

    class Meta:
        verbose_name = "modification proposée"
        verbose_name_plural = "modifications proposées"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event"],
                condition=models.Q(state="pending"),
                name="one_pending_revision_per_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.get_state_display()})"


class AuditEntry(models.Model):
    """Who did what, when, to which event or organisation; `changes` maps a field to
    [old, new]. Entries about an organisation or its members have no event; `subject` names
    the person concerned (an invitee, a member)."""

    class Action(models.TextChoices):
        CREATED = "created", "création"
        EDITED = "edited", "modification"
        SUBMITTED = "submitted", "soumission"
        CHANGES_REQUESTED = "changes_requested", "modifications demandées"
        PUBLISHED = "published", "publication"
        CANCELLED = "cancelled", "annulation"
        REVISION_PROPOSED = "revision_proposed", "modification proposée"
        REVISION_ACCEPTED = "revision_accepted", "modification acceptée"
        REVISION_REJECTED = "revision_rejected", "modification refusée"
        ORGANISATION_CREATED = "org_created", "création de l’organisation"
        ORGANISATION_EDITED = "org_edited", "modification de l’organisation"
        ORGANISATION_ARCHIVED = "org_archived", "archivage de l’organisation"
        ORGANISATION_RESTORED = "org_restored", "réactivation de l’organisation"
        MEMBER_INVITED = "member_invited", "invitation envoyée"
        INVITATION_CANCELLED = "invite_cancelled", "invitation annulée"
        MEMBER_JOINED = "member_joined", "invitation acceptée"
        ROLE_CHANGED = "role_changed", "changement de rôle"
        MEMBER_REMOVED = "member_removed", "membre retiré"
        PLACE_POSITION = "place_position", "position du lieu corrigée"

    event = models.ForeignKey(
        Event, null=True, blank=True, on_delete=models.CASCADE, related_name="audit_entries"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    subject = models.CharField("personne concernée", max_length=254, blank=True)
    revision = models.ForeignKey(
        Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20, blank=True)
    changes = models.JSONField(default=dict, blank=True)  # key → [old, new]
    labels = models.JSONField(default=dict, blank=True)  # key → what moderators read
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        about = self.event or self.organisation
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} — {about}"


class EditionItem(models.Model):
    """One thing of a next-edition copy that still points at last year (a link, an image, a
    sentence the tool could not rewrite, a date on a public holiday): the copy is not submitted
    while one is untouched, unless its editor confirms it (`moderation/edition_checklist.py`)."""

    class Kind(models.TextChoices):
        LINK = "link", "lien"
        IMAGE = "image", "image"
        TEXT = "text", "texte"
        DATE = "date", "date"
        SEATS = "seats", "places"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="edition_items")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Where it is, as a snapshot path: "body", "images.0.path", "sessions.<uid>.registration_url".
    where = models.CharField("emplacement", max_length=200)
    label = models.CharField("à vérifier", max_length=500)
    value = models.TextField("valeur copiée")
    confirmed_at = models.DateTimeField("confirmé le", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "point à vérifier de la nouvelle édition"
        verbose_name_plural = "points à vérifier de la nouvelle édition"
        ordering = ["event", "position"]

    def __str__(self) -> str:
        return self.label
