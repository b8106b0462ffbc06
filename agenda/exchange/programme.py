"""The programme written in the body of an event page, read as sessions.

Editors of numerique.gouv.fr write programmes in many ways (see ../shared/corpus/README.md):
a bold header with a date, a time range and bracketed labels followed by an italic title (the
seed), bracketed dates, a bullet title followed by `<br>Lundi 23 novembre 2020, 17h-17h30`, date
headings followed by timetable items, `* **9h30 - 12h :** Titre` in one-day events, several slots
on one line, `**Quand ?** 13 et 14 juin 2019, de 9h à 19h`, a session announced in a sentence
(`à 17h, un atelier « … »`)… The reader goes through the body segment by segment (lines joined
by `<br>`) and finds, with the French tokenizer, the date/time evidence where an item starts;
`programme_scope` then places every date in one pass. Dates are kept as written: the weekday named
beside a date is reported, not trusted.
"""

from __future__ import annotations

import re

from .programme_bounds import attach_details
from .programme_items import Heading, Item, ParsedSession, Programme, Repeat
from .programme_late import heading_when, late_item, opening_hours, row_item, titled_slots
from .programme_neighbours import (
    MAX_FIELD_LINES,
    card_fields_above,
    card_fields_below,
    end_from_next_line,
    neighbour_title,
    title_from_line_above,
    title_from_naming_line,
    title_from_next_line,
)
from .programme_patterns import (
    DAY_PART_LEAD,
    DURATION_TAIL,
    PLACE_ONLY,
    WHEN_LEAD,
    When,
    evidence_at,
    evidence_start,
    has_anchor,
    last_part_skip,
    may_start_evidence,
    next_item_on_the_line,
    whens_of,
    with_date_after,
    with_times_in_next_cell,
)
from .programme_prose import names_a_happening, prose_items
from .programme_scope import Bounds, Moment
from .programme_sessions import place_sessions
from .programme_text import Part, Segment, segments, visible_text, wrapped_line
from .programme_titles import (
    SEPARATORS,
    bold_title,
    labels_before_evidence,
    read_labels,
    row_title,
    split_fields,
    table_columns,
    title_text,
)

_CLOSING_BRACKET = re.compile(r"\s*\]")
_CLOSING_PARENTHESIS = re.compile(r"\s*\)")


