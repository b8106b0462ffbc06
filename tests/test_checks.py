"""Content checks (issue 3): each rule on small pages written like the site's, the runner, the
`agenda check` command and docs/checks.md."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agenda.checks import check_page, check_pages, has_errors
from agenda.checks.rules import RULES
from agenda.checks.rules_links import url_problem
from agenda.exchange.jekyll import parse_page
from agenda.exchange.management.commands.check import rules_markdown
from agenda.exchange.reading import check_paths

ROOT = Path(__file__).resolve().parents[1]


def page(text: str, path: str = "page.markdown"):
    return parse_page(text.lstrip("\n"), path=path, slug=Path(path).stem)


def found(text: str, code: str | None = None, path: str = "page.markdown"):
    """(code, line, column) of the problems of one page, optionally of one code only."""
    return [
        (p.code, p.line, p.column)
        for p in check_page(page(text, path))
        if code is None or p.code == code
    ]


def problems(text: str, code: str):
    return [p for p in check_page(page(text)) if p.code == code]


HEAD = """
---
title: Atelier
date: 2023-10-20 11:08:00 +02:00
event_start_date: {start}
event_end_date: {end}
---
"""


def with_dates(body: str, start="2023-11-02 00:00:00 +01:00", end="2023-11-30 00:00:00 +01:00"):
    return HEAD.format(start=start, end=end) + body


# --- registry ------------------------------------------------------------------------------


def test_every_code_of_the_issue_is_registered_with_french_examples():
    codes = {
        "weekday-mismatch", "other-year", "session-outside-event", "end-before-start",
        "bad-date", "time-mismatch", "bad-url", "reused-link", "missing-registration",
        "missing-alt", "malformed-field", "address-mismatch", "duplicate-event", "unsafe-html",
    }  # fmt: skip
    assert codes <= set(RULES)
    assert RULES["unsafe-html"].severity == "warning"
    for rule in RULES.values():
        assert rule.description and rule.wrong and rule.right and rule.wrong != rule.right
    assert {r.code for r in RULES.values() if r.scope == "pages"} == {
        "reused-link", "address-mismatch", "duplicate-event"
    }  # fmt: skip


# --- weekday-mismatch ----------------------------------------------------------------------


def test_weekday_mismatch_numeric_date_in_the_events_year():
    text = with_dates("\n<p><b>Le jeudi 03/11 de 16h15 à 18h15</b></p>\n")
    (problem,) = problems(text, "weekday-mismatch")
    assert (problem.line, problem.column) == (8, 10)
    assert problem.message.startswith(
        "le 03/11/2023 est un vendredi : vendredi 03/11 ou jeudi 02/11 ?"
    )
    assert problem.severity == "error"


def test_weekday_mismatch_textual_dates_written_year_and_ranges():
    body = """
* mardi 18 novembre 2021 : la date écrite avec son année
* Lundi 23 novembre 2020, 17h-17h30
* du lundi 13 au vendredi 17 novembre
* jeudi 1er décembre
* le mercredi 8/11 à 10h
"""
    got = found(with_dates(body), "weekday-mismatch")
    # 18/11/2021 is a Thursday; 23/11/2020 a Monday (right); 13/11/2023 a Monday; 17/11/2023 a
    # Friday; 01/12/2023 a Friday; 08/11/2023 a Wednesday.
    assert got == [("weekday-mismatch", 8, 3), ("weekday-mismatch", 11, 3)]


def test_weekday_mismatch_in_a_folded_chapeau_points_at_the_line_of_the_weekday():
    text = """
---
title: Formation
date: 2022-11-22 16:33:00 +01:00
chapeau-text: Le pôle Design propose une formation gratuite, le mardi
  10 janvier, de 14h à 17h30.
event_start_date: 2010-01-01 00:00:00 +01:00
---
"""
    (problem,) = problems(text, "weekday-mismatch")
    assert (problem.line, problem.column, problem.field) == (4, 65, "chapeau-text")


def test_weekday_mismatch_without_event_dates_uses_the_publication_date():
    text = """
