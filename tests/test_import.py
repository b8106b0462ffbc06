import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agenda.events.models import PARIS, Event, Session
from agenda.events.services import save_page
from agenda.exchange.jekyll import parse_page
from agenda.exchange.jekyll_writer import write_page
from agenda.exchange.services import import_paths

from .conftest import require_shared

# The corpus holds one page twice, as x.markdown and x.md (one address): the second is refused.
CORPUS_CONFLICTS = [
    ("tour-de-france-demarches-simplifiees-dot-fr-etape-auvergne-rhone-alpes.md", "slug-conflict")
]
SEED = "seed/mois-de-linnovation-publique-edition-2023.markdown"

PAGE = """---
title: Atelier de test
date: 2026-10-01 10:00:00 +02:00
categorie: Atelier
event_start_date: 2026-11-12 00:00:00 +01:00
event_end_date: 2026-11-12 00:00:00 +01:00
lieu: Salle des fêtes
adresse: '12 rue de la Paix, 80000 Amiens '
champs_informations:
- intitule: Programme
  contenu: Le détail
  lien: https://example.org/programme
---

Un atelier.

**[Le 12/11 de 14h à 15h15] [Atelier]**\\
*{title}*
"""


def paris_local(session: Session) -> str:
    return session.starts_at.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")


def test_it_imports_the_seed_with_its_two_sessions_at_paris_times(db):
    report = import_paths([require_shared(SEED)])
    assert report.ok
    (event,) = report.imported
    sessions = list(event.sessions.order_by("starts_at"))
    assert [(paris_local(s), s.ends_at.astimezone(PARIS).strftime("%H:%M")) for s in sessions] == [
        ("2023-11-03T16:15", "18:15"),
        ("2023-11-07T09:30", "16:00"),
    ]
    assert sessions[0].starts_at.utcoffset() is not None
    assert sessions[0].starts_at.astimezone(dt.UTC).hour == 15  # +01:00 in November
    assert sessions[0].title == "Quiz géant sur l'innovation publique !"
    assert sorted(f.name for f in sessions[1].formats.all()) == ["Démo", "Retex", "Table ronde"]
    assert sessions[0].registration_url.startswith("https://www.eventbrite.fr/")
    assert event.status == Event.Status.PUBLISHED
    assert event.source_text == require_shared(SEED).read_text(encoding="utf-8")
    # Its image is not in the media storage (no --site): reported, and no broken box shown.
    assert event.images.count() == 0
    assert [(p.line, p.code) for p in report.problems if p.code == "missing-image"] == [
        (13, "missing-image")
    ]


def test_reimporting_a_page_updates_it_without_duplicates_and_keeps_session_ids(db):
    seed = require_shared(SEED)
    first = import_paths([seed]).imported[0]
    uids = sorted(first.sessions.values_list("uid", "sequence"))
    second = import_paths([seed]).imported[0]
    assert second.pk == first.pk
    assert Event.objects.count() == 1 and Session.objects.count() == 2
    assert sorted(second.sessions.values_list("uid", "sequence")) == uids


def test_a_changed_session_keeps_its_uid_and_raises_its_sequence(db):
    event = save_page(page=parse_page(PAGE.format(title="Premier titre"), path="p.md", slug="p"))
    session = event.sessions.get()
    event = save_page(page=parse_page(PAGE.format(title="Titre corrigé"), path="p.md", slug="p"))
    changed = event.sessions.get()
    assert (changed.uid, changed.sequence, changed.title) == (session.uid, 1, "Titre corrigé")


def test_it_reads_legacy_keys_and_splits_the_address(db):
    event = save_page(page=parse_page(PAGE.format(title="T"), path="p.md", slug="p"))
    assert [c.name for c in event.categories.all()] == ["Atelier"]
    assert (event.place.address, event.place.postcode, event.place.city) == (
        "12 rue de la Paix",
        "80000",
        "Amiens",
    )
    assert event.start == dt.date(2026, 11, 12)


