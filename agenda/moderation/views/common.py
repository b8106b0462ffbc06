"""Access rules of the contributor space, as decorators and lookups (agenda.accounts.permissions
says who may do what; here it becomes 302 to the login page, 403 or 404)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from agenda.accounts.permissions import can_edit_event, can_moderate
from agenda.events.models import Event

LOGIN_PATH = "/compte/connexion/"


def login_url() -> str:
    try:
        return reverse("login")
    except NoReverseMatch:  # the accounts pages are not mounted (yet)
        return LOGIN_PATH


def signed_in(view):
    """Anonymous visitors go to the login page, and come back here after."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url())
        return view(request, *args, **kwargs)

    return wrapper


def moderators_only(view):
    """Signed in and moderator (or admin), else 403."""

    @signed_in
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied("Réservé à l’équipe de modération.")
        return view(request, *args, **kwargs)

    return wrapper


def editable_event(request: HttpRequest, pk: int) -> Event:
    """The event, if the user writes it; another organisation's event is not found (404),
    so that its existence is not disclosed."""
    event = get_object_or_404(Event.objects.select_related("organisation"), pk=pk)
    if not can_edit_event(request.user, event):
        raise Http404("Événement introuvable")
    return event
