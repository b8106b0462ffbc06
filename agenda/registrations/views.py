"""Public pages: a session's registration form, the personal page, the privacy notice.

Works without JavaScript: plain forms, POST then redirect. The personal page is reached by
its signed link only; it is never cached nor indexed, and never sent as a referrer to
another site.

Limits nobody can spend for someone else: every attempt counts toward the client address's
limit; an email's limit only counts registrations its holder made — from a browser that has
proved it holds the address (`agenda.lib.known_emails`), or by confirming through the link
sent to it. A browser that has not gets a pending request (no seat) and an email to confirm.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agenda.events.models import Event, Session
from agenda.lib import clients, known_emails
from agenda.lib.links import safe_link

from . import services
from .forms import RegistrationForm
from .links import personal_path, registration_for
from .models import Registration
from .notifications import is_cancelled, waitlist_rank


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"  # the token never leaves the site
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def client_address(request: HttpRequest) -> str:
    """The client's address (REMOTE_ADDR, or a trusted proxy's X-Forwarded-For)."""
    return clients.client_address(request) or ""


def register(request: HttpRequest, uid) -> HttpResponse:
    session = get_object_or_404(
        Session.objects.select_related("event__organisation", "event__place", "place"),
        uid=uid,
        registration=Session.Registration.NATIVE,
        event__status__in=(Event.Status.PUBLISHED, Event.Status.CANCELLED),
    )
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_spam():  # say nothing useful to a robot
            return private(render(request, "registrations/received.html", {"session": session}))
        if form.is_valid():
            data = form.cleaned_data
            known = known_emails.is_known(request, data["email"])
            fields = {key: data[key] for key in ("name", "email", "organisation", "consent")}
            try:
                services.check_rate_limit(
                    address=client_address(request), email=data["email"] if known else None
                )
                if known:
                    outcome = services.register(session=session, **fields)
                else:
                    services.request_registration(session=session, **fields)
                    context = {"session": session, "email": data["email"]}
                    return private(render(request, "registrations/check_mail.html", context))
            except services.RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            except services.RegistrationError as error:
                form.add_error(None, str(error))
                status = 409
            else:
                if not outcome.created:
                    context = {"session": session, "email": data["email"]}
                    return private(render(request, "registrations/already.html", context))
                messages.success(request, welcome(outcome.registration))
                return redirect(personal_path(outcome.registration))
        else:
            status = 400
    context = {
        "session": session,
        "event": session.event,
        "form": form,
        "availability": services.availability(session=session),
    }
    return private(render(request, "registrations/register.html", context, status=status))


def welcome(registration: Registration) -> str:
    if registration.state == Registration.State.CONFIRMED:
        return "Votre inscription est confirmée. Un courriel de confirmation vous a été envoyé."
    return (
        "Vous êtes inscrit·e sur la liste d’attente. Un courriel vous a été envoyé ; un autre "
        "vous préviendra si une place se libère."
    )


def personal(request: HttpRequest, signed: str) -> HttpResponse:
    registration = registration_for(signed)
    if registration is None:
        raise Http404("Lien inconnu ou expiré")
    session = registration.session
    confirmed = registration.state == Registration.State.CONFIRMED
    cancelled_session = is_cancelled(session)
    status = 200
    if request.method == "POST" and registration.state == Registration.State.PENDING:
        try:
            services.check_rate_limit(email=registration.email)
            services.confirm(registration=registration)
        except services.RegistrationError as error:
            messages.error(request, str(error))
            status = 429 if isinstance(error, services.RateLimited) else 409
        else:
            registration.refresh_from_db()
            messages.success(request, welcome(registration))
            response = redirect(personal_path(registration))
            known_emails.remember(request, response, registration.email)
            return response
    context = {
        "registration": registration,
        "session": session,
        "event": session.event,
        "signed": signed,
        "rank": waitlist_rank(registration),
        "online_url": safe_link(session.online_url) if confirmed and not cancelled_session else "",
        "session_cancelled": cancelled_session,
    }
    response = private(render(request, "registrations/personal.html", context, status=status))
    known_emails.remember(request, response, registration.email)  # the link proves it
    return response


@require_POST
def cancel(request: HttpRequest, signed: str) -> HttpResponse:
    registration = registration_for(signed)
    if registration is None:
        raise Http404("Lien inconnu ou expiré")
    services.cancel(registration=registration)
    return redirect(personal_path(registration))


def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "retention_days": settings.REGISTRATION_RETENTION_DAYS,
        "rate_limit": settings.REGISTRATION_RATE_LIMIT,
        "contact": settings.DEFAULT_FROM_EMAIL,
    }
    return render(request, "registrations/privacy.html", context)
