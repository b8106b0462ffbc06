"""Content checks: catch the editors' mistakes before they are published (issue 3).

    from agenda.checks import check_page, check_pages

Each rule is a generator registered with a stable code (see `agenda check --list` and
docs/checks.md); problems are `agenda.lib.pages.PageProblem`, located like compiler errors.
"""

from .runner import check_across, check_page, check_pages, has_errors, problem_dict, rules

__all__ = ["check_across", "check_page", "check_pages", "has_errors", "problem_dict", "rules"]
