"""Reading programme tables (CSV, XLSX) and checking their rows: pure functions, no database."""

import datetime as dt
import io

from openpyxl import Workbook, load_workbook

from agenda.exchange.bulk_rows import group_events, parse_rows
from agenda.exchange.tabular import read_table, template_csv, template_xlsx, where

HEADER = "identifiant;evenement;date;debut;fin;titre;formats;mode;lieu;adresse;code_postal;ville"
GOOD = [
    "a-1;Atelier données;12/11/2026;14:00;16:30;Prise en main;Atelier|Démo;presentiel;"
    "Salle Marianne;20 avenue de Ségur;75007;Paris",
    "a-2;Atelier données;13/11/2026;10:00;12:00;Aller plus loin;;en-ligne;;;;",
]


def csv_bytes(*lines: str, sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    text = "\r\n".join(line.replace(";", sep) for line in lines) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def parsed(data: bytes, name: str = "programme.csv"):
    return parse_rows(read_table(data, filename=name))


def messages(result) -> list[str]:
    return [f"{where(p)} : {p.message}" for p in result.problems if p.severity == "error"]


def test_a_semicolon_csv_with_a_bom_gives_one_session_a_row_in_paris_wall_clock_time():
    result = parsed(csv_bytes(HEADER, *GOOD, bom=True))
    assert result.problems == []
    first, second = result.sessions
    assert (first.key, first.event_title, first.line) == ("id:a-1", "Atelier données", 2)
    assert (first.start, first.end) == (
        dt.datetime(2026, 11, 12, 14),
        dt.datetime(2026, 11, 12, 16, 30),
    )
    assert first.formats == ["Atelier", "Démo"]
    assert (first.mode, first.place_name, first.address) == (
        "offline",
        "Salle Marianne",
        "20 avenue de Ségur, 75007 Paris",
    )
    assert (second.mode, second.address) == ("online", "")


def test_a_comma_separated_csv_is_read_the_same():
    comma = csv_bytes(HEADER, GOOD[1], sep=",")
    assert [s.start for s in parsed(comma).sessions] == [dt.datetime(2026, 11, 13, 10)]


def test_excels_sep_line_sets_the_separator_and_lines_keep_their_numbers():
    result = parsed(csv_bytes("sep=,", HEADER, "x;Forum;12/11/2026;25h", sep=","))
    assert [(p.line, p.field) for p in result.problems] == [(3, "debut")]


def test_a_windows_1252_csv_keeps_its_accents():
    result = parsed(csv_bytes(HEADER, *GOOD, encoding="cp1252"))
    assert result.problems == []
    assert result.sessions[0].event_title == "Atelier données"
    assert result.sessions[0].address == "20 avenue de Ségur, 75007 Paris"


def test_header_names_match_whatever_their_case_accents_and_spacing():
    header = "Identifiant;ÉVÉNEMENT;Date;Début;Heure de fin;Date de fin;Lien d’inscription"
    row = "x;Forum;02/11/2026;09:00;17:00;04/11/2026;https://example.org/inscription"
    (session,) = parsed(csv_bytes(header, row)).sessions
    assert session.end == dt.datetime(2026, 11, 4, 17)
    assert (session.registration, session.registration_url) == (
        "external",
        "https://example.org/inscription",
    )


def test_a_quoted_cell_over_two_lines_is_located_on_the_line_where_its_row_starts():
    data = csv_bytes(
        "evenement;date;debut;description",
        'Forum;02/11/2026;09:00;"Deux\r\nlignes"',
        "Forum;03/11/2026;25h;",
    )
    result = parsed(data)
    assert result.sessions[0].description == "Deux\nlignes"  # line breaks stored as LF
    assert messages(result) == [
        "ligne 4, colonne « debut » (C) : heure illisible « 25h » (attendu HH:MM)"
    ]


def test_each_malformed_row_is_reported_with_its_line_and_column_and_good_rows_are_kept():
    data = csv_bytes(
        "evenement;date;debut;fin;mode",
        "Bon;12/11/2026;14:00;15:00;mixte",
        "Date fausse;31/02/2026;14:00;;",
        "Heure fausse;12/11/2026;25h;;",
        "À l’envers;12/11/2026;14:00;13:00;",
        "Mode inconnu;12/11/2026;14:00;;sur la lune",
        ";12/11/2026;14:00;;",
        "Date illisible;le 12 novembre;;;",
    )
    result = parsed(data)
    assert [s.event_title for s in result.sessions] == ["Bon"]
    assert messages(result) == [
        "ligne 3, colonne « date » (B) : date inexistante « 31/02/2026 »",
        "ligne 4, colonne « debut » (C) : heure illisible « 25h » (attendu HH:MM)",
        "ligne 5, colonne « fin » (D) : la fin (12/11/2026 13:00) précède le début "
        "(12/11/2026 14:00)",
        "ligne 6, colonne « mode » (E) : valeur inconnue « sur la lune » (attendu : presentiel, "
        "en-ligne ou mixte)",
        "ligne 7, colonne « evenement » (A) : titre de l’événement manquant",
        "ligne 8, colonne « date » (B) : date illisible « le 12 novembre » (attendu JJ/MM/AAAA)",
    ]
    assert [(p.line, p.column, p.field) for p in result.problems][:2] == [
        (3, 2, "date"),
        (4, 3, "debut"),
    ]


def test_other_cells_are_checked_too():
    header = "evenement;date;gratuit;places;lien_visio;inscription;lien_inscription;date_fin"
    data = csv_bytes(header, "Forum;12/11/2026;peut-être;-3;ftp://x;lien;;10/11/2026")
    assert [p.field for p in parsed(data).problems] == [
        "gratuit",
        "places",
        "lien_visio",
        "lien_inscription",
        "date_fin",
    ]


def test_an_event_with_a_bad_row_is_held_back_whole_and_said_so():
    data = csv_bytes(
        "evenement;date;debut",
        "Forum;12/11/2026;09:00",
        "Forum;13/11/2026;9h99",
        "Atelier;14/11/2026;10:00",
    )
    result = parsed(data)
    events, problems = group_events(result.sessions, bad_lines=result.bad_lines, path="p.csv")
    assert [e.title for e in events] == ["Atelier"]
    assert [(p.line, p.code, p.message) for p in problems] == [
        (
            2,
            "event-not-imported",
            "ligne 2 non importée : l’événement a une ligne en erreur (3)",
        )
    ]


def test_rows_with_the_same_event_id_or_title_form_one_event():
    data = csv_bytes(
        "evenement_id;evenement;date;debut;categories",
        "E1;Forum;13/11/2026;09:00;Forum",
        "E1;Forum (jour 1);12/11/2026;09:00;Rencontre",
        ";Atelier;12/11/2026;10:00;",
        ";  ATELIER ;12/11/2026;14:00;",
    )
    events, problems = group_events(parsed(data).sessions)
    assert problems == []
    assert [(e.title, e.categories, [s.line for s in e.sessions]) for e in events] == [
        ("Forum", ["Forum", "Rencontre"], [3, 2]),
        ("Atelier", [], [4, 5]),
    ]


def test_two_rows_for_the_same_session_are_a_duplicate():
    data = csv_bytes("evenement;date;debut", "Forum;12/11/2026;09:00", "forum;12/11/2026;9h00")
    assert messages(parsed(data)) == [
        "ligne 3, colonne « debut » (C) : même événement, date et début que la ligne 2 : "
        "renseignez la colonne identifiant pour distinguer deux séances"
    ]


def test_a_file_without_the_required_columns_is_refused_with_its_header_line():
    result = parsed(csv_bytes("", "nom;jour", "Forum;12/11/2026"))
    assert result.sessions == []
    assert [(p.line, p.code) for p in result.problems] == [
        (2, "unknown-column"),
        (2, "unknown-column"),
        (2, "missing-column"),
    ]
    assert "« evenement », « date »" in result.problems[-1].message


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_with_date_and_time_cells_is_read_with_row_numbers_and_column_letters():
    data = xlsx_bytes(
        [
            ["Événement", "Date", "Début", "Fin", "Places"],
            ["Forum", dt.datetime(2026, 11, 12), dt.time(9, 30), "12:00", 30.0],
            [None, None, None, None, None],
            ["Forum", "13/11/2026", "25h", None, None],
        ]
    )
    result = parsed(data, "programme.xlsx")
    (session,) = result.sessions
    assert (session.start, session.end, session.capacity, session.line) == (
        dt.datetime(2026, 11, 12, 9, 30),
        dt.datetime(2026, 11, 12, 12),
        30,
        2,
    )
    assert messages(result) == [
        "ligne 4, colonne « debut » (C) : heure illisible « 25h » (attendu HH:MM)"
    ]


def test_an_unreadable_xlsx_is_one_clear_problem():
    result = parsed(b"PK not a zip", "programme.xlsx")
    assert [(p.line, p.code) for p in result.problems] == [(1, "xlsx-unreadable")]


def test_the_csv_template_is_utf8_with_a_bom_and_semicolons_and_reads_back_clean():
    data = template_csv()
    assert data.startswith(b"\xef\xbb\xbfidentifiant;evenement;evenement_id;chapeau;")
    result = parsed(data)
    assert result.problems == []
    assert [s.key for s in result.sessions] == ["id:atelier-1", "id:atelier-2"]


def test_the_xlsx_template_has_a_programme_sheet_that_reads_back_clean():
    data = template_xlsx()
    assert load_workbook(io.BytesIO(data)).sheetnames == ["programme", "aide"]
    result = parsed(data, "modele.xlsx")
    assert result.problems == []
    assert [s.start for s in result.sessions] == [
        dt.datetime(2026, 11, 12, 14),
        dt.datetime(2026, 11, 13, 10),
    ]


def test_a_superscript_number_of_seats_is_a_located_problem_not_a_crash():
    header = "evenement;date;places"
    result = parsed(csv_bytes(header, "Forum;12/11/2026;²", "Atelier;13/11/2026;12"))
    assert [(p.field, p.code) for p in result.problems] == [("places", "bad-number")]
