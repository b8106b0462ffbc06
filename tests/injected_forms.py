"""The forms injected into the corpus pages (tests/injecting.py) for time-mismatch,
weekday-mismatch, session-outside-event and malformed-field; other-year's are in
tests/injected_years.py. `FORMS`: all of them."""

from __future__ import annotations

import datetime as dt
import re

from agenda.lib.frenchdates import MONTHS, WEEKDAYS

from .injected_years import OTHER_YEAR
from .injecting import (
    Page,
    alt_text,
    body_end,
    body_rewrite,
    chapeau,
    front_lines,
    harmless,
    info_field,
    last_year,
    long_date,
    mistake,
    wrong_weekday,
)  # fmt: skip


def _other_h(page: Page) -> int:
    """An hour that is not the front matter's start."""
    return 14 if page.hour != 14 else 10


def _start_hour(p: Page) -> str:
    """The front matter's start as "9h" or "9h30"."""
    minutes = p.start.minute if isinstance(p.start, dt.datetime) else 0
    return f"{p.hour}h{minutes:02d}" if minutes else f"{p.hour}h"


TIME_MISMATCH = [
    mistake("time-mismatch", "chapeau: à 14h",
            lambda p: chapeau(f"Rendez-vous à {_other_h(p)}h au Lieu de la transformation "
                              "publique."), needs_hour=True),
    mistake("time-mismatch", "chapeau: 14 h 00",
            lambda p: chapeau(f"Un atelier le {long_date(p.day)} à {_other_h(p)} h 00 pour "
                              "découvrir les outils."), needs_hour=True),
    mistake("time-mismatch", "chapeau: de 14:00 à 16:00",
            lambda p: chapeau(f"Un atelier en ligne de {_other_h(p)}:00 à "
                              f"{_other_h(p) + 2}:00."), needs_hour=True),
    mistake("time-mismatch", "chapeau: dès 14 heures",
            lambda p: chapeau(f"Nous vous attendons dès {_other_h(p)} heures."),
            needs_hour=True),
    mistake("time-mismatch", "champ Horaires: de 14h à 16h",
            lambda p: info_field("Horaires", f"de {_other_h(p)}h à {_other_h(p) + 2}h"),
            needs_hour=True),
    mistake("time-mismatch", "champ Quand: date, 14 h 00",
            lambda p: info_field("Quand ?", f"{long_date(p.day)}, {_other_h(p)} h 00"),
            needs_hour=True),
    mistake("time-mismatch", "champ Horaire: 14:00 – 16:00",
            lambda p: info_field("Horaire", f"{_other_h(p)}:00 – {_other_h(p) + 2}:00"),
            needs_hour=True),
    mistake("time-mismatch", "chapeau: à partir de 14h",
            lambda p: chapeau(f"Un atelier à partir de {_other_h(p)}h pour découvrir les "
                              "outils."), needs_hour=True),
    mistake("time-mismatch", "chapeau: le JJ mois, 14h-16h",
            lambda p: chapeau(f"Le {long_date(p.day)}, {_other_h(p)}h-{_other_h(p) + 2}h "
                              ": atelier en ligne."), needs_hour=True),
    mistake("time-mismatch", "chapeau: De 14h00 à 16h00",
            lambda p: chapeau(f"De {_other_h(p)}h00 à {_other_h(p) + 2}h00, venez "
                              "échanger avec les équipes."), needs_hour=True),
    mistake("time-mismatch", "chapeau: à 14 heures 30",
            lambda p: chapeau(f"Rendez-vous le {long_date(p.day)} à {_other_h(p)} heures 30."),
            needs_hour=True),
    mistake("time-mismatch", "champ Infos pratiques: le JJ mois, de 14 h à 16 h",
            lambda p: info_field("Infos pratiques", f"Le {long_date(p.day)}, de {_other_h(p)} h "
                                 f"à {_other_h(p) + 2} h"), needs_hour=True),
    mistake("time-mismatch", "champ Horaires: 14h - 16h (accueil à 13h45)",
            lambda p: info_field("Horaires", f"{_other_h(p)}h - {_other_h(p) + 2}h "
                                 f"(accueil à {_other_h(p) - 1}h45)"), needs_hour=True),
    mistake("time-mismatch", "champ Date et heure: jour JJ mois AAAA à 14h",
            lambda p: info_field("Date et heure", f"{WEEKDAYS[p.day.weekday()]} "
                                 f"{long_date(p.day, True)} à {_other_h(p)}h"), needs_hour=True),
    mistake("time-mismatch", "corps seul: « Nous vous attendons le JJ mois à 14h »",
            lambda p: body_end(f"Nous vous attendons le {long_date(p.day)} à {_other_h(p)}h.")
            if not p.sessions and not p.times_elsewhere else None, needs_hour=True),
    mistake("time-mismatch", "chapeau: De 14 à 16 h",
            lambda p: chapeau(f"De {_other_h(p)} à {_other_h(p) + 2} h, un atelier "
                              "pour découvrir les outils."), needs_hour=True),
    mistake("time-mismatch", "chapeau: Début : 14h",
            lambda p: chapeau(f"Début : {_other_h(p)}h. Un atelier pour découvrir les "
                              "outils."), needs_hour=True),
    mistake("time-mismatch", "champ Horaires: de 14h jusqu’à 16h",
            lambda p: info_field("Horaires", f"de {_other_h(p)}h jusqu’à "
                                 f"{_other_h(p) + 2}h"), needs_hour=True),
    mistake("time-mismatch", "champ Horaires: 14H–16H",
            lambda p: info_field("Horaires", f"{_other_h(p)}H–{_other_h(p) + 2}H"),
            needs_hour=True),
    harmless("time-mismatch", "chapeau: accueil avant le début",
             lambda p: chapeau(f"Accueil à partir de {p.hour - 1}h30, début à "
                               f"{_start_hour(p)}."), needs_hour=True),
    harmless("time-mismatch", "chapeau: ouverture des portes",
             lambda p: chapeau(f"Ouverture des portes à {p.hour - 1}h."), needs_hour=True),
    harmless("time-mismatch", "chapeau: fin à 17 h",
             lambda p: chapeau(f"L’atelier se termine à {min(p.hour + 3, 23)} h."),
             needs_hour=True),
    harmless("time-mismatch", "chapeau: prochaine session un autre jour",
             lambda p: chapeau(f"La prochaine session aura lieu le "
                               f"{long_date(p.day + dt.timedelta(days=7))} à 14h."),
             needs_hour=True),
    harmless("time-mismatch", "chapeau: webinaire d’1 h 30",
             lambda p: chapeau("Un webinaire d’1 h 30 pour tout comprendre."), needs_hour=True),
    harmless("time-mismatch", "champ Horaires: même heure, accueil avant",
             lambda p: info_field("Horaires", f"{_start_hour(p)} - {p.hour + 2}h (accueil dès "
                                  f"{p.hour - 1}h30)"), needs_hour=True),
    harmless("time-mismatch", "champ Horaires: même heure en HH:MM",
             lambda p: info_field("Horaires", f"{p.hour:02d}:{p.start.minute:02d} – "
                                  f"{p.hour + 2:02d}:00"), needs_hour=True),
    harmless("time-mismatch", "chapeau: même heure « 9 heures »",
             lambda p: chapeau(f"Rendez-vous à {p.hour} heures"
                               f"{f' {p.start.minute}' if p.start.minute else ''}."),
             needs_hour=True),
    harmless("time-mismatch", "chapeau: même heure « à 9h »",
             lambda p: chapeau(f"Rendez-vous à {_start_hour(p)} au Lieu de la transformation "
                               "publique."), needs_hour=True),
    harmless("time-mismatch", "chapeau: même heure « dès 9h30 »",
             lambda p: chapeau(f"Nous vous attendons dès {_start_hour(p)}."),
             needs_hour=True),
    harmless("time-mismatch", "champ Horaires: même heure 9 h 30 - 18 h",
             lambda p: info_field("Horaires", f"{_spelt(_start_hour(p))} - {p.hour + 2} h"),
             needs_hour=True),
    harmless("time-mismatch", "chapeau: échéance à 18h",
             lambda p: chapeau("Inscriptions ouvertes jusqu’à la veille, 18h."), needs_hour=True),
    harmless("time-mismatch", "chapeau: durée de 2 h",
             lambda p: chapeau("Une formation de 2 h pour découvrir les outils."),
             needs_hour=True),
    harmless("time-mismatch", "corps: heures « 14 h 30 »",
             lambda p: body_rewrite(lambda b: re.sub(r"(\d)h(\d\d)?", _spaced, b)),
             needs_hour=True),
    harmless("time-mismatch", "corps: heures « 14H30 »",
             lambda p: body_rewrite(lambda b: re.sub(r"(\d)h(?=\d\d|\W)", r"\1H", b)),
             needs_hour=True),
    harmless("time-mismatch", "corps: espaces insécables",
             lambda p: body_rewrite(lambda b: b.replace(" ", "\xa0")), needs_hour=True),
]  # fmt: skip


