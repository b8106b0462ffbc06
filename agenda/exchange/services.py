"""Import pages into the database, a batch per transaction.

A page that cannot be read or saved keeps nothing (its own savepoint) and the others go on.
New events of a batch are inserted together (`events.importing`); pages whose event exists
already are updated one by one by `save_page`, which keeps session identities.
"""

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path, PurePath

from django.db import DatabaseError, connection, connections, transaction

from agenda.checks import check_page
from agenda.events.bodies import page_html
from agenda.events.caching import forget_pages
from agenda.events.importing import create_events, new_pages
from agenda.events.lookups import Lookups
from agenda.events.models import Event, Programme
from agenda.events.services import page_status, save_page
from agenda.lib.frontmatter import PageFiles, Skipped, find_pages
from agenda.lib.gcbatch import few_collections
from agenda.lib.markup import prerendered
from agenda.lib.pages import PageData, PageError, PageProblem

from .conflicts import Claims
from .crosscheck import cross_keys, import_cross_problems
from .keymaps import KeyMap
from .reading import NO_DATE, read_file
from .site_images import place_images

logger = logging.getLogger(__name__)
COMMIT_EVERY = 200  # pages per transaction: fast on SQLite, and a crash loses little
READERS_MAX = 4  # reading processes at most


@dataclass
class ImportReport:
    imported: list[Event] = field(default_factory=list)
    sessions: int = 0
    failed: list[PageProblem] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)  # content checks, kept on events
    skipped: list[Skipped] = field(default_factory=list)  # files of the folders that are no pages
    conflicts: list[PageProblem] = field(default_factory=list)  # moderation's decisions kept
    keys: dict[str, frozenset[str]] = field(default_factory=dict)  # cross-page keys by path

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass
class ReadPage:
    page: PageData
    problems: list[PageProblem]
    keys: frozenset[str] = frozenset()  # what cross-page checks compare (crosscheck.cross_keys)
    rendered: dict[str, str] = field(default_factory=dict)  # its markdown texts' HTML


def import_paths(
    paths: Iterable[Path | str],
    *,
    programme: Programme | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    site: Path | str | None = None,
    keys: KeyMap | None = None,
) -> ImportReport:
    """Import page files and folders; `site`: the Jekyll site root the pages' images are read
    from (`exchange.site_images`); `keys`: another site's front-matter keys (`exchange.keymaps`)."""
    with few_collections():
        return _import(find_pages(paths), programme, progress, site, keys)


def _import(
    found: PageFiles,
    programme: Programme | None,
    progress: Callable[[int, int, Path], None] | None,
    site: Path | str | None,
    keys: KeyMap | None,
) -> ImportReport:
    report = ImportReport(skipped=found.skipped)
    files = found.pages
    lookups = Lookups()
    claims = Claims()
    # Pages of the cross-page pass kept at hand (images placed with --site change the pages:
    # they are read again then).
    kept = KeptPages() if site is None else None
    done = 0
    for chunk, batch, failed in _read_batches(files, Path(site) if site else None, keys):
        for path in chunk:
            done += 1
            if progress:
                progress(done, len(files), path)
        report.failed += failed
        target = programme or lookups.default_programme()
        conflicts = claims.take([item.page for item in batch], programme=target)
        report.failed += conflicts
        refused = {problem.path for problem in conflicts}
        batch = [item for item in batch if item.page.path not in refused]
        rendered = {text: html for item in batch for text, html in item.rendered.items()}
        with transaction.atomic(), prerendered(rendered):
            _save(batch, target, report, lookups)
        if kept is not None:
            kept.add([(item.page, item.keys) for item in batch if item.page.path in report.keys])
    target = programme or lookups.default_programme()
    _check_across(report, programme=target, keys=keys, kept=kept)
    forget_pages()  # bulk inserts send no signal: drop cached pages ourselves
    return report


