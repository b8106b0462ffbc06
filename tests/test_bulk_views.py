"""The « Importer un programme » pages: who may use them, what they show, the templates."""

import http.server
import io
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from agenda.accounts.models import Membership
from agenda.events.models import Event, Organisation, Session

CSV = (
    "\ufeffidentifiant;evenement;date;debut;fin;mode\r\n"
    "a-1;Atelier;12/11/2026;14:00;16:00;presentiel\r\n"
    "a-2;Atelier;13/11/2026;14:00;16:00;presentiel\r\n"
    "b-1;Forum;14/11/2026;25h;;presentiel\r\n"
).encode()
ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//FR\r\nBEGIN:VEVENT\r\nUID:u1@test\r\n"
    b"SUMMARY:Webinaire\r\nDTSTART:20261112T130000Z\r\nDTEND:20261112T140000Z\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def orgs(db):
    return (
        Organisation.objects.create(name="DINUM", slug="dinum"),
        Organisation.objects.create(name="DITP", slug="ditp"),
    )


def person(name: str, organisation=None, role=Membership.Role.ORGANISER):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "motdepasse-123")
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def organiser(client, orgs):
    client.force_login(person("orga", orgs[0]))
    return client


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    url = reverse("bulk_import")
    for response in (client.get(url), client.post(url, {"organisation": "dinum"})):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_an_organiser_of_another_organisation_is_refused(client, orgs):
    client.force_login(person("other", orgs[1]))
    url = reverse("bulk_import")
    assert client.get(f"{url}?organisation=dinum").status_code == 403
    response = client.post(url, {"organisation": "dinum", "fichier": upload("p.csv", CSV)})
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_someone_without_an_organisation_is_refused(client, orgs):
    client.force_login(person("nobody"))
    assert client.get(reverse("bulk_import")).status_code == 403


def test_the_form_offers_only_the_organisers_organisations_and_the_templates(organiser):
    response = organiser.get(reverse("bulk_import"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="dinum" selected>DINUM</option>' in html
    assert "DITP" not in html
    assert 'enctype="multipart/form-data"' in html
    assert reverse("bulk_template_csv") in html and reverse("bulk_template_xlsx") in html
    assert "<code>lien_inscription</code>" in html


def test_an_upload_shows_what_was_created_and_each_bad_row_with_its_line_and_column(organiser):
    response = organiser.post(
        reverse("bulk_import"), {"organisation": "dinum", "fichier": upload("p.csv", CSV)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 séances créées" in html
    assert "ligne 4, colonne « debut » (D)" in html
    assert "heure illisible « 25h » (attendu HH:MM)" in html
    event = Event.objects.get()
    assert (event.title, event.status, event.organisation.slug) == ("Atelier", "draft", "dinum")
    again = organiser.post(
        reverse("bulk_import"), {"organisation": "dinum", "fichier": upload("p.csv", CSV)}
    )
    assert "2 séances inchangées" in again.content.decode()
    assert Session.objects.count() == 2


def test_an_xlsx_and_an_ics_file_are_imported_through_the_same_form(organiser):
    workbook = load_workbook(io.BytesIO(organiser.get(reverse("bulk_template_xlsx")).content))
    out = io.BytesIO()
    workbook.save(out)
    for name, data in (("modele.xlsx", out.getvalue()), ("agenda.ics", ICS)):
        response = organiser.post(
            reverse("bulk_import"), {"organisation": "dinum", "fichier": upload(name, data)}
        )
        assert response.status_code == 200
    assert sorted(Event.objects.values_list("title", flat=True)) == [
        "Atelier données ouvertes",
        "Webinaire",
    ]


def test_a_calendar_address_is_fetched_from_a_local_web_server(organiser, settings):
    settings.BULK_IMPORT_ALLOW_LOCAL_URLS = True

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.end_headers()
            self.wfile.write(ICS)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}/agenda.ics"
        response = organiser.post(
            reverse("bulk_import"), {"organisation": "dinum", "adresse": address}
        )
    finally:
        server.shutdown()
        server.server_close()
    assert response.status_code == 200
    assert "1 séance créée" in response.content.decode()
    assert Session.objects.get().event.title == "Webinaire"


def test_form_errors_are_shown_next_to_their_field(organiser, settings):
    settings.BULK_IMPORT_ALLOW_LOCAL_URLS = False
    url = reverse("bulk_import")
    response = organiser.post(url, {"organisation": "dinum"})
    assert response.status_code == 400
    assert "Envoyez un fichier ou donnez l’adresse" in response.content.decode()
    response = organiser.post(url, {"organisation": "dinum", "adresse": "http://127.0.0.1/a"})
    assert 'id="id_adresse-erreur"' in response.content.decode()
    assert "doit commencer par https://" in response.content.decode()
    response = organiser.post(url, {"organisation": "dinum", "fichier": upload("p.pdf", b"%")})
    assert "Format non reconnu" in response.content.decode()


def test_a_moderator_imports_for_any_organisation(client, orgs):
    client.force_login(person("modo", orgs[0], Membership.Role.MODERATOR))
    response = client.post(
        reverse("bulk_import"), {"organisation": "ditp", "fichier": upload("a.ics", ICS)}
    )
    assert response.status_code == 200
    assert Event.objects.get().organisation.slug == "ditp"


def test_the_templates_download_as_csv_with_bom_and_as_xlsx(client, db):
    csv_response = client.get(reverse("bulk_template_csv"))
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="modele-programme.csv"' in csv_response["Content-Disposition"]
    assert csv_response.content.startswith("\ufeffidentifiant;evenement;".encode())
    xlsx = client.get(reverse("bulk_template_xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content))["programme"]
    assert [cell.value for cell in sheet[1]][:3] == ["identifiant", "evenement", "evenement_id"]