class _Reader:
    def __init__(self, bounds: Bounds):
        self.bounds = bounds
        self.marks: list[Item | Heading] = []
        self.taken: set[int] = set()  # ids of segments read as an item's title
        self.previous: Segment | None = None  # the segment read before the current one
        self.recent: list[Segment] = []  # the last segments read, the previous one last
        self.columns: list[str] = []  # the names of the columns of the table being read

    # --- leading evidence ----------------------------------------------------------------

    def leading_item(self, segment: Segment, k: int, start: int = -1) -> Item | str | None:
        """Evidence at the start of part k (or at `start`, where an item of the same line
        begins): an item, "heading" for a date heading, or None."""
        part = segment.parts[k]
        text = part.text
        position = last_part_skip(text) if start < 0 else start
        hour_label = False
        if when := WHEN_LEAD.match(text, position):
            position, hour_label = when.end(), when["hour"] is not None
        part_of_day = DAY_PART_LEAD.match(text, position)
        if part_of_day:
            position = part_of_day.end()
        # Labels may come first: "[Webinaire] [Le 09/11 de 14h à 15h] Titre".
        labels_before, position = labels_before_evidence(text, position)
        bracketed = text.startswith("[", position)
        if bracketed:
            position += 1
            position += len(text[position:]) - len(text[position:].lstrip())
        evidence = evidence_at(part, position)
        if evidence is None:
            return None
        close = evidence.end
        if part_of_day and part_of_day["paren"]:
            match = _CLOSING_PARENTHESIS.match(text, close)
            if not match:
                return None
            close = match.end()
        if bracketed:
            match = _CLOSING_BRACKET.match(text, close)
            if not match:
                return None
            close = match.end()
        evidence = with_date_after(part, evidence, close)
        row = text.lstrip().startswith("|")
        if row and evidence.has_date and not evidence.slots and not bracketed:
            evidence = with_times_in_next_cell(part, evidence)
        if evidence.end > close:
            close = evidence.end
        rest = text[close:]
        if evidence.lead in ("until", "from"):
            return "sentence"  # a deadline or an opening: "Jusqu'au 6 septembre à minuit"
        if not bracketed:
            verdict = self._unbracketed_verdict(segment, k, evidence, rest)
            if verdict != "item":
                return verdict
        labels, position = read_labels(text, close)
        item = Item(evidence, part, segment, None, labels_before + labels)
        item.needs_title = hour_label
        item.opening_hours = hour_label and opening_hours(evidence)
        stop = len(text)
        if evidence.slots and not bracketed:
            following = next_item_on_the_line(part, position, evidence)
            if following is not None:
                stop, item.next_at = following
        if row:  # a table row: the cells after the date's
            cell = text[:position].count("|") - 1
            item.title = row_title(text[position:stop], item.fields, self.columns[cell:])
        else:
            item.title = (bold_title(part, close, position) if bracketed else None) or (
                split_fields(text[position:stop], item.fields)
            )
        if item.title is None and not text[position:].strip(SEPARATORS):
            neighbour_title(item, k)
        item.title = item.title or item.fields.title
        return item

    def _unbracketed_verdict(self, segment: Segment, k: int, evidence: When, rest: str) -> str:
        stripped = rest.strip()
        if evidence.whole_day and not evidence.slots and not title_text(stripped):
            return "heading"  # "Le 24 novembre, toute la journée": the event's day, no item
        if not evidence.slots and not evidence.whole_day:
            if not stripped.strip(":–—-") and k == len(segment.parts) - 1 and (k == 0):
                return "heading"  # "**Mardi 14 novembre :**" over its timetable
            if stripped[:1] in (":", "-", "–", "—", "["):
                return "item"
            if k > 0 and not stripped:
                return "item"  # "* **Titre**<br>Lundi 23 novembre 2020"
            if PLACE_ONLY.match(stripped):
                return "heading"  # "***Le 16 décembre, en ligne***" dates the items below
            return "sentence"
        if stripped.startswith(",") and title_text(stripped) and not segment.bullet:
            return "sentence"  # "Le 30 novembre de 10h à 12h, venez…": prose, not an item
        if evidence.single_time and DURATION_TAIL.match(rest):
            return "sentence"  # "2h de formation"
        return "item"

    # --- a title, then the date ------------------------------------------------------------

    # --- a line naming a day ---------------------------------------------------------------

    # --- segments --------------------------------------------------------------------------

    def read(self, segment: Segment, following: list[Segment]) -> None:
        if id(segment) in self.taken:
            return
        try:
            self._read(segment, following)
        finally:
            self.previous = segment
            self.recent = [*self.recent[-MAX_FIELD_LINES:], segment]

    def _read(self, segment: Segment, following: list[Segment]) -> None:
        found: list[Item] = []
        heading: Heading | None = None
        skip_until = -1
        for k, part in enumerate(segment.parts):
            if k <= skip_until:
                continue
            visible = visible_text(part.raw)
            self._note_columns(part, k)
            if not has_anchor(visible):
                continue
            # Most paragraphs start with words no date starts with: no need to clean them.
            item = self.leading_item(segment, k) if may_start_evidence(visible) else None
            if item == "heading":
                when = evidence_at(part, evidence_start(part))
                heading = Heading(segment, when, part=part)
                continue
            if not isinstance(item, Item):
                item = late_item(segment, k, self.bounds) or (
                    row_item(segment, k, self.columns, self.bounds) if self.columns else None
                )
            if item is None:
                found += titled_slots(segment, k) or prose_items(
                    segment, k, wrapped_line(segment, following)
                )
                continue
            skip_until = k + item.used_parts
            found.append(item)
            while item.next_at >= 0:
                item = self.leading_item(segment, k, item.next_at)
                if not isinstance(item, Item):
                    break
                found.append(item)
        if found:
            dated_card = self._dated_card()
            if found[0].needs_title:  # a card's "Heure :" line: its title is above it
                end_from_next_line(found[0], segment, following, self.taken)
                title_from_line_above(found[0], segment, self.marks, self.previous)
                title_from_naming_line(found[0], segment, self.recent)
                if found[0].title:
                    card_fields_above(found[0], segment, self.recent)
                    card_fields_below(found[0], segment, following, self.taken)
            title_from_next_line(found[-1], segment, following, self.taken)
            title_from_line_above(found[0], segment, self.marks, self.previous)
            found = [item for item in found if self._kept(item, dated_card)]
            if len(found) == 1 and _day_over_nested_items(found[0], segment, following):
                self.marks.append(Heading(segment, found[0].when, part=found[0].part))
                return
            for item in found:
                original = self._repeats(item) if segment.heading else None
                self.marks.append(Repeat(segment, original) if original else item)
        elif heading is not None and heading.when is not None:
            self.marks.append(heading)
        else:
            first = segment.parts[0]
            single = len(segment.parts) == 1
            dated = heading_when(segment, first) if single and has_anchor(first.raw) else None
            if dated is not None:
                self.marks.append(dated)
            elif segment.heading or (single and first.is_bold()):
                self.marks.append(Heading(segment))  # a section: "**Salle 2**", "### Ateliers"
            elif self.bounds.start is None:
                self._note_prose_dates(segment)

    def _kept(self, item: Item, dated_card: bool) -> bool:
        """An item with a title, or an untitled slot of a day. A long range under an hour's
        label (`Horaires : 9h-18h`) is when a place opens, unless a card titles it, and the
        card has its own date line or its title names something that happens (`### Hackathon
        …` over `Horaire : 9h-17h`): then it is that session (issue 11)."""
        if item.opening_hours:
            return bool(item.title) and (dated_card or names_a_happening(item.title))
        return bool(item.title) or self._untitled_slot(item)

    def _dated_card(self) -> bool:
        """The line above is a card's own date line (`Date : 12 mars`, `Quand ? jeudi`)."""
        above = self.marks[-1] if self.marks else None
        return (
            isinstance(above, Heading)
            and above.segment is self.previous
            and above.part is not None
            and above.when is not None
            and bool(above.when.dates)
            and not above.prose
            and WHEN_LEAD.match(above.part.text) is not None
        )

    def _untitled_slot(self, item: Item) -> bool:
        """An item that needs no title, or a card's "Heure : 10h" right under a day's heading
        (`### Jeudi 14 novembre`): a slot of that day with no title of its own (issue 11)."""
        if not item.needs_title:
            return True
        above = self.marks[-1] if self.marks else None
        item.day_slot = (
            isinstance(above, Heading)
            and above.segment is self.previous
            and above.when is not None
            and bool(above.when.dates)
            and not above.prose
            and not item.when.dates
        )
        return item.day_slot

    def _note_columns(self, part: Part, k: int) -> None:
        """A table's header row names its columns (`| Horaire | Séance | Salle |`, or `<th>`
        cells): its rows keep them; any other block ends the table."""
        row = "|" in part.raw or "<t" in part.raw
        text = part.text if row else ""
        if not text.lstrip().startswith("|"):
            if k == 0:
                self.columns = []
        elif any(c.isalnum() for c in text) and not (has_anchor(text) and whens_of(part)):
            self.columns = table_columns(text)

    def _note_prose_dates(self, segment: Segment) -> None:
        """ "Venez échanger avec nous le 23 janvier prochain.": the day of a timetable below."""
        for part in segment.parts:
            if not has_anchor(part.raw):
                continue
            for when in whens_of(part):
                if when.dates and not when.is_range:
                    self.marks.append(Heading(segment, when, leading=False, prose=True, part=part))

    def _repeats(self, new: Item) -> Item | None:
        """A heading `## 14h - Pitchs` over the details of an item listed above it."""
        for old in self.marks:
            if isinstance(old, Item) and old.same_as(new):
                return old
        return None


