"""The contributor space's menu: what each person's role lets them reach, and nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from agenda.accounts import permissions


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    # URL names of the pages that belong to this entry (the menu marks it as current).
    prefixes: tuple[str, ...] = ()

    def is_current(self, url_name: str | None) -> bool:
        if not url_name:
            return False
        return url_name == self.url_name or url_name.startswith(self.prefixes or (self.url_name,))


EVENTS = MenuItem("Mes événements", "space", ("space_event",))
NEW_EVENT = MenuItem("Nouvel événement", "space_event_create")
BULK = MenuItem("Import en masse", "bulk_import", ("bulk_",))
REGISTRANTS = MenuItem("Inscriptions", "space_registrations_list", ("space_registration",))
ORGANISATIONS = MenuItem("Organisations", "organisations", ("organisation",))
QUEUE = MenuItem("File de modération", "moderation_queue", ("moderation_",))
AUDIT_LOG = MenuItem("Journal des modifications", "moderation_log")
PLACES = MenuItem("Lieux", "space_places", ("space_place",))
EDITIONS = MenuItem("Édition suivante", "space_edition_season", ("space_edition",))


def menu_items(user) -> list[MenuItem]:
    """The entries `user` may open, in the order of their day's work."""
    if not getattr(user, "is_authenticated", False):
        return []
    moderator = permissions.is_moderator(user)
    writes = moderator or permissions.organisations_of(user).exists()
    items = [EVENTS if not moderator else MenuItem("Événements", "space", ("space_event",))]
    if moderator:
        items += [QUEUE, AUDIT_LOG, PLACES]
    if writes:
        items += [NEW_EVENT, BULK, REGISTRANTS, EDITIONS]
    if moderator or permissions.managed_organisations(user).exists():
        items.append(ORGANISATIONS if moderator else MenuItem("Mes organisations", "organisations"))
    return items


def current_item(items: list[MenuItem], url_name: str | None) -> MenuItem | None:
    """The entry the page belongs to: the most specific one (queue before its log)."""
    for item in items:
        if url_name == item.url_name:
            return item
    for item in items:
        if item.is_current(url_name):
            return item
    return None
