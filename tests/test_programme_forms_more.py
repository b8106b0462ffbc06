"""The programme of an event page read as sessions: more forms the corpus does not show (arrows
and dotted hours in ranges, cards whose fields come first, several titled slots on one line,
prose joined by commas). The examples here are made up."""

import datetime as dt

from agenda.lib.frenchtokens import tokenize

from .test_programme import D, T, read, slots

DAY = D(2024, 11, 14)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return T(2024, 11, 14, hour, minute)


def test_an_arrow_or_a_chevron_joins_the_two_ends_of_a_range():
    body = "* 9h→10h : Accueil\n* 10h > 11h : Plénière\n* 11h -> 12h : Ateliers"
    assert slots(read(body, DAY)) == [
        (at(9), at(10), "Accueil", []),
        (at(10), at(11), "Plénière", []),
        (at(11), at(12), "Ateliers", []),
    ]


def test_dotted_hours_in_a_dashed_range_or_first_on_an_item_are_times():
    body = "* 9.30 - 10.30 : Accueil\n* 10h45 - 12.15 : Plénière\n* 14.00 : Ateliers"
    assert slots(read(body, DAY)) == [
        (at(9, 30), at(10, 30), "Accueil", []),
        (at(10, 45), at(12, 15), "Plénière", []),
        (at(14), None, "Ateliers", []),
    ]


def test_decimal_numbers_versions_and_amounts_are_no_times():
    body = (
        "La version 2.0 du guide paraît ; le taux passe de 12.50 à 14.30 cette année.\n\n"
        "Le café coûte 2.50 €, la salle fait 9.30 m de long.\n\n"
        "* Note : 14.50 sur 20\n"
    )
    assert read(body, DAY) == []
    kinds = {t.kind for t in tokenize(body)}
    assert "time" not in kinds and "dottime" not in kinds


def test_a_dotted_hour_that_could_be_a_date_stays_a_date():
    tokens = tokenize("### 8.11")
    assert [(t.kind, t.value) for t in tokens] == [("numdate", (8, 11, None))]


def test_a_card_written_label_first_takes_its_title_from_the_heading_above():
    body = (
        "### Atelier données ouvertes\n\nHeure : 14h – 16h\nLieu : Salle 3\nPublic : agents\n\n"
        "Une présentation des jeux de données.\n\n"
        "**Conférence accessibilité**\nHoraire : de 9h à 12h\n"
    )
    sessions = read(body, DAY)
    assert slots(sessions) == [
        (at(14), at(16), "Atelier données ouvertes", []),
        (at(9), at(12), "Conférence accessibilité", []),
    ]
    assert sessions[0].place_lines == ["Salle 3"]
    assert sessions[0].description == "Une présentation des jeux de données."


def test_a_cards_date_line_between_its_title_and_its_hours_dates_it():
    body = (
        "### Atelier données\nDate : 14 novembre\nHeure : 14h – 16h\n\n"
        "### Atelier formulaires\nDate : 15 novembre\nHeure : 9h-11h\n"
    )
    assert slots(read(body, DAY, D(2024, 11, 15))) == [
        (at(14), at(16), "Atelier données", []),
        (T(2024, 11, 15, 9), T(2024, 11, 15, 11), "Atelier formulaires", []),
    ]


def test_an_hours_label_without_a_title_above_or_over_opening_hours_is_no_session():
    assert read("Horaires : 9h-12h\n\nVenez nombreux.", DAY) == []
    assert read("* Horaires : 9h-17h\n* Lieu : Paris", DAY) == []
    assert read("## Infos pratiques\n\nHoraires : 9h-17h\nLieu : Paris", DAY) == []


def test_several_titled_slots_on_one_line_each_with_its_times_in_parentheses():
    body = (
        "* Atelier A (9h-12h) et atelier B (14h-16h)\n\n"
        "Le matin : cartographie (9h-12h), puis visite (14h-16h)."
    )
    assert slots(read(body, DAY, D(2024, 11, 15))) == [
        (at(9), at(12), "Atelier A", []),
        (at(14), at(16), "Atelier B", []),
        (at(9), at(12), "Cartographie", []),
        (at(14), at(16), "Visite", []),
    ]


