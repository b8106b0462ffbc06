"""The event form of the contributor space (issue 4, part 3): fields, formsets, places, images,
preview, and the content checks run on save (errors block submission, warnings are
acknowledged). Workflow and revisions: test_moderation_workflow.py."""

import re

import pytest
from django.urls import reverse

from agenda.events.models import Event
from agenda.moderation.models import AuditEntry
from agenda.moderation.snapshot import event_snapshot
from tests import contributors as t
from tests.moderating import (
    NEW,
    create,
    edit_url,
    errors_in,
    tag_of,
    warnings_in,
)

pytestmark = pytest.mark.django_db


# --- the form ----------------------------------------------------------------------------------


def test_the_form_creates_a_draft_with_its_sessions_places_images_and_info(client, organiser, ditp):
    client.force_login(organiser)
    assert client.get(NEW).status_code == 200

    event = create(client, t.snapshot(ditp))

    assert event.status == Event.Status.DRAFT
    assert event.organisation == ditp
    assert event.place.name == "Maison de l’innovation" and event.place.postcode == "75007"
    assert [(i.path, i.alt) for i in event.images.all()] == [
        ("/static/banner.png", "Des post-it sur un mur")
    ]
    assert [f.label for f in event.info_fields.all()] == ["Public"]
    sessions = list(event.sessions.order_by("starts_at"))
    assert [s.title for s in sessions] == ["Atelier", "Restitution"]
    assert all(s.uid and s.sequence == 0 and not s.whole_event for s in sessions)
    assert sessions[0].start.hour == 9 and sessions[0].start.minute == 30  # Paris time
    assert event.starts_at == sessions[0].starts_at and event.ends_at == sessions[1].ends_at
    assert [f.name for f in sessions[0].formats.all()] == ["Atelier"]
    assert (
        event.body_html == "<p>Un <strong>atelier</strong> pratique, suivi d’une restitution.</p>\n"
    )
    entry = event.audit_entries.get()
    assert entry.action == AuditEntry.Action.CREATED and entry.actor == organiser
    assert entry.changes["title"] == [None, "Atelier design des services"]


def test_a_known_place_can_be_picked_and_a_single_untitled_session_is_the_whole_event(
    client, organiser, ditp
):
    from agenda.events.models import Place

    venue = Place.objects.create(name="Les Champs Libres", address="10 cours des Alliés")
    client.force_login(organiser)
    day = t.day(20).isoformat()
    data = t.snapshot(
        ditp,
        place={"id": venue.pk, "name": venue.name, "address": venue.address},
        sessions=[t.session(f"{day}T10:00", f"{day}T12:00")],
    )

    event = create(client, data)

    assert event.place == venue
    (session,) = event.sessions.all()
    assert session.whole_event and session.place == venue


def test_required_fields_and_alt_text_are_reported_next_to_their_field(client, organiser, ditp):
    client.force_login(organiser)
    data = t.snapshot(ditp, title="")
    data["images"][0]["alt"] = ""
    post = t.form_post(data)
    post["seances-0-end_time"] = "08:00"  # before its 9:30 start

    response = client.post(NEW, post)

    html = response.content.decode()
    assert response.status_code == 200 and not Event.objects.exists()
    assert "Le texte alternatif est obligatoire : décrivez l’image." in errors_in(html)
    assert "La fin précède le début." in errors_in(html)
    alt = tag_of(html, "images-0-alt")
    assert 'aria-describedby="id_images-0-alt_helptext id_images-0-alt_error"' in alt
    assert 'aria-invalid="true"' in alt
    assert 'href="#id_title"' in html  # the summary links to the field


def test_an_organiser_can_only_pick_one_of_their_organisations(client, organiser, ditp):
    other = t.organisation("Autre ministère")
    client.force_login(organiser)

    response = client.post(NEW, t.form_post(t.snapshot(other)))

    assert response.status_code == 200 and not Event.objects.exists()
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_preview_renders_the_sanitised_body_and_saves_nothing(client, organiser, ditp):
    client.force_login(organiser)
    data = t.snapshot(ditp, body="## Programme\n\nUn *atelier*.\n\n<script>alert(1)</script>")

    response = client.post(NEW, t.form_post(data, action="preview"))

    html = response.content.decode()
    assert response.status_code == 200 and not Event.objects.exists()
    preview = html[html.index('id="apercu-titre"') :]
    assert "<h4>Programme</h4>" in preview and "<em>atelier</em>" in preview
    assert "<script>alert(1)</script>" not in html


def test_a_session_form_can_be_added_without_javascript(client, organiser, ditp):
    client.force_login(organiser)
    post = t.form_post(t.snapshot(ditp), action="add_session")

    response = client.post(NEW, post)

    html = response.content.decode()
    assert 'name="seances-2-start_date"' in html and not Event.objects.exists()


