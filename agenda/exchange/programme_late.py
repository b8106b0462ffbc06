"""Programme lines that are not read from their start: a title then its date (`* **Titre**,
mardi 24 novembre, 17h-17h30`), and lines naming one day that date the times under them
(`### Mardi 14 novembre`, `**Lundi**`, `### Le 14`)."""

from __future__ import annotations

import datetime as dt
import re

from agenda.lib.frenchwhen import DayMonth

from .programme_items import Heading, Item
from .programme_patterns import (
    DAY_PART_LEAD,
    LATE_DATE_ANCHOR,
    When,
    evidence_at,
    has_anchor,
    lead_start,
    whens_of,
    with_times_in_next_cell,
)
from .programme_scope import Bounds, Resolver
from .programme_text import Part, Segment
from .programme_titles import row_title, split_fields

MAX_HEADER_WORDS = 12  # a longer bold line with a date at its end is a sentence, not a header


_BARE_DAY = re.compile(r"^[\W_]*(?:le\s)?\s*(?P<day>[0-9]{1,2}|1er)\s*[:.]?[\W_]*$", re.IGNORECASE)


def _bare_day(part: Part, styled: bool) -> list[When]:
    """ "### Le 14", "**15 :**": a heading naming a day of the month alone (prose "le 14" is
    no date: the month is missing); the event's dates give the month."""
    match = _BARE_DAY.match(part.text) if styled else None
    if match is None:
        return []
    day = 1 if match["day"].lower() == "1er" else int(match["day"])
    if not 1 <= day <= 31:
        return []
    start, end = match.start("day"), match.end("day")
    return [When(start, end, [DayMonth(day, None, None)], date_end=end)]


def late_item(segment: Segment, k: int, bounds: Bounds) -> Item | None:
    """`* **Titre**, mardi 24 novembre, 17h-17h30`, `### Titre – 14 mars, 10h-12h` or
    `**Forum virtuel du 1er au 14 décembre 2022**`: a title, then the date (with times in a
    bullet or a heading), and nothing after."""
    part = segment.parts[k]
    bullet = segment.bullet and k == 0
    titled = segment.heading and len(segment.parts) == 1  # "### Atelier – 14 mars, 10h-12h"
    line = not (segment.bullet or segment.heading or segment.quote) and len(segment.parts) == 1
    ends_in_parentheses = line and part.text.rstrip(" .;").endswith(")")
    if ends_in_parentheses and (item := _times_after_title(segment, part, short=True)):
        return item  # "Plénière (9h-12h)" alone on its line
    if not (bullet or titled or (part.is_bold() and not segment.heading)):
        return None
    text = part.text
    if bullet and (item := _whole_day_after_title(segment, part)):
        return item
    if bullet and (item := _times_after_title(segment, part)):
        return item
    for anchor in LATE_DATE_ANCHOR.finditer(text):
        if anchor.start() == 0:
            continue
        evidence = evidence_at(part, lead_start(text, anchor.end()))
        if evidence is None or not evidence.has_date:
            continue
        if (bullet or titled) and not evidence.slots:
            continue  # "* Étape Normandie, le 26 septembre à Rouen": a list of other events
        if text[evidence.end :].strip(" .!;" if bullet else " "):
            continue  # a bold sentence ending with a full stop is prose
        item = Item(evidence, part, segment, None, [])
        item.title = split_fields(text[: anchor.start()], item.fields) or item.fields.title
        if not item.title or (not bullet and len(item.title.split()) > MAX_HEADER_WORDS):
            continue
        if not bullet and not evidence.slots and not _inside_event(evidence, bounds):
            continue  # "**Ouverture des inscriptions le 26 janvier**": not a session
        return item
    return None


def _whole_day_after_title(segment: Segment, part: Part) -> Item | None:
    """`* Démonstrations des équipes (toute la journée)`."""
    low = part.raw.lower()
    if "journ" not in low and "continu" not in low:
        return None
    whens = whens_of(part)
    if not whens or not whens[-1].whole_day or whens[-1].slots:
        return None
    when = whens[-1]
    text = part.text
    if text[when.end :].strip(" ).;"):
        return None
    item = Item(when, part, segment, None, [])
    item.title = split_fields(text[: when.start].rstrip(" (,–—-"), item.fields)
    return item if item.title else None


