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

from agenda.lib.frenchwhen import DayMonth

from .programme_bounds import attach_details
from .programme_items import Heading, Item, ParsedSession, Programme, Repeat
from .programme_patterns import (
    DURATION_TAIL,
    LATE_DATE_ANCHOR,
    PLACE_ONLY,
    WHEN_LEAD,
    When,
    evidence_at,
    evidence_start,
    has_anchor,
    last_part_skip,
    lead_start,
    may_start_evidence,
    next_item_on_the_line,
    text_evidence,
    whens_of,
    with_date_after,
    with_times_in_next_cell,
)
from .programme_prose import prose_items
from .programme_scope import Bounds, Moment, Resolver
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

_MAX_HEADER_WORDS = 12  # a longer bold line with a date at its end is a sentence, not a header
_MAX_NEXT_LINE_TITLE_WORDS = 30
_MAX_FIELD_LINES = 3  # "Où ? …", "Public : …" lines between a header and its title
_CLOSING_BRACKET = re.compile(r"\s*\]")


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


def _short_line(segment: Segment) -> bool:
    """One short line that is not a sentence: a title, not a description."""
    text = segment.parts[0].text.strip()
    return (
        len(segment.parts) == 1
        and len(text.split()) <= _MAX_HEADER_WORDS
        and not text.endswith((".", "!", ";"))
    )


