"""The public site as files: what an anonymous visitor gets at every URL reachable by plain
links, written into a folder nginx serves (`agenda publish --out DIR`, docs/deploy.md).

Every URL comes from the output registry (`agenda/feeds/registry.py`): its pages, feeds and
open data, rendered as the dynamic site renders them. A URL with a query string (filters, a
search) and the API stay dynamic: nginx sends them to gunicorn. Assets are the collected static
files, under `static/`.

Each file is written to a temporary file beside it, compared with the file in place and renamed
over it only when its bytes differ: a visitor never reads half a file, and an unchanged file
keeps its inode, mtime and ETag. The folder's `.publication/` holds what the next runs need:
the files each event has (to remove them when it leaves the site), the fingerprint of templates
and static files (a change re-publishes everything), the time of the last run.
"""

from __future__ import annotations

import hashlib
import json
import operator
import os
import time
from collections.abc import Iterator
from pathlib import Path, PurePath

from django.conf import settings
from django.db.models import Count
from django.template import engines

from agenda.events import queries
from agenda.events.models import Event
from agenda.feeds import fragments
from agenda.feeds.registry import REGISTRY, Document, Feed, Page, one_batch
from agenda.lib.gcbatch import few_collections

from .layout import layout_kept
from .publishing_assets import ASSETS, PublishError, asset_sources, publish_assets
from .publishing_files import (
    STATE,
    Report,
    file_for,
    remove_file,
    render_path,
    write_document,
    write_file,
)
from .publishing_jobs import Task, run_tasks, shares

LOAD_BY = 200  # events loaded together with their page data by a full publication
DYNAMIC_OUTPUTS = ("api:",)  # served by gunicorn: their lists page with query strings


def publishable(output: Feed | Page, path: str) -> bool:
    return not output.name.startswith(DYNAMIC_OUTPUTS) and file_for(path) is not None


def prepare(out: Path) -> Path:
    """The folder, created if needed; refused when it holds other things than a publication
    (a full publication removes every file it did not write)."""
    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE
    if not state.is_dir():
        if any(out.iterdir()):
            raise PublishError(f"{out}: ni vide ni une publication (pas de {STATE}/)")
        (state / "events").mkdir(parents=True)
        (state / "queue").mkdir()
    return out


# --- one event's own files ---------------------------------------------------------------------


def event_outputs() -> list[Feed | Page]:
    return [o for o in REGISTRY if o.per_event and not o.name.startswith(DYNAMIC_OUTPUTS)]


def publish_event(*, out: Path, event_id: int) -> Report:
    """Rewrite the files that show only this event (its page, its ICS, its sessions'…), or
    remove them when it is no longer public. Fast: run after the commit that changed it."""
    return publish_events(out=out, event_ids=[event_id])


def publish_events(*, out: Path, event_ids: list[int]) -> Report:
    """`publish_event` for each of these events, their documents made together: the events
    loaded with their page data in a few queries, each output's documents of them all made by
    its batch (one read of their sessions' VEVENTs for every calendar)."""
    return events_and_files(out, event_ids)[0]


def events_and_files(out: Path, event_ids: list[int]) -> tuple[Report, set[str]]:
    """`publish_events`, and the files these events have now."""
    report, files = Report(), set()
    ready = preloaded(event_ids)
    with queries.one_load_per_event(ready), one_batch(), layout_kept():
        made = event_documents(list(ready.values()))
        for event_id in event_ids:
            documents = made.get(event_id)
            if documents is None:  # not public, or a slug two public events share
                documents = list(documents_one_by_one(event_id))
            written, names = write_event_files(out, event_id, documents)
            report.add(written)
            files |= names
    return report, files


Made = list[tuple[Feed | Page, str, Document | None]]


def event_documents(events: list[Event]) -> dict[int, Made]:
    made: dict[int, Made] = {event.pk: [] for event in events}
    for output in event_outputs() if events else []:
        for event, path, document in output.documents(events):
            made[event.pk].append((output, path, document))
    return made


