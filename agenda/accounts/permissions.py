"""The one place that says who may do what. Views, the API and tests ask these functions.

- organiser: creates and edits its organisations' events, submits them; sees their drafts
  and pending revisions, and the registrants of their sessions.
- moderator: reviews the whole programme (queue, publish, request changes, cancel), invites
  organisers; sees every event in any state and the audit log.
- admin: everything a moderator can, plus managing organisations and memberships.
Staff users (Django's is_staff/is_superuser) count as admins.
"""

from django.db.models import QuerySet

from agenda.events.models import Event, Organisation

from .models import Membership

MODERATING_ROLES = (Membership.Role.MODERATOR, Membership.Role.ADMIN)


def _roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_agenda_roles", None)
    if cached is None:
        cached = set(user.memberships.values_list("role", flat=True))
        user._agenda_roles = cached
    return cached


def is_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or getattr(user, "is_staff", False)) or (
        Membership.Role.ADMIN in _roles(user)
    )


def is_moderator(user) -> bool:
    return is_admin(user) or Membership.Role.MODERATOR in _roles(user)


def organisations_of(user) -> QuerySet[Organisation]:
    """Organisations the user may write new events for (all of them for moderators); an
    archived organisation takes no new event."""
    return managed_organisations(user).filter(archived_at__isnull=True)


def can_edit_event(user, event: Event) -> bool:
    if is_moderator(user):
        return True
    if not getattr(user, "is_authenticated", False) or event.organisation_id is None:
        return False
    return user.memberships.filter(organisation_id=event.organisation_id).exists()


def can_moderate(user) -> bool:
    return is_moderator(user)


def visible_events(user) -> QuerySet[Event]:
    """Events a user may see in the contributor space: their organisations' (any state), or all."""
    if is_moderator(user):
        return Event.objects.all()
    return Event.objects.filter(organisation__in=organisations_of(user))


# Accounts: organisations, members and invitations.


def is_member(user, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.memberships.filter(organisation=organisation).exists()


def can_view_organisation(user, organisation: Organisation) -> bool:
    """Its members see it (read only for organisers); moderators see every organisation."""
    return is_moderator(user) or is_member(user, organisation)


def can_invite(user, organisation: Organisation) -> bool:
    """Moderators invite people into any organisation."""
    return is_moderator(user)


def invitable_roles(user) -> list[str]:
    """Roles a user may offer in an invitation: only admins make admins."""
    if is_admin(user):
        return [role.value for role in Membership.Role]
    if is_moderator(user):
        return [Membership.Role.ORGANISER.value, Membership.Role.MODERATOR.value]
    return []


def can_manage_members(user, organisation: Organisation) -> bool:
    """Changing a member's role or removing a membership is for admins."""
    return is_admin(user)


def can_manage_organisations(user) -> bool:
    """Creating, renaming and archiving organisations is for admins."""
    return is_admin(user)


def managed_organisations(user) -> QuerySet[Organisation]:
    """Organisations a user sees in the contributor space's list, archived ones included:
    every one for moderators, their own for members."""
    if is_moderator(user):
        return Organisation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()
