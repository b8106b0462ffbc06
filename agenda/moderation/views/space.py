"""The contributor space: my organisations' events by state, the event form, submission."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from agenda.accounts.permissions import can_moderate, is_admin, organisations_of
from agenda.events import queries
from agenda.events.models import Event, Organisation
from agenda.lib.limits import max_sessions
from agenda.lib.markup import render_markdown
from agenda.site.views import event_page_context

from .. import services
from ..checking import check_data
from ..forms import EventForms, SubmitForm
from ..forms.event import MAX_ROWS
from ..models import AuditEntry, Revision
from ..snapshot import diff, event_snapshot
from ..writing import store_upload
from .common import editable_event, signed_in
from .moderation import queue_items

SPACE_ORDER = [
    Event.Status.CHANGES_REQUESTED,
    Event.Status.DRAFT,
    Event.Status.SUBMITTED,
    Event.Status.PUBLISHED,
    Event.Status.CANCELLED,
]
DECISIONS = (
    AuditEntry.Action.CHANGES_REQUESTED,
    AuditEntry.Action.PUBLISHED,
    AuditEntry.Action.CANCELLED,
    AuditEntry.Action.REVISION_ACCEPTED,
    AuditEntry.Action.REVISION_REJECTED,
)


def home_events(user):
    """The events a person's home lists: every event for an administrator (a superuser who is
    member of nothing included), their organisations' events for the others."""
    if is_admin(user):
        events = Event.objects.all()
    else:
        events = Event.objects.filter(
            organisation__in=Organisation.objects.filter(memberships__user=user)
        )
    pending = Revision.objects.filter(event=OuterRef("pk"), state=Revision.State.PENDING)
    return (
        events.select_related("organisation")
        .annotate(has_pending_revision=Exists(pending))
        .order_by("starts_at", "title", "pk")
    )


@signed_in
def space(request: HttpRequest) -> HttpResponse:
    """A home per role: what needs the person's action first, then their events by state
    with counts; a moderator's starts from the queue."""
    user = request.user
    by_status = {status: [] for status in SPACE_ORDER}
    for event in home_events(user):
        by_status.setdefault(event.status, []).append(event)
    groups = [(Event.Status(s).label, s, by_status[s]) for s in SPACE_ORDER]
    moderator = can_moderate(user)
    queue = queue_items() if moderator else []
    context = {
        "groups": [group for group in groups if group[2]],
        "counts": groups,
        "total": sum(len(events) for events in by_status.values()),
        "to_fix": by_status[Event.Status.CHANGES_REQUESTED],
        "drafts": by_status[Event.Status.DRAFT],
        "can_create": organisations_of(user).exists(),
        "is_moderator": moderator,
        "is_admin": is_admin(user),
        "queue": queue[:QUEUE_PREVIEW],
        "queue_count": len(queue),
    }
    return render(request, "moderation/space.html", context)


QUEUE_PREVIEW = 5


def _form_page(request: HttpRequest, event: Event | None) -> HttpResponse:
    user = request.user
    organisations = organisations_of(user)
    revision = services.pending_revision(event) if event else None
    if event is None:
        snapshot = {}
    elif revision is not None:
        snapshot = revision.data  # one goes on with the change already proposed
    else:
        snapshot = event_snapshot(event)
    published_uids = frozenset()
    if event is not None and (event.published_at or event.status == Event.Status.PUBLISHED):
        published_uids = frozenset(str(uid) for uid in event.sessions.values_list("uid", flat=True))
    options = {
        "organisations": organisations,
        "snapshot": snapshot,
        "extra_sessions": 1 if event else 2,
        "published_uids": published_uids,
    }
    if request.method == "POST":
        action = request.POST.get("action", "save")
        data = request.POST
        refusal = forged_counts(data)
        if refusal:  # the page never sends these: a hand-made request, refused before any work
            return HttpResponseBadRequest(refusal)
        if action == "add_session":
            count = int(data.get("seances-TOTAL_FORMS") or 0)
            data = data.copy()
            data["seances-TOTAL_FORMS"] = str(min(count + 1, max_sessions()))
        forms = EventForms(data=data, files=request.FILES, store_upload=store_upload, **options)
        if action != "add_session" and forms.is_valid():
            data = forms.snapshot()
            if action == "preview":
                forms.show_problems(check_data(data, event.slug if event else "evenement"))
                forms.preview_html = render_markdown(data.get("body", ""))
            else:
                response = _save(request, event, forms, data, submit=action == "submit")
                if response is not None:
                    return response
    else:
        forms = EventForms(**options)
        if event is None and organisations.count() == 1:
            forms.event.initial["organisation"] = organisations.first().pk
        if event is not None:
            forms.show_problems(check_data(snapshot, event.slug))
    context = {
        "forms": forms,
        "event": event,
        "revision": revision,
        "perms_moderator": can_moderate(user),
    }
    return render(request, "moderation/event_form.html", context)


