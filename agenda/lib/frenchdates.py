"""French calendar words, hours and date ranges, as editors of numerique.gouv.fr write them.

Plain helpers without Django: names of weekdays and months (with or without accents, any case),
hours (`9h`, `09h00`, `14h30`, `9:30`, `midi`), ranges (`17h00-17h30`, `de 9h à 12h`), years
resolved against an event's dates, and a French rendering of a date range for display.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

# Abbreviations met in agendas ("12 déc.", "3 sept").
_MONTH_ALIASES = {
    "janv": 1, "fevr": 2, "fev": 2, "avr": 4, "juil": 7,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Regular-expression fragments shared with the content checks (use with re.IGNORECASE).
MONTH_RE = (
    r"(?:janvier|janv\.?|f[ée]vrier|f[ée]vr?\.?|mars|avril|avr\.?|mai|juin|juillet|juil\.?"
    r"|ao[uû]t|septembre|sept\.?|octobre|oct\.?|novembre|nov\.?|d[ée]cembre|d[ée]c\.?)(?![\w])"
)
# 9h, 09h00, 14h30, 9 h 30, 9:30, midi. The lookahead refuses "2 heures" style words and "9h30m".
HOUR_RE = (
    r"(?:\d{1,2}\s?[hH]\s?[0-5]\d(?![\w])|\d{1,2}\s?[hH](?![\w])|\d{1,2}:[0-5]\d(?!\d)"
    r"|midi(?![\w]))"
)


def fold(text: str) -> str:
    """Lower-case text without accents: "Février" -> "fevrier" (for comparisons): the text
    decomposed (NFKD), every combining mark left out. Called on every line a programme, a check
    or the search index reads, hence the short cuts: ASCII text has nothing to decompose, the
    marks of Latin letters go in one pass, and only other non-ASCII characters are looked up
    one by one (the same result for every character: tests/test_frenchdates.py)."""
    if text.isascii():
        return text.lower()
    decomposed = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if _OTHER_CHARACTERS.search(decomposed) is None:
        return decomposed.lower()
    return _OTHER_CHARACTERS.sub(_without_marks, decomposed).lower()


# Combining marks of U+0300–U+036F (all but U+034F, the grapheme joiner, which is no mark).
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")
# Non-ASCII characters other than frequent French ones that are no marks (’ « » – — … œ æ €).
_OTHER_CHARACTERS = re.compile(
    "[^\x00-\x7f\u2019\xab\xbb\u2013\u2014\u2026\u0153\u0152\xe6\xc6\u20ac]+"
)


def _without_marks(match: re.Match[str]) -> str:
    return "".join(c for c in match[0] if not unicodedata.combining(c))


def month_number(name: str) -> int | None:
    """1-12 for a French month name or usual abbreviation, None otherwise."""
    key = fold(name).strip().rstrip(".")
    for number, month in enumerate(MONTHS, start=1):
        if fold(month) == key:
            return number
    return _MONTH_ALIASES.get(key)


def weekday_number(name: str) -> int | None:
    """0 (lundi) to 6 (dimanche), like `date.weekday()`; None when not a weekday."""
    key = fold(name).strip()
    return WEEKDAYS.index(key) if key in WEEKDAYS else None


def weekday_fr(value: dt.date) -> str:
    """`weekday_fr(date(2023, 11, 3))` -> "vendredi"."""
    return WEEKDAYS[value.weekday()]


def parse_hour(text: str) -> dt.time | None:
    """`9h`, `09h00`, `14h30`, `9 h 30`, `9:30`, `midi` -> time; None when not an hour."""
    whole = _whole_expression(text)
    if whole is None or len(whole.slots) != 1 or whole.slots[0][1] is not None:
        return None
    return whole.slots[0][0]


def parse_hour_range(text: str) -> tuple[dt.time, dt.time | None] | None:
    """`17h00-17h30`, `de 9h à 12h`, `9h – 12h`, `14h` -> (start, end or None)."""
    whole = _whole_expression(text)
    if whole is None or len(whole.slots) != 1:
        return None
    return whole.slots[0]


def _whole_expression(text: str):
    """The time expression that is the whole of text (spaces around it aside), if any."""
    from .frenchtokens import tokenize
    from .frenchwhen import read_when

    stripped = text.strip()
    tokens = tokenize(stripped)
    when = read_when(stripped, tokens, 0) if tokens and tokens[0].start == 0 else None
    if when is None or when.dates or when.end != len(stripped):
        return None
    return when


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


# Years a page may mean: a year outside is a typo ("0007-09-07", "2203") and anchors nothing.
PLAUSIBLE_YEARS = range(2000, 2101)


def plausible(value: dt.date | None) -> dt.date | None:
    """The date when its year is plausible for an event, else None."""
    return value if value is not None and value.year in PLAUSIBLE_YEARS else None


def resolve_year(
    day: int,
    month: int,
    *,
    start: dt.date | dt.datetime | None = None,
    end: dt.date | dt.datetime | None = None,
    reference: dt.date | dt.datetime | None = None,
) -> dt.date | None:
    """The date of `day/month` written without a year, placed in the event's period.

    The year chosen puts the date inside [start, end], or as close to it as possible: a programme
    for an event from 2020-12-15 to 2021-01-15 saying "05/01" means 2021-01-05. Without event
    dates, `reference` (a date already read in the page, the publication date) is the anchor.
    Returns None for impossible dates (31/11) or when there is nothing to anchor the year to.
    """
    low = _as_date(start) or _as_date(reference) or _as_date(end)
    high = _as_date(end) or low
    if low is None or high is None:
        return None
    if high < low:
        high = low
    best: tuple[int, dt.date] | None = None
    for year in range(low.year - 1, high.year + 2):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        distance = (
            0
            if low <= candidate <= high
            else min(abs((candidate - low).days), abs((candidate - high).days))
        )
        if best is None or distance < best[0]:
            best = (distance, candidate)
    return best[1] if best else None


# --- display -------------------------------------------------------------------------------


def _has_time(value: dt.date | dt.datetime) -> bool:
    # A datetime at 00:00 is how the front matter says "no time given".
    return isinstance(value, dt.datetime) and (value.hour, value.minute) != (0, 0)


def format_hour_fr(value: dt.time | dt.datetime) -> str:
    """14:30 -> "14 h 30", 9:00 -> "9 h" (the typographic French style), with no-break
    spaces (U+00A0) so that a line never separates "14" from "h 30"."""
    hour = f"{value.hour}\u00a0h"
    return f"{hour}\u00a0{value.minute:02d}" if value.minute else hour


def _day(value: dt.date) -> str:
    return "1er" if value.day == 1 else str(value.day)


def _full_date(value: dt.date, *, year: bool = True, month: bool = True) -> str:
    text = f"{weekday_fr(value)} {_day(value)}"
    if month:
        text += f" {MONTHS[value.month - 1]}"
    if year:
        text += f" {value.year}"
    return text


def format_date_range_fr(
    start: dt.date | dt.datetime, end: dt.date | dt.datetime | None = None
) -> str:
    """A French sentence fragment for a period, as shown to visitors.

    - `format_date_range_fr(date(2023, 11, 2), date(2023, 11, 30))`
      -> "du jeudi 2 au jeudi 30 novembre 2023"
    - `format_date_range_fr(datetime(2023, 11, 3, 16, 15), datetime(2023, 11, 3, 18, 15))`
      -> "le vendredi 3 novembre 2023 de 16 h 15 à 18 h 15"
    """
    first, last = _as_date(start), _as_date(end)
    start_time = format_hour_fr(start) if _has_time(start) else ""
    end_time = format_hour_fr(end) if end is not None and _has_time(end) else ""
    if last is None or last == first:
        text = f"le {_full_date(first)}"
        if start_time and end_time:
            return f"{text} de {start_time} à {end_time}"
        if start_time:
            return f"{text} à {start_time}"
        return text
    if start_time or end_time:
        left = _full_date(first) + (f" à {start_time}" if start_time else "")
        right = _full_date(last) + (f" à {end_time}" if end_time else "")
        return f"du {left} au {right}"
    same_year = first.year == last.year
    same_month = same_year and first.month == last.month
    left = _full_date(first, year=not same_year, month=not same_month)
    return f"du {left} au {_full_date(last)}"
