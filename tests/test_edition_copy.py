"""The next edition's copy in the database (issue 14): one draft per event, dates moved, text
rewritten, seats emptied, links and images listed for the editor; and `agenda next-edition`."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from agenda.events.models import PARIS, Event, Image, InfoField, Place, Session
from agenda.events.sessions import write_session
from agenda.moderation.editions import copy_event
from agenda.moderation.models import AuditEntry, EditionItem

from .conftest import paris


@pytest.fixture
def forum(make_event):
    """A published 2022 forum: two sessions in two rooms, seats, a link, an image."""
    room_a = Place.objects.create(name="Salle A", address="1 rue A")
    room_b = Place.objects.create(name="Salle B", address="2 rue B")
    event = make_event(
        "Forum de l’emploi 2022",
        slug="forum-emploi-2022",
        organisation="DINUM",
        audiences=("Agents publics", "Entreprises"),
        start=paris(2022, 12, 1, 9, 0),
        end=paris(2022, 12, 2, 18, 0),
        chapeau="La 6e édition du Forum, le jeudi 1er décembre 2022.",
        body="Le jeudi 1er décembre de 9h à 12h : accueil.\n\nLe vendredi 02/12 à 14h : ateliers.",
        sessions=[
            (paris(2022, 12, 2, 14), paris(2022, 12, 2, 18), "Ateliers", {"place": room_b}),
            (
                paris(2022, 12, 1, 9),
                paris(2022, 12, 1, 12),
                "Accueil",
                {
                    "place": room_a,
                    "registration": Session.Registration.EXTERNAL,
                    "registration_url": "https://billets.example/forum-2022",
                    "capacity": 40,
                },
            ),
        ],
    )
    Session.objects.filter(event=event, title="Ateliers").update(position=1)
    Session.objects.filter(event=event, title="Accueil").update(position=0)
    Image.objects.create(event=event, path="/uploads/forum-2022.png", alt="Affiche du Forum 2022")
    InfoField.objects.create(event=event, label="Inscription", link="https://billets.example/2022")
    return event


def test_the_copy_is_a_draft_of_the_next_edition_with_its_dates_moved(forum):
    report = copy_event(source=forum, target_year=2023)
    copy = report.copy  # the first Thursday of December: 7 December 2023
    assert (copy.status, copy.previous_edition, copy.slug) == ("draft", forum, "forum-emploi-2023")
    assert copy.title == "Forum de l’emploi 2023"
    assert copy.chapeau == "La 7e édition du Forum, le jeudi 7 décembre 2023."
    assert copy.start == dt.datetime(2023, 12, 7, 9, 0, tzinfo=PARIS)
    assert copy.end == dt.datetime(2023, 12, 8, 18, 0, tzinfo=PARIS)
    sessions = list(copy.sessions.order_by("position"))
    assert [(s.title, s.place.name, s.start.isoformat()) for s in sessions] == [
        ("Accueil", "Salle A", "2023-12-07T09:00:00+01:00"),
        ("Ateliers", "Salle B", "2023-12-08T14:00:00+01:00"),
    ]
    assert copy.body.startswith("Le jeudi 7 décembre de 9h à 12h")
    assert "Le vendredi 08/12 à 14h" in copy.body
    assert sessions[0].capacity is None
    assert sessions[0].registration_url == "https://billets.example/forum-2022"
    assert copy.images.get().alt == "Affiche du Forum 2023"
    assert {a.name for a in copy.audiences.all()} == {"Agents publics", "Entreprises"}


def test_what_points_at_last_year_is_listed_for_the_editor(forum):
    copy = copy_event(source=forum, target_year=2023).copy
    items = list(EditionItem.objects.filter(event=copy).values_list("kind", "value"))
    assert items == [
        ("image", "/uploads/forum-2022.png"),
        ("link", "https://billets.example/2022"),
        ("link", "https://billets.example/forum-2022"),
    ]
    assert copy.audit_entries.get().action == AuditEntry.Action.CREATED


def test_times_stay_paris_wall_clock_across_the_change_of_summer_time(make_event):
    source = make_event("Atelier", start=paris(2022, 3, 26, 10, 0), end=paris(2022, 3, 26, 12))
    copy = copy_event(source=source, target_year=2023, days=365).copy
    session = copy.sessions.get()
    assert session.start == dt.datetime(2023, 3, 26, 10, 0, tzinfo=PARIS)
    assert session.starts_at.utcoffset() is not None
    assert session.starts_at.astimezone(dt.UTC).hour == 8  # summer time: UTC+2
    assert source.sessions.get().starts_at.astimezone(dt.UTC).hour == 9


def test_a_session_landing_on_a_public_holiday_is_flagged(make_event):
    source = make_event("Colloque", start=paris(2022, 11, 2, 9), end=paris(2022, 11, 2, 17))
    report = copy_event(source=source, target_year=2023)  # first Wednesday: 1 November 2023
    assert report.sessions[0][2] == "Toussaint"
    assert [i.kind for i in report.items] == ["date"]


def test_registrations_are_never_copied(forum):
    from agenda.registrations.models import Registration

    session = forum.sessions.get(title="Accueil")
    Session.objects.filter(pk=session.pk).update(registration=Session.Registration.NATIVE)
    Registration.objects.create(session=session, email="a@example.org", name="A")
    copy = copy_event(source=forum, target_year=2023).copy
    assert Registration.objects.filter(session__event=copy).count() == 0
    assert copy.sessions.get(title="Accueil").capacity is None


def test_seats_left_unset_on_a_native_registration_hold_the_submission(forum):
    from agenda.moderation.edition_checklist import open_items

    session = forum.sessions.get(title="Accueil")
    Session.objects.filter(pk=session.pk).update(registration=Session.Registration.NATIVE)
    copy = copy_event(source=forum, target_year=2023).copy
    seats = [c.item.where for c in open_items(copy) if c.item.kind == "seats"]
    copied = copy.sessions.get(title="Accueil")
    assert seats == [f"sessions.{copied.uid}.capacity"]
    write_session(session=copied, fields={"capacity": 30})
    assert not [c for c in open_items(copy) if c.item.kind == "seats"]


def test_the_command_dry_run_prints_the_copy_and_writes_nothing(forum):
    out = io.StringIO()
    call_command("next-edition", "--from", "2022", "--to", "2023", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "forum-emploi-2022 → forum-emploi-2023 (copierait, +371 jours)" in text
    assert "séance 2022-12-01 09:00 → 2023-12-07 09:00" in text
    assert "à vérifier : Image de l’édition précédente : /uploads/forum-2022.png" in text
    assert "1 événement copierait, 0 ignoré (essai : rien n’a été écrit)" in text
    assert Event.objects.count() == 1
    assert EditionItem.objects.count() == 0


def test_the_command_copies_an_organisations_season_once(forum, make_event):
    make_event("Autre", organisation="DITP", start=paris(2022, 5, 3, 10))
    make_event("Brouillon", organisation="DINUM", start=paris(2022, 5, 3, 10), status="draft")
    args = ("next-edition", "--from", "2022", "--to", "2023", "--organisation", "dinum")
    call_command(*args, stdout=io.StringIO())
    out = io.StringIO()
    call_command(*args, stdout=out)
    assert Event.objects.filter(previous_edition=forum).count() == 1
    assert Event.objects.filter(previous_edition__isnull=False).count() == 1
    assert "forum-emploi-2022: ignoré : déjà copié : forum-emploi-2023" in out.getvalue()


def test_the_command_refuses_a_target_before_the_source(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="l’année visée doit suivre"):
        call_command("next-edition", "--from", "2023", "--to", "2022")


def test_the_copy_keeps_the_programme_in_its_parts(db):
    from agenda.events.services import save_page
    from agenda.exchange.jekyll import parse_page

    text = (
        "---\ntitle: Journée des deux salles 2023\n"
        "event_start_date: 2023-11-14 00:00:00 +01:00\n---\n"
        "Une journée, deux salles.\n\n"
        "**Salle Jaune**\n\n* 9h-10h : Accueil jaune\n* 10h-12h : Récits de projets\n\n"
        "**Salle Verte**\n\nOn y travaille sur ordinateur.\n\n"
        "* 9h-10h : Accueil vert\n* 10h-12h : Atelier données\n"
    )
    source = save_page(page=parse_page(text, path="salles-2023.markdown", slug="salles-2023"))
    copy = copy_event(source=source, target_year=2024).copy
    assert copy.programme_lines == source.programme_lines
    assert [part["line"] for part in copy.programme_parts] == [
        part["line"] for part in source.programme_parts
    ]
    assert "On y travaille sur ordinateur." in copy.programme_parts[0]["html"]
    sessions = list(copy.sessions.order_by("position"))
    assert [s.source_line for s in sessions] == [
        s.source_line for s in source.sessions.order_by("position")
    ]