def _spelt(hour: str) -> str:
    """ "9h30" -> "9 h 30", "9h" -> "9 h"."""
    return hour.replace("h", " h ").strip()


def _spaced(match: re.Match[str]) -> str:
    return f"{match[1]} h {match[2]}" if match[2] else f"{match[1]} h"


def _after(page: Page) -> dt.date:
    return page.last_day + dt.timedelta(days=3)


WEEKDAY_MISMATCH = [
    mistake("weekday-mismatch", "corps: mardi 14 novembre",
            lambda p: body_end(f"Rendez-vous le {wrong_weekday(p.day)} {long_date(p.day)}.")),
    mistake("weekday-mismatch", "corps: Mardi 14/11",
            lambda p: body_end(f"**{wrong_weekday(p.day).capitalize()} {p.day:%d/%m}**")),
    mistake("weekday-mismatch", "corps: mardi 14 novembre AAAA",
            lambda p: body_end(f"Le {wrong_weekday(p.day)} {long_date(p.day, True)}, venez.")),
    mistake("weekday-mismatch", "corps: MARDI 14 NOVEMBRE",
            lambda p: body_end(f"{wrong_weekday(p.day)} {long_date(p.day)}".upper())),
    mistake("weekday-mismatch", "chapeau: le mardi 14 novembre",
            lambda p: chapeau(f"Un atelier le {wrong_weekday(p.day)} {long_date(p.day)}.")),
    mistake("weekday-mismatch", "champ Date: mardi 14/11",
            lambda p: info_field("Date", f"{wrong_weekday(p.day)} {p.day:%d/%m}")),
    mistake("weekday-mismatch", "corps: jeu. JJ/MM abrégé",
            lambda p: body_end(f"* {wrong_weekday(p.day)[:3]}. {p.day:%d/%m} : atelier")),
    mistake("weekday-mismatch", "texte alternatif: jour JJ mois",
            lambda p: alt_text(f"Affiche : {wrong_weekday(p.day)} {long_date(p.day)}")),
    mistake("weekday-mismatch", "chapeau: jour 1er/JJ mois en majuscule initiale",
            lambda p: chapeau(f"{wrong_weekday(p.day).capitalize()} {long_date(p.day)} : un "
                              "atelier pour découvrir les outils.")),
    mistake("weekday-mismatch", "corps: jour JJ et jour JJ mois (le premier faux)",
            lambda p: body_end(f"Les {wrong_weekday(p.day)} {p.day.day} et "
                               f"{WEEKDAYS[(p.day + dt.timedelta(days=1)).weekday()]} "
                               f"{(p.day + dt.timedelta(days=1)).day} "
                               f"{MONTHS[(p.day + dt.timedelta(days=1)).month - 1]}")
            if (p.day + dt.timedelta(days=1)).month == p.day.month else None),
    mistake("weekday-mismatch", "corps: Jour JJ/MM/AAAA",
            lambda p: body_end(f"{wrong_weekday(p.day).capitalize()} {p.day:%d/%m/%Y}")),
    mistake("weekday-mismatch", "corps: le jour JJ mois prochain",
            lambda p: body_end(f"Rendez-vous le {wrong_weekday(p.day)} {long_date(p.day)} "
                               "prochain.")),
    harmless("weekday-mismatch", "corps: jour juste d’une autre année",
             lambda p: body_end(f"L’édition précédente s’était tenue le "
                                f"{WEEKDAYS[last_year(p.day).weekday()]} "
                                f"{long_date(last_year(p.day), True)}.")),
    harmless("weekday-mismatch", "corps: tous les mardis, mardi prochain",
             lambda p: body_end("Permanence tous les mardis ; prochain rendez-vous mardi "
                                "prochain.")),
    harmless("weekday-mismatch", "corps: bon jour de la semaine",
             lambda p: body_end(f"Rendez-vous le {WEEKDAYS[p.day.weekday()]} {long_date(p.day)}.")),
    harmless("weekday-mismatch", "corps: les mardis",
             lambda p: body_end("Les permanences ont lieu les mardis et les jeudis.")),
]  # fmt: skip


