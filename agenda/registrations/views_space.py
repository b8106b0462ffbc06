"""The organisers' side (/espace/inscriptions/): their sessions' registrants, counts, settings,
CSV export, cancelling a registration. Only for events `can_edit_event` allows."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from agenda.accounts.permissions import can_edit_event, visible_events
from agenda.events.models import Session
from agenda.lib.french import accord, word

from . import services
from .export import registrants_csv
from .forms import SettingsForm
from .models import Registration

State = Registration.State


def login_first(request: HttpRequest) -> HttpResponse:
    try:
        return redirect_to_login(request.get_full_path())
    except NoReverseMatch:  # the accounts app has no `login` page yet: Django's admin one
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))


def editable_session(request: HttpRequest, uid) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("event__organisation", "event__place", "place"), uid=uid
    )
    if not can_edit_event(request.user, session.event):
        raise PermissionDenied("Cette séance n’est pas celle de votre organisation.")
    return session


def space_list(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_first(request)
    sessions = (
        Session.objects.filter(event__in=visible_events(request.user))
        .filter(
            Q(registration=Session.Registration.NATIVE)
            | Q(pk__in=Registration.objects.values("session_id"))
        )
        .select_related("event")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__state=State.CONFIRMED)),
            waitlisted=Count("registrations", filter=Q(registrations__state=State.WAITLISTED)),
        )
        .order_by("starts_at", "pk")
    )
    return render(request, "registrations/space_list.html", {"sessions": sessions})


def space_session(request: HttpRequest, uid) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_first(request)
    session = editable_session(request, uid)
    form = SettingsForm.for_session(session, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = services.configure(
            session=session,
            registration=data["registration"],
            registration_url=data["registration_url"],
            capacity=data["capacity"],
            waitlist_enabled=data["waitlist_enabled"],
            closes_at=data["closes_at"],
            online_url=data["online_url"],
            warn=request.user.email,
        )
        messages.success(request, "Les réglages de la séance sont enregistrés.")
        if change.promoted:
            messages.info(
                request,
                f"{accord(len(change.promoted), 'personne')} de la liste d’attente "
                f"{word(len(change.promoted), 'confirmée')}.",
            )
        if change.over_by:
            places = data["capacity"]
            messages.warning(
                request,
                f"{accord(change.confirmed, 'inscription confirmée', 'inscriptions confirmées')} "
                f"pour {accord(places, 'place')} : {change.over_by} de plus que la nouvelle "
                "capacité. "
                "Personne n’a été désinscrit ; annulez des inscriptions vous-même si nécessaire."
                + (" Un courriel vous le rappelle." if request.user.email else ""),
            )
        return redirect("space_registrations", uid=session.uid)
    registrations = (
        Registration.objects.filter(session=session)
        .exclude(
            state=State.PENDING  # requests nobody confirmed yet: not registrations
        )
        .order_by("state", "position", "created_at", "pk")
    )
    context = {
        "session": session,
        "event": session.event,
        "form": form,
        "availability": services.availability(session=session),
        "confirmed": [r for r in registrations if r.state == State.CONFIRMED],
        "waitlisted": [r for r in registrations if r.state == State.WAITLISTED],
        "cancelled": [r for r in registrations if r.state == State.CANCELLED],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "registrations/space_session.html", context, status=status)


def space_csv(request: HttpRequest, uid) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_first(request)
    session = editable_session(request, uid)
    response = HttpResponse(registrants_csv(session=session), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="inscrits-{session.anchor}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def space_cancel(request: HttpRequest, uid, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return login_first(request)
    session = editable_session(request, uid)
    registration = get_object_or_404(Registration, pk=pk, session=session)
    services.cancel(registration=registration, by_organiser=True)
    messages.success(request, "L’inscription est annulée ; la personne a été prévenue.")
    return redirect("space_registrations", uid=session.uid)