def _save(request, event, forms, data, *, submit: bool) -> HttpResponse | None:
    try:
        outcome = services.save_from_form(
            actor=request.user,
            data=data,
            event=event,
            submit=submit,
            acknowledge_warnings=forms.acknowledged,
        )
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return None
    if not outcome.saved:
        messages.error(request, outcome.message)
        forms.show_problems(outcome.located)
        return None
    getattr(messages, outcome.level)(request, outcome.message)
    if outcome.revision is not None and can_moderate(request.user):
        return redirect("moderation_event", pk=outcome.event.pk)  # where they may accept it
    if outcome.level != "success" and not outcome.submitted:
        return redirect("space_event_edit", pk=outcome.event.pk)
    return redirect("space_event", pk=outcome.event.pk)


@signed_in
def event_create(request: HttpRequest) -> HttpResponse:
    if not organisations_of(request.user).exists():
        messages.error(request, "Votre compte n’est rattaché à aucune organisation.")
        return redirect("space")
    return _form_page(request, None)


@signed_in
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request, pk)
    if event.status == Event.Status.CANCELLED:
        messages.error(request, "Un événement annulé ne se modifie plus.")
        return redirect("space_event", pk=event.pk)
    return _form_page(request, event)


@signed_in
def event_overview(request: HttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request, pk)
    revision = services.pending_revision(event)
    context = {
        "event": event,
        "revision": revision,
        "changes": diff(event_snapshot(event), revision.data) if revision else [],
        "decisions": event.audit_entries.filter(action__in=DECISIONS).select_related("actor"),
        "submit_form": SubmitForm(),
        "can_submit": event.status in services.SUBMITTABLE,
        "warnings": [p for p in event.problems if p.get("severity") != "error"],
        "errors": [p for p in event.problems if p.get("severity") == "error"],
    }
    return render(request, "moderation/event_overview.html", context)


@signed_in
@require_POST
def event_submit(request: HttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request, pk)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        services.submit_event(
            actor=request.user,
            event=event,
            acknowledge_warnings=form.cleaned_data.get("acknowledge_warnings", False),
        )
    except services.CheckFailed as error:
        messages.error(request, f"Non soumis : {error}")
        if any(item.is_error for item in error.located):
            return redirect("space_event_edit", pk=event.pk)
        return redirect("space_event", pk=event.pk)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("space_event", pk=event.pk)
    messages.success(request, "Événement soumis à la modération.")
    return redirect("space_event", pk=event.pk)


@signed_in
def event_preview(request: HttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request, pk)
    event = queries.with_page_data(Event.objects.filter(pk=event.pk)).get()
    return render(request, "site/event_detail.html", event_page_context(event, preview=True))


def forged_counts(data) -> str | None:
    """Why the form counts of a POST cannot be: not a number, or more forms than an event may
    hold (`seances-TOTAL_FORMS=1000000000` would build every one before saying no)."""
    limits = {"seances": ("de séances", max_sessions()), "images": ("d’images", MAX_ROWS),
              "infos": ("d’informations pratiques", MAX_ROWS)}  # fmt: skip
    for prefix, (of_what, limit) in limits.items():
        count = data.get(f"{prefix}-TOTAL_FORMS")
        if count is None:
            continue
        if not count.isdecimal():
            return f"Nombre {of_what} illisible."
        if int(count) > limit:
            return f"Trop {of_what} : {limit} au plus."
    return None
