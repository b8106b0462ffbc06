"""One programme per page (issue 11, item 2): the lines of the body the sessions were read from
are replaced on the public page by the structured sessions; the text before and after stays,
once; descriptions are bounded by their session; staff still see the body as written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from agenda.events.services import save_page
from agenda.exchange.jekyll import parse_page
from agenda.exchange.programme import extract_programme
from agenda.exchange.services import import_paths
from agenda.lib.markup import plain_text

from .conftest import require_shared

D = dt.date
MARCH_12 = D(2024, 3, 12)


def programme(body: str, start=MARCH_12, end=None, title="Deux jours"):
    return extract_programme(body, event_start=start, event_end=end, title=title)


def descriptions(body: str, **kwargs) -> list[str]:
    return [s.description for s in programme(body, **kwargs).sessions]


# --- descriptions bounded by their session -----------------------------------------------------


def article_of(client, event) -> str:
    """The event page's <article>: what a visitor reads, not the JSON-LD in the head."""
    html = client.get(event.get_absolute_url()).content.decode()
    return html[html.index("<article") : html.index("</article>")]


def in_this_order(html: str, *texts: str) -> bool:
    """Each text is in the page (index() raises otherwise), each after the one before."""
    where = [html.index(text) for text in texts]
    return where == sorted(where)


def test_the_text_between_two_sessions_belongs_to_the_first():
    body = (
        "* 9h : Accueil\n\nUn café vous attend.\n\n* 10h : Ouverture\n\nPar la directrice.\n\n"
        "* 11h : Atelier"
    )
    assert descriptions(body) == ["Un café vous attend.", "Par la directrice.", ""]


def test_the_last_session_keeps_only_text_shaped_like_the_other_descriptions():
    body = (
        "* 9h : Accueil\n* 10h : Ouverture\n* 11h : Atelier\n\n"
        "Venez nombreux, le café est offert.\n"
    )
    result = programme(body)
    assert descriptions(body) == ["", "", ""]  # a timetable: the sentence after it is the event's
    assert result.lines == [(1, 3)]


def test_a_day_heading_is_not_the_description_of_the_session_above_it():
    body = (
        "**Mardi 12 mars**\n\n* 9h : Accueil\n\nUn café vous attend.\n\n"
        "**Mercredi 13 mars**\n\n* 9h : Ateliers\n\nEn petits groupes."
    )
    first, second = programme(body, end=D(2024, 3, 13)).sessions
    assert first.description == "Un café vous attend."
    assert "Mercredi" not in first.description


def test_a_days_only_slot_keeps_its_description_though_the_next_days_slot_has_none():
    page = Path(__file__).parent / "pages" / "creneaux-sans-titre-un-par-jour.markdown"
    sessions = parse_page(page.read_text("utf-8"), path=page.name, slug="defi").sessions
    assert [s.description for s in sessions] == [
        "Les équipes se présentent, choisissent leur défi et reçoivent les jeux de données.",
        "",
    ]


def test_one_rooms_heading_does_not_land_in_another_rooms_session():
    body = (
        "**Salle 1 : les ateliers**\n\n* 9h-10h : Accueil\n* 10h-12h : Ateliers\n\n"
        "**Salle 2 : les conférences**\n\nLa salle 2 accueille les conférences.\n\n"
        "* 9h-10h : Accueil\n* 10h-12h : Conférence\n"
    )
    sessions = programme(body, end=D(2024, 3, 12)).sessions
    assert [s.description for s in sessions] == ["", "", "", ""]


def test_the_events_closing_text_does_not_land_in_the_last_session():
    body = (
        "Intro.\n\n"
        "**[Le 12/03 de 10h à 11h] [Atelier]** *Écrire simple*\n\nUn atelier pratique.\n\n"
        "**[Le 13/03 de 10h à 11h] [Atelier]** *Tester avec les usagers*\n\nUn second atelier.\n\n"
        '<div align="center"><a class="button" href="https://example.org/inscription">'
        "S'inscrire à l'événement</a></div>\n\n"
        "Nous vous attendons nombreux à cet événement !\n"
    )
    result = programme(body, end=D(2024, 3, 13))
    assert [s.description for s in result.sessions] == [
        "Un atelier pratique.",
        "Un second atelier.",
    ]
    assert result.lines == [(3, 9)]  # 1-based: from the first header to the last description