def test_a_draft_page_is_imported_as_a_draft(db):
    text = PAGE.format(title="T").replace("categorie:", "published: false\ncategorie:")
    event = save_page(page=parse_page(text, path="p.md", slug="p"))
    assert event.status == Event.Status.DRAFT
    assert not Event.objects.published().exists()


def test_a_malformed_info_field_is_kept_with_a_warning(db):
    text = PAGE.format(title="T").replace(
        "champs_informations:\n", "champs_informations:\n- intitule:\n  mailto: a@example.org\n"
    )
    page = parse_page(text, path="p.md", slug="p")
    assert [(w.code, w.line) for w in page.warnings] == [("malformed-field", 10)]
    event = save_page(page=page)
    assert event.info_fields.first().raw == {"intitule": None, "mailto": "a@example.org"}
    assert "mailto: a@example.org" in write_page(event)


def test_the_audience_is_read_as_a_list_or_one_string_and_written_back_as_a_list(db, tmp_path):
    audiences = "public:\n- Agents publics\n- Élus\n- élus\ncategorie:"
    (tmp_path / "liste.md").write_text(
        PAGE.format(title="Liste").replace("categorie:", audiences), encoding="utf-8"
    )
    (tmp_path / "seul.md").write_text(
        PAGE.format(title="Seul").replace("categorie:", "public: ' Grand public '\ncategorie:"),
        encoding="utf-8",
    )
    report = import_paths([tmp_path])  # new pages: the bulk insert
    events = {event.source_name: event for event in report.imported}

    assert [a.name for a in events["liste.md"].audiences.all()] == ["Agents publics", "Élus"]
    assert [a.slug for a in events["seul.md"].audiences.all()] == ["grand-public"]
    exported = write_page(events["liste.md"])
    assert "public:\n- Agents publics\n- Élus\n" in exported
    assert "public:\n- Grand public\n" in write_page(events["seul.md"])
    again = save_page(page=parse_page(exported.replace("- Élus\n", ""), path="l.md", slug="l"))
    assert [a.name for a in again.audiences.all()] == ["Agents publics"]


def test_an_audience_of_the_wrong_shape_is_dropped_with_a_located_warning(db):
    text = PAGE.format(title="T").replace("categorie:", "public:\n  qui: élus\ncategorie:")
    page = parse_page(text, path="p.md", slug="p")

    assert [(w.code, w.line) for w in page.warnings] == [("wrong-shape", 4)]
    assert page.audiences == []


