"""The one reader of page files, shared by `agenda import` and `agenda check`: what the one
checks, the other imports.

Every page is read on its own, and every way it can fail is one located problem
(`path:line:col: code: message`): the other pages are read all the same. Only regular files
are opened (a FIFO would block forever), at most `PAGE_BYTES` of them are read, a file name
that is not UTF-8 is reported rather than printed, and a page that takes longer than
`PAGE_SECONDS` (a backstop: budgets bound the work first) is stopped and reported.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from agenda.checks import check_pages
from agenda.checks.rules import START_KEYS
from agenda.checks.runner import PageChecked, check_one
from agenda.events.services import event_span
from agenda.lib.deadline import TimeLimitExceeded, time_limit
from agenda.lib.frontmatter import Skipped, find_pages
from agenda.lib.gcbatch import few_collections
from agenda.lib.limits import PAGE_BYTES, PAGE_SECONDS
from agenda.lib.pages import PageData, PageError, PageProblem

from .jekyll import parse_bytes, slug_from_path, too_large
from .keymaps import KeyMap

NO_DATE = "aucune date d’événement ni de publication"
logger = logging.getLogger(__name__)


def display_path(path: Path | str) -> str:
    """The path as it can be printed: undecodable bytes of a file name written `\\xff`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def read_file(path: Path | str, *, keys: KeyMap | None = None) -> PageData:
    """One page file; every way it can fail is a PageError with its location. `keys`: another
    site's front-matter keys read as ours (`exchange.keymaps`)."""
    name = display_path(path)
    try:
        with time_limit(PAGE_SECONDS):
            return _read(Path(path), name, keys)
    except PageError:
        raise
    except TimeLimitExceeded as exc:
        message = f"lecture arrêtée après {exc.seconds:g} s : page trop complexe, à découper"
        raise PageError(PageProblem(name, 1, "too-slow", message)) from None
    except Exception as exc:  # a bug of ours must cost one page, never the batch
        logger.exception("reading %s", name)
        message = f"erreur inattendue à la lecture ({type(exc).__name__}) : à signaler"
        raise PageError(PageProblem(name, 1, "reader-error", message)) from None


def _read(path: Path, name: str, keys: KeyMap | None) -> PageData:
    if name != str(path):
        message = "nom de fichier qui n’est pas en UTF-8 : le renommer"
        raise PageError(PageProblem(name, 1, "file-name", message))
    data = _bytes_of(path, name)
    page = parse_bytes(data, path=name, slug=slug_from_path(path), keys=keys)
    if event_span(page)[0] is None:
        raise PageError(no_date(page, keys or {}))
    return page


def no_date(page: PageData, keys: KeyMap) -> PageProblem:
    """The one error of a page without a date: where a refused date was ("0001-01-01"), or
    which keys were looked for and which the page has (another site's names: --map)."""
    bad = next((w for w in page.warnings if w.code == "bad-date"), None)
    if bad:
        return PageProblem(page.path, bad.line, "no-date", f"{NO_DATE} ({bad.message})")
    looked = (*START_KEYS, "date")
    wanted = [*looked, *(theirs for theirs, ours in keys.items() if ours in looked)]
    seen = ", ".join(page.written_keys) or "aucune"
    message = (
        f"{NO_DATE} : aucune des clés {', '.join(wanted)} ; clés de la page : {seen} "
        "(une autre clé donne la date ? --map CLÉ=event_start_date ou --profile)"
    )
    return PageProblem(page.path, 1, "no-date", message)


