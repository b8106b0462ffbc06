"""Which lines of the body each session's description is, and which lines the programme spans.

The text between two items belongs to the first, up to what starts something else: another item,
a date heading, a section heading with items under it (one room's heading never lands in another
room's session), a heading line. A heading that repeats an item listed above it (`## 14h -
Pitchs`) gives its text to that item. After the last item, the text is the event's closing when
it does not look like the other items' descriptions: a kind of block they never have (the
event's registration button under a timetable), more blocks than any of them, or a block about
the event itself (it says "événement", or three quarters of the title's words). The programme
spans the first item's header (with the date or section headings right above it) to the last
description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agenda.lib.frenchdates import fold

from .programme_details import read_details
from .programme_items import Heading, Item, Repeat
from .programme_text import Segment

_HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s|<h[1-6][\s>]|-{3,}\s*$|\*{3,}\s*$)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[*+-]|\d{1,2}[.)])\s|^\s*<(?:ul|ol|li)[\s>]", re.IGNORECASE)
_ACTION = re.compile(r"class=[\"'][^\"']*(?:button|lien-important)|lien-important", re.IGNORECASE)
_EVENT_WORD = re.compile(r"[ée]v[éèe]nement", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass
class _Owner:
    """Who owns the lines after a header: an item, or the item a repeated heading repeats."""

    item: object  # programme.Item
    header_end: int  # 0-based body line of the header's last line
    own: list[str] = field(default_factory=list)


def attach_details(
    items: list, marks: list, lines: list[str], *, title: str = ""
) -> tuple[int, int] | None:
    """Sets each session's description and details; returns the body lines (0-based,
    inclusive) the programme spans, None without sessions."""
    kept = {id(item) for item in items}
    owners: list[_Owner] = []
    for mark in marks:
        if isinstance(mark, Item) and id(mark) in kept:
            end = mark.title_segment.last if mark.title_segment else mark.segment.last
            owners.append(_Owner(mark, end))
        elif isinstance(mark, Repeat) and id(mark.item) in kept:
            owners.append(_Owner(mark.item, mark.segment.last))
    if not owners:
        return None
    stops = _stops(marks, len(lines))
    for owner in owners:
        following = [line for line in stops if line > owner.header_end]
        stop = following[0] if following else len(lines)
        for line in lines[owner.header_end + 1 : stop]:
            if _HEADING_LINE.match(line):
                break
            owner.own.append(line)
        _trim(owner.own)
    _leave_the_closing(owners, title)
    described: dict[int, list[tuple[int, list[str]]]] = {}
    for owner in owners:
        described.setdefault(id(owner.item), []).append((owner.header_end, owner.own))
    for item in items:
        _describe(item, described.get(id(item), []))
    first = _first_line(items[0], marks, lines)
    last = max(owner.header_end + len(owner.own) for owner in owners)
    return first, last


def _stops(marks: list, count: int) -> list[int]:
    """First lines of the marks that end a description."""
    stops = []
    for n, mark in enumerate(marks):
        if isinstance(mark, Item | Repeat):
            stops.append(mark.segment.first)
        elif isinstance(mark, Heading) and not mark.prose:
            if mark.when is not None or _over_items(marks, n):
                stops.append(mark.segment.first)
    return sorted(set(stops))


def _over_items(marks: list, n: int) -> bool:
    """A section heading with items under it, before the next heading (a room, a theme)."""
    section = marks[n].segment
    for other in marks[n + 1 :]:
        if isinstance(other, Item):
            # A bold line is no section over items written as headings ("#### [12h] …").
            return section.heading or not other.segment.heading
        if isinstance(other, Heading) and not other.prose:
            return False
    return False


def _trim(own: list[str]) -> None:
    while own and not own[-1].strip():
        own.pop()


def _blocks(own: list[str]) -> list[tuple[int, int]]:
    """(start, end) indexes in own of the blocks separated by blank lines."""
    blocks, start = [], None
    for n, line in enumerate(own):
        if line.strip() and start is None:
            start = n
        elif not line.strip() and start is not None:
            blocks.append((start, n))
            start = None
    if start is not None:
        blocks.append((start, len(own)))
    return blocks


def _kind(lines: list[str]) -> str:
    text = "\n".join(lines)
    if _ACTION.search(text):
        return "action"
    if _BULLET.match(lines[0]):
        return "list"
    if lines[0].lstrip().startswith(">"):
        return "quote"
    return "paragraph"


def _about_the_event(lines: list[str], title: str) -> bool:
    text = " ".join(lines)
    if _EVENT_WORD.search(text):
        return True
    title_words = set(_WORD.findall(fold(title)))
    if len(title_words) < 3:
        return False
    shared = title_words & set(_WORD.findall(fold(text)))
    return len(shared) >= 3 and len(shared) * 4 >= 3 * len(title_words)


def _leave_the_closing(owners: list[_Owner], title: str) -> None:
    """The last owner keeps only the blocks shaped like the other descriptions."""
    last = owners[-1]
    others = [_blocks(owner.own) for owner in owners[:-1]]
    if not others:
        return  # a single item: what follows it is its own
    kinds = {
        _kind(o.own[a:b]) for o, blocks in zip(owners[:-1], others, strict=True) for a, b in blocks
    }
    most = max(len(blocks) for blocks in others)
    kept_end = 0
    for count, (start, end) in enumerate(_blocks(last.own), start=1):
        block = last.own[start:end]
        if count > most or _kind(block) not in kinds or _about_the_event(block, title):
            break
        kept_end = end
    del last.own[kept_end:]


def _describe(item, pieces: list[tuple[int, list[str]]]) -> None:
    own = [line for _, lines in pieces for line in lines]
    details = read_details(own)
    with_lines = [(start, lines) for start, lines in pieces if lines]
    span = None
    if with_lines:
        first_start, first_lines = with_lines[0]
        blank = next(n for n, line in enumerate(first_lines) if line.strip())
        last_start, last_lines = with_lines[-1]
        span = (first_start + 1 + blank, last_start + len(last_lines))
    for session in item.sessions:
        session.description = details.description
        session.registration_url = details.registration_url
        session.place_lines += details.place_lines
        session.accessibility = list(details.accessibility)
        session.is_free = details.is_free
        session.registration_required = details.registration_required
        session.description_lines = span


def _first_line(first_item, marks: list, lines: list[str]) -> int:
    """The first item's header, with the date or section headings right above it."""
    first: Segment = first_item.segment
    start = first.first
    index = next(n for n, mark in enumerate(marks) if mark is first_item)
    for mark in reversed(marks[:index]):
        if not isinstance(mark, Heading) or mark.prose:
            break
        between = lines[mark.segment.last + 1 : start]
        if any(line.strip() for line in between):
            break
        start = mark.segment.first
    return start
