"""A large import reads pages in other processes while this one writes (`exchange.services`):
the same rows as an import read in this one process, and the search entries it writes with the
new events are those a rebuild of the index writes."""

import sys
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from agenda.events import search
from agenda.events.models import Event, SearchEntry
from agenda.exchange import services
from agenda.exchange.services import import_paths
from agenda.lib.searchtext import index_text

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:  # bench/ is not an installed package: import it from the checkout
    sys.path.insert(0, ROOT)

from bench.generate import make_page  # noqa: E402

PAGES = 36


def write_generated(folder: Path, count: int = PAGES) -> None:
    for index in range(count):
        page = make_page(index)
        (folder / page.filename).write_text(page.text, encoding="utf-8")


def _kept(field: models.Field) -> bool:
    """Columns two imports of the same pages must agree on (not clocks, not random UIDs)."""
    return not (
        getattr(field, "auto_now", False)
        or getattr(field, "auto_now_add", False)
        or isinstance(field, models.UUIDField)
    )


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the events' app, ids counted from the first row of their table, so that
    two imports into tables that already held rows compare (both insert in the same order)."""
    tables = [m for m in apps.get_app_config("events").get_models(include_auto_created=True)]
    first = {m: m.objects.order_by("pk").values_list("pk", flat=True).first() or 0 for m in tables}
    result = {}
    for model in tables:
        fields = [f for f in model._meta.concrete_fields if _kept(f)]
        rows = []
        for values in model.objects.order_by("pk").values_list(*(f.attname for f in fields)):
            row = []
            for field, value in zip(fields, values, strict=True):
                target = (
                    field.related_model
                    if field.is_relation
                    else model
                    if field.primary_key
                    else None
                )
                row.append(
                    value - first[target] if target in first and value is not None else value
                )
            rows.append(tuple(row))
        result[model.__name__] = rows
    return result


def _wipe() -> None:
    Event.objects.all().delete()  # with its sessions, images, info fields, entries, links
    for model in apps.get_app_config("events").get_models():
        if model.__name__ != "Programme":
            model.objects.all().delete()  # places, labels, organisations


@pytest.mark.django_db(transaction=True)  # forking needs no open transaction
def test_an_import_read_by_other_processes_writes_the_rows_of_one_read_here(tmp_path, monkeypatch):
    write_generated(tmp_path)
    monkeypatch.setattr(services, "COMMIT_EVERY", 10)  # 4 batches

    monkeypatch.setattr(services.os, "cpu_count", lambda: 1)  # read in this process
    serial = import_paths([tmp_path])
    search.refresh_stale()
    in_one_process = snapshot()
    _wipe()

    forked = []
    monkeypatch.setattr(services.os, "cpu_count", lambda: 2)
    real_pool = services.ProcessPoolExecutor
    monkeypatch.setattr(
        services, "ProcessPoolExecutor", lambda **kw: forked.append(kw) or real_pool(**kw)
    )
    pooled = import_paths([tmp_path])
    search.refresh_stale()

    assert forked == [{"max_workers": 2, "mp_context": forked[0]["mp_context"]}]
    assert len(pooled.imported) == len(serial.imported) == PAGES and not pooled.failed
    assert [vars(p) for p in pooled.problems] == [vars(p) for p in serial.problems]
    assert snapshot() == in_one_process
    assert len(in_one_process["Session"]) >= PAGES and in_one_process["SearchEntry"]


def test_the_search_entries_of_a_bulk_import_are_those_a_rebuild_writes(db, tmp_path):
    write_generated(tmp_path, 12)
    import_paths([tmp_path])
    written = dict(SearchEntry.objects.values_list("event_id", "text"))

    rebuilt = search.event_texts(Event.objects.all())

    assert len(written) == 12 and written == rebuilt
    # The entries hold the sessions' formats, the categories, the tags and the places.
    event = Event.objects.exclude(place=None).first()
    session = event.sessions.exclude(formats=None).first()
    names = [
        event.place.city,
        *event.categories.values_list("name", flat=True),
        *event.tags.values_list("name", flat=True),
        *session.formats.values_list("name", flat=True),
    ]
    assert len(names) >= 4
    words = Counter(written[event.pk].split())
    assert [name for name in names if not all(words[w] for w in index_text(name).split())] == []


@pytest.mark.django_db
def test_rows_inserted_without_the_orm_compiler_are_those_bulk_create_writes(
    tmp_path, monkeypatch, bulk_create_models
):
    """`lib.dbinsert.insert_rows` writes a first import's rows without the ORM's per-row
    compilation: the same rows, column by column, as `bulk_create` (generated pages and the
    corpus's, with their images, info fields, accesses, labels, places and sessions)."""
    from agenda.events import importing

    from .conftest import require_shared

    corpus = require_shared("corpus") / "numerique.gouv.fr" / "_evenements"
    write_generated(tmp_path, 24)
    fast = import_paths([tmp_path, corpus])
    assert bulk_create_models == []  # every row written by insert_rows and insert_values
    search.refresh_stale()
    written = snapshot()
    _wipe()

    monkeypatch.setattr(
        importing, "insert_rows", lambda model, objs: model.objects.bulk_create(objs)
    )
    for module in (importing, search):
        monkeypatch.setattr(
            module,
            "insert_values",
            lambda model, names, rows: model.objects.bulk_create(
                [model(**dict(zip(names, row, strict=True))) for row in rows]
            ),
        )
    orm = import_paths([tmp_path, corpus])
    assert {Event, importing.Session, importing.Session.formats.through, SearchEntry} <= set(
        bulk_create_models
    )
    search.refresh_stale()

    assert len(fast.imported) == len(orm.imported) >= 120
    assert [vars(p) for p in fast.failed] == [vars(p) for p in orm.failed]  # a slug conflict
    assert snapshot() == written
    filled = {name for name, rows in written.items() if rows}
    assert len(written["Session"]) > 200
    assert {"InfoField", "Place", "Event_tags", "Event_categories", "Session_formats"} <= filled


@pytest.mark.django_db
def test_an_import_collects_garbage_less_often_while_it_reads_and_puts_it_back(
    tmp_path, monkeypatch
):
    """The collector's thresholds are raised for the batch (`lib.gcbatch`) and restored after,
    even when the import fails; nothing stays frozen."""
    import gc

    write_generated(tmp_path, 3)
    before = gc.get_threshold()
    seen = []
    real_read = services.read_batch
    monkeypatch.setattr(
        services, "read_batch", lambda *a: seen.append(gc.get_threshold()) or real_read(*a)
    )
    report = import_paths([tmp_path])
    assert len(report.imported) == 3
    assert seen == [(20_000, 20, 100)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0

    monkeypatch.setattr(services, "read_batch", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        import_paths([tmp_path])
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