def test_parenthesised_times_not_each_after_its_own_title_are_no_list_of_slots():
    assert read("Deux ateliers (9h-12h) (14h-16h) avec les équipes.", DAY) == []


def test_sessions_named_in_clauses_joined_by_commas():
    body = (
        "Au programme : à 10h, une table ronde sur les données, puis à 14h un atelier sur "
        "l'accessibilité. Dès 18h, une soirée festive."
    )
    assert slots(read(body, DAY)) == [
        (at(10), None, "Table ronde sur les données", []),
        (at(14), None, "Atelier sur l'accessibilité", []),
        (at(18), None, "Soirée festive", []),
    ]


def test_a_clause_where_the_time_follows_a_verb_or_a_verb_follows_the_noun_is_no_session():
    body = (
        "Les portes ouvrent à 9h, un café sera servi.\n\n"
        "Accueil à partir de 9h, la conférence commence ensuite.\n\n"
        "À 11h, le programme est annoncé.\n\n"
        "À 18h, un cocktail clôturera la journée."
    )
    assert read(body, DAY) == []


def test_parts_of_the_day_without_hours_are_no_sessions():
    """ "Matinée : plénière" gives no time a calendar could hold: inventing 9h or making a
    whole-day session would announce what the page does not say, so the line stays text."""
    body = "Matinée : plénière\n\nAprès-midi : ateliers\n\n* 12h30 : Déjeuner"
    assert slots(read(body, DAY)) == [(at(12, 30), None, "Déjeuner", [])]


def test_a_table_whose_time_column_comes_after_its_title_column():
    body = "| Titre | Horaire |\n|---|---|\n| Accueil | 9h-10h |\n| Plénière | 10h30 - 12h |"
    assert slots(read(body, DAY)) == [
        (at(9), at(10), "Accueil", []),
        (at(10, 30), at(12), "Plénière", []),
    ]


def test_a_table_of_opening_hours_under_another_column_is_no_programme():
    body = "| Ligne | Service |\n|---|---|\n| Bus 42 | 9h-17h |"
    assert read(body, DAY) == []


def test_a_range_ending_at_noon_written_from_noon_is_one_time():
    assert slots(read("* 12h-midi : Déjeuner libre", DAY)) == [(at(12), None, "Déjeuner libre", [])]


def test_a_cards_fields_written_as_bullets_under_its_heading():
    body = (
        "### Atelier X\n\n- Heure : 14h-16h\n- Lieu : Salle 2\n\n### Atelier Y\n\n- Heure : 16h-17h"
    )
    sessions = read(body, DAY)
    assert slots(sessions) == [(at(14), at(16), "Atelier X", []), (at(16), at(17), "Atelier Y", [])]
    assert sessions[0].place_lines == ["Salle 2"]


def test_a_when_field_after_an_intro_paragraph_takes_no_title_from_the_section_heading():
    body = "### Nos rendez-vous\n\nUne présentation de la saison.\n\n**Quand ?** 14 novembre, 10h"
    assert [s.title for s in read(body, DAY)] == [None]


def test_a_cards_title_given_by_a_naming_field_above_or_below_its_hours():
    above = "Quoi ? Atelier cartographie\nCréneau : 10h-11h\nOù ? Salle 2"
    below = "Heure : 14h-16h\nTitre : Atelier formulaires"
    assert [(s.title, s.place_lines) for s in read(above, DAY)] == [
        ("Atelier cartographie", ["Salle 2"])
    ]
    assert slots(read(below, DAY)) == [(at(14), at(16), "Atelier formulaires", [])]
    assert read("Lieu : Salle 3\nHeure : 10h-11h", DAY) == []


def test_a_short_title_alone_on_its_line_with_its_times_in_parentheses():
    body = "Matinée : plénière (9h-12h)\n\nAteliers pratiques (14h-16h)"
    assert slots(read(body, DAY)) == [
        (at(9), at(12), "plénière", []),
        (at(14), at(16), "Ateliers pratiques", []),
    ]


