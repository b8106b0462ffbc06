"""Showing snapshot values, statuses and audit keys in the moderation templates."""

from django import template

from agenda.events.models import Event

from ..navigation import current_item, menu_items
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


@register.inclusion_tag("moderation/_space_menu.html", takes_context=True)
def space_menu(context) -> dict:
    """The contributor space's side menu for the signed-in person (see navigation.py)."""
    request = context["request"]
    items = menu_items(request.user)
    match = getattr(request, "resolver_match", None)
    current = current_item(items, match.url_name if match else None)
    return {"items": [(item, item is current) for item in items]}
