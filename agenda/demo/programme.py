"""Render the demo programme as Jekyll pages in the seed's format, with dates relative to today.

`demo_pages(today)` returns {"<slug>.markdown": page text}. Dates are anchored on the Monday of
today's week, so the output is the same for every day of a week and the weekdays of the sessions
are the ones chosen in `content.py`; no session falls on a French public holiday or during the
end-of-year break (see `place_in_calendar`). UTC offsets are Europe/Paris's (summer time rule).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from agenda.demo.content import EVENTS, Event, Notation, Place, Session

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
REGISTRATION = "https://inscriptions.example.org"
INFORMATION = "https://agenda.example.org/evenements"
SLOT = re.compile(r"^(\d{1,2})h(\d{2})?(?:-(\d{1,2})h(\d{2})?)?$")


def demo_pages(today: dt.date) -> dict[str, str]:
    """The demo event pages for the week of `today`, as {file name: page text}."""
    monday = today - dt.timedelta(days=today.weekday())
    return {f"{event.slug}.markdown": render_page(event, monday) for event in EVENTS}


def render_page(event: Event, monday: dt.date) -> str:
    schedule = place_in_calendar(event, monday)
    return f"---\n{front_matter(event, schedule)}---\n\n{body(event, schedule)}"


# --- Schedule ---------------------------------------------------------------------------------


def easter(year: int) -> dt.date:
    """Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    shift = h + weekday - 7 * ((a + 11 * h + 22 * weekday) // 451) + 114
    return dt.date(year, shift // 31, shift % 31 + 1)


def public_holidays(year: int) -> set[dt.date]:
    """French public holidays (metropolitan France)."""
    fixed = {(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}
    sunday = easter(year)
    movable = {sunday + dt.timedelta(days=n) for n in (1, 39, 50)}
    return {dt.date(year, month, day) for month, day in fixed} | movable


def off_day(day: dt.date) -> bool:
    """No event on a public holiday, nor during the end-of-year break (24 December-1 January)."""
    return day in public_holidays(day.year) or (day.month, day.day) >= (12, 24)


@dataclass(frozen=True)
class Schedule:
    """Where an event lands in the real calendar."""

    monday: dt.date  # of the current week
    first_day: dt.date

    def day(self, days: int = 0) -> dt.date:
        return self.first_day + dt.timedelta(days=days)

    def session_days(self, session: Session) -> list[dt.date]:
        last = session.day if session.until is None else session.until
        return [self.day(n) for n in range(session.day, last + 1)]

    def clashes(self, event: Event) -> bool:
        days = (day for session in event.sessions for day in self.session_days(session))
        return any(off_day(day) for day in days)


def place_in_calendar(event: Event, monday: dt.date) -> Schedule:
    """Move the event by whole weeks until none of its sessions falls on an off day: an event
    entirely past moves back, one to come moves forward, one going on this week takes the
    smallest move either way (back first)."""
    first_day = monday + dt.timedelta(days=event.offset)
    last_day = first_day + dt.timedelta(days=event.days - 1)
    if last_day < monday:
        directions = (-1,)
    elif first_day > monday + dt.timedelta(days=6):
        directions = (1,)
    else:
        directions = (-1, 1)
    for weeks in itertools.count():
        for direction in directions:
            schedule = Schedule(monday, first_day + dt.timedelta(weeks=weeks * direction))
            if not schedule.clashes(event):
                return schedule
    raise AssertionError("unreachable")


# --- Dates and times --------------------------------------------------------------------------


def parse_slot(slot: str) -> tuple[dt.time, dt.time | None]:
    """Read a slot: "16h15-18h15" -> (16:15, 18:15); "9h" -> (9:00, None)."""
    match = SLOT.match(slot)
    if match is None:
        raise ValueError(f"bad slot {slot!r}")
    h1, m1, h2, m2 = match.groups()
    end = dt.time(int(h2), int(m2 or 0)) if h2 else None
    return dt.time(int(h1), int(m1 or 0)), end


def hour(moment: dt.time) -> str:
    """14:00 -> "14h", 9:30 -> "9h30"."""
    return f"{moment.hour}h{moment.minute:02d}" if moment.minute else f"{moment.hour}h"


def hours(slot: str, between: str = "-") -> str:
    start, end = parse_slot(slot)
    return hour(start) if end is None else f"{hour(start)}{between}{hour(end)}"


def day_month(day: dt.date) -> str:
    return f"{day:%d/%m}"


def long_date(day: dt.date) -> str:
    """Monday 1 March 2027 -> "Lundi 1er mars 2027"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()].capitalize()} {number} {MONTHS[day.month - 1]} {day.year}"


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def paris_offset(moment: dt.datetime) -> str:
    """Europe/Paris UTC offset of a local wall-clock time (summer time: last Sunday of March to
    last Sunday of October; times in the missing or repeated hour read as before the change)."""
    summer_start = dt.datetime.combine(_last_sunday(moment.year, 3), dt.time(3))
    summer_end = dt.datetime.combine(_last_sunday(moment.year, 10), dt.time(3))
    return "+02:00" if summer_start <= moment < summer_end else "+01:00"


def stamp(day: dt.date, moment: dt.time = dt.time(0)) -> str:
    """The front matter's `YYYY-MM-DD HH:MM:SS +01:00` (midnight means no time given)."""
    local = dt.datetime.combine(day, moment)
    return f"{local:%Y-%m-%d %H:%M:%S} {paris_offset(local)}"


def event_bounds(event: Event, schedule: Schedule) -> tuple[str, str]:
    """Start and end stamps: hours for a one-day event, whole days otherwise."""
    first_day, last_day = schedule.day(), schedule.day(event.days - 1)
    if event.days > 1:
        return stamp(first_day), stamp(last_day)
    slots = [parse_slot(session.slot) for session in event.sessions]
    start = min(start for start, _ in slots)
    end = max(end or start for start, end in slots)
    return stamp(first_day, start), stamp(last_day, end)


def publication(event: Event, schedule: Schedule) -> str:
    """Published four weeks ahead, and never after the previous Friday (Jekyll hides the
    future); the hour varies a little from page to page."""
    day = min(schedule.day() - dt.timedelta(days=28), schedule.monday - dt.timedelta(days=3))
    index = EVENTS.index(event)
    return stamp(day, dt.time(9 + index % 7, 15 * (index % 4)))


# --- Front matter -----------------------------------------------------------------------------


@functools.cache
def scalar(value: str) -> str:
    """A YAML scalar: plain when YAML reads it back unchanged, double-quoted otherwise."""
    try:
        if yaml.safe_load(f"key: {value}") == {"key": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def access_lines(place: Place) -> Iterator[str]:
    for kind, lines in place.acces:
        yield f"- type: {scalar(kind)}"
        yield "  lignes:"
        yield from (f"  - nom: {scalar(name)}" for name in lines)


def information_fields(event: Event) -> list[tuple[str, str, str | None]]:
    fields = [
        ("Modalités", event.conditions, f"{REGISTRATION}/{event.slug}"),
        ("Programme", "Toutes les informations pratiques", f"{INFORMATION}/{event.slug}"),
    ]
    if event.place.visio:
        fields.append(("Connexion", "Lien de la visioconférence", event.place.visio))
    fields.append(("Organisation", event.organisation, None))
    return fields


def information_lines(event: Event) -> Iterator[str]:
    for title, content, link in information_fields(event):
        yield f"- intitule: {scalar(title)}"
        yield f"  contenu: {scalar(content)}"
        if link:
            yield f"  lien: {link}"


def front_matter(event: Event, schedule: Schedule) -> str:
    start, end = event_bounds(event, schedule)
    place = event.place
    lines = [
        f"title: {scalar(event.title)}",
        f"date: {publication(event, schedule)}",
        "categories:",
        *(f"- {scalar(category)}" for category in event.categories),
        "tags:",
        *(f"- {scalar(tag)}" for tag in event.tags),
        "public:",
        *(f"- {scalar(audience)}" for audience in event.audiences),
        f"chapeau-text: {scalar(event.chapeau)}",
        f"organisation: {scalar(event.organisation)}",
        "une-ou-diaporama:",
        f"- image: {event.banner.image}",
        f"  alternative-textuelle: {scalar(event.banner.alt)}",
        f"  legende: {scalar(event.banner.legende)}",
        f"event_start_date: {start}",
        f"event_end_date: {end}",
        f"lieu: {scalar(place.lieu)}",
    ]
    if place.adresse:
        lines.append(f"adresse: {scalar(place.adresse)}")
    if place.acces:
        lines += ["acces:", *access_lines(place)]
    lines.append(f"afficher_la_carte: {'true' if place.adresse else 'false'}")
    lines += ["champs_informations:", *information_lines(event)]
    return "\n".join(lines) + "\n"


# --- Body -------------------------------------------------------------------------------------


def link_block(url: str, label: str = "S'inscrire") -> str:
    return f'<div class="lien-important"><p><a href="{url}">{label}</a></p></div>'


def labels(session: Session) -> str:
    return " ".join(f"[{label}]" for label in session.labels)


def with_text(header: str, session: Session) -> str:
    return f"{header}\n\n{session.text}" if session.text else header


def seed_item(event: Event, session: Session, day: dt.date, number: int) -> str:
    """Notation 1: the seed's HTML header, description, practical bullets and a link."""
    when = f"Le {WEEKDAYS[day.weekday()]} {day_month(day)} {hours_phrase(session.slot)}"
    header = f"<p><b>{when}<br>[{', '.join(session.labels)}]</b> <i>{session.title}</i></p>"
    where = event.place.adresse or "En ligne, lien de connexion envoyé après inscription"
    bullets = f"* {event.conditions}\n* {where}"
    link = link_block(f"{REGISTRATION}/{event.slug}/{number}")
    return f"{with_text(header, session)}\n\n{bullets}\n\n{link}"


def hours_phrase(slot: str) -> str:
    """The hours in words: "de 14h à 15h15", or "à 9h" when only a start is given."""
    start, end = parse_slot(slot)
    return f"à {hour(start)}" if end is None else f"de {hour(start)} à {hour(end)}"


def bracket_item(session: Session, schedule: Schedule) -> str:
    """Notations 2 and 3: `**[Le 09/11 de 14h à 15h15] [Webinaire]**\\` then `*Titre*`."""
    day = schedule.day(session.day)
    if session.until is None:
        when = f"Le {day_month(day)} {hours_phrase(session.slot)}"
    else:
        last = schedule.day(session.until)
        when = f"Du {day_month(day)} au {day_month(last)} {hours_phrase(session.slot)}"
    header = f"**[{when}] {labels(session)}**\\\n*{session.title}*"
    return with_text(header, session)


def list_item(session: Session, schedule: Schedule) -> str:
    """Notation 4: `* **Titre**<br>Lundi 23 novembre 2026, 17h-17h30`."""
    day = schedule.day(session.day)
    return f"* **{session.title}**<br>{long_date(day)}, {hours(session.slot)}"


def dated_lists(sessions: tuple[Session, ...], schedule: Schedule) -> str:
    """Notation 5: a `**25/11/2026**` heading per day, then `* 17h-18h : Titre` items."""
    blocks = []
    for offset in sorted({session.day for session in sessions}):
        day = schedule.day(offset)
        items = [f"* {hours(s.slot)} : {s.title}" for s in sessions if s.day == offset]
        blocks.append(f"**{day:%d/%m/%Y}**\n\n" + "\n".join(items))
    return "\n\n".join(blocks)


def timetable_item(session: Session) -> str:
    """Notation 6: `* **9h30 - 12h :** Titre`; breaks without bold: `* 12h - 13h30 : Déjeuner`."""
    when = hours(session.slot, " - ")
    return f"* {when} : {session.title}" if session.pause else f"* **{when} :** {session.title}"


def programme(event: Event, schedule: Schedule) -> str:
    sessions = event.sessions
    match event.notation:
        case Notation.SEED:
            return "\n\n".join(
                seed_item(event, s, schedule.day(s.day), n) for n, s in enumerate(sessions, start=1)
            )
        case Notation.BRACKETS:
            return "\n\n".join(bracket_item(s, schedule) for s in sessions)
        case Notation.LIST:
            return "\n".join(list_item(s, schedule) for s in sessions)
        case Notation.DATE_HEADINGS:
            return dated_lists(sessions, schedule)
        case Notation.TIMETABLE:
            assert event.days == 1, f"{event.slug}: a timetable is for a one-day event"
            return "\n".join(timetable_item(s) for s in sessions)
    raise ValueError(event.notation)


def closing(event: Event) -> list[str]:
    """Practical paragraphs after the programme (the seed notation has its own links)."""
    parts = []
    place = event.place
    if place.visio and place.adresse:
        parts.append(f"Les séances sont aussi retransmises en ligne : <{place.visio}>.")
    elif place.visio:
        parts.append(f"Les séances ont lieu en visioconférence : <{place.visio}>.")
    if event.notation is not Notation.SEED:
        parts.append(f"{event.conditions}.")
        parts.append(link_block(f"{REGISTRATION}/{event.slug}", event.link_label))
    return parts


def body(event: Event, schedule: Schedule) -> str:
    parts = [
        *event.intro,
        f"### {event.heading}",
        programme(event, schedule),
        *closing(event),
    ]
    return "\n\n".join(parts) + "\n"