# What may stand between a bullet's title and its times: "Ateliers : 9h-12h", "Hackathon
# (14h-17h)", "Ateliers, de 9h à 12h", "Visite – 15h à 16h".
_BEFORE_TIMES = re.compile(r"(?<!\s)(?:\s*[:,(]|\s[-–—])\s*(?:de|dès|entre)?\s*$", re.IGNORECASE)
# "Horaires : 9h-17h" describes the event (its opening hours), not an item of its programme;
# so does "Ouverture : 9h-18h" (but "Ouverture : 9h30-10h" is the opening talk).
_NOT_A_TITLE = re.compile(r"^(?:horaires?|heures?|quand|dates?)\b", re.IGNORECASE)
_OPENING = re.compile(r"^ouverture\b", re.IGNORECASE)
OPENING_HOURS = dt.timedelta(hours=3)


_SHORT_TITLE_WORDS = 8


def _times_after_title(segment: Segment, part: Part, short: bool = False) -> Item | None:
    """`* Ateliers : 9h-12h`, `* Hackathon (14h-17h)`: a bullet's title then a time range and
    nothing after; the day is the one the bullet stands under (or the event's only day).
    `short`: a line that is no bullet, read only with its times in parentheses after a short
    title (`Plénière (9h-12h)`), not a sentence."""
    whens = whens_of(part)
    if not whens or whens[-1].has_date or len(whens[-1].slots) != 1:
        return None
    when = whens[-1]
    if when.slots[0][1] is None:
        return None  # one time alone ("Accueil : 8h30") is as often a note as a session
    text = part.text
    lead = _BEFORE_TIMES.search(text, 0, when.start)
    if lead is None or text[when.end :].strip(" ).;"):
        return None
    item = Item(when, part, segment, None, [])
    title = text[: lead.start()].strip()
    if part_of_day := DAY_PART_LEAD.match(title):
        title = title[part_of_day.end() :]  # "Matinée : plénière (9h-12h)"
    if short and (
        not text[lead.start() :].lstrip().startswith("(")
        or len(title.split()) > _SHORT_TITLE_WORDS
        or title.endswith((".", "!", "?"))
        or opening_hours(when)  # "Journée d'échanges (9h-17h)": the event's day restated
    ):
        return None
    if not title or _NOT_A_TITLE.match(title) or any(w.start < lead.start() for w in whens[:-1]):
        return None
    if _OPENING.match(title) and _length(*when.slots[0]) > OPENING_HOURS:
        return None
    item.title = split_fields(title, item.fields)
    return item if item.title else None


# Between two titled slots of one line: "Atelier A (9h-12h) et atelier B (14h-16h)".
_SLOT_JOINER = re.compile(r"^\s*(?:[,;/–—-]|\bet\b|\bpuis\b|\bou\b)\s*(?:(?:et|puis|ou)\s)?", re.I)


def titled_slots(segment: Segment, k: int) -> list[Item]:
    """`Atelier A (9h-12h) et atelier B (14h-16h)`: several titles on one line, each followed by
    its time range in parentheses. Nothing but a joiner (a comma, "et", "puis") may stand
    between a closing parenthesis and the next title, nor after the last one."""
    part = segment.parts[k]
    text = part.text
    if text.count("(") < 2:
        return []
    whens = whens_of(part)
    if len(whens) < 2 or any(w.has_date or len(w.slots) != 1 for w in whens):
        return []
    items: list[Item] = []
    previous_end = 0
    for when in whens:
        before = text[previous_end : when.start].rstrip()
        if not before.endswith("(") or not text[when.end :].lstrip().startswith(")"):
            return []
        title = before[:-1]
        if items:
            joiner = _SLOT_JOINER.match(title)
            if joiner is None:
                return []
            title = title[joiner.end() :]
        if part_of_day := DAY_PART_LEAD.match(title):
            title = title[part_of_day.end() :]  # "Le matin : atelier données (9h-12h)"
        item = Item(when, part, segment, None, [])
        item.title = split_fields(title.strip(), item.fields)
        if not item.title or len(item.title.split()) > MAX_HEADER_WORDS:
            return []
        item.title = item.title[:1].upper() + item.title[1:]
        items.append(item)
        previous_end = text.index(")", when.end) + 1
    return items if not text[previous_end:].strip(" .;") else []