def test_an_uploaded_image_is_stored_and_kept(client, organiser, ditp, settings, tmp_path):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    logo = io.BytesIO()
    Image.new("RGB", (64, 32), "#000091").save(logo, format="PNG")
    client.force_login(organiser)
    data = t.snapshot(ditp, images=[])
    post = t.form_post(data)
    post.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-alt": "Le logo du programme",
            "images-0-upload": SimpleUploadedFile("Logo Final.PNG", logo.getvalue(), "image/png"),
        }
    )

    response = client.post(NEW, post)

    assert response.status_code == 302
    event = Event.objects.get()
    (image,) = event.images.all()
    assert re.fullmatch(r"/uploads/evenements/[0-9a-f]{12}/logo-final\.png", image.path)
    stored = Image.open(tmp_path / image.path.removeprefix("/uploads/"))
    assert (stored.format, stored.size) == ("PNG", (64, 32))


# --- checks on save ----------------------------------------------------------------------------


def test_check_errors_block_submission_and_show_next_to_the_field(client, organiser, ditp):
    client.force_login(organiser)
    data = t.snapshot(ditp, title="Atelier de l’édition 2019")

    response = client.post(NEW, t.form_post(data, action="submit"))

    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT  # saved, not submitted
    assert response["Location"] == edit_url(event)
    assert [p["code"] for p in event.problems] == ["other-year"]
    html = client.get(edit_url(event)).content.decode()
    assert "« édition 2019 » nomme 2019" in " ".join(errors_in(html))
    assert re.search(
        r'name="title"[^>]*aria-describedby="id_title_error"[^>]*aria-invalid="true"', html
    )


def test_warnings_are_shown_and_must_be_acknowledged(client, organiser, ditp):
    client.force_login(organiser)
    data = t.snapshot(ditp, chapeau="Inscription obligatoire.")

    client.post(NEW, t.form_post(data, action="submit"))

    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    html = client.get(edit_url(event)).content.decode()
    assert "« Inscription obligatoire », mais aucun lien" in warnings_in(html)[0]
    assert "J’ai pris connaissance des avertissements" in html

    stored = event_snapshot(event)
    client.post(
        edit_url(event),
        t.form_post(stored, action="submit", stored=stored, acknowledge_warnings="on"),
    )

    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED


def test_submitting_from_the_event_page_asks_for_the_acknowledgement(client, organiser, ditp):
    client.force_login(organiser)
    event = create(client, t.snapshot(ditp, chapeau="Inscription obligatoire."))
    url = reverse("space_event_submit", kwargs={"pk": event.pk})

    client.post(url)
    event.refresh_from_db()
    assert event.status == Event.Status.DRAFT

    client.post(url, {"acknowledge_warnings": "on"})
    event.refresh_from_db()
    assert event.status == Event.Status.SUBMITTED


# --- events that came from an import ------------------------------------------------------------


@pytest.mark.parametrize("index", [0, 3, 7])
def test_saving_an_imported_event_unchanged_changes_no_session(client, index):
    """The form shows what an imported page says, and gives it back as it was: no session gets
    a new UID or a higher SEQUENCE when nothing was edited."""
    import datetime as dt

    from agenda.demo import demo_pages
    from agenda.events.services import save_page
    from agenda.exchange.jekyll import parse_page, slug_from_path
    from agenda.moderation.snapshot import event_snapshot

    name, text = sorted(demo_pages(dt.date.today()).items())[index]
    event = save_page(page=parse_page(text, path=name, slug=slug_from_path(name)))
    before = {s.uid: s.sequence for s in event.sessions.all()}
    client.force_login(t.person("admin@programme.example", role="admin"))
    stored = event_snapshot(event)
    assert client.get(edit_url(event)).status_code == 200

    post = t.form_post(stored, action="submit", stored=stored, acknowledge_warnings="on")
    response = client.post(edit_url(event), post)

    assert response.status_code == 302, errors_in(response.content.decode())
    assert {s.uid: s.sequence for s in event.sessions.all()} == before
    event.refresh_from_db()
    assert event_snapshot(event) == stored


@pytest.mark.parametrize(
    "body",
    ["Le plan :\n\n![](/static/plan.png)", 'Le plan : <img src="/static/plan.png">'],
    ids=["markdown", "html"],
)
def test_an_image_without_alt_text_in_the_description_blocks_submission(
    client, organiser, ditp, body
):
    client.force_login(organiser)
    data = t.snapshot(ditp, body=body)

    client.post(NEW, t.form_post(data, action="submit"))

    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT  # kept as written, not submitted
    assert event.body == body
    assert [p["code"] for p in event.problems] == ["missing-alt"]
    html = client.get(edit_url(event)).content.decode()
    assert any("« /static/plan.png »" in error for error in errors_in(html))
    assert re.search(r'name="body"[^>]*aria-describedby="[^"]*id_body_error"', html)


def test_an_image_without_alt_text_in_a_session_description_blocks_submission(
    client, organiser, ditp
):
    client.force_login(organiser)
    data = t.snapshot(ditp)
    data["sessions"][1]["description"] = "Le support :\n\n![](/static/support.png)"

    client.post(NEW, t.form_post(data, action="submit"))

    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    assert [p["code"] for p in event.problems] == ["missing-alt"]
    html = client.get(edit_url(event)).content.decode()
    assert any("« /static/support.png »" in error for error in errors_in(html))
    assert re.search(r'name="seances-1-description"[^>]*aria-invalid="true"', html)
