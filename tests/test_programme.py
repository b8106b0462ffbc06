"""The programme of an event page read as sessions, one family of notation at a time
(the families are those of ../shared/corpus/README.md; the examples here are made up)."""

import datetime as dt

import pytest

from agenda.exchange.programme import ParsedSession, extract_sessions
from tests.conftest import require_shared

D, T = dt.date, dt.datetime
NOVEMBER_2020 = {"start": D(2020, 11, 2), "end": D(2020, 11, 30)}


def slots(sessions: list[ParsedSession]) -> list[tuple]:
    return [(s.start, s.end, s.title, s.labels) for s in sessions]


def read(body: str, start=None, end=None, **kwargs) -> list[ParsedSession]:
    return extract_sessions(body, event_start=start, event_end=end, **kwargs)


SEED_LIKE = """Intro.

<p style="margin-top: 30px"><b>Le jeudi 03/11 de 16h15 à 18h15 
<br>[<span lang="EN">Meetup</span>]</b> <i>Quiz géant</i></p>

Venez jouer !

* Entrée gratuite sur inscription / Accessible aux personnes à mobilité réduite au Lieu
* 77 avenue de Ségur 75015 Paris 

<div class="lien-important"><p><a href="https://www.eventbrite.fr/e/billets-quiz-1">
Plus d'informations et inscriptions</a></p></div>

<p style="margin-top: 30px"><b>Le lundi 07/11 de 9h30 à 16h
<br>[Table ronde, Démo, Retex]</b> <i>Données à voir</i></p>

* Entrée libre gratuite
* 77 avenue de Ségur 75015 Paris

<div class="lien-important"><p>
<a href="https://example.org/programme">Découvrir le programme</a></p></div>
"""  # noqa: W291


# --- family 1: the seed ----------------------------------------------------------------------


def test_it_reads_a_bold_header_with_labels_after_a_break_and_an_italic_title():
    sessions = read(SEED_LIKE, D(2023, 11, 2), D(2023, 11, 30))
    labels = ["Table ronde", "Démo", "Retex"]
    assert slots(sessions) == [
        (T(2023, 11, 3, 16, 15), T(2023, 11, 3, 18, 15), "Quiz géant", ["Meetup"]),
        (T(2023, 11, 7, 9, 30), T(2023, 11, 7, 16), "Données à voir", labels),
    ]


def test_it_keeps_the_date_as_written_even_when_the_weekday_is_wrong():
    first = read(SEED_LIKE, D(2023, 11, 2), D(2023, 11, 30))[0]
    assert first.start == T(2023, 11, 3, 16, 15)  # a Friday, though the page says "jeudi"
    assert first.written_weekday == "jeudi"
    assert first.date_text == "jeudi 03/11"


def test_it_reads_the_registration_link_accessibility_place_and_price():
    quiz, data = read(SEED_LIKE, D(2023, 11, 2), D(2023, 11, 30))
    assert quiz.registration_url == "https://www.eventbrite.fr/e/billets-quiz-1"
    assert quiz.accessibility == ["Accessible aux personnes à mobilité réduite"]
    assert quiz.place_lines == ["77 avenue de Ségur 75015 Paris"]
    assert quiz.is_free is True
    assert quiz.registration_required is True
    assert quiz.description.startswith("Venez jouer !")
    assert data.registration_url is None  # "Découvrir le programme" is not a call to register
    assert data.is_free is True
    assert data.registration_required is False


def test_a_session_without_any_word_about_price_has_an_unknown_price():
    sessions = read("* **9h - 10h :** Accueil\n\nUn café vous attend.", D(2023, 3, 1))
    assert sessions[0].is_free is None
    assert sessions[0].description == "Un café vous attend."


