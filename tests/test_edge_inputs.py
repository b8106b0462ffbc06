"""Validation at every edge and bounded work per request (issue 10.4 and 10.5): query strings,
forms, tables and uploads answer bad input with a clear 4xx or a correct page, never a 500, and
no request holds a worker."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.test import RequestFactory, override_settings
from icalendar import Calendar

from agenda.events.models import Event
from agenda.exchange.bulk_rows import group_events, parse_rows
from agenda.exchange.tabular import read_csv, read_xlsx
from agenda.lib.request_time import RequestTimeLimit
from tests import contributors as t
from tests.conftest import paris
from tests.moderating import NEW, errors_in

LISTS = ["/", "/passes/", "/agenda.ics", "/flux.atom", "/api/events"]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("query", ["du=0001-01-01", "au=9999-12-31", "du=0001-01-01&au=9999-12-31"])
def test_far_dates_in_filters_are_clamped_with_a_french_message(
    client, db, make_event, path, query
):
    make_event("Atelier lointain", start=paris(2099, 11, 3, 10))
    response = client.get(f"{path}?{query}")
    text = response.content.decode()
    message = "est hors de l’agenda : elle est ramenée au"
    if path in ("/", "/passes/"):
        assert response.status_code == 200
        assert message in text
    else:  # feeds and the API say what is wrong rather than guess
        assert response.status_code == 400
        errors = response.json()["errors"] if path.startswith("/api/") else text.splitlines()
        assert any(message in error for error in errors)


@pytest.mark.parametrize("path", ["/", "/agenda.ics", "/api/events", "/flux.atom"])
def test_control_characters_in_a_query_string_never_reach_the_database(client, db, path):
    response = client.get(path, {"q": "ate\x00lier\x01", "categorie": "a\x00b"})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        body = (
            response.json()["errors"] if path.startswith("/api/") else [response.content.decode()]
        )
        assert any("« ab » n’est pas une catégorie connue." in error for error in body)


def test_newlines_in_stored_names_never_break_an_ics_file(client, db, make_event):
    event = make_event(
        "Titre\nsur deux lignes\x0b",
        organisation="Organisation\r\nsur deux lignes",
        sessions=[(paris(2099, 11, 3, 10), paris(2099, 11, 3, 11), "Séance\navec\rretour\x01", {})],
    )
    session = event.sessions.get()
    for path in (
        f"/evenements/{event.slug}.ics",
        f"/seances/{session.uid}.ics",
        f"/organisations/{event.organisation.slug}.ics",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        calendar = Calendar.from_ical(response.content)
        (vevent,) = calendar.walk("VEVENT")
        assert str(vevent["SUMMARY"]) == "Séance avec retour — Titre sur deux lignes"
        assert "\x01" not in response.content.decode() and "\x0b" not in response.content.decode()
    assert str(calendar["X-WR-CALNAME"]).endswith("Organisation sur deux lignes")


@pytest.fixture
def organiser_client(db, client, organiser):
    client.force_login(organiser)
    return client


def test_a_forged_form_count_is_a_400_not_a_500(organiser_client, ditp):
    post = t.form_post(t.snapshot(ditp), action="add_session")
    post["seances-TOTAL_FORMS"] = "abc"
    response = organiser_client.post(NEW, post)
    assert (response.status_code, response.content.decode()) == (
        400,
        "Nombre de séances illisible.",
    )


@pytest.mark.parametrize(
    "name, count, message",
    [
        ("seances-TOTAL_FORMS", "1000000000", "Trop de séances : 500 au plus."),
        ("seances-TOTAL_FORMS", "-1", "Nombre de séances illisible."),
        ("images-TOTAL_FORMS", "51", "Trop d’images : 50 au plus."),
        ("infos-TOTAL_FORMS", "1e9", "Nombre d’informations pratiques illisible."),
        ("seances-TOTAL_FORMS", "²", "Nombre de séances illisible."),  # a digit int() refuses
    ],
)
def test_forged_form_counts_are_refused_before_any_form_is_built(
    organiser_client, ditp, name, count, message
):
    post = t.form_post(t.snapshot(ditp))
    post[name] = count
    response = organiser_client.post(NEW, post)
    assert (response.status_code, response.content.decode()) == (400, message)
    assert Event.objects.count() == 0


def test_the_formsets_themselves_build_no_more_forms_than_their_cap(db, ditp, settings):
    from agenda.events.models import Organisation
    from agenda.moderation.forms import EventForms

    settings.MAX_SESSIONS_PER_EVENT = 3
    post = t.form_post(t.snapshot(ditp))
    post["seances-TOTAL_FORMS"] = "1000000000"
    forms = EventForms(organisations=Organisation.objects.all(), data=post)
    assert not forms.is_valid()
    assert len(forms.sessions.forms) == 3
    assert forms.sessions.non_form_errors() == ["Veuillez soumettre au plus 3 formulaires."]


def test_adding_a_session_stops_at_the_cap(organiser_client, ditp, settings):
    settings.MAX_SESSIONS_PER_EVENT = 2
    post = t.form_post(t.snapshot(ditp), action="add_session")
    post["seances-TOTAL_FORMS"] = "2"
    html = organiser_client.post(NEW, post).content.decode()
    assert 'name="seances-1-title"' in html and 'name="seances-2-title"' not in html


def test_text_fields_of_a_form_store_one_line_and_a_nul_is_refused(organiser_client, ditp):
    data = t.snapshot(ditp, title="Atelier\r\ndu\x01 jour")
    response = organiser_client.post(NEW, t.form_post(data))
    assert response.status_code == 302, errors_in(response.content.decode())
    assert Event.objects.get().title == "Atelier du jour"
    data = t.snapshot(ditp, title="Atelier\x00nul")
    response = organiser_client.post(NEW, t.form_post(data))
    assert response.status_code == 200
    assert "Le caractère nul n’est pas autorisé." in errors_in(response.content.decode())
    assert Event.objects.count() == 1


@override_settings(REQUEST_SECONDS=0.2)
def test_a_request_that_takes_too_long_gets_a_503_and_the_worker_lives_on():
    def slow(request):
        time.sleep(5)

    response = RequestTimeLimit(slow)(RequestFactory().get("/"))
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert "trop de temps" in response.content.decode()
    fine = RequestTimeLimit(lambda request: "ok")(RequestFactory().get("/"))
    assert fine == "ok"


def _xlsx_with(part: str, size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, b"<si><t>x</t></si>" * (size // 17 + 1))
    return buffer.getvalue()


def test_a_small_xlsx_that_unzips_to_gigabytes_is_refused_before_it_is_opened():
    data = _xlsx_with("xl/sharedStrings.xml", 21 * 1024 * 1024)
    assert len(data) < 200_000  # the 151 KB held a worker 30 s
    table = read_xlsx(data, path="programme.xlsx")
    (problem,) = table.problems
    assert (problem.line, problem.code) == (1, "xlsx-too-large")
    assert problem.message.startswith(
        "classeur trop volumineux une fois décompressé (xl/sharedStrings.xml : 21 Mio, au plus 20)"
    )


def test_a_nul_in_a_cell_refuses_its_row_where_it_is_and_text_is_one_line():
    data = (
        b"evenement;date;debut;description\r\n"
        b'Atelier\x0b du jour;12/11/2026;14:00;"Deux\r\nlignes\x01"\r\n'
        b"Forum\x00;13/11/2026;14:00;\r\n"
    )
    table = read_csv(data, path="p.csv")
    assert [str(p) for p in table.problems] == [
        "p.csv:4:1: nul-character: caractère nul (U+0000) dans la cellule : ligne ignorée"
    ]
    (row,) = table.rows
    assert (row.values["evenement"], row.values["description"]) == (
        "Atelier du jour",
        "Deux\nlignes",
    )


@override_settings(MAX_SESSIONS_PER_EVENT=2)
def test_a_table_with_more_sessions_than_an_event_may_hold_refuses_that_event():
    rows = "".join(f"Forum;1{n}/11/2026;14:00\r\n" for n in range(3))
    data = ("evenement;date;debut\r\n" + rows + "Atelier;20/11/2026;10:00\r\n").encode()
    parsed = parse_rows(read_csv(data, path="p.csv"))
    events, problems = group_events(parsed.sessions, path="p.csv")
    assert [event.title for event in events] == ["Atelier"]
    assert [str(p) for p in problems] == [
        "p.csv:2:1: too-many-sessions: « Forum » : 3 séances, au plus 2 par événement "
        "(réglage MAX_SESSIONS_PER_EVENT) : événement non importé"
    ]
