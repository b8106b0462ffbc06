"""A publication's work shared between processes (`agenda publish --jobs N`): page rendering is
pure Python, so threads would take turns; forked processes use every core.

Each task is a module-level function and its arguments (pickled by name); its result comes back
to the calling process. The database connections are closed before the fork, so each process
opens its own — except an in-memory SQLite database (the tests'), which lives in this process's
memory: the children read the copy `fork` gave them. Called inside a transaction (on a server
database), the work stays in this process: the others could not see its uncommitted rows.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connections

Task = tuple[Callable[..., Any], tuple]


def run_tasks(tasks: Iterable[Task], *, jobs: int) -> Iterator[Any]:
    """The result of each task (in no particular order), in `jobs` processes; in this one when
    `jobs` is 1."""
    tasks = list(tasks)
    if jobs <= 1 or len(tasks) <= 1 or _inside_a_transaction():
        yield from (function(*arguments) for function, arguments in tasks)
        return
    close_shared_connections()
    context = multiprocessing.get_context("fork")
    # What this process holds (Django, templates, modules: ~10^6 objects) frozen before the
    # fork: the children's collections skip it instead of walking it again and again (and
    # writing its pages, shared until then). 1.8 → 1.0 s CPU of collections a process for a
    # publication of 4,000 events. Unfrozen after: this process collects it as before.
    gc.collect()
    gc.freeze()
    try:
        with context.Pool(min(jobs, len(tasks))) as pool:
            yield from pool.imap_unordered(_run, tasks)
    finally:
        gc.unfreeze()


def _inside_a_transaction() -> bool:
    """Rows written in an open transaction are seen by this connection only: processes with
    their own connection would miss them (and closing it would end the transaction)."""
    return any(
        connection.in_atomic_block and not _in_memory(connection)
        for connection in connections.all(initialized_only=True)
    )


def _in_memory(connection) -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def _run(task: Task) -> Any:
    function, arguments = task
    return function(*arguments)


def close_shared_connections() -> None:
    for connection in connections.all(initialized_only=True):
        if not _in_memory(connection):
            connection.close()


def shares(items: list, parts: int) -> list[list]:
    """`items` dealt into `parts` lists of about the same length (every parts-th item each: a
    run of costly items is shared)."""
    return [items[start::parts] for start in range(parts) if items[start::parts]]
