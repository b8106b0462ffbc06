"""Mistakes injected into the real pages of ../shared/corpus, and harmless rewritings of them
(issue 11, item 5): a check that generalises finds a mistake an editor makes in every surface
form it takes, on pages it was not tuned to, and stays silent when the same words say nothing
wrong.

Each `Form` edits one corpus page (its chapeau, an information field, an image's alternative
text, the front matter or the end of its body) and says at which line the problem must be
reported, or that no problem of its code may appear. Only pages whose expectations list no
problem of the form's code are edited, so whatever the check reports of that code comes from
the edit. `python -m tests.injecting` prints the table code × form → found, missed, false alarms.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from agenda.lib.frenchdates import MONTHS, WEEKDAYS

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
_FRONT_END = re.compile(r"^---[ \t]*$", re.M)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Page:
    """A corpus page and what the edits need to know of it."""

    name: str
    text: str
    start: dt.date | dt.datetime
    end: dt.date | None
    title: str
    codes: frozenset[str]  # the codes its expectations list
    sessions: int = 0  # how many sessions its expectations list
    times_elsewhere: bool = False  # its chapeau or an information field writes an hour

    @property
    def day(self) -> dt.date:
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    @property
    def last_day(self) -> dt.date:
        return self.end if self.end and self.end >= self.day else self.day

    @property
    def hour(self) -> int | None:
        """The front matter's start hour, when it gives one (00:00 means none)."""
        if isinstance(self.start, dt.datetime) and self.start.time() != dt.time():
            return self.start.hour
        return None

    @property
    def name_of_event(self) -> str:
        """The title as an editor names the event in a sentence: before a colon, a dash or a
        parenthesis, without its years and hashtags."""
        name = re.split(r"\s[:–—-]\s|\s?[:(]", self.title)[0]
        name = _YEAR.sub("", re.sub(r"#\S+", "", name))
        return " ".join(name.split()).strip(" ,'\"")


@dataclass(frozen=True)
class Edited:
    text: str
    line: int | None  # where the problem must be reported; None: no problem of the code


@dataclass(frozen=True)
class Form:
    code: str
    name: str
    edit: Callable[[Page], Edited | None]
    harmless: bool = False
    needs_hour: bool = False


# --- editing a page -----------------------------------------------------------------------------


def _front_end(text: str) -> int:
    """Offset of the line closing the front matter."""
    return list(_FRONT_END.finditer(text))[1].start()


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _front_block(lines: list[str], key: str) -> tuple[int, int] | None:
    """(first, end) line indexes of a top-level key and the lines that belong to it."""
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            end = index + 1
            while end < len(lines) and (lines[end][:1] in (" ", "\t", "-") or not lines[end]):
                if lines[end] == "---":
                    break
                end += 1
            return index, end
    return None


def _with_front(page: Page, key: str, block: list[str], *, keep: bool) -> tuple[str, int]:
    """The page with `block` (top-level YAML lines) written at the end of the key's block
    (`keep`) or instead of it, or before the closing `---`; and the block's first line."""
    end = _front_end(page.text)
    head, tail = page.text[:end], page.text[end:]
    lines = head.split("\n")[:-1]
    found = _front_block(lines, key)
    if found is None:
        at = len(lines)
        lines[at:at] = block if not keep else [f"{key}:", *block]
        first = at + (1 if keep else 0)
    elif keep:
        at = found[1]
        lines[at:at] = block
        first = at
    else:
        lines[found[0] : found[1]] = block
        first = found[0]
    return "\n".join(lines) + "\n" + tail, first + 1


def chapeau(sentence: str) -> Callable[[Page], tuple[str, int]]:
    def edit(page: Page) -> tuple[str, int]:
        return _with_front(page, "chapeau-text", [f"chapeau-text: {_quoted(sentence)}"], keep=False)

    return edit


def info_field(label: str, content: str) -> Callable[[Page], tuple[str, int]]:
    def edit(page: Page) -> tuple[str, int]:
        entry = [f"- intitule: {label}", f"  contenu: {_quoted(content)}"]
        text, first = _with_front(page, "champs_informations", entry, keep=True)
        return text, first + 1  # the content's line

    return edit


