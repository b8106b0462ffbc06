"""Showing snapshot values, statuses and audit keys in the moderation templates."""

from django import template

from agenda.events.models import Event

from ..snapshot import field_of, label_of, show

register = template.Library()


@register.filter
def valeur(value, key: str) -> str:
    """A snapshot value as moderators read it (dates, modes, places…)."""
    return show(field_of(key), value)


@register.filter
def statut(value: str) -> str:
    try:
        return str(Event.Status(value).label)
    except ValueError:
        return value or "—"


@register.filter
def libelle(entry, key: str) -> str:
    """The readable name of a key of an audit entry's changes."""
    return label_of(key, entry.labels)
