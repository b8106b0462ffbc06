"""Open data: one row per session in CSV, XLSX and JSON, the same rows in each, every value
valid against the Table Schema kept in the repository, formulas neutralised, the licence said."""

import csv
import datetime as dt
import io
import json
import re
import uuid

import openpyxl
import pytest
from django.core.management import call_command

from agenda.events.models import PARIS, Audience, Event, Organisation, Place, Session
from agenda.feeds.opendata import SCHEMA_PATH, columns

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
FIELDS = {field["name"]: field for field in SCHEMA["fields"]}


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def check_value(field: dict, text: str) -> list[str]:
    """Table Schema (https://specs.frictionlessdata.io/table-schema/) for the types we use: a
    CSV cell's text against its field's type, format and constraints."""
    name, kind, constraints = field["name"], field["type"], field.get("constraints", {})
    if text in SCHEMA["missingValues"]:
        return [f"{name}: requis"] if constraints.get("required") else []
    parsers = {
        "string": str,
        "integer": int,
        "number": float,
        "date": dt.date.fromisoformat,
        "time": lambda t: dt.datetime.strptime(t, "%H:%M:%S"),
        "datetime": lambda t: dt.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ"),
        "boolean": lambda t: {"true": True, "false": False}[t],
    }
    try:
        value = parsers[kind](text)
        if field.get("format") == "uuid":
            uuid.UUID(text)
        if field.get("format") == "uri":
            assert re.match(r"^https?://[^\s]+$", text)
    except (ValueError, KeyError, AssertionError):
        return [f"{name}: « {text} » n’est pas un {kind}"]
    problems = []
    if "enum" in constraints and value not in constraints["enum"]:
        problems.append(f"{name}: « {text} » hors de {constraints['enum']}")
    if "minimum" in constraints and value < constraints["minimum"]:
        problems.append(f"{name}: {value} < {constraints['minimum']}")
    if "maximum" in constraints and value > constraints["maximum"]:
        problems.append(f"{name}: {value} > {constraints['maximum']}")
    return problems


@pytest.fixture
def programme(make_event):
    place = Place.objects.create(
        name="Préfecture", address="Rue de Cayenne", postcode="97300", city="Cayenne",
        latitude=4.9372, longitude=-52.326,
    )  # fmt: skip
    forum = make_event(
        "=HYPERLINK(\"https://piege.example\")", start=paris(2026, 10, 25, 1, 30),
        chapeau="Le **forum** des données.", organisation="DINUM", place=place,
        categories=("Rencontre", "Données"), tags=("IA",), audiences=("Élus", "Agents publics"),
        sessions=[
            (paris(2026, 10, 25, 1, 30), paris(2026, 10, 25, 3, 30), "Nuit du changement d’heure",
             {"formats": ["Atelier"], "is_free": True, "registration_url": "https://ins.example"}),
            (paris(2026, 10, 26, 10), None, "+33 1 23 45 67 89",
             {"attendance_mode": "online", "online_url": "https://visio.example",
              "status": Session.Status.POSTPONED, "status_reason": "Salle indisponible"}),
        ],
    )  # fmt: skip
    Organisation.objects.filter(slug="dinum").update(acronym="DINUM", website="https://dinum.fr")
    old = make_event("Atelier de 2020", start=paris(2020, 3, 3, 14))
    cancelled = make_event("Annulé", start=paris(2026, 12, 1), status=Event.Status.CANCELLED)
    Event.objects.filter(pk=cancelled.pk).update(status_reason="Intervenant malade")
    Session.objects.filter(event=cancelled).update(has_start_time=False, ends_at=None)
    make_event("Brouillon", start=paris(2026, 12, 2), status=Event.Status.DRAFT)
    return {"forum": forum, "old": old, "cancelled": cancelled}


