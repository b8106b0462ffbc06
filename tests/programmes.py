"""Hypothesis strategies: French programmes in every family of ../shared/corpus/README.md, written
from sessions drawn at random, with the sessions a careful reader would find in them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hypothesis import strategies as st

from agenda.lib.frenchdates import MONTHS, WEEKDAYS

WORDS = (
    "atelier", "données", "ouvertes", "accessibilité", "services", "publics", "usagers",
    "formulaires", "simplification", "démarches", "logiciels", "libres", "communs", "numériques",
    "conception", "recherche", "utilisateur", "écoconception", "territoires", "collectivités",
    "agents", "intelligence", "artificielle", "cartographie", "sécurité", "identité", "cloud",
    "souverain", "retours", "d'expérience", "pratiques", "équipes", "produits", "partagés",
)  # fmt: skip
LABELS = ("Webinaire", "Atelier", "Table ronde", "Démo", "Conférence", "Meetup", "Quiz")
# 1-10: the families of ../shared/corpus/README.md; 11: day headings of other levels and
# markups over timetables (tables, ordered lists); 12: sessions announced in running prose;
# 13: days named without their month (14.11, Le 14, Jour 2, a weekday alone), slots alone with
# their title on the next paragraph, notes in parentheses, sessions in run-on sentences.
FAMILIES = tuple(range(1, 14))


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


def _repeats(old: Drawn, new: Drawn) -> bool:
    a, b = old.title.casefold(), new.title.casefold()
    same_title = a.startswith(b) or b.startswith(a)
    return (old.day, old.begin) == (new.day, new.begin) and same_title


@st.composite
def programmes(draw, family: int | None = None) -> Programme:
    family = family or draw(st.sampled_from(FAMILIES))
    start, end = draw(event_period())
    if family in (8, 12):
        end = start  # timetable items of a one-day event
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    count = draw(st.integers(min_value=1, max_value=4))
    drawn = []
    for _ in range(count):
        begin, finish = draw(slot())
        drawn.append(Drawn(draw(st.sampled_from(days)), begin, finish, draw(titles), draw(labels)))
    # A programme names a session once: the same slot and title written twice is one session
    # (a heading repeating an item gives its text to that item), and so are a title and a
    # longer one starting with it ("Atelier", then "Atelier atelier"): a heading may shorten it.
    drawn = [d for n, d in enumerate(drawn) if not any(_repeats(o, d) for o in drawn[:n])]
    drawn.sort(key=lambda d: (d.day, d.begin))
    style = draw(st.integers(min_value=0, max_value=STYLES - 1))
    write = WRITERS[family]
    lines, expected = write(draw, drawn, style, start, end)
    intro = "Une présentation des rendez-vous, suivie de questions.\n\n"
    return Programme(family, start, end, intro + "\n".join(lines) + "\n", expected)


def session(day, begin, end, title, labels=()) -> dict:
    return {
        "start": iso(day, begin),
        "end": iso(day, end) if end is not None else None,
        "title": title,
        "labels": list(labels),
    }


def _family_1(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        weekday = WEEKDAYS[d.day.weekday()]
        label = ", ".join(d.labels) or "Rencontre"
        slot = f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
        header = f"<p><b>Le {weekday} {numeric(d.day)} {slot}<br>[{label}]</b> <i>{d.title}</i></p>"
        lines += [header, "", "Une description de la séance.", ""]
        expected.append(session(d.day, d.begin, d.end, d.title, d.labels or ("Rencontre",)))
    return lines, expected


def _family_2(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        weekday = WEEKDAYS[d.day.weekday()]
        brackets = " ".join(f"[{label}]" for label in d.labels)
        slot = f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
        lines += [f"<b>[Le {weekday} {numeric(d.day)} {slot}] {brackets}</b> <i>{d.title}</i>", ""]
        expected.append(session(d.day, d.begin, d.end, d.title, d.labels))
    return lines, expected


def _family_3(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        brackets = " ".join(f"[{label}]" for label in d.labels)
        only_start = draw(st.booleans())
        slot = (
            f"à {hour_text(d.begin, style)}"
            if only_start
            else f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
        )
        lines += [f"**[Le {numeric(d.day)} {slot}] {brackets}**\\", f"*{d.title}*", ""]
        expected.append(session(d.day, d.begin, None if only_start else d.end, d.title, d.labels))
    return lines, expected


def _family_4(draw, drawn, style, start, end):
    d = drawn[0]
    last = min(end, d.day + dt.timedelta(days=draw(st.integers(1, 4))))
    if last == d.day:
        return _family_3(draw, drawn[:1], style, start, end)
    brackets = " ".join(f"[{label}]" for label in d.labels)
    slot = f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
    lines = [f"**[Du {numeric(d.day)} au {numeric(last)} {slot}] {brackets}**\\", f"*{d.title}*"]
    days = [d.day + dt.timedelta(days=n) for n in range((last - d.day).days + 1)]
    return lines, [session(day, d.begin, d.end, d.title, d.labels) for day in days]


def _family_5(draw, drawn, style, start, end):
    d = drawn[0]
    if end == start:
        return _family_3(draw, drawn[:1], style, start, end)
    brackets = " ".join(f"[{label}]" for label in d.labels)
    lines = [f"**[Du {numeric(start)} au {numeric(end)}] {brackets}**\\", f"*{d.title}*"]
    return lines, [
        {"start": iso(start), "end": iso(end), "title": d.title, "labels": list(d.labels)}
    ]


def _family_6(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        slot = f"{hour_text(d.begin, style)}-{hour_text(d.end, style)}"
        weekday = WEEKDAYS[d.day.weekday()]
        if draw(st.booleans()):
            lines += [
                f"* **{d.title}**",
                f"<br>{weekday.capitalize()} {textual(d.day, True)}, {slot}",
            ]
        else:
            lines += [f"* **{d.title}**, {weekday} {textual(d.day)}, {slot}"]
        lines.append("")
        expected.append(session(d.day, d.begin, d.end, d.title))
    return lines, expected


def _family_7(draw, drawn, style, start, end):
    lines, expected = [], []
    current = None
    for d in drawn:
        if d.day != current:
            lines += [f"**{numeric(d.day)}/{d.day.year}**", ""]
            current = d.day
        lines.append(f"* {hour_text(d.begin, style)}-{hour_text(d.end, style)} : {d.title}")
        expected.append(session(d.day, d.begin, d.end, d.title))
    return lines, expected


_TIMETABLE = (
    "* **{a} - {b} :** {t}",
    "* {a} : {t}",
    "* {a}-{b} : {t}",
    "* **[{a}-{b}]** {t}",
    "**[{a}]** {t}",
    "#### [{a}-{b}] **{t}**",
    "De {a} à {b} : {t}",
)


def _family_8(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        form = draw(st.sampled_from(_TIMETABLE))
        a, b = hour_text(d.begin, style), hour_text(d.end, style)
        lines += [form.format(a=a, b=b, t=d.title), ""]
        with_end = "{b}" in form
        expected.append(session(start, d.begin, d.end if with_end else None, d.title))
    return lines, expected


def _family_9(draw, drawn, style, start, end):
    d = drawn[0]
    slots = sorted({(x.begin, x.end) for x in drawn})
    written = ", ".join(f"de {hour_text(a, style)} à {hour_text(b, style)}" for a, b in slots)
    lines = [f"***Le {textual(d.day)}***", "", f"* **{d.title}**", f"<br>{written}"]
    return lines, [session(d.day, a, b, d.title) for a, b in slots]


def _family_10(draw, drawn, style, start, end):
    d = drawn[0]
    a, b = hour_text(d.begin, style), hour_text(d.end, style)
    following = d.day + dt.timedelta(days=1)
    if following <= end and following.month == d.day.month:
        lines = [f"**Quand ?** {d.day.day} et {following.day} {MONTHS[d.day.month - 1]} "
                 f"{d.day.year}, de {a} à {b}"]  # fmt: skip
        return lines, [
            session(d.day, d.begin, d.end, None),
            session(following, d.begin, d.end, None),
        ]
    lines = [f"* Le {textual(d.day)} : {d.title}"]
    return lines, [{"start": iso(d.day), "end": None, "title": d.title, "labels": []}]


_DAY_HEADINGS = (
    "## {Weekday} {date}",
    "##### Le {weekday} {date}",
    "{Weekday} {date}\n{rule}",
    "<h4>{Weekday} {date}</h4>",
    "**{Weekday} {date} :**",
)
_DAY_ITEMS = (
    "* {a} – {b} : {t}",
    "1. De {a} à {b} : {t}",
    "- {a}-{b} — {t}",
    "| {a} – {b} | {t} |",
    "<tr><td>{a} - {b}</td><td>{t}</td></tr>",
)


def _family_11(draw, drawn, style, start, end):
    """Day headings of other levels and markups, over timetables written as lists or tables."""
    lines, expected = [], []
    form = draw(st.sampled_from(_DAY_ITEMS))
    heading = draw(st.sampled_from(_DAY_HEADINGS))
    for day in sorted({d.day for d in drawn}):
        date = textual(day)
        weekday = WEEKDAYS[day.weekday()]
        title = heading.format(Weekday=weekday.capitalize(), weekday=weekday, date=date, rule="")
        rule = "-" * len(title.strip())
        lines += [
            heading.format(Weekday=weekday.capitalize(), weekday=weekday, date=date, rule=rule),
            "",
        ]
        if form.startswith("|"):
            lines += ["| Horaire | Séance |", "|---|---|"]
        elif form.startswith("<tr>"):
            lines += ["<table>", "<tr><th>Horaire</th><th>Séance</th></tr>"]
        for d in (d for d in drawn if d.day == day):
            a, b = hour_text(d.begin, style), hour_text(d.end, style)
            lines.append(form.format(a=a, b=b, t=d.title))
            expected.append(session(d.day, d.begin, d.end, d.title))
        lines += ["</table>", ""] if form.startswith("<tr>") else [""]
    return lines, expected


_PROSE = (
    "À {a}, un atelier « {t} » réunira les équipes.",
    "Dès {a}, la conférence « {t} » ouvrira la journée.",
    "Puis la table ronde « {t} » aura lieu à {a}.",
)


def _family_12(draw, drawn, style, start, end):
    """Sessions announced in running prose, on the event's one day."""
    lines, expected = [], []
    for d in drawn:
        form = draw(st.sampled_from(_PROSE))
        lines += [form.format(a=hour_text(d.begin, style), t=d.title), ""]
        expected.append(session(start, d.begin, None, d.title))
    return lines, expected