def test_a_heading_repeating_an_item_gives_it_its_details():
    body = (
        "* **14h00 - 15h00 :** Pitchs des projets\n* **16h00 :** Pot final\n\n"
        "## 14h - Pitchs des projets\n\nQuatre équipes présentent leur projet.\n\n"
        "## 16h00 - Pot final\n"
    )
    pitchs, pot = programme(body, start=D(2022, 12, 5)).sessions
    assert pitchs.description == "Quatre équipes présentent leur projet."
    assert pot.description == ""


def test_every_session_knows_the_lines_of_its_header_and_description():
    body = "Intro.\n\n**[Le 12/03 à 10h]** *Atelier*\n\nUn atelier.\n\nSuite.\n\nFin."
    (session,) = programme(body).sessions
    assert session.header_lines == (3, 3)
    assert session.description_lines == (5, 9)  # a single item keeps what follows it


# --- the event page ----------------------------------------------------------------------------

PAGE = """---
title: Deux jours pour les communs numériques
date: 2024-02-20 11:00:00 +01:00
event_start_date: 2024-03-12 00:00:00 +01:00
event_end_date: 2024-03-13 00:00:00 +01:00
---

Deux journées pour découvrir les communs numériques de l'administration.

#### Mardi 12 mars

* 9h30 : Accueil des participants
* 10h-12h : Retours d'expérience des ministères

#### Mercredi 13 mars

* 10h-12h30 : Table ronde sur la maintenance

Pour toute question, écrivez-nous.
"""


@pytest.fixture
def event(db):
    return save_page(page=parse_page(PAGE, path="communs.markdown", slug="communs"))


def test_the_event_stores_the_text_before_and_after_its_programme(event):
    assert event.programme_lines == [[3, 10]]
    assert plain_text(event.intro_html) == (
        "Deux journées pour découvrir les communs numériques de l'administration."
    )
    assert plain_text(event.closing_html) == "Pour toute question, écrivez-nous."
    assert "Mardi 12 mars" in event.body_html  # the body as written, for staff and the API


def test_the_public_page_shows_the_programme_once_between_intro_and_closing(client, event):
    html = article_of(client, event)
    text = plain_text(html)
    assert text.count("Deux journées pour découvrir") == 1
    assert text.count("Pour toute question, écrivez-nous.") == 1
    assert (
        html.count("Retours d’expérience des ministères</h4>")
        + html.count("Retours d&#x27;expérience des ministères</h4>")
        == 1
    )  # one session card, no bullet of the body
    assert "10h-12h : Retours" not in text
    assert in_this_order(html, "Deux journées pour découvrir", "Les séances", "Pour toute question")
    assert "Corps de la page tel qu’écrit" not in html


def test_staff_also_see_the_body_as_written(client, django_user_model, event):
    staff = django_user_model.objects.create_user("redaction", password="x", is_staff=True)
    client.force_login(staff)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Corps de la page tel qu’écrit" in html
    assert "lignes 4 à 11 du corps" in html
    assert "10h-12h : Retours d" in plain_text(html)


def test_a_body_edited_in_a_form_is_shown_whole_again(event):
    from agenda.events.bodies import set_body

    set_body(event, "Un nouveau texte.\n\n* 9h : Accueil")
    assert event.programme_lines is None and event.intro_html == event.closing_html == ""
    assert plain_text(event.body_html) == "Un nouveau texte. 9h : Accueil"


def test_no_corpus_page_shows_a_session_header_outside_its_programme(db):
    """Every imported corpus page: the text before and after the programme holds no line a
    session was read from."""
    folder = require_shared("corpus/numerique.gouv.fr/_evenements")
    report = import_paths([folder])
    assert [p.code for p in report.failed] == ["slug-conflict"]  # a page written twice
    checked = 0
    for event in report.imported:
        if not event.programme_lines:
            continue
        lines = re.split(r"\r\n|\n|\r", event.body)
        shown = plain_text(event.intro_html + " " + event.closing_html)
        read = [line for first, last in event.programme_lines for line in lines[first : last + 1]]
        for line in read:
            header = plain_text(line)
            if len(header) > 25 and re.search(r"\d{1,2} ?h", header):
                assert header not in shown, (event.source_path, header)
        checked += 1
    assert checked >= 30


