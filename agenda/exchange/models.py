"""What bulk imports remember: the organiser's own identifiers of what they created."""

from django.db import models

from agenda.events.models import Event, Organisation, Session


class ExternalKey(models.Model):
    """An identifier from an organisation's file (a table's `identifiant`, `evenement_id` or
    event title; an ICS UID), pointing to what the import made of it, so that importing the same
    file again updates instead of duplicating. Scoped by organisation and source."""

    class Source(models.TextChoices):
        TABLE = "table", "tableau (CSV, XLSX)"
        ICS = "ics", "calendrier (ICS)"

    class Kind(models.TextChoices):
        EVENT = "event", "événement"
        SESSION = "session", "séance"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="external_keys"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField("identifiant", max_length=500)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="external_keys")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="external_keys"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "identifiant externe"
        verbose_name_plural = "identifiants externes"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "kind", "key"], name="unique_external_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} / {self.source} / {self.key}"