def front_lines(
    key: str, *block: str, keep: bool = True, line: int = 0
) -> Callable[[Page], tuple[str, int]]:
    """`block` written in the key's block (`keep`) or instead of it; the problem at the
    block's line `line` (0: its first)."""

    def edit(page: Page) -> tuple[str, int]:
        text, first = _with_front(page, key, list(block), keep=keep)
        return text, first + line

    return edit


def alt_text(alt: str) -> Callable[[Page], tuple[str, int]]:
    def edit(page: Page) -> tuple[str, int]:
        entry = ['- image: "/uploads/affiche.png"', f"  alternative-textuelle: {_quoted(alt)}"]
        text, first = _with_front(page, "une-ou-diaporama", entry, keep=True)
        return text, first + 1

    return edit


def body_end(paragraph: str, offset: int = 0) -> Callable[[Page], tuple[str, int]]:
    """The paragraph added after the body; the problem at its line `offset` (0: its first)."""

    def edit(page: Page) -> tuple[str, int]:
        text = page.text.rstrip("\n") + "\n\n"
        return text + paragraph + "\n", _line_of(text, len(text)) + offset

    return edit


def body_rewrite(rewrite: Callable[[str], str]) -> Callable[[Page], tuple[str, int]]:
    """The body rewritten line for line (the same number of lines)."""

    def edit(page: Page) -> tuple[str, int]:
        end = page.text.index("\n", _front_end(page.text)) + 1
        body = rewrite(page.text[end:])
        assert body.count("\n") == page.text[end:].count("\n")
        return page.text[:end] + body, 0

    return edit


def start_line(text: str) -> int:
    match = re.search(r"^event_start_date:", text, re.M)
    return _line_of(text, match.start()) if match else 0


# --- words of a page's dates ------------------------------------------------------------------


def _long(day: dt.date, year: bool = False) -> str:
    written = f"{day.day if day.day > 1 else '1er'} {MONTHS[day.month - 1]}"
    return f"{written} {day.year}" if year else written


def _days_before(page: Page, days: int) -> dt.date:
    """A day of last year, `days` before the event's first day moved a year back."""
    return _last_year(page.day) - dt.timedelta(days=days)


def _wrong_weekday(day: dt.date) -> str:
    return WEEKDAYS[(day.weekday() + 1) % 7]


def _last_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=min(day.day, 28))


# --- the forms --------------------------------------------------------------------------------


def mistake(code: str, name: str, make, *, needs_hour: bool = False) -> Form:
    """A form whose edit must be reported: at its line, or (time-mismatch) at the start's."""

    def edit(page: Page) -> Edited | None:
        made = make(page)
        if not made:
            return None
        text, line = made(page)
        return Edited(text, start_line(text) if code == "time-mismatch" else line)

    return Form(code, name, edit, needs_hour=needs_hour)


def harmless(code: str, name: str, make, *, needs_hour: bool = False) -> Form:
    def edit(page: Page) -> Edited | None:
        made = make(page)
        if not made:
            return None
        return Edited(made(page)[0], None)

    return Form(code, name, edit, harmless=True, needs_hour=needs_hour)


def _other(page: Page) -> int:
    return page.day.year - 1