def test_a_sentence_or_the_events_day_with_hours_in_parentheses_is_no_session():
    body = (
        "Nous vous attendons nombreux pour cette belle rencontre entre agents (9h-11h)\n\n"
        "Journée d'échanges (9h-17h)\n\nAccueil (9h)"
    )
    assert read(body, DAY) == []


def test_a_day_bullet_with_its_hours_over_indented_timed_items_only_dates_them():
    body = (
        "* Mardi 14 novembre, 9h-17h\n  * 9h : Accueil\n  * 14h : Ateliers\n"
        "* Mercredi 15 novembre, 9h-12h\n  * 10h : Clôture"
    )
    assert slots(read(body, DAY, D(2024, 11, 15))) == [
        (at(9), None, "Accueil", []),
        (at(14), None, "Ateliers", []),
        (T(2024, 11, 15, 10), None, "Clôture", []),
    ]


def test_a_day_bullet_with_its_hours_over_a_field_stays_a_session():
    body = "* Mardi 14 novembre, 9h-17h\n  * Lieu : Salle 2"
    assert [(s.start, s.end) for s in read(body, DAY)] == [(at(9), at(17))]


def test_an_hours_field_right_under_a_day_heading_is_a_session_without_a_title():
    body = "### Jeudi 14 novembre\n\nHeure : 10h\n\n### Vendredi 15 novembre\n\nHoraire : 9h-10h\n"
    assert slots(read(body, DAY, D(2024, 11, 15))) == [
        (at(10), None, None, []),
        (T(2024, 11, 15, 9), T(2024, 11, 15, 10), None, []),
    ]
    assert read("### Jeudi 14 novembre\n\nUne journée.\n\nHeure : 10h-11h", DAY) == []


def test_an_hours_field_under_a_day_heading_over_three_hours_is_the_days_opening():
    assert read("### Jeudi 14 novembre\n\nHoraires : 9h-17h\n\nLieu : Paris", DAY) == []


def test_a_cards_start_and_end_fields_on_separate_lines_make_one_session():
    body = (
        "### Atelier données ouvertes\n\nDébut : 14h\nFin : 16h\nLieu : Salle 3\n\n"
        "### Atelier formulaires\n\nDébut : 16h30\n"
    )
    sessions = read(body, DAY)
    assert slots(sessions) == [
        (at(14), at(16), "Atelier données ouvertes", []),
        (at(16, 30), None, "Atelier formulaires", []),
    ]
    assert sessions[0].place_lines == ["Salle 3"]


def test_a_cards_place_written_above_its_hours_is_the_sessions_place():
    body = (
        "### Atelier données\n\nLieu : Salle 3\nHeure : 14h-16h\n\n"
        "### Atelier formulaires\nSalle : Salle 5\nDate : 15 novembre\nHeure : 9h-11h\n\n"
        "Lieu : Paris\n\n### Atelier sans lieu\nHeure : 16h-17h\n"
    )
    sessions = read(body, DAY, D(2024, 11, 15))
    assert [(s.title, s.place_lines) for s in sessions] == [
        ("Atelier données", ["Salle 3"]),
        ("Atelier formulaires", ["Salle 5"]),
        ("Atelier sans lieu", []),
    ]


def test_a_naming_field_above_the_cards_date_or_place_lines_still_titles_its_hours():
    body = (
        "Quoi ? Atelier cartographie\nDate : 14 novembre\nHeure : 10h-11h\nOù ? Salle 2\n\n"
        "Quoi ? Atelier formulaires\nLieu : Salle 4\nDate : 15 novembre\nHeure : 14h-15h\n"
    )
    sessions = read(body, DAY, D(2024, 11, 15))
    assert [(s.start, s.end, s.title, s.place_lines) for s in sessions] == [
        (at(10), at(11), "Atelier cartographie", ["Salle 2"]),
        (T(2024, 11, 15, 14), T(2024, 11, 15, 15), "Atelier formulaires", ["Salle 4"]),
    ]
