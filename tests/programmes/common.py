"""What every family of generated programmes shares: the words, the drawn sessions, the ways of
writing an hour and a date, the expected session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import strategies as st

from agenda.lib.frenchdates import MONTHS

WORDS = (
    "atelier", "données", "ouvertes", "accessibilité", "services", "publics", "usagers",
    "formulaires", "simplification", "démarches", "logiciels", "libres", "communs", "numériques",
    "conception", "recherche", "utilisateur", "écoconception", "territoires", "collectivités",
    "agents", "intelligence", "artificielle", "cartographie", "sécurité", "identité", "cloud",
    "souverain", "retours", "d'expérience", "pratiques", "équipes", "produits", "partagés",
)  # fmt: skip
LABELS = ("Webinaire", "Atelier", "Table ronde", "Démo", "Conférence", "Meetup", "Quiz")


@dataclass
class Drawn:
    """A session drawn at random: the day, the slot (or none), the title, the labels."""

    day: dt.date
    begin: dt.time | None
    end: dt.time | None
    title: str
    labels: tuple[str, ...]


@dataclass
class Programme:
    family: int
    event_start: dt.date
    event_end: dt.date
    body: str
    expected: list[dict]  # as in ../shared/corpus/expected: start, end, title, labels


titles = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(
    lambda words: " ".join(words)[:1].upper() + " ".join(words)[1:]
)
labels = st.lists(st.sampled_from(LABELS), min_size=0, max_size=2, unique=True).map(tuple)
hours = st.integers(min_value=7, max_value=20)
# Noon more often than by chance: "midi" is one of the ways of writing it.
begins = st.one_of(
    st.just(dt.time(12)), st.builds(dt.time, hours, st.sampled_from((0, 0, 15, 30, 45)))
)
minutes = st.sampled_from((0, 0, 15, 30, 45))


STYLES = 7  # ways of writing an hour, below


def hour_text(value: dt.time, style: int) -> str:
    """9h, 09h00, 9h00, 9:00, 9 h 30, 9H30, or midi."""
    if style == 6 and value == dt.time(12):
        return "midi"
    if style == 4:
        return f"{value.hour} h {value.minute:02d}" if value.minute else f"{value.hour} h"
    if style == 5:
        return f"{value.hour}H{value.minute:02d}" if value.minute else f"{value.hour}H"
    if style in (0, 6):
        return f"{value.hour}h{value.minute:02d}" if value.minute else f"{value.hour}h"
    if style == 1:
        return f"{value.hour:02d}h{value.minute:02d}"
    if style == 2:
        return f"{value.hour}h{value.minute:02d}"
    return f"{value.hour}:{value.minute:02d}"


def iso(day: dt.date, time: dt.time | None = None) -> str:
    if time is None:
        return day.isoformat()
    return dt.datetime.combine(day, time).strftime("%Y-%m-%dT%H:%M")


def numeric(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}"


def textual(day: dt.date, year: bool = False) -> str:
    text = f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


@st.composite
def event_period(draw) -> tuple[dt.date, dt.date]:
    start = draw(st.dates(min_value=dt.date(2018, 1, 1), max_value=dt.date(2032, 12, 20)))
    length = draw(st.sampled_from((0, 0, 1, 2, 4, 6, 13, 29)))
    return start, start + dt.timedelta(days=length)


@st.composite
def slot(draw) -> tuple[dt.time, dt.time]:
    begin = draw(begins)
    length = draw(st.sampled_from((15, 30, 45, 60, 90, 120, 180)))
    end = dt.datetime.combine(dt.date(2000, 1, 1), begin) + dt.timedelta(minutes=length)
    return begin, end.time()


def session(day, begin, end, title, labels=()) -> dict:
    return {
        "start": iso(day, begin),
        "end": iso(day, end) if end is not None else None,
        "title": title,
        "labels": list(labels),
    }
