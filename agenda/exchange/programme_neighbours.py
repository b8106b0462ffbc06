"""An item's title written on a neighbouring line or piece: above it (`**Atelier data**` then
`Le 14/11 de 10h à 12h`), below it (`**14h - 15h30**` then the title, maybe after a field line
such as `Où ? Salle 2`), or on another `<br>` piece of its paragraph (the seed's `<b>Le jeudi
03/11 de 16h15 à 18h15<br>[Meetup]</b> <i>Titre</i>`)."""

from __future__ import annotations

from .programme_items import Heading, Item
from .programme_late import MAX_HEADER_WORDS
from .programme_patterns import (
    END_LEAD,
    WHEN_LEAD,
    evidence_at,
    has_anchor,
    last_part_skip,
    text_evidence,
)
from .programme_text import Segment
from .programme_titles import SEPARATORS, field_label, read_labels, split_fields

MAX_NEXT_LINE_TITLE_WORDS = 30
MAX_FIELD_LINES = 3  # "Où ? …", "Public : …" lines between a header and its title


def _short_line(segment: Segment) -> bool:
    """One short line that is not a sentence: a title, not a description."""
    text = segment.parts[0].text.strip()
    return (
        len(segment.parts) == 1
        and len(text.split()) <= MAX_HEADER_WORDS
        and not text.endswith((".", "!", ";"))
    )


def neighbour_title(item: Item, k: int) -> None:
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


def title_from_line_above(
    item: Item, segment: Segment, marks: list[Item | Heading], previous: Segment | None
) -> None:
    """`**Atelier data**` (or `### Atelier data`) then `Le 14/11 de 10h à 12h` on the next
    line: the title is the line above."""
    if item.title or item.labels or item.part is not segment.parts[0]:
        return
    if segment.bullet and _parent_bullet(item, segment, previous):
        return
    labelled = WHEN_LEAD.match(item.part.text) is not None
    index = _card_title_index(marks, segment) if labelled else len(marks) - 1
    if index < 0:
        return
    above = marks[index]
    if not isinstance(above, Heading) or above.when is not None or above.prose:
        return
    if segment.bullet and not labelled:
        return  # a list under a heading: the heading is the section's, not an item's
    if above.segment is not previous and not (labelled and _field_line(previous)):
        return  # only the card's own field lines ("Date : …", "Lieu : …") may come between
    if segment.first - above.segment.last != 1 and not (above.segment.heading or labelled):
        return  # a paragraph away, only "Quand ? …" is still about the line above
    title = split_fields(above.segment.parts[0].text, item.fields) or item.fields.title
    if title and len(title.split()) <= MAX_NEXT_LINE_TITLE_WORDS:
        item.title, item.title_above = title, above.segment
        del marks[index]  # the line is the item's title, not a section over it


def _field_line(segment: Segment | None) -> bool:
    """ "Lieu : Salle 3", "Date : 20 novembre": a line that is one field of a card."""
    if segment is None or len(segment.parts) != 1:
        return False
    text = segment.parts[0].text
    return field_label(text) is not None or WHEN_LEAD.match(text) is not None


def _card_title_index(marks: list[Item | Heading], segment: Segment) -> int:
    """A card written label first: `### Titre`, then `Date : 14 novembre`, `Lieu : …`, `Heure :
    14h-16h` on the lines below. The title is the mark above the card's own "Date :" line (read
    as a date heading), a few lines up at most."""
    index = len(marks) - 1
    while index >= 0:
        mark = marks[index]
        labelled = isinstance(mark, Heading) and mark.part is not None and not mark.prose
        if not (labelled and mark.when is not None and WHEN_LEAD.match(mark.part.text)):
            break
        index -= 1
    if index < 0 or segment.first - marks[index].segment.last > MAX_FIELD_LINES + 2:
        return -1
    return index


def _parent_bullet(item: Item, segment: Segment, previous: Segment | None) -> bool:
    """`* Atelier données` then, (nested) under it, `* Quand : 14 novembre, 10h-12h`: the
    "when" of the bullet above, whose text is the title."""
    if previous is None or not previous.bullet or previous.last + 1 != segment.first:
        return False
    if WHEN_LEAD.match(item.part.text) is None:
        return False
    text = previous.parts[0].text
    if has_anchor(text) and evidence_at(previous.parts[0], last_part_skip(text)):
        return False
    title = split_fields(text, item.fields) or item.fields.title
    if not title or len(title.split()) > MAX_HEADER_WORDS:
        return False
    item.title, item.title_above = title, previous
    return True


