"""Run the rules on pages: one page (the importer), a set of pages (the CLI), files and folders.

- `check_page(page)`: the rules on one page. Cross-page rules are run on this page alone, so they
  still report what a page contradicts within itself (an address written with two postcodes),
  never what needs other pages.
- `check_pages(pages)`: every rule; cross-page rules compare the pages with one another.
  `check_one(page)` is its part that needs one page only (per-page rules, and what cross-page
  rules read of each page): `agenda check` runs it where the pages are read, in a process per
  core, and `check_pages(pages, checked)` then runs only the comparisons.
Reading files is the caller's: `agenda.exchange.reading.check_paths` reads and checks them.
Problems come sorted by path, line, column, code.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agenda.lib.pages import PageData, PageProblem

from . import (  # noqa: F401 (registration)
    rules_content,
    rules_dates,
    rules_fields,
    rules_links,
    rules_times,
    rules_years,
)
from .rules import DATE_KEYS, RULES, CheckContext, PagesContext, Rule

logger = logging.getLogger(__name__)


def rules(scope: str | None = None) -> list[Rule]:
    """The registered rules, in code order."""
    return sorted(
        (r for r in RULES.values() if scope is None or r.scope == scope), key=lambda r: r.code
    )


def _sorted(problems: Iterable[PageProblem]) -> list[PageProblem]:
    unique = {}
    for problem in problems:
        key = (problem.path, problem.line, problem.column, problem.code, problem.message)
        unique.setdefault(key, problem)
    return sorted(unique.values(), key=lambda p: (p.path, p.line, p.column, p.code))


# Warnings of the page reader that a rule reports again, with its exact line and a suggestion.
_REPORTED_BY_RULES = {
    ("malformed-field", "champs_informations"),
    ("malformed-field", "acces"),
    *(("bad-date", key) for key in DATE_KEYS),
}


def _parser_warnings(page: PageData) -> list[PageProblem]:
    """Warnings the reader left on the page that no rule reports more precisely."""
    return [w for w in page.warnings if (w.code, w.field) not in _REPORTED_BY_RULES]


@dataclass
class PageChecked:
    """What one page gives the checks on its own: its problems (its rules, the reader's
    warnings) and what the cross-page rules read of it (`CheckContext.shared`)."""

    problems: list[PageProblem]
    shared: dict[str, Any]


def check_one(page: PageData) -> PageChecked:
    """The per-page rules on a page, and the per-page part of the cross-page rules: what can
    run where the page is read (another process when there are several, `agenda check`)."""
    context = CheckContext(page)
    problems = _parser_warnings(page)
    for item in rules("page"):
        problems += _run(item, page, context, page.path)
    for item in rules("pages"):
        if item.prepare is not None:
            try:
                item.prepare(context)
            except Exception:  # noqa: BLE001 (the rule itself fails again, and says so, below)
                pass
    return PageChecked(problems, context.shared)


def check_pages(
    pages: list[PageData], checked: list[PageChecked] | None = None
) -> list[PageProblem]:
    """Every rule on these pages; `checked`: each page's `check_one`, when done already."""
    if checked is None:
        checked = [check_one(page) for page in pages]
    contexts = PagesContext(
        {
            id(page): CheckContext(page, shared=done.shared)
            for page, done in zip(pages, checked, strict=True)
        }
    )
    problems = [problem for done in checked for problem in done.problems]
    for item in rules("pages"):
        problems += _run(item, pages, contexts, pages[0].path if pages else "")
    return _sorted(problems)


def _run(item: Rule, subject, context, path: str) -> list[PageProblem]:
    """One rule on a page (or on all): a rule that fails on odd input costs its own report,
    never the others' nor the import."""
    try:
        return list(item.check(subject, context))
    except Exception as exc:
        logger.exception("rule %s on %s", item.code, path)
        message = f"la vérification {item.code} a échoué ({type(exc).__name__}) : à signaler"
        return [PageProblem(path, 1, "check-error", message, "warning")]


def check_page(page: PageData) -> list[PageProblem]:
    return check_pages([page])


def check_across(pages: list[PageData], *, reference: list[PageData]) -> list[PageProblem]:
    """The cross-page rules on `pages` compared with one another and with `reference` pages
    (stored events: at import, on a form's save); only the problems of `pages` are returned.
    `check_pages` gives the same, and the per-page rules too, when there is no reference."""
    checked = {id(page) for page in pages}
    everything = [*pages, *(page for page in reference if id(page) not in checked)]
    contexts = PagesContext(
        {id(page): CheckContext(page) for page in everything},
        reference=frozenset(id(page) for page in everything if id(page) not in checked),
    )
    paths = {page.path for page in pages}
    problems: list[PageProblem] = []
    for item in rules("pages"):
        problems += _run(item, everything, contexts, pages[0].path if pages else "")
    return _sorted(p for p in problems if p.path in paths)


def has_errors(problems: Iterable[PageProblem]) -> bool:
    return any(problem.severity == "error" for problem in problems)


def problem_dict(problem: PageProblem) -> dict:
    """A problem as JSON (`agenda check --format json`; what an event stores in `problems`)."""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "code": problem.code,
        "severity": problem.severity,
        "message": problem.message,
        "field": problem.field,
    }
