"""Import pages into the database: one savepoint per page, so a broken page keeps nothing."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from agenda.checks import check_page
from agenda.events.models import Event, Programme
from agenda.events.services import Lookups, save_page

from .jekyll import read_page
from .pages import PageError, PageProblem

PAGE_SUFFIXES = (".markdown", ".md")
COMMIT_EVERY = 200  # pages per transaction: fast on SQLite, and a crash loses little


@dataclass
class ImportReport:
    imported: list[Event] = field(default_factory=list)
    sessions: int = 0
    failed: list[PageProblem] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)  # content checks, kept on events

    @property
    def ok(self) -> bool:
        return not self.failed


def page_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files as given, and folders walked recursively for .md / .markdown pages, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix in PAGE_SUFFIXES
            )
        else:
            yield path


def import_paths(
    paths: Iterable[Path | str],
    *,
    programme: Programme | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> ImportReport:
    report = ImportReport()
    files = list(page_files(paths))
    lookups = Lookups()
    for batch_start in range(0, len(files), COMMIT_EVERY):
        with transaction.atomic():
            for index, path in enumerate(files[batch_start : batch_start + COMMIT_EVERY]):
                if progress:
                    progress(batch_start + index + 1, len(files), path)
                _import_one(path, programme, report, lookups)
    return report


def _import_one(
    path: Path, programme: Programme | None, report: ImportReport, lookups: Lookups
) -> None:
    if not path.exists():
        report.failed.append(PageProblem(str(path), 1, "not-found", "fichier introuvable"))
        return
    try:
        page = read_page(path)
        problems = check_page(page)  # reported, and stored with the event: they never block it
        with transaction.atomic():  # a savepoint: a failing page leaves nothing behind
            event = save_page(page=page, programme=programme, problems=problems, lookups=lookups)
    except PageError as exc:
        report.failed.append(exc.problem)
        return
    except ValueError:
        lookups.clear()  # rows it created were rolled back with it
        message = "aucune date d’événement ni de publication"
        report.failed.append(PageProblem(str(path), 1, "no-date", message))
        return
    report.imported.append(event)
    report.sessions += len(page.sessions) or 1  # a page without programme is one occurrence
    report.problems.extend(problems)