def test_the_button_to_register_and_the_address_are_fields_not_description():
    body = (
        "**[Le 12/03 de 10h à 11h] [Atelier]** *Écrire simple*\n\nUn atelier pratique.\n\n"
        "* Entrée gratuite sur inscription\n* 77 avenue de Ségur 75015 Paris\n\n"
        '<div class="lien-important"><p><a href="https://www.eventbrite.fr/e/ecrire">'
        "Plus d'informations et inscriptions</a></p></div>\n\n"
        '<div class="lien-important"><a href="https://example.org/programme">Le programme</a>'
        "</div>"
    )
    (session,) = programme(body).sessions
    assert session.registration_url == "https://www.eventbrite.fr/e/ecrire"
    assert session.place_lines == ["77 avenue de Ségur 75015 Paris"]
    assert session.description == (
        "Un atelier pratique.\n\n* Entrée gratuite sur inscription\n\n"
        '<div class="lien-important"><a href="https://example.org/programme">Le programme</a>'
        "</div>"
    )


def test_text_between_parts_of_the_programme_stays_in_place_among_the_sessions(db, client):
    page = parse_page(
        PAGE.replace(
            "#### Mercredi 13 mars\n",
            "#### Mercredi 13 mars\n\nLe second jour se tient à la mairie, salle du conseil.\n",
        ),
        path="communs.markdown",
        slug="communs",
    )
    event = save_page(page=page)
    assert event.programme_lines == [[3, 8], [12, 12]]
    assert plain_text(event.closing_html) == "Pour toute question, écrivez-nous."
    [part] = event.programme_parts
    assert plain_text(part["html"]) == "Le second jour se tient à la mairie, salle du conseil."
    assert part["line"] == page.body_line + 12  # where the sessions after it were read
    event.status = event.Status.PUBLISHED
    event.save()
    html = article_of(client, event)
    assert in_this_order(
        html,
        "Retours d",  # a session of the first day
        "Le second jour se tient",
        "Table ronde sur la maintenance",  # the session after it
        "Pour toute question",
    )
    assert plain_text(html).count("Le second jour se tient") == 1


def test_two_rooms_keep_their_own_sessions_under_their_heading(db, client):
    body = (
        "Une journée, deux salles.\n\n"
        "**Salle Jaune : les retours d'expérience**\n\n"
        "On y raconte ce qui a marché.\n\n"
        "* 9h-10h : Accueil jaune\n* 10h-12h : Récits de projets\n\n"
        "**Salle Verte : les ateliers**\n\n"
        "On y travaille sur ordinateur.\n\n"
        "* 9h-10h : Accueil vert\n* 10h-12h : Atelier données\n\n"
        "Inscription gratuite.\n"
    )
    text = (
        "---\ntitle: Journée des deux salles\n"
        "event_start_date: 2024-03-12 00:00:00 +01:00\n---\n" + body
    )
    event = save_page(page=parse_page(text, path="salles.markdown", slug="salles"))
    event.status = event.Status.PUBLISHED
    event.save()
    assert in_this_order(  # not the two rooms' sessions mixed by time
        article_of(client, event),
        "Accueil jaune",
        "Récits de projets",
        "Salle Verte",
        "Accueil vert",
        "Atelier données",
        "Inscription gratuite",
    )


TABLE_PAGES = Path(__file__).resolve().parent / "pages"


@pytest.mark.parametrize(
    "name, intro, closing",
    [
        (
            "programme-en-tableau.markdown",
            "Le programme de la journée :",
            "Une clôture conviviale suivra la table ronde.",
        ),
        (
            "tableau-html-et-jours-abreges.markdown",
            "",
            "Le jury annoncera les lauréats à la fin des présentations.",
        ),
    ],
)
def test_a_table_read_as_sessions_leaves_neither_its_header_nor_its_tags_behind(
    db, name, intro, closing
):
    path = TABLE_PAGES / name
    page = parse_page(path.read_text(encoding="utf-8"), path=name, slug=name.split(".")[0])
    event = save_page(page=page)
    assert plain_text(event.intro_html) == intro
    assert plain_text(event.closing_html) == closing
    for html in (event.intro_html, event.closing_html):
        assert "<table" not in html and "<th" not in html and "|" not in html


def test_a_date_line_after_the_last_session_stays_in_the_text():
    body = (
        "#### Programme de la journée\n"
        "* **9h30 - 12h :** Présentation de l'outil\n"
        "* **14h - 16h30 :** Ateliers pratiques\n\n"
        "#### Les autres étapes de la tournée\n\n"
        "* Étape de Caen, le 4 mars\n"
        "* **Étape de Rennes, le 12 mars**\n"
        "* Étape de Brest, le 19 mars\n"
    )
    result = programme(body)
    assert [s.title for s in result.sessions] == ["Présentation de l'outil", "Ateliers pratiques"]
    assert result.lines == [(1, 3)]  # the list of stages, this one's bold line included, stays
