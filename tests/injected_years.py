"""The other-year forms injected into the corpus pages (tests/injecting.py): the event's name,
edition or date with last year in every place a page writes them, and sentences that look
like them and are history."""

from __future__ import annotations

import re

from agenda.lib.frenchdates import MONTHS, WEEKDAYS

from .injecting import (
    Page,
    alt_text,
    body_end,
    body_rewrite,
    chapeau,
    days_before,
    front_lines,
    harmless,
    info_field,
    last_year,
    long_date,
    mistake,
    quoted,
)  # fmt: skip


def _other(page: Page) -> int:
    return page.day.year - 1


def _significant(name: str) -> list[str]:
    small = {"des", "les", "une", "pour", "par", "avec", "dans", "sur", "aux", "the"}
    words = re.findall(r"[^\W\d_][\w-]*", name)
    return [w for w in words if len(w) > 2 and w.lower() not in small]


def _tag(page: Page) -> str | None:
    """The event's name as a hashtag: "MoisInnovationPublique"."""
    name = page.name_of_event
    words = _significant(name)[:3]
    if len(words) < 2 or re.search(r"[«»?]|\blors\b", name):
        return None
    return "".join(w[0].upper() + w[1:] for w in words).replace("-", "")


def _initials(page: Page) -> str | None:
    """The initials of the title's words ("MIP" for "Mois de l’innovation publique")."""
    if not _named(page, "{name}"):
        return None
    words = _significant(page.name_of_event)
    return "".join(w[0] for w in words[:4]).upper() if 3 <= len(words) else None


def _named(page: Page, template: str):
    """A template that needs the event's name (a page whose title names nothing is skipped)."""
    name = page.name_of_event
    if len(name) < 4 or re.search(r"[«»?]|\blors\b", name):
        return None  # a question, a quotation, an event within another: no name to write
    return template.format(name=name, y=_other(page), yy=f"{_other(page) % 100:02d}")