def _bytes_of(path: Path, name: str) -> bytes:
    """The file's bytes, if it is a regular file of at most PAGE_BYTES."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = "un dossier" if stat.S_ISDIR(mode) else "un fichier spécial"
            raise PageError(PageProblem(name, 1, "not-a-file", f"{kind}, pas un fichier de page"))
        with path.open("rb") as handle:
            data = handle.read(PAGE_BYTES + 1)
    except FileNotFoundError:
        raise PageError(PageProblem(name, 1, "not-found", "fichier introuvable")) from None
    except OSError as error:
        message = f"fichier illisible : {error.strerror or error}"
        raise PageError(PageProblem(name, 1, "unreadable", message)) from None
    if len(data) > PAGE_BYTES:
        raise too_large(name)
    return data


def read_pages(
    paths: Iterable[Path | str],
    *,
    skipped: list[Skipped] | None = None,
    keys: KeyMap | None = None,
) -> tuple[list[PageData], list[PageProblem]]:
    """The pages of files and folders (see `lib.frontmatter.find_pages`), and the failures;
    the files passed over are added to `skipped` when given."""
    results = _in_chunks(read_chunk, paths, skipped, keys)
    pages = [page for chunk_pages, _ in results for page in chunk_pages]
    failures = [problem for _, chunk_failures in results for problem in chunk_failures]
    return pages, failures


def read_and_check(
    paths: Iterable[Path | str],
    *,
    skipped: list[Skipped] | None = None,
    keys: KeyMap | None = None,
) -> tuple[list[PageData], list[PageProblem], list[PageChecked]]:
    """`read_pages`, and each page's own checks (`checks.runner.check_one`) done where it was
    read: what `check_pages(pages, checked)` needs to compare the pages."""
    results = _in_chunks(check_chunk, paths, skipped, keys)
    pages = [page for chunk_pages, _, _ in results for page in chunk_pages]
    failures = [problem for _, chunk_failures, _ in results for problem in chunk_failures]
    checked = [done for _, _, chunk_checked in results for done in chunk_checked]
    return pages, failures, checked


CHUNK = 200  # pages a reading process reads at a time
READERS_MAX = 4


def _in_chunks(read: Callable, paths, skipped: list[Skipped] | None, keys: KeyMap | None) -> list:
    """read(files, keys) over the pages of `paths` a chunk at a time, in order: in a process
    per core (at most READERS_MAX) when there are several chunks and cores."""
    found = find_pages(paths)
    if skipped is not None:
        skipped += found.skipped
    chunks = [found.pages[i : i + CHUNK] for i in range(0, len(found.pages), CHUNK)]
    workers = min(READERS_MAX, os.cpu_count() or 1)
    with few_collections():
        if len(chunks) < 2 or workers < 2 or not _can_fork():
            return [read(chunk, keys) for chunk in chunks]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(read, chunks, [keys] * len(chunks)))


def read_chunk(
    paths: list[Path], keys: KeyMap | None = None
) -> tuple[list[PageData], list[PageProblem]]:
    """Pages read, and the failures, of some files: no database, so any process can do it."""
    pages: list[PageData] = []
    failures: list[PageProblem] = []
    for path in paths:
        try:
            pages.append(read_file(path, keys=keys))
        except PageError as error:
            failures.append(error.problem)
    return pages, failures


def check_chunk(
    paths: list[Path], keys: KeyMap | None = None
) -> tuple[list[PageData], list[PageProblem], list[PageChecked]]:
    """`read_chunk`, and each page's own checks. Sent back whole (one pickle), the pages and
    what their checks kept of them (`CheckContext.shared`) still point at the same objects."""
    pages, failures = read_chunk(paths, keys)
    return pages, failures, [check_one(page) for page in pages]


def _can_fork() -> bool:
    """Forking needs no open transaction (its database handle would be shared)."""
    from django.db import connection

    if connection.in_atomic_block or "fork" not in multiprocessing.get_all_start_methods():
        return False
    connection.close()
    return True


def check_paths(paths: Iterable[Path | str]) -> list[PageProblem]:
    """Read files and folders and run every check; unreadable pages are problems too. The
    comparisons too run with few collections: with every page in memory, each full collection
    walked them all (up to half of the comparisons' time at 10,000 pages)."""
    with few_collections():
        pages, failures, checked = read_and_check(paths)
        problems = [*failures, *check_pages(pages, checked)]
    return sorted(problems, key=lambda p: (p.path, p.line, p.column, p.code))
