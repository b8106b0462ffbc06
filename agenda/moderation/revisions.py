"""A pending Revision of a published event, decided by a moderator: accepted (applied to the
event, sessions keeping their UIDs) or rejected (comment required). One transaction each; the
audit log and the organisers' e-mails as for every step of the workflow (services.py)."""

from __future__ import annotations

from django.db import transaction

from . import notifications
from .models import AuditEntry, Revision
from .services import (
    Status,
    WorkflowError,
    close_revision,
    locked,
    record,
    require_moderator,
    required_comment,
)
from .snapshot import diff, event_snapshot
from .writing import write_event


def _pending(revision: Revision) -> Revision:
    revision = Revision.objects.select_for_update().select_related("event").get(pk=revision.pk)
    if revision.state != Revision.State.PENDING:
        raise WorkflowError("Cette modification a déjà été traitée.")
    return revision


@transaction.atomic
def accept_revision(*, actor, revision: Revision, comment: str = "") -> Revision:
    """Apply a pending revision to the published event (sessions keep their UIDs)."""
    require_moderator(actor)
    revision = _pending(revision)
    event = locked(revision.event)
    if event.status != Status.PUBLISHED:
        raise WorkflowError("L’événement n’est plus publié : la modification ne s’applique pas.")
    old = event_snapshot(event)
    write_event(event=event, data=revision.data)
    event.problems = revision.problems
    event.save(update_fields=["problems", "updated_at"])
    close_revision(revision, actor, Revision.State.ACCEPTED, comment.strip())
    record(
        event=event,
        actor=actor,
        action=AuditEntry.Action.REVISION_ACCEPTED,
        changes=diff(old, revision.data),
        comment=_acceptance_note(actor, revision, comment.strip()),
        revision=revision,
    )
    notifications.tell_organisers(
        kind="revision_accepted",
        event=event,
        actor=actor,
        comment=comment.strip(),
        author=revision.author,
    )
    return revision


OWN_ACCEPTANCE = "Acceptée par son auteur·rice, membre de l’équipe de modération."


def _acceptance_note(actor, revision: Revision, comment: str) -> str:
    """The log says when a moderator accepted their own change."""
    if revision.author_id is None or revision.author_id != actor.pk:
        return comment
    return f"{OWN_ACCEPTANCE}\n{comment}" if comment else OWN_ACCEPTANCE


@transaction.atomic
def reject_revision(*, actor, revision: Revision, comment: str) -> Revision:
    """Refuse a pending revision (comment required): the published version stays as it is."""
    require_moderator(actor)
    comment = required_comment(comment, "Le commentaire")
    revision = _pending(revision)
    close_revision(revision, actor, Revision.State.REJECTED, comment)
    record(
        event=revision.event,
        actor=actor,
        action=AuditEntry.Action.REVISION_REJECTED,
        comment=comment,
        revision=revision,
    )
    notifications.tell_organisers(
        kind="revision_rejected",
        event=revision.event,
        actor=actor,
        comment=comment,
        author=revision.author,
    )
    return revision
