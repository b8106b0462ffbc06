"""When the published files are rewritten (docs/deploy.md, "Published files").

After a change is committed (`pages_changed`, sent by agenda/events/caching.py), the changed
events' own files are rewritten at once in the process that made the change (a few files:
fast), and the event is queued for a coalesced `agenda publish --changed`, spawned in the
background: lists, aggregate feeds and open data are rewritten there, at most once per
PUBLISH_COALESCE_SECONDS, never inside the request. Cron runs the same command (each minute):
it also picks up sessions that became past, and a change of templates or static files
(everything is published again then). Runs are idempotent and take a lock: one at a time.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from agenda.events.models import Session

from .publishing import (
    STATE,
    Report,
    fingerprint,
    load_state,
    prepare,
    publish_all,
    publish_event,
    publish_lists,
    save_state,
)

log = logging.getLogger(__name__)

ANY = "tout"  # queued when any page may have changed (a bulk import)


def queue_folder(out: Path) -> Path:
    return out / STATE / "queue"


def enqueue(out: Path, event_ids: frozenset[int] | None) -> None:
    folder = queue_folder(out)
    folder.mkdir(parents=True, exist_ok=True)
    for name in [ANY] if event_ids is None else [str(pk) for pk in event_ids]:
        (folder / name).touch()


def take_queue(out: Path) -> set[str]:
    """The queued names, removed from the queue (a name queued meanwhile stays for the next
    run)."""
    taken = set()
    for entry in queue_folder(out).iterdir() if queue_folder(out).is_dir() else []:
        entry.unlink(missing_ok=True)
        taken.add(entry.name)
    return taken


@contextmanager
def run_lock(out: Path, *, wait: bool) -> Iterator[bool]:
    """One run at a time per folder: True when this process holds the lock."""
    with open(out / STATE / "lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def publish_changed(*, out: Path, queued: set[str], now: dt.datetime | None = None) -> Report:
    """One coalesced run: everything when templates or static files changed (or when asked:
    ANY); otherwise the queued events' files again, those of events whose sessions started or
    ended since the last run (a day later, to be sure of the Paris day), and the lists."""
    state = load_state(out)
    if ANY in queued or state.get("fingerprint") != fingerprint():
        return publish_all(out=out)
    now = now or timezone.now()
    since = dt.datetime.fromtimestamp(state.get("last_run", 0), tz=dt.UTC) - dt.timedelta(days=1)
    crossed = Q(starts_at__gt=since, starts_at__lte=now) | Q(ends_at__gt=since, ends_at__lte=now)
    rolled = Session.objects.filter(crossed).values_list("event_id", flat=True).distinct()
    report = Report()
    for event_id in sorted({int(name) for name in queued if name.isdecimal()} | set(rolled)):
        report.add(publish_event(out=out, event_id=event_id))
    lists, _files = publish_lists(out=out)
    report.add(lists)
    save_state(out)
    return report


def run_changed(
    *,
    out: Path,
    coalesce: float | None = None,
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> Report | None:
    """`agenda publish --changed`: waits until `coalesce` seconds after the last run, publishes
    what changed, and again while changes keep being queued. None when another run holds the
    folder (it will see what is queued)."""
    prepare(out)
    coalesce = settings.PUBLISH_COALESCE_SECONDS if coalesce is None else coalesce
    report, ran = Report(), False
    while True:
        with run_lock(out, wait=False) as held:
            if not held:
                return report if ran else None
            while True:
                delay = load_state(out).get("last_run", 0) + coalesce - clock()
                if delay > 0:
                    sleep(delay)
                report.add(publish_changed(out=out, queued=take_queue(out)))
                ran = True
                if not any(queue_folder(out).iterdir()):
                    break
        # Queued between the last check and the unlock: nobody else saw the lock free.
        if not any(queue_folder(out).iterdir()):
            return report


def spawn_changed(out: Path) -> None:
    """`agenda publish --changed --out DIR` in the background, detached from this process."""
    command = [sys.executable, "-m", "agenda", "publish", "--changed", "--out", str(out)]
    subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=os.environ.copy(),
    )


def after_commit(*, event_ids: frozenset[int] | None, **kwargs) -> None:
    """`pages_changed` receiver: the events' own files now, the rest in the background. A
    failure is logged, never the change's: cron's run catches up."""
    if not settings.PUBLISH_DIR:
        return
    out = Path(settings.PUBLISH_DIR)
    try:
        if not (out / STATE).is_dir():
            return  # never published: `agenda publish --out` first
        for event_id in sorted(event_ids or ()):
            publish_event(out=out, event_id=event_id)
        enqueue(out, event_ids)
        with run_lock(out, wait=False) as free:
            pass
        if free:
            spawn_changed(out)
    except Exception:
        log.exception("publication de %s après un changement", out)
