"""Family 14: forms the corpus does not show, found missed on unseen pages (issue 11): cards
written label first (`Heure : 14h – 16h` under the title), nested day bullets, arrows and dotted
hours in ranges, titled slots with their times in parentheses, a table whose time column comes
after its title column, sessions in clauses joined by commas, day headings in HTML or in
numbers."""

import datetime as dt

from hypothesis import strategies as st

from agenda.lib.frenchdates import WEEKDAYS

from .common import hour_text, numeric, session, textual


def dotted(value: dt.time) -> str:
    """9.30, 14.00 (never a day and a month: the minutes are 00, 15, 30 or 45)."""
    return f"{value.hour}.{value.minute:02d}"


_DAY_LINES = (
    "<h3>{Weekday} {date}</h3>",
    "<strong>{Weekday} {date}</strong>",
    "### {Weekday} {date}",
    "**{numbers}**",
    "* {Weekday} {date}",  # a day bullet, its items indented under it
)
_RANGES = ("{a}→{b}", "{a} > {b}", "{a} -> {b}", "{da} - {db}", "{a} - {db}")


def _range(draw, d, style) -> str:
    form = draw(st.sampled_from(_RANGES))
    a, b = hour_text(d.begin, style), hour_text(d.end, style)
    return form.format(a=a, b=b, da=dotted(d.begin), db=dotted(d.end))


def _cards(draw, drawn, style, start, end):
    lines, expected = [], []
    bullet = draw(st.sampled_from(("", "- ")))  # the fields as lines or as a list
    for d in drawn:
        # A naming field right above the hours ("Quoi ? …") only when no other line parts them.
        named = ("Quoi ? {t}",) if start == end and not bullet else ()
        heading = draw(st.sampled_from(("### {t}", "**{t}**", *named)))
        lines += [heading.format(t=d.title)] + ([""] if bullet else [])
        if start != end:
            lines.append(f"{bullet}Date : {textual(d.day)}")
        label = draw(st.sampled_from(("Heure", "Horaire", "Créneau")))
        slot = f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
        lines += [f"{bullet}{label} : {slot}", f"{bullet}Lieu : salle des communs", ""]
        lines += ["Une description de la séance.", ""]
        expected.append(session(d.day, d.begin, d.end, d.title))
    return lines, expected


def _days(draw, drawn, style, start, end):
    lines, expected = [], []
    form = draw(st.sampled_from(_DAY_LINES))
    for day in sorted({d.day for d in drawn}):
        weekday = WEEKDAYS[day.weekday()]
        line = form.format(Weekday=weekday.capitalize(), date=textual(day), numbers=numeric(day))
        nested = form.startswith("*")
        lines += [line] if nested else [line, ""]
        for d in (d for d in drawn if d.day == day):
            lines.append(f"{'  ' if nested else ''}* {_range(draw, d, style)} : {d.title}")
            expected.append(session(d.day, d.begin, d.end, d.title))
        lines.append("")
    return lines, expected


def _one_day_lines(draw, drawn, style, start, end):
    """On a one-day event: titled slots on one line, a table, or clauses joined by commas."""
    form = draw(st.sampled_from(("parentheses", "table", "clauses", "lines")))
    if form == "lines":  # "Plénière (9h-12h)", each alone on its line
        lines = [
            f"{d.title} ({hour_text(d.begin, style)}-{hour_text(d.end, style)})\n" for d in drawn
        ]
        return lines, [session(start, d.begin, d.end, d.title) for d in drawn]
    if form == "table":
        lines = ["| Titre | Horaire |", "|---|---|"]
        lines += [f"| {d.title} | {_range(draw, d, style)} |" for d in drawn]
        return lines, [session(start, d.begin, d.end, d.title) for d in drawn]
    if form == "parentheses":
        slots = [
            f"{d.title} ({hour_text(d.begin, style)}-{hour_text(d.end, style)})" for d in drawn
        ]
        return [f"* {' et '.join(slots)}"], [session(start, d.begin, d.end, d.title) for d in drawn]
    clauses = [f"à {hour_text(d.begin, style)}, un atelier {d.title.lower()}" for d in drawn]
    text = "Au programme : " + ", puis ".join(clauses) + "."
    return [text], [session(start, d.begin, None, f"Atelier {d.title.lower()}") for d in drawn]


def family_14(draw, drawn, style, start, end):
    if start == end and draw(st.booleans()):
        return _one_day_lines(draw, drawn, style, start, end)
    writer = draw(st.sampled_from((_cards, _days)))
    return writer(draw, drawn, style, start, end)
