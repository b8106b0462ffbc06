"""The programme of an event page read as sessions: forms the corpus does not show (day lines in
other styles, tables, titles beside fields and notes, sessions in prose, titles above or below
their header). The examples here are made up."""

import datetime as dt

from agenda.exchange.programme import extract_programme, extract_sessions

from .test_programme import D, T, read, slots


def test_a_sentence_naming_a_day_before_a_list_dates_the_list():
    body = "Au programme du mercredi 13 mars :\n\n* 9h : Accueil\n* 10h : Table ronde"
    assert [s.start for s in read(body, D(2024, 3, 12), D(2024, 3, 13))] == [
        T(2024, 3, 13, 9),
        T(2024, 3, 13, 10),
    ]


def test_an_upper_case_day_heading_dates_the_times_below_it():
    body = "**JEUDI 16 NOVEMBRE**\n\n* 9h : Accueil\n\n**VENDREDI 17 NOVEMBRE**\n\n* 9h : Clôture"
    assert [s.start for s in read(body, D(2023, 11, 16), D(2023, 11, 17))] == [
        T(2023, 11, 16, 9),
        T(2023, 11, 17, 9),
    ]


def test_a_markdown_table_of_times_and_titles():
    body = "| Heure | Séance |\n|---|---|\n| 9h30 | Accueil |\n| 10h - 11h | Table ronde |"
    assert slots(read(body, D(2024, 4, 10))) == [
        (T(2024, 4, 10, 9, 30), None, "Accueil", []),
        (T(2024, 4, 10, 10), T(2024, 4, 10, 11), "Table ronde", []),
    ]


def test_a_title_on_the_indented_line_under_a_bullet_time():
    body = "* 10h – 11h\n  Les services publics de demain\n* 11h – 12h\n  Questions à l'équipe"
    assert [s.title for s in read(body, D(2024, 4, 10))] == [
        "Les services publics de demain",
        "Questions à l'équipe",
    ]


def test_a_naming_field_gives_the_title_and_a_place_field_the_place():
    body = "**Le 4 juin à 10h** – Quoi ? Atelier data – Où ? Salle 2"
    (session,) = read(body, D(2024, 6, 4))
    assert (session.title, session.place_lines) == ("Atelier data", ["Salle 2"])


def test_a_session_in_prose_with_the_title_before_the_time():
    body = 'Le webinaire "Publier ses données" aura lieu de 11h à 12h, en ligne.'
    assert slots(read(body, D(2024, 4, 10))) == [
        (T(2024, 4, 10, 11), T(2024, 4, 10, 12), "Publier ses données", [])
    ]


def test_a_sentence_restating_the_event_without_a_title_in_quotes_is_no_session():
    body = "Rendez-vous le jeudi 15 novembre de 14h à 18h30 pour un moment d'échanges."
    assert read(body, D(2018, 11, 15)) == []


def test_a_date_written_with_an_impossible_year_is_no_session_and_is_reported():
    from agenda.exchange.jekyll import parse_page

    text = (
        "---\ntitle: T\nevent_start_date: 2023-11-02\nevent_end_date: 2023-11-30\n---\n"
        "* 03/11/0007 à 9h : Accueil\n* 04/11 à 10h : Atelier\n"
    )
    page = parse_page(text, path="p.md", slug="p")
    assert [(s.title, s.start) for s in page.sessions] == [("Atelier", T(2023, 11, 4, 10))]
    assert [(w.line, w.code) for w in page.warnings] == [(6, "bad-date")]


def test_a_weekday_alone_before_times_is_the_next_such_day_of_the_event():
    body = "* Lundi : 9h-12h, atelier d'écriture\n* Mercredi : 14h-16h, visite"
    sessions = read(body, D(2024, 6, 3), D(2024, 6, 7))
    assert [(s.start, s.end) for s in sessions] == [
        (T(2024, 6, 3, 9), T(2024, 6, 3, 12)),
        (T(2024, 6, 5, 14), T(2024, 6, 5, 16)),
    ]


def test_the_title_on_the_line_above_a_date_line():
    body = (
        "**Atelier : écrire simple**\nLe 14/11 de 10h à 12h\n\n"
        "### Tester avec les usagers\n\nLe 15/11 de 14h à 16h\n\nUn atelier pratique."
    )
    sessions = read(body, D(2024, 11, 14), D(2024, 11, 15))
    assert [s.title for s in sessions] == ["Atelier : écrire simple", "Tester avec les usagers"]
    assert sessions[0].header_lines == (1, 2)


def test_a_field_between_the_title_and_its_date_is_read_as_a_field():
    body = "* **Atelier data**\n<br>Où ? Salle 2\n<br>Quand ? Le 14/11 de 10h à 12h"
    (session,) = read(body, D(2024, 11, 14))
    assert (session.title, session.place_lines) == ("Atelier data", ["Salle 2"])


def test_a_list_of_times_under_a_heading_keeps_its_items_untitled():
    body = "### Permanences\n\n* 9h30 – 11h\n* 14h – 15h30"
    assert [s.title for s in read(body, D(2024, 10, 15))] == [None, None]


def test_a_quoted_button_next_to_a_time_is_no_session():
    body = "Le bouton « Rejoindre » sera actif à 13h55, un quart d'heure avant le début."
    assert read(body, D(2024, 4, 10)) == []


