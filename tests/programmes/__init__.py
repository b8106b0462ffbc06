"""Hypothesis strategies: French programmes in every family of ../shared/corpus/README.md, written
from sessions drawn at random, with the sessions a careful reader would find in them. The
families are written in `cards` (1-6), `timetables` (7-13), `more` (14).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from . import cards, more, timetables
from .common import STYLES, Drawn, Programme, event_period, labels, slot, titles

# 1-10: the families of ../shared/corpus/README.md; 11: day headings of other levels and
# markups over timetables (tables, ordered lists); 12: sessions announced in running prose;
# 13: days named without their month (14.11, Le 14, Jour 2, a weekday alone), slots alone with
# their title on the next paragraph, notes in parentheses, sessions in run-on sentences; 14:
# forms missed on unseen pages (tests/programmes/more.py).
WRITERS = {
    1: cards.family_1,
    2: cards.family_2,
    3: cards.family_3,
    4: cards.family_4,
    5: cards.family_5,
    6: cards.family_6,
    7: timetables.family_7,
    8: timetables.family_8,
    9: timetables.family_9,
    10: timetables.family_10,
    11: timetables.family_11,
    12: timetables.family_12,
    13: timetables.family_13,
    14: more.family_14,
}
FAMILIES = tuple(WRITERS)


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
