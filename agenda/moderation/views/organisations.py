"""Organisations and their members, from the contributor space (/espace/organisations/):
administrators create, rename and archive organisations and change members; moderators invite;
members read their organisations. The work is in agenda.moderation.organisations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agenda.accounts import permissions
from agenda.accounts.forms import InvitationForm, RoleForm
from agenda.accounts.models import Invitation, Membership
from agenda.accounts.users import display_name
from agenda.events.models import Organisation

from .. import organisations as services
from ..forms.organisations import OrganisationForm
from .common import signed_in


def _members_queryset():
    return Membership.objects.select_related("user").order_by(
        "user__last_name", "user__first_name", "user__email"
    )


@signed_in
def organisations(request: HttpRequest) -> HttpResponse:
    user = request.user
    orgs = (
        permissions.managed_organisations(user)
        .annotate(event_count=Count("events", distinct=True))
        .prefetch_related(Prefetch("memberships", queryset=_members_queryset()))
        .order_by("archived_at", "name")
    )
    context = {
        "organisations": orgs,
        "moderator": permissions.is_moderator(user),
        "admin": permissions.can_manage_organisations(user),
    }
    return render(request, "moderation/organisations/list.html", context)


@signed_in
def organisation_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_organisations(request.user):
        raise PermissionDenied("Seuls les administrateurs créent des organisations.")
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(actor=request.user, **form.cleaned_data)
        except services.OrganisationError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Organisation « {organisation.name} » créée.")
            return redirect("organisation", slug=organisation.slug)
    status = 400 if form.is_bound else 200
    context = {"form": form, "organisation": None}
    return render(request, "moderation/organisations/form.html", context, status=status)


def _organisation_for(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not permissions.can_view_organisation(request.user, organisation):
        raise PermissionDenied("Vous n’avez pas accès à cette organisation.")
    return organisation


@signed_in
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug)
    if not permissions.can_manage_organisations(request.user):
        raise PermissionDenied("Seuls les administrateurs modifient les organisations.")
    initial = {key: getattr(organisation, key) for key in services.EDITABLE_FIELDS}
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except services.OrganisationError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, "Organisation enregistrée.")
            return redirect("organisation", slug=organisation.slug)
    status = 400 if form.is_bound else 200
    context = {"form": form, "organisation": organisation}
    return render(request, "moderation/organisations/form.html", context, status=status)


@signed_in
@require_POST
def organisation_archive(request: HttpRequest, slug: str, archived: bool) -> HttpResponse:
    organisation = _organisation_for(request, slug)
    if not permissions.can_manage_organisations(request.user):
        raise PermissionDenied("Seuls les administrateurs archivent les organisations.")
    services.archive_organisation(actor=request.user, organisation=organisation, archived=archived)
    done = "archivée : elle ne prend plus de nouvel événement" if archived else "réactivée"
    messages.success(request, f"Organisation « {organisation.name} » {done}.")
    return redirect("organisation", slug=organisation.slug)


def _organisation_page(
    request: HttpRequest, organisation: Organisation, invite_form=None, status: int = 200
) -> HttpResponse:
    user = request.user
    can_invite = permissions.can_invite(user, organisation)
    can_manage = permissions.can_manage_members(user, organisation)
    if can_invite and invite_form is None:
        invite_form = InvitationForm(
            organisation=organisation, roles=permissions.invitable_roles(user)
        )
    invitations = []
    if can_invite:
        invitations = list(
            organisation.invitations.filter(accepted_at__isnull=True)
            .select_related("invited_by")
            .order_by("-created_at")
        )
    members = list(_members_queryset().filter(organisation=organisation))
    role_forms = {}
    if can_manage:
        for membership in members:
            form = RoleForm(initial={"role": membership.role}, prefix=f"m{membership.pk}")
            form.fields["role"].label = f"Rôle de {display_name(membership.user)}"
            role_forms[membership.pk] = form
    context = {
        "organisation": organisation,
        "members": [(m, role_forms.get(m.pk)) for m in members],
        "can_invite": can_invite,
        "can_manage": can_manage,
        "can_edit": permissions.can_manage_organisations(user),
        "show_emails": permissions.is_moderator(user),
        "invite_form": invite_form,
        "invitations": invitations,
        "event_count": organisation.events.count(),
    }
    return render(request, "moderation/organisations/detail.html", context, status=status)


@signed_in
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    return _organisation_page(request, _organisation_for(request, slug))


@signed_in
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_for(request, slug)
    if not permissions.can_invite(request.user, organisation):
        raise PermissionDenied("Seuls les modérateurs et administrateurs invitent des personnes.")
    form = InvitationForm(
        request.POST, organisation=organisation, roles=permissions.invitable_roles(request.user)
    )
    if not form.is_valid():
        return _organisation_page(request, organisation, invite_form=form, status=400)
    invitation = services.invite(actor=request.user, organisation=organisation, **form.cleaned_data)
    messages.success(request, f"Invitation envoyée à {invitation.email}.")
    return redirect("organisation", slug=organisation.slug)


@signed_in
@require_POST
def cancel_invitation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _organisation_for(request, slug)
    if not permissions.can_invite(request.user, organisation):
        raise PermissionDenied("Seuls les modérateurs et administrateurs gèrent les invitations.")
    invitation = get_object_or_404(
        Invitation, pk=pk, organisation=organisation, accepted_at__isnull=True
    )
    services.cancel_invitation(actor=request.user, invitation=invitation)
    messages.success(request, f"L’invitation de {invitation.email} est annulée.")
    return redirect("organisation", slug=organisation.slug)


def _membership_for(request: HttpRequest, slug: str, pk: int) -> Membership:
    organisation = _organisation_for(request, slug)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied("Seuls les administrateurs modifient les rôles et les membres.")
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=pk,
        organisation=organisation,
    )
    if membership.user_id == request.user.pk:
        raise PermissionDenied("Vous ne pouvez pas modifier votre propre rôle.")
    return membership


@signed_in
@require_POST
def change_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_for(request, slug, pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, "Choisissez un rôle de la liste.")
    else:
        services.change_role(actor=request.user, membership=membership, **form.cleaned_data)
        messages.success(
            request,
            f"{display_name(membership.user)} est désormais "
            f"{membership.get_role_display()} de {membership.organisation.name}.",
        )
    return redirect("organisation", slug=membership.organisation.slug)


@signed_in
def remove_member(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_for(request, slug, pk)
    if request.method == "POST":
        services.remove_member(actor=request.user, membership=membership)
        messages.success(
            request,
            f"{display_name(membership.user)} ne fait plus partie de "
            f"{membership.organisation.name}.",
        )
        return redirect("organisation", slug=membership.organisation.slug)
    context = {"membership": membership, "name": display_name(membership.user)}
    return render(request, "moderation/organisations/remove_member.html", context)
