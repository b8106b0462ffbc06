"""Import pages into the database, a batch per transaction.

A page that cannot be read or saved keeps nothing (its own savepoint) and the others go on.
New events of a batch are inserted together (`events.importing`); pages whose event exists
already are updated one by one by `save_page`, which keeps session identities.
"""

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from django.db import DatabaseError, connection, connections, transaction

from agenda.checks import check_page
from agenda.events.caching import forget_pages
from agenda.events.importing import create_events, new_pages
from agenda.events.models import Event, Programme
from agenda.events.services import Lookups, event_span, save_page
from agenda.lib.frontmatter import Skipped, find_pages
from agenda.lib.pages import PageData, PageError, PageProblem

from .reading import read_file

COMMIT_EVERY = 200  # pages per transaction: fast on SQLite, and a crash loses little
NO_DATE = "aucune date d’événement ni de publication"


@dataclass
class ImportReport:
    imported: list[Event] = field(default_factory=list)
    sessions: int = 0
    failed: list[PageProblem] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)  # content checks, kept on events
    skipped: list[Skipped] = field(default_factory=list)  # files of the folders that are no pages

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class ReadPage:
    page: PageData
    problems: list[PageProblem]


def import_paths(
    paths: Iterable[Path | str],
    *,
    programme: Programme | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> ImportReport:
    found = find_pages(paths)
    report = ImportReport(skipped=found.skipped)
    files = found.pages
    lookups = Lookups()
    done = 0
    for chunk, batch, failed in _read_batches(files):
        for path in chunk:
            done += 1
            if progress:
                progress(done, len(files), path)
        report.failed += failed
        with transaction.atomic():
            _save(batch, programme or lookups.default_programme(), report, lookups)
    forget_pages()  # bulk inserts send no signal: drop cached pages ourselves
    return report


def _read_batches(files: list[Path]) -> Iterator[tuple[list[Path], list, list]]:
    """(files, pages read and checked, failures) a batch at a time. With several batches and
    cores, a second process reads and checks the next batches while this one writes."""
    chunks = [files[i : i + COMMIT_EVERY] for i in range(0, len(files), COMMIT_EVERY)]
    # Forking needs this process's connection closed: not possible inside a transaction.
    if len(chunks) < 2 or (os.cpu_count() or 1) < 2 or connection.in_atomic_block:
        for chunk in chunks:
            yield chunk, *read_batch(chunk)
        return
    connections.close_all()  # a forked child must not share this process's database handle
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append((chunk, pool.submit(read_batch, chunk)))
            if len(pending) > 2:  # keep memory bounded: at most two batches ahead
                done_chunk, future = pending.popleft()
                yield done_chunk, *future.result()
        while pending:
            done_chunk, future = pending.popleft()
            yield done_chunk, *future.result()


def read_batch(paths: list[Path]) -> tuple[list["ReadPage"], list[PageProblem]]:
    """Read and check pages: no database, so it can run in another process."""
    report = ImportReport()
    pages = [item for path in paths for item in _read(path, report)]
    return pages, report.failed


def _read(path: Path, report: ImportReport) -> list[ReadPage]:
    try:
        page = read_file(path)
    except PageError as exc:
        report.failed.append(exc.problem)
        return []
    if event_span(page)[0] is None:
        report.failed.append(PageProblem(str(path), 1, "no-date", NO_DATE))
        return []
    # Checks are reported and stored with the event: they never block an import.
    return [ReadPage(page, check_page(page))]


def _save(batch: list[ReadPage], programme: Programme, report: ImportReport, lookups: Lookups):
    fresh = {id(page) for page in new_pages([item.page for item in batch], programme=programme)}
    created = _create_new([item for item in batch if id(item.page) in fresh], programme, lookups)
    for item in batch:
        event = created.get(id(item.page)) or _save_one(item, programme, report, lookups)
        if event is not None:
            report.imported.append(event)
            report.sessions += len(item.page.sessions) or 1  # no programme: one occurrence
            report.problems += item.problems


def _create_new(items: list[ReadPage], programme: Programme, lookups: Lookups) -> dict:
    """New events in one go; on any database error, nothing: they go one by one instead."""
    if not items:
        return {}
    try:
        with transaction.atomic():
            pages, problems = [i.page for i in items], [i.problems for i in items]
            events = create_events(
                pages=pages, problems=problems, programme=programme, lookups=lookups
            )
    except DatabaseError:
        lookups.clear()  # rows it created were rolled back with it
        return {}
    return {id(page): event for page, event in zip(pages, events, strict=True)}


def _save_one(
    item: ReadPage, programme: Programme, report: ImportReport, lookups: Lookups
) -> Event | None:
    try:
        with transaction.atomic():  # a savepoint: a failing page leaves nothing behind
            return save_page(
                page=item.page, programme=programme, problems=item.problems, lookups=lookups
            )
    except (ValueError, DatabaseError) as exc:
        lookups.clear()
        message = NO_DATE if isinstance(exc, ValueError) else f"enregistrement impossible : {exc}"
        report.failed.append(PageProblem(item.page.path, 1, "not-saved", message))
        return None