def _another_hour(page: Page) -> int:
    return 14 if page.hour != 14 else 10


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
            lambda p: body_end(f"Rendez-vous le {_long(_last_year(p.day), True)} pour "
                               "cette rencontre.")),
    mistake("other-year", "corps: date JJ/MM/Y-1",
            lambda p: body_end(f"Nous vous attendons le {p.day:%d/%m}/{_other(p)} au Lieu de la "
                               "transformation publique.")),
    mistake("other-year", "champ Date: date avec Y-1",
            lambda p: info_field("Date", _long(_last_year(p.day), True))),
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
                "title", f"title: {_quoted(s)}", keep=False)),
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
            lambda p: body_end(f"### {WEEKDAYS[_last_year(p.day).weekday()].capitalize()} "
                               f"{_long(_last_year(p.day), True)}")),
    mistake("other-year", "champ Événement: nom + Y-1",
            lambda p: (s := _named(p, "{name} {y}")) and info_field("Événement", s)),
    mistake("other-year", "légende: nom + Y-1",
            lambda p: (s := _named(p, "{name} {y}")) and front_lines(
                "une-ou-diaporama", '- image: "/uploads/affiche.png"',
                "  alternative-textuelle: Affiche", f"  legende: {_quoted(s)}", line=2)),
    mistake("other-year", "corps: « Nous vous attendons le » date de l’an dernier",
            lambda p: body_end(f"Nous vous attendons le {_long(_days_before(p, 2), True)} au "
                               "Lieu de la transformation publique.")),
    mistake("other-year", "corps: « Inscrivez-vous pour la journée du » date Y-1",
            lambda p: body_end(f"Inscrivez-vous pour la journée du "
                               f"{_long(_last_year(p.day), True)}.")),
    harmless("other-year", "promotion Y-1 qui présente (nom d’une cohorte)",
             lambda p: body_end(f"La promotion {_other(p)} des entrepreneurs présente ses "
                                "projets.")),
    harmless("other-year", "enquête Y-1, rapport publié le … Y-1",
             lambda p: body_end(f"Selon l’enquête {_other(p)} de la DINUM, 70 % des agents "
                                f"utilisent ces outils (rapport publié le "
                                f"{_long(_days_before(p, 20), True)}).")),
    harmless("other-year", "« vous pouvez lire le rapport publié le » … Y-1",
             lambda p: body_end(f"Vous pouvez lire le rapport publié le "
                                f"{_long(_days_before(p, 20), True)}.")),
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


def _start_hour(p: Page) -> str:
    """The front matter's start as "9h" or "9h30"."""
    minutes = p.start.minute if isinstance(p.start, dt.datetime) else 0
    return f"{p.hour}h{minutes:02d}" if minutes else f"{p.hour}h"