def test_the_seed_sessions_point_to_their_line_and_column_in_the_file():
    seed = require_shared("seed")  # skipped without ../shared, failed in CI
    text = (seed / "mois-de-linnovation-publique-edition-2023.markdown").read_text()
    lines = text.split("\n")
    closing = lines.index("---", 1)
    body = "\n".join(lines[closing + 1 :])
    first, second = read(body, D(2023, 11, 2), D(2023, 11, 30), first_line=closing + 2)
    assert (first.line, first.column, first.date_text) == (30, 35, "jeudi 03/11")
    assert lines[29][34:].startswith("jeudi 03/11")
    assert (second.line, second.date_text) == (40, "lundi 07/11")
    assert first.title == "Quiz géant sur l'innovation publique !"


# --- family 2 and 3: bracketed dates ---------------------------------------------------------


def test_it_reads_a_bracketed_date_followed_by_bracketed_labels():
    body = "<p><b>[Le mardi 10/11 de 14h à 15h30] [Quiz]</b> <i>Qui veut gagner ?</i></p>"
    assert slots(read(body, **NOVEMBER_2020)) == [
        (T(2020, 11, 10, 14), T(2020, 11, 10, 15, 30), "Qui veut gagner ?", ["Quiz"])
    ]


def test_it_takes_the_title_from_the_line_after_a_hard_break():
    body = "**[Le 09/11 de 14h à 15h15] [Webinaire] [EIG]**\\\n*Présenter son défi*\n\nTexte."
    assert slots(read(body, **NOVEMBER_2020)) == [
        (T(2020, 11, 9, 14), T(2020, 11, 9, 15, 15), "Présenter son défi", ["Webinaire", "EIG"])
    ]


def test_a_bracketed_date_with_a_start_time_only_has_no_end():
    body = "**[Le 05/11 à 9h] [Atelier]** *Café numérique*"
    assert slots(read(body, **NOVEMBER_2020)) == [
        (T(2020, 11, 5, 9), None, "Café numérique", ["Atelier"])
    ]


def test_labels_may_come_before_the_bracketed_date():
    body = "**[Webinaire] [Le 12/11 de 11h à 12h]** *Les API*"
    assert slots(read(body, **NOVEMBER_2020)) == [
        (T(2020, 11, 12, 11), T(2020, 11, 12, 12), "Les API", ["Webinaire"])
    ]


# --- family 4 and 5: ranges ------------------------------------------------------------------


def test_a_daily_slot_over_a_range_is_one_session_per_day():
    body = "**[Du 16/11 au 18/11 de 17h à 17h30] [Webinaire]**\\\n*La pause numérique*"
    assert slots(read(body, **NOVEMBER_2020)) == [
        (T(2020, 11, day, 17), T(2020, 11, day, 17, 30), "La pause numérique", ["Webinaire"])
        for day in (16, 17, 18)
    ]


def test_a_range_of_whole_days_is_one_session_from_the_first_to_the_last_day():
    body = "**[Du 02/11 au 30/11] [Appel à idées]**\\\n*Proposez vos idées*"
    assert slots(read(body, **NOVEMBER_2020)) == [
        (D(2020, 11, 2), D(2020, 11, 30), "Proposez vos idées", ["Appel à idées"])
    ]


def test_a_bold_title_followed_by_a_range_is_a_session():
    body = "**Forum virtuel du 1er au 14 décembre 2022**\n\n**Forum à Lyon le 15 décembre 2022**"
    sessions = read(body, D(2022, 12, 1), D(2022, 12, 15))
    assert slots(sessions) == [
        (D(2022, 12, 1), D(2022, 12, 14), "Forum virtuel", []),
        (D(2022, 12, 15), None, "Forum à Lyon", []),
    ]


# --- family 6: a title, then its date --------------------------------------------------------


def test_it_reads_a_bullet_title_with_its_date_on_the_next_break():
    body = "* **Le cloud dans l'État**\n<br>Lundi 23 novembre 2020, 17h-17h30\n"
    (session,) = read(body, **NOVEMBER_2020)
    assert slots([session]) == [
        (T(2020, 11, 23, 17), T(2020, 11, 23, 17, 30), "Le cloud dans l'État", [])
    ]
    assert (session.line, session.column, session.date_text) == (2, 5, "Lundi 23 novembre 2020")


