"""Sign-in (email and password, or ProConnect), password reset, organisations and invitations."""

import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from agenda.lib import known_emails

from . import proconnect, throttling
from .forms import (
    AccountCreationForm,
    EmailLoginForm,
    NewPasswordForm,
    ResetForm,
)
from .models import ROLE_RANK, Invitation, Membership
from .signals import invitation_accepted
from .users import backend_path, create_user, find_user

logger = logging.getLogger(__name__)


def default_landing() -> str:
    """The contributor space when it exists, else the organisations page."""
    try:
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    except NoReverseMatch:
        return reverse("organisations")


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


# Sign in and out


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailLoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return default_landing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proconnect_enabled"] = proconnect.enabled()
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        known_emails.remember(self.request, response, form.cleaned_data["email"])
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule). Someone signed in with ProConnect also leaves ProConnect."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(PROCONNECT_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if id_token and proconnect.enabled():
            url = proconnect.logout_url(id_token, request.build_absolute_uri(reverse("home")))
            if url:
                return HttpResponseRedirect(url)
        return response


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """Replaces the admin's login view (see apps.py): staff sign in on the accounts page."""
    target = _safe_next(request, request.GET.get("next")) or reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return HttpResponseRedirect(target)
        raise PermissionDenied("Votre compte n’a pas accès à l’administration du site.")
    return redirect_to_login(target, reverse("login"))


# Password reset, by email


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = ResetForm
    email_template_name = "accounts/emails/password_reset.txt"
    html_email_template_name = "accounts/emails/password_reset.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    @property
    def extra_email_context(self):
        return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"
    extra_context = {"timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm

    def form_valid(self, form):
        response = super().form_valid(form)
        throttling.reset(form.user.email, throttling.client_ip(self.request))
        known_emails.remember(self.request, response, form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# ProConnect

PROCONNECT_PENDING = "proconnect_pending"
PROCONNECT_ID_TOKEN = "proconnect_id_token"


def _require_proconnect() -> None:
    if not proconnect.enabled():
        raise Http404("ProConnect n’est pas configuré.")


def _proconnect_failed(request: HttpRequest, reason: str, status: int = 400) -> HttpResponse:
    logger.warning("ProConnect sign-in refused: %s", reason)
    return render(request, "accounts/proconnect_error.html", status=status)


@require_POST
def proconnect_start(request: HttpRequest) -> HttpResponse:
    _require_proconnect()
    try:
        url, pending = proconnect.start(request.build_absolute_uri(reverse("proconnect_callback")))
    except proconnect.ProConnectError as error:
        return _proconnect_failed(request, str(error), status=502)
    pending["next"] = _safe_next(request, request.POST.get("next"))
    request.session[PROCONNECT_PENDING] = pending
    return HttpResponseRedirect(url)


def proconnect_callback(request: HttpRequest) -> HttpResponse:
    _require_proconnect()
    pending = request.session.pop(PROCONNECT_PENDING, None)
    state = request.GET.get("state", "")
    if not pending or not state or not _same(state, pending.get("state", "")):
        return _proconnect_failed(request, "state missing or not the one sent")
    if "error" in request.GET:
        return _proconnect_failed(request, f"provider error {request.GET.get('error')!r}")
    code = request.GET.get("code")
    if not code:
        return _proconnect_failed(request, "no code")
    try:
        claims, id_token = proconnect.claims_for(code, pending)
    except proconnect.ProConnectError as error:
        return _proconnect_failed(request, str(error))
    email = str(claims.get("email") or "").strip()
    if not email or "@" not in email:
        return _proconnect_failed(request, f"no email: {proconnect.describe(claims)}")
    if claims.get("email_verified") is False:
        return _proconnect_failed(request, f"email not verified: {proconnect.describe(claims)}")
    given_name = str(claims.get("given_name") or "")
    usual_name = str(claims.get("usual_name") or claims.get("family_name") or "")
    user = find_user(email)
    if user is None:
        user = create_user(email, first_name=given_name, last_name=usual_name)
    else:
        if not user.is_active:
            return _proconnect_failed(request, f"inactive account {user.pk}", status=403)
        changed = []
        if given_name and not user.first_name:
            user.first_name = given_name[:150]
            changed.append("first_name")
        if usual_name and not user.last_name:
            user.last_name = usual_name[:150]
            changed.append("last_name")
        if changed:
            user.save(update_fields=changed)
    auth_login(request, user, backend=backend_path())
    request.session[PROCONNECT_ID_TOKEN] = id_token
    return HttpResponseRedirect(pending.get("next") or default_landing())


def _same(a: str, b: str) -> bool:
    return secrets.compare_digest(a.encode(), b.encode())


# Organisations are managed from the contributor space (agenda.moderation)


def moved_to_space(request: HttpRequest, rest: str) -> HttpResponse:
    """/compte/organisations/… → /espace/organisations/…, method kept (308)."""
    target = "/espace/organisations/" + rest
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    response = HttpResponseRedirect(target)
    response.status_code = 308
    return response


# Invitations, seen by the invitee


def _accept(invitation: Invitation, user) -> Membership:
    """Single use: the invitation is marked accepted only if nobody did it first."""
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not claimed:
        raise _AlreadyUsed
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    if not created and ROLE_RANK[invitation.role] > ROLE_RANK[membership.role]:
        membership.role = invitation.role
        membership.save(update_fields=["role"])
    invitation_accepted.send(sender=Invitation, invitation=invitation, user=user)
    return membership


class _AlreadyUsed(Exception):
    pass


def _invalid(request: HttpRequest, reason: str, status: int) -> HttpResponse:
    return render(request, "accounts/invitation_invalid.html", {"reason": reason}, status=status)


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )
    if invitation is None:
        return _invalid(request, "unknown", 404)
    if invitation.accepted_at is not None:
        return _invalid(request, "used", 410)
    if invitation.is_expired:
        return _invalid(request, "expired", 410)

    user = request.user
    signed_in = user.is_authenticated
    same_person = signed_in and user.email.strip().lower() == invitation.email.strip().lower()
    existing = None if signed_in else find_user(invitation.email)
    form = None
    if not signed_in and existing is None:
        form = AccountCreationForm(request.POST or None, email=invitation.email)

    if request.method == "POST":
        try:
            with transaction.atomic():
                if same_person:
                    _accept(invitation, user)
                elif form is not None and form.is_valid():
                    user = create_user(
                        invitation.email,
                        first_name=form.cleaned_data["first_name"],
                        last_name=form.cleaned_data["last_name"],
                        password=form.cleaned_data["password1"],
                    )
                    _accept(invitation, user)
                    auth_login(request, user, backend=backend_path())
                else:
                    user = None
        except _AlreadyUsed:
            return _invalid(request, "used", 410)
        if user is not None and user.is_authenticated:
            messages.success(
                request,
                f"Bienvenue dans {invitation.organisation.name} : vous en êtes "
                f"{invitation.get_role_display()}.",
            )
            return redirect("organisation", slug=invitation.organisation.slug)

    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "form": form,
            "existing": existing,
            "same_person": same_person,
            "signed_in": signed_in,
            "login_url": f"{reverse('login')}?next={reverse('invitation', args=[token])}",
        },
        status=400 if form is not None and form.is_bound and not form.is_valid() else 200,
    )
