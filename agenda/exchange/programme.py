"""The programme written in the body of an event page, read as sessions.

Editors of numerique.gouv.fr write programmes in many ways (see ../shared/corpus/README.md):
a bold header with a date, a time range and bracketed labels followed by an italic title (the
seed), bracketed dates, a bullet title followed by `<br>Lundi 23 novembre 2020, 17h-17h30`, date
headings followed by timetable items, `* **9h30 - 12h :** Titre` in one-day events, several slots
on one line, `**Quand ?** 13 et 14 juin 2019, de 9h à 19h`… The reader below goes through the body
segment by segment (lines joined by `<br>`), finds date/time evidence where a programme item
starts, and keeps the dates as written: the weekday named beside a date is reported, not trusted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from agenda.lib.frenchdates import resolve_year
from agenda.lib.limits import max_sessions

from .programme_details import read_details
from .programme_patterns import (
    DURATION_TAIL,
    LATE_DATE_ANCHOR,
    PLACE_ONLY,
    PROSE_DATE,
    WHEN_LEAD,
    DayMonth,
    Evidence,
    read_dates,
    read_evidence,
)
from .programme_text import Part, Segment, fold_spaces, segments
from .programme_titles import (
    SEPARATORS,
    bold_title,
    labels_before_evidence,
    read_labels,
    title_text,
)

Moment = dt.date | dt.datetime


@dataclass
class ParsedSession:
    start: Moment  # naive datetime = Europe/Paris wall-clock; date when no time given
    end: Moment | None
    title: str | None  # plain text: markup removed, spaces folded
    labels: list[str]  # bracketed labels other than the date, e.g. ["Table ronde", "Démo"]
    description: str = ""  # markdown of the text under this session's header, "" if none
    registration_url: str | None = None  # the session's call-to-action link
    place_lines: list[str] = field(default_factory=list)  # address/venue bullets
    accessibility: list[str] = field(default_factory=list)
    is_free: bool | None = None  # "gratuit", "Entrée libre" -> True
    registration_required: bool = False  # "sur inscription"
    line: int = 0  # 1-based line in the whole file where the date/time evidence starts
    column: int = 0  # 1-based column of that evidence
    date_text: str = ""  # the date evidence as written ("jeudi 03/11"), else the times
    written_weekday: str | None = None  # weekday written with the date, lower-case


@dataclass
class _Item:
    """A programme item found in a segment, before its dates are resolved."""

    evidence: Evidence
    part: Part
    title: str | None
    labels: list[str]
    next_part_used: bool = False  # the title was read on the next piece of the segment


@dataclass
class _Header:
    """The segment that announced one or more sessions; its details follow it."""

    segment: Segment
    sessions: list[ParsedSession]


_CLOSING_BRACKET = re.compile(r"\s*\]")
_MAX_HEADER_WORDS = 12  # a longer bold line with a date at its end is a sentence, not a header
_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s|<h[1-6][\s>]|-{3,}\s*$|\*{3,}\s*$)", re.IGNORECASE)


def _as_date(value: Moment | None) -> dt.date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, dt.datetime) else value


class _Reader:
    def __init__(self, start: Moment | None, end: Moment | None, published: Moment | None):
        self.event_start, self.event_end = _as_date(start), _as_date(end)
        self.anchor = _as_date(published)  # year reference when the event has no dates
        self.context = self.event_start or self.event_end  # date of timetable items
        self.prose_date: dt.date | None = None
        self.headers: list[_Header] = []

    # --- dates --------------------------------------------------------------------------

    def resolve(self, written: DayMonth) -> dt.date | None:
        if written.month is None:
            return None
        if written.year:
            try:
                value = dt.date(written.year, written.month, written.day)
            except ValueError:
                return None
        else:
            value = resolve_year(
                written.day,
                written.month,
                start=self.event_start,
                end=self.event_end,
                reference=self.anchor,
            )
        if value and self.event_start is None:
            self.anchor = value
        return value

    def _inside_event(self, evidence: Evidence) -> bool:
        return all(self.in_event(day) for day in map(self.resolve, evidence.dates) if day)

    def in_event(self, value: dt.date) -> bool:
        if self.event_start is None:
            return True
        return self.event_start <= value <= (self.event_end or self.event_start)

    # --- items --------------------------------------------------------------------------

    def leading_item(self, segment: Segment, k: int) -> _Item | str | None:
        """Evidence at the start of part k: an item, "heading" for a date heading, or None."""
        part = segment.parts[k]
        text = part.text
        position = len(text) - len(text.lstrip(" |"))
        if when := WHEN_LEAD.match(text, position):
            position = when.end()
        # Labels may come first: "[Webinaire] [Le 09/11 de 14h à 15h] Titre".
        labels_before, position = labels_before_evidence(text, position)
        bracketed = text.startswith("[", position)
        evidence = read_evidence(text, position + 1 if bracketed else position)
        if evidence is None:
            return None
        close = evidence.end
        if bracketed:
            match = _CLOSING_BRACKET.match(text, close)
            if not match:
                return None
            close = match.end()
        rest = text[close:]
        if not bracketed:
            verdict = self._unbracketed_verdict(segment, k, evidence, rest)
            if verdict != "item":
                return verdict
        labels, position = read_labels(text, close)
        labels = labels_before + labels
        title = (bold_title(part, close, position) if bracketed else None) or title_text(
            text[position:]
        )
        next_part_used = False
        if title is None and not text[position:].strip(SEPARATORS):
            title, more, next_part_used = self._neighbour_title(segment, k)
            labels += more
        if not evidence.has_date and title is None and not labels:
            return None  # "9h30 - 17h" alone: the event's hours, not an item of its programme
        return _Item(evidence, part, title, labels, next_part_used)

    def _unbracketed_verdict(self, segment: Segment, k: int, evidence: Evidence, rest: str) -> str:
        stripped = rest.strip()
        if not evidence.slots:
            if stripped[:1] in (":", "-", "–", "—", "["):
                return "item"
            if k > 0 and not stripped:
                return "item"  # "* **Titre**<br>Lundi 23 novembre 2020"
            if PLACE_ONLY.match(stripped):
                return "heading"  # "***Le 16 décembre, en ligne***" dates the items below
            return "sentence"
        if stripped.startswith(",") and title_text(stripped):
            return "sentence"  # "Le 30 novembre de 10h à 12h, venez…": prose, not an item
        if evidence.single_time and DURATION_TAIL.match(rest):
            return "sentence"  # "2h de formation"
        return "item"

    def _neighbour_title(self, segment: Segment, k: int) -> tuple[str | None, list[str], bool]:
        """(title, labels, read on the next piece?): the piece above gives the title in
        `* **Titre**<br>Lundi 23 novembre 2020, 17h-17h30`, the next one in the seed's
        `<b>Le jeudi 03/11 de 16h15 à 18h15<br>[Meetup]</b> <i>Titre</i>`."""
        parts = segment.parts
        if k > 0:
            return title_text(parts[k - 1].text), [], False
        if k + 1 < len(parts) and read_evidence(parts[k + 1].text.lstrip(" ["), 0) is None:
            text = parts[k + 1].text
            labels, position = read_labels(text, 0)
            return title_text(text[position:]), labels, True
        return None, [], False

    def late_item(self, segment: Segment, k: int) -> _Item | None:
        """`* **Titre**, mardi 24 novembre, 17h-17h30` or `**Forum virtuel du 1er au 14 décembre
        2022**`: a title, then the date (with times in a bullet), and nothing after."""
        part = segment.parts[k]
        bullet = segment.bullet and k == 0
        if not (bullet or (part.is_bold() and not segment.heading)):
            return None
        for anchor in LATE_DATE_ANCHOR.finditer(part.text):
            if anchor.start() == 0:
                continue
            evidence = read_evidence(part.text, anchor.end())
            if evidence is None or not evidence.has_date:
                continue
            if bullet and not evidence.slots:
                continue  # "* Étape Normandie, le 26 septembre à Rouen": a list of other events
            if part.text[evidence.end :].strip(" .!;" if bullet else " "):
                continue  # a bold sentence ending with a full stop is prose
            title = title_text(part.text[: anchor.start()])
            if not title or (not bullet and len(title.split()) > _MAX_HEADER_WORDS):
                continue
            if not bullet and not evidence.slots and not self._inside_event(evidence):
                continue  # "**Ouverture des inscriptions le 26 janvier**": not a session
            return _Item(evidence, part, title, [])
        return None

    # --- sessions -----------------------------------------------------------------------

    def sessions_of(self, item: _Item) -> list[ParsedSession]:
        evidence = item.evidence
        days = [self.resolve(d) for d in evidence.dates]
        if any(day is None for day in days):
            return []
        if not days:
            day = self.context or self.prose_date
            if day is None:
                return []
            days = [day]
        elif evidence.is_range and evidence.slots:
            first, last = days
            # One more day than a page may hold is enough for the reader to refuse the page.
            count = min((last - first).days + 1, max_sessions() + 1)
            days = [first + dt.timedelta(n) for n in range(count)]
        elif not evidence.is_range:
            self.context = days[-1]
        part = item.part
        date_text = part.text[evidence.start : evidence.date_end or evidence.end].strip()
        common = {
            "title": item.title,
            "line": part.index,
            "column": part.column(evidence.start) + 1,
            "date_text": date_text or fold_spaces(part.text[evidence.start : evidence.end]),
            "written_weekday": evidence.weekday,
        }
        if evidence.is_range and not evidence.slots:
            return [ParsedSession(days[0], days[1], labels=list(item.labels), **common)]
        if not evidence.slots:
            return [ParsedSession(day, None, labels=list(item.labels), **common) for day in days]
        result = []
        for day in days:
            for begin, finish in evidence.slots:
                start = dt.datetime.combine(day, begin)
                end = dt.datetime.combine(day, finish) if finish else None
                if end and end < start:
                    end += dt.timedelta(days=1)  # "de 22h à 1h"
                result.append(ParsedSession(start, end, labels=list(item.labels), **common))
        return result

    def repeats_earlier(self, sessions: list[ParsedSession]) -> bool:
        """A heading `## 14h - Pitchs` over the details of an item listed above it."""
        for new in sessions:
            for header in self.headers:
                for old in header.sessions:
                    if old.start == new.start and _same_title(old.title, new.title):
                        return True
        return False

    # --- segments -----------------------------------------------------------------------

    def read(self, segment: Segment) -> None:
        found: list[ParsedSession] = []
        headings: list[dt.date] = []
        skip = -1
        for k, part in enumerate(segment.parts):
            if k == skip:
                continue  # the piece gave the title of the item above it
            item = self.leading_item(segment, k)
            if item == "heading":
                headings += self._heading_dates(part)
                continue
            if not isinstance(item, _Item):
                item = self.late_item(segment, k)
            if item is None:
                continue
            skip = k + 1 if item.next_part_used else -1
            found += self.sessions_of(item)
        if found:
            if not (segment.heading and self.repeats_earlier(found)):
                self.headers.append(_Header(segment, found))
        elif headings:
            self.context = headings[-1]
        elif self.event_start is None:
            self._note_prose_dates(segment)

    def _heading_dates(self, part: Part) -> list[dt.date]:
        """`**25/11/2020**`, `***Le 16 décembre à Paris***`: the day of the items below."""
        text = part.text
        evidence = read_dates(text, len(text) - len(text.lstrip()))
        if evidence is None or evidence.is_range:
            return []
        days = [self.resolve(d) for d in evidence.dates]
        return [d for d in days if d and self.in_event(d)]

    def _note_prose_dates(self, segment: Segment) -> None:
        for part in segment.parts:
            for match in PROSE_DATE.finditer(part.text):
                evidence = read_dates(match.group(0), 0)
                if evidence and not evidence.is_range and evidence.dates:
                    day = self.resolve(evidence.dates[-1])
                    self.prose_date = day or self.prose_date


def _same_title(old: str | None, new: str | None) -> bool:
    if not old or not new:
        return old == new
    a, b = old.casefold(), new.casefold()
    return a.startswith(b) or b.startswith(a)


def _attach_details(headers: list[_Header], lines: list[str]) -> None:
    """Each header owns the lines below it, until the next header or a heading."""
    for n, header in enumerate(headers):
        stop = headers[n + 1].segment.first if n + 1 < len(headers) else len(lines)
        own: list[str] = []
        for line in lines[header.segment.last + 1 : stop]:
            if _HEADING_LINE.match(line):
                break
            own.append(line)
        details = read_details(own)
        for session in header.sessions:
            session.description = details.description
            session.registration_url = details.registration_url
            session.place_lines = list(details.place_lines)
            session.accessibility = list(details.accessibility)
            session.is_free = details.is_free
            session.registration_required = details.registration_required


def extract_sessions(
    body: str,
    *,
    event_start: Moment | None,
    event_end: Moment | None,
    first_line: int = 1,
    published: Moment | None = None,
) -> list[ParsedSession]:
    """body = the markdown after the front matter; first_line = line number in the file of
    body's first line. event_start/end: naive Paris wall-clock values from the front matter
    (a datetime whose time is 00:00 means 'no time given'). `published` (the page's `date`)
    only dates a programme whose front matter has no event dates and whose body writes no year.
    """
    lines = re.split(r"\r\n|\n|\r", body or "")
    reader = _Reader(event_start, event_end, published)
    for segment in segments(lines):
        reader.read(segment)
    _attach_details(reader.headers, lines)
    sessions = [s for header in reader.headers for s in header.sessions]
    for session in sessions:
        session.line += first_line
    return sessions
