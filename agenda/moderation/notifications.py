"""Who is told what: moderators on each submission, the organisers of the event's organisation
on each decision. French text and HTML templates in templates/moderation/emails/; sent once
the transaction commits (agenda.lib.emails.send_after_commit)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from agenda.accounts.models import Membership
from agenda.accounts.permissions import MODERATING_ROLES
from agenda.events.models import Event
from agenda.lib.emails import Email, send_after_commit

SUBJECTS = {
    "submitted": "À modérer : « {title} »",
    "revision_proposed": "Modification à modérer : « {title} »",
    "published": "Publié : « {title} »",
    "revision_accepted": "Modification publiée : « {title} »",
    "changes_requested": "Modifications demandées : « {title} »",
    "revision_rejected": "Modification refusée : « {title} »",
    "cancelled": "Annulé : « {title} »",
}


def moderator_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(memberships__role__in=MODERATING_ROLES) | Q(is_staff=True) | Q(is_superuser=True)
    )
    return sorted(set(users.values_list("email", flat=True)))


def organiser_emails(event: Event, *extra_users) -> list[str]:
    """The organisers of the event's organisation, and whoever proposed the change."""
    emails = set()
    if event.organisation_id:
        emails |= set(
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__organisation_id=event.organisation_id,
                memberships__role=Membership.Role.ORGANISER,
            )
            .exclude(email="")
            .values_list("email", flat=True)
        )
    emails |= {u.email for u in extra_users if u is not None and u.email and u.is_active}
    return sorted(emails)


def _links(event: Event) -> dict:
    site = settings.SITE_URL
    return {
        "public_url": f"{site}{event.get_absolute_url()}",
        "space_url": f"{site}{reverse('space_event', kwargs={'pk': event.pk})}",
        "moderation_url": f"{site}{reverse('moderation_event', kwargs={'pk': event.pk})}",
    }


def notify(*, kind: str, event: Event, to: list[str], actor=None, comment: str = "", **extra):
    context = {
        "kind": kind,
        "event": event,
        "actor": actor,
        "comment": comment,
        **_links(event),
        **extra,
    }
    for address in to:  # one message each: recipients do not see one another's address
        send_after_commit(
            Email(
                to=[address],
                subject=SUBJECTS[kind].format(title=event.title),
                template=f"moderation/emails/{kind}",
                context=context,
            )
        )


def tell_moderators(*, kind: str, event: Event, actor, changes=None) -> None:
    notify(kind=kind, event=event, to=moderator_emails(), actor=actor, changes=changes or [])


def tell_organisers(*, kind: str, event: Event, actor, comment: str = "", author=None) -> None:
    notify(
        kind=kind,
        event=event,
        to=organiser_emails(event, author),
        actor=actor,
        comment=comment,
    )
