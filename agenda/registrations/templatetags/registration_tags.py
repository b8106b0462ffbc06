"""What the event page says about a session's native registration (one query per session)."""

from django import template

from agenda.events.models import Session

from .. import services

register = template.Library()


@register.simple_tag
def registration_availability(session: Session) -> services.Availability | None:
    if session.registration != Session.Registration.NATIVE:
        return None
    return services.availability(session=session)
