"""Changes made anywhere (moderation, the admin, a re-import) reach registrants.

A saved session with registrants: `notify_change` tells them if its times or status changed
(it compares with what each was last told, so an explicit call by the moderation code plus this
one send a single email), and `promote` fills seats a larger capacity freed. A saved event
(cancelled, say) does the same for its sessions; a deleted session tells its registrants it is
cancelled.
"""

from django.db.models.signals import post_save, pre_delete

from agenda.events.models import Event, Session

from .models import Registration

WATCHED = {
    "starts_at",
    "ends_at",
    "has_start_time",
    "has_end_time",
    "status",
    "capacity",
    "waitlist_enabled",
}


def session_saved(sender, instance: Session, created: bool, raw: bool = False, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if created or raw or (update_fields is not None and not WATCHED & set(update_fields)):
        return
    if not Registration.objects.filter(
        session_id=instance.pk, state__in=Registration.ACTIVE
    ).exists():
        return
    from . import services

    services.notify_change(session=instance)
    services.promote(session=instance)


def event_saved(sender, instance: Event, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return
    from . import services

    sessions = Session.objects.filter(
        event=instance, registrations__state__in=Registration.ACTIVE
    ).distinct()
    for session in sessions:
        services.notify_change(session=session)


def session_deleted(sender, instance: Session, **kwargs) -> None:
    from . import services

    services.notify_deletion(session=instance)


def connect() -> None:
    post_save.connect(session_saved, sender=Session, dispatch_uid="registrations-session-saved")
    post_save.connect(event_saved, sender=Event, dispatch_uid="registrations-event-saved")
    pre_delete.connect(
        session_deleted, sender=Session, dispatch_uid="registrations-session-deleted"
    )
