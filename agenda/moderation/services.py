"""The contribution and moderation workflow. Keyword-only functions, one transaction each.

    draft ──submit──► submitted ──publish──► published ──cancel──► cancelled
      ▲                 │   ▲                   │
      │       request_changes│ submit            │ any edit (a moderator's too): a pending Revision,
      │                 ▼   │                   │ accepted (applied) or rejected by a moderator
      │                                         │ (revisions.py)
      └──save── changes_requested               ▼

Every change writes an AuditEntry (who, when, action, field → [old, new]); decisions email the
organisers, submissions email the moderators (after commit). Checks (agenda.checks) gate
submission: errors block it, warnings must be acknowledged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from agenda.accounts.permissions import can_edit_event, can_moderate, organisations_of
from agenda.events.models import Event, Session
from agenda.events.sessions import cancel_session

from . import notifications
from .checking import Located, check_data, stored_problems
from .edition_checklist import checklist_block
from .models import AuditEntry, Revision
from .snapshot import changes_json, changes_labels, diff, event_snapshot
from .writing import write_event

Status = Event.Status
EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.SUBMITTED)
SUBMITTABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)


class WorkflowError(Exception):
    """A transition that is not allowed now; the message is French and shown as is."""


class CheckFailed(WorkflowError):
    """The checks block the step: errors, or warnings not acknowledged."""

    def __init__(self, message: str, located: list[Located]):
        super().__init__(message)
        self.located = located


@dataclass
class Outcome:
    """What a form save did, for the view to say it."""

    event: Event
    message: str
    level: str = "success"  # success, warning, error
    saved: bool = True
    submitted: bool = False
    revision: Revision | None = None
    located: list[Located] = field(default_factory=list)


# --- helpers ---------------------------------------------------------------------------------


def record(
    *,
    event: Event,
    actor,
    action: str,
    before: str = "",
    changes: list | None = None,
    comment: str = "",
    revision: Revision | None = None,
) -> AuditEntry:
    changes = changes or []
    return AuditEntry.objects.create(
        event=event,
        actor=actor,
        action=action,
        status_before=before or event.status,
        status_after=event.status,
        changes=changes_json(changes),
        labels=changes_labels(changes),
        comment=comment,
        revision=revision,
    )


def require_moderator(actor) -> None:
    if not can_moderate(actor):
        raise WorkflowError("Seule l’équipe de modération peut prendre cette décision.")


def _require_editor(actor, event: Event) -> None:
    if not can_edit_event(actor, event):
        raise WorkflowError("Vous ne pouvez pas modifier cet événement.")


def locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def gate(located: list[Located], *, acknowledge_warnings: bool) -> str:
    """Why the checks block a submission ("" when they do not)."""
    errors = sum(item.is_error for item in located)
    warnings = len(located) - errors
    if errors:
        return f"{errors} erreur{'s' if errors > 1 else ''} à corriger avant de soumettre."
    if warnings and not acknowledge_warnings:
        return (
            f"{warnings} avertissement{'s' if warnings > 1 else ''} : cochez « J’ai pris "
            "connaissance des avertissements » pour soumettre."
        )
    return ""


def pending_revision(event: Event) -> Revision | None:
    return event.revisions.filter(state=Revision.State.PENDING).first()


def required_comment(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WorkflowError(f"{what} est obligatoire.")
    return text


# --- saving from the form --------------------------------------------------------------------


@transaction.atomic
def save_from_form(
    *,
    actor,
    data: dict,
    event: Event | None = None,
    submit: bool = False,
    acknowledge_warnings: bool = False,
) -> Outcome:
    """Save what the event form says. A new or unpublished event is written (and submitted
    when asked and the checks allow it); an edit of a published event, whoever makes it,
    becomes a pending revision (none when nothing changed)."""
    if event is not None:
        _require_editor(actor, event)
        event = locked(event)
        if event.status == Status.CANCELLED:
            raise WorkflowError("Un événement annulé ne se modifie plus.")
    organisation = (data.get("organisation") or {}).get("id")
    keeps_own = event is not None and event.organisation_id == organisation  # even archived
    if not keeps_own and not organisations_of(actor).filter(pk=organisation).exists():
        raise WorkflowError("Choisissez une de vos organisations.")
    slug = event.slug if event else "evenement"
    located = check_data(data, slug)
    if event is not None and event.status == Status.PUBLISHED:
        return _save_published(
            actor=actor, event=event, data=data, located=located, ack=acknowledge_warnings
        )
    event = _write_unpublished(actor=actor, event=event, data=data, located=located, submit=submit)
    if not submit:
        level = "warning" if located else "success"
        return Outcome(event, "Brouillon enregistré.", level, located=located)
    blocked = gate(located, acknowledge_warnings=acknowledge_warnings) or checklist_block(
        event, data
    )
    if blocked:
        return Outcome(
            event, f"Brouillon enregistré, non soumis : {blocked}", "error", located=located
        )
    _submit(actor=actor, event=event)
    return Outcome(event, "Événement soumis à la modération.", submitted=True, located=located)


def _write_unpublished(
    *, actor, event: Event | None, data: dict, located: list[Located], submit: bool
) -> Event:
    is_new = event is None
    before = "" if is_new else event.status
    old = None if is_new else event_snapshot(event)
    event = write_event(event=event or Event(status=Status.DRAFT), data=data)
    event.problems = stored_problems(located)
    if not submit and event.status == Status.SUBMITTED:
        event.status = Status.DRAFT  # saved as a draft: withdrawn from the queue
    event.save(update_fields=["problems", "status", "updated_at"])
    record(
        event=event,
        actor=actor,
        action=AuditEntry.Action.CREATED if is_new else AuditEntry.Action.EDITED,
        before=before or Status.DRAFT,
        changes=diff(old, data),
    )
    return event


def _save_published(*, actor, event: Event, data: dict, located: list[Located], ack: bool):
    """Every edit of a published event, a moderator's too, becomes a pending revision: the
    published version stays online until a moderator accepts it (their own included)."""
    blocked = gate(located, acknowledge_warnings=ack)
    if blocked:
        return Outcome(
            event, f"Rien n’a été enregistré : {blocked}", "error", False, located=located
        )
    if not diff(event_snapshot(event), data) and pending_revision(event) is None:
        return Outcome(event, "Aucune modification : rien n’a été proposé.", located=located)
    revision = _propose(actor=actor, event=event, data=data, located=located)
    message = "Modification proposée : la version publiée reste en ligne jusqu’à sa validation."
    if can_moderate(actor):
        message += " Vous pouvez l’accepter vous-même depuis la page de modération."
    return Outcome(event, message, revision=revision, located=located)


def _propose(*, actor, event: Event, data: dict, located: list[Located]) -> Revision:
    base = event_snapshot(event)
    revision = pending_revision(event)
    if revision is None:
        revision = Revision(event=event)
    revision.data, revision.base, revision.author = data, base, actor
    revision.problems = stored_problems(located)
    revision.save()
    record(
        event=event,
        actor=actor,
        action=AuditEntry.Action.REVISION_PROPOSED,
        changes=diff(base, data),
        revision=revision,
    )
    notifications.tell_moderators(
        kind="revision_proposed", event=event, actor=actor, changes=diff(base, data)
    )
    return revision


# --- transitions -----------------------------------------------------------------------------


def _submit(*, actor, event: Event) -> None:
    before = event.status
    event.status = Status.SUBMITTED
    event.save(update_fields=["status", "updated_at"])
    record(event=event, actor=actor, action=AuditEntry.Action.SUBMITTED, before=before)
    notifications.tell_moderators(kind="submitted", event=event, actor=actor)


@transaction.atomic
def submit_event(*, actor, event: Event, acknowledge_warnings: bool = False) -> Event:
    """draft / changes requested → submitted, when the checks allow it."""
    _require_editor(actor, event)
    event = locked(event)
    if event.status not in SUBMITTABLE:
        raise WorkflowError(f"Un événement « {event.get_status_display()} » ne se soumet pas.")
    snapshot = event_snapshot(event)
    located = check_data(snapshot, event.slug)
    event.problems = stored_problems(located)
    event.save(update_fields=["problems"])
    blocked = gate(located, acknowledge_warnings=acknowledge_warnings)
    if blocked:
        raise CheckFailed(blocked, located)
    blocked = checklist_block(event, snapshot)  # a next edition's copy: last year's items
    if blocked:
        raise WorkflowError(blocked)
    _submit(actor=actor, event=event)
    return event


@transaction.atomic
def publish_event(*, actor, event: Event, comment: str = "") -> Event:
    """submitted → published: on the agenda, in the feeds and the API."""
    require_moderator(actor)
    event = locked(event)
    if event.status != Status.SUBMITTED:
        raise WorkflowError("Seul un événement soumis peut être publié.")
    before = event.status
    event.status = Status.PUBLISHED
    event.status_reason = ""
    event.published_at = event.published_at or timezone.now()
    event.save(update_fields=["status", "status_reason", "published_at", "updated_at"])
    record(
        event=event,
        actor=actor,
        action=AuditEntry.Action.PUBLISHED,
        before=before,
        comment=comment.strip(),
    )
    notifications.tell_organisers(
        kind="published", event=event, actor=actor, comment=comment.strip()
    )
    return event


@transaction.atomic
def request_changes(*, actor, event: Event, comment: str) -> Event:
    """submitted → changes requested, with the moderator's comment (required)."""
    require_moderator(actor)
    comment = required_comment(comment, "Le commentaire")
    event = locked(event)
    if event.status != Status.SUBMITTED:
        raise WorkflowError("On ne demande des modifications que sur un événement soumis.")
    before = event.status
    event.status = Status.CHANGES_REQUESTED
    event.save(update_fields=["status", "updated_at"])
    record(
        event=event,
        actor=actor,
        action=AuditEntry.Action.CHANGES_REQUESTED,
        before=before,
        comment=comment,
    )
    notifications.tell_organisers(
        kind="changes_requested", event=event, actor=actor, comment=comment
    )
    return event