TIME_MISMATCH = [
    mistake("time-mismatch", "chapeau: à 14h",
            lambda p: chapeau(f"Rendez-vous à {_another_hour(p)}h au Lieu de la transformation "
                              "publique."), needs_hour=True),
    mistake("time-mismatch", "chapeau: 14 h 00",
            lambda p: chapeau(f"Un atelier le {_long(p.day)} à {_another_hour(p)} h 00 pour "
                              "découvrir les outils."), needs_hour=True),
    mistake("time-mismatch", "chapeau: de 14:00 à 16:00",
            lambda p: chapeau(f"Un atelier en ligne de {_another_hour(p)}:00 à "
                              f"{_another_hour(p) + 2}:00."), needs_hour=True),
    mistake("time-mismatch", "chapeau: dès 14 heures",
            lambda p: chapeau(f"Nous vous attendons dès {_another_hour(p)} heures."),
            needs_hour=True),
    mistake("time-mismatch", "champ Horaires: de 14h à 16h",
            lambda p: info_field("Horaires", f"de {_another_hour(p)}h à {_another_hour(p) + 2}h"),
            needs_hour=True),
    mistake("time-mismatch", "champ Quand: date, 14 h 00",
            lambda p: info_field("Quand ?", f"{_long(p.day)}, {_another_hour(p)} h 00"),
            needs_hour=True),
    mistake("time-mismatch", "champ Horaire: 14:00 – 16:00",
            lambda p: info_field("Horaire", f"{_another_hour(p)}:00 – {_another_hour(p) + 2}:00"),
            needs_hour=True),
    mistake("time-mismatch", "chapeau: à partir de 14h",
            lambda p: chapeau(f"Un atelier à partir de {_another_hour(p)}h pour découvrir les "
                              "outils."), needs_hour=True),
    mistake("time-mismatch", "chapeau: le JJ mois, 14h-16h",
            lambda p: chapeau(f"Le {_long(p.day)}, {_another_hour(p)}h-{_another_hour(p) + 2}h "
                              ": atelier en ligne."), needs_hour=True),
    mistake("time-mismatch", "chapeau: De 14h00 à 16h00",
            lambda p: chapeau(f"De {_another_hour(p)}h00 à {_another_hour(p) + 2}h00, venez "
                              "échanger avec les équipes."), needs_hour=True),
    mistake("time-mismatch", "chapeau: à 14 heures 30",
            lambda p: chapeau(f"Rendez-vous le {_long(p.day)} à {_another_hour(p)} heures 30."),
            needs_hour=True),
    mistake("time-mismatch", "champ Infos pratiques: le JJ mois, de 14 h à 16 h",
            lambda p: info_field("Infos pratiques", f"Le {_long(p.day)}, de {_another_hour(p)} h "
                                 f"à {_another_hour(p) + 2} h"), needs_hour=True),
    mistake("time-mismatch", "champ Horaires: 14h - 16h (accueil à 13h45)",
            lambda p: info_field("Horaires", f"{_another_hour(p)}h - {_another_hour(p) + 2}h "
                                 f"(accueil à {_another_hour(p) - 1}h45)"), needs_hour=True),
    mistake("time-mismatch", "champ Date et heure: jour JJ mois AAAA à 14h",
            lambda p: info_field("Date et heure", f"{WEEKDAYS[p.day.weekday()]} "
                                 f"{_long(p.day, True)} à {_another_hour(p)}h"), needs_hour=True),
    mistake("time-mismatch", "corps seul: « Nous vous attendons le JJ mois à 14h »",
            lambda p: body_end(f"Nous vous attendons le {_long(p.day)} à {_another_hour(p)}h.")
            if not p.sessions and not p.times_elsewhere else None, needs_hour=True),
    mistake("time-mismatch", "chapeau: De 14 à 16 h",
            lambda p: chapeau(f"De {_another_hour(p)} à {_another_hour(p) + 2} h, un atelier "
                              "pour découvrir les outils."), needs_hour=True),
    mistake("time-mismatch", "chapeau: Début : 14h",
            lambda p: chapeau(f"Début : {_another_hour(p)}h. Un atelier pour découvrir les "
                              "outils."), needs_hour=True),
    mistake("time-mismatch", "champ Horaires: de 14h jusqu’à 16h",
            lambda p: info_field("Horaires", f"de {_another_hour(p)}h jusqu’à "
                                 f"{_another_hour(p) + 2}h"), needs_hour=True),
    mistake("time-mismatch", "champ Horaires: 14H–16H",
            lambda p: info_field("Horaires", f"{_another_hour(p)}H–{_another_hour(p) + 2}H"),
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
                               f"{_long(p.day + dt.timedelta(days=7))} à 14h."), needs_hour=True),
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
            lambda p: body_end(f"Rendez-vous le {_wrong_weekday(p.day)} {_long(p.day)}.")),
    mistake("weekday-mismatch", "corps: Mardi 14/11",
            lambda p: body_end(f"**{_wrong_weekday(p.day).capitalize()} {p.day:%d/%m}**")),
    mistake("weekday-mismatch", "corps: mardi 14 novembre AAAA",
            lambda p: body_end(f"Le {_wrong_weekday(p.day)} {_long(p.day, True)}, venez.")),
    mistake("weekday-mismatch", "corps: MARDI 14 NOVEMBRE",
            lambda p: body_end(f"{_wrong_weekday(p.day)} {_long(p.day)}".upper())),
    mistake("weekday-mismatch", "chapeau: le mardi 14 novembre",
            lambda p: chapeau(f"Un atelier le {_wrong_weekday(p.day)} {_long(p.day)}.")),
    mistake("weekday-mismatch", "champ Date: mardi 14/11",
            lambda p: info_field("Date", f"{_wrong_weekday(p.day)} {p.day:%d/%m}")),
    mistake("weekday-mismatch", "corps: jeu. JJ/MM abrégé",
            lambda p: body_end(f"* {_wrong_weekday(p.day)[:3]}. {p.day:%d/%m} : atelier")),
    mistake("weekday-mismatch", "texte alternatif: jour JJ mois",
            lambda p: alt_text(f"Affiche : {_wrong_weekday(p.day)} {_long(p.day)}")),
    mistake("weekday-mismatch", "chapeau: jour 1er/JJ mois en majuscule initiale",
            lambda p: chapeau(f"{_wrong_weekday(p.day).capitalize()} {_long(p.day)} : un "
                              "atelier pour découvrir les outils.")),
    mistake("weekday-mismatch", "corps: jour JJ et jour JJ mois (le premier faux)",
            lambda p: body_end(f"Les {_wrong_weekday(p.day)} {p.day.day} et "
                               f"{WEEKDAYS[(p.day + dt.timedelta(days=1)).weekday()]} "
                               f"{(p.day + dt.timedelta(days=1)).day} "
                               f"{MONTHS[(p.day + dt.timedelta(days=1)).month - 1]}")
            if (p.day + dt.timedelta(days=1)).month == p.day.month else None),
    mistake("weekday-mismatch", "corps: Jour JJ/MM/AAAA",
            lambda p: body_end(f"{_wrong_weekday(p.day).capitalize()} {p.day:%d/%m/%Y}")),
    mistake("weekday-mismatch", "corps: le jour JJ mois prochain",
            lambda p: body_end(f"Rendez-vous le {_wrong_weekday(p.day)} {_long(p.day)} "
                               "prochain.")),
    harmless("weekday-mismatch", "corps: jour juste d’une autre année",
             lambda p: body_end(f"L’édition précédente s’était tenue le "
                                f"{WEEKDAYS[_last_year(p.day).weekday()]} "
                                f"{_long(_last_year(p.day), True)}.")),
    harmless("weekday-mismatch", "corps: tous les mardis, mardi prochain",
             lambda p: body_end("Permanence tous les mardis ; prochain rendez-vous mardi "
                                "prochain.")),
    harmless("weekday-mismatch", "corps: bon jour de la semaine",
             lambda p: body_end(f"Rendez-vous le {WEEKDAYS[p.day.weekday()]} {_long(p.day)}.")),
    harmless("weekday-mismatch", "corps: les mardis",
             lambda p: body_end("Les permanences ont lieu les mardis et les jeudis.")),
]  # fmt: skip