def test_it_reads_a_bullet_title_followed_by_a_comma_and_its_date():
    body = "* **Le logiciel libre**, mardi 24 novembre, 17h-17h30"
    assert slots(read(body, **NOVEMBER_2020)) == [
        (T(2020, 11, 24, 17), T(2020, 11, 24, 17, 30), "Le logiciel libre", [])
    ]


def test_a_list_of_other_dates_without_times_is_not_a_programme():
    body = (
        "* Étape Normandie, le 26 septembre à Rouen\n"
        "* **[une formation à l'écoconception](/agenda/eco/)** le 14 décembre\n"
        "* **une formation aux tests usagers** le 13 décembre (ci-dessous)\n"
    )
    assert read(body, D(2022, 12, 13)) == []


# --- family 7: date headings -----------------------------------------------------------------


def test_a_date_heading_dates_the_timetable_items_below_it():
    body = "**25/11/2020**\n\n* 17h-18h : Ouverture\n\n"
    body += "***Le 26 novembre, en ligne***\n\n* 9h : Atelier"
    assert slots(read(body, D(2020, 11, 25), D(2020, 11, 26))) == [
        (T(2020, 11, 25, 17), T(2020, 11, 25, 18), "Ouverture", []),
        (T(2020, 11, 26, 9), None, "Atelier", []),
    ]


def test_a_date_heading_outside_the_event_does_not_move_its_timetable():
    body = "**1er mars 2018**\n\n#### [9h-9h30] **Accueil**"
    assert slots(read(body, T(2023, 3, 13, 9))) == [
        (T(2023, 3, 13, 9), T(2023, 3, 13, 9, 30), "Accueil", [])
    ]


# --- family 8: timetable of a one-day event --------------------------------------------------


@pytest.mark.parametrize(
    ("line", "start", "end", "title"),
    [("* **9h30 - 12h :** Plénière", (9, 30), (12, 0), "Plénière"),
     ("* 8h30 : accueil", (8, 30), None, "accueil"),
     ("* 9h-9h30 : Accueil", (9, 0), (9, 30), "Accueil"),
     ("* **[14h-14h30]** Présentation du guichet", (14, 0), (14, 30), "Présentation du guichet"),
     ("**[14h00]** Ouverture par **la directrice**", (14, 0), None, "Ouverture par la directrice"),
     ("#### [9h-9h30] **Accueil des participants**", (9, 0), (9, 30), "Accueil des participants"),
     ("De 10h à 11h : Présentation des résultats", (10, 0), (11, 0), "Présentation des résultats"),
     ("[10h15 - 12h] Plénière : les communs", (10, 15), (12, 0), "Plénière : les communs"),
     ("* **14h30 – 15h : témoignage** d'un EIG ;", (14, 30), (15, 0), "témoignage d'un EIG ;"),
     ("**14h45 :** Démo des projets :", (14, 45), None, "Démo des projets :")],
)  # fmt: skip
def test_timetable_items_of_a_one_day_event_take_the_event_date(line, start, end, title):
    (session,) = read(line, T(2023, 5, 25, 14))
    assert session.start == T(2023, 5, 25, *start)
    assert session.end == (T(2023, 5, 25, *end) if end else None)
    assert session.title == title
    assert session.date_text and session.written_weekday is None


def test_a_bold_header_after_a_bracketed_time_is_the_title_and_the_rest_is_description():
    body = "**[14h20] Le fast and curious.** La communauté répond aux questions."
    assert read(body, T(2023, 5, 25, 14))[0].title == "Le fast and curious."


def test_a_heading_repeating_an_item_of_the_timetable_is_not_a_new_session():
    body = "* **14h00 - 15h00 :** Pitchs des projets\n* **16h00 :** pot final\n\n"
    body += "## 14h - Pitchs des projets\n\nDétails.\n\n### 16h00 - Pot final\n"
    assert [s.title for s in read(body, T(2022, 12, 5, 14))] == ["Pitchs des projets", "pot final"]