class _Reader:
    def __init__(self, bounds: Bounds):
        self.bounds = bounds
        self.marks: list[Item | Heading] = []
        self.taken: set[int] = set()  # ids of segments read as an item's title
        self.previous: Segment | None = None  # the segment read before the current one
        self.columns: list[str] = []  # the names of the columns of the table being read

    # --- leading evidence ----------------------------------------------------------------

    def leading_item(self, segment: Segment, k: int, start: int = -1) -> Item | str | None:
        """Evidence at the start of part k (or at `start`, where an item of the same line
        begins): an item, "heading" for a date heading, or None."""
        part = segment.parts[k]
        text = part.text
        position = last_part_skip(text) if start < 0 else start
        if when := WHEN_LEAD.match(text, position):
            position = when.end()
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
            self._neighbour_title(item, k)
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

    def _neighbour_title(self, item: Item, k: int) -> None:
        """The title on a neighbouring piece: above in `* **Titre**<br>Lundi 23 novembre 2020,
        17h-17h30`, below in the seed's `<b>Le jeudi 03/11 de 16h15 à 18h15<br>[Meetup]</b>
        <i>Titre</i>`; labels and fields on the way are read as such."""
        parts = item.segment.parts
        for n in range(k - 1, -1, -1):
            text = parts[n].text
            if has_anchor(text[:12]) and text_evidence(text.lstrip(" ["), 0) is not None:
                break  # another item's line
            item.title = split_fields(text, item.fields)
            if item.title or item.fields.title:
                return
        for n in range(k + 1, len(parts)):
            text = parts[n].text
            if text_evidence(text.lstrip(" ["), 0) is not None:
                return
            labels, position = read_labels(text, 0)
            item.labels += labels
            item.used_parts = n - k
            item.title = split_fields(text[position:], item.fields)
            if item.title or item.fields.title:
                return

    # --- a title, then the date ------------------------------------------------------------

    def late_item(self, segment: Segment, k: int) -> Item | None:
        """`* **Titre**, mardi 24 novembre, 17h-17h30` or `**Forum virtuel du 1er au 14 décembre
        2022**`: a title, then the date (with times in a bullet), and nothing after."""
        part = segment.parts[k]
        bullet = segment.bullet and k == 0
        if not (bullet or (part.is_bold() and not segment.heading)):
            return None
        text = part.text
        if bullet and (item := self._whole_day_after_title(segment, part)):
            return item
        for anchor in LATE_DATE_ANCHOR.finditer(text):
            if anchor.start() == 0:
                continue
            evidence = evidence_at(part, lead_start(text, anchor.end()))
            if evidence is None or not evidence.has_date:
                continue
            if bullet and not evidence.slots:
                continue  # "* Étape Normandie, le 26 septembre à Rouen": a list of other events
            if text[evidence.end :].strip(" .!;" if bullet else " "):
                continue  # a bold sentence ending with a full stop is prose
            item = Item(evidence, part, segment, None, [])
            item.title = split_fields(text[: anchor.start()], item.fields) or item.fields.title
            if not item.title or (not bullet and len(item.title.split()) > _MAX_HEADER_WORDS):
                continue
            if not bullet and not evidence.slots and not self._inside_event(evidence):
                continue  # "**Ouverture des inscriptions le 26 janvier**": not a session
            return item
        return None

    def _whole_day_after_title(self, segment: Segment, part: Part) -> Item | None:
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

    def _inside_event(self, evidence: When) -> bool:
        resolver = Resolver(self.bounds)
        days = resolver.days(evidence) or []
        return all(self.bounds.contains(day) for day in days)

    # --- a line naming a day ---------------------------------------------------------------

    def heading_when(self, segment: Segment, part: Part) -> Heading | None:
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
        if len(whens) != 1 or whens[0].is_range or len(whens[0].dates) > 1:
            return None
        when = whens[0]
        prefix = part.text[: when.start].strip(" *#:|[(").lower()
        leading = prefix in ("", "le", "du", "les", "ce")
        return Heading(segment, when, leading, part=part)

    # --- segments --------------------------------------------------------------------------

    def read(self, segment: Segment, following: list[Segment]) -> None:
        if id(segment) in self.taken:
            return
        try:
            self._read(segment, following)
        finally:
            self.previous = segment

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
                item = self.late_item(segment, k)
            if item is None:
                found += prose_items(segment, k, wrapped_line(segment, following))
                continue
            skip_until = k + item.used_parts
            found.append(item)
            while item.next_at >= 0:
                item = self.leading_item(segment, k, item.next_at)
                if not isinstance(item, Item):
                    break
                found.append(item)
        if found:
            self._title_from_next_line(found[-1], segment, following)
            self._title_from_line_above(found[0], segment)
            for item in found:
                original = self._repeats(item) if segment.heading else None
                self.marks.append(Repeat(segment, original) if original else item)
        elif heading is not None and heading.when is not None:
            self.marks.append(heading)
        else:
            first = segment.parts[0]
            single = len(segment.parts) == 1
            dated = self.heading_when(segment, first) if single and has_anchor(first.raw) else None
            if dated is not None:
                self.marks.append(dated)
            elif segment.heading or (single and first.is_bold()):
                self.marks.append(Heading(segment))  # a section: "**Salle 2**", "### Ateliers"
            elif self.bounds.start is None:
                self._note_prose_dates(segment)

    def _note_columns(self, part: Part, k: int) -> None:
        """A table's header row names its columns (`| Horaire | Séance | Salle |`, or `<th>`
        cells): its rows keep them; any other block ends the table."""
        row = "|" in part.raw or "<t" in part.raw
        text = part.text if row else ""
        if not text.lstrip().startswith("|"):
            if k == 0:
                self.columns = []
        elif not has_anchor(text) and any(c.isalnum() for c in text):
            self.columns = table_columns(text)

    def _note_prose_dates(self, segment: Segment) -> None:
        """ "Venez échanger avec nous le 23 janvier prochain.": the day of a timetable below."""
        for part in segment.parts:
            if not has_anchor(part.raw):
                continue
            for when in whens_of(part):
                if when.dates and not when.is_range:
                    self.marks.append(Heading(segment, when, leading=False, prose=True, part=part))

    def _title_from_line_above(self, item: Item, segment: Segment) -> None:
        """`**Atelier data**` (or `### Atelier data`) then `Le 14/11 de 10h à 12h` on the next
        line: the title is the line above."""
        if item.title or item.labels or item.part is not segment.parts[0] or not self.marks:
            return
        above = self.marks[-1]
        if not isinstance(above, Heading) or above.when is not None or above.prose:
            return
        if segment.bullet or above.segment is not self.previous:
            return  # a list under a heading: the heading is the section's, not an item's
        if segment.first - above.segment.last != 1 and not above.segment.heading:
            return
        title = split_fields(above.segment.parts[0].text, item.fields) or item.fields.title
        if title and len(title.split()) <= _MAX_NEXT_LINE_TITLE_WORDS:
            item.title, item.title_above = title, above.segment
            self.marks.pop()  # the line is the item's title, not a section over it

    def _title_from_next_line(self, item: Item, segment: Segment, following: list[Segment]) -> None:
        """`**14h - 15h30**` then the title alone on the next line (after a field such as
        `Où ? Salle 2`, read as such)."""
        if item.title or item.labels or not following:
            return
        part = item.part
        if part is not segment.parts[-1] or part.text[item.when.end :].strip(SEPARATORS):
            return
        styled = segment.heading or part.is_emphasised()
        # "14h-15h30" alone as a paragraph: its title is the paragraph after it.
        alone = not segment.bullet and len(segment.parts) == 1 and item.when.start == 0
        last = segment.last
        for candidate in following[: _MAX_FIELD_LINES + 1]:
            attached = candidate.first == last + 1
            if not (attached or styled or alone) or candidate.bullet or candidate.heading:
                return
            if alone and not (attached or styled) and not _short_line(candidate):
                return
            first = candidate.parts[0]
            if has_anchor(first.raw) and evidence_at(first, last_part_skip(first.text)):
                return
            title = split_fields(first.text, item.fields) or item.fields.title
            self.taken.add(id(candidate))
            if title:
                if len(title.split()) <= _MAX_NEXT_LINE_TITLE_WORDS:
                    item.title, item.title_segment = title, candidate
                else:
                    self.taken.discard(id(candidate))
                return
            item.title_segment = candidate  # a field line: read, and part of the header
            last = candidate.last

    def _repeats(self, new: Item) -> Item | None:
        """A heading `## 14h - Pitchs` over the details of an item listed above it."""
        for old in self.marks:
            if isinstance(old, Item) and old.same_as(new):
                return old
        return None


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
        reader.read(segment, found[n + 1 : n + 2 + _MAX_FIELD_LINES])
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