def opening_hours(when: When) -> bool:
    """One range longer than three hours: a place's opening hours rather than a session."""
    if len(when.slots) != 1 or when.slots[0][1] is None:
        return False
    return _length(*when.slots[0]) > OPENING_HOURS  # type: ignore[arg-type]


def _length(start: dt.time, end: dt.time) -> dt.timedelta:
    day = dt.date(2000, 1, 1)
    return dt.datetime.combine(day, end) - dt.datetime.combine(day, start)


def _inside_event(evidence: When, bounds: Bounds) -> bool:
    resolver = Resolver(bounds)
    days = resolver.days(evidence) or []
    return all(bounds.contains(day) for day in days)


def heading_when(segment: Segment, part: Part) -> Heading | None:
    """A heading, bold or emphasised line naming one day: it dates the times below it.
    `### Mardi 14 novembre`, `**Lundi**`, `<h3>Programme du jeudi 16 novembre</h3>`."""
    styled = segment.heading or part.is_emphasised()
    introduces = (
        not styled
        and not segment.bullet
        and ":" in part.raw[-16:]
        and part.text.rstrip(" *").endswith(":")
    )
    if not (styled or introduces) or len(segment.parts) > 1:
        return None
    whens = [w for w in whens_of(part) if w.has_date] or _bare_day(part, styled)
    if len(whens) > 1 and all(w.dates or w.day_number is not None for w in whens):
        whens = [w for w in whens if w.dates]  # "Jour 1 (13/11)": the date says which day
    if len(whens) != 1 or whens[0].is_range or len(whens[0].dates) > 1:
        return None
    when = whens[0]
    prefix = part.text[: when.start].strip(" *#:|[(").lower()
    leading = prefix in ("", "le", "du", "les", "ce")
    return Heading(segment, when, leading, part=part)


def row_item(segment: Segment, k: int, columns: list[str], bounds: Bounds) -> Item | None:
    """`| Atelier données | 14/11, 10h-12h | Salle 2 |`: a table row whose date is not in its
    first cell; the title is among the other cells (under their columns' names). A row dated
    outside the event is another thing listed (`| 2019 | 14/11/2019 | Paris |`: editions)."""
    part = segment.parts[k]
    text = part.text
    if not text.lstrip().startswith("|"):
        return None
    spans = _cells(text)
    for begin, end in spans[1:]:
        position = begin + len(text[begin:end]) - len(text[begin:end].lstrip())
        evidence = evidence_at(part, position) if has_anchor(text[begin:end]) else None
        column = _column(columns, spans.index((begin, end)))
        if evidence is None or not (evidence.has_date or _time_cell(evidence, column)):
            continue
        if not evidence.slots:
            evidence = with_times_in_next_cell(part, evidence)
        if text[evidence.end : _cell_end(spans, evidence.end)].strip(" ,.;"):
            return None  # a date inside a sentence of a cell: not the row's date
        if evidence.has_date and not _inside_event(evidence, bounds):
            return None
        others = [n for n, (a, b) in enumerate(spans) if b <= begin or a >= evidence.end]
        cells = "|".join(text[spans[n][0] : spans[n][1]] for n in others)
        item = Item(evidence, part, segment, None, [])
        title = row_title(cells, item.fields, [_column(columns, n) for n in others])
        item.title = title or item.fields.title  # under a column "Quoi", "Titre"…
        return item if item.title else None
    return None


_TIME_COLUMN = re.compile(r"\W*(?:heures?|horaires?|cr[ée]neaux?|quand)\b", re.IGNORECASE)


def _time_cell(evidence: When, column: str) -> bool:
    """`| Accueil | 9h-10h |` under a column `Horaire`: the row's time, after its title."""
    return bool(evidence.slots) and _TIME_COLUMN.match(column) is not None


def _cells(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row `| a | b |` (the text between two bars)."""
    bars = [n for n, char in enumerate(text) if char == "|"]
    return [(a + 1, b) for a, b in zip(bars, bars[1:], strict=False)]


def _cell_end(spans: list[tuple[int, int]], position: int) -> int:
    return next((end for begin, end in spans if begin <= position <= end), position)


def _column(columns: list[str], n: int) -> str:
    return columns[n] if n < len(columns) else ""