def test_the_same_slot_in_two_rooms_is_two_sessions():
    body = "**Salle 1**\n\n* 9h-9h30 : Accueil\n\n**Salle 2**\n\n* 9h-9h30 : Accueil\n"
    assert len(read(body, T(2019, 12, 11, 9))) == 2


def test_durations_and_event_hours_are_not_timetable_items():
    body = "* 2h de formation pratique\n* 1h30 de questions\n\n**Horaires :** 9h30 - 17h\n\n9h-17h"
    assert read(body, D(2023, 1, 10)) == []


# --- family 9: several slots in one line -----------------------------------------------------


def test_several_slots_in_one_line_are_one_session_each():
    body = "***Le 16 décembre à Paris***\n\n"
    body += "* **Le pitch**\n<br>de 10h à 11h, de 14h à 15h ou de 16h à 17h"
    sessions = read(body, T(2021, 11, 29, 9), T(2021, 12, 16, 18))
    assert slots(sessions) == [
        (T(2021, 12, 16, h), T(2021, 12, 16, h + 1), "Le pitch", []) for h in (10, 14, 16)
    ]


# --- family 10: "Quand ?", "Le 14 juin 2019, …", "* Le 7 septembre : …" ----------------------


def test_it_reads_quand_with_two_days_and_their_hours():
    body = "**Quand ?** 13 et 14 juin 2019, de 9h à 19h"
    assert slots(read(body, T(2019, 6, 13, 9), T(2019, 6, 14, 19))) == [
        (T(2019, 6, 13, 9), T(2019, 6, 13, 19), None, []),
        (T(2019, 6, 14, 9), T(2019, 6, 14, 19), None, []),
    ]


def test_it_reads_a_date_line_with_a_slot_and_a_dated_bullet():
    body = "Le 14 juin 2019, de 13h15 à 13h45\n\n* Le 7 septembre : Plénière"
    assert slots(read(body, D(2019, 6, 1), D(2019, 9, 30))) == [
        (T(2019, 6, 14, 13, 15), T(2019, 6, 14, 13, 45), None, []),
        (D(2019, 9, 7), None, "Plénière", []),
    ]


def test_sentences_that_mention_the_event_date_are_not_sessions():
    body = (
        "Le 5 novembre 2020, viens passer une journée en immersion.\n\n"
        "**Quand ?**\n\nLe 5 novembre 2020, toute la journée\n\n"
        "> **Le jeudi 5 novembre de 10h à 12h, venez participer à une matinée !**\n\n"
        "Nous vous donnons rendez-vous le jeudi 5 novembre à 18h30.\n\n"
        "**La troisième édition aura lieu le 5 novembre 2020 de 16h30 à 18h.**\n\n"
        "**Ouverture des inscriptions le 26 octobre**\n"
    )
    assert read(body, T(2020, 11, 5, 8)) == []


def test_a_page_without_programme_has_no_sessions():
    assert read("Une présentation de l'outil, suivie de questions.", D(2023, 7, 20)) == []
    assert read("", None, None) == []


# --- years, daylight saving time, pages without dates ----------------------------------------


def test_it_rolls_the_year_over_in_january():
    body = "* **Réveillon**, jeudi 31/12, 22h-1h\n* **Vœux**, mardi 05/01, 10h-11h"
    sessions = read(body, D(2020, 12, 15), D(2021, 1, 15))
    assert slots(sessions) == [
        (T(2020, 12, 31, 22), T(2021, 1, 1, 1), "Réveillon", []),
        (T(2021, 1, 5, 10), T(2021, 1, 5, 11), "Vœux", []),
    ]