def title_from_next_line(
    item: Item, segment: Segment, following: list[Segment], taken: set[int]
) -> None:
    """`**14h - 15h30**` then the title alone on the next line (after a field such as
    `Où ? Salle 2`, read as such)."""
    if item.title or item.labels or not following:
        return
    part = item.part
    if part is not segment.parts[-1] or part.text[item.when.end :].strip(SEPARATORS + "])"):
        return
    styled = segment.heading or part.is_emphasised()
    # "14h-15h30" alone as a paragraph: its title is the paragraph after it.
    alone = not segment.bullet and len(segment.parts) == 1 and item.when.start == 0
    last = segment.last
    for candidate in following[: MAX_FIELD_LINES + 1]:
        attached = candidate.first == last + 1
        if not (attached or styled or alone) or candidate.bullet or candidate.heading:
            return
        if alone and not (attached or styled) and not _short_line(candidate):
            return
        first = candidate.parts[0]
        if has_anchor(first.raw) and (
            evidence_at(first, last_part_skip(first.text))
            or text_evidence(first.text.lstrip(" [|"), 0) is not None
        ):
            return  # another header: "[Le mardi 02/11 de 9h à 10h]"
        title = split_fields(first.text, item.fields) or item.fields.title
        taken.add(id(candidate))
        if title:
            if len(title.split()) <= MAX_NEXT_LINE_TITLE_WORDS:
                item.title, item.title_segment = title, candidate
            else:
                taken.discard(id(candidate))
            return
        item.title_segment = candidate  # a field line: read, and part of the header
        last = candidate.last


def card_fields_below(item: Item, segment: Segment, following: list[Segment], taken: set[int]):
    """A card's field lines under its "Heure :" line (`Lieu : Salle 3`, `Public : agents`):
    read as the session's fields, not left to its description."""
    last = segment.last
    for candidate in following[:MAX_FIELD_LINES]:
        if candidate.first != last + 1 or candidate.bullet != segment.bullet or candidate.heading:
            return  # "- Lieu : …" under "- Heure : …", "Lieu : …" under "Heure : …"
        if id(candidate) in taken:
            last = candidate.last  # the card's "Fin : 16h", already read
            continue
        text = candidate.parts[0].text
        if len(candidate.parts) > 1 or field_label(text) is None or WHEN_LEAD.match(text):
            return
        if split_fields(text, item.fields) is not None:
            return  # "Quoi ? …" names something: not only a field
        taken.add(id(candidate))
        item.title_segment, last = candidate, candidate.last


def title_from_naming_line(item: Item, segment: Segment, recent: list[Segment]) -> None:
    """`Quoi ? Atelier data` (or `Titre : …`) on a line above a card's `Heure :` line, maybe
    over its other field lines (`Date : 14 novembre`, `Lieu : Salle 2`)."""
    if item.title:
        return
    first = segment.first
    for candidate in reversed(recent):
        if candidate.last + 1 != first or not _field_line(candidate):
            return
        if candidate.bullet != segment.bullet:
            return
        fields = type(item.fields)()
        if split_fields(candidate.parts[0].text, fields) is None and fields.title:
            item.title, item.title_above = fields.title, candidate
            return
        first = candidate.first


def end_from_next_line(item: Item, segment: Segment, following: list[Segment], taken: set[int]):
    """`Début : 14h` then `Fin : 16h` on the card's next line: one session, 14h to 16h."""
    when = item.when
    if len(when.slots) != 1 or when.slots[0][1] is not None or not following:
        return
    candidate = following[0]
    if candidate.first != segment.last + 1 or candidate.bullet != segment.bullet:
        return
    part = candidate.parts[0]
    lead = END_LEAD.match(part.text)
    end = evidence_at(part, lead.end()) if lead and len(candidate.parts) == 1 else None
    if end is None or end.has_date or len(end.slots) != 1 or part.text[end.end :].strip():
        return
    begin, finish = when.slots[0][0], end.slots[0][0]
    if finish <= begin:
        return  # "Fin : 9h" under "Début : 14h": not this card's end
    when.slots = [(begin, finish)]
    when.single_time = False
    taken.add(id(candidate))
    item.title_segment = candidate


def card_fields_above(item: Item, segment: Segment, recent: list[Segment]) -> None:
    """`Lieu : Salle 3` between a card's title and its `Heure :` line (the field lines just
    read, `recent`): the session's fields too, as when they come below."""
    if item.title_above is None:
        return
    first = segment.first
    for candidate in reversed(recent):
        if candidate is item.title_above or first - candidate.last > 2:
            return  # the card's title, or a paragraph away
        if not _field_line(candidate) or candidate.bullet != segment.bullet:
            return
        text = candidate.parts[0].text
        if WHEN_LEAD.match(text) is None:  # "Date : 15 novembre" already dates it
            split_fields(text, item.fields)
        first = candidate.first
