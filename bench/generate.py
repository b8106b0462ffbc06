"""Synthetic event pages in the seed's Jekyll format, for the benchmarks.

Every page is made from a random generator seeded with (seed, index), so page i is the same
whatever the number of pages asked for: the 4,000 pages of one run are the first 4,000 of the
40,000 of another. Texts are our own, assembled from the word lists below. Each page has 1 to 4
sessions written in one of two notations met in real pages:

    <p><b>Le jeudi 03/12 de 16h15 à 18h15<br>[Meetup]</b> <i>Titre</i></p>

    **[Le 09/12 de 14h à 15h15] [Webinaire]**\\
    *Titre*

Dates fall within the coming months (from `start`), weekdays are right, and an event never
crosses a year end (its sessions' years are then those of its dates).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.text import slugify

PARIS = ZoneInfo("Europe/Paris")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SPREAD_DAYS = 180  # events start within this many days of `start`

KINDS = (
    "Atelier", "Rencontre", "Webinaire", "Journée", "Table ronde", "Matinale",
    "Hackathon", "Conférence", "Séminaire", "Café", "Forum", "Démonstration",
)  # fmt: skip
TOPICS = (
    "la donnée au service des territoires",
    "l’accessibilité numérique des démarches en ligne",
    "la simplification des formulaires administratifs",
    "les communs numériques de l’État",
    "la sobriété numérique dans les services publics",
    "l’intelligence artificielle pour les agents",
    "la conception de services avec les usagers",
    "l’ouverture des codes sources publics",
    "la cybersécurité des collectivités",
    "la médiation numérique de proximité",
    "l’identité numérique et la confiance",
    "les achats publics innovants",
    "le design des politiques publiques",
    "la participation citoyenne en ligne",
    "l’inclusion numérique des seniors",
    "la qualité des données de référence",
    "les logiciels libres dans l’administration",
    "l’évaluation des services numériques",
    "le recrutement de talents du numérique",
    "la transformation des métiers du service public",
)
SUBJECTS = (  # all plural, followed by a verb of VERBS and a topic of TOPICS
    "Les équipes organisatrices",
    "Des agents de terrain",
    "Des intrapreneurs",
    "Plusieurs administrations partenaires",
    "Des designers et des développeurs",
    "Les membres du collectif",
    "Des élus et des agents territoriaux",
    "Les lauréats de l’appel à projets",
)
VERBS = (
    "présentent leurs travaux sur",
    "partagent leurs retours d’expérience sur",
    "vous invitent à réfléchir ensemble sur",
    "font le point sur",
    "racontent pas à pas leurs projets sur",
    "proposent des méthodes concrètes sur",
    "ouvrent le débat sur",
)
COMPLEMENTS = (
    "à partir de cas concrets",
    "dans un format court et convivial",
    "avec des usagers et des associations",
    "en petits groupes",
    "autour d’un café",
    "avec un temps d’échange à la fin",
    "en s’appuyant sur des démonstrations",
    "sans jargon technique",
)
CLOSINGS = (
    "Les places sont limitées.",
    "Aucune connaissance préalable n’est requise.",
    "Un support sera partagé après la séance.",
    "La séance sera suivie d’un moment d’échange.",
    "Venez avec vos questions !",
)
FORMATS = (
    "Meetup", "Atelier", "Table ronde", "Démo", "Retex", "Conférence", "Formation", "Hackathon",
)  # fmt: skip
ORGANISATIONS = (
    "Direction du numérique de l’Atelier public",
    "Mission données et territoires",
    "Laboratoire d’innovation de la préfecture",
    "Réseau des médiateurs numériques",
    "Incubateur des services publics",
    "Agence des communs numériques",
    "Service de la transformation publique",
    "Collectif Usagers d’abord",
)
PLACES = (
    ("Maison des services publics", "12 rue des Lilas", "69003", "Lyon"),
    ("Lieu de la transformation publique", "40 avenue de Ségur", "75007", "Paris"),
    ("Hôtel de région", "1 place de la République", "44000", "Nantes"),
    ("Tiers-lieu La Fabrique", "8 quai des Chartrons", "33000", "Bordeaux"),
    ("Médiathèque centrale", "25 boulevard Victor-Hugo", "59000", "Lille"),
    ("Salle du conseil", "3 rue de la Mairie", "67000", "Strasbourg"),
    ("Campus numérique", "17 allée des Sciences", "31400", "Toulouse"),
    ("Auditorium de la préfecture", "5 place de la Préfecture", "13001", "Marseille"),
)
CATEGORIES = ("Mois de l’innovation publique", "Rencontre", "Formation", "Atelier", "Webinaire")
TAGS = (
    "innovation publique", "données", "accessibilité", "design", "logiciel libre",
    "territoires", "inclusion", "sécurité", "achats", "participation",
)  # fmt: skip


@dataclass(frozen=True)
class GeneratedSession:
    start: dt.datetime  # Paris wall-clock time
    end: dt.datetime
    title: str
    labels: tuple[str, ...]
    notation: str  # "seed" or "brackets"


@dataclass(frozen=True)
class GeneratedPage:
    filename: str
    slug: str
    text: str
    start: dt.date
    end: dt.date
    sessions: tuple[GeneratedSession, ...]


def default_start() -> dt.date:
    """Tomorrow: the events are to come, so the home page lists them."""
    return dt.date.today() + dt.timedelta(days=1)


def offset(moment: dt.datetime) -> str:
    """The Europe/Paris offset of a wall-clock time, written `+01:00`."""
    minutes = int(moment.replace(tzinfo=PARIS).utcoffset().total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def stamp(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M:%S} {offset(moment)}"


def hour(moment: dt.datetime) -> str:
    return f"{moment.hour}h{moment.minute:02d}" if moment.minute else f"{moment.hour}h"


def quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    return f"{subject} {rng.choice(VERBS)} {rng.choice(TOPICS)}, {rng.choice(COMPLEMENTS)}."


def _session_times(
    rng: random.Random, first: dt.date, days: int, count: int
) -> list[tuple[dt.datetime, dt.datetime]]:
    """`count` non-overlapping slots, in order, on days of [first, first + days), 8h to 19h."""
    chosen = sorted(rng.choices(range(days), k=count))
    slots: list[tuple[dt.datetime, dt.datetime]] = []
    for day in chosen:
        date = first + dt.timedelta(days=day)
        if slots and slots[-1][0].date() == date:
            begin = slots[-1][1] + dt.timedelta(minutes=15 * rng.randint(1, 3))
        else:
            same_day = chosen.count(day)  # each slot takes at most 2h45 with its gap
            latest = max(8, 16 - 3 * (same_day - 1))
            begin = dt.datetime.combine(
                date, dt.time(rng.randint(8, latest), 15 * rng.randint(0, 3))
            )
        end = begin + dt.timedelta(minutes=15 * rng.randint(2, 8))
        slots.append((begin, end))
    return slots


def make_page(index: int, *, seed: int = 2026, start: dt.date | None = None) -> GeneratedPage:
    rng = random.Random(f"{seed}:{index}")
    start = start or default_start()
    first = start + dt.timedelta(days=rng.randrange(SPREAD_DAYS))
    days = rng.choice((1, 1, 1, 2, 3, 5, 7, 14))
    last = min(first + dt.timedelta(days=days - 1), dt.date(first.year, 12, 31))
    days = (last - first).days + 1
    org = rng.choice(ORGANISATIONS)
    kind = rng.choice(KINDS)
    topic = rng.choice(TOPICS)
    title = f"{kind} : {topic[0].upper()}{topic[1:]}"  # no number: it might read as a year
    slug = f"{slugify(f'{kind} {topic}')[:80]}-{index + 1}"
    published = dt.datetime.combine(first - dt.timedelta(days=rng.randint(7, 40)), dt.time(10, 0))
    place = rng.choice(PLACES)
    online = rng.random() < 0.3
    notation = "brackets" if rng.random() < 0.5 else "seed"
    count = rng.randint(1, 4)

    sessions = []
    for begin, end in _session_times(rng, first, days, count):
        labels = ("Webinaire",) if online else tuple(rng.sample(FORMATS, rng.randint(1, 2)))
        session_title = f"{rng.choice(KINDS)} sur {rng.choice(TOPICS)}"
        sessions.append(GeneratedSession(begin, end, session_title, labels, notation))

    front = [
        "---",
        f"title: {quote(title)}",
        f"date: {stamp(published)}",
        "categories:",
        f"- {quote(rng.choice(CATEGORIES))}",
        "tags:",
        *(f"- {quote(tag)}" for tag in rng.sample(TAGS, rng.randint(1, 3))),
        f"chapeau-text: {quote(sentence(rng))}",
        "une-ou-diaporama:",
        f'- image: "/uploads/bench/banniere-{index % 20}.png"',
        f"  alternative-textuelle: {quote(f'Bannière : {kind.lower()} sur {topic}')}",
        f"event_start_date: {stamp(dt.datetime.combine(first, dt.time()))}",
        f"event_end_date: {stamp(dt.datetime.combine(last, dt.time()))}",
    ]
    if online:
        front.append("lieu: En ligne")
    else:
        front += [
            f"lieu: {quote(place[0])}",
            f"adresse: {quote(f'{place[1]}, {place[2]} {place[3]}')}",
        ]
    front += [
        f"organisation: {quote(org)}",
        "champs_informations:",
        "- intitule: Inscription",
        "  contenu: Gratuit, sur inscription",
        f"  lien: https://inscriptions.example.org/{slug}",
        "---",
        "",
    ]
    body = [
        " ".join(sentence(rng) for _ in range(rng.randint(2, 4))),
        "",
        rng.choice(CLOSINGS),
        "",
        "### Au programme",
        "",
    ]
    for number, session in enumerate(sessions, start=1):
        body += _session_lines(rng, session, online, place, f"{slug}-{number}")
    text = "\n".join(front + body)
    filename = f"{published:%Y-%m-%d}-{slug}.markdown"
    return GeneratedPage(filename, slug, text, first, last, tuple(sessions))


def _session_lines(
    rng: random.Random, session: GeneratedSession, online: bool, place: tuple, link: str
) -> list[str]:
    day = f"{session.start:%d/%m}"
    weekday = WEEKDAYS[session.start.weekday()]
    slot = f"de {hour(session.start)} à {hour(session.end)}"
    labels = ", ".join(session.labels)
    if session.notation == "seed":
        header = [f"<p><b>Le {weekday} {day} {slot}<br>[{labels}]</b> <i>{session.title}</i></p>"]
    else:
        named_day = f"{weekday} {day}" if rng.random() < 0.5 else day
        brackets = " ".join(f"[{label}]" for label in session.labels)
        header = [f"**[Le {named_day} {slot}] {brackets}**\\", f"*{session.title}*"]
    details = (
        ["* En ligne, le lien de connexion est envoyé après inscription"]
        if online
        else [
            "* Entrée gratuite sur inscription / Accessible aux personnes à mobilité réduite",
            f"* {place[1]} {place[2]} {place[3]}",
        ]
    )
    return [
        *header,
        "",
        f"{sentence(rng)} {rng.choice(CLOSINGS)}",
        "",
        *details,
        "",
        '<div class="lien-important"><p><a href="https://inscriptions.example.org/'
        f'{link}">Plus d’informations et inscriptions</a></p></div>',
        "",
    ]


def write_pages(
    directory: Path | str,
    count: int,
    *,
    seed: int = 2026,
    start: dt.date | None = None,
    first: int = 0,
) -> int:
    """Write pages first..first+count-1 into `directory` (created); returns their sessions."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    start = start or default_start()
    sessions = 0
    for index in range(first, first + count):
        page = make_page(index, seed=seed, start=start)
        (directory / page.filename).write_text(page.text, encoding="utf-8")
        sessions += len(page.sessions)
    return sessions


def main() -> None:
    parser = argparse.ArgumentParser(description="Écrit des pages d’événements synthétiques.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--start", type=dt.date.fromisoformat, default=None)
    args = parser.parse_args()
    sessions = write_pages(args.directory, args.count, seed=args.seed, start=args.start)
    print(f"{args.count} pages, {sessions} séances → {args.directory}")


if __name__ == "__main__":
    main()
