"""weekday-mismatch: a weekday written with a date that falls on another day."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator

from agenda.lib.frenchdates import MONTHS, WEEKDAYS, fold, weekday_number
from agenda.lib.frenchdates import month_number as _month_number
from agenda.lib.pages import PageData, PageProblem

from .rules import ERROR, CheckContext, rule
from .rules_text import (
    DAY_CHAIN,
    WEEKDAY_DATE,
    has_short_weekday,
    has_weekday,
    lower_of,
)

month_number = functools.lru_cache(maxsize=512)(_month_number)


def day_number(text: str) -> int:
    return 1 if not text.isdecimal() else int(text)


def _short(value: dt.date, numeric: bool, pad: bool, with_year: bool = False) -> str:
    if numeric:
        text = f"{value.day:02d}/{value.month:02d}" if pad else f"{value.day}/{value.month}"
        return f"{text}/{value.year}" if with_year else text
    day = "1er" if value.day == 1 else str(value.day)
    text = f"{day} {MONTHS[value.month - 1]}"
    return f"{text} {value.year}" if with_year else text


# --- weekday-mismatch --------------------------------------------------------------------------


@rule(
    "weekday-mismatch",
    ERROR,
    "Un jour de la semaine (en toutes lettres ou abrégé : « jeu. 03/11 ») écrit avec une date "
    "qui tombe un autre jour, dans l’année que donnent les dates de l’événement (ou l’année "
    "écrite).",
    wrong="event_start_date: 2023-11-02 … Le jeudi 03/11 de 16h15 à 18h15",
    right="event_start_date: 2023-11-02 … Le vendredi 03/11 de 16h15 à 18h15",
)
def weekday_mismatch(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]:
    for source in ctx.text_sources:
        low = lower_of(ctx, source)
        if not has_weekday(low) and not has_short_weekday(low):
            continue
        text = source.text
        for match in WEEKDAY_DATE.finditer(text):
            day = day_number(match["d"])
            numeric = bool(match["mn"])
            if numeric:
                month = int(match["mn"])
                year = int(match["yn"]) if match["yn"] else None
                if year is not None and year < 100:
                    year += 2000
            elif match["mt"]:
                month = month_number(match["mt"]) or 0
                year = int(match["yt"]) if match["yt"] else None
            else:
                chain = DAY_CHAIN.match(text, match.end())
                if not chain:
                    continue
                month = month_number(chain["mt"]) or 0
                year = int(chain["yt"]) if chain["yt"] else None
            if not 1 <= month <= 12:
                continue
            date = ctx.resolve(day, month, year)
            name = _full_weekday(match["wd"])
            written = weekday_number(name)
            if date is None or written is None or date.weekday() == written:
                continue
            yield ctx.problem(
                "weekday-mismatch",
                source.offset + match.start("wd"),
                _weekday_message(name, date, numeric, len(match["d"]) == 2, year),
                field=source.field,
            )


def _full_weekday(written: str) -> str:
    """ "Jeudi" -> "jeudi", "jeu." -> "jeudi"."""
    low = fold(written).rstrip(".")
    return next((name for name in WEEKDAYS if name.startswith(low)), low)


def _weekday_message(
    written: str, date: dt.date, numeric: bool, pad: bool, year: int | None
) -> str:
    actual = WEEKDAYS[date.weekday()]
    delta = (WEEKDAYS.index(written) - date.weekday()) % 7
    nearest = date + dt.timedelta(days=delta if delta <= 3 else delta - 7)
    message = (
        f"le {_short(date, numeric, pad, with_year=True)} est un {actual} : "
        f"{actual} {_short(date, numeric, pad)} ou {written} {_short(nearest, numeric, pad)} ?"
    )
    if year is None:
        for other in (date.year - 1, date.year + 1):
            try:
                if dt.date(other, date.month, date.day).weekday() == WEEKDAYS.index(written):
                    message += (
                        f" (« {written} {_short(date, numeric, pad)} » était vrai en {other})"
                    )
                    break
            except ValueError:
                continue
    return message