def documents_one_by_one(event_id: int) -> Iterator[tuple[Feed | Page, str, Document | None]]:
    event = Event.objects.public().filter(pk=event_id).first()
    for output in event_outputs() if event is not None else []:
        for path in output.paths(event=event):
            if publishable(output, path):
                yield output, path, output.render(path)


def write_event_files(out: Path, event_id: int, documents: Made) -> tuple[Report, set[str]]:
    """Write the event's documents, remove the files it had and no longer has, keep the list
    (returned with the report)."""
    report = Report()
    index = out / STATE / "events" / f"{event_id}.json"
    before = set(json.loads(index.read_text())) if index.is_file() else set()
    now = set()
    for output, path, document in documents:
        if publishable(output, path) and (name := write_document(out, path, document, report)):
            now.add(name)
    for relative in sorted(before - now):
        remove_file(out, relative, report)
    if now:
        write_file(index, [json.dumps(sorted(now)).encode()])
    elif index.is_file():
        index.unlink()
    return report, now


# --- lists, feeds and the rest ----------------------------------------------------------------


def publish_lists(*, out: Path, jobs: int = 1) -> tuple[Report, set[str]]:
    """Every output that is not one event's: lists, aggregate feeds, open data, static pages."""
    report, files = Report(), set()
    for done, written in run_tasks(list_tasks(out, jobs), jobs=jobs):
        report.add(done)
        files |= written
    return report, files


def list_tasks(out: Path, jobs: int) -> list[Task]:
    paths = [
        (output.name, path)
        for output in REGISTRY
        if not output.per_event and not output.name.startswith(DYNAMIC_OUTPUTS)
        for path in output.paths()
        if publishable(output, path)
    ]
    version = validators_version()
    return [(publish_paths, (out, share, version)) for share in shares(paths, 2 * jobs)]


def publish_paths(
    out: Path, paths: list[tuple[str, str]], version: str = ""
) -> tuple[Report, set[str]]:
    """Write the documents at these paths ((output name, path) pairs): its part of the lists.
    `version`: see `render_path` (empty: every document rendered)."""
    report, files = Report(), set()
    # The home list's 100 pages: one ordered query; the layout's parts rendered once.
    with few_collections(), queries.one_order_per_list(), layout_kept():
        for name, path in paths:
            output = REGISTRY.outputs[name]
            if relative := render_path(out, output, path, report, version=version):
                files.add(relative)
    return report, files


def publish_chunk(out: Path, event_ids: list[int]) -> tuple[Report, set[str]]:
    """One task of a full publication: these events' files (returned, and listed in their
    indexes), and their feed fragments that the lists read (fragments.refresh_for_events). With
    few collections (lib.gcbatch): the batch's model instances, loaded by the hundred and kept
    until its end, were walked again and again by the cyclic collector (a quarter of its CPU)."""
    with few_collections():
        fragments.refresh_for_events(event_ids)
        return events_and_files(out, event_ids)


def publish_assets_task(out: Path, sources: dict[str, Path]) -> tuple[Report, set[str]]:
    """The assets as one task of a full publication, beside the pages' (their files are not
    strays: `remove_strays` leaves their folder alone)."""
    return publish_assets(out=out, sources=sources), set()


def publish_all(*, out: Path, assets: bool = True, jobs: int = 1) -> Report:
    """Everything: every event's files, the lists, the assets (unless told not to: they are
    served from elsewhere); files of nothing any more are removed. Only the files whose bytes
    change are rewritten. The pages are rendered in `jobs` processes."""
    prepare(out)
    report = Report(full=True)
    public = list(Event.objects.public().order_by("pk").values_list("pk", flat=True))
    indexes = (out / STATE / "events").glob("*.json")
    known = set(public)
    gone = [pk for pk in (int(i.stem) for i in indexes if i.stem.isdecimal()) if pk not in known]
    tasks: list[Task] = [
        (publish_chunk, (out, public[start : start + LOAD_BY]))
        for start in range(0, len(public), LOAD_BY)
    ]
    sources = asset_sources()  # read once: the fingerprint and the assets' task
    if assets:
        tasks.append((publish_assets_task, (out, sources)))
    files: set[str] = set()  # every file of this publication: the others are strays
    for done, written in run_tasks(tasks + list_tasks(out, jobs), jobs=jobs):
        report.add(done)
        files |= written
    report.add(publish_events(out=out, event_ids=gone))
    report.removed += remove_strays(out, keep=files)
    save_state(out, fingerprint=fingerprint(sources))
    return report