OTHER_YEAR = [
    mistake("other-year", "chapeau: édition Y-1 (présent)",
            lambda p: chapeau(f"Bienvenue à l’édition {_other(p)} ! Venez découvrir les "
                              "ateliers.")),
    mistake("other-year", "chapeau: nom + Y-1 (futur)",
            lambda p: (s := _named(p, "{name} {y} se tiendra à Paris.")) and chapeau(s)),
    mistake("other-year", "corps: nom + Y-1 (présent)",
            lambda p: (s := _named(p, "{name} {y} vous accueille au Lieu de la transformation "
                                      "publique.")) and body_end(s)),
    mistake("other-year", "corps: « lors de l’édition Y-1, la DINUM propose »",
            lambda p: body_end(f"Lors de l’édition {_other(p)}, la DINUM propose trois "
                               "ateliers ouverts à tous.")),
    mistake("other-year", "corps: l’édition Y-1 de nom (futur)",
            lambda p: (s := _named(p, "L’édition {y} de {name} aura lieu au Lieu de la "
                                      "transformation publique.")) and body_end(s)),
    mistake("other-year", "corps: date de l’événement avec Y-1",
            lambda p: body_end(f"Rendez-vous le {long_date(last_year(p.day), True)} pour "
                               "cette rencontre.")),
    mistake("other-year", "corps: date JJ/MM/Y-1",
            lambda p: body_end(f"Nous vous attendons le {p.day:%d/%m}/{_other(p)} au Lieu de la "
                               "transformation publique.")),
    mistake("other-year", "champ Date: date avec Y-1",
            lambda p: info_field("Date", long_date(last_year(p.day), True))),
    mistake("other-year", "champ Quand: JJ.MM.Y-1",
            lambda p: info_field("Quand ?", f"{p.day.day}.{p.day.month:02d}.{_other(p)}")),
    mistake("other-year", "texte alternatif: nom + Y-1",
            lambda p: (s := _named(p, "{name} {y}")) and alt_text(s)),
    mistake("other-year", "texte alternatif: « Visuel : nom Y-1 »",
            lambda p: (s := _named(p, "Visuel : {name} {y}")) and alt_text(s)),
    mistake("other-year", "texte alternatif: édition Y-1",
            lambda p: alt_text(f"Visuel de l’édition {_other(p)}")),
    mistake("other-year", "titre: nom + Y-1",
            lambda p: (s := _named(p, "{name} {y}")) and front_lines(
                "title", f"title: {quoted(s)}", keep=False)),
    mistake("other-year", "chapeau: du JJ au JJ mois Y-1",
            lambda p: chapeau(f"Rendez-vous du {p.day.day} au {p.last_day.day + 1} "
                              f"{MONTHS[p.day.month - 1]} {_other(p)} pour des ateliers.")
            if p.last_day.month == p.day.month and p.last_day.day < 28 else None),
    mistake("other-year", "chapeau: « À l’occasion de l’édition Y-1 du nom »",
            lambda p: (s := _named(p, "À l’occasion de l’édition {y} de {name}, la DINUM "
                                      "organise une journée d’échanges.")) and chapeau(s)),
    mistake("other-year", "corps: « Cette année, l’édition Y-1 met à l’honneur »",
            lambda p: body_end(f"Cette année, l’édition {_other(p)} met à l’honneur les "
                               "agents publics.")),
    mistake("other-year", "corps: mot-dièse #NomY-1",
            lambda p: (t := _tag(p)) and body_end(f"Suivez l’événement sur les réseaux avec "
                                                  f"#{t}{_other(p)} !")),
    mistake("other-year", "corps: initiales + Y-1",
            lambda p: (i := _initials(p)) and body_end(f"Le {i} {_other(p)} vous donne "
                                                       "rendez-vous à Paris.")),
    mistake("other-year", "corps: nom ’YY",
            lambda p: (s := _named(p, "Bienvenue au {name} ’{yy}"))
            and s[s.index(" ’") - 1].isalpha() and body_end(s)),
    mistake("other-year", "corps: jour JJ mois Y-1 en intertitre",
            lambda p: body_end(f"### {WEEKDAYS[last_year(p.day).weekday()].capitalize()} "
                               f"{long_date(last_year(p.day), True)}")),
    mistake("other-year", "champ Événement: nom + Y-1",
            lambda p: (s := _named(p, "{name} {y}")) and info_field("Événement", s)),
    mistake("other-year", "légende: nom + Y-1",
            lambda p: (s := _named(p, "{name} {y}")) and front_lines(
                "une-ou-diaporama", '- image: "/uploads/affiche.png"',
                "  alternative-textuelle: Affiche", f"  legende: {quoted(s)}", line=2)),
    mistake("other-year", "corps: « Nous vous attendons le » date de l’an dernier",
            lambda p: body_end(f"Nous vous attendons le {long_date(days_before(p, 2), True)} au "
                               "Lieu de la transformation publique.")),
    mistake("other-year", "corps: « Inscrivez-vous pour la journée du » date Y-1",
            lambda p: body_end(f"Inscrivez-vous pour la journée du "
                               f"{long_date(last_year(p.day), True)}.")),
    harmless("other-year", "promotion Y-1 qui présente (nom d’une cohorte)",
             lambda p: body_end(f"La promotion {_other(p)} des entrepreneurs présente ses "
                                "projets.")),
    harmless("other-year", "enquête Y-1, rapport publié le … Y-1",
             lambda p: body_end(f"Selon l’enquête {_other(p)} de la DINUM, 70 % des agents "
                                f"utilisent ces outils (rapport publié le "
                                f"{long_date(days_before(p, 20), True)}).")),
    harmless("other-year", "« vous pouvez lire le rapport publié le » … Y-1",
             lambda p: body_end(f"Vous pouvez lire le rapport publié le "
                                f"{long_date(days_before(p, 20), True)}.")),
    harmless("other-year", "loi datée, copyright, rapport Y-1",
             lambda p: body_end(f"La loi du 7 octobre 2016 pour une République numérique "
                                f"s’applique. © {_other(p)} DINUM. Rapport d’activité "
                                f"{_other(p)}.")),
    harmless("other-year", "bilan de l’édition Y-1",
             lambda p: body_end(f"Retrouvez le bilan de l’édition {_other(p)} sur notre site.")),
    harmless("other-year", "précédente édition (Y-1)",
             lambda p: body_end(f"Lors de la précédente édition ({_other(p)}), 300 personnes "
                                "étaient présentes.")),
    harmless("other-year", "stratégie Y-1–Y+3",
             lambda p: body_end(f"Cet atelier s’inscrit dans la feuille de route "
                                f"{_other(p)}-{_other(p) + 4} de la DINUM.")),
    harmless("other-year", "image rangée sous /uploads/Y-1/",
             lambda p: front_lines("une-ou-diaporama",
                                   f'- image: "/uploads/{_other(p)}/affiche.png"',
                                   "  alternative-textuelle: Affiche de l’événement")),
    harmless("other-year", "nom + Y-1 au passé",
             lambda p: (s := _named(p, "{name} {y} avait attiré 500 personnes.")) and body_end(s)),
    harmless("other-year", "passé: l’édition Y-1 avait réuni",
             lambda p: body_end(f"L’édition {_other(p)} avait réuni plus de 300 participants.")),
    harmless("other-year", "passé composé: en Y-1, nom a accueilli",
             lambda p: (s := _named(p, "En {y}, {name} a accueilli 200 personnes."))
             and body_end(s)),
    harmless("other-year", "lien avec une année",
             lambda p: body_end(f"[Télécharger le programme](https://www.numerique.gouv.fr/"
                                f"uploads/{_other(p)}/programme.pdf)")),
    harmless("other-year", "revivez l’édition Y-1",
             lambda p: body_end(f"Revivez l’édition {_other(p)} en vidéo.")),
    harmless("other-year", "depuis Y-1",
             lambda p: body_end(f"Depuis {_other(p)}, la DINUM organise ces rencontres.")),
    harmless("other-year", "lors de l’édition Y-1 (passé)",
             lambda p: body_end(f"Lors de l’édition {_other(p)}, les participants ont "
                                "proposé 40 idées.")),
    harmless("other-year", "lors de l’édition Y-1, un bilan chiffré",
             lambda p: body_end(f"Lors de l’édition {_other(p)}, près de 900 participants "
                                "dans 30 villes.")),
    harmless("other-year", "lors de l’édition Y-1, une belle réussite",
             lambda p: body_end(f"Lors de l’édition {_other(p)}, une belle réussite avec "
                                "une trentaine d’ateliers.")),
    harmless("other-year", "espaces insécables",
             lambda p: body_rewrite(lambda b: b.replace(" ", "\xa0"))),
]  # fmt: skip