def test_a_broken_page_is_reported_and_the_others_are_imported(db, tmp_path, capsys):
    (tmp_path / "good.md").write_text(PAGE.format(title="Bon"), encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: [oops\ndate: x\n---\nbody\n", encoding="utf-8")
    (tmp_path / "bare.markdown").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import", str(tmp_path))
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'broken.md'}:3:5: yaml-syntax: en-tête YAML illisible" in err
    assert "bare.markdown" not in err  # in a folder, a file without front matter is no page
    assert list(Event.objects.values_list("slug", flat=True)) == ["good"]


def test_import_and_check_pass_over_the_same_files_and_list_them_when_verbose(db, tmp_path, capsys):
    (tmp_path / "good.md").write_text(PAGE.format(title="Bon"), encoding="utf-8")
    (tmp_path / "README.md").write_text("# Les événements\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("pas une page\n", encoding="utf-8")
    call_command("import", str(tmp_path), verbosity=2)
    imported = capsys.readouterr().err
    call_command("check", str(tmp_path), verbosity=2)
    checked = capsys.readouterr().err
    skipped = f"{tmp_path / 'README.md'}: ignoré : pas de front matter (---) : pas une page"
    assert skipped in imported and skipped in checked
    assert "notes.txt" not in imported + checked
    assert list(Event.objects.values_list("slug", flat=True)) == ["good"]


def test_a_file_named_explicitly_is_read_even_without_front_matter(db, tmp_path, capsys):
    (tmp_path / "bare.markdown").write_text("no front matter\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path / "bare.markdown"))
    assert f"{tmp_path / 'bare.markdown'}:1:1: no-front-matter:" in capsys.readouterr().err


def test_a_page_failing_while_saving_keeps_nothing_and_the_batch_goes_on(db, tmp_path, monkeypatch):
    (tmp_path / "a.md").write_text(PAGE.format(title="A"), encoding="utf-8")
    (tmp_path / "b.md").write_text(PAGE.format(title="B"), encoding="utf-8")
    from django.db import DatabaseError

    import agenda.events.importing as importing
    import agenda.events.services as services

    real_sync = services.sync_sessions

    def bulk_fails(*args, **kwargs):
        raise DatabaseError("disk full")

    def sync_fails_for_b(*, event, **kwargs):
        if event.slug == "b":
            raise DatabaseError("disk full")
        return real_sync(event=event, **kwargs)

    monkeypatch.setattr(importing, "_create_sessions", bulk_fails)
    monkeypatch.setattr(services, "sync_sessions", sync_fails_for_b)
    report = import_paths([tmp_path])
    assert [(p.path.endswith("b.md"), p.code) for p in report.failed] == [(True, "not-saved")]
    assert list(Event.objects.values_list("slug", flat=True)) == ["a"]
    assert Session.objects.filter(event__slug="a").count() == 1
    from agenda.events.models import InfoField

    assert InfoField.objects.count() == 1  # a's only: nothing of b, nothing of the failed bulk


def test_every_corpus_page_imports_and_round_trips_through_the_jekyll_export(db):
    folder = require_shared("corpus/numerique.gouv.fr/_evenements")
    report = import_paths([folder])
    assert [(Path(p.path).name, p.code) for p in report.failed] == CORPUS_CONFLICTS
    assert len(report.imported) == 99
    for event in report.imported:
        before = snapshot(event)
        exported = write_page(event)
        again = save_page(page=parse_page(exported, path=event.source_path, slug=event.slug))
        assert snapshot(again) == before, event.source_path


def snapshot(event: Event) -> dict:
    event = Event.objects.get(pk=event.pk)
    sessions = [
        {
            "uid": str(s.uid),
            "start": s.start.isoformat(),
            "end": s.end.isoformat() if s.end else None,
            "title": s.title,
            "formats": sorted(f.name for f in s.formats.all()),
            "registration": s.registration_url,
            "place": str(s.place) if s.place else None,
            "mode": s.attendance_mode,
            "sequence": s.sequence,
        }
        for s in event.sessions.order_by("position")
    ]
    return json.loads(
        json.dumps(
            {
                "title": event.title,
                "start": event.start.isoformat(),
                "end": event.end.isoformat() if event.end else None,
                "published_at": event.published_at.isoformat() if event.published_at else None,
                "status": event.status,
                "chapeau": event.chapeau,
                "body": event.body,
                "place_label": event.place_label,
                "place": str(event.place) if event.place else None,
                "access": event.place.access if event.place else None,
                "categories": sorted(c.name for c in event.categories.all()),
                "tags": sorted(t.name for t in event.tags.all()),
                "audiences": sorted(a.name for a in event.audiences.all()),
                "images": list(event.images.values_list("path", "alt", "caption")),
                "info": list(event.info_fields.values_list("label", "content", "link", "raw")),
                "extra": event.extra_front_matter,
                "sessions": sessions,
            }
        )
    )


def test_importing_the_seed_stores_its_content_problems_and_still_imports_it(db, capsys):
    call_command("import", str(require_shared(SEED)))
    event = Event.objects.get()
    found = {(p["code"], p["line"]) for p in event.problems}
    assert {("weekday-mismatch", 30), ("weekday-mismatch", 40), ("other-year", 25)} <= found
    assert ("missing-alt", 13) in found
    assert event.status == Event.Status.PUBLISHED and event.sessions.count() == 2
    err = capsys.readouterr().err
    assert "mois-de-linnovation-publique-edition-2023.markdown:30:" in err
    assert "weekday-mismatch" in err


def test_a_page_that_is_not_utf8_is_refused_at_the_line_of_the_bad_byte(db, tmp_path):
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Réunion\n---\n".encode("latin-1"))
    report = import_paths([tmp_path])
    assert [(p.line, p.code) for p in report.failed] == [(2, "encoding")]
    assert "0xe9" in report.failed[0].message
    assert Event.objects.count() == 0


TWO_SESSIONS = PAGE.replace(
    "*{title}*\n", "*{title}*\n\n**[Le 12/11 de 16h à 17h] [Atelier]**\\\\\n*Deuxième atelier*\n"
)


def test_a_reimport_keeps_native_registration_and_cancels_a_removed_session_with_registrants(db):
    from agenda.registrations.services import register

    event = save_page(page=parse_page(TWO_SESSIONS.format(title="Premier"), path="p.md", slug="p"))
    first, second = event.sessions.order_by("starts_at")
    Session.objects.filter(pk__in=[first.pk, second.pk]).update(registration="native", capacity=20)
    second.refresh_from_db()
    early = dt.datetime(2026, 11, 1, tzinfo=PARIS)
    register(session=second, name="Camille", email="c@example.org", consent=True, now=early)

    save_page(page=parse_page(PAGE.format(title="Premier"), path="p.md", slug="p"))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.registration, first.capacity) == ("native", 20)
    assert (second.status, second.sequence) == ("cancelled", 1)
    assert second.registrations.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_large_import_reads_pages_in_a_second_process_and_loses_none(tmp_path, monkeypatch):
    import agenda.exchange.services as services

    monkeypatch.setattr(services, "COMMIT_EVERY", 3)  # 7 pages: 3 batches, so the pool is used
    for n in range(7):
        (tmp_path / f"p{n}.md").write_text(PAGE.format(title=f"Séance {n}"), encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    seen = []
    report = import_paths([tmp_path], progress=lambda i, total, path: seen.append((i, total)))
    assert seen[-1] == (8, 8)
    assert [p.code for p in report.failed] == ["yaml-syntax"]
    assert Session.objects.count() == 7
    assert sorted(Session.objects.values_list("title", flat=True)) == [
        f"Séance {n}" for n in range(7)
    ]


def test_two_files_with_one_slug_are_a_conflict_and_the_first_is_kept(db, tmp_path, capsys):
    (tmp_path / "2023").mkdir()
    (tmp_path / "2024").mkdir()
    (tmp_path / "2023" / "atelier.md").write_text(PAGE.format(title="Premier"), encoding="utf-8")
    (tmp_path / "2024" / "atelier.md").write_text(PAGE.format(title="Second"), encoding="utf-8")
    (tmp_path / "atelier.markdown").write_text(PAGE.format(title="Troisième"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path))
    err = capsys.readouterr().err
    first = tmp_path / "2023" / "atelier.md"
    for other in (tmp_path / "2024" / "atelier.md", tmp_path / "atelier.markdown"):
        assert f"{other}:1:1: slug-conflict: même événement que {first}" in err
    event = Event.objects.get()
    assert (event.slug, event.source_path) == ("atelier", str(first))
    assert event.sessions.get().title == "Premier"


def test_a_later_import_of_another_file_with_the_slug_replaces_nothing(db, tmp_path):
    first, second = tmp_path / "a" / "atelier.md", tmp_path / "b" / "atelier.md"
    for path, title in ((first, "Premier"), (second, "Second")):
        path.parent.mkdir()
        path.write_text(PAGE.format(title=title), encoding="utf-8")
    assert import_paths([first]).ok
    report = import_paths([second])
    assert [(p.path, p.code) for p in report.failed] == [(str(second), "slug-conflict")]
    assert Event.objects.get().sessions.get().title == "Premier"
    first.unlink()  # the first file moved away: the page at the new place updates its event
    assert import_paths([second]).ok
    assert Event.objects.get().sessions.get().title == "Second"


def test_reimporting_the_same_file_by_another_relative_path_is_no_conflict(
    db, tmp_path, monkeypatch
):
    (tmp_path / "atelier.md").write_text(PAGE.format(title="Premier"), encoding="utf-8")
    assert import_paths([tmp_path / "atelier.md"]).ok
    monkeypatch.chdir(tmp_path)
    assert import_paths(["atelier.md"]).ok
    assert Event.objects.count() == 1
