"""The year-bound words of an event's text, rewritten for its next edition: pure functions.

`rewrite(text, context)` returns the new text and what it did (`Note`s):
- every date expression the French tokenizer finds (`Le jeudi 03/11`, `Lundi 29 novembre 2021`,
  `du 1er au 14 décembre`) is moved by the event's `Shift` and written back in the same style
  (padding, `1er`, weekday, month name, year), so its weekday and its date agree by construction
  and it says the same day as the session it describes; dates written with a year that is not
  the edition's (history: `depuis le 18 janvier 2019`) are left alone;
- the edition's years (`édition 2022`, `En 2021, …`) become the new edition's;
- edition numbers (`5ème édition`) go up by one when the copy is the direct next edition (the
  chain is known), and are flagged otherwise;
- links, image paths and HTML attributes are never rewritten (last year's link may be right or
  wrong: the copy flags it for the editor instead).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from agenda.lib.frenchdates import MONTHS, WEEKDAYS, resolve_year
from agenda.lib.frenchtokens import Token, has_anchor, tokenize
from agenda.lib.frenchwhen import When, find_whens

from .editions import Shift

# What is never rewritten: URLs, markdown link targets, HTML attributes, site paths.
_PROTECTED = re.compile(
    r"https?://[^\s<>\"')\]]++"
    r"|\]\([^()\s]*+\)"
    r"|\b(?:href|src|alt|id|class|style)=\"[^\"]*+\""
    r"|(?<![\w/])/[\w.-]++/[^\s<>\"')\]]*+"
)
_YEAR = re.compile(r"(?<![\w/.])(?:19|20)[0-9][0-9](?![\w/])")
_EDITION = re.compile(
    r"(?<![\w])([0-9]{1,2})(er|ère|ere|re|e|è|ème|eme|ᵉ)(\s++(?:[ée]dition|rencontre|forum))",
    re.IGNORECASE,
)
_DAY_KINDS = ("num", "first", "numdate")


@dataclass(frozen=True)
class Note:
    """What the rewrite did to one place: `fixed` (rewritten) or `flagged` (left for the
    editor); `what` is "date", "year" or "edition"."""

    action: str
    what: str
    old: str
    new: str = ""


@dataclass(frozen=True)
class EditionText:
    """What a text needs to be rewritten: the event's move, the source edition's years and dates
    (to place a date written without a year) and whether edition numbers may go up."""

    shift: Shift
    years: frozenset[int]
    year_delta: int
    start: dt.date
    end: dt.date
    next_number_known: bool = True


def rewrite(text: str, context: EditionText) -> tuple[str, list[Note]]:
    if not text:
        return text, []
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    edits: list[tuple[int, int, str]] = []
    notes: list[Note] = []
    if has_anchor(text):
        for when in find_whens(text, tokenize(text)):
            if _inside(when.start, protected):
                continue
            edit = _date_edit(text, when, context)
            if edit is None:
                continue
            start, end, new = edit
            if new is None:
                notes.append(Note("flagged", "date", text[start:end]))
                protected.append((start, end))
            elif new != text[start:end]:
                edits.append((start, end, new))
                notes.append(Note("fixed", "date", text[start:end], new))
    taken = protected + [(start, end) for start, end, _ in edits]
    for match in _YEAR.finditer(text):
        year = int(match.group())
        if year in context.years and not _inside(match.start(), taken):
            new = str(year + context.year_delta)
            edits.append((match.start(), match.end(), new))
            word = _word_before(text, match.start())
            notes.append(Note("fixed", "year", f"{word}{match.group()}", f"{word}{new}"))
    for match in _EDITION.finditer(text):
        if _inside(match.start(), taken):
            continue
        evidence = match.group()
        if not context.next_number_known:
            notes.append(Note("flagged", "edition", evidence))
            continue
        suffix = "e" if match[2].lower() in ("er", "ère", "ere", "re") else match[2]
        new = f"{int(match[1]) + 1}{suffix}{match[3]}"
        edits.append((match.start(), match.end(), new))
        notes.append(Note("fixed", "edition", evidence, new))
    return _apply(text, edits), notes


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _word_before(text: str, position: int) -> str:
    """The word before a year and its space, as an editor reads it: "édition "."""
    before = text[max(0, position - 30) : position]
    words = before.split()
    if not words or not before[-1:].isspace():
        return ""
    return words[-1].lstrip("[(*_«\"'") + " "


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text


# --- dates -------------------------------------------------------------------------------------


def _old_dates(when: When, context: EditionText) -> list[dt.date] | None:
    """The dates an expression writes, placed in the source edition's years; None when one is
    impossible, has no month, or is written with a year that is not the edition's."""
    dates = []
    for written in when.dates:
        if written.month is None:
            return None
        if written.year is not None:
            if written.year not in context.years:
                return None
            try:
                dates.append(dt.date(written.year, written.month, written.day))
            except ValueError:
                return None
            continue
        day = resolve_year(written.day, written.month, start=context.start, end=context.end)
        if day is None:
            return None
        dates.append(day)
    return dates


