"""Bulk import of a table into draft events: idempotent, Paris time, published events untouched."""

import datetime as dt

import pytest

from agenda.events.models import PARIS, Event, Organisation, Session
from agenda.exchange.bulk import event_imported, import_table
from agenda.exchange.models import ExternalKey

HEADER = (
    "identifiant;evenement;chapeau;categories;date;debut;fin;titre;formats;mode;lieu;adresse;"
    "code_postal;ville;lien_visio;gratuit;inscription;lien_inscription;places"
)
ROWS = [
    "f-1;Forum des données;Deux jours d’échanges.;Forum;12/11/2026;09:30;12:00;Ouverture;"
    "Plénière;presentiel;Salle Marianne;20 avenue de Ségur;75007;Paris;;oui;native;;120",
    "f-2;Forum des données;;;13/11/2026;14:00;17:00;Ateliers;Atelier|Démo;mixte;Salle Marianne;"
    "20 avenue de Ségur;75007;Paris;https://visio.example.org/forum;oui;lien;"
    "https://example.org/inscription;",
    ";Webinaire IA;;;20/11/2026;11:00;12:00;;Webinaire;en-ligne;;;;;https://visio.example.org/ia;"
    "non;aucune;;",
]


def table(*rows: str) -> bytes:
    return ("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode("utf-8")


@pytest.fixture
def dinum(db):
    return Organisation.objects.create(name="DINUM", slug="dinum")


def run(organisation, *rows: str, name: str = "programme.csv"):
    return import_table(table(*rows), filename=name, organisation=organisation)


def identities() -> list[tuple[str, int]]:
    return sorted((str(s.uid), s.sequence) for s in Session.objects.all())


def test_a_table_lands_as_draft_events_of_the_organisation_with_their_sessions(dinum):
    report = run(dinum, *ROWS)
    assert report.ok and report.problems == []
    assert report.counts == {"created": 3, "updated": 0, "unchanged": 0}
    forum, webinar = Event.objects.order_by("starts_at")
    assert (forum.title, forum.status, forum.organisation) == (
        "Forum des données",
        Event.Status.DRAFT,
        dinum,
    )
    assert forum.chapeau == "Deux jours d’échanges."
    assert [c.name for c in forum.categories.all()] == ["Forum"]
    assert (forum.attendance_mode, forum.place.name, forum.place.postcode, forum.place.city) == (
        "mixed",
        "Salle Marianne",
        "75007",
        "Paris",
    )
    assert forum.starts_at == dt.datetime(2026, 11, 12, 9, 30, tzinfo=PARIS)
    assert forum.ends_at == dt.datetime(2026, 11, 13, 17, tzinfo=PARIS)
    opening, workshops = forum.sessions.order_by("starts_at")
    assert (opening.title, opening.registration, opening.capacity, opening.is_free) == (
        "Ouverture",
        Session.Registration.NATIVE,
        120,
        True,
    )
    assert sorted(f.name for f in workshops.formats.all()) == ["Atelier", "Démo"]
    assert (workshops.registration, workshops.registration_url, workshops.online_url) == (
        Session.Registration.EXTERNAL,
        "https://example.org/inscription",
        "https://visio.example.org/forum",
    )
    (online,) = webinar.sessions.all()
    assert (online.attendance_mode, online.place, online.is_free) == ("online", None, False)
    assert webinar.place is None


def test_importing_the_same_file_again_creates_and_changes_nothing(dinum):
    run(dinum, *ROWS)
    before = identities()
    report = run(dinum, *ROWS)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 3}
    assert [e.action for e in report.events] == ["unchanged", "unchanged"]
    assert (Event.objects.count(), Session.objects.count()) == (2, 3)
    assert identities() == before
    assert all(sequence == 0 for _, sequence in before)