@pytest.mark.parametrize(
    ("written", "day"),
    [("dimanche 29/10", D(2023, 10, 29)), ("dimanche 31/03", D(2024, 3, 31))],
)
def test_sessions_on_a_daylight_saving_sunday_keep_the_wall_clock_time(written, day):
    body = f"**[Le {written} de 1h30 à 3h30] [Nuit]** *Changement d'heure*"
    (session,) = read(body, D(2023, 10, 1), D(2024, 4, 30))
    assert session.start == dt.datetime.combine(day, dt.time(1, 30))
    assert session.end == dt.datetime.combine(day, dt.time(3, 30))
    assert session.start.tzinfo is None


def test_without_event_dates_the_timetable_takes_the_date_the_text_announces():
    body = (
        "Le guichet a ouvert ce lundi 16 janvier.\n\n"
        "Venez échanger avec nous le 23 janvier prochain.\n\n"
        "* **16h-16h20** Présentation du guichet\n"
    )
    sessions = read(body, None, None, published=D(2023, 1, 13))
    assert slots(sessions) == [
        (T(2023, 1, 23, 16), T(2023, 1, 23, 16, 20), "Présentation du guichet", [])
    ]


def test_without_any_date_to_anchor_them_timetable_items_are_left_out():
    assert read("* 9h : Accueil", None, None) == []


def test_line_numbers_count_from_the_first_line_of_the_body_in_the_file():
    body = "Intro\n\n* 9h : Accueil"
    (session,) = read(body, D(2023, 1, 10), first_line=12)
    assert (session.line, session.column, session.date_text) == (14, 3, "9h")


def test_a_timetable_in_an_html_table_row_is_read_cell_by_cell():
    body = "<table><tr><td>9h30</td><td>Accueil</td></tr></table>"
    assert slots(read(body, D(2020, 11, 2))) == [(T(2020, 11, 2, 9, 30), None, "Accueil", [])]


def test_a_button_to_register_and_sign_language_are_read_under_a_session():
    body = (
        "**[Le 10/11 de 14h à 16h] [Atelier]** *Écrire simple*\n\n"
        "Interprétation en LSF. Tarif : 20 €, inscription obligatoire.\n\n"
        '<div align="center"><a href="https://www.demarches-simplifiees.fr/commencer/ecrire" '
        'class="button"><b>S\'inscrire</b></a></div>\n'
    )
    (session,) = read(body, **NOVEMBER_2020)
    assert session.registration_url == "https://www.demarches-simplifiees.fr/commencer/ecrire"
    assert session.accessibility == ["Interprétation en LSF"]
    assert session.is_free is False
    assert session.registration_required is True


# --- forms the corpus does not show (issue 11: pages never seen) -----------------------------


def test_several_timetable_items_on_one_line_are_one_session_each():
    body = "9h30 : Accueil – 10h : Ouverture par la directrice – 11h : Atelier"
    assert slots(read(body, D(2024, 5, 14))) == [
        (T(2024, 5, 14, 9, 30), None, "Accueil", []),
        (T(2024, 5, 14, 10), None, "Ouverture par la directrice", []),
        (T(2024, 5, 14, 11), None, "Atelier", []),
    ]


def test_a_duration_after_a_dash_does_not_split_an_item():
    body = "* 14h : Atelier – 2h : les bases de l'accessibilité"
    assert [s.title for s in read(body, D(2024, 5, 14))] == [
        "Atelier – 2h : les bases de l'accessibilité"
    ]


def test_a_whole_day_written_in_parentheses_or_as_en_continu():
    body = (
        "Le 15 novembre (toute la journée) : Hackathon des formulaires\n\n"
        "### Jeudi 16 novembre\n\n* En continu : démonstrations des produits\n* 10h : Ouverture"
    )
    assert slots(read(body, D(2024, 11, 15), D(2024, 11, 16))) == [
        (D(2024, 11, 15), None, "Hackathon des formulaires", []),
        (D(2024, 11, 16), None, "démonstrations des produits", []),
        (T(2024, 11, 16, 10), None, "Ouverture", []),
    ]
