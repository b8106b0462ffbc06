"""Staff correct a place's position (the geocoder placed it wrong, or could not): the new
position is written by `events.geocoding.set_position_by_hand`, which no later geocoding
moves, and audited like every staff action."""

from __future__ import annotations

from django.db import transaction

from agenda.accounts.permissions import can_moderate
from agenda.events.geocoding import set_position_by_hand
from agenda.events.models import Place

from .models import AuditEntry

POSITION_LABELS = {"latitude": "Latitude", "longitude": "Longitude"}


class PositionRefused(Exception):
    """Not staff: the message is French and shown as is."""


def place_label(place: Place) -> str:
    """How the audit log and the pages name a place: « name, address, postcode city »."""
    where = " ".join(part for part in (place.postcode, place.city) if part)
    return (
        ", ".join(part for part in (place.name, place.address, where) if part) or f"lieu {place.pk}"
    )


def correct_position(*, place: Place, actor, latitude: float, longitude: float) -> AuditEntry:
    """Set `place`'s position by hand, in one transaction with its audit entry (the old and
    new coordinates, who, when)."""
    if not can_moderate(actor):
        raise PositionRefused("Seule l’équipe de modération corrige la position d’un lieu.")
    with transaction.atomic():
        stored = Place.objects.select_for_update().get(pk=place.pk)
        before = {"latitude": stored.latitude, "longitude": stored.longitude}
        set_position_by_hand(stored, latitude=latitude, longitude=longitude)
        after = {"latitude": latitude, "longitude": longitude}
        changes = {
            key: [coordinate(before[key]), coordinate(after[key])]
            for key in POSITION_LABELS
            if before[key] != after[key]
        }
        entry = AuditEntry.objects.create(
            actor=actor,
            action=AuditEntry.Action.PLACE_POSITION,
            subject=place_label(stored),
            changes=changes,
            labels={key: POSITION_LABELS[key] for key in changes},
        )
    for name in ("latitude", "longitude", "position_set_by_hand", "geocoded_at", "geocode_problem"):
        setattr(place, name, getattr(stored, name))
    return entry


def coordinate(value: float | None) -> str | None:
    """A coordinate as the audit log shows it: six decimals (about 10 cm), a point."""
    return None if value is None else f"{value:.6f}"