def _day_over_nested_items(item: Item, segment: Segment, following: list[Segment]) -> bool:
    """`* Mardi 14 novembre, 9h-17h` over indented `  * 9h : Accueil` items: the day (and its
    hours) the items below belong to, not a session of its own."""
    if item.title or not segment.bullet or not item.when.dates or not following:
        return False
    below = following[0]
    first = below.parts[0]
    if not (below.bullet and below.first == segment.last + 1 and has_anchor(first.text)):
        return False
    timed = evidence_at(first, evidence_start(first))
    return first.offset > segment.parts[0].offset and timed is not None and bool(timed.slots)


def extract_programme(
    body: str,
    *,
    event_start: Moment | None,
    event_end: Moment | None,
    first_line: int = 1,
    published: Moment | None = None,
    title: str = "",
) -> Programme:
    """body = the markdown after the front matter; first_line = line number in the file of
    body's first line. event_start/end: naive Paris wall-clock values from the front matter
    (a datetime whose time is 00:00 means 'no time given'). `published` (the page's `date`)
    only dates a programme whose front matter has no event dates and whose body writes no year.
    """

    lines = re.split(r"\r\n|\n|\r", body or "")
    bounds = Bounds.of(event_start, event_end, published)
    reader = _Reader(bounds)
    found = segments(lines)
    for n, segment in enumerate(found):
        reader.read(segment, found[n + 1 : n + 2 + MAX_FIELD_LINES])
    items = place_sessions(reader.marks, bounds, found)
    ranges = attach_details(items, reader.marks, lines, title=title)
    sessions = [s for item in items for s in item.sessions]
    for session in sessions:
        session.line += first_line
        if session.date_column:
            session.date_line += first_line
        first, last = session.header_lines
        session.header_lines = (first + first_line, last + first_line)
        if session.description_lines:
            first, last = session.description_lines
            session.description_lines = (first + first_line, last + first_line)
    read_lines = [(a + first_line, b + first_line) for a, b in ranges] if sessions else []
    return Programme(sessions, read_lines)


def extract_sessions(
    body: str,
    *,
    event_start: Moment | None,
    event_end: Moment | None,
    first_line: int = 1,
    published: Moment | None = None,
) -> list[ParsedSession]:
    """The sessions of `extract_programme`."""
    return extract_programme(
        body,
        event_start=event_start,
        event_end=event_end,
        first_line=first_line,
        published=published,
    ).sessions
