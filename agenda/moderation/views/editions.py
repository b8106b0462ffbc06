"""The next edition in the contributor space: "Préparer l’édition suivante" on an event or on a
season (an organisation's events of a year, or the whole programme for moderators), and the
checklist of a copy, where its editor confirms what stays and submits it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from agenda.accounts.permissions import can_moderate, organisations_of
from agenda.events.models import paris_value

from .. import services
from ..edition_checklist import UNTOUCHED, checklist, confirm_items
from ..editions import EditionError, copy_event, copy_season, existing_edition, season_events
from ..forms.editions import ChecklistForm, EditionForm, SeasonForm
from .common import editable_event, signed_in


@signed_in
def edition_prepare(request: HttpRequest, pk: int) -> HttpResponse:
    source = editable_event(request, pk)
    year = paris_value(source.starts_at, True).year
    form = EditionForm(_posted(request), initial={"target_year": year + 1})
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target_year"]
        existing = existing_edition(source, target)
        if existing is not None:
            messages.error(request, f"L’édition {target} existe déjà : « {existing.title} ».")
            return redirect("space_edition_checklist", pk=existing.pk)
        try:
            report = copy_event(
                source=source, target_year=target, days=form.shift_days, actor=request.user
            )
        except EditionError as error:
            form.add_error("target_year", str(error))
        else:
            messages.success(
                request,
                f"Brouillon de l’édition {target} créé ({report.shift:+d} jours) : "
                f"{len(report.fixed)} correction(s), {len(report.items)} point(s) à vérifier.",
            )
            return redirect("space_edition_checklist", pk=report.copy.pk)
    return render(request, "moderation/edition_prepare.html", {"event": source, "form": form})


@signed_in
def edition_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    event = editable_event(request, pk)
    items = checklist(event)
    untouched = [c for c in items if c.state == UNTOUCHED]
    form = ChecklistForm(_posted(request), items=untouched)
    if request.method == "POST" and form.is_valid():
        ids = [int(pk) for pk in form.cleaned_data["confirmed"]]
        count = confirm_items(actor=request.user, event=event, ids=ids)
        if count:
            messages.success(request, f"{count} point(s) confirmé(s).")
        if "submit" not in request.POST:
            return redirect("space_edition_checklist", pk=event.pk)
        try:
            services.submit_event(
                actor=request.user,
                event=event,
                acknowledge_warnings=form.cleaned_data["acknowledge_warnings"],
            )
        except services.WorkflowError as error:
            messages.error(request, f"Non soumis : {error}")
            return redirect("space_edition_checklist", pk=event.pk)
        messages.success(request, "Événement soumis à la modération.")
        return redirect("space_event", pk=event.pk)
    context = {
        "event": event,
        "items": items,
        "form": form,
        "untouched": untouched,
        "can_submit": event.status in services.SUBMITTABLE,
        "warnings": [p for p in event.problems if p.get("severity") != "error"],
    }
    return render(request, "moderation/edition_checklist.html", context)


@signed_in
def edition_season(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_of(request.user).filter(archived_at__isnull=True))
    whole = can_moderate(request.user)
    if not organisations and not whole:
        raise PermissionDenied("Réservé aux membres d’une organisation.")
    form = SeasonForm(_posted(request), organisations=organisations, whole_programme=whole)
    report = None
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["organisation"]
        organisation = next((o for o in organisations if str(o.pk) == chosen), None)
        if organisation is None and not whole:
            raise PermissionDenied("Choisissez une de vos organisations.")
        events = season_events(
            source_year=form.cleaned_data["source_year"], organisation=organisation
        )
        report = copy_season(
            events=events,
            target_year=form.cleaned_data["target_year"],
            days=form.shift_days,
            actor=request.user,
        )
    return render(request, "moderation/edition_season.html", {"form": form, "report": report})


def _posted(request: HttpRequest):
    """The POST data, or None for a GET (an empty POST is still a POST: a bound form)."""
    return request.POST if request.method == "POST" else None