def _date_edit(text: str, when: When, context: EditionText) -> tuple[int, int, str | None] | None:
    """The date part of an expression written again with its new dates (times are kept); None
    for a date that is not the edition's; (start, end, None) when it cannot be written in its
    own style (then flagged)."""
    if not when.dates or when.day_number is not None:
        return None
    old = _old_dates(when, context)
    if old is None:
        return None
    new = [context.shift.date(day) for day in old]
    tokens = tokenize(text, when.start, when.date_end)
    if sum(t.kind in _DAY_KINDS for t in tokens) != len(new):
        return when.start, when.date_end, None
    pieces: list[str] = []
    position = when.start
    index = -1
    for i, token in enumerate(tokens):
        pieces.append(text[position : token.start])
        position = token.end
        if token.kind in _DAY_KINDS:
            index += 1
        written = text[token.start : token.end]
        pieces.append(_token_text(token, written, new, index, tokens[i + 1 :]))
    pieces.append(text[position : when.date_end])
    rewritten = "".join(pieces)
    if _shared_month_broken(tokens, new):
        return when.start, when.date_end, None
    return when.start, when.date_end, rewritten


def _token_text(token: Token, written: str, new: list[dt.date], index: int, rest) -> str:
    if token.kind == "weekday":
        following = index + 1 if index + 1 < len(new) else index
        return _cased(WEEKDAYS[new[max(following, 0)].weekday()], written)
    day = new[max(index, 0)]
    if token.kind == "numdate":
        return _numdate(written, day)
    if token.kind in ("num", "first"):
        if day.day == 1 and not written.startswith("0"):
            return "1er" if token.kind == "num" else written
        return f"{day.day:02d}" if written.startswith("0") else str(day.day)
    if token.kind == "month":
        return _month(written, day.month)
    if token.kind == "year":
        return str(day.year)
    return written


def _numdate(written: str, day: dt.date) -> str:
    parts = written.split("/")
    if len(parts) == 1:  # 2023-11-03
        return day.isoformat()
    values = [day.day, day.month, day.year]
    out = []
    for part, value in zip(parts, values, strict=False):
        if len(part) == 4:
            out.append(str(value))
        elif len(part) == 2 and value >= 100:
            out.append(f"{value % 100:02d}")
        else:
            out.append(f"{value:0{len(part)}d}")
    return "/".join(out)


def _month(written: str, month: int) -> str:
    name = MONTHS[month - 1]
    if written.endswith(".") or len(written.rstrip(".")) < 5:
        return written  # an abbreviation ("nov."): kept when the month did not change
    return _cased(name, written)


def _cased(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word


def _shared_month_broken(tokens: list[Token], new: list[dt.date]) -> bool:
    """ "13 et 14 juin" writes one month for two days: when the move splits them across two
    months (or an abbreviated month changes), the expression cannot be written in its style."""
    index = -1
    days_since_month: list[int] = []
    for token in tokens:
        if token.kind in ("num", "first"):
            index += 1
            days_since_month.append(index)
        elif token.kind == "numdate":
            index += 1
            days_since_month = []
        elif token.kind == "month":
            months = {new[i].month for i in days_since_month}
            if len(months) > 1:
                return True
            written_month = token.value
            if token.text.rstrip(".") != token.text or len(token.text) < 5:
                if months and months != {written_month}:
                    return True
            days_since_month = []
    return False
