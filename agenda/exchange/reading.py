"""The one reader of page files, shared by `agenda import` and `agenda check`: what the one
checks, the other imports.

A page that cannot be read becomes one located problem (`path:line: code: message`); the
other pages are read all the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from agenda.checks import check_pages
from agenda.lib.frontmatter import Skipped, find_pages
from agenda.lib.pages import PageData, PageError, PageProblem

from .jekyll import read_page


def read_file(path: Path | str) -> PageData:
    """One page file; every way it can fail is a PageError with its location."""
    try:
        return read_page(path)
    except FileNotFoundError:
        raise PageError(PageProblem(str(path), 1, "not-found", "fichier introuvable")) from None
    except OSError as error:
        message = f"fichier illisible : {error.strerror or error}"
        raise PageError(PageProblem(str(path), 1, "unreadable", message)) from None


def read_pages(
    paths: Iterable[Path | str], *, skipped: list[Skipped] | None = None
) -> tuple[list[PageData], list[PageProblem]]:
    """The pages of files and folders (see `lib.frontmatter.find_pages`), and the failures;
    the files passed over are added to `skipped` when given."""
    pages: list[PageData] = []
    failures: list[PageProblem] = []
    found = find_pages(paths)
    if skipped is not None:
        skipped += found.skipped
    for path in found.pages:
        try:
            pages.append(read_file(path))
        except PageError as error:
            failures.append(error.problem)
    return pages, failures


def check_paths(paths: Iterable[Path | str]) -> list[PageProblem]:
    """Read files and folders and run every check; unreadable pages are problems too."""
    pages, failures = read_pages(paths)
    problems = [*failures, *check_pages(pages)]
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.code))
