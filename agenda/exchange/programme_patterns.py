"""Date and time evidence in the plain text of a programme line, read with the French tokenizer.

`evidence_at(part, position)` reads, at a position, what editors write before a session title: a
date (`jeudi 03/11`, `Lundi 23 novembre 2020`, `1er décembre`), a list of days (`13 et 14 juin
2019`), a range (`Du 16/11 au 20/11`, `du 1er au 14 décembre 2022`), then optional slots (`de
16h15 à 18h15`, `17h-17h30`, `de 10h à 11h, de 14h à 15h ou de 16h à 17h`) or `toute la
journée`, or slots alone (`9h30 - 12h`). The grammar is `agenda.lib.frenchtokens`; the patterns
below only tell what surrounds the evidence (a "Quand ?" before it, a place after a date heading).
"""

from __future__ import annotations

import re
import unicodedata

from agenda.lib.frenchtokens import Token, has_anchor
from agenda.lib.frenchtokens import tokenize as _tokenize
from agenda.lib.frenchwhen import DayMonth, When, find_whens, read_when
from agenda.lib.frenchwhen import token_at as _token_at

from .programme_text import Part

__all__ = ["DayMonth", "When", "evidence_at", "text_evidence", "whens_of", "has_anchor"]

_I = re.IGNORECASE

# Where a date may follow a title on the same line: "**Titre**, mardi 24 novembre, 17h-17h30",
# "Forum virtuel du 1er au 14 décembre 2022".
LATE_DATE_ANCHOR = re.compile(r",\s*|\s[-–—]\s+|\s(?=le\s|du\s|les\s)", _I)

# A text that only places a date heading: "Le 16 décembre à Paris", "en ligne".
PLACE_ONLY = re.compile(r"^\s*,?\s*$|^\s*,?\s*(?:à|en|au|aux|sur)\s[^:,]{0,40}$", _I)

# "Quand ?", "Date :", "Heure :", "Horaire :", "Début :" before the evidence: the "when" field of
# a card whose title is the line above (without one, "Horaires : 9h-17h" describes the event).
WHEN_LEAD = re.compile(
    r"\s*(?:quand\s?\?\s*:?|quand\s?:|dates?\s?:"
    r"|(?P<hour>heures?|horaires?|cr[ée]neaux?|d[ée]but)\s?:)\s*",
    _I,
)
# "Fin : 16h" under a card's "Début : 14h": the end of its one slot.
END_LEAD = re.compile(r"\s*fin\s?:\s*", _I)
# A part of the day before its times: "Matin (9h-12h) : ateliers", "L'après-midi, 14h-17h : …"
# (the times say it all; an opening parenthesis is closed after them).
DAY_PART_LEAD = re.compile(
    r"\s*(?:le\s|l['’])?\s*(?:matin(?:[ée]e)?|apr[eè]s-midi|soir(?:[ée]e)?)\s*"
    r"(?:(?P<paren>\()|[,:–—-])\s*(?:de\s)?\s*",
    _I,
)

# A single hour followed by these words is a duration ("2h de formation"), not a time.
DURATION_TAIL = re.compile(r"\s*(?:de|d['’]|du|des|par|pour|sur|en|environ|max)\b", _I)

LABEL = re.compile(r"\s*\[(?P<label>[^\[\]]*)\]")

# What separates a header's evidence from its title: "14h30 : Titre", "9h30 – Titre", "| Titre".
SEPARATORS = " \t:–—-,;|"


def last_part_skip(text: str) -> int:
    """Where a part's text starts once the table bars, spaces and pictograms before it are
    skipped ("📅 Jeudi 14 novembre", "► 9h : Accueil")."""
    position = len(text) - len(text.lstrip(" |"))
    while position < len(text) and _is_pictogram(text[position]):
        position += 1
        position += len(text[position:]) - len(text[position:].lstrip(" "))
    return position


def _is_pictogram(char: str) -> bool:
    return char in "•·►▸▶\ufe0f\u200d" or unicodedata.category(char) == "So"


# An expression is never longer than this: a long part is tokenized around a position only.
_WINDOW = 240


def tokens_of(part: Part) -> list[Token]:
    if part.tokens is None:
        text = part.text
        part.tokens = _tokenize(text) if has_anchor(text) else []
    return part.tokens


# What an expression may start with (a quick test before tokenizing at a position).
_STARTER = re.compile(
    r"[\d\[(]|[jJ][1-9](?![\w-])|(?:le|les|du|de|d['’]|dès|des|à|a|entre|jour|toute|tout|en|journ[ée]e|lundi|mardi"
    r"|mercredi|jeudi|vendredi|samedi|dimanche|midi|minuit|jusqu|premi[eè]re?|second|seconde"
    r"|deuxi[eè]me|troisi[eè]me|quatri[eè]me|cinqui[eè]me|sixi[eè]me|septi[eè]me)(?![^\W\d_])"
    r"|(?:lun|mar|mer|jeu|ven|sam|dim)\.",
    _I,
)