@transaction.atomic
def cancel_event(*, actor, event: Event, reason: str) -> Event:
    """published → cancelled (reason required). The event stays on its page and in the feeds:
    every session is cancelled, so calendars get STATUS:CANCELLED with a higher SEQUENCE."""
    require_moderator(actor)
    reason = required_comment(reason, "Le motif de l’annulation")
    event = locked(event)
    if event.status != Status.PUBLISHED:
        raise WorkflowError("Seul un événement publié peut être annulé.")
    before = event.status
    # Sessions first: each registrant then gets the CANCEL of the SEQUENCE the feeds show.
    for session in event.sessions.exclude(status=Session.Status.CANCELLED):
        cancel_session(session=session, reason=reason)
    event.status = Status.CANCELLED
    event.status_reason = reason
    event.save(update_fields=["status", "status_reason", "updated_at"])
    revision = pending_revision(event)
    if revision is not None:
        close_revision(revision, actor, Revision.State.REJECTED, "Événement annulé.")
    record(
        event=event, actor=actor, action=AuditEntry.Action.CANCELLED, before=before, comment=reason
    )
    notifications.tell_organisers(kind="cancelled", event=event, actor=actor, comment=reason)
    return event


def close_revision(revision: Revision, actor, state: str, comment: str) -> None:
    revision.state = state
    revision.decided_by = actor
    revision.decided_at = timezone.now()
    revision.comment = comment
    revision.save(update_fields=["state", "decided_by", "decided_at", "comment", "updated_at"])


def record_import(sender, *, outcome, actor, status_before: str, path: str, **kwargs) -> None:
    """A bulk import (CSV, XLSX, ICS) created or changed an event: it goes in the audit log."""
    action = AuditEntry.Action.CREATED if outcome.action == "created" else AuditEntry.Action.EDITED
    words = {"created": "créées", "updated": "modifiées", "unchanged": "inchangées"}
    sessions = sorted({words.get(s.action, s.action) for s in outcome.sessions})
    comment = f"import de {path} : séances {', '.join(sessions) or 'inchangées'}"
    record(event=outcome.event, actor=actor, action=action, before=status_before, comment=comment)
