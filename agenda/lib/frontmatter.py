"""The Jekyll page file: which files are pages, where the front matter is, how dates are written.

One definition shared by the reader (`exchange.jekyll`), the checks (which locate problems in
the text) and every command that walks folders (`agenda import`, `agenda check`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .pages import PageError
from .safe_yaml import load_yaml

# The front matter's lines are taken whole, not a character at a time (the closing line is only
# looked for at the start of a line): 6x faster than `(.*?)`, the same text (tests/test_fastre.py).
FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n((?:[^\n]*+\n)*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M
)
DATE_TEXT = re.compile(
    r"^\s*(?P<y>\d{1,4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)
PAGE_SUFFIXES = (".markdown", ".md")


@dataclass(frozen=True)
class Skipped:
    """A file met in a folder that is not a page, and why (listed by `-v`)."""

    path: Path
    reason: str


@dataclass
class PageFiles:
    """The pages found under some paths, and the files passed over."""

    pages: list[Path]
    skipped: list[Skipped]


def find_pages(paths: Iterable[Path | str]) -> PageFiles:
    """Files named on the command line, and the pages of the folders, recursively, sorted.

    In a folder, like Jekyll, only files with a page suffix that start with a front matter
    (`---`) are pages: a README.md beside them is not one; hidden folders are passed over (and
    folders reached through a symbolic link, as `Path.rglob` does). A file named explicitly is
    always read (the reader then says what is wrong with it).
    """
    found = PageFiles(pages=[], skipped=[])
    for path in map(Path, paths):
        if path.is_dir():
            for parts in sorted(_named_like_pages(path, ())):
                _sort_candidate(path.joinpath(*parts), found)
        else:
            found.pages.append(path)
    return found


def page_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """The page files of `find_pages`, without the skipped ones."""
    yield from find_pages(paths).pages


def _named_like_pages(folder: Path, parts: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The path parts (under the folder walked) of the regular files named like pages, hidden
    ones left out; one `scandir` a folder (a folder's entries say what they are)."""
    try:
        with os.scandir(folder) as entries:
            listed = list(entries)
    except OSError:
        return
    for entry in listed:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir() and not entry.is_symlink():
                yield from _named_like_pages(Path(entry.path), (*parts, entry.name))
            elif entry.name.endswith(PAGE_SUFFIXES) and entry.is_file():
                yield (*parts, entry.name)  # a FIFO, a socket are no files: never opened
        except OSError:
            continue


def _sort_candidate(candidate: Path, found: PageFiles) -> None:
    if not starts_with_front_matter(candidate):
        found.skipped.append(Skipped(candidate, "pas de front matter (---) : pas une page"))
        return
    found.pages.append(candidate)


def starts_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return True  # let the reader report it
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"---")


TRUE_WORDS = ("true", "yes", "oui", "1")


def says_draft(published: object) -> bool:
    """`published: false` (or no, non, 0…) makes a page a draft; without the key it is public."""
    if published is None:
        return False
    if isinstance(published, bool):
        return not published
    return str(published).strip().lower() not in TRUE_WORDS


def text_says_draft(text: str) -> bool | None:
    """Whether a page's text says it is a draft; None when its front matter cannot be read."""
    match = FRONT_MATTER.match(text or "")
    if not match:
        return None
    try:
        _, data = load_yaml(match.group(1), path="", first_line=1)
    except PageError:
        return None
    return says_draft(data.get("published")) if isinstance(data, dict) else None