---
title: Formation
date: 2022-11-22 14:09:00 +01:00
chapeau-text: une formation gratuite, le jeudi 18 novembre, de 10h à 12h.
---
"""
    (problem,) = problems(text, "weekday-mismatch")
    assert "le 18 novembre 2022 est un vendredi" in problem.message


def test_weekday_mismatch_ignores_plural_weekdays_urls_and_comments():
    body = """
Tous les jeudis, du lundi au vendredi, le jeudi à 10h.
[programme](https://example.org/jeudi-03-11)
<!-- jeudi 03/11 -->
"""
    assert found(with_dates(body), "weekday-mismatch") == []


# --- other-year ----------------------------------------------------------------------------


def test_other_year_edition_and_named_edition():
    body = """
À l’occasion de [l’édition 2022 du Mois](https://example.org/), venez !

A l’occasion de la Semaine IP 2022, Etalab vous propose un atelier.

Suite au succès des journées organisées lors des salons Paris Open Source Summit 2018 et 2019.
"""
    got = found(with_dates(body), "other-year")
    assert got == [("other-year", 8, 20), ("other-year", 10, 20)]


def test_other_year_dates_of_the_event_but_not_history_nor_other_events():
    body = """
**Quand ?** 13 et 14 juin 2019, de 9h à 19h

Le 14 juin 2019, de 13h15 à 13h45 : plénière

Il y a 5 ans, le 1 mars 2018, le gouvernement lançait le kit.

**1er mars 2018 … 1er mars 2021**

* une formation à l'évaluation de l'accessibilité le 10 janvier 2022
* Candidatures jusqu’au 20 décembre 2020
"""
    text = with_dates(body, "2021-06-14 09:00:00 +02:00", "2021-06-14 19:00:00 +02:00")
    assert found(text, "other-year") == [("other-year", 8, 13), ("other-year", 10, 4)]


def test_other_year_in_title_alt_text_and_date_field():
    text = """
---
title: Le Forum de l’emploi tech de l’État 2021
date: 2022-10-01 10:00:00 +02:00
une-ou-diaporama:
- image: "/uploads/forum.png"
  alternative-textuelle: |-
    Forum
    10 janvier 2021
event_start_date: 2022-12-15 09:00:00 +01:00
champs_informations:
- intitule: Date
  contenu: Mardi 10 janvier 2021
- intitule: Modalités
  contenu: inscriptions ouvertes jusqu’au 3 janvier 2023
---
"""
    got = problems(text, "other-year")
    assert [(p.line, p.column, p.field) for p in got] == [
        (2, 44, "title"),
        (8, 5, "une-ou-diaporama"),
        (12, 12, "champs_informations"),
    ]
    assert "« 2021 » nomme 2021, alors que l’événement a lieu en 2022" in got[0].message


def test_other_year_leaves_plans_and_future_programmes_alone():
    text = """
---
title: 'Appel à projets 2024 : webinaire d’information'
event_start_date: 2023-12-05 14:00:00 +01:00
---

Dans le cadre de France 2030, un webinaire.
"""
    assert found(text, "other-year") == []


def test_other_year_reads_hashtags_and_two_digit_years_next_to_the_event_s_name():
    text = """
---
title: Forum de l’emploi tech
event_start_date: 2023-11-02 00:00:00 +01:00
---

Suivez le #ForumEmploiTech22 et le #FET2022 sur les réseaux.

Le Forum de l’emploi ’22 accueille les candidats ; l’édition 22 aussi.

Suivez #ForumEmploiTech23, #ForumEmploiTech2030, la COP21, l’article 22 ; Forum 22 : un numéro.

Le Forum 22 stands. Le détail : [voir](#fet2022), <a href="#fet2022">ici</a>.
"""
    got = [(p.line, p.column, p.message.split(" » ")[0]) for p in problems(text, "other-year")]
    assert got == [
        (6, 11, "« #ForumEmploiTech22"),
        (6, 36, "« #FET2022"),
        (8, 4, "« Forum de l’emploi ’22"),
        (8, 54, "« édition 22"),
    ]
    assert "« #FET2023 » ?" in problems(text, "other-year")[1].message


def test_other_year_a_fact_placed_at_another_edition_is_history_unless_it_speaks_to_the_reader():
    body = """
Lors de l’édition 2022, près de 900 participants dans 30 villes.

Pendant l’édition 2022, vous étiez 300 à Lyon.

Lors de l’édition 2022, venez découvrir les ateliers du Mois.
"""
    assert found(with_dates(body), "other-year") == [("other-year", 12, 11)]


def test_other_year_needs_plausible_event_dates():
    body = "\nÀ l’occasion de l’édition 2022.\n"
    assert found(with_dates(body, "0007-11-02 00:00:00 +00:09", ""), "other-year") == []


# --- sessions and ends ---------------------------------------------------------------------


def test_session_outside_event():
    body = """
**[Le 09/11 de 14h à 15h15] [Webinaire]**\\
*Dans le mois*

**[Le 05/12 de 14h à 15h15] [Webinaire]**\\
*Après la fin*
"""
    got = problems(with_dates(body), "session-outside-event")
    assert [(p.line, p.column) for p in got] == [(11, 7)]
    assert "05/12/2023" in got[0].message and "du 02/11/2023 au 30/11/2023" in got[0].message


def test_end_before_start_for_the_event():
    text = with_dates("", "2023-11-28 09:00:00 +01:00", "2023-11-28 00:30:00 +01:00")
    (problem,) = problems(text, "end-before-start")
    assert (problem.line, problem.column, problem.field) == (5, 17, "event_end_date")
    assert "28/11/2023 00:30" in problem.message and "12:30 ?" in problem.message
    days = with_dates("", "2023-11-28 00:00:00 +01:00", "2023-11-20 00:00:00 +01:00")
    assert [p.line for p in problems(days, "end-before-start")] == [5]
    assert problems(with_dates(""), "end-before-start") == []


def test_end_before_start_for_a_session_range():
    body = "\n**[Du 20/11 au 16/11] [Appel à idées]**\n"
    got = problems(with_dates(body), "end-before-start")
    assert [(p.line, p.column) for p in got] == [(8, 7)]


# --- bad-date ------------------------------------------------------------------------------


def test_bad_date_impossible_year_and_offsets():
    text = """
---
title: Atelier
date: 2023-12-01 10:00:00 +02:00
event_start_date: 0007-11-02 00:00:00 +00:09
event_end_date: 2023-07-30 00:00:00 +01:00
---
"""
    got = problems(text, "bad-date")
    assert [(p.line, p.column, p.field) for p in got] == [
        (3, 7, "date"),
        (4, 19, "event_start_date"),
        (5, 17, "event_end_date"),
    ]
    assert "+02:00 au lieu de +01:00" in got[0].message
    assert "année 0007 impossible" in got[1].message and "+00:09" in got[1].message
    assert "+01:00 au lieu de +02:00" in got[2].message


def test_bad_date_unreadable_and_impossible_dates():
    text = """
---
title: Atelier
event_start_date: le 3 novembre
event_end_date: 2023-02-30 00:00:00 +01:00
---
"""
    got = problems(text, "bad-date")
    assert [(p.line, p.field) for p in got] == [(3, "event_start_date"), (4, "event_end_date")]
    assert "illisible" in got[0].message and "impossible" in got[1].message


def test_right_offsets_are_not_bad_dates():
    text = with_dates("", "2023-03-26 09:00:00 +02:00", "2023-10-29 18:00:00 +01:00")
    assert problems(text, "bad-date") == []


# --- time-mismatch -------------------------------------------------------------------------


def test_time_mismatch_with_the_hours_field():
    text = """
---
title: Atelier
event_start_date: 2018-11-23 14:00:00 +01:00
champs_informations:
- intitule: 'Horaires '
  contenu: 14h30 - 17h00
---
"""
    (problem,) = problems(text, "time-mismatch")
    assert (problem.line, problem.column, problem.field) == (3, 19, "event_start_date")
    assert "14h30 - 17h00" in problem.message and "2018-11-23 14:30 ?" in problem.message


def test_time_mismatch_with_the_chapeau_and_the_first_session():
    chapeau = """
---
title: Atelier
chapeau-text: La DINUM vous convie, le 10 avril de 09h30 à
  17h, à un temps d’échange.
event_date: 2024-04-10 09:00:00 +02:00
---
"""
    (problem,) = problems(chapeau, "time-mismatch")
    assert (problem.line, problem.field) == (5, "event_date")
    session = with_dates(
        "\n* **9h30 - 12h :** La matinée\n* **13h30 - 16h30 :** L’après-midi\n",
        "2018-12-07 08:00:00 +01:00",
        "",
    )
    assert [p.line for p in problems(session, "time-mismatch")] == [4]
    right = with_dates("\n* **9h30 - 12h :** La matinée\n", "2018-12-07 09:30:00 +01:00", "")
    assert problems(right, "time-mismatch") == []
    no_time = with_dates("\n* **9h30 - 12h :** La matinée\n")
    assert problems(no_time, "time-mismatch") == []


# --- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, reason",
    [
        ("", "vide"),
        ("https://www.www.demarches-simplifiees.fr/commencer/x", "www."),
        ("https://webinaire.numerique.gouv.fr//meeting/signin/4562", "//"),
        ("http://mailto:piaf@data.gouv.fr", "mailto"),
        ("edite-piaf-sip.eventbrite.com", "https://"),
        ("contact@demarches-simplifiees.fr", "mailto"),
        ("https:/numerique.gouv.fr/agenda/", "https://"),
        ("(https://design.numerique.gouv.fr/formations/)", "parenthèses"),
        ("https://www.demarches-simplifiees.fr/commencer/ vis-mon-job", "espace"),
        ("https://beta.gouv.fr/startups/mon\\_projet", "échappé"),
        ("file:///C:/Users/x/Downloads/Programme.pdf", "fichier"),
        ("https://www.demarches-simplifiees", "tronquée"),
        ("https://www.eventbrite.fr/e/billets-meetup-", "tronquée"),
        ("https://numerique.gouv/agenda", ".gouv.fr"),
        ("https://example.org/page…", "tronquée"),
    ],
)
def test_bad_urls(url, reason):
    verdict = url_problem(url)
    assert verdict is not None and reason in verdict[0] + (verdict[1] or "")


@pytest.mark.parametrize(
    "url",
    [
        "https://www.numerique.gouv.fr/agenda/",
        "http://www.modernisation.gouv.fr/la-semaine",
        "/uploads/programme.pdf",
        "#forum-paris",
        "mailto:piaf@data.gouv.fr",
        "tel:+33100000000",
        "https://fr.wikipedia.org/wiki/Paris_(France)",
        "<https://example.org/a b>".replace(" ", ""),
        "https://www.eventbrite.fr/e/billets-x-123?aff=ebdssbdestsearch",
    ],
)
def test_good_urls(url):
    assert url_problem(url) is None


def test_bad_url_locations_in_front_matter_markdown_and_html():
    text = """
---
title: Atelier
event_start_date: 2023-11-02 00:00:00 +01:00
champs_informations:
- intitule: Modalités
  contenu: Inscriptions (places limitées)
  lien: edite-piaf-sip.eventbrite.com
---

Contact : [piaf@data.gouv.fr](http://mailto:piaf@data.gouv.fr)
<a href="" class="button"><b>S'inscrire</b></a>
<a https://www.demarches-simplifiees.fr/commencer/etape" class="button">S'inscrire</a>
<!-- <a href="https://www.www.example.org/">commenté</a> -->
"""
    got = problems(text, "bad-url")
    assert [(p.line, p.column, p.field) for p in got] == [
        (7, 9, "champs_informations"),
        (10, 31, ""),
        (11, 1, ""),
        (12, 1, ""),
    ]
    assert "mailto:piaf@data.gouv.fr ?" in got[1].message
    assert 'href="https://www.demarches-simplifiees.fr/commencer/etape"' in got[3].message


PROGRAMME = """
---
title: {title}
date: 2022-10-01 10:00:00 +02:00
event_start_date: {start}
adresse: {address}
---

<a href="{link}">Plus d'informations et inscriptions</a>
"""


def programme_page(path, title, start, link, address="77 avenue de Ségur 75015 Paris"):
    text = PROGRAMME.format(title=title, start=start, link=link, address=address)
    return page(text, path)


def test_reused_link_across_the_programme():
    link = "https://www.eventbrite.fr/e/billets-meetup-quiz-449408933217"
    pages = [
        programme_page("2023.markdown", "Quiz 2023", "2023-11-03 16:15:00 +01:00", link),
        programme_page("2022.markdown", "Quiz 2022", "2022-11-03 16:15:00 +01:00", link),
        programme_page("copie.markdown", "Quiz 2022 (copie)", "2022-11-03 16:15:00 +01:00", link),
    ]
    got = [p for p in check_pages(pages) if p.code == "reused-link"]
    assert [(p.path, p.line, p.column) for p in got] == [("2023.markdown", 8, 10)]
    assert "« Quiz 2022 » (2022-11-03, 2022.markdown)" in got[0].message
    assert got[0].severity == "warning"
    # One page alone has nothing to compare with.
    assert [p for p in check_page(pages[0]) if p.code == "reused-link"] == []


def test_duplicate_event():
    pages = [
        programme_page(
            "b.markdown", "Design public – Meetup #1", "2019-10-17 18:30:00 +02:00", "/a"
        ),
        programme_page(
            "a.markdown", "Design public - Meetup #1", "2019-10-17 18:30:00 +02:00", "/b"
        ),
        programme_page(
            "c.markdown", "Design public - Meetup #2", "2019-12-18 18:30:00 +01:00", "/c"
        ),
    ]
    got = [p for p in check_pages(pages) if p.code == "duplicate-event"]
    assert [(p.path, p.line, p.field) for p in got] == [("b.markdown", 2, "title")]
    assert "a.markdown:2" in got[0].message


def test_address_mismatch_across_pages_and_known_venue():
    pages = [
        programme_page("a.markdown", "A", "2019-10-17 18:30:00 +02:00", "/a",
                       "12 rue de la Paix, 80000 Amiens"),
        programme_page("b.markdown", "B", "2019-10-18 18:30:00 +02:00", "/b",
                       "12 rue de la Paix 80000 Amiens"),
        programme_page("c.markdown", "C", "2019-10-19 18:30:00 +02:00", "/c",
                       "12, rue de la paix – 80090 Amiens"),
        programme_page("d.markdown", "D", "2019-10-20 18:30:00 +02:00", "/d",
                       "77 avenue de Ségur, 75007 Paris"),
    ]  # fmt: skip
    got = [p for p in check_pages(pages) if p.code == "address-mismatch"]
    assert [(p.path, p.line, p.column) for p in got] == [
        ("c.markdown", 5, 10),
        ("d.markdown", 5, 10),
    ]
    assert "80000" in got[0].message and "75015" in got[1].message
    # A known venue is known to one page too.
    assert [p.code for p in check_page(pages[3]) if p.code == "address-mismatch"] == [
        "address-mismatch"
    ]


def test_missing_registration():
    text = with_dates("\nEntrée gratuite, inscription obligatoire.\n")
    (problem,) = problems(text, "missing-registration")
    assert (problem.line, problem.column) == (8, 18)
    assert problem.severity == "warning"
    linked = with_dates(
        '\nInscription obligatoire : <a href="https://www.eventbrite.fr/e/x-1">ici</a>\n'
    )
    assert problems(linked, "missing-registration") == []
    by_mail = with_dates("\nSur inscription, par courriel à etna@modernisation.gouv.fr.\n")
    assert problems(by_mail, "missing-registration") == []
    other_link = (
        with_dates("\nEntrée sur inscription.\n")
        .replace("---\n\n", "champs_informations:\n- intitule: Programme\n  contenu: Le détail\n"
                 "  lien: https://www.modernisation.gouv.fr/programme\n---\n\n", 1)
    )  # fmt: skip
    assert [p.line for p in problems(other_link, "missing-registration")] == [12]


# --- images, fields, html ------------------------------------------------------------------


def test_missing_alt_in_front_matter_and_body():
    text = """
---
title: Atelier
une-ou-diaporama:
- image: "/uploads/MIP2023.png"
- image: "/uploads/ok.png"
  alternative-textuelle: Le programme du mois
- image: /uploads/empty.png
  alternative-textuelle: ''
---

<figure><img src="/uploads/IMAGE1.png"/></figure>Expérimenter
<img alt="" src="/uploads/decor.svg">
![](/uploads/schema.png)
![Programme](/uploads/programme.png)
"""
    got = problems(text, "missing-alt")
    assert [(p.line, p.column) for p in got] == [(4, 11), (7, 10), (11, 9), (13, 1)]
    assert got[0].field == "une-ou-diaporama" and "/uploads/MIP2023.png" in got[0].message


def test_malformed_fields_point_at_their_entry():
    text = """
---
title: Atelier
champs_informations:
- intitule: Horaires
  contenu: 14h-17h
- intitule:
  contenu: 14h-17h
  Intitulé: Horaires
- contenu: Modalités
  mailto: etna.dinsic@modernisation.gouv.fr
- intitule: Inscription
  contenu: par courriel
  mailto: etna.dinsic@modernisation.gouv.fr
- intitule:
  contenu:
- intitule: Comment y aller ?
  contenu:
---
"""
    got = problems(text, "malformed-field")
    assert [(p.line, p.column, p.field) for p in got] == [
        (6, 3, "champs_informations"),
        (9, 3, "champs_informations"),
        (11, 3, "champs_informations"),
        (14, 3, "champs_informations"),
    ]
    assert "« Intitulé » au lieu de « intitule »" in got[0].message
    assert "lien: mailto:etna.dinsic@modernisation.gouv.fr" in got[2].message
    assert "vide" in got[3].message


def test_unsafe_html_is_a_warning():
    body = """
<p style="margin-top: 30px"><b>Le 03/11</b></p>
<script>alert(1)</script>
<iframe src="https://www.youtube.com/embed/x"></iframe>
<a href="#" onclick="go()">ici</a>
<style>.x {}</style>
"""
    got = problems(with_dates(body), "unsafe-html")
    assert [(p.line, p.column) for p in got] == [(8, 4), (9, 1), (10, 1), (11, 13), (12, 1)]
    assert {p.severity for p in got} == {"warning"}


# --- runner --------------------------------------------------------------------------------


def test_a_clean_page_has_no_problem():
    text = """
---
title: Atelier de test
date: 2026-10-01 10:00:00 +02:00
event_start_date: 2026-11-12 14:00:00 +01:00
event_end_date: 2026-11-12 15:15:00 +01:00
lieu: Salle des fêtes
adresse: '12 rue de la Paix, 80000 Amiens '
une-ou-diaporama:
- image: /uploads/atelier.png
  alternative-textuelle: Des agents autour d’une table
champs_informations:
- intitule: Horaires
  contenu: de 14h à 15h15
- intitule: Modalités
  contenu: Inscription obligatoire
  lien: https://www.demarches-simplifiees.fr/commencer/atelier
---

Le jeudi 12 novembre 2026, un atelier.

**[Le 12/11 de 14h à 15h15] [Atelier]**\\
*Un atelier*
"""
    assert check_page(page(text)) == []


def test_problems_are_sorted_and_errors_are_told_apart(tmp_path):
    write(tmp_path, "b.markdown", with_dates("\nLe jeudi 03/11.\n"))
    write(
        tmp_path,
        "a.markdown",
        with_dates("\n<p style='x'>Le vendredi 03/11.</p>\n").replace("Atelier", "Rencontre"),
    )
    (tmp_path / "sub").mkdir()
    write(tmp_path, "sub/broken.md", "---\ntitle: [\n---\n")
    write(tmp_path, "README.md", "# Pas une page\n")
    got = check_paths([tmp_path])
    assert [(Path(p.path).name, p.line, p.code) for p in got] == [
        ("a.markdown", 8, "unsafe-html"),
        ("b.markdown", 8, "weekday-mismatch"),
        ("broken.md", 3, "yaml-syntax"),
    ]
    assert has_errors(got) and not has_errors(got[:1])
    # A file named explicitly is read even without front matter.
    (readme,) = check_paths([tmp_path / "README.md"])
    assert readme.code == "no-front-matter"


# --- the command ---------------------------------------------------------------------------


def write(tmp_path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


def test_command_text_json_and_exit_status(tmp_path, capsys):
    bad = write(tmp_path, "bad.markdown", with_dates("\nLe jeudi 03/11.\n"))
    with pytest.raises(CommandError) as error:
        call_command("check", str(bad))
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{bad}:8:4: weekday-mismatch: le 03/11/2023 est un vendredi")
    with pytest.raises(CommandError):
        call_command("check", str(bad), format="json")
    (item,) = json.loads(capsys.readouterr().out)
    assert item == {
        "path": str(bad),
        "line": 8,
        "column": 4,
        "code": "weekday-mismatch",
        "severity": "error",
        "message": item["message"],
    }
    good = write(tmp_path, "good.markdown", with_dates("\n<p style='x'>Le vendredi 03/11.</p>\n"))
    call_command("check", str(good))  # warnings only: exit status 0
    assert "unsafe-html" in capsys.readouterr().out


def test_command_without_paths_runs_djangos_system_checks(capsys):
    call_command("check")
    assert "System check identified no issues" in capsys.readouterr().out
    call_command("check", "events")
    with pytest.raises(CommandError, match="introuvable"):
        call_command("check", "no/such/page.markdown")


def test_command_list(capsys):
    call_command("check", list=True)
    out = capsys.readouterr().out
    for code in RULES:
        assert f"\n{code} (" in f"\n{out}"
    assert "faux  : " in out and "juste : " in out
    call_command("check", list=True, format="json")
    assert {r["code"] for r in json.loads(capsys.readouterr().out)} == set(RULES)


@pytest.mark.django_db
def test_command_published(capsys):
    from agenda.events.models import Event
    from agenda.events.services import save_page

    text = with_dates("\nLe jeudi 03/11.\n").lstrip("\n")
    event = save_page(page=parse_page(text, path="a.markdown", slug="a"))
    event.source_path, event.source_text = "", ""
    event.save()
    draft_text = text.replace("title: Atelier", "title: Brouillon\npublished: false")
    draft = save_page(page=parse_page(draft_text, path="b.markdown", slug="b"))
    assert event.status == Event.Status.PUBLISHED and draft.status == Event.Status.DRAFT
    with pytest.raises(CommandError):
        call_command("check", published=True)
    out = capsys.readouterr().out
    assert f"{event.slug}:" in out and "weekday-mismatch" in out and "b.markdown" not in out


def test_docs_list_every_rule():
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert docs == rules_markdown(), "docs/checks.md: agenda check --list --format markdown > …"


def test_odd_pages_do_not_break_the_rules():
    from agenda.lib.pages import Moment, PageData

    built = PageData(
        path="form",
        slug="form",
        text="",
        title="Atelier",
        start=Moment(__import__("datetime").date(2023, 11, 2)),
        body="Le jeudi 03/11, <img src='/x.png'>",
    )
    assert {p.code for p in check_page(built)} == {"weekday-mismatch", "missing-alt"}
    odd = """
---
title: Atelier
tags: [a, b]
categories: [a, b]
une-ou-diaporama:
- /uploads/bare.png
- {alternative-textuelle: sans image}
champs_informations:
- juste du texte
- intitule: Liste
  contenu: [a, b]
- intitule: Lien
  lien: ~
event_start_date: [2023]
---
"""
    got = {(p.code, p.line, p.severity) for p in check_page(page(odd))}
    assert ("missing-alt", 6, "error") in got
    assert ("malformed-field", 7, "warning") in got  # the reader's: an image without a path
    assert ("malformed-field", 9, "error") in got and ("malformed-field", 10, "error") in got
    assert ("bad-date", 14, "error") in got
    assert not any(code == "bad-url" for code, _, _ in got)  # `lien: ~` is no link
