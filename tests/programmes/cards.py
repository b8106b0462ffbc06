"""Families 1-6: the cards of ../shared/corpus/README.md (a header with the date, the slot and
the labels, then the title), one session or a range of days each."""

import datetime as dt

from hypothesis import strategies as st

from agenda.lib.frenchdates import WEEKDAYS

from .common import hour_text, iso, numeric, session, textual


def family_1(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        weekday = WEEKDAYS[d.day.weekday()]
        label = ", ".join(d.labels) or "Rencontre"
        slot = f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
        header = f"<p><b>Le {weekday} {numeric(d.day)} {slot}<br>[{label}]</b> <i>{d.title}</i></p>"
        lines += [header, "", "Une description de la séance.", ""]
        expected.append(session(d.day, d.begin, d.end, d.title, d.labels or ("Rencontre",)))
    return lines, expected


def family_2(draw, drawn, style, start, end):
    lines, expected = [], []
    for d in drawn:
        weekday = WEEKDAYS[d.day.weekday()]
        brackets = " ".join(f"[{label}]" for label in d.labels)
        slot = f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
        lines += [f"<b>[Le {weekday} {numeric(d.day)} {slot}] {brackets}</b> <i>{d.title}</i>", ""]
        expected.append(session(d.day, d.begin, d.end, d.title, d.labels))
    return lines, expected


def family_3(draw, drawn, style, start, end):
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


def family_4(draw, drawn, style, start, end):
    d = drawn[0]
    last = min(end, d.day + dt.timedelta(days=draw(st.integers(1, 4))))
    if last == d.day:
        return family_3(draw, drawn[:1], style, start, end)
    brackets = " ".join(f"[{label}]" for label in d.labels)
    slot = f"de {hour_text(d.begin, style)} à {hour_text(d.end, style)}"
    lines = [f"**[Du {numeric(d.day)} au {numeric(last)} {slot}] {brackets}**\\", f"*{d.title}*"]
    days = [d.day + dt.timedelta(days=n) for n in range((last - d.day).days + 1)]
    return lines, [session(day, d.begin, d.end, d.title, d.labels) for day in days]


def family_5(draw, drawn, style, start, end):
    d = drawn[0]
    if end == start:
        return family_3(draw, drawn[:1], style, start, end)
    brackets = " ".join(f"[{label}]" for label in d.labels)
    lines = [f"**[Du {numeric(start)} au {numeric(end)}] {brackets}**\\", f"*{d.title}*"]
    return lines, [
        {"start": iso(start), "end": iso(end), "title": d.title, "labels": list(d.labels)}
    ]


def family_6(draw, drawn, style, start, end):
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