SESSION_OUTSIDE = [
    mistake("session-outside-event", "corps: [Le JJ/MM de 14h à 15h]",
            lambda p: body_end(f"**[Le {_after(p):%d/%m} de 14h à 15h] [Atelier]**\\\n"
                               "*Atelier de clôture*")),
    mistake("session-outside-event", "corps: * **Titre**, jour, 17h-17h30",
            lambda p: body_end(f"* **Atelier de clôture**, {WEEKDAYS[_after(p).weekday()]} "
                               f"{_long(_after(p))}, 17h-17h30")),
    mistake("session-outside-event", "corps: intertitre de jour puis créneau",
            lambda p: body_end(f"#### {WEEKDAYS[_after(p).weekday()].capitalize()} "
                               f"{_long(_after(p))}\n\n* 10h-11h : Atelier de clôture")),
    mistake("session-outside-event", "corps: phrase « Le 17 novembre, de 10 h à 12 h : »",
            lambda p: body_end(f"Le {_long(_after(p))}, de 10 h à 12 h : atelier de clôture.")),
    mistake("session-outside-event", "corps: intertitre JJ/MM/AAAA puis créneau",
            lambda p: body_end(f"**{_after(p):%d/%m/%Y}**\n\n* 17h-18h : Atelier de clôture")),
    mistake("session-outside-event", "corps: plage quotidienne qui déborde",
            lambda p: body_end(f"**[Du {p.last_day:%d/%m} au {_after(p):%d/%m} de 17h à 17h30] "
                               "[Permanence]**")),
    mistake("session-outside-event", "corps: <b>Le jour JJ/MM de 16h15 à 18h15<br>",
            lambda p: body_end(f"<b>Le {WEEKDAYS[_after(p).weekday()]} {_after(p):%d/%m} de "
                               "16h15 à 18h15<br>[Meetup]</b> <i>Atelier de clôture</i>")),
    mistake("session-outside-event", "corps: * Le JJ mois : Plénière",
            lambda p: body_end(f"* Le {_long(_after(p))} : Plénière de clôture")),
    mistake("session-outside-event", "corps: la veille, [Le JJ/MM à 9h]",
            lambda p: body_end(f"**[Le {p.day - dt.timedelta(days=2):%d/%m} à 9h] [Atelier]** "
                               "Atelier de préparation")),
    mistake("session-outside-event", "corps: Jour JJ mois AAAA, de 14h à 16h : titre",
            lambda p: body_end(f"{WEEKDAYS[_after(p).weekday()].capitalize()} "
                               f"{_long(_after(p), True)}, de 14h à 16h : atelier de clôture")),
    mistake("session-outside-event", "corps: ligne de tableau",
            lambda p: body_end(f"| Date | Horaire | Atelier |\n|---|---|---|\n"
                               f"| {_after(p):%d/%m} | 14h-16h | Atelier de clôture |", 2)),
    harmless("session-outside-event", "corps: inscriptions jusqu’au JJ/MM à 12h",
             lambda p: body_end(f"Inscriptions jusqu’au {p.day - dt.timedelta(days=3):%d/%m} "
                                "à 12h.")),
    harmless("session-outside-event", "corps: date limite de candidature",
             lambda p: body_end("Date limite de candidature : "
                                f"{_long(p.day - dt.timedelta(days=5))}.")),
    harmless("session-outside-event", "corps: replay après l’événement",
             lambda p: body_end(f"Le replay sera disponible à partir du {_long(_after(p))}.")),
    harmless("session-outside-event", "corps: séance dans l’événement",
             lambda p: body_end(f"* **Atelier**, {WEEKDAYS[p.day.weekday()]} {_long(p.day)}, "
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


# --- running --------------------------------------------------------------------------------


def _writes_an_hour(read) -> bool:
    """The chapeau or an information field writes an hour (the rule reads these first)."""
    texts = [read.chapeau or "", *(field.content or "" for field in read.info_fields)]
    return any(re.search(r"\d\s?[hH:]\s?\d*|heures", text) for text in texts)


def corpus_pages() -> list[Page]:
    from agenda.exchange.jekyll import parse_page

    pages = []
    for path in sorted((CORPUS / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        source = CORPUS / data["source"]
        text = source.read_text(encoding="utf-8")
        read = parse_page(text, path=source.name, slug=source.stem)
        if read.start is None or len(list(_FRONT_END.finditer(text))) < 2:
            continue
        end = read.end.value if read.end else None
        end = end.date() if isinstance(end, dt.datetime) else end
        codes = frozenset(p["code"] for p in data["problems"])
        pages.append(
            Page(
                source.name, text, read.start.value, end, read.title or "", codes,
                len(data["sessions"]), _writes_an_hour(read),
            )
        )  # fmt: skip
    return pages


def lines_found(page: Page, text: str, code: str) -> list[int]:
    from agenda.checks import check_page
    from agenda.exchange.jekyll import parse_page

    read = parse_page(text, path=page.name, slug=page.name)
    return sorted(p.line for p in check_page(read) if p.code == code)


@dataclass(frozen=True)
class Outcome:
    form: Form
    page: str
    expected: int | None
    found: list[int]

    @property
    def right(self) -> bool:
        return self.found == ([] if self.expected is None else [self.expected])


def outcomes(form: Form, pages: list[Page]) -> Iterator[Outcome]:
    for page in pages:
        if form.code in page.codes or (form.needs_hour and page.hour is None):
            continue
        edited = form.edit(page)
        if edited is not None:
            yield Outcome(form, page.name, edited.line, lines_found(page, edited.text, form.code))


def table(pages: list[Page]) -> tuple[str, list[Outcome]]:
    rows, wrong = [], []
    for form in FORMS:
        counts = collections.Counter()
        for outcome in outcomes(form, pages):
            counts["pages"] += 1
            if not outcome.right:
                wrong.append(outcome)
            if outcome.expected is not None:
                counts["found" if outcome.expected in outcome.found else "missed"] += 1
            counts["false"] += len([line for line in outcome.found if line != outcome.expected])
        kind = "sans erreur" if form.harmless else "erreur"
        rows.append(
            f"{form.code:22} {kind:11} {form.name:52} {counts['pages']:5} "
            f"{counts['found'] if not form.harmless else '—':>5} "
            f"{counts['missed'] if not form.harmless else '—':>6} {counts['false']:5}"
        )
    head = f"{'code':22} {'':11} {'forme':52} {'pages':>5} {'vus':>5} {'ratés':>6} {'fausses':>5}"
    return "\n".join([head, *rows]), wrong


def main() -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    text, wrong = table(corpus_pages())
    print(text)
    for outcome in wrong[: int(sys.argv[1]) if len(sys.argv) > 1 else 40]:
        print(f"  {outcome.form.name} | {outcome.page}: attendu {outcome.expected}, "
              f"trouvé {outcome.found}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
