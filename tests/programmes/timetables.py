"""Families 7-13: timetables under date headings, one-day timetables, slots listed after a
title, "Quand ?" fields, day headings of other levels, sessions in prose, days named without
their month."""

import datetime as dt

from hypothesis import strategies as st

from agenda.lib.frenchdates import MONTHS, WEEKDAYS

from .common import hour_text, iso, numeric, session, textual


def family_7(draw, drawn, style, start, end):
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


def family_8(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        form = draw(st.sampled_from(_TIMETABLE))
        a, b = hour_text(d.begin, style), hour_text(d.end, style)
        lines += [form.format(a=a, b=b, t=d.title), ""]
        with_end = "{b}" in form
        expected.append(session(start, d.begin, d.end if with_end else None, d.title))
    return lines, expected


def family_9(draw, drawn, style, start, end):
    d = drawn[0]
    slots = sorted({(x.begin, x.end) for x in drawn})
    written = ", ".join(f"de {hour_text(a, style)} à {hour_text(b, style)}" for a, b in slots)
    lines = [f"***Le {textual(d.day)}***", "", f"* **{d.title}**", f"<br>{written}"]
    return lines, [session(d.day, a, b, d.title) for a, b in slots]


def family_10(draw, drawn, style, start, end):
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


def family_11(draw, drawn, style, start, end):
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


def family_12(draw, drawn, style, start, end):
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


def family_13(draw, drawn, style, start, end):
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
