"""The next edition in the contributor space and on the public site (issue 14): the button, the
checklist that holds the submission until each item is changed or confirmed, a season's copy,
and the links between editions."""

import re

import pytest
from django.urls import reverse

from agenda.events.models import Event, Session
from agenda.events.sessions import write_session
from agenda.moderation import services
from agenda.moderation.editions import copy_event
from agenda.moderation.models import EditionItem
from tests import contributors as t

from .conftest import paris

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year(make_event, ditp):
    return make_event(
        "Atelier données 2025",
        slug="atelier-donnees-2025",
        organisation="DITP",
        start=paris(2025, 11, 4, 10),
        end=paris(2025, 11, 4, 12),
        chapeau="L’atelier de l’édition 2025.",
        sessions=[
            (
                paris(2025, 11, 4, 10),
                paris(2025, 11, 4, 12),
                "Atelier",
                {
                    "registration": Session.Registration.EXTERNAL,
                    "registration_url": "https://billets.example/atelier-2025",
                },
            )
        ],
    )


def checkbox_values(html: str) -> list[str]:
    return re.findall(r'name="confirmed" value="(\d+)"', html)


def test_the_button_prepares_a_draft_and_opens_its_checklist(client, organiser, last_year):
    client.force_login(organiser)
    overview = client.get(reverse("space_event", kwargs={"pk": last_year.pk})).content.decode()
    prepare = reverse("space_edition_prepare", kwargs={"pk": last_year.pk})
    assert f'href="{prepare}"' in overview and "Préparer l’édition suivante" in overview
    response = client.post(prepare, {"target_year": 2026, "mode": "weekday"})
    copy = Event.objects.get(previous_edition=last_year)
    assert response["Location"] == reverse("space_edition_checklist", kwargs={"pk": copy.pk})
    assert (copy.title, copy.status, copy.slug) == (
        "Atelier données 2026",
        "draft",
        "atelier-donnees-2026",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Lien d’inscription de « Atelier »" in page
    assert "https://billets.example/atelier-2025" in page
    assert len(checkbox_values(page)) == 1


def test_a_date_mode_by_days_needs_its_number(client, organiser, last_year):
    client.force_login(organiser)
    prepare = reverse("space_edition_prepare", kwargs={"pk": last_year.pk})
    response = client.post(prepare, {"target_year": 2026, "mode": "days"})
    assert "Indiquez le nombre de jours." in response.content.decode()
    assert not Event.objects.filter(previous_edition=last_year).exists()


def test_another_organisations_member_cannot_copy_the_event(client, last_year):
    other = t.person("x@autre.example", role="organiser", of=t.organisation("Autre"))
    client.force_login(other)
    prepare = reverse("space_edition_prepare", kwargs={"pk": last_year.pk})
    assert client.post(prepare, {"target_year": 2026, "mode": "weekday"}).status_code == 404
    assert not Event.objects.filter(previous_edition=last_year).exists()


def test_submission_is_refused_while_an_item_is_untouched(organiser, last_year):
    copy = copy_event(source=last_year, target_year=2026).copy
    with pytest.raises(services.WorkflowError, match="1 point de l’édition précédente"):
        services.submit_event(actor=organiser, event=copy, acknowledge_warnings=True)
    copy.refresh_from_db()
    assert copy.status == "draft"


def test_a_changed_link_no_longer_holds_the_submission(organiser, last_year):
    copy = copy_event(source=last_year, target_year=2026).copy
    session = copy.sessions.get()
    fields = {"registration_url": "https://billets.example/atelier-2026"}
    write_session(session=session, fields=fields)
    services.submit_event(actor=organiser, event=copy, acknowledge_warnings=True)
    copy.refresh_from_db()
    assert copy.status == "submitted"


def test_confirming_the_items_lets_the_checklist_submit(client, organiser, last_year):
    copy = copy_event(source=last_year, target_year=2026).copy
    client.force_login(organiser)
    url = reverse("space_edition_checklist", kwargs={"pk": copy.pk})
    refused = client.post(url, {"submit": "", "acknowledge_warnings": "on"}, follow=True)
    assert "Non soumis : 1 point de l’édition précédente à vérifier" in refused.content.decode()
    ids = checkbox_values(client.get(url).content.decode())
    response = client.post(url, {"confirmed": ids, "submit": "", "acknowledge_warnings": "on"})
    assert response["Location"] == reverse("space_event", kwargs={"pk": copy.pk})
    copy.refresh_from_db()
    assert copy.status == "submitted"
    item = EditionItem.objects.get(event=copy)
    assert (item.confirmed_by, item.confirmed_at is not None) == (organiser, True)


def test_a_season_copies_only_the_organisations_published_events(
    client, organiser, last_year, make_event
):
    make_event("Autre organisation", organisation="Autre", start=paris(2025, 6, 3, 10))
    make_event("Brouillon", organisation="DITP", start=paris(2025, 6, 3, 10), status="draft")
    client.force_login(organiser)
    form = {"organisation": str(organiser.memberships.get().organisation_id), "source_year": 2025}
    response = client.post(
        reverse("space_edition_season"), {**form, "target_year": 2026, "mode": "weekday"}
    )
    page = response.content.decode()
    assert "1 brouillon créé" in page
    assert [e.title for e in Event.objects.filter(previous_edition__isnull=False)] == [
        "Atelier données 2026"
    ]
    again = client.post(
        reverse("space_edition_season"), {**form, "target_year": 2026, "mode": "weekday"}
    )
    assert "déjà copié : atelier-donnees-2026" in again.content.decode()


def test_an_organiser_cannot_copy_the_whole_programme(client, organiser, last_year):
    client.force_login(organiser)
    response = client.post(
        reverse("space_edition_season"),
        {"organisation": "", "source_year": 2025, "target_year": 2026, "mode": "weekday"},
    )
    assert (
        "Sélectionnez un choix valide" in response.content.decode() or response.status_code == 200
    )
    assert not Event.objects.filter(previous_edition__isnull=False).exists()


def test_a_moderator_copies_the_whole_programme(client, moderator, last_year, make_event):
    make_event("Autre organisation", organisation="Autre", start=paris(2025, 6, 3, 10))
    client.force_login(moderator)
    client.post(
        reverse("space_edition_season"),
        {"organisation": "", "source_year": 2025, "target_year": 2026, "mode": "days", "days": 364},
    )
    assert Event.objects.filter(previous_edition__isnull=False).count() == 2


def test_the_public_pages_link_the_editions_once_the_new_one_is_published(
    client, moderator, last_year
):
    copy = copy_event(source=last_year, target_year=2026).copy
    old_page = client.get(last_year.get_absolute_url()).content.decode()
    assert "Cet événement a une nouvelle édition" not in old_page
    Event.objects.filter(pk=copy.pk).update(status=Event.Status.PUBLISHED)
    old_page = client.get(last_year.get_absolute_url()).content.decode()
    assert "Cet événement a une nouvelle édition" in old_page
    assert f'href="{copy.get_absolute_url()}"' in old_page
    new_page = client.get(copy.get_absolute_url()).content.decode()
    assert f'Édition précédente : <a href="{last_year.get_absolute_url()}">' in new_page


def test_the_checklist_page_costs_the_same_queries_whatever_its_length(
    client, organiser, last_year
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(organiser)

    def queries_for(copy) -> int:
        url = reverse("space_edition_checklist", kwargs={"pk": copy.pk})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    short = copy_event(source=last_year, target_year=2026).copy
    long = copy_event(source=last_year, target_year=2027).copy
    EditionItem.objects.bulk_create(
        EditionItem(
            event=long, position=10 + n, kind="link", where="body", label=f"L{n}", value="x"
        )
        for n in range(12)
    )
    assert long.edition_items.count() == short.edition_items.count() + 12
    assert queries_for(long) == queries_for(short)