_HEAD_MARKS = " \t*_|>#(\\\xa0"  # with the backslash a CMS writes before a bracket: `\[Le 09/11\]`


def may_start_evidence(visible: str) -> bool:
    """Could a part whose text (tags left out) is `visible` start with a date or a time, a
    "Quand ?" or a bracketed label? A cheap test before cleaning the part."""
    head = visible.lstrip(_HEAD_MARKS)
    head = head[last_part_skip(head) :] if head and _is_pictogram(head[0]) else head
    return (
        head[:1] == "["
        or _STARTER.match(head) is not None
        or WHEN_LEAD.match(head) is not None
        or DAY_PART_LEAD.match(head) is not None
    )


def evidence_at(part: Part, position: int) -> When | None:
    """Date (and times) or times alone, starting exactly at position in the part's text."""
    text = part.text
    if not _STARTER.match(text, position):
        return None
    if part.tokens is not None:
        tokens = part.tokens
    else:
        tokens = part.windows.get(position)
        if tokens is None:
            tokens = part.windows[position] = _tokenize(
                text, position, position + _WINDOW, contiguous=True
            )
    index = _token_at(tokens, position) if tokens else None
    return _useful(read_when(text, tokens, index)) if index is not None else None


def text_evidence(text: str, position: int = 0) -> When | None:
    """The same, in a string that is not a part (a bracketed label, a piece of a part)."""
    if not _STARTER.match(text, position) or not has_anchor(text):
        return None
    tokens = _tokenize(text, position, contiguous=True)
    index = _token_at(tokens, position)
    return _useful(read_when(text, tokens, index)) if index is not None else None


def _useful(when: When | None) -> When | None:
    """An expression that says when: dates or times (a weekday alone needs times)."""
    if when is None:
        return None
    if when.dates or when.slots or when.whole_day or when.day_number is not None:
        return when
    return None


def whens_of(part: Part) -> list[When]:
    tokens = tokens_of(part)
    return find_whens(part.text, tokens) if tokens else []


_ITEM_SEPARATOR = re.compile(r"\s[–—|;/·•]\s+|\s-\s+|\.\s+|,\s+puis\s+|,\s+", re.IGNORECASE)
_HEADER_MARKS = (":", "–", "—", "-")


def next_item_on_the_line(part: Part, position: int, evidence: When) -> tuple[int, int] | None:
    """ "9h30 : Accueil – 10h : Ouverture", "9h accueil ; 9h30 ouverture": where the title stops
    and the next item starts. The next time must come later in the day (not a duration:
    "Atelier – 2h : les bases") and be written as a header (a colon or a dash after it),
    unless the first one was not."""
    text = part.text
    after = evidence.slots[0][0]
    marked = text[evidence.end :].lstrip()[:1] in _HEADER_MARKS
    for match in _ITEM_SEPARATOR.finditer(text, position):
        following = evidence_at(part, match.end())
        if following is None or not following.slots or following.has_date:
            continue
        if following.slots[0][0] <= after:
            continue
        if not marked or text[following.end :].lstrip()[:1] in _HEADER_MARKS:
            return match.start(), match.end()
    return None


def evidence_start(part: Part) -> int:
    text = part.text
    position = last_part_skip(text)
    if when := WHEN_LEAD.match(text, position):
        position = when.end()
    return position


def lead_start(text: str, position: int) -> int:
    return position + len(text[position:]) - len(text[position:].lstrip())


def with_date_after(part: Part, evidence: When, close: int) -> When:
    """ "Jour 1 – mardi 14 novembre": the date written after the day's number wins."""
    if evidence.day_number is None:
        return evidence
    text = part.text
    rest = text[close:]
    start = close + len(rest) - len(rest.lstrip(SEPARATORS))
    after = evidence_at(part, start)
    if after is not None and after.dates:
        after.start = evidence.start
        return after
    return evidence


_NEXT_CELL = re.compile(r"\s*\|\s*")


def with_times_in_next_cell(part: Part, evidence: When) -> When:
    """`| Lundi 29 septembre | 18 h – 20 h | Titre |`: a table's date cell and its time cell
    are one expression."""
    bar = _NEXT_CELL.match(part.text, evidence.end)
    if bar is None:
        return evidence
    times = evidence_at(part, bar.end())
    if times is None or times.has_date or not (times.slots or times.whole_day):
        return evidence
    evidence.slots, evidence.whole_day = times.slots, times.whole_day
    evidence.single_time, evidence.end = times.single_time, times.end
    return evidence
