"""The emails registrants and organisers receive, and their calendar attachment (iTIP).

Each email is built once the transaction has committed (not while the session row is locked)
and sent then; `eager=True` builds it at once, for a session about to be deleted.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import vCalAddress, vText

from agenda.events.models import Session
from agenda.feeds.ics import calendar_for_sessions, location_text, session_vevent
from agenda.lib.emails import Attachment, Email, send_now
from agenda.lib.frenchdates import format_date_range_fr
from agenda.lib.links import safe_link

from .links import personal_url
from .models import Registration

REQUEST, CANCEL = "REQUEST", "CANCEL"


@dataclass(frozen=True)
class Kind:
    subject: str  # formatted with the session's title
    method: str | None = None  # the ICS attached: REQUEST, CANCEL, or none
    confirmed_only: bool = True  # attach the ICS only to a confirmed registration


KINDS = {
    "confirm": Kind("Confirmez votre inscription : {title}"),
    "confirmation": Kind("Inscription confirmée : {title}", REQUEST),
    "waitlisted": Kind("Liste d’attente : {title}"),
    "promoted": Kind("Une place s’est libérée : {title}", REQUEST),
    "resend": Kind("Votre inscription : {title}", REQUEST),
    "cancelled": Kind("Inscription annulée : {title}", CANCEL),
    "changed": Kind("Séance modifiée : {title}", REQUEST),
    "session_cancelled": Kind("Séance annulée : {title}", CANCEL, confirmed_only=False),
    "reminder": Kind("Rappel : {title}", REQUEST),
}


def queue(kind: str, *, registration: Registration, session: Session, eager: bool = False, **extra):
    """Send this email to the registrant once the current transaction commits."""
    if eager:
        email = registration_email(kind, registration=registration, session=session, **extra)
        transaction.on_commit(lambda: send_now(email))
    else:
        transaction.on_commit(
            lambda: send_now(
                registration_email(kind, registration=registration, session=session, **extra)
            ),
            robust=True,
        )


def registration_email(
    kind: str, *, registration: Registration, session: Session, was_confirmed: bool = False, **extra
) -> Email:
    spec = KINDS[kind]
    confirmed = registration.state == Registration.State.CONFIRMED or was_confirmed
    attachments = []
    if spec.method and (confirmed or not spec.confirmed_only):
        attachments.append(
            Attachment(
                "annulation.ics" if spec.method == CANCEL else "invitation.ics",
                invitation(session=session, registration=registration, method=spec.method),
                f"text/calendar; method={spec.method}",
            )
        )
    return Email(
        to=[registration.email],
        subject=spec.subject.format(title=session.display_title),
        template=f"registrations/emails/{kind}",
        context={
            **session_context(session),
            **registrant_context(registration),
            "was_confirmed": was_confirmed,
            **extra,
        },
        attachments=attachments,
    )


def organiser_warning(*, session: Session, to: str, confirmed: int, capacity: int) -> None:
    """Capacity lowered below the confirmed count: nobody was dropped, the organiser decides."""
    email = Email(
        to=[to],
        subject=f"Plus d’inscrits que de places : {session.display_title}",
        template="registrations/emails/capacity_warning",
        context={**session_context(session), "confirmed": confirmed, "capacity": capacity},
    )
    transaction.on_commit(lambda: send_now(email))


def session_context(session: Session) -> dict:
    return {
        "session": session,
        "event": session.event,
        "title": session.display_title,
        "when": format_date_range_fr(session.start, session.end),
        "where": location_without_link(session),
        "event_url": f"{settings.SITE_URL}{session.event.get_absolute_url()}",
        "space_url": settings.SITE_URL
        + reverse("space_registrations", kwargs={"uid": session.uid}),
        "session_cancelled": is_cancelled(session),
    }


def registrant_context(registration: Registration) -> dict:
    session = registration.session
    confirmed = registration.state == Registration.State.CONFIRMED
    return {
        "registration": registration,
        "personal_url": personal_url(registration) if registration.purged_at is None else "",
        "online_url": safe_link(session.online_url)
        if confirmed and not is_cancelled(session)
        else "",
        "rank": waitlist_rank(registration),
    }


def is_cancelled(session: Session) -> bool:
    return (
        session.status == Session.Status.CANCELLED
        or session.event.status == session.event.Status.CANCELLED
    )


def location_without_link(session: Session) -> str:
    """Where, for everyone: the webinar link is only given to confirmed registrants."""
    if not session.online_url:
        return location_text(session)
    return location_text(session).replace(session.online_url, "En ligne")


def waitlist_rank(registration: Registration) -> int | None:
    if registration.state != Registration.State.WAITLISTED or registration.position is None:
        return None
    ahead = Registration.objects.filter(
        session_id=registration.session_id,
        state=Registration.State.WAITLISTED,
        position__lt=registration.position,
    ).count()
    return ahead + 1


def invitation(*, session: Session, registration: Registration, method: str) -> bytes:
    """The session's VEVENT (same UID and SEQUENCE as the public feeds) addressed to the
    registrant: ORGANIZER is the agenda's address, ATTENDEE the registrant; CANCEL removes it.
    The calendar around it (header, Europe/Paris VTIMEZONE) is the feeds' one, with `method`."""
    site_url = settings.SITE_URL
    vevent = session_vevent(session, site_url=site_url, host=urlsplit(site_url).hostname or "")
    organisation = session.event.organisation
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(organisation.name if organisation else settings.SITE_NAME)
    vevent.pop("ORGANIZER", None)
    vevent.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{registration.email}")
    attendee.params["cn"] = vText(registration.name)
    attendee.params["cutype"] = "INDIVIDUAL"
    attendee.params["role"] = "REQ-PARTICIPANT"
    attendee.params["partstat"] = "ACCEPTED"
    attendee.params["rsvp"] = "FALSE"
    vevent.add("attendee", attendee)
    # With a METHOD, DTSTAMP is when this message was made (RFC 5545, 3.8.7.2).
    vevent.pop("DTSTAMP", None)
    vevent.add("dtstamp", timezone.now().astimezone(dt.UTC).replace(microsecond=0))
    if method == CANCEL:
        vevent.pop("STATUS", None)
        vevent.add("status", "CANCELLED")
    if registration.state != Registration.State.CONFIRMED or is_cancelled(session):
        _strip_online_link(vevent, session)
    empty = calendar_for_sessions([], name=session.display_title, site_url=site_url, method=method)
    end = b"END:VCALENDAR\r\n"
    assert empty.endswith(end)
    return empty[: -len(end)] + vevent.to_ical() + end


def _strip_online_link(vevent, session: Session) -> None:
    if not session.online_url:
        return
    for key in ("DESCRIPTION", "LOCATION"):
        if key in vevent:
            text = str(vevent.pop(key)).replace(f"En ligne : {session.online_url}", "")
            vevent.add(key.lower(), text.replace(session.online_url, "En ligne").strip())