def test_a_changed_row_updates_its_session_with_the_same_uid_and_the_next_sequence(dinum):
    run(dinum, *ROWS)
    uid = Session.objects.get(title="Ouverture").uid
    changed = ROWS[0].replace(";09:30;12:00;Ouverture;", ";10:00;12:30;Ouverture officielle;")
    report = run(dinum, changed, *ROWS[1:])
    assert report.counts == {"created": 0, "updated": 1, "unchanged": 2}
    session = Session.objects.get(uid=uid)
    assert (session.title, session.sequence) == ("Ouverture officielle", 1)
    assert session.starts_at == dt.datetime(2026, 11, 12, 10, tzinfo=PARIS)
    assert Session.objects.count() == 3
    assert run(dinum, changed, *ROWS[1:]).counts["unchanged"] == 3  # and no further sequence
    assert Session.objects.get(uid=uid).sequence == 1


def test_without_identifiant_a_row_is_known_by_event_title_date_and_start(dinum):
    run(dinum, ROWS[2])
    uid = Session.objects.get().uid
    moved_end = ROWS[2].replace(";11:00;12:00;", ";11:00;12:30;")
    assert run(dinum, moved_end).counts == {"created": 0, "updated": 1, "unchanged": 0}
    assert (Session.objects.get().uid, Session.objects.get().sequence) == (uid, 1)
    moved_start = ROWS[2].replace(";11:00;12:00;", ";11:15;12:30;")
    assert run(dinum, moved_start).counts["created"] == 1  # another start: another session


def test_an_event_renamed_in_every_row_keeps_its_sessions_when_rows_have_identifiants(dinum):
    run(dinum, *ROWS[:2])
    event = Event.objects.get()
    renamed = [row.replace("Forum des données", "Forum 2026") for row in ROWS[:2]]
    report = run(dinum, *renamed)
    assert report.counts == {"created": 0, "updated": 0, "unchanged": 2}
    assert [(e.action, e.event.pk) for e in report.events] == [("updated", event.pk)]
    assert Event.objects.get().title == "Forum 2026"


def test_sessions_at_10_paris_time_on_the_days_clocks_change_are_stored_at_the_right_utc(dinum):
    report = run(
        dinum,
        "h-1;Changement d’heure;;;29/03/2026;10:00;11:00;;;;;;;;;;;;",
        "h-2;Changement d’heure;;;25/10/2026;10:00;11:00;;;;;;;;;;;;",
    )
    assert report.ok
    spring, autumn = Session.objects.order_by("starts_at")
    assert spring.starts_at.astimezone(dt.UTC) == dt.datetime(2026, 3, 29, 8, tzinfo=dt.UTC)
    assert autumn.starts_at.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 9, tzinfo=dt.UTC)
    assert autumn.ends_at.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 10, tzinfo=dt.UTC)


def test_a_day_without_hours_and_a_multi_day_session_keep_their_dates(dinum):
    header_row = ";Salon;;;02/11/2026;;;;;;;;;;;;;;"
    run(dinum, header_row)
    session = Session.objects.get()
    assert (session.start, session.end, session.has_start_time) == (
        dt.date(2026, 11, 2),
        None,
        False,
    )


def test_bad_rows_are_reported_and_the_good_events_are_kept_whole(dinum):
    bad = ROWS[1].replace(";14:00;17:00;", ";14:00;25h;")
    report = run(dinum, ROWS[0], bad, ROWS[2])
    assert not report.ok
    assert [(p.line, p.field, p.code) for p in report.errors] == [
        (2, "", "event-not-imported"),
        (3, "fin", "bad-time"),
    ]
    assert list(Event.objects.values_list("title", flat=True)) == ["Webinaire IA"]
    assert report.counts == {"created": 1, "updated": 0, "unchanged": 0}


