"""What the programme reader finds in a body: items and headings in page order (`Item`,
`Heading`, `Repeat`), and what it gives back: the sessions (`ParsedSession`) and the lines the
programme spans (`Programme`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from agenda.lib.frenchwhen import When

from .programme_text import Part, Segment
from .programme_titles import Fields

Moment = dt.date | dt.datetime


@dataclass
class ParsedSession:
    start: Moment  # naive datetime = Europe/Paris wall-clock; date when no time given
    end: Moment | None
    title: str | None  # plain text: markup removed, spaces folded
    labels: list[str]  # bracketed labels other than the date, e.g. ["Table ronde", "Démo"]
    description: str = ""  # markdown of the text under this session's header, "" if none
    registration_url: str | None = None  # the session's call-to-action link
    place_lines: list[str] = field(default_factory=list)  # address/venue bullets, "Où ?" fields
    accessibility: list[str] = field(default_factory=list)
    is_free: bool | None = None  # "gratuit", "Entrée libre" -> True
    registration_required: bool = False  # "sur inscription"
    line: int = 0  # 1-based line in the whole file where the date/time evidence starts
    column: int = 0  # 1-based column of that evidence
    date_text: str = ""  # the date evidence as written ("jeudi 03/11"), else the times
    written_weekday: str | None = None  # weekday written with the date, lower-case
    notes: list[str] = field(default_factory=list)  # "(en ligne)", "Public : agents"
    # Where the session's date is written: its own evidence, or the heading that dates it
    # (1-based line and column; 0 when the date is the event's own)
    date_line: int = 0
    date_column: int = 0
    # 1-based file lines: the header the session was read from, and its description
    header_lines: tuple[int, int] = (0, 0)
    description_lines: tuple[int, int] | None = None


@dataclass
class Programme:
    """The sessions of a body, and the ranges of file lines they were read from (first and last
    line of each range; none without sessions): the public page shows the other lines."""

    sessions: list[ParsedSession]
    lines: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Item:
    """A programme item found in a segment, before its dates are placed."""

    when: When
    part: Part
    segment: Segment
    title: str | None
    labels: list[str]
    fields: Fields = field(default_factory=Fields)
    used_parts: int = 0  # parts after this one read for its title
    title_segment: Segment | None = None  # the next line gave the title
    title_above: Segment | None = None  # the line above gave the title
    sessions: list[ParsedSession] = field(default_factory=list)
    next_at: int = -1  # where another item of the same line starts ("9h : A – 10h : B")
    # "Heure : 14h-16h": a card's field, a session only when the card has a title (the line above)
    needs_title: bool = False
    day_slot: bool = False  # "Heure : 10h" right under a day's heading: kept without a title
    # "Horaires : 9h-18h": a place's opening hours, unless a card titles it as a session
    opening_hours: bool = False

    def same_as(self, other: Item) -> bool:
        """The same first time, dates and title (one starting like the other)."""
        if _first_time(self.when) != _first_time(other.when) or self.when.dates != other.when.dates:
            return False
        if not self.title or not other.title:
            return self.title == other.title
        a, b = self.title.casefold(), other.title.casefold()
        return a.startswith(b) or b.startswith(a)


def _first_time(when: When) -> dt.time | None:
    return when.slots[0][0] if when.slots else None


@dataclass
class Heading:
    """A line that dates what follows it (`### Mardi 14 novembre`), only titles it (a section:
    `**Salle 2**`), or a sentence naming a date (`prose`: it dates a timetable when the front
    matter gives no date)."""

    segment: Segment
    when: When | None = None
    leading: bool = True  # the date starts the line (else "Au programme le 29 novembre")
    prose: bool = False
    part: Part | None = None  # where the date is written


@dataclass
class Repeat:
    """A heading that repeats an item listed above it, over that item's details
    (`## 14h - Pitchs des projets` after `* **14h00 - 15h00 :** Pitchs des projets`)."""

    segment: Segment
    item: Item
