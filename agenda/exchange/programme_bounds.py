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
) -> list[tuple[int, int]]:
    """Sets each session's description and details; returns the ranges of body lines (0-based,
    first and last included) the sessions were read from, in order, [] without sessions."""
    kept = {id(item) for item in items}
    owners: list[_Owner] = []
    for mark in marks:
        if isinstance(mark, Item) and id(mark) in kept:
            end = mark.title_segment.last if mark.title_segment else mark.segment.last
            owners.append(_Owner(mark, end))
        elif isinstance(mark, Repeat) and id(mark.item) in kept:
            owners.append(_Owner(mark.item, mark.segment.last))
    if not owners:
        return []
    stops = _stops(marks, len(lines))
    ends_a_section = []
    for owner in owners:
        following = [line for line in stops if line > owner.header_end]
        stop = following[0] if following else len(lines)
        for line in lines[owner.header_end + 1 : stop]:
            if _HEADING_LINE.match(line):
                break
            owner.own.append(line)
        _trim(owner.own)
        ends_a_section.append(not _an_item_starts_at(marks, stop))
    _leave_the_closings(owners, ends_a_section, title)
    described: dict[int, list[tuple[int, list[str]]]] = {}
    for owner in owners:
        described.setdefault(id(owner.item), []).append((owner.header_end, owner.own))
    for item in items:
        _describe(item, described.get(id(item), []))
    return _read_ranges(items, owners, marks, lines)


def _an_item_starts_at(marks: list, line: int) -> bool:
    """An item's header (or the title written above it) starts at line."""
    for mark in marks:
        if isinstance(mark, Item) and (mark.title_above or mark.segment).first == line:
            return True
        if isinstance(mark, Repeat) and mark.segment.first == line:
            return True
    return False


def _read_ranges(items: list, owners: list[_Owner], marks: list, lines: list[str]):
    """The lines the sessions were read from: headers and descriptions, the date headings
    between them, the headings right above the first item and the section headings that only
    title the items under them. Ranges separated by blank lines only are merged."""
    ranges = [(_first_line(items[0], marks, lines), items[0].segment.first)]
    for item in items:
        start = item.title_above.first if item.title_above else item.segment.first
        end = item.title_segment.last if item.title_segment else item.segment.last
        ranges.append((start, end))
    for owner in owners:
        ranges.append((owner.header_end, owner.header_end + len(owner.own)))
    for mark in marks:
        if isinstance(mark, Repeat):
            ranges.append((mark.segment.first, mark.segment.last))
        elif isinstance(mark, Heading) and not mark.prose and _only_titles(mark, marks, lines):
            ranges.append((mark.segment.first, mark.segment.last))
    first = ranges[0][0]
    last = max(end for _, end in ranges)
    ranges = sorted((a, b) for a, b in ranges if first <= a and b <= last)
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and not any(line.strip() for line in lines[merged[-1][1] + 1 : start]):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return [_with_table_frame(start, end, lines) for start, end in merged]


_TABLE_RULE = re.compile(r"[\s|:-]*+$")  # |---|:--:|
_TABLE_TAG = re.compile(r"</?(?:table|thead|tbody|tfoot)\b[^<>]*+>", re.IGNORECASE)
_HEADER_ROW = re.compile(r"<tr\b[^<>]*+>", re.IGNORECASE)  # then `<th>`: a header row


def _table_tags_only(line: str) -> bool:
    return "<" in line and not _TABLE_TAG.sub("", line).strip()


def _header_row(line: str) -> bool:
    """`<tr><th>Horaire</th>…` or `<th>…` alone."""
    text = line.lstrip()
    row = _HEADER_ROW.match(text)
    return text[row.end() if row else 0 :].lstrip()[:3].lower() == "<th"


def _table_rule(line: str) -> bool:
    return "-" in line and "|" in line and _TABLE_RULE.match(line) is not None


def _with_table_frame(start: int, end: int, lines: list[str]) -> tuple[int, int]:
    """Rows read as sessions take their table with them: the header row and its rule above
    (`| Horaire | Séance |` `|---|---|`, `<table>` `<tr><th>…`) and the closing tags below,
    which would otherwise stand alone on the public page."""
    while start > 0:
        above = lines[start - 1]
        if _table_tags_only(above) or _header_row(above):
            start -= 1
        elif _table_rule(above) and start > 1 and lines[start - 2].lstrip().startswith("|"):
            start -= 2  # the rule and the header row over it
        else:
            break
    while end + 1 < len(lines) and _table_tags_only(lines[end + 1]):
        end += 1
    return start, end


def _only_titles(mark, marks: list, lines: list[str]) -> bool:
    """A date heading with items after it, or a section heading followed by its items with
    nothing in between. A date line after the last item titles nothing: it is the page's text
    (a list of other stages naming this one's date) and stays on the public page."""
    n = next(i for i, other in enumerate(marks) if other is mark)
    if mark.when is not None:
        return any(isinstance(other, Item) for other in marks[n + 1 :])
    following = next((m for m in marks[n + 1 :] if not isinstance(m, Heading) or not m.prose), None)
    if not isinstance(following, Item):
        return False
    return not any(line.strip() for line in lines[mark.segment.last + 1 : following.segment.first])


def _stops(marks: list, count: int) -> list[int]:
    """First lines of the marks that end a description."""
    stops = []
    for n, mark in enumerate(marks):
        if isinstance(mark, Item) and mark.title_above is not None:
            stops.append(mark.title_above.first)  # its title, written above it
        elif isinstance(mark, Item | Repeat):
            stops.append(mark.segment.first)
        elif isinstance(mark, Heading) and not mark.prose:
            if mark.when is not None or _over_items(marks, n):
                stops.append(mark.segment.first)
    return sorted(set(stops))


def _over_items(marks: list, n: int) -> bool:
    """A section heading with items under it, before the next heading (a room, a theme)."""
    section = marks[n].segment
    if section.bullet:
        return False  # "* #### Atelier 2": an item of a list, no section over what follows
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


def _leave_the_closings(owners: list[_Owner], ends_a_section: list[bool], title: str) -> None:
    """The last owner of the page, and the last of each section (a date or section heading
    comes next) with other items in it, keep only the blocks shaped like the descriptions of
    the others: the rest is the section's or the event's own text, shown after the sessions."""
    reference = [owner for owner, ends in zip(owners, ends_a_section, strict=True) if not ends]
    last = len(owners) - 1
    for n, (owner, ends) in enumerate(zip(owners, ends_a_section, strict=True)):
        if not ends:
            continue
        if n < last and (n == 0 or ends_a_section[n - 1]):
            continue  # the only item of its section (a day's one slot): the text up to the next
            # section is its own, whatever the other sections' items look like
        others = [o for o in reference if o is not owner] or [o for o in owners if o is not owner]
        if not others:
            continue  # a single item: what follows it is its own
        _keep_the_same_shape(owner, [_blocks(o.own) for o in others], others, title)


def _keep_the_same_shape(
    owner: _Owner, others_blocks: list[list[tuple[int, int]]], others: list[_Owner], title: str
) -> None:
    kinds = {
        _kind(o.own[a:b])
        for o, blocks in zip(others, others_blocks, strict=True)
        for a, b in blocks
    }
    most = max(len(blocks) for blocks in others_blocks)
    kept_end = 0
    for count, (start, end) in enumerate(_blocks(owner.own), start=1):
        block = owner.own[start:end]
        if count > most or _kind(block) not in kinds or _about_the_event(block, title):
            break
        kept_end = end
    del owner.own[kept_end:]


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
    first: Segment = first_item.title_above or first_item.segment
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
