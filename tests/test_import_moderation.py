"""Moderation wins over re-import (issue 10.7): an imported page never reverts a moderator's
decision, and the import says so."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from agenda.events.models import Event, Session
from agenda.moderation import services

PAGE = """---
title: Atelier
event_start_date: {year}-11-03
{published}---
**[Le 03/11 de 10h à 11h]** *Premier atelier*

**[Le 03/11 de 14h à 15h]** *Second atelier*
"""


def write(tmp_path, *, draft: bool = False, title: str = "Atelier"):
    path = tmp_path / "atelier.md"
    text = PAGE.format(year=2099, published="published: false\n" if draft else "")
    path.write_text(text.replace("title: Atelier", f"title: {title}"), encoding="utf-8")
    return path


def run_import(path) -> dict:
    out = io.StringIO()
    call_command("import", "--format", "json", str(path), stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_reimporting_an_unchanged_page_keeps_a_cancellation_and_reports_it(tmp_path, db, moderator):
    path = write(tmp_path)
    run_import(path)
    event = Event.objects.get()
    services.cancel_event(actor=moderator, event=event, reason="Salle indisponible")
    report = run_import(path)
    event.refresh_from_db()
    assert (event.status, event.status_reason) == ("cancelled", "Salle indisponible")
    assert set(event.sessions.values_list("status", flat=True)) == {Session.Status.CANCELLED}
    assert [(c["code"], c["line"], c["severity"]) for c in report["conflicts"]] == [
        ("moderation-conflict", 1, "warning")
    ]
    assert report["conflicts"][0]["message"] == (
        "l’événement est « annulé » par décision de la modération : l’import garde ce statut "
        "(la page le voudrait « publié »)"
    )


def test_a_page_edited_after_a_cancellation_updates_the_content_not_the_status(
    tmp_path, db, moderator
):
    path = write(tmp_path)
    run_import(path)
    services.cancel_event(actor=moderator, event=Event.objects.get(), reason="Reporté")
    run_import(write(tmp_path, title="Atelier corrigé"))
    event = Event.objects.get()
    assert (event.title, event.status) == ("Atelier corrigé", "cancelled")


def test_a_draft_page_published_by_a_moderator_stays_published(tmp_path, db, moderator):
    path = write(tmp_path, draft=True)
    run_import(path)
    event = Event.objects.get()
    services.submit_event(actor=moderator, event=event, acknowledge_warnings=True)
    services.publish_event(actor=moderator, event=event)
    report = run_import(path)
    assert Event.objects.get().status == "published"
    assert [c["line"] for c in report["conflicts"]] == [4]  # where `published: false` is written


def test_without_a_decision_the_page_still_says_draft_or_published(tmp_path, db):
    run_import(write(tmp_path, draft=True))
    assert Event.objects.get().status == "draft"
    report = run_import(write(tmp_path))  # the editor publishes the page
    assert (Event.objects.get().status, report["conflicts"]) == ("published", [])
    report = run_import(write(tmp_path, draft=True))  # and takes it back
    assert (Event.objects.get().status, report["conflicts"]) == ("draft", [])
