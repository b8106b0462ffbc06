"""Patterns for dates, hours and links as editors write them, shared by the rules.

They read the page as written (markup included: the body's HTML comments are already blanked
out), so the words of a date may be separated by spaces, line breaks, emphasis markers or tags:
`<b>Le jeudi</b> 03/11`, `le mardi\n  10 janvier` (a folded chapeau).
"""

from __future__ import annotations

import re

from agenda.lib.fastre import starting_with
from agenda.lib.frenchdates import HOUR_RE, MONTH_RE

from .rules import CheckContext, Source

_I = re.IGNORECASE

WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# What may stand between the words of a date: spaces, line breaks, emphasis markers, tags.
# Possessive (`++`): a run of stars or underscores is read one way only (linear time).
GAP = r"(?:(?:[\s\xa0]|\*{1,3}|(?<![\w])_{1,2}|_{1,2}(?![\w])|&nbsp;|</?[a-zA-Z][^<>\n]{0,200}>)++)"
YEAR = r"(?:19|20)\d\d"
# Weekdays abbreviated in agendas and tables: "jeu. 03/11", "mar. 30/12" (the dot is needed:
# "mer" and "mar" are words).
# One alternation for both, by their first three letters (the rule checks the name read).
WEEKDAY_OR_SHORT = r"(?:lun|mar|mer|jeu|ven|sam|dim)(?:(?:di|credi|dredi|edi|anche)(?![\w-])|\.)"
SHORT_WEEKDAY_NAMES = ("lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim.")
DAY = r"(?:1er|1ᵉʳ|\d{1,2}+)"


def lower_of(ctx: CheckContext, source: Source) -> str:
    """The source lower-cased, for cheap `in` tests before costly patterns."""
    return ctx.derived("lower", source, lambda s: s.text.lower())


# Any year: pages without one need no other-year pattern.
# A year not inside a longer number. The look-behind comes after "19|20" (the digit before the
# year and the two of it, not three digits): a pattern opening with digits is searched in C
# (lib.fastre), 3x faster than one opening with a look-behind.
ANY_YEAR = re.compile(r"(?:19|20)(?<!\d\d\d)\d\d(?!\d)")
# A year that may end a written date ("14 juin 2019", "03/11/2022"), not one inside a file name.
DATE_YEAR = re.compile(r"(?<=[\s>*/;.\xa0])(?:19|20)\d\d(?![\w/])")

# "jeudi 03/11", "Mardi 10 janvier 2023", "le mardi\n  10 janvier", "jeudi 3/11/23", "jeudi 14.11".
WEEKDAY_DATE = re.compile(
    starting_with(  # the first letters of the weekdays, whole or abbreviated
        "lmjvsd",
        rf"(?<![\w-])(?P<wd>{WEEKDAY_OR_SHORT}){GAP}(?:le{GAP})?(?P<d>{DAY})(?![\d])"
        rf"(?:(?:\s*/\s*|\.)(?P<mn>\d{{1,2}})(?:(?:\s*/\s*|\.)(?P<yn>\d{{4}}|\d{{2}}))?(?![\d/]|\.\d)"
        rf"|{GAP}(?P<mt>{MONTH_RE})(?:{GAP}(?P<yt>{YEAR})(?!\d))?)?",
    ),
    _I,
)
# After "lundi 16" without a month: "au vendredi 20 novembre", "et mardi 17 novembre 2020".
DAY_CHAIN = re.compile(
    rf"(?:{GAP}?+(?:,|\bet\b|\bau\b|&|[-–]){GAP}?+(?:{WEEKDAY}{GAP})?+(?:le{GAP})?+{DAY}(?!\d))+?"
    rf"{GAP}(?P<mt>{MONTH_RE})(?:{GAP}(?P<yt>{YEAR})(?!\d))?",
    _I,
)
# A date with its year: "14 juin 2019", "Mardi 10 janvier 2023", "03/11/2022", "9.10.2024".
FULL_DATE = re.compile(
    rf"(?<![\w/])(?:(?P<wd>{WEEKDAY}){GAP}(?:le{GAP})?)?"
    rf"(?:(?P<d>{DAY}){GAP}(?P<mt>{MONTH_RE}){GAP}(?P<yt>{YEAR})"
    rf"|(?P<dn>\d{{1,2}})[/.](?P<mn>\d{{1,2}})[/.](?P<yn>{YEAR}))(?!\d)",
    _I,
)
# FULL_DATE ending exactly where a year ends (searched in a window before the year).
FULL_DATE_ENDING = re.compile(FULL_DATE.pattern + r"\Z", _I)
WEEKDAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def has_weekday(low: str) -> bool:
    return any(name in low for name in WEEKDAY_NAMES)


def has_short_weekday(low: str) -> bool:
    """ "jeu.", "mar.": a weekday abbreviated (substring tests: cheaper than a pattern)."""
    return any(name in low for name in SHORT_WEEKDAY_NAMES)


# An edition: "l’édition 2022", "édition de 2021".
EDITION = re.compile(rf"(?<!\w)[ée]dition(?:{GAP}(?:de|d['’]))?{GAP}(?P<y>{YEAR})(?![\d])", _I)
# The event said to be part of a named event of a year: "dans le cadre de la Semaine de
# l’Innovation publique 2019", "à l’occasion de la Semaine IP 2019".
WITHIN_EDITION = re.compile(
    r"(?:(?:à|a)\s+l['’]occasion|dans\s+le\s+cadre|lors)\s+(?:de\s+la|de\s+l['’]|du|de|d['’])"
    rf"\s*(?P<name>(?:[^.;:!?()\[\]\d\n]|\n(?![ \t]*\n)){{1,70}}?)(?<=\w)\s+(?P<y>{YEAR})(?!\d)",
    _I,
)
# A hashtag ending with a year: "#MIP2024", "#MoisInnovation22", "#Forum_2021".
# (What stands before the "#" is looked at by the rule: a pattern starting with a look-behind
# would try it at every character.)
HASHTAG_YEAR = re.compile(r"#(?P<tag>[^\W\d][^\W\d]{1,40}+)[-]?(?P<y>(?:19|20)\d\d|\d\d)(?![\w])")
BARE_YEAR = re.compile(rf"(?<![\w/.%-])(?P<y>{YEAR})(?![\w/%]|[.-]\d)")
YEAR_LIST_AFTER = re.compile(rf"\s*(?:et|-|–|à|au|/|…|\.\.\.)\s*{YEAR}(?!\d)", _I)
YEAR_LIST_BEFORE = re.compile(rf"{YEAR}\s*(?:et|-|–|à|au|/|…|\.\.\.)\s*$", _I)

HOUR = re.compile(HOUR_RE, _I)
# The label of an information field that gives the event's date or time.
TIME_LABEL = re.compile(r"horaire|heure|debut|quand|date|rendez", _I)
