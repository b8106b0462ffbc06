"""The checklist of a next-edition copy: what still points at last year, and whether its editor
has dealt with it.

An item is "changed" when the place it names no longer holds the copied value (another link,
another image, a sentence rewritten, a session moved off the holiday), "confirmed" when its
editor said it is right as it is, else "untouched": a copy is not submitted while one item is
untouched (`checklist_block`, called by the workflow's submission).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from agenda.events.models import Event

from .models import EditionItem
from .snapshot import event_snapshot

UNTOUCHED, CHANGED, CONFIRMED = "untouched", "changed", "confirmed"
STATE_LABELS = {UNTOUCHED: "à vérifier", CHANGED: "modifié", CONFIRMED: "confirmé"}


@dataclass
class Checked:
    item: EditionItem
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def value_at(snapshot: dict, where: str):
    """The value a snapshot path names: "body", "images.0.path", "sessions.<uid>.start"
    (None when the place is gone: a removed image, a deleted session)."""
    parts = where.split(".")
    value = snapshot.get(parts[0])
    if parts[0] == "sessions" and len(parts) == 3:
        session = next((s for s in value or [] if s.get("uid") == parts[1]), None)
        return None if session is None else session.get(parts[2])
    for part in parts[1:]:
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


def _still_there(item: EditionItem, value) -> bool:
    if value is None:
        return False
    if item.kind == EditionItem.Kind.DATE:
        return str(value)[:10] == item.value  # the session still on that day
    if item.kind == EditionItem.Kind.LINK and item.where.endswith(("link", "_url")):
        return value == item.value
    return item.value in str(value)  # a link or a sentence inside a text


def checklist(event: Event, snapshot: dict | None = None) -> list[Checked]:
    snapshot = snapshot if snapshot is not None else event_snapshot(event)
    result = []
    for item in event.edition_items.all():
        if item.confirmed_at is not None:
            state = CONFIRMED
        elif _still_there(item, value_at(snapshot, item.where)):
            state = UNTOUCHED
        else:
            state = CHANGED
        result.append(Checked(item, state))
    return result


def open_items(event: Event, snapshot: dict | None = None) -> list[Checked]:
    return [c for c in checklist(event, snapshot) if c.state == UNTOUCHED]


def checklist_block(event: Event, snapshot: dict | None = None) -> str:
    """Why the checklist blocks a submission ("" when it does not)."""
    if event.pk is None or not event.edition_items.exists():
        return ""
    count = len(open_items(event, snapshot))
    if not count:
        return ""
    plural = "s" if count > 1 else ""
    return (
        f"{count} point{plural} de l’édition précédente à vérifier : modifiez-le{plural} ou "
        f"confirmez-le{plural} dans la liste « Points à vérifier »."
    )


def confirm_items(*, actor, event: Event, ids: list[int]) -> int:
    """The editor says these items are right as they are; returns how many were confirmed."""
    return event.edition_items.filter(pk__in=ids, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirmed_by=actor
    )