def preloaded(event_ids: list[int]) -> dict[str, Event]:
    """These events with their page data, by slug, loaded in a few queries for them all (a
    slug two public events share is left to `event_for_page`, which knows which one shows)."""
    events = list(queries.with_page_data(Event.objects.public().filter(pk__in=event_ids)))
    slugs = [event.slug for event in events]
    shared = set(
        Event.objects.public()
        .filter(slug__in=slugs)
        .values("slug")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("slug", flat=True)
    )
    return {event.slug: event for event in events if event.slug not in shared}


def remove_strays(out: Path, *, keep: set[str]) -> list[str]:
    """Files the publication no longer has (an event page of a deleted event, a page number
    beyond the last): removed, with the folders they leave empty. The state and the assets
    are not walked (~7,500 files at 4,000 events); a folder's emptiness is counted, not
    listed again (one folder per event page)."""
    removed: list[str] = []
    left: dict[str, int] = {}  # folder → entries it still holds
    walked: list[str] = []
    for folder, dirs, names in os.walk(out):
        if folder == str(out):
            dirs[:] = [d for d in dirs if d not in (STATE, ASSETS)]
        relative_folder = os.path.relpath(folder, out)
        kept = len(dirs)
        for name in names:
            relative = name if relative_folder == "." else f"{relative_folder}/{name}"
            if relative in keep or name.endswith(".tmp"):
                kept += 1
            else:
                os.unlink(os.path.join(folder, name))
                removed.append(relative)
        left[folder] = kept
        walked.append(folder)
    for folder in reversed(walked):  # children before their parent
        if folder != str(out) and left[folder] == 0:
            os.rmdir(folder)
            left[os.path.dirname(folder)] -= 1
    return removed


# --- state -------------------------------------------------------------------------------------


def fingerprint(sources: dict[str, Path] | None = None) -> str:
    """What every page depends on besides the data: templates, static files, the site's
    address. When it changes, everything is published again. Collected static files are
    read from their manifest (a file whose bytes change gets a new hashed name in it: one
    file read instead of 3,500 stat calls); otherwise each file's size and time (`sources`:
    `asset_sources()` when the caller has them)."""
    digest = hashlib.sha256(f"{settings.SITE_URL}|{settings.STATIC_URL}".encode())
    folders = [Path(d) for backend in engines.all() for d in backend.template_dirs]
    files = sorted(f for folder in folders if folder.is_dir() for f in folder.rglob("*.html"))
    manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
    if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"] and manifest.is_file():
        digest.update(manifest.read_bytes())
    else:
        files += sorted((asset_sources() if sources is None else sources).values())
    for path in files:
        info = path.stat()
        digest.update(f"{path}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def validators_version() -> str:
    """What a feed's validator (its ETag) does not hold and its bytes depend on: the code that
    writes it, the templates and static files (`fingerprint`), the settings of plain values."""
    digest = hashlib.sha256(fingerprint().encode())
    for path in sorted(Path(__file__).resolve().parents[1].rglob("*.py")):  # the package
        info = path.stat()
        digest.update(f"{path}|{info.st_size}|{info.st_mtime_ns}\n".encode())
    for name in sorted(name for name in dir(settings) if name.isupper()):
        value = operator.attrgetter(name)(settings)  # every declared setting, none defaulted
        items = value if isinstance(value, list | tuple) else [value]
        if all(isinstance(item, str | int | float | PurePath | None) for item in items):
            digest.update(f"{name}={value!r}\n".encode())
    return digest.hexdigest()


def load_state(out: Path) -> dict:
    path = out / STATE / "state.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def save_state(out: Path, **changes) -> None:
    state = load_state(out) | changes | {"last_run": time.time()}
    write_file(out / STATE / "state.json", [json.dumps(state).encode()])