_BARE_HEADINGS = (
    "### {d:%d}.{d:%m}",
    "### {d:%d}.{d:%m}.{d:%Y}",
    "### Le {first}",
    "## Jour {number}",
    "**{Weekday}**",
)
_BARE_ITEMS = (
    "{a} – {b}\n\n{t}",
    "* {a}-{b} : {t} (en visio)",
    "{a} - {b} — {t}",
)


def _family_13(draw, drawn, style, start, end):
    """Days named without their month or by their number, over slots written in new ways."""
    lines, expected = [], []
    heading = draw(st.sampled_from(_BARE_HEADINGS))
    if (end - start).days > 6 and "Weekday" in heading:
        heading = "### Le {first}"  # a weekday alone names a day of a week-long event only
    if (end - start).days > 27 and "first" in heading:
        heading = "## Jour {number}"  # the 14th of which month?
    for day in sorted({d.day for d in drawn}):
        first = "1er" if day.day == 1 else str(day.day)
        weekday = WEEKDAYS[day.weekday()].capitalize()
        number = (day - start).days + 1
        lines += [heading.format(d=day, first=first, number=number, Weekday=weekday), ""]
        for d in (d for d in drawn if d.day == day):
            form = draw(st.sampled_from(_BARE_ITEMS))
            a, b = hour_text(d.begin, style), hour_text(d.end, style)
            lines += [form.format(a=a, b=b, t=d.title), ""]
            expected.append(session(d.day, d.begin, d.end, d.title))
    # A run-on sentence after the last day's items names one more session of that day.
    last = max(d.day for d in drawn)
    late = dt.time(21, 30)
    lines.append(f"Un mot de conclusion suivra. À {hour_text(late, style)} : Apéritif de clôture.")
    expected.append(session(last, late, None, "Apéritif de clôture"))
    return lines, expected


WRITERS = {
    1: _family_1,
    2: _family_2,
    3: _family_3,
    4: _family_4,
    5: _family_5,
    6: _family_6,
    7: _family_7,
    8: _family_8,
    9: _family_9,
    10: _family_10,
    11: _family_11,
    12: _family_12,
    13: _family_13,
}


def front_matter(programme: Programme, title: str = "Programme généré") -> str:
    start, end = programme.event_start, programme.event_end
    offset = "+01:00"
    return (
        "---\n"
        f"title: {title}\n"
        f"date: {(start - dt.timedelta(days=20)).isoformat()} 10:00:00 {offset}\n"
        f"event_start_date: {start.isoformat()} 00:00:00 {offset}\n"
        f"event_end_date: {end.isoformat()} 00:00:00 {offset}\n"
        "---\n"
    )