def test_a_published_event_is_never_written_and_its_change_is_reported(dinum):
    run(dinum, *ROWS)
    forum = Event.objects.get(title="Forum des données")
    Event.objects.filter(pk=forum.pk).update(status=Event.Status.PUBLISHED)
    assert run(dinum, *ROWS).counts == {"created": 0, "updated": 0, "unchanged": 3}
    changed = ROWS[0].replace("Ouverture", "Ouverture officielle")
    new_row = "f-3;Forum des données;;;14/11/2026;09:00;10:00;Clôture;;;;;;;;;;;"
    report = run(dinum, changed, ROWS[1], new_row, ROWS[2])
    assert report.ok
    (warning,) = report.warnings
    assert (warning.line, warning.code) == (2, "published")
    assert warning.message == (
        "lignes 2, 3, 4 ignorées : « Forum des données » déjà publié : modification à "
        "soumettre depuis l’espace"
    )
    assert forum.sessions.count() == 2
    assert not Session.objects.filter(title__in=["Ouverture officielle", "Clôture"]).exists()
    assert sorted(s.sequence for s in forum.sessions.all()) == [0, 0]


def test_a_submitted_event_that_changes_goes_back_to_draft(dinum):
    run(dinum, ROWS[2])
    Event.objects.update(status=Event.Status.SUBMITTED)
    run(dinum, ROWS[2])
    assert Event.objects.get().status == Event.Status.SUBMITTED  # unchanged: left in the queue
    run(dinum, ROWS[2].replace(";11:00;12:00;", ";11:00;12:15;"))
    assert Event.objects.get().status == Event.Status.DRAFT


def test_each_written_event_is_signalled_for_the_audit_log_and_rehearsals_are_not(dinum):
    heard = []

    def listen(sender, *, outcome, actor, status_before, path, **kwargs):
        heard.append((outcome.action, outcome.event.title, status_before, path))

    event_imported.connect(listen)
    try:
        run(dinum, ROWS[2])
        run(dinum, ROWS[2])  # unchanged: nothing to log
        Event.objects.update(status=Event.Status.PUBLISHED)
        run(dinum, ROWS[2].replace(";11:00;12:00;", ";11:00;12:15;"))  # skipped
    finally:
        event_imported.disconnect(listen)
    assert heard == [("created", "Webinaire IA", "draft", "programme.csv")]


def test_each_organisation_has_its_own_identifiers(dinum):
    other = Organisation.objects.create(name="DITP", slug="ditp")
    run(dinum, *ROWS)
    report = run(other, *ROWS)
    assert report.counts["created"] == 3
    assert Event.objects.filter(organisation=other).count() == 2
    assert ExternalKey.objects.filter(organisation=other, kind="session").count() == 3


def test_each_imported_event_is_written_in_the_audit_log(dinum):
    from agenda.moderation.models import AuditEntry

    run(dinum, *ROWS)
    run(dinum, ROWS[0].replace("Ouverture", "Ouverture officielle"), *ROWS[1:])
    entries = [
        (e.event.title, e.action, e.comment.split(" : ")[1])
        for e in AuditEntry.objects.order_by("pk")
    ]
    assert entries == [
        ("Forum des données", "created", "séances créées"),
        ("Webinaire IA", "created", "séances créées"),
        ("Forum des données", "edited", "séances inchangées, modifiées"),
    ]


def test_the_public_column_gives_the_event_its_audiences_and_a_new_file_replaces_them(dinum):
    def audiences_after(header: str, *rows: str) -> set[str]:
        data = "\r\n".join([header, *rows]) + "\r\n"
        report = import_table(data.encode(), filename="p.csv", organisation=dinum)
        assert report.ok and report.problems == []
        return {a.name for a in Event.objects.get().audiences.all()}

    header = "identifiant;evenement;date;debut;lien_visio;public"
    first = audiences_after(
        header,
        "a-1;Atelier;12/11/2026;10:00;https://visio.example.org/a;Agents publics|Élus",
        "a-2;Atelier;13/11/2026;10:00;https://visio.example.org/a;Élus|Grand public",
    )
    # Read from "Public visé" too; the rows of an event share their audiences.
    second = audiences_after(
        "identifiant;evenement;date;debut;lien_visio;Public visé",
        "a-1;Atelier;12/11/2026;10:00;https://visio.example.org/a;Entreprises",
        "a-2;Atelier;13/11/2026;10:00;https://visio.example.org/a;",
    )

    assert first == {"Agents publics", "Élus", "Grand public"}
    assert second == {"Entreprises"}
