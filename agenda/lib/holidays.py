"""French public holidays (jours fériés), computed: fixed dates and the ones Easter moves.

The next-edition copy flags a date that lands on one (`holiday_name`). Metropolitan list of the
Code du travail (art. L3133-1); the two extra days of Alsace-Moselle (Vendredi saint, 26
décembre) are regional and left out.
"""

from __future__ import annotations

import datetime as dt
import functools

_FIXED = {
    (1, 1): "Jour de l’an",
    (5, 1): "Fête du Travail",
    (5, 8): "Victoire 1945",
    (7, 14): "Fête nationale",
    (8, 15): "Assomption",
    (11, 1): "Toussaint",
    (11, 11): "Armistice 1918",
    (12, 25): "Noël",
}
# Days after Easter Sunday.
_MOVING = {1: "Lundi de Pâques", 39: "Ascension", 50: "Lundi de Pentecôte"}


def easter(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


@functools.lru_cache(maxsize=64)
def french_holidays(year: int) -> dict[dt.date, str]:
    """Every public holiday of the year, date → French name."""
    days = {dt.date(year, month, day): name for (month, day), name in _FIXED.items()}
    sunday = easter(year)
    days.update({sunday + dt.timedelta(days=n): name for n, name in _MOVING.items()})
    return dict(sorted(days.items()))


def holiday_name(day: dt.date) -> str:
    """The holiday's name when `day` is a French public holiday, else ""."""
    return french_holidays(day.year).get(day, "")