def _read_batches(
    files: list[Path], site: Path | None, keys: KeyMap | None
) -> Iterator[tuple[list[Path], list, list]]:
    """(files, pages read and checked, failures) a batch at a time, in order. With several
    batches and cores, other processes read and check the next batches while this one writes."""
    chunks = [files[i : i + COMMIT_EVERY] for i in range(0, len(files), COMMIT_EVERY)]
    # Forking needs this process's connection closed: not possible inside a transaction.
    if len(chunks) < 2 or (os.cpu_count() or 1) < 2 or connection.in_atomic_block:
        for chunk in chunks:
            yield chunk, *read_batch(chunk, site, keys)
        return
    connections.close_all()  # a forked child must not share this process's database handle
    # Reading (parse, extract, check, render) costs about twice what writing does: one reading
    # process per core, and this one writes (it mostly waits for the database).
    workers = min(READERS_MAX, os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append((chunk, pool.submit(read_batch, chunk, site, keys)))
            if len(pending) > 2 * workers:  # memory bounded: two batches ahead per reader
                done_chunk, future = pending.popleft()
                yield done_chunk, *future.result()
        while pending:
            done_chunk, future = pending.popleft()
            yield done_chunk, *future.result()


def read_batch(
    paths: list[Path], site: Path | None = None, keys: KeyMap | None = None
) -> tuple[list["ReadPage"], list[PageProblem]]:
    """Read and check pages, store their images: no database, so it can run in another
    process."""
    report = ImportReport()
    pages = [item for path in paths for item in _read(path, report, site, keys)]
    return pages, report.failed


def _read(
    path: Path, report: ImportReport, site: Path | None, keys: KeyMap | None
) -> list[ReadPage]:
    try:
        page = read_file(path, keys=keys)
    except PageError as exc:
        report.failed.append(exc.problem)
        return []
    # Checks are reported and stored with the event: they never block an import.
    images = place_images(page, site=site)
    # Rendered here, once: in the reading process when there are two (`markup.prerendered`).
    rendered = page_html(page)
    return [ReadPage(page, [*images, *check_page(page)], cross_keys(page), rendered)]


def _save(batch: list[ReadPage], programme: Programme, report: ImportReport, lookups: Lookups):
    fresh = {id(page) for page in new_pages([item.page for item in batch], programme=programme)}
    created = _create_new([item for item in batch if id(item.page) in fresh], programme, lookups)
    for item in batch:
        event = created.get(id(item.page)) or _save_one(item, programme, report, lookups)
        if event is not None:
            report.imported.append(event)
            report.sessions += len(item.page.sessions) or 1  # no programme: one occurrence
            report.problems += item.problems
            report.conflicts += _status_conflict(item.page, event)
            report.keys[item.page.path] = item.keys


class KeptPages:
    """The pages the cross-page pass will compare, kept when they come by instead of read again
    at the end: a page sharing a key (`cross_keys`) with a page met before it, and that page when
    it came in the last two batches (pages sorted by file name, dated, come near the pages of
    the same days). Only those are held: memory stays bounded by the clashes."""

    def __init__(self) -> None:
        self._first_with: dict[str, str] = {}  # key -> the path of the first page that had it
        self._recent: deque[dict[str, PageData]] = deque(maxlen=2)
        self._held: dict[str, PageData] = {}

    def add(self, pages: list[tuple[PageData, frozenset[str]]]) -> None:
        current: dict[str, PageData] = {}
        self._recent.append(current)
        for page, keys in pages:
            current[page.path] = page
            for key in keys:
                first = self._first_with.setdefault(key, page.path)
                if first == page.path:
                    continue
                self._held[page.path] = page
                earlier = next((seen[first] for seen in self._recent if first in seen), None)
                if earlier is not None:
                    self._held.setdefault(first, earlier)

    def get(self, path: str) -> PageData | None:
        return self._held.get(path)


def _check_across(
    report: ImportReport,
    *,
    programme: Programme,
    keys: KeyMap | None,
    kept: KeptPages | None = None,
) -> None:
    """Cross-page problems (duplicate event, reused link) among the imported pages and with the
    stored events: reported, and added to the events' stored problems."""
    events = {event.source_path: event for event in report.imported}
    found = import_cross_problems(
        report.keys,
        read=lambda path: (kept and kept.get(path)) or _read_again(path, keys),
        programme=programme,
        exclude_names={PurePath(path).name for path in report.keys},
    )
    by_path: dict[str, list[PageProblem]] = {}
    for problem in found:
        by_path.setdefault(problem.path, []).append(problem)
    for path, problems in by_path.items():
        event = events.get(path)
        if event is None:
            continue
        known = {(p["line"], p["column"], p["code"], p["message"]) for p in event.problems}
        new = [p for p in problems if (p.line, p.column, p.code, p.message) not in known]
        if new:
            event.problems = [*event.problems, *(vars(p) for p in new)]
            Event.objects.filter(pk=event.pk).update(problems=event.problems)
            report.problems += new


def _read_again(path: str, keys: KeyMap | None) -> PageData | None:
    try:
        return read_file(path, keys=keys)
    except PageError:
        return None


def _status_conflict(page: PageData, event: Event) -> list[PageProblem]:
    """A moderator's decision the page contradicts: kept (`imported_status`), and said."""
    wanted = page_status(page)
    if event.status == wanted:
        return []
    message = (
        f"l’événement est « {event.get_status_display()} » par décision de la modération : "
        f"l’import garde ce statut (la page le voudrait « {Event.Status(wanted).label} »)"
    )
    line = page.key_lines.get("published", 1)
    return [
        PageProblem(page.path, line, "moderation-conflict", message, "warning", field="published")
    ]


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
    except Exception:  # noqa: BLE001 (any failure: the pages go one by one, each in isolation)
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
    except Exception as exc:  # one page that cannot be saved must not cost the batch
        lookups.clear()
        if not isinstance(exc, ValueError | DatabaseError):
            logger.exception("saving %s", item.page.path)
        message = NO_DATE if str(exc) == "no date" else f"enregistrement impossible : {exc}"
        report.failed.append(PageProblem(item.page.path, 1, "not-saved", message))
        return None
