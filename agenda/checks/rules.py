"""The rule registry and what every rule needs to know about a page.

A rule is a generator registered with `@rule(code, severity, description, wrong=..., right=...)`:
`def weekday_mismatch(page: PageData, ctx: CheckContext) -> Iterator[PageProblem]`. Cross-page
rules (`@rule(..., scope="pages")`) take every page of the run:
`def reused_link(pages: list[PageData], ctx: PagesContext) -> Iterator[PageProblem]`.

`CheckContext` locates text in the file (lines and columns, the body, the event's dates); its
front-matter half, `rules_front.FrontMatter`, knows where each key and value is written, so a
problem found in a folded chapeau or in the second entry of `champs_informations` points at its
exact line and column. `Source` is one such piece of text, raw as written, with its offset.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from agenda.lib.frenchdates import fold, resolve_year
from agenda.lib.pages import PageData, PageProblem

from .rules_front import FrontMatter, Source

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES = (ERROR, WARNING, INFO)

# Keys that can carry the event's start, in the order jekyll.py reads them.
START_KEYS = ("event_start_date", "event_date", "dateEvent")
DATE_KEYS = ("date", "event_start_date", "event_end_date", "event_date", "dateEvent")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    description: str  # French, one sentence
    wrong: str  # an example of the mistake, as an editor would write it
    right: str  # the same, corrected
    check: Callable[..., Iterator[PageProblem]]
    scope: str = "page"  # "page": one page at a time; "pages": all the pages of the run
    # Of a cross-page rule: what it reads of each page (kept in `CheckContext.shared`), computed
    # where the page is read (`runner.check_one`: in a reading process when there are several).
    prepare: Callable[[CheckContext], Any] | None = None


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    severity: str,
    description: str,
    *,
    wrong: str,
    right: str,
    scope: str = "page",
    prepare: Callable[[CheckContext], Any] | None = None,
) -> Callable[[Callable[..., Iterator[PageProblem]]], Callable[..., Iterator[PageProblem]]]:
    """Register a rule generator under a stable code."""
    assert severity in SEVERITIES, severity
    assert scope in ("page", "pages"), scope
    assert prepare is None or scope == "pages", code

    def register(function: Callable[..., Iterator[PageProblem]]):
        if code in RULES and RULES[code].check is not function:
            raise ValueError(f"rule code {code!r} registered twice")
        RULES[code] = Rule(code, severity, description, wrong, right, function, scope, prepare)
        return function

    return register


_LINE_BREAK = re.compile(r"\n")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def _blank(text: str) -> str:
    if "\n" not in text:
        return " " * len(text)
    return "\n".join(" " * len(piece) for piece in text.split("\n"))


def mask(text: str, pattern: re.Pattern[str] = _COMMENT) -> str:
    """Text with the matches of pattern blanked out (line breaks kept, so offsets still hold)."""
    return pattern.sub(lambda m: _blank(m.group(0)), text)


class CheckContext(FrontMatter):
    """Everything about one page that several rules need, computed once and lazily."""

    def __init__(self, page: PageData, shared: dict[str, Any] | None = None):
        self.page = page
        self.text = page.text or ""
        self.cache: dict[str, Any] = {}  # for rule modules' own derived data
        # Derived data cross-page rules read (`Rule.prepare`): plain values (no key made of an
        # id()), since they are sent from the process that read the page with the page itself.
        self.shared: dict[str, Any] = shared if shared is not None else {}

    # positions ------------------------------------------------------------------------------

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset in page.text."""
        offset = max(0, min(offset, len(self.text)))
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def problem(
        self, code: str, offset: int, message: str, *, field: str = "", severity: str = ""
    ) -> PageProblem:
        line, column = self.position(offset)
        return PageProblem(
            self.page.path,
            line,
            code,
            message,
            severity or RULES[code].severity,
            column,
            field,
        )

    def problem_at(
        self, code: str, line: int, column: int, message: str, *, field: str = ""
    ) -> PageProblem:
        return PageProblem(self.page.path, line, code, message, RULES[code].severity, column, field)

    # text to read ---------------------------------------------------------------------------

    @cached_property
    def body_offset(self) -> int:
        body = self.page.body or ""
        if body and self.text.endswith(body):
            return len(self.text) - len(body)
        if self.page.body_line > 1:
            return self._line_starts[min(self.page.body_line, len(self._line_starts)) - 1]
        return len(self.text) - len(body)

    @cached_property
    def body_source(self) -> Source:
        """The body with its HTML comments blanked out (what readers never see)."""
        return Source("body", "", mask(self.page.body or ""), self.body_offset)

    @cached_property
    def text_sources(self) -> list[Source]:
        return [*self.front_sources, self.body_source]

    def derived(self, name: str, source: Source, make: Callable[[Source], Any]) -> Any:
        """make(source), computed once per source (prose, lower-cased text…)."""
        cache = self.cache.setdefault(name, {})
        key = id(source)
        if key not in cache:
            cache[key] = make(source)
        return cache[key]

    # the event's dates ----------------------------------------------------------------------

    @cached_property
    def start_key(self) -> str:
        for key in START_KEYS:
            if key in self.page.key_lines or key in self.front_nodes:
                return key
        return "event_start_date"

    @property
    def start_date(self) -> dt.date | None:
        """The event's first day; None when absent or in an impossible year (bad-date says it)."""
        return _plausible(self.page.start.value) if self.page.start else None

    @property
    def end_date(self) -> dt.date | None:
        return _plausible(self.page.end.value) if self.page.end else None

    @cached_property
    def event_years(self) -> set[int]:
        start, end = self.start_date, self.end_date
        if start is None:
            return set()
        if end is None or end < start or end.year - start.year > 3:
            return {start.year}
        return set(range(start.year, end.year + 1))

    def resolve(self, day: int, month: int, year: int | None) -> dt.date | None:
        """The date a page means by day/month(/year): a written year wins, else the year that
        places it in (or nearest to) the event, else nearest to the publication date."""
        if year is not None:
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
        published = _plausible(self.page.published_at.value) if self.page.published_at else None
        return resolve_year(
            day, month, start=self.start_date, end=self.end_date, reference=published
        )


class PagesContext:
    """The contexts of all the pages of a run, for cross-page rules."""

    def __init__(self, contexts: dict[int, CheckContext], reference: frozenset[int] = frozenset()):
        self._contexts = contexts
        # Pages compared with but not checked (stored events, at import or on a form's save):
        # of two pages that clash, a rule reports on the other one.
        self.reference = reference

    def is_reference(self, page: PageData) -> bool:
        return id(page) in self.reference

    def of(self, page: PageData) -> CheckContext:
        context = self._contexts.get(id(page))
        if context is None:
            context = self._contexts[id(page)] = CheckContext(page)
        return context


def _plausible(value: dt.date | dt.datetime) -> dt.date | None:
    day = _as_date(value)
    return day if day is not None and 2000 <= day.year <= 2100 else None


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def folded(text: str) -> str:
    """Lower case, no accents, typographic apostrophes made plain."""
    return fold(text).replace("’", "'")