def test_what_stands_in_parentheses_after_a_title_is_kept_as_a_place_or_a_note():
    body = (
        "* 10h : Atelier données — (sur inscription)\n"
        "* 11h : **Atelier cartes** (salle 2)\n"
        "* 12h : Atelier budgets (45 min)\n"
        "* 15h : Atelier IA (animé par la DINUM)\n"
        "* 16h : Atelier DSFR (Système de design de l'État)\n"
    )
    sessions = extract_sessions(body, event_start=dt.date(2024, 11, 14), event_end=None)
    assert [(s.title, s.place_lines, s.notes) for s in sessions] == [
        ("Atelier données", [], ["sur inscription"]),
        ("Atelier cartes", ["salle 2"], []),
        ("Atelier budgets", [], ["45 min"]),
        ("Atelier IA", [], ["animé par la DINUM"]),
        ("Atelier DSFR (Système de design de l'État)", [], []),
    ]


def test_a_title_bullet_over_its_nested_when_is_read_with_it_and_not_shown_twice():
    body = (
        "Les matinales sont ouvertes à tous.\n"
        "\n"
        "* Cartographier le parcours d'un usager\n"
        "  * Quand : 10 juin, 9h30-12h\n"
        "  * Lieu : Salle Mendès-France\n"
        "* Prototyper un formulaire\n"
        "  * Quand : 11 juin, 9h30-12h\n"
        "\n"
        "Un café est servi dès 9 h.\n"
    )
    programme = extract_programme(
        body, event_start=dt.date(2025, 6, 10), event_end=dt.date(2025, 6, 11)
    )
    sessions = programme.sessions
    assert [(s.title, s.description) for s in sessions] == [
        ("Cartographier le parcours d'un usager", "* Lieu : Salle Mendès-France"),
        ("Prototyper un formulaire", ""),
    ]
    assert programme.lines == [(3, 7)]  # the intro and the closing words stay the event's


def test_a_bracketed_header_alone_does_not_take_the_next_header_as_its_title():
    body = "**[Le samedi 30/10 de 10h à 12h]**\n\n**[Le mardi 02/11 de 9h à 10h]**\\\n*Bilan*\n"
    sessions = read(body, D(2027, 10, 30), D(2027, 11, 2))
    assert [(s.start, s.title) for s in sessions] == [
        (T(2027, 10, 30, 10), None),
        (T(2027, 11, 2, 9), "Bilan"),
    ]


def test_a_bullets_title_before_its_time_range_is_a_session():
    for body in (
        "* Ateliers : 9h-12h\n* Hackathon : 14h-17h",
        "* Ateliers (9h-12h)\n* Hackathon (14h-17h)",
        "* Ateliers, de 9h à 12h\n* Hackathon, de 14h à 17h",
    ):
        assert slots(read(body, D(2024, 11, 14))) == [
            (T(2024, 11, 14, 9), T(2024, 11, 14, 12), "Ateliers", []),
            (T(2024, 11, 14, 14), T(2024, 11, 14, 17), "Hackathon", []),
        ], body


def test_a_part_of_the_day_before_the_times_is_no_title():
    for body in (
        "Matin (9h-12h) : ateliers\n\nAprès-midi (14h-17h) : hackathon",
        "* Le matin, 9h-12h : ateliers\n* L'après-midi, de 14h à 17h : hackathon",
        "**Matinée (9h-12h)** : ateliers\n\n**Après-midi (14h-17h)** : hackathon",
    ):
        assert slots(read(body, D(2024, 11, 14))) == [
            (T(2024, 11, 14, 9), T(2024, 11, 14, 12), "ateliers", []),
            (T(2024, 11, 14, 14), T(2024, 11, 14, 17), "hackathon", []),
        ], body


def test_opening_hours_a_lone_time_and_prose_about_the_morning_are_no_sessions():
    for body in (
        "* Horaires : 9h-17h\n* Lieu : Paris",
        "* Accueil : 8h30",
        "Le matin est consacré aux ateliers.",
    ):
        assert read(body, D(2024, 11, 14)) == [], body


def test_an_arrow_between_the_time_and_the_title_is_not_part_of_the_title():
    body = "- 9h30 › Accueil\n- 10h ➜ Ouverture"
    assert [s.title for s in read(body, D(2024, 11, 14))] == ["Accueil", "Ouverture"]


def test_html_list_items_on_one_line_are_sessions_of_their_own():
    body = "<ul><li>9h30 : Accueil</li><li>10h : Ouverture</li></ul>"
    assert slots(read(body, D(2024, 11, 14))) == [
        (T(2024, 11, 14, 9, 30), None, "Accueil", []),
        (T(2024, 11, 14, 10), None, "Ouverture", []),
    ]


def test_an_opening_talk_is_a_session_and_opening_hours_are_not():
    assert slots(read("* Ouverture : 9h30-10h", D(2024, 11, 14))) == [
        (T(2024, 11, 14, 9, 30), T(2024, 11, 14, 10), "Ouverture", [])
    ]
    assert read("* Ouverture : 9h-18h", D(2024, 11, 14)) == []


def test_items_on_one_line_without_colons_are_split_at_each_later_time():
    body = "Programme de la journée :\n9h accueil ; 9h30 ouverture ; 10h table ronde"
    assert [s.title for s in read(body, D(2024, 11, 14))] == ["accueil", "ouverture", "table ronde"]
    body = "Jeudi 14 : 9h-12h atelier A, 14h-17h atelier B"
    assert slots(read(body, D(2024, 11, 14), D(2024, 11, 15))) == [
        (T(2024, 11, 14, 9), T(2024, 11, 14, 12), "atelier A", []),
        (T(2024, 11, 14, 14), T(2024, 11, 14, 17), "atelier B", []),
    ]