def csv_rows(client) -> list[dict]:
    response = client.get("/donnees/seances.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="seances.csv"'
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert reader.fieldnames == columns() == list(FIELDS)
    return list(reader)


def test_the_csv_has_one_valid_row_per_public_session_past_and_cancelled_included(
    client, programme
):
    rows = csv_rows(client)
    assert [row["titre_evenement"] for row in rows] == [
        "Atelier de 2020", "'=HYPERLINK(\"https://piege.example\")",
        "'=HYPERLINK(\"https://piege.example\")", "Annulé",
    ]  # fmt: skip
    problems = [
        p for row in rows for name, text in row.items() for p in check_value(FIELDS[name], text)
    ]
    assert problems == []
    assert len({row["identifiant"] for row in rows}) == len(rows)


def test_rows_say_dates_in_paris_time_across_the_dst_change(client, programme):
    night = next(row for row in csv_rows(client) if row["titre_seance"].startswith("Nuit"))
    assert (night["date_debut"], night["heure_debut"]) == ("2026-10-25", "01:30:00")
    assert (night["date_fin"], night["heure_fin"]) == ("2026-10-25", "03:30:00")
    cancelled = next(row for row in csv_rows(client) if row["titre_evenement"] == "Annulé")
    assert (cancelled["heure_debut"], cancelled["date_fin"]) == ("", "")


def test_rows_carry_status_place_organisation_and_links(client, programme):
    rows = {row["titre_seance"]: row for row in csv_rows(client)}
    night, call = rows["Nuit du changement d’heure"], rows["'+33 1 23 45 67 89"]
    assert (night["ville"], night["latitude"], night["longitude"]) == (
        "Cayenne",
        "4.9372",
        "-52.326",
    )
    assert (night["gratuit"], night["formats"], night["categories"]) == (
        "true", "Atelier", "Données; Rencontre"
    )  # fmt: skip
    assert (night["organisation"], night["organisation_site"]) == ("DINUM", "https://dinum.fr")
    assert night["chapeau"] == "Le forum des données."
    assert night["url_ics"].endswith(f"/seances/{night['identifiant']}.ics")
    assert (call["statut"], call["motif_statut"]) == ("reportee", "Salle indisponible")
    assert (call["mode_participation"], call["lieu"], call["lien_en_ligne"]) == (
        "en_ligne", "", "https://visio.example"
    )  # fmt: skip
    cancelled = next(row for row in rows.values() if row["titre_evenement"] == "Annulé")
    assert (cancelled["statut"], cancelled["motif_statut"]) == ("annulee", "Intervenant malade")


def test_rows_name_the_events_audiences_and_follow_their_change(client, programme):
    def audiences() -> set[str]:
        return {row["public"] for row in csv_rows(client) if "HYPERLINK" in row["titre_evenement"]}

    before = audiences()
    programme["forum"].audiences.remove(Audience.objects.get(slug="elus"))

    assert before == {"Agents publics; Élus"}
    assert audiences() == {"Agents publics"}  # the stored rows follow the change
    assert FIELDS["public"]["title"] == "Public visé"


def test_json_and_xlsx_hold_the_same_rows_as_the_csv(client, programme):
    expected = [{k: v.removeprefix("'") for k, v in row.items()} for row in csv_rows(client)]
    data = client.get("/donnees/seances.json").json()
    assert data["licence"] == "Licence Ouverte / Open Licence version 2.0"
    assert data["schema"].endswith("/donnees/seances.schema.json")
    as_text = {None: "", True: "true", False: "false"}
    from_json = [
        {k: as_text.get(v, v) if isinstance(v, bool | None) else str(v) for k, v in row.items()}
        for row in data["seances"]
    ]
    assert from_json == expected
    response = client.get("/donnees/seances.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="seances.xlsx"'
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Séances"]
    assert "Licence Ouverte" in workbook.properties.description
    header, *cells = list(sheet.iter_rows())
    assert [c.value for c in header] == columns()
    from_xlsx = [
        {name: as_text.get(c.value, c.value) if isinstance(c.value, bool | None) else str(c.value)
         for name, c in zip(columns(), row, strict=True)}
        for row in cells
    ]  # fmt: skip
    assert from_xlsx == expected
    formula = cells[1][columns().index("titre_evenement")]
    assert formula.value == '=HYPERLINK("https://piege.example")' and formula.data_type == "s"


def test_the_schema_is_served_and_the_page_lists_files_licence_and_columns(client, db):
    schema = client.get("/donnees/seances.schema.json").json()
    assert schema == SCHEMA
    assert schema["licenses"][0]["name"] == "etalab-2.0"
    page = client.get("/donnees/").content.decode()
    assert "Licence Ouverte / Open Licence version 2.0" in page
    for url in ("/donnees/seances.csv", "/donnees/seances.xlsx", "/donnees/seances.json"):
        assert f'href="{url}"' in page
    assert all(f"<code>{name}</code>" in page for name in columns())


def test_the_files_do_not_change_when_the_data_does_not(client, programme):
    first = client.get("/donnees/seances.xlsx")
    assert client.get("/donnees/seances.xlsx").content == first.content
    etag = client.get("/donnees/seances.csv")["ETag"]
    assert client.get("/donnees/seances.csv", headers={"if-none-match": etag}).status_code == 304
    Session.objects.filter(title="Nuit du changement d’heure").update(title="Nuit blanche")
    assert client.get("/donnees/seances.csv")["ETag"] != etag


@pytest.mark.parametrize("kind", ["csv", "json", "xlsx"])
def test_agenda_export_writes_the_same_files_drafts_included_unless_published(
    programme, tmp_path, kind
):
    call_command("export", "--format", kind, "--out", str(tmp_path), stderr=io.StringIO())
    assert (tmp_path / f"seances.{kind}").stat().st_size > 0
    if kind == "csv":
        text = (tmp_path / "seances.csv").read_text()
        assert "Brouillon" in text
        call_command("export", "--format", "csv", "--published", "--out", str(tmp_path),
                     stderr=io.StringIO())  # fmt: skip
        assert "Brouillon" not in (tmp_path / "seances.csv").read_text()
