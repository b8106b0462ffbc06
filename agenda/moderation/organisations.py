"""Organisations and their members, managed from the contributor space. Keyword-only functions,
one transaction each; every change writes an audit entry (who, when, which organisation, whom).

Who may do what is agenda.accounts.permissions: administrators create, rename and archive
organisations and change members; moderators invite people and cancel invitations.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from agenda.accounts import permissions
from agenda.accounts.models import Invitation, Membership
from agenda.accounts.users import display_name
from agenda.events.models import Organisation
from agenda.events.slugs import numbered
from agenda.lib.emails import Email, send_after_commit

from .models import AuditEntry

Action = AuditEntry.Action
EDITABLE_FIELDS = {"name": "nom", "acronym": "sigle", "website": "site web"}


class OrganisationError(Exception):
    """A change that is not allowed; the message is French and shown as is."""


def record(
    *, actor, action: str, organisation: Organisation, subject: str = "", changes=None, comment=""
) -> AuditEntry:
    changes = changes or {}
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        organisation=organisation,
        subject=subject,
        changes=changes,
        labels={key: EDITABLE_FIELDS.get(key, key) for key in changes},
        comment=comment,
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise OrganisationError(message)


def free_slug(name: str, *, exclude: int | None = None) -> str:
    """The organisation's address: its name in slug form, numbered when already taken."""
    base = slugify(name)[:190].strip("-_") or "organisation"
    others = Organisation.objects.exclude(pk=exclude)
    return numbered(
        base, taken=set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    )


def _name_is_free(name: str, exclude: int | None = None) -> None:
    if Organisation.objects.exclude(pk=exclude).filter(name__iexact=name).exists():
        raise OrganisationError(f"Une organisation s’appelle déjà « {name} ».")


@transaction.atomic
def create_organisation(*, actor, name: str, acronym: str = "", website: str = "") -> Organisation:
    _require(permissions.can_manage_organisations(actor), "Réservé aux administrateurs.")
    _name_is_free(name)
    organisation = Organisation.objects.create(
        name=name, slug=free_slug(name), acronym=acronym, website=website
    )
    fields = {"name": name, "acronym": acronym, "website": website}
    changes = {key: ["", value] for key, value in fields.items() if value}
    record(
        actor=actor, action=Action.ORGANISATION_CREATED, organisation=organisation, changes=changes
    )
    return organisation


@transaction.atomic
def update_organisation(*, actor, organisation: Organisation, **fields: str) -> Organisation:
    """Rename (the address stays: links already sent keep working) or change acronym, site."""
    _require(permissions.can_manage_organisations(actor), "Réservé aux administrateurs.")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changes = {}
    for key, value in fields.items():
        if key not in EDITABLE_FIELDS:
            raise TypeError(f"unknown organisation field {key!r}")
        if getattr(organisation, key) != value:
            changes[key] = [getattr(organisation, key), value]
            setattr(organisation, key, value)
    if "name" in changes:
        _name_is_free(organisation.name, exclude=organisation.pk)
    if changes:
        organisation.save(update_fields=list(changes))
        record(
            actor=actor,
            action=Action.ORGANISATION_EDITED,
            organisation=organisation,
            changes=changes,
        )
    return organisation


@transaction.atomic
def archive_organisation(*, actor, organisation: Organisation, archived: bool = True):
    """Archived, an organisation keeps its events and members but takes no new event."""
    _require(permissions.can_manage_organisations(actor), "Réservé aux administrateurs.")
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if (organisation.archived_at is not None) == archived:
        return organisation
    organisation.archived_at = timezone.now() if archived else None
    organisation.save(update_fields=["archived_at"])
    action = Action.ORGANISATION_ARCHIVED if archived else Action.ORGANISATION_RESTORED
    record(actor=actor, action=action, organisation=organisation)
    return organisation


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("invitation", args=[invitation.token])


@transaction.atomic
def invite(*, actor, organisation: Organisation, email: str, role: str) -> Invitation:
    """An e-mail with a single-use link, sent after commit."""
    _require(permissions.can_invite(actor, organisation), "Réservé à l’équipe de modération.")
    _require(role in permissions.invitable_roles(actor), "Vous ne pouvez pas offrir ce rôle.")
    invitation = Invitation.objects.create(
        email=email, organisation=organisation, role=role, invited_by=actor
    )
    send_after_commit(
        Email(
            to=[invitation.email],
            subject=f"Invitation à rejoindre {organisation.name}",
            template="accounts/emails/invitation",
            context={
                "invitation": invitation,
                "organisation": organisation,
                "role": invitation.get_role_display(),
                "inviter": display_name(actor),
                "PROGRAMME_NAME": settings.PROGRAMME_NAME,
                "url": invitation_url(invitation),
                "expires_at": invitation.expires_at,
            },
        )
    )
    record(
        actor=actor,
        action=Action.MEMBER_INVITED,
        organisation=organisation,
        subject=email,
        comment=invitation.get_role_display(),
    )
    return invitation


@transaction.atomic
def cancel_invitation(*, actor, invitation: Invitation) -> None:
    organisation = invitation.organisation
    _require(permissions.can_invite(actor, organisation), "Réservé à l’équipe de modération.")
    invitation.delete()
    record(
        actor=actor,
        action=Action.INVITATION_CANCELLED,
        organisation=organisation,
        subject=invitation.email,
    )


def _manageable(actor, membership: Membership) -> None:
    _require(
        permissions.can_manage_members(actor, membership.organisation),
        "Seuls les administrateurs modifient les rôles et les membres.",
    )
    _require(membership.user_id != actor.pk, "Vous ne pouvez pas modifier votre propre rôle.")


@transaction.atomic
def change_role(*, actor, membership: Membership, role: str) -> Membership:
    _manageable(actor, membership)
    if role not in Membership.Role.values:
        raise OrganisationError("Choisissez un rôle de la liste.")
    if membership.role != role:
        before = membership.get_role_display()
        membership.role = role
        membership.save(update_fields=["role"])
        record(
            actor=actor,
            action=Action.ROLE_CHANGED,
            organisation=membership.organisation,
            subject=membership.user.email,
            changes={"role": [before, membership.get_role_display()]},
        )
    return membership


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    _manageable(actor, membership)
    membership.delete()
    record(
        actor=actor,
        action=Action.MEMBER_REMOVED,
        organisation=membership.organisation,
        subject=membership.user.email,
        comment=membership.get_role_display(),
    )


def record_joined(sender, *, invitation: Invitation, user, **kwargs) -> None:
    """An invitee accepted (accounts' `invitation_accepted` signal): the log says so."""
    record(
        actor=user,
        action=Action.MEMBER_JOINED,
        organisation=invitation.organisation,
        subject=user.email,
        comment=invitation.get_role_display(),
    )
