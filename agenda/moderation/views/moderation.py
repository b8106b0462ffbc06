"""The moderators' pages: the queue, an event's moderation page (diff, history, decisions),
the global log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from agenda.events.models import Event

from .. import services
from ..forms import CommentForm, QueueFilterForm, ReasonForm, RequiredCommentForm
from ..models import AuditEntry, Revision
from ..revisions import accept_revision, reject_revision
from ..snapshot import EVENT_LABELS, diff, event_snapshot, show
from .common import moderators_only


@dataclass
class QueueItem:
    kind: str  # "event" (submitted) or "revision" (pending edit of a published event)
    event: Event
    since: dt.datetime
    problems: list
    revision: Revision | None = None

    @property
    def errors(self) -> int:
        return sum(p.get("severity") == "error" for p in self.problems)


@moderators_only
def queue(request: HttpRequest) -> HttpResponse:
    filters = QueueFilterForm(request.GET or None)
    organisation, with_problems, words = None, False, ""
    if filters.is_bound and filters.is_valid():
        organisation = filters.cleaned_data["organisation"]
        with_problems = filters.cleaned_data["problemes"]
        words = filters.cleaned_data["q"].strip()
    items = queue_items(organisation=organisation)
    if with_problems:
        items = [item for item in items if item.problems]
    found = None
    if words:
        found = Event.objects.select_related("organisation").order_by("-starts_at")
        for word in words.split():
            found = found.filter(title__icontains=word)
        if organisation is not None:
            found = found.filter(organisation=organisation)
        found = found[:50]
    context = {"items": items, "filters": filters, "found": found, "words": words}
    return render(request, "moderation/queue.html", context)


def queue_items(*, organisation=None) -> list[QueueItem]:
    """What waits for a moderator, the oldest first: submitted events and pending revisions.
    Two queries, whatever the length of the queue."""
    submitted_at = (
        AuditEntry.objects.filter(event=OuterRef("pk"), action=AuditEntry.Action.SUBMITTED)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    events = (
        Event.objects.filter(status=Event.Status.SUBMITTED)
        .select_related("organisation")
        .annotate(submitted_at=Subquery(submitted_at))
    )
    revisions = Revision.objects.filter(state=Revision.State.PENDING).select_related(
        "event__organisation", "author"
    )
    if organisation is not None:
        events = events.filter(organisation=organisation)
        revisions = revisions.filter(event__organisation=organisation)
    items = [
        QueueItem("event", e, e.submitted_at or e.updated_at, e.problems or []) for e in events
    ] + [QueueItem("revision", r.event, r.created_at, r.problems or [], r) for r in revisions]
    items.sort(key=lambda item: (item.since, item.event.pk))
    return items


DECISION_FORMS = {
    "publish": ("publier", CommentForm),
    "request_changes": ("modifications", RequiredCommentForm),
    "cancel": ("annulation", ReasonForm),
    "accept": ("accepter", CommentForm),
    "reject": ("refuser", RequiredCommentForm),
}


def _decision_forms(bound: tuple[str, object] | None = None) -> dict:
    forms = {name: form(prefix=prefix) for name, (prefix, form) in DECISION_FORMS.items()}
    if bound:
        forms[bound[0]] = bound[1]
    return forms


def _event_page(request, event: Event, bound=None) -> HttpResponse:
    revision = services.pending_revision(event)
    current = event_snapshot(event)
    context = {
        "event": event,
        "revision": revision,
        "changes": diff(current, revision.data) if revision else [],
        "fields": [(label, show(key, current.get(key))) for key, label in EVENT_LABELS.items()],
        "sessions": current["sessions"],
        "audit": event.audit_entries.select_related("actor", "revision"),
        "decision_forms": _decision_forms(bound),
        "problems": event.problems or [],
    }
    return render(request, "moderation/moderation_event.html", context)


@moderators_only
def moderation_event(request: HttpRequest, pk: int) -> HttpResponse:
    return _event_page(
        request, get_object_or_404(Event.objects.select_related("organisation"), pk=pk)
    )


ACTIONS = {
    "publish": (services.publish_event, "comment", "Événement publié."),
    "request_changes": (services.request_changes, "comment", "Modifications demandées."),
    "cancel": (services.cancel_event, "reason", "Événement annulé."),
}


@moderators_only
@require_POST
def decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """publish / request changes / cancel, with the comment (or reason) of the decision."""
    event = get_object_or_404(Event.objects.select_related("organisation"), pk=pk)
    prefix, form_class = DECISION_FORMS[action]
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _event_page(request, event, bound=(action, form))
    function, argument, done = ACTIONS[action]
    try:
        function(actor=request.user, event=event, **{argument: form.cleaned_data["comment"]})
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("moderation_event", pk=event.pk)
    messages.success(request, f"{done} « {event.title} »")
    return redirect("moderation_queue")


@moderators_only
@require_POST
def decide_revision(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """accept / reject a pending revision."""
    revision = get_object_or_404(Revision.objects.select_related("event"), pk=pk)
    prefix, form_class = DECISION_FORMS[action]
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        return _event_page(request, revision.event, bound=(action, form))
    function = accept_revision if action == "accept" else reject_revision
    try:
        function(actor=request.user, revision=revision, comment=form.cleaned_data["comment"])
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("moderation_event", pk=revision.event_id)
    done = "Modification publiée" if action == "accept" else "Modification refusée"
    messages.success(request, f"{done} : « {revision.event.title} »")
    return redirect("moderation_queue")


@moderators_only
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = AuditEntry.objects.select_related("event", "organisation", "actor").order_by(
        "-created_at", "-pk"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "moderation/audit_log.html", {"page": page})
