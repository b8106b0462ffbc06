"""Stored fragments of the feeds: each session's VEVENT, each event's Atom entry…

A fragment is kept with the key of the data it was rendered from (agenda/feeds/fragments.py):
nothing needs to tell it that a session changed; a feed that finds the key changed renders the
fragment again. Deleting a session or an event deletes its fragments.
"""

from django.db import models

from agenda.events.models import Event, Session


class Fragment(models.Model):
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=32)  # a hash of everything the body was made from
    body = models.TextField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class SessionFragment(Fragment):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "fragment de séance"
        constraints = [
            models.UniqueConstraint(fields=["kind", "session"], name="unique_session_fragment")
        ]


class EventFragment(Fragment):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "fragment d’événement"
        constraints = [
            models.UniqueConstraint(fields=["kind", "event"], name="unique_event_fragment")
        ]