SESSION_OUTSIDE = [
    mistake("session-outside-event", "corps: [Le JJ/MM de 14h à 15h]",
            lambda p: body_end(f"**[Le {_after(p):%d/%m} de 14h à 15h] [Atelier]**\\\n"
                               "*Atelier de clôture*")),
    mistake("session-outside-event", "corps: * **Titre**, jour, 17h-17h30",
            lambda p: body_end(f"* **Atelier de clôture**, {WEEKDAYS[_after(p).weekday()]} "
                               f"{long_date(_after(p))}, 17h-17h30")),
    mistake("session-outside-event", "corps: intertitre de jour puis créneau",
            lambda p: body_end(f"#### {WEEKDAYS[_after(p).weekday()].capitalize()} "
                               f"{long_date(_after(p))}\n\n* 10h-11h : Atelier de clôture")),
    mistake("session-outside-event", "corps: phrase « Le 17 novembre, de 10 h à 12 h : »",
            lambda p: body_end(f"Le {long_date(_after(p))}, de 10 h à 12 h : atelier de clôture.")),
    mistake("session-outside-event", "corps: intertitre JJ/MM/AAAA puis créneau",
            lambda p: body_end(f"**{_after(p):%d/%m/%Y}**\n\n* 17h-18h : Atelier de clôture")),
    mistake("session-outside-event", "corps: plage quotidienne qui déborde",
            lambda p: body_end(f"**[Du {p.last_day:%d/%m} au {_after(p):%d/%m} de 17h à 17h30] "
                               "[Permanence]**")),
    mistake("session-outside-event", "corps: <b>Le jour JJ/MM de 16h15 à 18h15<br>",
            lambda p: body_end(f"<b>Le {WEEKDAYS[_after(p).weekday()]} {_after(p):%d/%m} de "
                               "16h15 à 18h15<br>[Meetup]</b> <i>Atelier de clôture</i>")),
    mistake("session-outside-event", "corps: * Le JJ mois : Plénière",
            lambda p: body_end(f"* Le {long_date(_after(p))} : Plénière de clôture")),
    mistake("session-outside-event", "corps: la veille, [Le JJ/MM à 9h]",
            lambda p: body_end(f"**[Le {p.day - dt.timedelta(days=2):%d/%m} à 9h] [Atelier]** "
                               "Atelier de préparation")),
    mistake("session-outside-event", "corps: Jour JJ mois AAAA, de 14h à 16h : titre",
            lambda p: body_end(f"{WEEKDAYS[_after(p).weekday()].capitalize()} "
                               f"{long_date(_after(p), True)}, de 14h à 16h : atelier de clôture")),
    mistake("session-outside-event", "corps: ligne de tableau",
            lambda p: body_end(f"| Date | Horaire | Atelier |\n|---|---|---|\n"
                               f"| {_after(p):%d/%m} | 14h-16h | Atelier de clôture |", 2)),
    harmless("session-outside-event", "corps: inscriptions jusqu’au JJ/MM à 12h",
             lambda p: body_end(f"Inscriptions jusqu’au {p.day - dt.timedelta(days=3):%d/%m} "
                                "à 12h.")),
    harmless("session-outside-event", "corps: date limite de candidature",
             lambda p: body_end("Date limite de candidature : "
                                f"{long_date(p.day - dt.timedelta(days=5))}.")),
    harmless("session-outside-event", "corps: replay après l’événement",
             lambda p: body_end(f"Le replay sera disponible à partir du {long_date(_after(p))}.")),
    harmless("session-outside-event", "corps: séance dans l’événement",
             lambda p: body_end(f"* **Atelier**, {WEEKDAYS[p.day.weekday()]} {long_date(p.day)}, "
                                "17h-17h30")),
    harmless("session-outside-event", "corps: prochaine édition annoncée",
             lambda p: body_end(f"La prochaine édition aura lieu en {p.day.year + 1}.")),
]  # fmt: skip


