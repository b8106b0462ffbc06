"""Budgets for what outsiders send: one place for every limit a reader or a form applies.

A page, a table or a query string is refused with a clear, located error when it passes one of
these, so that a small hostile input cannot cost a worker minutes or gigabytes, and so that the
outcome does not depend on the machine's load (time limits are only a generous backstop).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

# Dates: outside this range a date is a typo (`0001-01-01`, `9999-12-31`), and its instant may
# not even exist in UTC; pages, forms and the agenda's filters all keep to it.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)

# A page file (the corpus's largest is 22 KB and 256 lines; its longest line 867 characters).
# Rendering markdown costs up to ~50 µs a character on hostile text ("![![…"): 256 KiB
# keeps one page's rendering under 15 s.
PAGE_BYTES = 256 * 1024
PAGE_LINES = 10_000
# Its YAML front matter: nesting (the deepest real key, `acces`, is 5 levels), nodes, numbers.
YAML_DEPTH = 12
YAML_NODES = 5_000
NUMBER_DIGITS = 32
# Backstop for reading one page, far above the ~50 ms a real page takes.
PAGE_SECONDS = 20.0

# A spreadsheet (XLSX is zipped XML: 151 KB can unzip to gigabytes of shared strings): the
# sizes its parts declare once unzipped, and the columns read in a row.
XLSX_PART_BYTES = 20 * 1024 * 1024
XLSX_TOTAL_BYTES = 40 * 1024 * 1024
TABLE_COLUMNS = 60


def max_sessions() -> int:
    """Sessions per event (setting MAX_SESSIONS_PER_EVENT): pages, tables and forms."""
    return settings.MAX_SESSIONS_PER_EVENT


def date_in_range(value: dt.date | dt.datetime) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def clamp_date(value: dt.date) -> dt.date:
    return min(max(value, EARLIEST_DATE), LATEST_DATE)
