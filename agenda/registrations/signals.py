"""Changes made anywhere (the session writer's paths, the admin, a raw save) reach registrants.

A saved session with registrants: `notify_change` tells them if what they are told about
changed (`events.sessions.REGISTRANT_FIELDS`: times, place, online link, status; it compares
with what each was last told, so an explicit call plus this one send a single email), and
`promote` fills seats a larger capacity freed. A saved event (cancelled, say) does the same for
its sessions. A session its source no longer has is kept, cancelled, when people registered
(`keep_registered`); a deleted session tells its registrants it is cancelled.
"""

from django.db.models.signals import post_save, pre_delete, pre_save

from agenda.events.models import Event, Session
from agenda.events.sessions import REGISTRANT_FIELDS, session_retiring

from .models import Registration

# Saves that concern registrants: what they are told about, and the seats.
WATCHED = {*REGISTRANT_FIELDS, "capacity", "waitlist_enabled"}


def remember_capacity(sender, instance: Session, raw: bool = False, **kwargs) -> None:
    """Note the capacity before a save, to tell organisers when it drops below the confirmed."""
    if raw or instance.pk is None or instance.registration != Session.Registration.NATIVE:
        return
    instance._capacity_before = (
        Session.objects.filter(pk=instance.pk).values_list("capacity", flat=True).first()
    )


def warn_if_overbooked(session: Session) -> None:
    before = getattr(session, "_capacity_before", None)
    if session.capacity is None or before is None or session.capacity >= before:
        return
    confirmed = session.registrations.filter(state=Registration.State.CONFIRMED).count()
    if confirmed <= session.capacity:
        return
    from agenda.accounts.models import Membership

    from . import notifications

    organisers = Membership.objects.filter(
        organisation_id=session.event.organisation_id, role=Membership.Role.ORGANISER
    ).values_list("user__email", flat=True)
    for address in sorted(set(organisers)):
        notifications.organiser_warning(
            session=session, to=address, confirmed=confirmed, capacity=session.capacity
        )


def session_saved(sender, instance: Session, created: bool, raw: bool = False, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if created or raw or (update_fields is not None and not WATCHED & set(update_fields)):
        return
    if getattr(instance, "seats_handled", False):
        return  # registrations.services.change_capacity promotes and warns itself
    if not Registration.objects.filter(
        session_id=instance.pk, state__in=Registration.ACTIVE
    ).exists():
        return
    from . import services

    services.notify_change(session=instance)
    services.promote(session=instance)
    warn_if_overbooked(instance)


def event_saved(sender, instance: Event, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return
    from . import services

    sessions = Session.objects.filter(
        event=instance, registrations__state__in=Registration.ACTIVE
    ).distinct()
    for session in sessions:
        services.notify_change(session=session)


def keep_registered(sender, session: Session, **kwargs) -> bool:
    """A session people registered to is cancelled, not deleted: they are told, counts stay."""
    return Registration.objects.filter(session_id=session.pk).exists()


def session_deleted(sender, instance: Session, **kwargs) -> None:
    from . import services

    services.notify_deletion(session=instance)


def connect() -> None:
    pre_save.connect(remember_capacity, sender=Session, dispatch_uid="registrations-capacity")
    post_save.connect(session_saved, sender=Session, dispatch_uid="registrations-session-saved")
    post_save.connect(event_saved, sender=Event, dispatch_uid="registrations-event-saved")
    pre_delete.connect(
        session_deleted, sender=Session, dispatch_uid="registrations-session-deleted"
    )
    session_retiring.connect(keep_registered, dispatch_uid="registrations-keep-registered")