MALFORMED_FIELD = [
    mistake("malformed-field", "clé inconnue url:",
            lambda p: front_lines("champs_informations", "- intitule: Inscription",
                                  "  url: https://www.demarches-simplifiees.fr/")),
    mistake("malformed-field", "- Inscription: … (sans intitule)",
            lambda p: front_lines("champs_informations", "- Inscription: sur le site")),
    mistake("malformed-field", "entrée en texte",
            lambda p: front_lines("champs_informations", "- 'Public : agents publics'")),
    mistake("malformed-field", "intitule vide",
            lambda p: front_lines("champs_informations", "- intitule:",
                                  "  contenu: agents publics")),
    mistake("malformed-field", "clé écrite deux fois",
            lambda p: front_lines("champs_informations", "- intitule: Public",
                                  "  contenu: agents", "  contenu: agents publics")),
    mistake("malformed-field", "contenu en liste",
            lambda p: front_lines("champs_informations", "- intitule: Public",
                                  "  contenu:", "  - agents", "  - élus")),
    mistake("malformed-field", "intitulé: accentué",
            lambda p: front_lines("champs_informations", "- intitulé: Public",
                                  "  contenu: agents publics")),
    mistake("malformed-field", "acces en texte",
            lambda p: front_lines("acces", "- Métro Ségur (ligne 10)")),
    mistake("malformed-field", "-intitule: sans espace après le tiret",
            lambda p: front_lines("champs_informations", "champs_informations:",
                                  "-intitule: Public", keep=False, line=1)),
    mistake("malformed-field", "- contenu: dans une entrée à part",
            lambda p: front_lines("champs_informations", "- intitule: Public",
                                  "- contenu: agents publics", line=1)),
    mistake("malformed-field", "Intitule: en majuscule",
            lambda p: front_lines("champs_informations", "- Intitule: Public",
                                  "  contenu: agents publics")),
    mistake("malformed-field", "acces: lignes: 28, 82",
            lambda p: front_lines("acces", "- type: Bus", "  lignes: 28, 82")),
    mistake("malformed-field", "acces: lignes en texte",
            lambda p: front_lines("acces", "- type: Métro", "  lignes:",
                                  "  - Ségur (ligne 10)")),
    mistake("malformed-field", "acces: clé ligne:",
            lambda p: front_lines("acces", "- type: Métro", "  ligne:", "  - nom: Ségur")),
    mistake("malformed-field", "acces en dictionnaire",
            lambda p: front_lines("acces", "acces:", "  type: Métro", "  lignes:",
                                  "  - nom: Ségur", keep=False)),
    harmless("malformed-field", "acces: nom vide, espaces, modèle laissé vide",
             lambda p: front_lines("acces", "- type: ' RER '", "  lignes:", "  - nom: ' C '",
                                   "  - nom:", "- lien:", "  - Key:")),
    harmless("malformed-field", "espaces en trop, lien vide",
             lambda p: front_lines("champs_informations", "- intitule: '  Public '",
                                   "  contenu: 'agents  '", "  lien:")),
    harmless("malformed-field", "contenu nombre et date",
             lambda p: front_lines("champs_informations", "- intitule: Places",
                                   "  contenu: 25", "- intitule: Date", "  contenu: 2025-04-08")),
]  # fmt: skip


FORMS = [*OTHER_YEAR, *TIME_MISMATCH, *WEEKDAY_MISMATCH, *SESSION_OUTSIDE, *MALFORMED_FIELD]
